"""The SQL case repository: translates between ``Case``/``CaseEvent`` and rows, on one connection.

Every transition runs ``get`` → ``save`` → commit, so those statements are the hot path. They are
built once with SQLAlchemy Core, compiled once per dialect, and run on the unit of work's DBAPI
cursor, because a Core ``execute`` costs more than SQLite spends on the statement itself: against
a hand-written sqlite3 loop, an ORM session per transition reaches about 0.07 of its throughput,
Core statements 0.32 and the DBAPI cursor 0.5-0.7 (``bench/engine.py``). Everything else
(listings, counters, the audit's scans) uses Core on the same connection. No method commits: the
unit of work owns the transaction.
"""

from __future__ import annotations

import builtins
import contextlib
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import READ_ONLY, describe
from casework.adapters.sql.link import ConnectionLink, Link
from casework.adapters.sql.rows import (
    _MUTABLE_COLUMNS,
    CASE_COLUMNS,
    EVENT_COLUMNS,
    case_from_row,
    case_values,
    event_from_row,
    event_values,
    row_differences,
)
from casework.adapters.sql.tables import case_events as _events
from casework.adapters.sql.tables import cases as _cases
from casework.domain.case import Case
from casework.domain.errors import (
    CaseworkError,
    ConcurrentUpdate,
    IdempotencyConflict,
    NotFound,
    StorageError,
)
from casework.domain.events import CaseEvent
from casework.domain.workflow import CaseStatus, Route
from casework.services.ports import CaseQuery

_SELECT_CASE: Select[Any] = select(*(_cases.c[name] for name in CASE_COLUMNS))
_NEXT_NUMBER = text(
    "INSERT INTO case_counters (year, last_number) VALUES (:year, 1) "
    "ON CONFLICT (year) DO UPDATE SET last_number = case_counters.last_number + 1 "
    "RETURNING last_number"
)
#: Rows fetched per round trip when scanning every id, so the audit never holds them all.
_ID_CHUNK = 10_000


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One statement compiled for a dialect, taking its values as a tuple in a fixed order."""

    sql: str
    #: Named paramstyles (psycopg): the parameter names, in the order the values come.
    names: tuple[str, ...] | None = None
    #: Positional paramstyles (sqlite3) whose placeholders are not in that order: a permutation.
    order: tuple[int, ...] | None = None

    @classmethod
    def compile(cls, statement: Any, dialect: Dialect, names: Sequence[str]) -> _Prepared:
        compiled = statement.compile(dialect=dialect, column_keys=list(names))
        if not compiled.positional:
            return cls(compiled.string, names=tuple(names))
        order = tuple(names.index(name) for name in compiled.positiontup)
        return cls(compiled.string, order=None if order == tuple(range(len(order))) else order)

    def bind(self, values: Sequence[Any]) -> Sequence[Any] | dict[str, Any]:
        """DBAPI parameters for ``values``."""
        if self.names is not None:
            return dict(zip(self.names, values, strict=True))
        if self.order is not None:
            return [values[i] for i in self.order]
        return values


@dataclass(frozen=True, slots=True)
class _HotStatements:
    dialect: Dialect
    select_case: _Prepared
    insert_case: _Prepared
    insert_event: _Prepared
    #: The UPDATE of only some columns, by the indexes (into :data:`_SAVED`) of those columns.
    updates: dict[tuple[int, ...], _Prepared] = field(default_factory=dict)
    #: PostgreSQL: that UPDATE and the INSERT of one event as one statement (one round trip).
    updates_with_event: dict[tuple[int, ...], str] = field(default_factory=dict)

    def update_of(self, changed: tuple[int, ...]) -> _Prepared:
        """The guarded UPDATE writing only the columns ``changed`` (indexes into _SAVED)."""
        prepared = self.updates.get(changed)
        if prepared is None:
            names = [_SAVED[i] for i in changed]
            prepared = _Prepared.compile(
                update(_cases).where(_GUARDED), self.dialect, [*names, "key_id", "expected_version"]
            )
            self.updates[changed] = prepared
        return prepared

    def update_with_event(self, changed: tuple[int, ...]) -> str:
        """PostgreSQL: ``WITH u AS (UPDATE … RETURNING 1) INSERT INTO case_events … FROM u``.

        The event is inserted only when the guarded UPDATE hit its row, so the statement's row
        count says both: 1 when the case was written with its event, 0 when neither was.
        """
        sql = self.updates_with_event.get(changed)
        if sql is None:
            update_sql = self.update_of(changed).sql
            values = ", ".join(f"%({name})s" for name in EVENT_COLUMNS)
            sql = (
                f"WITH u AS ({update_sql} RETURNING 1) "
                f"INSERT INTO case_events ({', '.join(EVENT_COLUMNS)}) SELECT {values} FROM u"
            )
            self.updates_with_event[changed] = sql
        return sql


_HOT: dict[tuple[type[Dialect], str], _HotStatements] = {}


def _hot_statements(dialect: Dialect) -> _HotStatements:
    """The hot statements compiled for ``dialect``: once per process, not per unit of work."""
    key = (type(dialect), dialect.paramstyle)
    if key not in _HOT:
        _HOT[key] = _compile_hot_statements(dialect)
    return _HOT[key]


_WHERE_ID = _cases.c.id == bindparam("key_id")
_GUARDED = _WHERE_ID & (_cases.c.version == bindparam("expected_version"))
#: The row ``save`` compares and writes: CASE_COLUMNS and ``due`` (what case_values returns).
_SAVED = (*CASE_COLUMNS, "due")
#: Indexes into _SAVED of the columns ``save`` may change (all but the key and ``opened_at``).
_MUTABLE = tuple(_SAVED.index(name) for name in _MUTABLE_COLUMNS)
_ROUTE, _ATTRIBUTES, _PLANNED = (_SAVED.index(c) for c in ("route", "attributes", "planned"))


def _compile_hot_statements(dialect: Dialect) -> _HotStatements:
    where_id = _WHERE_ID
    return _HotStatements(
        dialect=dialect,
        select_case=_Prepared.compile(
            select(*(_cases.c[name] for name in _SAVED)).where(where_id), dialect, ["key_id"]
        ),
        insert_case=_Prepared.compile(insert(_cases), dialect, [*CASE_COLUMNS, "due"]),
        insert_event=_Prepared.compile(insert(_events), dialect, EVENT_COLUMNS),
    )


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A case row as find() read it, and the attributes and plan objects it was mapped to."""

    row: tuple[Any, ...]
    route: Route
    attributes: dict[str, Any]
    attributes_copy: dict[str, Any]
    planned: dict[str, str]
    planned_copy: dict[str, str]


def _row_of(case: Case, loaded: _Loaded | None) -> tuple[Any, ...]:
    """:func:`case_values`, reusing the stored JSON of attributes and plan when they are the
    objects find() made and still equal to what was read (the domain replaces them on change).
    """
    if loaded is None:
        return case_values(case)
    # A route is immutable and find() shares one object per stored text: the same object is
    # the same text (hashing a route for the encoder's cache cost more than the whole row).
    route = loaded.row[_ROUTE] if case.route is loaded.route else None
    attributes = planned = None
    if case.attributes is loaded.attributes and case.attributes == loaded.attributes_copy:
        attributes = loaded.row[_ATTRIBUTES]
    if case.planned is loaded.planned and case.planned == loaded.planned_copy:
        planned = loaded.row[_PLANNED]
    return case_values(case, route_json=route, attributes_json=attributes, planned_json=planned)


class SqlCaseRepository:
    """:class:`~casework.services.ports.CaseRepository` on one connection of a unit of work.

    Built by :class:`~casework.adapters.sql.uow.SqlUnitOfWork` on its :class:`Link` (the hot path
    on the DB-API connection, a SQLAlchemy Connection only for the rest), or on a plain
    SQLAlchemy Connection by code that has one in a transaction of its own.
    """

    def __init__(self, connection: Connection | Link) -> None:
        self._link: Link | ConnectionLink = (
            connection if isinstance(connection, Link) else ConnectionLink(connection)
        )
        self._sql = _hot_statements(self._link.dialect)
        self._dbapi = self._link.dbapi
        self._postgresql = self._link.dialect.name == "postgresql"
        #: What find() read, per case id: the stored row (_SAVED) and the attributes and plan it
        #: was mapped to, with a copy of each; save() writes only the columns that differ.
        self._loaded: dict[str, _Loaded] = {}
        #: Why a statement failed and the transaction was rolled back; None while all is well.
        self.failure: str | None = None

    @property
    def _connection(self) -> Connection:
        # The SQLAlchemy Connection for everything outside the hot path (made on first use).
        return self._link.connection

    # ------------------------------------------------------------------ hot path
    def get(self, case_id: str) -> Case:
        """The case's current state. Raises NotFound."""
        case = self.find(case_id)
        if case is None:
            raise NotFound(case_id=case_id)
        return case

    def find(self, case_id: str) -> Case | None:
        """The case's current state, or None."""
        try:
            cursor = self._link.cursor()
            cursor.execute(self._sql.select_case.sql, self._sql.select_case.bind((case_id,)))
            row = cursor.fetchone()
        except self._dbapi.Error as exc:
            raise self._failed(exc) from None
        if row is None:
            return None
        case = case_from_row(row[:-1])
        self._loaded[case_id] = _Loaded(
            row, case.route, case.attributes, dict(case.attributes), case.planned,
            dict(case.planned),
        )  # fmt: skip
        return case

    def row_differences(self, case: Case) -> builtins.list[str]:
        """The columns of the case's stored row that differ from what saving ``case`` writes."""
        row = self._execute(select(_cases).where(_cases.c.id == case.id)).mappings().first()
        return [] if row is None else row_differences(case, dict(row))

    def add(self, case: Case) -> None:
        """Insert a new case with its pending events."""
        try:
            cursor = self._link.cursor()
            cursor.execute(self._sql.insert_case.sql, self._sql.insert_case.bind(case_values(case)))
        except self._dbapi.Error as exc:
            raise self._failed(exc) from None
        self._insert_pending(case)

    def save(self, case: Case, expected_version: int) -> None:
        """Write the case's new state and pending events if the stored version is
        ``expected_version``; otherwise raise ConcurrentUpdate (NotFound for a case that has no
        row) and write nothing.

        For a case read by :meth:`find` in this unit of work at that version, only the columns
        that changed are written (an UPDATE of every column rewrites every index entry of the
        row on SQLite), and its unchanged attributes and plan are not encoded again. On
        PostgreSQL the UPDATE and a single event's INSERT go as one statement.
        """
        loaded = self._loaded.get(case.id)
        if loaded is not None and loaded.row[11] != expected_version:
            loaded = None  # read at another version: write every column, as for an unread case
        row = _row_of(case, loaded)
        if loaded is None:
            changed = _MUTABLE
        else:
            old = loaded.row
            changed = tuple([i for i in _MUTABLE if row[i] != old[i]])
        cursor_values = [row[i] for i in changed]
        one_statement = self._postgresql and len(case.pending) == 1
        try:
            cursor = self._link.cursor()
            if one_statement:
                prepared = self._sql.update_of(changed)
                params = dict(zip(EVENT_COLUMNS, event_values(case.pending[0]), strict=True))
                params.update(prepared.bind([*cursor_values, case.id, expected_version]))
                cursor.execute(self._sql.update_with_event(changed), params)
            else:
                prepared = self._sql.update_of(changed)
                cursor.execute(
                    prepared.sql, prepared.bind([*cursor_values, case.id, expected_version])
                )
        except self._dbapi.IntegrityError as exc:
            conflict = self._idempotency_conflict(case.pending) if one_statement else None
            raise self._failed(exc, conflict) from None
        except self._dbapi.Error as exc:
            raise self._failed(exc) from None
        if cursor.rowcount != 1:
            self._loaded.pop(case.id, None)
            stored = self.find(case.id)
            if stored is None:
                raise NotFound(case_id=case.id)
            raise ConcurrentUpdate(
                case_id=case.id, expected=expected_version, actual=stored.version
            )
        if one_statement:
            case.pending.clear()
        else:
            self._insert_pending(case)
        self._loaded[case.id] = _Loaded(
            row, case.route, case.attributes, dict(case.attributes), case.planned,
            dict(case.planned),
        )  # fmt: skip

    def _insert_pending(self, case: Case) -> None:
        if not case.pending:
            return
        prepared = self._sql.insert_event
        try:
            cursor = self._link.cursor()
            if len(case.pending) == 1:
                cursor.execute(prepared.sql, prepared.bind(event_values(case.pending[0])))
            else:
                cursor.executemany(
                    prepared.sql, [prepared.bind(event_values(e)) for e in case.pending]
                )
        except self._dbapi.IntegrityError as exc:
            conflict = self._idempotency_conflict(case.pending)
            raise self._failed(exc, conflict) from None
        except self._dbapi.Error as exc:
            raise self._failed(exc) from None
        case.pending.clear()

    def _idempotency_conflict(self, pending: Sequence[CaseEvent]) -> IdempotencyConflict | None:
        """The error naming the event that already holds a key of ``pending``, if one does."""
        keys = [e.idempotency_key for e in pending if e.idempotency_key is not None]
        if not keys:
            return None
        if self._link.sqlite:
            # SQLite undid only the failed statement; this transaction can still read.
            return self._conflict(self, keys)
        # PostgreSQL has aborted this transaction. The event holding the key is committed (a
        # unique check waits for the other transaction to end), so a fresh one sees it.
        try:
            with self._link.engine.connect() as fresh:
                return self._conflict(
                    SqlCaseRepository(fresh.execution_options(**{READ_ONLY: True})), keys
                )
        except (DBAPIError, StorageError):
            return None

    @staticmethod
    def _conflict(lookup: SqlCaseRepository, keys: Sequence[str]) -> IdempotencyConflict | None:
        for key in keys:
            other = lookup.event_by_key(key)
            if other is not None:
                request = f"{other.case_id} #{other.seq} {other.kind.value}"
                return IdempotencyConflict(key=key, other=request)
        return None

    def _failed(self, exc: BaseException, error: CaseworkError | None = None) -> CaseworkError:
        """Roll the transaction back after a failed statement and return the error to raise.

        A statement can fail after an earlier one of the same ``add`` or ``save`` succeeded (the
        case row is written, its event is refused). PostgreSQL then refuses every statement
        until rollback, while SQLite keeps the half-written change and would commit it; rolling
        back on both makes them behave alike, and :attr:`failure` makes the unit of work refuse
        to commit whatever comes after as if it were the whole unit.
        """
        self.failure = describe(exc)
        self._loaded.clear()
        self._link.failed(exc)
        with contextlib.suppress(DBAPIError, self._dbapi.Error):
            self._link.rollback()
        return error or StorageError(detail=self.failure)

    def forget(self) -> None:
        """Called by the unit of work after a rollback and at its end: what find() read may no
        longer be what is stored."""
        self._loaded.clear()

    # ------------------------------------------------------------------- queries
    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in sequence order (empty for an unknown case)."""
        query = _select_events().where(_events.c.case_id == case_id).order_by(_events.c.seq)
        return [event_from_row(row) for row in self._execute(query)]

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        """The event recorded with this idempotency key, if any."""
        query = _select_events().where(_events.c.idempotency_key == idempotency_key)
        row = self._execute(query).first()
        return None if row is None else event_from_row(row)

    def next_number(self, year: int) -> int:
        """The next case number of ``year`` (1, 2, …), reserved inside this unit of work.

        One upsert, so two writers can never draw the same number: the row lock (PostgreSQL) or
        the write lock (SQLite) makes the second wait for the first to finish.
        """
        number: int = self._execute(_NEXT_NUMBER, {"year": year}).scalar_one()
        return number

    def list(self, query: CaseQuery) -> list[Case]:
        """Cases matching ``query``, most recently changed first.

        Without a status, one range scan of ``ix_cases_status_updated_at`` per status, merged:
        no index orders every case by ``updated_at`` alone, so a single query would read and
        sort them all (82 ms a page at 102,400 cases, and the web app's open-case snapshot
        asks for its changes that way on every refresh).
        """
        if query.status is not None:
            page = self._listing(query, query.status).limit(query.limit).offset(query.offset)
            return [case_from_row(row) for row in self._execute(page)]
        head = query.offset + query.limit
        scans = [
            self._execute(self._listing(query, status).limit(head)).all() for status in CaseStatus
        ]
        newest_first = heapq.merge(*scans, key=_last_change, reverse=True)
        return [case_from_row(row) for row in itertools.islice(newest_first, query.offset, head)]

    def _listing(self, query: CaseQuery, status: CaseStatus) -> Select[Any]:
        """The cases of ``status`` matching ``query``'s filters, most recently changed first."""
        stmt = _SELECT_CASE.where(_cases.c.status == status.value)
        if query.owner is not None:
            stmt = stmt.where(_cases.c.owner == query.owner)
        if query.centre is not None:
            stmt = stmt.where(_cases.c.centre == query.centre)
        if query.workflow is not None:
            stmt = stmt.where(_cases.c.workflow_id == query.workflow)
        if query.step is not None:
            # Meeting steps are stored as "template@body". A prefix comparison rather than LIKE,
            # which would read the "_" of step ids as a wildcard and ignore case on SQLite.
            prefix = f"{query.step}@"
            stmt = stmt.where(
                (_cases.c.step == query.step)
                | (func.substr(_cases.c.step, 1, len(prefix)) == prefix)
            )
        if query.search is not None:
            from casework.adapters.sql.case_search import condition

            stmt = stmt.where(condition(query.search, self._link.dialect.name, _cases.c.id))
        return stmt.order_by(_cases.c.updated_at.desc(), _cases.c.id.desc())

    def urgent(self, limit: int) -> builtins.list[Case]:  # `list` is the method above
        """Open cases by nearest due date (cases without one last, oldest first).

        Two index range scans of ``ix_cases_status_due`` rather than one query ordered by
        ``due IS NULL``, which no index can serve. Both order by the full index key (``due`` is
        NULL throughout the second) so neither backend needs a sort.
        """
        order = (_cases.c.due, _cases.c.opened_at, _cases.c.id)
        is_open = _cases.c.status == CaseStatus.OPEN.value
        with_due = _SELECT_CASE.where(is_open, _cases.c.due.is_not(None))
        found = [
            case_from_row(row) for row in self._execute(with_due.order_by(*order).limit(limit))
        ]
        if len(found) < limit:
            without = _SELECT_CASE.where(is_open, _cases.c.due.is_(None)).order_by(*order)
            rows = self._execute(without.limit(limit - len(found)))
            found.extend(case_from_row(row) for row in rows)
        return found

    def ids(self) -> Iterator[str]:
        """Every case id that has a row or an event (for the audit).

        The case rows come in keyset-paginated chunks of :data:`_ID_CHUNK`, so memory stays
        bounded however many cases there are; then the ids of events without a case row, which
        the foreign key should make impossible but the audit exists to notice.
        """
        last: str | None = None
        while True:
            stmt = select(_cases.c.id).order_by(_cases.c.id).limit(_ID_CHUNK)
            if last is not None:
                stmt = stmt.where(_cases.c.id > last)
            chunk = list(self._execute(stmt).scalars())
            yield from chunk
            if len(chunk) < _ID_CHUNK:
                break
            last = chunk[-1]
        has_row = select(_cases.c.id).where(_cases.c.id == _events.c.case_id).exists()
        orphans = select(_events.c.case_id).where(~has_row).distinct().order_by(_events.c.case_id)
        yield from self._execute(orphans).scalars()

    def _execute(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        try:
            return self._connection.execute(statement, params)
        except DBAPIError as exc:
            raise self._failed(exc) from None


def _last_change(row: Any) -> tuple[str, str]:
    """The order of :meth:`SqlCaseRepository.list`: ``updated_at``, then ``id``."""
    return row[_UPDATED_AT], row[0]


_UPDATED_AT = CASE_COLUMNS.index("updated_at")


def _select_events() -> Select[Any]:
    return select(*(_events.c[name] for name in EVENT_COLUMNS))


def bulk_load(
    engine: Engine,
    cases_with_events: Iterable[tuple[Case, Iterable[CaseEvent]]],
    *,
    chunk_size: int = 5_000,
) -> int:
    """Insert many new cases and their events in one transaction; for seeding and benchmarks.

    Rows go in with ``executemany`` in chunks of ``chunk_size`` cases, bypassing the per-case
    checks of :meth:`SqlCaseRepository.add`; the cases' ``pending`` lists are left untouched.
    Pass ``((case, case.pending) for case in cases)`` for cases built with the domain verbs.

    Returns:
        The number of cases inserted.
    """
    sql = _hot_statements(engine.dialect)
    count = 0
    try:
        with engine.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            case_rows: list[Any] = []
            event_rows: list[Any] = []
            for case, events in cases_with_events:
                case_rows.append(sql.insert_case.bind(case_values(case)))
                event_rows.extend(sql.insert_event.bind(event_values(e)) for e in events)
                if len(case_rows) >= chunk_size:
                    count += _flush(cursor, sql, case_rows, event_rows)
            count += _flush(cursor, sql, case_rows, event_rows)
            cursor.close()
    except (DBAPIError, engine.dialect.loaded_dbapi.Error) as exc:
        raise StorageError(detail=describe(exc)) from None
    return count


def _flush(cursor: Any, sql: _HotStatements, case_rows: list[Any], event_rows: list[Any]) -> int:
    # Cases first: the events' foreign key needs their rows.
    count = len(case_rows)
    if case_rows:
        cursor.executemany(sql.insert_case.sql, case_rows)
    if event_rows:
        cursor.executemany(sql.insert_event.sql, event_rows)
    case_rows.clear()
    event_rows.clear()
    return count


__all__ = ["CASE_COLUMNS", "EVENT_COLUMNS", "SqlCaseRepository", "bulk_load"]
