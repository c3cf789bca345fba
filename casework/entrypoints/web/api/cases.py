"""Cases: listing, my cases, opening, one case with its history, and what can be done to it
(actions, decisions from the minutes, attributes, route, plan), each through one use case of
the application service and answered as its view model (:class:`casework.app.views.CaseRow`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.errors import IdempotencyConflict
from casework.entrypoints.web.api.common import (
    Person,
    case_json,
    changed,
    command,
    permission_on,
    result_json,
    route_of,
    services_of,
    snapshot,
    visible,
)
from casework.entrypoints.web.api_errors import ApiRoute, lang_of
from casework.entrypoints.web.api_models import (
    ActionRequest,
    AttributesRequest,
    DecisionRequest,
    OpenCaseRequest,
    PlanRequest,
    RouteRequest,
)

router = APIRouter(route_class=ApiRoute)


@router.get("/cases", summary="Sager, nyeste ændring først (kun dem du må se)")
def list_cases(  # noqa: PLR0917 - the listing's filters are its query parameters
    request: Request,
    person: Person,
    status: Literal["open", "closed", "all"] = "open",
    owner: Annotated[str | None, Query(max_length=100)] = None,
    centre: Annotated[str | None, Query(max_length=100)] = None,
    step: Annotated[str | None, Query(max_length=100)] = None,
    workflow: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    """Cases matching the filters; cases the caller may not see are left out.

    The limit applies before that filter, so a page may hold fewer cases than ``limit``.
    """
    from casework.app import CaseQuery
    from casework.domain.workflow import CaseStatus

    services = services_of(request)
    statuses = {"open": CaseStatus.OPEN, "closed": CaseStatus.CLOSED, "all": None}
    cases = services.cases(
        CaseQuery(
            status=statuses[status],
            owner=owner,
            centre=centre,
            step=step,
            workflow=workflow,
            limit=limit,
        )
    )
    visible = access.visible_cases(services.config.municipality, person, cases)
    return [case_json(services, c, person) for c in visible]


@router.get("/cases/mine", summary="Mine sager: mine egne og dem der venter på mig")
def my_cases(request: Request, person: Person) -> dict[str, list[dict[str, Any]]]:
    """The caller's open cases (``owned``) and others' waiting for them (``waiting``).

    Both nearest due date first, as on the HTML page "Mine sager".
    """
    services = services_of(request)
    rows = [(e.case, e.responsible) for e in snapshot(request).visible(services, person)]
    owned = [case for case, _ in rows if case.owner == person]
    waiting = [case for case, who in rows if person in who and case.owner != person]
    return {
        "owned": [case_json(services, c, person) for c in owned],
        "waiting": [case_json(services, c, person) for c in waiting],
    }


@router.post("/cases", status_code=201, summary="Opret en sag")
def open_case(request: Request, person: Person, body: OpenCaseRequest) -> dict[str, Any]:
    """Open a case as the caller; routed by the delegation plan unless a route is given.

    With ``origin`` (a discussion case's number) the case is opened already linked to the
    discussion it comes from, in one transaction: an origin that does not exist or that the
    caller may not see (404, CW201), or that is not a discussion (422, CW920), opens nothing."""
    from casework.domain.commands import OpenCase

    services = services_of(request)
    municipality = services.config.municipality
    owner = municipality.person(body.owner) if body.owner else municipality.people[person]
    centre = body.centre or min(owner.centres, default=None)
    access.require(municipality, person, Permission.OPEN_CASE, centre=centre)
    if owner.id != person and centre not in owner.centres:
        raise access.denied(Permission.OPEN_CASE)
    cmd = command(
        OpenCase,
        workflow=body.workflow,
        title=body.title,
        actor=person,
        route=route_of(body.route),
        attributes=body.attributes,
        owner=body.owner,
        centre=body.centre,
        deadline=body.deadline,
        reference=body.reference,
        idempotency_key=body.idempotency_key,
    )
    if body.origin is not None:
        case = services.discussions.open_with_origin(cmd, body.origin)
    else:
        case = services.open_case(cmd)
    changed(request)
    if not access.can_view_case(municipality, person, case):
        # A retried key found a case opened earlier by someone else, which this caller may not
        # see; say no more than that the key is taken.
        raise IdempotencyConflict(key=body.idempotency_key, other="–")
    return case_json(services, case, person)


@router.get("/cases/{case_id}", summary="En sag med historik og beslutning")
def case_detail(request: Request, person: Person, case_id: str) -> dict[str, Any]:
    """The case, the actions the caller may take, its history and its last decision."""
    services = services_of(request)
    case, events = visible(services, person, case_id)
    data = services.views.case(case, events, "da", actor=person).as_json()
    data["history"] = services.bilag.events_json(case, events, person)
    return data


@router.get("/cases/{case_id}/history", summary="Sagens hændelser (hash-kæde)")
def case_history(request: Request, person: Person, case_id: str) -> list[dict[str, Any]]:
    """The case's hash-chained events."""
    services = services_of(request)
    case, events = visible(services, person, case_id)
    return services.bilag.events_json(case, events, person)


@router.get("/cases/{case_id}/presentation", summary="Sagsfremstillingen (en version)")
def case_presentation(
    request: Request, person: Person, case_id: str, version: int | None = None
) -> dict[str, Any]:
    """The case's presentation as of ``version`` (default the latest): ``App.presentation``."""
    services = services_of(request)
    visible(services, person, case_id)
    return services.presentation(case_id, version, "da").as_json()


@router.get("/cases/{case_id}/check", summary="Kvalitetssikring af sagsfremstillingen")
def case_check(request: Request, person: Person, case_id: str) -> dict[str, Any]:
    """The quality checks (Q001-Q007) at the case's current step, as ``case check --json``."""
    services = services_of(request)
    visible(services, person, case_id)
    return services.presentations.check(case_id, "da").as_json()


@router.post("/cases/{case_id}/actions", summary="Udfør en handling på sagen")
def take_action(
    request: Request, person: Person, case_id: str, body: ActionRequest
) -> dict[str, Any]:
    """Take one action; the engine checks the step, the caller's role and centre, the guard."""
    from casework.domain.commands import AdvanceCase

    services = services_of(request)
    visible(services, person, case_id)
    cmd = command(AdvanceCase, case_id=case_id, actor=person, **body.model_dump())
    result = services.advance(cmd)
    changed(request)
    return result_json(services, result, person)


@router.post("/cases/{case_id}/decision", summary="Registrér et organs beslutning (referat)")
def record_decision(
    request: Request, person: Person, case_id: str, body: DecisionRequest
) -> dict[str, Any]:
    """Record a decision from the minutes; it moves the case (secretariat)."""
    from casework.domain.commands import Minutes, RecordDecision

    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.RECORD_MINUTES, case)
    values = body.model_dump()
    keys = ("outcome", "text", "votes", "meeting", "to_body", "in_favour", "against",
            "abstaining", "minority", "entries")  # fmt: skip
    minutes = command(Minutes, **{k: values.pop(k) for k in keys})
    cmd = command(RecordDecision, case_id=case_id, actor=person, minutes=minutes, **values)
    result = services.decide(cmd)
    changed(request)
    return result_json(services, result, person)


@router.patch("/cases/{case_id}/attributes", summary="Ret sagens attributter")
def change_attributes(
    request: Request, person: Person, case_id: str, body: AttributesRequest
) -> dict[str, Any]:
    """Set or clear attributes; a plan-routed case is evaluated again."""
    from casework.domain.commands import ChangeAttributes

    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.CHANGE_ATTRIBUTES, case)
    cmd = command(ChangeAttributes, case_id=case_id, actor=person, **body.model_dump())
    case = services.change_attributes(cmd)
    changed(request)
    return case_json(services, case, person)


@router.put("/cases/{case_id}/route", summary="Ændr sagens sagsgang (med begrundelse)")
def change_route(
    request: Request, person: Person, case_id: str, body: RouteRequest
) -> dict[str, Any]:
    """Override the route of bodies; the reason stays in the history."""
    from casework.domain.commands import ChangeRoute

    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.CHANGE_ROUTE, case)
    values = body.model_dump()
    values["route"] = route_of(values["route"])
    cmd = command(ChangeRoute, case_id=case_id, actor=person, **values)
    case = services.change_route(cmd)
    changed(request)
    return case_json(services, case, person)


@router.post("/cases/{case_id}/plan", summary="Planlæg sagen og gem planen")
def plan_case(request: Request, person: Person, case_id: str, body: PlanRequest) -> dict[str, Any]:
    """Record a plan (the earliest meetings, or backwards from ``target_body``/``target_date``)."""
    from casework.domain.commands import PlanCase

    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.PLAN_CASE, case)
    cmd = command(PlanCase, case_id=case_id, actor=person, **body.model_dump())
    case = services.plan(cmd)
    changed(request)
    return case_json(services, case, person)


@router.get("/cases/{case_id}/plan", summary="Sagens plan: de tidligste møder og fristerne")
def case_plan(
    request: Request, person: Person, case_id: str, ready: dt.date | None = None
) -> dict[str, Any]:
    """The earliest feasible meetings for the rest of the route, and every step's deadline."""
    services = services_of(request)
    case, _ = visible(services, person, case_id)
    plan = services.preview_plan(case, ready)
    return {"case": case.id, **plan.as_json(lang_of(request))}
