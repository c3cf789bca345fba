"""The coordinator's flow over time: cumulative flow, throughput per week, and the route map
of the open cases with their counts and waiting times at each step.

One query (:meth:`casework.app.App.flow_history`) that the board's "Flow over tid" page, the
JSON API (``GET /api/board/history``) and ``casework board --by time`` render. It holds counts
and step titles only — no case titles — so a closed item (KSL § 10) is a number in a band like
any other case.

The weeks are counted from every case's history (read in bulk, two scans); the route map from
the open cases (the snapshot the board reads), afresh on every call. The weeks are kept for
:data:`HISTORY_TTL` seconds per filter when the caller passes a kept snapshot (the web app), so
a page polling every few seconds reads the histories once a minute.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.domain.errors import CaseworkError
from casework.domain.flow_history import BAND_TEXT, BANDS, FlowWeek, Timeline, flow_weeks
from casework.domain.workflow import CaseStatus

if TYPE_CHECKING:
    from casework.app.board import BoardFilters
    from casework.app.core import App
    from casework.app.open_cases import Snapshot
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent
    from casework.domain.workflow import CaseGraph

#: Seconds a built view is reused (the histories change slowly; the open cases' map is cheap).
HISTORY_TTL = 60.0
#: Weeks shown by default.
WEEKS = 12


@dataclass(frozen=True, slots=True)
class StepLoad:
    """One step of a workflow with the open cases at it now."""

    workflow: str
    workflow_title: str
    step: str
    title: str
    order: int  # the step's place in its workflow
    count: int
    overdue: int
    median_wait: float | None  # working days at the step
    longest_wait: int | None

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {
            "workflow": self.workflow,
            "workflow_title": self.workflow_title,
            "step": self.step,
            "title": self.title,
            "count": self.count,
            "overdue": self.overdue,
            "median_wait_workdays": self.median_wait,
            "longest_wait_workdays": self.longest_wait,
        }


@dataclass(frozen=True, slots=True)
class FlowHistoryView:
    """The flow over the last weeks and the open cases' route map."""

    lang: str
    today: dt.date
    weeks: tuple[FlowWeek, ...]
    steps: tuple[StepLoad, ...]

    @property
    def bands(self) -> tuple[tuple[str, str], ...]:
        """(band, title) bottom to top."""
        return tuple((b, BAND_TEXT[b][1 if self.lang == "en" else 0]) for b in BANDS)

    @property
    def workflows(self) -> tuple[tuple[str, str, tuple[StepLoad, ...]], ...]:
        """(workflow, title, its steps in order) for the route map."""
        grouped: dict[str, list[StepLoad]] = defaultdict(list)
        for load in self.steps:
            grouped[load.workflow].append(load)
        return tuple(
            (wid, loads[0].workflow_title, tuple(sorted(loads, key=lambda s: s.order)))
            for wid, loads in sorted(grouped.items())
        )

    @property
    def throughput(self) -> float:
        """Cases finished per week, averaged over the weeks shown."""
        return sum(w.finished for w in self.weeks) / len(self.weeks) if self.weeks else 0.0

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {
            "today": self.today.isoformat(),
            "bands": [b for b, _ in self.bands],
            "weeks": [w.as_json() for w in self.weeks],
            "throughput_per_week": round(self.throughput, 2),
            "steps": [s.as_json() for s in self.steps],
        }


_kept: dict[tuple[Any, ...], tuple[float, tuple[FlowWeek, ...]]] = {}
_lock = threading.Lock()


def flow_history(
    app: App,
    lang: str,
    *,
    filters: BoardFilters,
    weeks: int = WEEKS,
    open_cases: Snapshot | None = None,
) -> FlowHistoryView:
    """The flow over time (see :meth:`casework.app.App.flow_history`)."""
    from casework.app.open_cases import read_snapshot

    today = app.clock.today()
    key = (id(app), filters.centre, filters.workflow, weeks, today)
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
    if found is not None and now - found[0] < HISTORY_TTL and open_cases is not None:
        counted = found[1]
    else:
        counted = flow_weeks(_timelines(app, _histories(app), filters), today, weeks)
        with _lock:
            if len(_kept) > 64:
                _kept.clear()
            _kept[key] = (now, counted)
    # The route map is counted afresh from the snapshot every time: it is what moves.
    snapshot = open_cases if open_cases is not None else read_snapshot(app)
    return FlowHistoryView(
        lang=lang,
        today=today,
        weeks=counted,
        steps=_step_loads(app, snapshot, lang, today, filters),
    )


def _histories(app: App) -> Iterator[tuple[Case, Sequence[CaseEvent]]]:
    """Every case with its events: in bulk from the database, or through the ports."""
    if app.settings is None:  # a store without a database (tests)
        from casework.services.history_export import case_histories

        yield from case_histories((app.reader_factory or app.uow_factory)())
        return
    from casework.adapters.oparl.store import all_histories
    from casework.adapters.sql.engine import connect, make_engine

    engine = make_engine(app.settings.url)
    try:
        with connect(engine) as connection:
            yield from all_histories(connection)
    finally:
        engine.dispose()


def _timelines(
    app: App, histories: Iterable[tuple[Case, Sequence[CaseEvent]]], filters: BoardFilters
) -> Iterator[Timeline]:
    """Each case's phases with the instants it entered them (see the domain module)."""
    from casework.domain.case import entered_step

    graphs: dict[tuple[str, int, str], CaseGraph | None] = {}
    for case, events in histories:
        if filters.centre and case.centre != filters.centre:
            continue
        if filters.workflow and case.workflow_id != filters.workflow:
            continue
        key = (case.workflow_id, case.workflow_version, repr(case.route))
        if key not in graphs:
            try:
                graphs[key] = app.graph(case)
            except CaseworkError:  # an imported or retired workflow: phases unknown
                graphs[key] = None
        graph = graphs[key]
        timeline: list[tuple[str, str]] = []
        for event in events:
            step = entered_step(event)
            if step is None:
                continue
            phase = _phase(graph, step)
            if not timeline or timeline[-1][0] != phase:
                timeline.append((phase, event.at))
        if case.status is not CaseStatus.OPEN and timeline and timeline[-1][0] != "done":
            timeline.append(("done", case.updated_at))  # ended without a terminal step
        if timeline:
            yield timeline


def _phase(graph: CaseGraph | None, step: str) -> str:
    """The band of concrete ``step``: done at a terminal step, else its phase on the board."""
    from casework.app.open_cases import phase_of

    if graph is None or step not in graph.steps:
        return "drafting"
    return "done" if graph.is_terminal(step) else phase_of(graph, step)


def _step_loads(
    app: App, snapshot: Snapshot, lang: str, today: dt.date, filters: BoardFilters
) -> tuple[StepLoad, ...]:
    from casework.app.flow import Workdays

    workdays = Workdays(app, today)
    iso = today.isoformat()
    ages: dict[tuple[str, str], list[int]] = defaultdict(list)
    overdue: dict[tuple[str, str], int] = defaultdict(int)
    titles: dict[tuple[str, str], str] = {}
    for entry in snapshot.entries:
        case = entry.case
        if filters.centre and case.centre != filters.centre:
            continue
        if filters.workflow and case.workflow_id != filters.workflow:
            continue
        key = (case.workflow_id, entry.template_step)
        entered = dt.date.fromisoformat(case.step_entered_at[:10])
        ages[key].append(max(0, -workdays.until(entered)))
        overdue[key] += bool(case.due and case.due[:10] < iso)
        titles.setdefault(key, entry.title(lang))
    loads = []
    for wid in sorted({w for w, _ in ages}):
        definition = app.config.workflows.get(wid)
        if definition is None:  # a retired or imported workflow: only the steps cases are at
            steps = [(s, titles[(w, s)]) for w, s in ages if w == wid]
            wtitle = wid
        else:
            # Every step of the route, the empty ones too: the map shows where the flow is not.
            steps = [
                (sid, titles.get((wid, sid)) or step.label(lang))
                for sid, step in definition.steps.items()
                if not step.is_terminal
            ]
            known = definition.steps
            steps += [(s, titles[(w, s)]) for w, s in ages if w == wid and s not in known]
            wtitle = (definition.title_en or definition.title) if lang == "en" else definition.title
        for order, (sid, title) in enumerate(steps):
            waits = ages.get((wid, sid), [])
            loads.append(
                StepLoad(
                    workflow=wid,
                    workflow_title=wtitle,
                    step=sid,
                    title=title,
                    order=order,
                    count=len(waits),
                    overdue=overdue.get((wid, sid), 0),
                    median_wait=float(statistics.median(waits)) if waits else None,
                    longest_wait=max(waits) if waits else None,
                )
            )
    return tuple(sorted(loads, key=lambda s: (s.workflow, s.order, s.step)))
