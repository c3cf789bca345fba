"""Test doubles shipped with casework: an in-memory unit of work, a fixed clock, and an
in-memory reminder outbox with a recording notification channel.

A municipality can test its own YAML against these without a database; casework's own unit tests
use them, and one contract suite runs against both these fakes and the SQL store.
"""

from __future__ import annotations

import builtins
import copy
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Self, TypeVar

from casework.domain.case import Case
from casework.domain.errors import ConcurrentUpdate, NotFound, WorkflowChanged
from casework.domain.events import CaseEvent, canonical_json, format_instant
from casework.domain.meeting_errors import MeetingChanged
from casework.domain.meeting_events import MeetingEvent, meeting_key
from casework.domain.meeting_record import MeetingRecord, record_from_row
from casework.domain.reminders import CurrentState, NotificationFailed
from casework.domain.workflow import CaseStatus, WorkflowDefinition, split_step_id
from casework.services.ports import (
    CaseQuery,
    DeadlineRow,
    OutboxMessage,
    Recipient,
    ReminderRun,
    StoredWorkflow,
)
from casework.services.ports.dispatch import Dispatch


@dataclass
class FixedClock:
    """A clock that says what it is told; :meth:`advance` moves it on."""

    instant: dt.datetime = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        """The fixed instant."""
        return self.instant

    def today(self) -> dt.date:
        """The fixed instant's date (UTC and Copenhagen agree during office hours)."""
        return self.instant.date()

    def advance(self, **delta: float) -> None:
        """Move the clock on by ``timedelta(**delta)``."""
        self.instant += dt.timedelta(**delta)


#: A meeting's row: body, date, state, version, head hash, updated at, moved to, data.
_MeetingRow = tuple[str, str, str, int, str, str | None, str | None, str]


@dataclass
class _Store:
    cases: dict[str, Case] = field(default_factory=dict)
    events: dict[str, list[CaseEvent]] = field(default_factory=dict)
    keys: dict[str, CaseEvent] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)
    workflows: dict[tuple[str, int], WorkflowDefinition] = field(default_factory=dict)
    #: The bus's outbox rows (row id = index + 1) and the feed consumers' cursors.
    dispatches: list[Dispatch] = field(default_factory=list)
    cursors: dict[str, int] = field(default_factory=dict)
    #: Meetings' records (as their row's columns) and events, by (body, ISO date).
    meetings: dict[tuple[str, str], _MeetingRow] = field(default_factory=dict)
    meeting_events: dict[tuple[str, str], list[MeetingEvent]] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict[int, object]) -> _Store:
        # Definitions are immutable (and hold read-only mappings deepcopy cannot copy): share them.
        return _Store(
            cases=copy.deepcopy(self.cases, memo),
            events=copy.deepcopy(self.events, memo),
            keys=copy.deepcopy(self.keys, memo),
            counters=dict(self.counters),
            workflows=dict(self.workflows),
            dispatches=list(self.dispatches),  # rows are frozen: a new list is a copy
            cursors=dict(self.cursors),
            meetings=dict(self.meetings),  # rows are tuples of text and numbers: immutable
            meeting_events={k: list(v) for k, v in self.meeting_events.items()},
        )


def _stored(case: Case) -> Case:
    # Keep a detached copy, as a database row is: later changes to the caller's object must
    # not leak into the store.
    return replace(case, attributes=copy.deepcopy(case.attributes), pending=[])


class InMemoryCaseRepository:
    """Cases in dictionaries, with the same semantics as the SQL repository."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    def get(self, case_id: str) -> Case:
        case = self.find(case_id)
        if case is None:
            raise NotFound(case_id=case_id)
        return case

    def find(self, case_id: str) -> Case | None:
        case = self._store.cases.get(case_id)
        return _stored(case) if case is not None else None

    def add(self, case: Case) -> None:
        if case.id in self._store.cases:
            raise ConcurrentUpdate(case_id=case.id, expected=0, actual=case.version)
        self._store.cases[case.id] = _stored(case)
        self._insert_events(case)

    def save(self, case: Case, expected_version: int) -> None:
        current = self._store.cases.get(case.id)
        if current is None:
            raise NotFound(case_id=case.id)
        if current.version != expected_version:
            raise ConcurrentUpdate(
                case_id=case.id, expected=expected_version, actual=current.version
            )
        self._store.cases[case.id] = _stored(case)
        self._insert_events(case)

    def _insert_events(self, case: Case) -> None:
        for event in case.pending:
            if event.idempotency_key is not None:
                if event.idempotency_key in self._store.keys:
                    raise ConcurrentUpdate(
                        case_id=case.id, expected=event.seq - 1, actual=event.seq
                    )
                self._store.keys[event.idempotency_key] = event
            self._store.events.setdefault(case.id, []).append(event)
        case.pending.clear()

    def events(self, case_id: str) -> list[CaseEvent]:
        return sorted(self._store.events.get(case_id, []), key=lambda e: e.seq)

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        return self._store.keys.get(idempotency_key)

    def next_number(self, year: int) -> int:
        self._store.counters[year] = self._store.counters.get(year, 0) + 1
        return self._store.counters[year]

    def list(self, query: CaseQuery) -> list[Case]:
        def matches(c: Case) -> bool:
            return (
                (query.status is None or c.status is query.status)
                and (query.owner is None or c.owner == query.owner)
                and (query.centre is None or c.centre == query.centre)
                and (query.workflow is None or c.workflow_id == query.workflow)
                and (query.step is None or split_step_id(c.step)[0] == query.step)
            )

        found = sorted(
            (c for c in self._store.cases.values() if matches(c)),
            key=lambda c: (c.updated_at, c.id),
            reverse=True,
        )
        return [_stored(c) for c in found[query.offset : query.offset + query.limit]]

    def urgent(self, limit: int) -> builtins.list[Case]:
        open_cases = [c for c in self._store.cases.values() if c.status is CaseStatus.OPEN]
        with_due = sorted((c for c in open_cases if c.due), key=lambda c: (c.due or "", c.id))
        without = sorted((c for c in open_cases if not c.due), key=lambda c: (c.opened_at, c.id))
        return [_stored(c) for c in (with_due + without)[:limit]]

    def ids(self) -> Iterator[str]:
        return iter(sorted(set(self._store.cases) | set(self._store.events)))

    def row_differences(self, case: Case) -> builtins.list[str]:
        return []  # the cases are kept as they are, not as rows


class InMemoryMeetingRepository:
    """Meetings' records in dictionaries, with the SQL repository's rules.

    A record is kept as its row's columns, as the database keeps it, so that what is read back
    is the row's fold and not the caller's object.
    """

    def __init__(self, store: _Store) -> None:
        self._store = store

    def find(self, body: str, day: dt.date) -> MeetingRecord | None:
        row = self._store.meetings.get((body, day.isoformat()))
        return record_from_row(*row) if row is not None else None

    def save(self, record: MeetingRecord, expected_version: int) -> None:
        key = (record.body, record.date.isoformat())
        current = self._store.meetings.get(key)
        version = current[3] if current is not None else 0
        if (current is None) != (expected_version == 0) or version != expected_version:
            raise MeetingChanged(
                meeting=meeting_key(*key), expected=expected_version, actual=version
            )
        self._store.meetings[key] = (
            record.body, key[1], record.state.value, record.version, record.head_hash,
            record.updated_at, record.moved_to, record.data_json(),
        )  # fmt: skip
        self._store.meeting_events.setdefault(key, []).extend(record.pending)
        record.pending.clear()

    def events(self, body: str, day: dt.date) -> list[MeetingEvent]:
        return sorted(self._store.meeting_events.get((body, day.isoformat()), []),
                      key=lambda e: e.seq)  # fmt: skip

    def ids(self) -> Iterator[tuple[str, dt.date]]:
        found = set(self._store.meetings) | set(self._store.meeting_events)
        return iter(sorted((body, dt.date.fromisoformat(day)) for body, day in found))

    def list(self, body: str | None = None) -> list[MeetingRecord]:
        found = [self.find(b, d) for b, d in self.ids() if body is None or b == body]
        return sorted((r for r in found if r is not None), key=lambda r: (r.date, r.body))

    def row_differences(self, record: MeetingRecord) -> builtins.list[str]:
        return []  # the rows here are what the store wrote, field by field


class InMemoryWorkflowRepository:
    """Pinned workflow versions in a dictionary, with the SQL repository's rules."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    def register(self, definition: WorkflowDefinition, at: str) -> None:
        if definition.snapshot is None:
            return
        key = (definition.id, definition.version)
        stored = self._store.workflows.get(key)
        if stored is not None and stored.fingerprint != definition.fingerprint:
            pinned = sum(
                (c.workflow_id, c.workflow_version) == key for c in self._store.cases.values()
            )
            if pinned:
                raise WorkflowChanged(
                    workflow=definition.id,
                    version=definition.version,
                    cases=pinned,
                    file=definition.source or definition.id,
                )
        self._store.workflows[key] = definition

    def get(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        return self._store.workflows.get((workflow_id, version))

    def stored(self) -> list[StoredWorkflow]:
        pinned = Counter((c.workflow_id, c.workflow_version) for c in self._store.cases.values())
        found = []
        for key in sorted(set(self._store.workflows) | set(pinned)):
            kept = self._store.workflows.get(key)
            snapshot = (kept.fingerprint, kept.snapshot) if kept is not None else (None, None)
            found.append(StoredWorkflow(*key, *snapshot, cases=pinned[key]))
        return found


class InMemoryUnitOfWork:
    """A unit of work over dictionaries; changes vanish unless committed."""

    def __init__(self) -> None:
        self._committed_store = _Store()
        self.committed = 0
        self.cases = InMemoryCaseRepository(self._committed_store)
        self.workflows = InMemoryWorkflowRepository(self._committed_store)
        self.dispatches = InMemoryDispatchOutbox(self._committed_store)
        self.meetings = InMemoryMeetingRepository(self._committed_store)

    def __enter__(self) -> Self:
        self._work = copy.deepcopy(self._committed_store)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)
        self.meetings = InMemoryMeetingRepository(self._work)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cases = InMemoryCaseRepository(self._committed_store)
        self.workflows = InMemoryWorkflowRepository(self._committed_store)
        self.dispatches = InMemoryDispatchOutbox(self._committed_store)
        self.meetings = InMemoryMeetingRepository(self._committed_store)

    def commit(self) -> None:
        self._committed_store = self._work
        self._work = copy.deepcopy(self._work)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)
        self.meetings = InMemoryMeetingRepository(self._work)
        self.committed += 1

    def rollback(self) -> None:
        self._work = copy.deepcopy(self._committed_store)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)
        self.meetings = InMemoryMeetingRepository(self._work)

    @property
    def store(self) -> _Store:
        """The committed data (tests use it to tamper with events)."""
        return self._committed_store


_T = TypeVar("_T")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now (for servers under test)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(predicate: Callable[[], _T], timeout: float, what: str) -> _T:
    """Poll ``predicate`` every half second until it returns something true, and return that;
    an exception counts as "not yet". Fails with ``what`` and the last error after ``timeout``."""
    import time

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception as exc:  # not up yet; the last error is reported
            last = exc
        else:
            if value:
                return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what} (last error: {last})")


# --- Issue 12.4: the bus's outbox, in memory -----------------------------------------------------


class InMemoryDispatchOutbox:
    """:class:`~casework.services.ports.dispatch.DispatchOutbox` over the fake's store: it is
    part of :class:`InMemoryUnitOfWork`, so its rows commit and roll back with the cases."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    def append(
        self, rows: Sequence[tuple[str, int, str, str]], at: str, *, done: bool = False
    ) -> None:
        known = {(d.case_id, d.seq, d.handler) for d in self._store.dispatches}
        for case_id, seq, kind, handler in rows:
            if (case_id, seq, handler) in known:
                continue
            known.add((case_id, seq, handler))
            self._store.dispatches.append(Dispatch(
                id=len(self._store.dispatches) + 1, case_id=case_id, seq=seq, kind=kind,
                handler=handler, created_at=at, next_attempt_at=None if done else at,
                done_at=at if done else None,
            ))  # fmt: skip

    def find(self, case_id: str, seq: int, handler: str) -> Dispatch | None:
        key = (case_id, seq, handler)
        rows = self._store.dispatches
        return next((d for d in rows if (d.case_id, d.seq, d.handler) == key), None)

    def claim(self, dispatch_id: int, at: str) -> bool:
        row = self._store.dispatches[dispatch_id - 1]
        if row.done_at is not None:
            return False
        self._store.dispatches[dispatch_id - 1] = replace(row, done_at=at, next_attempt_at=None)
        return True

    def record_failure(self, dispatch_id: int, error: str, next_attempt_at: str | None) -> None:
        row = self._store.dispatches[dispatch_id - 1]
        self._store.dispatches[dispatch_id - 1] = replace(
            row, attempts=row.attempts + 1, last_error=error, next_attempt_at=next_attempt_at
        )

    def due(self, now: str, limit: int) -> builtins.list[Dispatch]:
        due = [d for d in self._store.dispatches if d.done_at is None
               and d.next_attempt_at is not None and d.next_attempt_at <= now]  # fmt: skip
        return sorted(due, key=lambda d: (d.next_attempt_at or "", d.id))[:limit]

    def pending(self, limit: int) -> builtins.list[Dispatch]:
        return [d for d in self._store.dispatches if d.done_at is None][:limit]

    def changes(self, handler: str, after: int, limit: int) -> builtins.list[tuple[int, str]]:
        rows = self._store.dispatches[after:]
        return [(d.id, d.case_id) for d in rows if d.handler == handler][:limit]

    def last_id(self) -> int:
        return len(self._store.dispatches)

    def cursor(self, name: str) -> int | None:
        return self._store.cursors.get(name)

    def move_cursor(self, name: str, position: int, at: str) -> None:
        self._store.cursors[name] = position


# --- Issue 12.6: the reminders' outbox and a channel, in memory ----------------------------------


def deadline_row(case: Case) -> DeadlineRow:
    """The reminders' view of a case row, as the SQL store reads it (route and plan as JSON)."""
    return DeadlineRow(
        case_id=case.id,
        title=case.title,
        owner=case.owner,
        centre=case.centre,
        step=case.step,
        workflow_id=case.workflow_id,
        workflow_version=case.workflow_version,
        route=canonical_json([entry.as_json() for entry in case.route]),
        due=case.due,
        status=case.status.value,
        planned=canonical_json(case.planned),
        attributes=canonical_json(dict(case.attributes)),
    )


class InMemoryReminderStore:
    """:class:`~casework.services.ports.ReminderStore` in dictionaries, with the SQL outbox's
    rules: insert-or-ignore (reviving an obsolete unsent message), disjoint claims with a lease,
    ``sent`` only for the claim's holder, backoff without ever marking sent.

    The cases are read from ``cases`` (an :class:`InMemoryUnitOfWork`, as committed), or from
    rows given to :meth:`put`. Safe for the service's parallel sending lanes.
    """

    def __init__(self, cases: InMemoryUnitOfWork | None = None) -> None:
        self._cases = cases
        self.rows: dict[str, DeadlineRow] = {}
        self.workflows: dict[tuple[str, int], WorkflowDefinition] = {}
        self.outbox: dict[str, OutboxMessage] = {}
        self.runs: dict[str, ReminderRun] = {}
        self.closed = False
        self._lock = threading.Lock()

    def put(self, *rows: DeadlineRow) -> None:
        """Add or replace case rows (a case moving on, closing or re-planned)."""
        for row in rows:
            self.rows[row.case_id] = row

    def _all_rows(self) -> dict[str, DeadlineRow]:
        found = {}
        if self._cases is not None:
            found = {c.id: deadline_row(c) for c in self._cases.store.cases.values()}
        return found | self.rows

    # ------------------------------------------------------------------ reads of cases
    def open_deadlines(self, until: dt.date) -> Iterator[DeadlineRow]:
        limit = until.isoformat()  # ISO texts sort as the SQL store compares them
        rows = [r for r in self._all_rows().values()
                if r.status == "open" and r.due is not None and r.due <= limit]  # fmt: skip
        return iter(sorted(rows, key=lambda r: (r.due or "", r.case_id)))

    def deadline(self, case_id: str) -> DeadlineRow | None:
        return self._all_rows().get(case_id)

    def states(self, case_ids: Iterable[str]) -> dict[str, CurrentState]:
        rows = self._all_rows()
        return {
            case_id: CurrentState(
                open=row.status == "open",
                step=row.step,
                due=dt.date.fromisoformat(row.due[:10]) if row.due else None,
            )
            for case_id in set(case_ids)
            if (row := rows.get(case_id)) is not None
        }

    def workflow(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        key = (workflow_id, version)
        if key in self.workflows:
            return self.workflows[key]
        return self._cases.store.workflows.get(key) if self._cases is not None else None

    # ------------------------------------------------------------------ the outbox
    def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        inserted = 0
        with self._lock:
            for message in messages:
                stored = self.outbox.get(message.key)
                if stored is None:
                    self.outbox[message.key] = message
                elif stored.obsolete_at is not None and stored.sent_at is None:
                    self.outbox[message.key] = replace(
                        stored,
                        obsolete_at=None,
                        subject=message.subject,
                        body=message.body,
                        next_attempt_at=message.next_attempt_at,
                    )
                else:
                    continue
                inserted += 1
        return inserted

    def claim(
        self,
        worker: str,
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        keys: Sequence[str] | None = None,
    ) -> builtins.list[OutboxMessage]:
        at = format_instant(now)
        wanted = set(keys) if keys is not None else None
        with self._lock:
            claimable = sorted(
                (m for m in self.outbox.values()
                 if (wanted is None or m.key in wanted) and _claimable(m, at)),
                key=lambda m: (m.next_attempt_at, m.key),
            )[:limit]  # fmt: skip
            claimed = []
            for message in claimable:
                claimed.append(replace(
                    message, claimed_by=worker, claim_expires_at=format_instant(lease_until)
                ))  # fmt: skip
                self.outbox[message.key] = claimed[-1]
        return claimed

    def due_count(self, at: dt.datetime) -> int:
        now = format_instant(at)
        with self._lock:
            return sum(_claimable(m, now) for m in self.outbox.values())

    def mark_sent(self, key: str, worker: str, at: dt.datetime) -> bool:
        with self._lock:
            message = self.outbox.get(key)
            if message is None or message.claimed_by != worker or message.sent_at is not None:
                return False
            self.outbox[key] = replace(
                message,
                sent_at=format_instant(at),
                claimed_by=None,
                claim_expires_at=None,
                last_error=None,
            )
            return True

    def mark_failed(
        self,
        key: str,
        worker: str,
        error: str,
        next_attempt_at: dt.datetime,
        gave_up_at: dt.datetime | None,
    ) -> None:
        with self._lock:
            message = self.outbox.get(key)
            if message is None or message.claimed_by != worker or message.sent_at is not None:
                return
            self.outbox[key] = replace(
                message,
                attempts=message.attempts + 1,
                last_error=error,
                next_attempt_at=format_instant(next_attempt_at),
                gave_up_at=format_instant(gave_up_at) if gave_up_at else None,
                claimed_by=None,
                claim_expires_at=None,
            )

    def mark_obsolete(self, keys: Sequence[str], at: dt.datetime) -> int:
        marked = 0
        with self._lock:
            for key in set(keys):
                message = self.outbox.get(key)
                if message is None or message.sent_at is not None or message.obsolete_at:
                    continue
                self.outbox[key] = replace(
                    message, obsolete_at=format_instant(at), claimed_by=None, claim_expires_at=None
                )
                marked += 1
        return marked

    def release(self, keys: Sequence[str], worker: str) -> None:
        with self._lock:
            for key in keys:
                message = self.outbox.get(key)
                if message is not None and message.claimed_by == worker:
                    self.outbox[key] = replace(message, claimed_by=None, claim_expires_at=None)

    def messages(
        self, *, case_id: str | None = None, reminder_key: str | None = None, limit: int = 100
    ) -> builtins.list[OutboxMessage]:
        found = [m for m in self.outbox.values()
                 if (case_id is None or m.case_id == case_id)
                 and (reminder_key is None or m.reminder_key == reminder_key)]  # fmt: skip
        found.sort(key=lambda m: m.key)
        found.sort(key=lambda m: m.created_at, reverse=True)  # newest first, then by key
        return found[:limit]

    def pending_keys(self, reminder_key: str) -> builtins.list[str]:
        return sorted(m.key for m in self.outbox.values() if m.reminder_key == reminder_key
                      and not (m.sent_at or m.obsolete_at or m.gave_up_at))  # fmt: skip

    def requeue(self, keys: Sequence[str] | None, at: dt.datetime) -> builtins.list[str]:
        wanted = None if keys is None else set(keys)
        requeued = []
        with self._lock:
            for key, message in sorted(self.outbox.items()):
                if message.gave_up_at is None or message.sent_at or message.obsolete_at:
                    continue
                if wanted is not None and not {key, message.reminder_key} & wanted:
                    continue
                self.outbox[key] = replace(
                    message, gave_up_at=None, attempts=0, next_attempt_at=format_instant(at),
                    claimed_by=None, claim_expires_at=None,
                )  # fmt: skip
                requeued.append(key)
        return requeued

    def outbox_counts(self, at: dt.datetime) -> dict[str, int]:
        now = format_instant(at)
        counts = {"held": 0, "waiting": 0, "given_up": 0}
        for m in self.outbox.values():
            if m.sent_at or m.obsolete_at:
                continue
            if m.gave_up_at:
                counts["given_up"] += 1
            elif m.claimed_by is not None and (m.claim_expires_at or "") >= now:
                counts["held"] += 1
            elif m.attempts:
                counts["waiting"] += 1
        return counts

    # ------------------------------------------------------------------ scheduled runs
    def record_run(self, run: ReminderRun) -> None:
        self.runs[run.key] = run

    def runs_for_case(self, case_id: str) -> builtins.list[ReminderRun]:
        found = [r for r in self.runs.values() if r.case_id == case_id]
        return sorted(found, key=lambda r: (r.scheduled_for, r.key))

    def close(self) -> None:
        self.closed = True


def _claimable(message: OutboxMessage, at: str) -> bool:
    return (
        message.sent_at is None
        and message.obsolete_at is None
        and message.gave_up_at is None
        and message.next_attempt_at <= at
        and (message.claimed_by is None or (message.claim_expires_at or "") < at)
    )


class RecordingChannel:
    """A notification channel that records what it was given, and fails when told to.

    It is its own factory: pass it as ``channels=`` and every channel name gets this one.
    :meth:`fail` makes sending fail for keys containing a text (a transient ``451`` unless
    ``permanent``); ``unavailable`` makes the whole channel fail as an SMTP server that refuses
    the connection does. Safe for the service's parallel sending lanes.
    """

    def __init__(self, name: str = "test") -> None:
        self.name = name
        self.sent: builtins.list[tuple[OutboxMessage, Recipient]] = []
        self.attempts: builtins.list[str] = []
        self.failing: str | None = None
        self.permanent = False
        self.unavailable = False
        self.batches = 0
        self._lock = threading.Lock()

    def __call__(self, name: str) -> Self:
        return self

    @property
    def keys(self) -> builtins.list[str]:
        """The keys of the messages sent, in the order they went."""
        return [message.key for message, _ in self.sent]

    def fail(self, match: str = "", *, permanent: bool = False) -> None:
        """Refuse every message whose key contains ``match`` (every message by default)."""
        self.failing, self.permanent = match, permanent

    def recover(self) -> None:
        """Accept everything again."""
        self.failing, self.permanent, self.unavailable = None, False, False

    def __enter__(self) -> Self:
        if self.unavailable:
            raise NotificationFailed(channel=self.name, detail="connection refused")
        with self._lock:
            self.batches += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        with self._lock:
            self.attempts.append(message.key)
        if self.failing is not None and self.failing in message.key:
            raise NotificationFailed(
                channel=self.name, detail="451 try again", permanent=self.permanent
            )
        with self._lock:
            self.sent.append((message, recipient))
