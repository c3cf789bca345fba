"""The in-process bus: committed events go to their handlers after commit, through an outbox.

A use case appends events to its cases. The unit of work the bus hands out (:meth:`Bus.uow`)
notes them as the repository writes them and, at commit, writes one outbox row per (event,
subscribed handler) in the same transaction; a rolled-back unit of work writes none, so nobody
hears of a change that did not happen. When the ``with`` block is left, the bus runs each
handler in a unit of work of its own and marks its row done in that same transaction, so a
handler's effect happens once per row even when two dispatchers race. A handler that raises
leaves its row pending with the error text, the attempt count and a backoff: :meth:`Bus.pending`
shows it, :meth:`Bus.dispatch_pending` retries it. Nothing is swallowed.

A subscription without a handler is a *feed*: its rows are written done, and their ids order
the changes for a consumer that reads them later with a watermark (:func:`changed_cases`).
Handlers get the stored event and a unit of work to write in; they do not commit.

A meeting's events (:class:`~casework.domain.meeting_events.MeetingEvent`) reach only the feeds
subscribed with ``meetings=True``, their rows keyed by the meeting (``tmu/2026-04-13``): the
publication of a meeting's minutes is such a feed, read by the run that publishes the protocol
(:func:`feed_changes`).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casework.domain.case import Case
from casework.domain.events import CaseEvent, format_instant
from casework.domain.meeting_events import MeetingEvent
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.dispatch import Dispatch, DispatchOutbox

#: A follow-up: it reads the event, writes through the unit of work, and raises on failure.
Handler = Callable[[UnitOfWork, CaseEvent], None]

#: What a unit of work notes as it writes: a case's events, and a meeting's.
Noted = CaseEvent | MeetingEvent

#: The feed of every changed case (every committed event), for consumers such as schedule-runs.
CASE_CHANGED = "cases.changed"

#: After the n-th failure the next attempt waits FIRST_RETRY * 2**(n-1), at most MAX_RETRY_WAIT;
#: after MAX_ATTEMPTS failures the row is given up (left pending and listed, not retried).
FIRST_RETRY = dt.timedelta(minutes=1)
MAX_RETRY_WAIT = dt.timedelta(hours=6)
MAX_ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class Subscription:
    """A handler (or a feed, when ``handle`` is None) registered for some event kinds."""

    name: str
    handle: Handler | None
    kinds: frozenset[str] = frozenset()  # empty: every kind
    when: Callable[[CaseEvent], bool] | None = None
    #: A feed of meetings' events instead of cases' (feeds only: no handler runs on them).
    meetings: bool = False

    def wants(self, event: Noted) -> bool:
        """Whether ``event`` gets a row for this subscription."""
        if isinstance(event, MeetingEvent) != self.meetings:
            return False
        if self.kinds and str(event.kind) not in self.kinds:
            return False
        return self.when is None or isinstance(event, MeetingEvent) or self.when(event)


@dataclass(slots=True)
class DispatchReport:
    """What a dispatch did: rows done, rows that failed (left pending), rows done elsewhere."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Stable keys for logs and ``--json``."""
        return {"done": self.done, "failed": self.failed, "skipped": self.skipped,
                "errors": list(self.errors)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ChangedCases:
    """The cases a feed consumer has to look at, and the position to store once it has.

    ``full`` is True on a consumer's first run: without a watermark every case is listed.
    """

    case_ids: tuple[str, ...]
    position: int
    full: bool


class Bus:
    """Subscriptions and the after-commit dispatch over one store.

    Args:
        uow_factory: units of work on the store; each must carry ``dispatches``
            (:class:`~casework.services.ports.dispatch.DispatchOutbox`).
        clock: for the rows' instants and the backoff.
    """

    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.inner = unwrap(uow_factory)
        self.clock = clock
        self._subscriptions: dict[str, Subscription] = {}
        self._queue: deque[tuple[CaseEvent, str]] = deque()
        self._draining = False
        self._touched: set[str] = set()

    def subscribe(
        self,
        name: str,
        handle: Handler | None,
        *kinds: str,
        when: Callable[[CaseEvent], bool] | None = None,
        meetings: bool = False,
    ) -> None:
        """Give ``handle`` every committed event of ``kinds`` (all kinds if none) that ``when``
        accepts; ``handle=None`` makes ``name`` a feed. ``name`` is stored in each row: keep it.
        ``meetings`` subscribes a feed to meetings' events instead of cases'."""
        if name in self._subscriptions:
            raise ValueError(f"a handler named {name!r} is already subscribed")
        if meetings and handle is not None:
            raise ValueError("meetings' events feed a consumer; no handler runs on them")
        self._subscriptions[name] = Subscription(name, handle, frozenset(kinds), when, meetings)

    def uow(self) -> UnitOfWork:
        """A unit of work whose committed events are dispatched when its block is left."""
        from casework.services.tracking import TrackedUnitOfWork

        return TrackedUnitOfWork(self, self.inner())

    def pending(self, limit: int = 100) -> list[Dispatch]:
        """Rows not done yet: waiting, failing (with their error) or given up; oldest first."""
        with self.inner() as uow:
            return outbox_of(uow).pending(limit)

    def dispatch_pending(self, limit: int = 500) -> DispatchReport:
        """Run the handlers of rows that are due: never run (the process died after commit) or
        failed and waiting for their next attempt."""
        now = format_instant(self.clock.now())
        with self.inner() as uow:
            rows = outbox_of(uow).due(now, limit)
            histories = {cid: uow.cases.events(cid) for cid in {r.case_id for r in rows}}
        report = DispatchReport()
        for row in rows:
            event = next((e for e in histories[row.case_id] if e.seq == row.seq), None)
            if event is None:
                self._fail(row, f"event {row.case_id}#{row.seq} not found", report)
                continue
            self._queue.append((event, row.handler))
        self._drain(report)
        return report

    def settled(self, case: Case) -> Case:
        """``case`` as stored, if a handler has written to it since the caller got it; so a use
        case returns the case with its follow-ups (a re-plan) as one synchronous call did."""
        if case.id not in self._touched:
            return case
        self._touched.discard(case.id)
        with self.inner() as uow:
            return uow.cases.find(case.id) or case

    # ------------------------------------------------------------------ inside the bus
    def rows(self, events: Sequence[Noted]) -> list[tuple[Noted, Subscription]]:
        """Each event with each subscription that wants it: the rows a commit writes."""
        return [(e, s) for e in events for s in self._subscriptions.values() if s.wants(e)]

    def committed(self, items: Sequence[tuple[CaseEvent, str]]) -> None:
        """Dispatch what a unit of work committed (called when its block is left)."""
        self._queue.extend(items)
        self._drain(DispatchReport())

    def _drain(self, report: DispatchReport) -> None:
        # A handler's own events are queued by its unit of work while this loop runs; the
        # outermost caller works the queue, so follow-ups of follow-ups do not recurse.
        if self._draining:
            return
        self._draining = True
        try:
            while self._queue:
                self._run(*self._queue.popleft(), report)
        finally:
            self._draining = False

    def _run(self, event: CaseEvent, name: str, report: DispatchReport) -> None:
        subscription = self._subscriptions.get(name)
        with self.uow() as uow:
            outbox = outbox_of(uow)
            row = outbox.find(event.case_id, event.seq, name)
            if row is None or row.done_at is not None:
                report.skipped += 1
                return
            if subscription is None or subscription.handle is None:
                error = f"no handler named {name!r} is subscribed"
            elif not outbox.claim(row.id, format_instant(self.clock.now())):
                report.skipped += 1
                return
            else:
                try:
                    subscription.handle(uow, event)
                    uow.commit()
                except Exception as exc:  # recorded on the row and retried, never dropped
                    uow.rollback()
                    error = describe(exc)
                else:
                    report.done += 1
                    self._touched.add(event.case_id)
                    return
        self._fail(row, error, report)

    def _fail(self, row: Dispatch, error: str, report: DispatchReport) -> None:
        attempts = row.attempts + 1
        retry = None
        if attempts < MAX_ATTEMPTS:
            wait = min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY_WAIT)
            retry = format_instant(self.clock.now() + wait)
        with self.inner() as uow:
            outbox_of(uow).record_failure(row.id, error, retry)
            uow.commit()
        report.failed += 1
        report.errors.append(f"{row.handler} {row.case_id}#{row.seq}: {error}")


def subject_of(event: Noted) -> str:
    """The id an event's rows are kept under: its case's id, or its meeting's key."""
    return event.key if isinstance(event, MeetingEvent) else event.case_id


def feed_changes(
    uow_factory: Callable[[], UnitOfWork], feed: str, consumer: str, *, limit: int = 10_000
) -> tuple[tuple[str, ...], int]:
    """The subjects (case ids or meeting keys) of ``feed``'s rows since ``consumer`` last read
    it (every row on its first read), once each in order, and the position to store with
    :func:`move_cursor` once they are processed."""
    with uow_factory() as uow:
        outbox = outbox_of(uow)
        after = outbox.cursor(consumer) or 0
        rows = outbox.changes(feed, after, limit)
    subjects = tuple(dict.fromkeys(subject for _, subject in rows))
    return subjects, rows[-1][0] if rows else after


def describe(exc: BaseException) -> str:
    """An error as the text kept on its row: a casework error's code and message, else its type."""
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None)
    if code is not None and callable(message):
        return f"{code}: {message('en')}"
    return f"{type(exc).__name__}: {exc}"


def outbox_of(uow: UnitOfWork) -> DispatchOutbox:
    """The unit of work's outbox; a store without one cannot carry the bus."""
    outbox: DispatchOutbox | None = getattr(uow, "dispatches", None)
    if outbox is None:
        raise TypeError(f"{type(uow).__name__} has no dispatch outbox ('dispatches')")
    return outbox


def unwrap(uow_factory: Callable[[], UnitOfWork]) -> Callable[[], UnitOfWork]:
    """The plain factory under a bus's :meth:`Bus.uow` (so an App copied with
    ``dataclasses.replace`` does not stack a second bus on the first)."""
    owner = getattr(uow_factory, "__self__", None)
    return owner.inner if isinstance(owner, Bus) else uow_factory


def changed_cases(
    uow_factory: Callable[[], UnitOfWork], consumer: str, *, limit: int = 100_000
) -> ChangedCases:
    """The cases changed since ``consumer`` last read the :data:`CASE_CHANGED` feed.

    Without a watermark (the first run) every case is listed, with the feed's current end as
    the position, so changes made while the caller works are read next time. Store the position
    with :func:`move_cursor` once the cases are processed; a failed run then reads them again.

    Row ids are the order: on SQLite writers take turns, so ids commit in order. On PostgreSQL
    a transaction that took an id and commits after a higher id was read is not seen by this
    feed; the consumers it serves must tolerate that (the deadline sweep sends every due
    reminder whether or not its one-off run was scheduled).
    """
    with uow_factory() as uow:
        outbox = outbox_of(uow)
        after = outbox.cursor(consumer)
        if after is None:
            position = outbox.last_id()
            return ChangedCases(tuple(sorted(uow.cases.ids())), position, full=True)
        rows = outbox.changes(CASE_CHANGED, after, limit)
    ids = tuple(dict.fromkeys(case_id for _, case_id in rows))
    return ChangedCases(ids, rows[-1][0] if rows else after, full=False)


def move_cursor(
    uow_factory: Callable[[], UnitOfWork], clock: Clock, consumer: str, position: int
) -> None:
    """Store that ``consumer`` has processed the feed up to ``position``."""
    with uow_factory() as uow:
        outbox_of(uow).move_cursor(consumer, position, format_instant(clock.now()))
        uow.commit()


__all__ = [
    "CASE_CHANGED",
    "Bus",
    "ChangedCases",
    "DispatchReport",
    "Handler",
    "Subscription",
    "changed_cases",
    "feed_changes",
    "move_cursor",
    "outbox_of",
    "subject_of",
    "unwrap",
]
