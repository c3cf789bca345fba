"""Planning use cases: record a case's plan, re-plan it when things change, plan towards a meeting.

The planner itself is pure (``casework.domain.planning``); these functions load the case, call it
with the meeting plan and the other cases' bookings, and record the result as ``case.planned``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidInput
from casework.domain.event_types import AttributesChanged, CaseAdvanced, RouteChanged
from casework.domain.events import CaseEvent, EventKind
from casework.domain.workflow import (
    CaseStatus,
    TransitionKind,
    WorkflowDefinition,
    split_step_id,
)
from casework.services.ports import Clock, UnitOfWork
from casework.services.resolve import case_graph, loaded, open_cases, pinned_definition

if TYPE_CHECKING:
    from casework.domain.commands import OpenCase, PlanCase
    from casework.domain.planning import CasePlan, Planner


def plan_case(uow: UnitOfWork, config: Configuration, clock: Clock, cmd: PlanCase) -> Case:
    """Plan the rest of a case's route onto the meeting plan and record it (``case.planned``).

    Raises:
        InvalidInput: no calendar or meeting plan is configured.
        NoFeasibleChain: no chain of meetings fits (the reasons attached).
    """
    if config.calendar is None:
        raise InvalidInput(detail="config/calendar.yaml / config/meetings/")
    with uow:
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        loaded_version = case.version
        config.municipality.person(cmd.actor)
        target = None
        if cmd.target_body is not None and cmd.target_date is not None:
            target = (cmd.target_body, cmd.target_date)
        _record_plan(
            uow, config, case, ready=cmd.ready or clock.today(), actor=cmd.actor,
            at=clock.now(), reason=None, target=target,
        )  # fmt: skip
        uow.cases.save(case, expected_version=loaded_version)
        uow.commit()
    return case


def open_and_plan(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    cmd: OpenCase,
    target: tuple[str, dt.date],
) -> Case:
    """Open a case and plan it backwards from the meeting ``target`` in one unit of work.

    ``case new --target-meeting``: a case that cannot be planned for the meeting (too soon, a
    body not on the route, no meeting that day: CW217) is not opened either, so a retry with
    another meeting starts from nothing. A retry with the same idempotency key returns the case
    (and plan) of the first call.
    """
    from casework.services import handlers

    return handlers.open_case(uow, config, clock, cmd, then=planner(config, clock, cmd, target))


def planner(
    config: Configuration, clock: Clock, cmd: OpenCase, target: tuple[str, dt.date]
) -> Callable[[UnitOfWork, Case], None]:
    """What plans a case being opened by ``cmd`` backwards from ``target``, in the unit of work
    that opens it (:func:`open_and_plan`, and a case opened with its origin)."""
    if config.calendar is None:
        raise InvalidInput(detail="config/calendar.yaml / config/meetings/")

    def plan(uow: UnitOfWork, case: Case) -> None:
        _record_plan(
            uow, config, case, ready=clock.today(), actor=cmd.actor, at=clock.now(),
            reason=None, target=target,
        )  # fmt: skip

    return plan


def replan_stale(
    uow_factory: Callable[[], UnitOfWork], config: Configuration, clock: Clock, actor: str
) -> list[str]:
    """Plan again every open case whose recorded plan names a meeting the plan no longer has.

    Run after the meeting plan changes (a meeting moved or cancelled): the cases planned for
    it get new meetings and deadlines, each recorded as a ``case.planned`` event. Returns the
    ids of the cases planned again.
    """
    calendar = config.calendar
    if calendar is None:
        raise InvalidInput(detail="config/calendar.yaml / config/meetings/")
    config.municipality.person(actor)
    held = {(m.body, m.date.isoformat()) for m in calendar.meetings.select()}
    stale: list[str] = []
    with uow_factory() as uow:
        for case in open_cases(uow):
            if not case.planned:
                continue
            graph = case_graph(config, case, uow)
            for step_id, due in case.planned.items():
                node = graph.steps.get(step_id)
                if node is not None and node.body is not None and (node.body, due) not in held:
                    stale.append(case.id)
                    break
    for case_id in stale:
        plan_case(uow_factory(), config, clock, _plan_command(case_id, actor))
    return stale


def _plan_command(case_id: str, actor: str) -> PlanCase:
    from casework.domain.commands import PlanCase as PlanCaseCommand

    return PlanCaseCommand(case_id=case_id, actor=actor)


def _record_plan(
    uow: UnitOfWork,
    config: Configuration,
    case: Case,
    *,
    ready: dt.date,
    actor: str,
    at: dt.datetime,
    reason: str | None,
    target: tuple[str, dt.date] | None = None,
) -> None:
    from casework.domain.planning import Planner

    calendar = config.calendar
    assert calendar is not None
    planner = Planner(calendar.calendar, calendar.meetings, calendar.rules)
    definition = pinned_definition(config, case, uow)
    if target is None:
        booked = _bookings(uow, config, exclude=case.id)
        plan = planner.plan(definition, case.route, ready, from_step=case.step, booked=booked)
    else:
        plan = plan_towards(planner, definition, case, ready, target)
    case.record_plan(
        actor=actor,
        at=at,
        meetings=[m.as_json() for m in plan.meetings],
        steps={s.step: s.due.isoformat() for s in plan.steps},
        ready=ready,
        reason=reason,
    )


def _bookings(
    uow: UnitOfWork, config: Configuration, *, exclude: str
) -> dict[tuple[str, dt.date], int]:
    """How many open cases' recorded plans take each meeting (body, date), so a meeting's
    capacity (``calendar.yaml``) counts the items already planned for it."""
    booked: dict[tuple[str, dt.date], int] = {}
    for other in open_cases(uow):
        if other.id == exclude or not other.planned:
            continue
        for step_id, due in other.planned.items():
            if step_id.endswith("#agenda"):
                continue
            body = split_step_id(step_id)[1]
            if body:
                key = (body, dt.date.fromisoformat(due))
                booked[key] = booked.get(key, 0) + 1
    return booked


def plan_towards(
    planner: Planner,
    definition: WorkflowDefinition,
    case: Case,
    ready: dt.date,
    target: tuple[str, dt.date],
) -> CasePlan:
    """The plan that reaches ``target`` (body, meeting date) from the case's step, with every
    deadline as late as it can be (:meth:`casework.domain.planning.Planner.towards`, which
    the flow board's reachable meetings ask too, through ``Planner.reaches``).

    Raises:
        TargetMeetingNotFeasible: the case cannot be planned for that meeting.
    """
    return planner.towards(
        definition, case.route, ready, target, from_step=case.step, case_id=case.id
    )


#: The bus handler that plans a case again after a change to its route or its place in it.
REPLAN = "plans.replan"


def replan_reason(event: CaseEvent) -> str | None:
    """Why ``event`` calls for planning its case again, or None when it does not.

    A postponed or returned case misses the meetings it was planned for; a changed route (an
    override, a referral, or a re-evaluated delegation plan) goes through other bodies.
    """
    payload = event.payload
    if isinstance(payload, CaseAdvanced):
        if payload.kind in {TransitionKind.POSTPONE, TransitionKind.RETURN}:
            return payload.action
        return None
    if isinstance(payload, RouteChanged):
        return "route"
    if isinstance(payload, AttributesChanged) and payload.route is not None:
        return "route"
    return None


def replan_handler(config: Configuration, clock: Clock) -> Callable[[UnitOfWork, CaseEvent], None]:
    """The bus handler for :data:`REPLAN`: plan a planned, open case again after ``event``.

    It runs after the change is committed, in a unit of work of its own, so planning that finds
    no chain no longer refuses (or hides inside) the change: it raises, and the bus records the
    error on the dispatch row and retries. A plan recorded after the event already answers it.
    """

    def handle(uow: UnitOfWork, event: CaseEvent) -> None:
        reason = replan_reason(event)
        case = uow.cases.get(event.case_id)
        if reason is None or not case.planned or config.calendar is None:
            return
        if case.status is not CaseStatus.OPEN:
            return
        later = [e for e in uow.cases.events(case.id) if e.seq > event.seq]
        if any(e.kind is EventKind.PLANNED for e in later):
            return
        after = later[0].payload if later else None
        referred = isinstance(after, CaseAdvanced) and after.minutes is not None
        if isinstance(event.payload, RouteChanged) and referred:
            # A referral ("oversendt") records the route change and the decision together.
            reason = "oversendt"
        loaded_version = case.version
        _record_plan(uow, config, case, ready=clock.today(), actor=event.actor,
                     at=clock.now(), reason=reason)  # fmt: skip
        uow.cases.save(case, expected_version=loaded_version)

    return handle
