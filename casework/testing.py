"""Test doubles shipped with casework: an in-memory unit of work and a fixed clock.

A municipality can test its own YAML against these without a database; casework's own unit tests
use them, and one contract suite runs against both these fakes and the SQL store.
"""

from __future__ import annotations

import builtins
import copy
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Self, TypeVar

from casework.domain.case import Case
from casework.domain.errors import ConcurrentUpdate, NotFound, WorkflowChanged
from casework.domain.events import CaseEvent
from casework.domain.workflow import CaseStatus, WorkflowDefinition
from casework.services.ports import CaseQuery
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
                and (query.step is None or c.step.split("@")[0] == query.step)
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


class InMemoryUnitOfWork:
    """A unit of work over dictionaries; changes vanish unless committed."""

    def __init__(self) -> None:
        self._committed_store = _Store()
        self.committed = 0
        self.cases = InMemoryCaseRepository(self._committed_store)
        self.workflows = InMemoryWorkflowRepository(self._committed_store)
        self.dispatches = InMemoryDispatchOutbox(self._committed_store)

    def __enter__(self) -> Self:
        self._work = copy.deepcopy(self._committed_store)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)
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

    def commit(self) -> None:
        self._committed_store = self._work
        self._work = copy.deepcopy(self._work)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)
        self.committed += 1

    def rollback(self) -> None:
        self._work = copy.deepcopy(self._committed_store)
        self.cases = InMemoryCaseRepository(self._work)
        self.workflows = InMemoryWorkflowRepository(self._work)
        self.dispatches = InMemoryDispatchOutbox(self._work)

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
