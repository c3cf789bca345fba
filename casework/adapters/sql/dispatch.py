"""The bus's outbox in SQL: ``event_dispatch`` rows and ``dispatch_cursors``, on the unit of work's
connection, so a row is written in the transaction of the event it announces.

Not a hot path per statement, but written with every committed event: inserts are one
``executemany`` with ``ON CONFLICT DO NOTHING`` (a retried commit of the same event and handler
keeps the first row), and the two reads that repeat (due rows, the feed) each have an index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import describe
from casework.adapters.sql.tables import dispatch_cursors, event_dispatch
from casework.domain.errors import StorageError
from casework.services.ports.dispatch import Dispatch

_T = TypeVar("_T")

_INSERT = text(
    "INSERT INTO event_dispatch (case_id, seq, kind, handler, created_at, attempts, "
    "next_attempt_at, done_at) VALUES (:case_id, :seq, :kind, :handler, :created_at, 0, "
    ":next_attempt_at, :done_at) ON CONFLICT (case_id, seq, handler) DO NOTHING"
)
_COLUMNS = (
    event_dispatch.c.id,
    event_dispatch.c.case_id,
    event_dispatch.c.seq,
    event_dispatch.c.kind,
    event_dispatch.c.handler,
    event_dispatch.c.created_at,
    event_dispatch.c.attempts,
    event_dispatch.c.next_attempt_at,
    event_dispatch.c.done_at,
    event_dispatch.c.last_error,
)
_pending = event_dispatch.c.done_at.is_(None)


class SqlDispatchOutbox:
    """:class:`~casework.services.ports.dispatch.DispatchOutbox` on a unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append(
        self, rows: Sequence[tuple[str, int, str, str]], at: str, *, done: bool = False
    ) -> None:
        """Add a row per (case id, seq, kind, handler); keep a row that exists already."""
        if not rows:
            return
        params = [
            {"case_id": case_id, "seq": seq, "kind": kind, "handler": handler,
             "created_at": at, "next_attempt_at": None if done else at,
             "done_at": at if done else None}
            for case_id, seq, kind, handler in rows
        ]  # fmt: skip
        self._run(lambda: self._connection.execute(_INSERT, params))

    def find(self, case_id: str, seq: int, handler: str) -> Dispatch | None:
        """The row of that event and handler, if there is one."""
        statement = select(*_COLUMNS).where(
            event_dispatch.c.case_id == case_id,
            event_dispatch.c.seq == seq,
            event_dispatch.c.handler == handler,
        )
        row = self._run(lambda: self._connection.execute(statement).first())
        return None if row is None else Dispatch(**row._mapping)

    def claim(self, dispatch_id: int, at: str) -> bool:
        """Mark the row done if it is still pending (a racing dispatcher waits on the row lock
        on PostgreSQL and then finds it done; SQLite writers take turns)."""
        statement = (
            update(event_dispatch)
            .where(event_dispatch.c.id == dispatch_id, _pending)
            .values(done_at=at, next_attempt_at=None)
        )
        result = self._run(lambda: self._connection.execute(statement))
        return bool(result.rowcount == 1)

    def record_failure(self, dispatch_id: int, error: str, next_attempt_at: str | None) -> None:
        """Count a failed attempt with its error and the next attempt (None: given up)."""
        statement = (
            update(event_dispatch)
            .where(event_dispatch.c.id == dispatch_id)
            .values(
                attempts=event_dispatch.c.attempts + 1,
                last_error=error,
                next_attempt_at=next_attempt_at,
            )
        )
        self._run(lambda: self._connection.execute(statement))

    def due(self, now: str, limit: int) -> list[Dispatch]:
        """Pending rows whose next attempt is due, oldest first."""
        statement = (
            select(*_COLUMNS)
            .where(_pending, event_dispatch.c.next_attempt_at <= now)
            .order_by(event_dispatch.c.next_attempt_at, event_dispatch.c.id)
            .limit(limit)
        )
        return self._rows(statement)

    def pending(self, limit: int) -> list[Dispatch]:
        """Every row not done, oldest first."""
        statement = select(*_COLUMNS).where(_pending).order_by(event_dispatch.c.id).limit(limit)
        return self._rows(statement)

    def changes(self, handler: str, after: int, limit: int) -> list[tuple[int, str]]:
        """(row id, case id) of ``handler``'s rows after ``after``, by id."""
        statement = (
            select(event_dispatch.c.id, event_dispatch.c.case_id)
            .where(event_dispatch.c.handler == handler, event_dispatch.c.id > after)
            .order_by(event_dispatch.c.id)
            .limit(limit)
        )
        rows = self._run(lambda: self._connection.execute(statement).all())
        return [(int(row_id), str(case_id)) for row_id, case_id in rows]

    def last_id(self) -> int:
        """The highest row id (0 for an empty outbox)."""
        statement = select(func.coalesce(func.max(event_dispatch.c.id), 0))
        return int(self._run(lambda: self._connection.execute(statement).scalar_one()))

    def cursor(self, name: str) -> int | None:
        """The position consumer ``name`` has read up to, if it has run before."""
        statement = select(dispatch_cursors.c.position).where(dispatch_cursors.c.name == name)
        value = self._run(lambda: self._connection.execute(statement).scalar_one_or_none())
        return None if value is None else int(value)

    def move_cursor(self, name: str, position: int, at: str) -> None:
        """Store consumer ``name``'s position (inserted on its first run)."""
        moved = (
            update(dispatch_cursors)
            .where(dispatch_cursors.c.name == name)
            .values(position=position, updated_at=at)
        )
        result = self._run(lambda: self._connection.execute(moved))
        if result.rowcount == 0:
            values = {"name": name, "position": position, "updated_at": at}
            self._run(lambda: self._connection.execute(insert(dispatch_cursors), values))

    def _rows(self, statement: Any) -> list[Dispatch]:
        rows = self._run(lambda: self._connection.execute(statement).all())
        return [Dispatch(**row._mapping) for row in rows]

    @staticmethod
    def _run(action: Callable[[], _T]) -> _T:
        try:
            return action()
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None


__all__ = ["SqlDispatchOutbox"]
