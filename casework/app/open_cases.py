"""The open cases at one moment: the application's read model behind the board and "my cases".

The board (:meth:`casework.app.App.board`) and "my cases" summarise every open case. Reading
10,000 cases and their graphs for each web request costs several hundred milliseconds, far over
the 100 ms the board must answer in; so a :class:`Snapshot` holds the open cases with what the
listings need precomputed (step and body, labels in both languages, the responsible people),
sorted by due date. The labels are the application's (:meth:`casework.app.views.Views.step_label`):
the board names a step as the case page does.

Who keeps one: the web app keeps one long-lived :class:`CaseSnapshot` (in ``app.state``) and
passes what it holds to the board query; the CLI and the flows take a fresh read
(:func:`read_snapshot`), which is what the board query does when it is given none.

Freshness of a kept snapshot: a write made through the web app (an action, a new case, a
decision, a plan) makes the next request read the changes, so a person always sees their own
changes; a write from elsewhere (the CLI, the flows, another process) shows within
:attr:`CaseSnapshot.ttl` seconds. A refresh reads only the cases changed since the last one, not
all of them. While one request rebuilds a stale snapshot, the others keep answering from the old
one, so a burst of requests never rebuilds it twenty times. The case page itself never uses it:
it always reads the case from the store.

Who may see which case is decided by :func:`casework.domain.access.can_view_case`, asked
once per case and person for each snapshot and remembered with it.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from casework.domain import access
from casework.domain.events import format_instant, parse_instant
from casework.domain.workflow import CaseStatus, RouteRole, StepKind

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case
    from casework.domain.workflow import CaseGraph


@dataclass(frozen=True, slots=True)
class Entry:
    """One open case with what the listings show and filter on."""

    case: Case
    template_step: str  # the workflow's step id, e.g. politisk_behandling
    body: str | None
    labels: tuple[str, str]  # the step's label in Danish and English (with the body)
    titles: tuple[str, str]  # the step alone, in Danish and English
    responsible: tuple[str, ...]
    closed_item: bool
    #: The route position of the pass the case is at (a body the route meets again has several).
    position: int | None = None
    #: Where the case stands on the coordinator's flow by step (:data:`casework.app.flow.PHASES`).
    phase: str = "drafting"
    #: Whether the case's step is a meeting step (it waits for a meeting of ``body``).
    at_meeting: bool = False
    #: The meetings its recorded plan puts it on: (body, ISO day, route position), in plan order.
    plans: tuple[tuple[str, str, int | None], ...] = ()

    def label(self, lang: str) -> str:
        """The step's label in ``lang``."""
        return self.labels[1] if lang == "en" else self.labels[0]

    def title(self, lang: str) -> str:
        """The step's title alone (without the body) in ``lang``."""
        return self.titles[1] if lang == "en" else self.titles[0]


_T = TypeVar("_T")


def read_once(
    lock: threading.Lock,
    load: Callable[[], _T | None],
    fresh: Callable[[_T], bool],
    read: Callable[[_T | None], _T],
) -> _T:
    """What ``load`` gives, read again by ``read`` (which keeps it) when it is not ``fresh``:
    by one request thread at a time, while the others go on with the last one.

    Only while there is nothing yet do the others wait for the reading under way. Request
    threads share what is kept, and at 200 users every request arriving when a reading was due
    made one of its own (bench/web.py, issue 21).
    """
    current = load()
    if current is not None and fresh(current):
        return current
    if current is not None and not lock.acquire(blocking=False):
        return current  # someone is reading it: the last one will do meanwhile
    if current is None:
        lock.acquire()
    try:
        current = load()
        if current is None or not fresh(current):
            current = read(current)
        return current
    finally:
        lock.release()


@dataclass
class Snapshot:
    """The open cases at one moment, sorted by due date then id."""

    entries: tuple[Entry, ...]
    taken: float
    #: The newest ``updated_at`` seen: changes after it are what the next refresh reads.
    newest: str = ""
    #: person → case id → may see it; carried over to the next snapshot for unchanged cases.
    allowed: dict[str, dict[str, bool]] = field(default_factory=dict)
    _visible: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    #: Summaries of this snapshot (the unfiltered board and "my cases" per person and language).
    memo: dict[tuple[object, ...], Any] = field(default_factory=dict)

    def remember(self, key: tuple[object, ...], value: Any, *, most: int) -> None:
        """Keep ``value`` in :attr:`memo` under ``key``, with at most ``most`` entries of its
        kind (``key[0]``): at the limit the older half of them go.

        Request threads share the snapshot: the keys are copied before they are looked
        through (iterating the dict while another request added to it raised "dictionary
        changed size during iteration" with 200 users, bench/scale.py), and a racing pruner's
        delete is let pass.
        """
        kept = [k for k in list(self.memo) if k[0] == key[0]]
        if len(kept) >= most:
            for old in kept[: len(kept) // 2]:
                self.memo.pop(old, None)
        self.memo[key] = value

    def visible(self, services: App, person: str) -> tuple[Entry, ...]:
        """The entries ``person`` may see (worked out once per person and snapshot)."""
        found = self._visible.get(person)
        if found is None:
            municipality = services.config.municipality
            known = self.allowed.setdefault(person, {})
            shown = []
            for entry in self.entries:
                ok = known.get(entry.case.id)
                if ok is None:
                    ok = known[entry.case.id] = access.can_view_case(
                        municipality, person, entry.case
                    )
                if ok:
                    shown.append(entry)
            found = self._visible[person] = tuple(shown)
        return found


@dataclass
class CaseSnapshot:
    """Keeps the :class:`Snapshot` of one app's services fresh enough.

    A refresh reads only what changed: the store lists cases newest change first, so it reads
    pages until it passes the newest change it knew (less :data:`MARGIN`, for writers whose
    commits land out of order). Only when too much changed does it read everything again.
    """

    services: App
    ttl: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _current: Snapshot | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    #: Re-read the changes of this many seconds before the newest one seen.
    MARGIN: ClassVar[dt.timedelta] = dt.timedelta(seconds=30)
    #: Changes read page by page, at most this many before a full read is cheaper.
    PAGE: ClassVar[int] = 100
    MAX_CHANGES: ClassVar[int] = 5_000

    def get(self) -> Snapshot:
        """The snapshot; refreshed when stale, unless another request is refreshing it."""
        return read_once(
            self._lock,
            lambda: self._current,
            lambda current: self.clock() - current.taken < self.ttl,
            self._keep,
        )

    def _keep(self, old: Snapshot | None) -> Snapshot:
        self._current = self._refresh(old)
        return self._current

    def invalidate(self) -> None:
        """Make the next request read the changes (a write went through this app)."""
        current = self._current
        if current is not None:
            current.taken = float("-inf")

    def _refresh(self, old: Snapshot | None) -> Snapshot:
        from casework.app import CaseQuery

        taken = self.clock()
        if old is None or not old.newest:
            return self._build(self.services.cases(CaseQuery(limit=1_000_000)), taken)
        cutoff = format_instant(parse_instant(old.newest) - self.MARGIN)
        changed: dict[str, Case] = {}
        offset = 0
        while True:
            page = self.services.cases(CaseQuery(status=None, limit=self.PAGE, offset=offset))
            changed.update((c.id, c) for c in page if c.updated_at >= cutoff)
            if len(page) < self.PAGE or page[-1].updated_at < cutoff:
                break
            offset += self.PAGE
            if offset >= self.MAX_CHANGES:
                return self._build(self.services.cases(CaseQuery(limit=1_000_000)), taken)
        known = {e.case.id: e.case.version for e in old.entries}
        changed = {
            case_id: case
            for case_id, case in changed.items()
            if known.get(case_id, -1) != case.version
            and (case_id in known or case.status is CaseStatus.OPEN)
        }
        if not changed:  # the usual case: keep the snapshot and what was worked out from it
            old.taken = taken
            return old
        kept = {e.case.id: e for e in old.entries if e.case.id not in changed}
        for case in changed.values():
            if case.status is CaseStatus.OPEN:
                kept[case.id] = self._entry(case)
        allowed = {
            person: {k: v for k, v in known.items() if k not in changed}
            for person, known in old.allowed.items()
        }
        newest = max([old.newest, *(c.updated_at for c in changed.values())])
        return Snapshot(_sorted(kept.values()), taken, newest, allowed)

    def _build(self, cases: Iterable[Case], taken: float) -> Snapshot:
        # A full read makes some 10^5 objects that live until the next full read. Frozen, the
        # cyclic garbage collector stops scanning them, which otherwise costs full collections
        # of 100 ms and more in the middle of requests (the earlier snapshot is unfrozen first,
        # so it can be collected).
        gc.unfreeze()
        entries = [self._entry(case) for case in cases]
        newest = max((e.case.updated_at for e in entries), default="")
        snapshot = Snapshot(_sorted(entries), taken, newest)
        gc.collect()
        gc.freeze()
        return snapshot

    def _entry(self, case: Case) -> Entry:
        from casework.domain.case import responsible_people

        app = self.services
        graph = app.graph(case)
        node = graph.steps[case.step]
        label = app.views.step_label
        return Entry(
            case=case,
            template_step=node.step.id,
            body=node.body,
            labels=(label(graph, case.step, "da"), label(graph, case.step, "en")),
            titles=(node.step.label("da"), node.step.label("en")),
            responsible=tuple(responsible_people(case, graph, app.config.municipality)),
            closed_item=access.is_closed_item(case),
            position=node.position,
            phase=phase_of(graph, case.step),
            at_meeting=node.step.kind is StepKind.MEETING and node.body is not None,
            plans=planned_meetings(case, graph),
        )


def read_snapshot(services: App) -> Snapshot:
    """A snapshot read from the store now, for a caller that keeps none (the CLI, the flows, a
    web app without a kept snapshot); nobody keeps it."""
    from casework.app import CaseQuery

    keeper = CaseSnapshot(services)
    cases = services.cases(CaseQuery(limit=1_000_000))
    return Snapshot(_sorted(keeper._entry(case) for case in cases), keeper.clock())


def _sorted(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.case.due or "9999-99-99", e.case.id)))


def phase_of(graph: CaseGraph, step: str) -> str:
    """Where concrete ``step`` lies on the flow from drafting to execution.

    A meeting step is ``booked`` (the case waits for a meeting that recommends or decides) or
    ``decided`` (a meeting that is only informed); any other step after the workflow's first
    meeting step is ``executing``; before it, a step of the secretariat is ``secretariat``, an
    approval ``approvals``, and the rest (tasks, hearings, waits) ``drafting``.
    """
    node = graph.steps[step]
    template = node.step
    if template.kind is StepKind.MEETING:
        roles = template.route_roles
        return "decided" if roles and roles <= {RouteRole.INFORMED} else "booked"
    order = list(graph.definition.steps)
    meetings = [
        i for i, s in enumerate(graph.definition.steps.values()) if s.kind is StepKind.MEETING
    ]
    here = order.index(template.id) if template.id in order else 0
    if meetings and here > meetings[0]:
        return "executing"
    if template.role == "sekretariat":
        return "secretariat"
    if template.kind is StepKind.APPROVAL:
        return "approvals"
    return "drafting"


def planned_meetings(case: Case, graph: CaseGraph) -> tuple[tuple[str, str, int | None], ...]:
    """(body, ISO day, route position) of each meeting the case's recorded plan puts it on."""
    found = []
    for step_id, due in case.planned.items():
        node = graph.steps.get(step_id)
        if node is not None and node.body is not None and node.step.kind is StepKind.MEETING:
            found.append((node.body, due[:10], node.position))
    return tuple(found)
