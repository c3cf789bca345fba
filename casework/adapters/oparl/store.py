"""The ``oparl_*`` tables and the imported cases, written in batches inside one transaction.

:class:`SqlOParlStore` is the :class:`~casework.services.ports.OParlStore` of the SQL
adapter. It reads what an earlier import left (digests by OParl id, the paper → case index, the
case counters) in a handful of queries, and writes every change with ``executemany`` in chunks:
the Karlsruhe dump (14,000 papers) would otherwise cost tens of thousands of round trips.
Organisations, meetings and agenda items are upserted (``ON CONFLICT DO UPDATE`` on both
backends). New cases and their events go in as rows built by the same mapping as the repository
(``rows.py``); the few changed cases go through :meth:`SqlCaseRepository.save`, so the version
check guards them.

:func:`imported_bodies` and :func:`imported_routes` read back what the import made;
:func:`all_histories` reads every case with its events in two scans, for ``casework stats``
over a whole imported council (the port-only reader costs two queries per case).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from casework.adapters.sql.repository import SqlCaseRepository
from casework.adapters.sql.rows import (
    CASE_COLUMNS,
    EVENT_COLUMNS,
    case_from_row,
    case_values,
    event_from_row,
    event_values,
)
from casework.adapters.sql.tables import (
    case_counters,
    case_events,
    cases,
    oparl_agenda_items,
    oparl_meetings,
    oparl_organizations,
    oparl_papers,
)
from casework.adapters.sql.workflows import SqlWorkflowRepository
from casework.domain.case import Case
from casework.domain.events import CaseEvent
from casework.domain.workflow import WorkflowDefinition
from casework.services.ports import ImportChanges

#: Rows per executemany.
CHUNK = 5_000
#: New cases per batch when the import reports its progress.
PROGRESS_CHUNK = 500
_CASE_KEYS = (*CASE_COLUMNS, "due")


class SqlOParlStore:
    """:class:`~casework.services.ports.OParlStore` on one connection in a transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._counters: dict[int, int] | None = None

    def organizations(self) -> dict[str, tuple[str, str]]:
        """Stored organisations: OParl id -> (body key, digest)."""
        t = oparl_organizations
        rows = self._connection.execute(select(t.c.oparl_id, t.c.body, t.c.digest))
        return {oid: (body, digest) for oid, body, digest in rows}

    def digests(self, kind: str) -> dict[str, str]:
        """Stored digests of ``meeting`` or ``agenda_item`` records by OParl id."""
        table = {"meeting": oparl_meetings, "agenda_item": oparl_agenda_items}[kind]
        rows = self._connection.execute(select(table.c.oparl_id, table.c.digest))
        return {str(oid): str(digest) for oid, digest in rows}

    def papers(self) -> dict[str, tuple[str, str]]:
        """Stored papers: OParl id -> (case id, digest)."""
        t = oparl_papers
        rows = self._connection.execute(select(t.c.oparl_id, t.c.case_id, t.c.digest))
        return {oid: (case_id, digest) for oid, case_id, digest in rows}

    def history(self, case_id: str) -> tuple[Case, list[CaseEvent]]:
        """An imported case and its events."""
        repository = SqlCaseRepository(self._connection)
        return repository.get(case_id), repository.events(case_id)

    def counters(self) -> dict[int, int]:
        """The last case number handed out per year."""
        if self._counters is None:
            rows = self._connection.execute(
                select(case_counters.c.year, case_counters.c.last_number)
            )
            self._counters = {int(year): int(number) for year, number in rows}
        return dict(self._counters)

    def register_workflow(self, definition: WorkflowDefinition, at: str) -> None:
        """Keep the import workflow's snapshot beside the cases that pin it."""
        SqlWorkflowRepository(self._connection).register(definition, at)

    def write(self, changes: ImportChanges, written: Callable[[int], None] | None = None) -> None:
        """Write every change, in batches; the caller commits. ``written(n)`` after each batch
        of new cases and each updated case."""
        self._upsert(oparl_organizations, changes.organizations)
        self._upsert(oparl_meetings, changes.meetings)
        self._upsert(oparl_agenda_items, changes.agenda_items)
        # Smaller batches when someone watches: 500 rows a statement cost no more than 5,000.
        for chunk in _chunks(changes.new_cases, CHUNK if written is None else PROGRESS_CHUNK):
            self._execute_many(
                insert(cases), [dict(zip(_CASE_KEYS, case_values(c), strict=True)) for c in chunk]
            )
            events = [
                dict(zip(EVENT_COLUMNS, event_values(e), strict=True))
                for c in chunk
                for e in c.pending
            ]
            for part in _chunks(events):
                self._execute_many(insert(case_events), part)
            for case in chunk:
                case.pending.clear()
            if written is not None:
                written(len(chunk))
        repository = SqlCaseRepository(self._connection)
        for case, version in changes.updated_cases:
            repository.save(case, version)
            if written is not None:
                written(1)
        new = [p for p in changes.papers if p["imported_at"] is not None]
        for chunk in _chunks(new):
            self._execute_many(insert(oparl_papers), chunk)
        for row in (p for p in changes.papers if p["imported_at"] is None):
            values = {k: v for k, v in row.items() if k not in {"oparl_id", "imported_at"}}
            self._connection.execute(
                update(oparl_papers).where(oparl_papers.c.oparl_id == row["oparl_id"]),
                values,
            )
        for year, number in changes.counters.items():
            self._upsert(case_counters, [{"year": year, "last_number": number}], key="year")

    def _upsert(self, table: Table, rows: Sequence[dict[str, Any]], key: str = "oparl_id") -> None:
        if not rows:
            return
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        for chunk in _chunks(rows):
            statement = dialect.insert(table)
            columns = [c for c in chunk[0] if c != key]
            statement = statement.on_conflict_do_update(
                index_elements=[key], set_={c: statement.excluded[c] for c in columns}
            )
            self._execute_many(statement, chunk)

    def _execute_many(self, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self._connection.execute(statement, list(rows))


def _chunks(rows: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def imported_bodies(connection: Connection) -> dict[str, dict[str, Any]]:
    """Imported bodies by body key: name, short name, OParl id."""
    t = oparl_organizations
    rows = connection.execute(select(t.c.body, t.c.name, t.c.short_name, t.c.oparl_id))
    return {
        body: {"name": name, "short_name": short, "oparl_id": oid}
        for body, name, short, oid in rows
    }


def imported_routes(connection: Connection) -> dict[str, list[tuple[str, str]]]:
    """Each imported paper's route as (body name, route role) pairs, by the paper's OParl id.

    The body key of an imported route *is* the organisation's name (made unique), so this is the
    case's route as stored; the role is ``indstiller``, ``beslutter``, ``orienteres`` or
    ``droefter``.
    """
    rows = connection.execute(
        select(oparl_papers.c.oparl_id, cases.c.route).join(
            cases, cases.c.id == oparl_papers.c.case_id
        )
    )
    return {oid: [(e["body"], e["role"]) for e in json.loads(route)] for oid, route in rows}


def all_histories(connection: Connection) -> Iterator[tuple[Case, list[CaseEvent]]]:
    """Every case with its events (in ``seq`` order), in case id order: two scans in all."""
    rows = connection.execute(
        select(*(cases.c[name] for name in CASE_COLUMNS)).order_by(cases.c.id)
    )
    by_id = {row[0]: case_from_row(row) for row in rows}
    events = connection.execute(
        select(*(case_events.c[name] for name in EVENT_COLUMNS)).order_by(
            case_events.c.case_id, case_events.c.seq
        )
    )
    for case_id, group in itertools.groupby(events, key=lambda row: row[0]):
        case = by_id.get(case_id)
        if case is not None:  # events without a case row: audit verify reports those
            yield case, [event_from_row(row) for row in group]
