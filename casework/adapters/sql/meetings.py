"""The SQL meeting repository: meetings' rows and hash-chained events, on a unit of work's
connection.

Not a hot path (a secretariat books, closes and sends a few meetings a week), so every statement
is SQLAlchemy Core on the unit of work's connection, in its transaction. ``save`` guards the row
with its version, as the case repository does: no row updated means someone else changed the
meeting, and nothing is written.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from casework.adapters.sql.engine import describe
from casework.adapters.sql.meeting_rows import (
    MEETING_COLUMNS,
    MEETING_EVENT_COLUMNS,
    meeting_event_from_row,
    meeting_event_values,
    meeting_from_row,
    meeting_row_differences,
    meeting_values,
)
from casework.adapters.sql.tables import meeting_events as _events
from casework.adapters.sql.tables import meetings as _meetings
from casework.domain.errors import StorageError
from casework.domain.meeting_errors import MeetingChanged
from casework.domain.meeting_events import MeetingEvent, meeting_key
from casework.domain.meeting_record import MeetingRecord

_T = TypeVar("_T")
_SELECT = select(*(_meetings.c[name] for name in MEETING_COLUMNS))
_SELECT_EVENTS = select(*(_events.c[name] for name in MEETING_EVENT_COLUMNS))


class SqlMeetingRepository:
    """:class:`~casework.services.ports.meetings.MeetingRepository` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def find(self, body: str, day: dt.date) -> MeetingRecord | None:
        """The meeting's record, or None."""
        where = (_meetings.c.body == body) & (_meetings.c.date == day.isoformat())
        row = self._run(lambda: self._connection.execute(_SELECT.where(where)).first())
        return None if row is None else meeting_from_row(row)

    def save(self, record: MeetingRecord, expected_version: int) -> None:
        """Write the row and the pending events, guarded by ``expected_version`` (0: insert)."""
        values = dict(zip(MEETING_COLUMNS, meeting_values(record), strict=True))
        if expected_version == 0:
            try:
                self._connection.execute(insert(_meetings), values)
            except IntegrityError:
                self._rollback()
                raise self._changed(record, expected_version) from None
            except DBAPIError as exc:
                self._rollback()
                raise StorageError(detail=describe(exc)) from None
        else:
            guarded = update(_meetings).where(
                _meetings.c.body == record.body,
                _meetings.c.date == record.date.isoformat(),
                _meetings.c.version == expected_version,
            )
            result = self._run(lambda: self._connection.execute(guarded.values(values)))
            if result.rowcount != 1:
                raise self._changed(record, expected_version)
        if record.pending:
            rows = [
                dict(zip(MEETING_EVENT_COLUMNS, meeting_event_values(e), strict=True))
                for e in record.pending
            ]
            self._run(lambda: self._connection.execute(insert(_events), rows))
        record.pending.clear()

    def events(self, body: str, day: dt.date) -> list[MeetingEvent]:
        """The meeting's events in sequence order."""
        query = _SELECT_EVENTS.where(
            _events.c.body == body, _events.c.date == day.isoformat()
        ).order_by(_events.c.seq)
        rows = self._run(lambda: self._connection.execute(query).all())
        return [meeting_event_from_row(row) for row in rows]

    def ids(self) -> Iterator[tuple[str, dt.date]]:
        """Every (body, day) with a row or an event (events without a row are what the audit
        exists to notice, though the foreign key should prevent them)."""
        rows = select(_meetings.c.body, _meetings.c.date)
        orphans = select(_events.c.body, _events.c.date).distinct()
        found = self._run(
            lambda: {*self._connection.execute(rows), *self._connection.execute(orphans)}
        )
        return iter(sorted((body, dt.date.fromisoformat(day)) for body, day in found))

    def list(self, body: str | None = None) -> builtins.list[MeetingRecord]:
        """Every recorded meeting (of ``body``), by date."""
        query = _SELECT.order_by(_meetings.c.date, _meetings.c.body)
        if body is not None:
            query = query.where(_meetings.c.body == body)
        rows = self._run(lambda: self._connection.execute(query).all())
        return [meeting_from_row(row) for row in rows]

    def row_differences(self, record: MeetingRecord) -> builtins.list[str]:
        """The columns of the stored row that differ from what saving ``record`` writes."""
        where = (_meetings.c.body == record.body) & (_meetings.c.date == record.date.isoformat())
        row = self._run(
            lambda: self._connection.execute(select(_meetings).where(where)).mappings().first()
        )
        return [] if row is None else meeting_row_differences(record, dict(row))

    def _changed(self, record: MeetingRecord, expected: int) -> MeetingChanged:
        stored = self.find(record.body, record.date) if expected else None
        actual = stored.version if stored is not None else "?"
        return MeetingChanged(
            meeting=meeting_key(record.body, record.date), expected=expected, actual=actual
        )

    def _rollback(self) -> None:
        # PostgreSQL refuses every statement after a failed one until rollback; SQLite would
        # keep the half-written unit. Rolling back makes both leave nothing behind.
        with contextlib.suppress(DBAPIError):
            self._connection.rollback()

    def _run(self, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except DBAPIError as exc:
            self._rollback()
            raise StorageError(detail=describe(exc)) from None


__all__ = ["SqlMeetingRepository"]
