"""Resolving what a case runs on: its pinned workflow version, its concrete graph, its row.

Shared by the use cases of ``handlers`` (cases) and ``plans`` (planning), so neither imports the
other for these.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import ConcurrentUpdate, UnknownWorkflow
from casework.domain.workflow import CaseGraph, CaseStatus, WorkflowDefinition
from casework.services.ports import CaseQuery, UnitOfWork

#: Cases read per round trip when scanning every open case, so memory stays bounded.
_PAGE = 500


def case_graph(config: Configuration, case: Case, uow: UnitOfWork | None = None) -> CaseGraph:
    """The concrete graph a case runs on (its pinned workflow version along its route).

    A version that has left ``config/`` is read from the versions kept with the cases, through
    ``uow`` (which must be entered) when one is given.
    """
    return pinned_definition(config, case, uow).expand(case.route)


def pinned_definition(
    config: Configuration, case: Case, uow: UnitOfWork | None = None
) -> WorkflowDefinition:
    """The workflow version ``case`` pinned when it was opened."""
    try:
        return config.workflow(case.workflow_id, case.workflow_version)
    except UnknownWorkflow:
        kept = uow.workflows.get(case.workflow_id, case.workflow_version) if uow else None
        if kept is None:
            raise
        return kept


def loaded(uow: UnitOfWork, case_id: str, expected_version: int | None) -> Case:
    case = uow.cases.get(case_id)
    if expected_version is not None and expected_version != case.version:
        raise ConcurrentUpdate(case_id=case.id, expected=expected_version, actual=case.version)
    return case


def open_cases(uow: UnitOfWork) -> Iterator[Case]:
    """Every open case, read page by page (planning and agendas scan them all)."""
    offset = 0
    while True:
        page = uow.cases.list(CaseQuery(status=CaseStatus.OPEN, limit=_PAGE, offset=offset))
        yield from page
        if len(page) < _PAGE:
            return
        offset += _PAGE
