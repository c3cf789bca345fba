"""A read-only unit of work on the embedded SQLite database, with the plain ``sqlite3`` module.

Why a second reader: importing SQLAlchemy costs ~100 ms, a third of the 0.3 s budget of a whole
``casework case show``. Reads are simple (a row by key, a case's events, two index scans), so the
read commands of the embedded default run them here, with the same row mapping as the
SQLAlchemy store (``rows.py``); writes, migrations and PostgreSQL always go through SQLAlchemy.
A contract test runs the same reads through both and compares the answers.
"""

from __future__ import annotations

import builtins
import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, Self

from casework.adapters.sql.meeting_rows import (
    MEETING_COLUMNS,
    MEETING_EVENT_COLUMNS,
    meeting_event_from_row,
    meeting_from_row,
    meeting_row_differences,
)
from casework.adapters.sql.presentation_texts_sqlite import SqliteTextReader
from casework.adapters.sql.revisions import HEAD, REVISIONS
from casework.adapters.sql.rows import (
    CASE_COLUMNS,
    EVENT_COLUMNS,
    STORED_WORKFLOWS,
    case_from_row,
    event_from_row,
    row_differences,
)
from casework.adapters.sql.task_committees_sqlite import SqliteCommitteeReader
from casework.domain.case import Case
from casework.domain.errors import (
    DatabaseNotInitialised,
    NotFound,
    SchemaOutOfDate,
    StorageError,
)
from casework.domain.events import CaseEvent
from casework.domain.meeting_events import MeetingEvent
from casework.domain.meeting_record import MeetingRecord
from casework.domain.workflow import CaseStatus, WorkflowDefinition
from casework.services.ports import CaseQuery, CaseRepository, StoredWorkflow, WorkflowRepository
from casework.services.ports.meetings import MeetingRepository

if TYPE_CHECKING:
    from casework.adapters.sql.anchors import SqliteAnchorReader

_CASE = f"SELECT {', '.join(CASE_COLUMNS)} FROM cases"
_EVENT = f"SELECT {', '.join(EVENT_COLUMNS)} FROM case_events"
_MEETING = f"SELECT {', '.join(MEETING_COLUMNS)} FROM meetings"
_MEETING_EVENT = f"SELECT {', '.join(MEETING_EVENT_COLUMNS)} FROM meeting_events"
_ID_CHUNK = 10_000


def check_schema(path: Path) -> None:
    """What :func:`~casework.adapters.sql.schema.ensure_ready` checks, for a SQLite file."""
    if not path.exists():
        raise DatabaseNotInitialised(url=str(path))
    try:  # closed here: sqlite3's ``with`` only commits, and the garbage collector may be late
        with closing(_connect(path)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise DatabaseNotInitialised(url=str(path)) from None
        raise StorageError(detail=str(exc)) from None
    current = row[0] if row else None
    if current == HEAD:
        return
    if current is None:
        raise DatabaseNotInitialised(url=str(path))
    if current in REVISIONS:
        raise SchemaOutOfDate(current=current)
    raise StorageError(detail=f"unknown schema revision {current} (expected {HEAD})")


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only by URI: a read command can never write, and never creates a missing file.
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    connection.execute("PRAGMA query_only = ON")
    return connection


class SqliteCaseReader:
    """The read half of :class:`~casework.services.ports.CaseRepository` on sqlite3."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def get(self, case_id: str) -> Case:
        case = self.find(case_id)
        if case is None:
            raise NotFound(case_id=case_id)
        return case

    def find(self, case_id: str) -> Case | None:
        row = self._all(f"{_CASE} WHERE id = ?", (case_id,))
        return case_from_row(row[0]) if row else None

    def row_differences(self, case: Case) -> builtins.list[str]:
        try:
            cursor = self._db.execute("SELECT * FROM cases WHERE id = ?", (case.id,))
            row = cursor.fetchone()
            names = [d[0] for d in cursor.description]
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None
        return [] if row is None else row_differences(case, dict(zip(names, row, strict=True)))

    def events(self, case_id: str) -> builtins.list[CaseEvent]:
        rows = self._all(f"{_EVENT} WHERE case_id = ? ORDER BY seq", (case_id,))
        return [event_from_row(row) for row in rows]

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        rows = self._all(f"{_EVENT} WHERE idempotency_key = ?", (idempotency_key,))
        return event_from_row(rows[0]) if rows else None

    def list(self, query: CaseQuery) -> builtins.list[Case]:
        where: builtins.list[str] = []
        params: builtins.list[Any] = []
        for column, value in (
            ("status", query.status.value if query.status is not None else None),
            ("owner", query.owner),
            ("centre", query.centre),
            ("workflow_id", query.workflow),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.step is not None:
            # Meeting steps are stored as "template@body"; a prefix, not LIKE (see repository).
            prefix = f"{query.step}@"
            where.append("(step = ? OR substr(step, 1, ?) = ?)")
            params += [query.step, len(prefix), prefix]
        if query.search is not None:
            from casework.adapters.sql.case_search import sqlite_condition

            condition, values = sqlite_condition(query.search)
            where.append(condition)
            params += values
        sql = _CASE + (f" WHERE {' AND '.join(where)}" if where else "")
        sql += " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?"
        return [case_from_row(r) for r in self._all(sql, (*params, query.limit, query.offset))]

    def urgent(self, limit: int) -> builtins.list[Case]:
        order = " ORDER BY due, opened_at, id LIMIT ?"
        is_open = CaseStatus.OPEN.value
        rows = self._all(f"{_CASE} WHERE status = ? AND due IS NOT NULL{order}", (is_open, limit))
        if len(rows) < limit:
            rows += self._all(
                f"{_CASE} WHERE status = ? AND due IS NULL{order}", (is_open, limit - len(rows))
            )
        return [case_from_row(row) for row in rows]

    def ids(self) -> Iterator[str]:
        last = ""
        while True:
            chunk = [
                r[0]
                for r in self._all(
                    "SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?", (last, _ID_CHUNK)
                )
            ]
            yield from chunk
            if len(chunk) < _ID_CHUNK:
                break
            last = chunk[-1]
        orphans = (
            "SELECT DISTINCT case_id FROM case_events e "
            "WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id) ORDER BY case_id"
        )
        yield from (r[0] for r in self._all(orphans, ()))

    def add(self, case: Case) -> NoReturn:
        _read_only()

    def save(self, case: Case, expected_version: int) -> NoReturn:
        _read_only()

    def next_number(self, year: int) -> NoReturn:
        _read_only()

    def _all(self, sql: str, params: tuple[Any, ...]) -> builtins.list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None


class SqliteMeetingReader:
    """The read half of :class:`~casework.services.ports.meetings.MeetingRepository`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def find(self, body: str, day: dt.date) -> MeetingRecord | None:
        rows = self._all(f"{_MEETING} WHERE body = ? AND date = ?", (body, day.isoformat()))
        return meeting_from_row(rows[0]) if rows else None

    def events(self, body: str, day: dt.date) -> builtins.list[MeetingEvent]:
        sql = f"{_MEETING_EVENT} WHERE body = ? AND date = ? ORDER BY seq"
        return [meeting_event_from_row(r) for r in self._all(sql, (body, day.isoformat()))]

    def ids(self) -> Iterator[tuple[str, dt.date]]:
        sql = "SELECT body, date FROM meetings UNION SELECT body, date FROM meeting_events"
        found = sorted((body, dt.date.fromisoformat(day)) for body, day in self._all(sql, ()))
        return iter(found)

    def list(self, body: str | None = None) -> builtins.list[MeetingRecord]:
        where, params = (" WHERE body = ?", (body,)) if body is not None else ("", ())
        rows = self._all(f"{_MEETING}{where} ORDER BY date, body", params)
        return [meeting_from_row(row) for row in rows]

    def row_differences(self, record: MeetingRecord) -> builtins.list[str]:
        try:
            cursor = self._db.execute(
                "SELECT * FROM meetings WHERE body = ? AND date = ?",
                (record.body, record.date.isoformat()),
            )
            row = cursor.fetchone()
            names = [d[0] for d in cursor.description]
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None
        if row is None:
            return []
        return meeting_row_differences(record, dict(zip(names, row, strict=True)))

    def save(self, record: MeetingRecord, expected_version: int) -> NoReturn:
        _read_only()

    def _all(self, sql: str, params: tuple[Any, ...]) -> builtins.list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None


class SqliteWorkflowReader:
    """The read half of :class:`~casework.services.ports.WorkflowRepository` on sqlite3."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def get(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        row = self._db.execute(
            "SELECT snapshot FROM workflow_versions WHERE workflow_id = ? AND version = ?",
            (workflow_id, version),
        ).fetchone()
        if row is None:
            return None
        from casework.adapters.config.snapshot import definition_from_snapshot

        return definition_from_snapshot(row[0], f"{workflow_id} v{version} (database)")

    def stored(self) -> list[StoredWorkflow]:
        try:
            rows = self._db.execute(STORED_WORKFLOWS).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None
        return [StoredWorkflow(*row) for row in rows]

    def register(self, definition: WorkflowDefinition, at: str) -> NoReturn:
        _read_only()


def _read_only() -> NoReturn:
    raise RuntimeError("the sqlite3 reader is read-only; write through SqlUnitOfWork")


class SqliteReadUnitOfWork:
    """A read-only :class:`~casework.services.ports.UnitOfWork` on a SQLite file.

    One deferred transaction per ``with`` block, so every read sees one snapshot; it never
    takes the write lock, so a listing never waits for a writer (WAL mode).
    """

    cases: CaseRepository
    workflows: WorkflowRepository
    meetings: MeetingRepository

    def __init__(self, path: Path) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None

    def __enter__(self) -> Self:
        try:
            connection = _connect(self._path)
            connection.execute("BEGIN")
        except sqlite3.Error as exc:
            raise StorageError(detail=str(exc)) from None
        self._connection = connection
        self.cases = SqliteCaseReader(connection)
        self.workflows = SqliteWorkflowReader(connection)
        self.meetings = SqliteMeetingReader(connection)
        self.texts = SqliteTextReader(connection)  # issue 14: the presentation's texts
        self.task_committees = SqliteCommitteeReader(connection)  # issue 20
        return self

    @property
    def anchors(self) -> SqliteAnchorReader:
        """The audit anchors' reader; made on use, so the many reads that never look at
        anchors (``case show``) do not import it."""
        from casework.adapters.sql.anchors import SqliteAnchorReader

        if self._connection is None:
            raise RuntimeError("the reader is used outside its with block")
        return SqliteAnchorReader(self._connection)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def commit(self) -> None:
        """Nothing to commit: a reader writes nothing."""

    def rollback(self) -> None:
        """Nothing to roll back: a reader writes nothing."""


__all__ = ["SqliteReadUnitOfWork", "check_schema"]
