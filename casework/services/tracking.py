"""The bus's unit of work: it notes the events its repository writes and hands them to the bus.

At commit it writes their outbox rows in the same transaction (:class:`~casework.services.bus.Bus`
decides which); when its ``with`` block is left, the bus dispatches what was committed.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from types import TracebackType
from typing import Any, Self

from casework.domain.case import Case
from casework.domain.events import CaseEvent, format_instant
from casework.domain.meeting_record import MeetingRecord
from casework.services.bus import Bus, Noted, outbox_of, subject_of
from casework.services.ports import CaseQuery, CaseRepository, UnitOfWork, WorkflowRepository
from casework.services.ports.dispatch import DispatchOutbox


class TrackedUnitOfWork:
    """A unit of work that notes the events its repository writes and hands them to the bus."""

    def __init__(self, bus: Bus, inner: UnitOfWork) -> None:
        self._bus = bus
        self._inner = inner
        self._noted: list[Noted] = []
        self._committed: list[tuple[CaseEvent, str]] = []

    @property
    def inner(self) -> UnitOfWork:
        """The unit of work it wraps (a test reads the in-memory store through it)."""
        return self._inner

    @property
    def cases(self) -> CaseRepository:
        return _NotingCases(self._inner.cases, self._noted)

    @cases.setter
    def cases(self, value: CaseRepository) -> None:
        self._inner.cases = value

    @property
    def workflows(self) -> WorkflowRepository:
        return self._inner.workflows

    @workflows.setter
    def workflows(self, value: WorkflowRepository) -> None:
        self._inner.workflows = value

    @property
    def meetings(self) -> _NotingMeetings:
        """The store's meetings, noting the events each save writes (for the meeting feeds)."""
        return _NotingMeetings(self._inner.meetings, self._noted)  # type: ignore[attr-defined]

    @property
    def dispatches(self) -> DispatchOutbox:
        return outbox_of(self._inner)

    def __getattr__(self, name: str) -> Any:  # the store's extras (tests read ``store``)
        return getattr(self._inner, name)

    def __enter__(self) -> Self:
        self._inner.__enter__()
        self._noted.clear()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._noted.clear()
        self._inner.__exit__(exc_type, exc, tb)
        committed, self._committed = self._committed, []
        # On an error the committed rows stay due; dispatch_pending runs them.
        if committed and exc_type is None:
            self._bus.committed(committed)

    def commit(self) -> None:
        rows = self._bus.rows(self._noted)
        if rows:
            at = format_instant(self._bus.clock.now())
            outbox = outbox_of(self._inner)
            outbox.append(
                [(subject_of(e), e.seq, str(e.kind), s.name) for e, s in rows if s.handle], at
            )
            feeds = [(subject_of(e), e.seq, str(e.kind), s.name) for e, s in rows if not s.handle]
            if feeds:
                outbox.append(feeds, at, done=True)
        self._inner.commit()
        self._committed += [
            (e, s.name) for e, s in rows if s.handle is not None and isinstance(e, CaseEvent)
        ]
        self._noted.clear()

    def rollback(self) -> None:
        self._inner.rollback()
        self._noted.clear()


class _NotingMeetings:
    """The meeting repository, noting the events each save writes."""

    def __init__(self, inner: Any, noted: list[Noted]) -> None:
        self._inner = inner
        self._noted = noted

    def save(self, record: MeetingRecord, expected_version: int) -> None:
        events = list(record.pending)
        self._inner.save(record, expected_version)
        self._noted.extend(events)

    def __getattr__(self, name: str) -> Any:  # find, events, ids, list: read as they are
        return getattr(self._inner, name)


class _NotingCases:
    """The case repository, noting each event it writes (before ``pending`` is cleared)."""

    def __init__(self, inner: CaseRepository, noted: list[Noted]) -> None:
        self._inner = inner
        self._noted = noted

    def add(self, case: Case) -> None:
        events = list(case.pending)
        self._inner.add(case)
        self._noted.extend(events)

    def save(self, case: Case, expected_version: int) -> None:
        events = list(case.pending)
        self._inner.save(case, expected_version)
        self._noted.extend(events)

    def get(self, case_id: str) -> Case:
        return self._inner.get(case_id)

    def find(self, case_id: str) -> Case | None:
        return self._inner.find(case_id)

    def events(self, case_id: str) -> builtins.list[CaseEvent]:
        return self._inner.events(case_id)

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        return self._inner.event_by_key(idempotency_key)

    def next_number(self, year: int) -> int:
        return self._inner.next_number(year)

    def list(self, query: CaseQuery) -> builtins.list[Case]:
        return self._inner.list(query)

    def urgent(self, limit: int) -> builtins.list[Case]:
        return self._inner.urgent(limit)

    def ids(self) -> Iterator[str]:
        return self._inner.ids()

    def row_differences(self, case: Case) -> builtins.list[str]:
        return self._inner.row_differences(case)


__all__ = ["TrackedUnitOfWork"]
