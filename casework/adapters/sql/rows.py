"""Rows ↔ domain objects for the case tables, shared by the SQLAlchemy store and the sqlite3 reader.

Plain Python on purpose: the read path of the embedded default imports this without SQLAlchemy.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from casework.domain.case import Case
from casework.domain.events import CaseEvent, EventKind, canonical_json, parse_json
from casework.domain.workflow import CaseStatus, Route, route_from_json

#: Columns of ``cases`` in the order of the Case dataclass fields, so a row unpacks into a Case.
CASE_COLUMNS = (
    "id", "workflow_id", "workflow_version", "case_type", "title", "owner", "centre", "route",
    "attributes", "step", "status", "version", "opened_at", "updated_at", "step_entered_at",
    "step_due", "deadline", "reference", "head_hash", "planned",
)  # fmt: skip
#: What ``save`` may change: everything except the key and the opening instant.
_MUTABLE_COLUMNS = (*CASE_COLUMNS[1:12], *CASE_COLUMNS[13:], "due")
EVENT_COLUMNS = (
    "case_id", "seq", "kind", "at", "actor", "data_json", "prev_hash", "hash", "idempotency_key",
)  # fmt: skip

#: Every kept workflow version with the number of cases pinning it, then the versions cases pin
#: that are not kept (snapshot and fingerprint NULL), as :class:`StoredWorkflow` fields.
STORED_WORKFLOWS = (
    "SELECT w.workflow_id, w.version, w.fingerprint, w.snapshot, "
    "(SELECT count(*) FROM cases c "
    "WHERE c.workflow_id = w.workflow_id AND c.workflow_version = w.version) "
    "FROM workflow_versions w "
    "UNION ALL "
    "SELECT c.workflow_id, c.workflow_version, NULL, NULL, count(*) FROM cases c "
    "WHERE NOT EXISTS (SELECT 1 FROM workflow_versions w "
    "WHERE w.workflow_id = c.workflow_id AND w.version = c.workflow_version) "
    "GROUP BY c.workflow_id, c.workflow_version "
    "ORDER BY 1, 2"
)

_STATUS = {status.value: status for status in CaseStatus}
_KIND = {kind.value: kind for kind in EventKind}


@functools.lru_cache(maxsize=4096)
def _route(route_json: str) -> Route:
    # Routes are immutable and shared by many cases; parse each distinct text once.
    return route_from_json(parse_json(route_json))


@functools.lru_cache(maxsize=4096)
def _route_json(route: Route) -> str:
    return canonical_json([entry.as_json() for entry in route])


def case_from_row(row: Sequence[Any]) -> Case:
    """A Case from a row of :data:`CASE_COLUMNS`."""
    values = list(row)
    values[7] = _route(values[7])
    values[8] = parse_json(values[8])
    values[10] = _STATUS[values[10]]
    values[19] = parse_json(values[19]) if values[19] != "{}" else {}
    return Case(*values)


def case_values(
    case: Case,
    *,
    route_json: str | None = None,
    attributes_json: str | None = None,
    planned_json: str | None = None,
) -> tuple[Any, ...]:
    """The row of a case in :data:`CASE_COLUMNS` order, followed by ``due``.

    ``route_json``, ``attributes_json`` and ``planned_json``, when given, are the canonical JSON
    of the case's route, attributes and plan already at hand (the stored text of unchanged ones).
    """
    if route_json is None:
        route_json = _route_json(case.route)
    if attributes_json is None:
        attributes_json = canonical_json(case.attributes)
    if planned_json is None:
        planned_json = canonical_json(case.planned) if case.planned else "{}"
    # str() of a StrEnum member is its value, without the Python-level ``.value`` property.
    return (
        case.id, case.workflow_id, case.workflow_version, case.case_type, case.title, case.owner,
        case.centre, route_json, attributes_json, case.step,
        str(case.status), case.version, case.opened_at, case.updated_at, case.step_entered_at,
        case.step_due, case.deadline, case.reference, case.head_hash, planned_json, case.due,
    )  # fmt: skip


def row_differences(case: Case, stored: dict[str, Any]) -> list[str]:
    """The columns of ``stored`` (a whole ``cases`` row by column name) that differ from the row
    :func:`case_values` writes for ``case``; a column this module does not write counts as
    differing, so a new column cannot escape the audit unnoticed."""
    expected = dict(zip((*CASE_COLUMNS, "due"), case_values(case), strict=True))
    return [
        name for name, value in stored.items() if name not in expected or expected[name] != value
    ]


def event_values(event: CaseEvent) -> tuple[Any, ...]:
    """The row of an event in :data:`EVENT_COLUMNS` order; ``at`` and ``data_json`` verbatim."""
    return (
        event.case_id, event.seq, str(event.kind), event.at, event.actor, event.data_json,
        event.prev_hash, event.hash, event.idempotency_key,
    )  # fmt: skip


def event_from_row(row: Sequence[Any]) -> CaseEvent:
    """A CaseEvent from a row of :data:`EVENT_COLUMNS`."""
    case_id, seq, kind, at, actor, data_json, prev_hash, digest, key = row
    return CaseEvent(case_id, seq, _KIND[kind], at, actor, data_json, prev_hash, digest, key)
