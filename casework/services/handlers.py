"""Use cases: one function per command, each one unit of work around one domain verb.

Handlers load aggregates through the repositories, call the domain, save and commit. They raise
only :class:`~casework.domain.errors.CaseworkError` subclasses for anything a user can cause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.domain.audit import verify_case
from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import (
    ConcurrentUpdate,
    Finding,
    IdempotencyConflict,
    InvalidAttribute,
    NotFound,
    UnknownWorkflow,
)
from casework.domain.events import CaseEvent, format_instant
from casework.domain.messages import Msg
from casework.domain.routes import build_route
from casework.domain.workflow import CaseGraph, WorkflowDefinition
from casework.services.ports import CaseQuery, Clock, UnitOfWork

if TYPE_CHECKING:  # commands are pydantic models built by the entry points
    from casework.domain.commands import AdvanceCase, OpenCase


@dataclass(frozen=True, slots=True)
class AdvanceResult:
    """The case after an advance, the event it produced, and whether it was a retry."""

    case: Case
    event: CaseEvent
    replayed: bool = False


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


def open_case(uow: UnitOfWork, config: Configuration, clock: Clock, cmd: OpenCase) -> Case:
    """Open a case; with an idempotency key, a retry returns the case opened the first time."""
    municipality = config.municipality
    definition = config.workflow(cmd.workflow)
    actor = municipality.person(cmd.actor)
    owner = municipality.person(cmd.owner) if cmd.owner else actor
    centre = cmd.centre or min(owner.centres, default="")
    if centre not in municipality.centres:
        raise InvalidAttribute(attribute="centre", detail=Msg("attribute.required"))
    attributes = municipality.check_attributes(cmd.attributes)
    route = build_route(cmd.route, definition, municipality)
    graph = definition.expand(route)
    now, today = clock.now(), clock.today()
    with uow:
        if cmd.idempotency_key:
            earlier = uow.cases.event_by_key(cmd.idempotency_key)
            if earlier is not None:
                return _opened_before(uow, earlier, cmd)
        uow.workflows.register(definition, format_instant(now))
        number = uow.cases.next_number(today.year)
        case = Case.open(
            case_id=f"{today.year}-{number:04d}",
            graph=graph,
            title=cmd.title,
            owner=owner.id,
            centre=centre,
            attributes=attributes,
            at=now,
            today=today,
            actor=actor.id,
            deadline=cmd.deadline,
            reference=cmd.reference,
            idempotency_key=cmd.idempotency_key,
            calendar=config.work_calendar,
        )
        uow.cases.add(case)
        uow.commit()
    return case


def _opened_before(uow: UnitOfWork, earlier: CaseEvent, cmd: OpenCase) -> Case:
    if earlier.seq != 1 or earlier.data.get("title") != cmd.title:
        raise IdempotencyConflict(key=cmd.idempotency_key, other=f"{earlier.case_id}#{earlier.seq}")
    return uow.cases.get(earlier.case_id)


def advance_case(
    uow: UnitOfWork, config: Configuration, clock: Clock, cmd: AdvanceCase
) -> AdvanceResult:
    """Take one action on one case, in its own transaction."""
    with uow:
        result = _advance(uow, config, cmd, clock.now(), clock.today())
        if not result.replayed:
            uow.commit()
    return result


def advance_many(
    uow: UnitOfWork, config: Configuration, clock: Clock, cmds: Sequence[AdvanceCase]
) -> list[AdvanceResult]:
    """Take several actions in one transaction: all of them happen, or none does."""
    now, today = clock.now(), clock.today()
    with uow:
        results = [_advance(uow, config, cmd, now, today) for cmd in cmds]
        uow.commit()
    return results


def _advance(
    uow: UnitOfWork, config: Configuration, cmd: AdvanceCase, now: dt.datetime, today: dt.date
) -> AdvanceResult:
    if cmd.idempotency_key:
        earlier = uow.cases.event_by_key(cmd.idempotency_key)
        if earlier is not None:
            same = (earlier.case_id, earlier.data.get("action"), earlier.actor) == (
                cmd.case_id,
                cmd.action,
                cmd.actor,
            )
            if not same:
                raise IdempotencyConflict(
                    key=cmd.idempotency_key, other=f"{earlier.case_id}#{earlier.seq}"
                )
            return AdvanceResult(uow.cases.get(cmd.case_id), earlier, replayed=True)
    case = uow.cases.get(cmd.case_id)
    if cmd.expected_version is not None and cmd.expected_version != case.version:
        raise ConcurrentUpdate(case_id=case.id, expected=cmd.expected_version, actual=case.version)
    loaded_version = case.version
    event = case.advance(
        graph=case_graph(config, case, uow),
        municipality=config.municipality,
        actor=cmd.actor,
        action=cmd.action,
        at=now,
        today=today,
        comment=cmd.comment,
        idempotency_key=cmd.idempotency_key,
        calendar=config.work_calendar,
    )
    uow.cases.save(case, expected_version=loaded_version)
    return AdvanceResult(case, event)


def get_case(uow: UnitOfWork, case_id: str) -> tuple[Case, list[CaseEvent]]:
    """A case and its history (read-only)."""
    with uow:
        return uow.cases.get(case_id), uow.cases.events(case_id)


def register_workflows(uow: UnitOfWork, config: Configuration, clock: Clock) -> None:
    """Keep every configured workflow version; refuse one changed under a pinned version."""
    at = format_instant(clock.now())
    with uow:
        for definition in config.workflows.values():
            uow.workflows.register(definition, at)
        uow.commit()


def list_cases(uow: UnitOfWork, query: CaseQuery) -> list[Case]:
    """Cases matching ``query``."""
    with uow:
        return uow.cases.list(query)


def urgent_cases(uow: UnitOfWork, limit: int = 50) -> list[Case]:
    """The ``limit`` open cases with the nearest due dates."""
    with uow:
        return uow.cases.urgent(limit)


def history(uow: UnitOfWork, case_id: str) -> list[CaseEvent]:
    """A case's events, oldest first; :class:`NotFound` for an unknown case."""
    with uow:
        events = uow.cases.events(case_id)
        if not events and uow.cases.find(case_id) is None:
            raise NotFound(case_id=case_id)
        return events


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What ``audit verify`` found: cases and events checked, and every problem."""

    cases: int
    events: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def verify_audit(uow: UnitOfWork, case_ids: Iterable[str] | None = None) -> AuditReport:
    """Check every event's hash, each case's chain, and that each row equals its replay."""
    findings: list[Finding] = []
    cases = events_seen = 0
    with uow:
        ids = list(case_ids) if case_ids is not None else sorted(uow.cases.ids())
        for case_id in ids:
            stored = uow.cases.find(case_id)
            events = uow.cases.events(case_id)
            if stored is None and not events and case_ids is not None:
                raise NotFound(case_id=case_id)
            cases += 1
            events_seen += len(events)
            findings.extend(verify_case(case_id, stored, events))
    return AuditReport(cases, events_seen, tuple(findings))
