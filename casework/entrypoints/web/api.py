"""The JSON API under ``/api/v1`` (issue 8): the web app's operations, for integrations.

Callers authenticate with an API token (``Authorization: Bearer cw_…``, made with ``casework
token create``) and act as the token's person: the same policy (:mod:`casework.domain.access`)
decides what they see, and the same engine decides which case actions they may take. Request
bodies become the CLI's pydantic commands (:mod:`casework.domain.commands`), so a request is
refused with the same message as the command line would give.

Every error is JSON ``{"error": {"code": "CW2xx", "message": "…"}}`` with a 4xx status (Danish
messages; ``Accept-Language: en`` for English): 401 without a valid token, 403 when the policy
or the engine denies, 404 for a case the caller may not see as well as one that does not exist
(a closed item must not betray its existence), 409 when the case's state refuses the request,
422 for malformed input. The OpenAPI description is at ``/openapi.json``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from casework.domain import access
from casework.domain.access import NotSignedIn, Permission
from casework.domain.errors import IdempotencyConflict, NotFound
from casework.entrypoints.web.api_errors import ERRORS, ApiRoute, invalid, lang_of
from casework.entrypoints.web.api_models import (
    ActionRequest,
    AttributesRequest,
    DecisionRequest,
    OpenCaseRequest,
    PlanRequest,
    RouteRequest,
)

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case
    from casework.entrypoints.web.snapshot import CaseSnapshot, Snapshot


# ----------------------------------------------------------------------------- router
router = APIRouter(prefix="/api/v1", route_class=ApiRoute, responses=ERRORS, tags=["api"])

# ----------------------------------------------------------------------------- auth
_bearer = HTTPBearer(auto_error=False, description="Et adgangstoken fra `casework token create`")


def _services(request: Request) -> App:
    services: App = request.app.state.services
    return services


def _accounts(request: Request) -> Any:
    store = request.app.state.accounts
    # The app keeps a lazy getter (built on first use); a store passed in directly also works.
    return store if hasattr(store, "person_for_token") else store()


def signed_in(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The person the request's API token belongs to.

    Raises:
        NotSignedIn: no token, or one that is unknown, revoked or of a person no longer
            configured.
    """
    if credentials is None or not credentials.credentials:
        raise NotSignedIn
    person = _accounts(request).person_for_token(credentials.credentials)
    if person is None or person not in _services(request).config.municipality.people:
        raise NotSignedIn
    return str(person)


Person = Annotated[str, Depends(signed_in)]


# ----------------------------------------------------------------------------- helpers
def _command(model: Any, **values: Any) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        raise invalid(exc.errors()) from None


def _route(text: str | None) -> list[tuple[str, str]] | None:
    from casework.domain.routes import parse_route

    return parse_route(text) if text is not None else None


def _visible(services: App, person: str, case_id: str) -> tuple[Case, list[Any]]:
    """A case with its events, or NotFound when the person may not see it."""
    case, events = services.case(case_id)
    if not access.can_view_case(services.config.municipality, person, case):
        raise NotFound(case_id=case_id)
    return case, events


def _case_json(services: App, case: Case, person: str) -> dict[str, Any]:
    """The case with the actions ``person`` may take: the CLI's ``--json`` shape, in Danish."""
    return services.views.row(case, "da", actor=person).as_json()


def _result_json(services: App, result: Any, person: str) -> dict[str, Any]:
    return {
        "replayed": result.replayed,
        "event": result.event.as_json(),
        "case": _case_json(services, result.case, person),
    }


def _permission_on(services: App, person: str, permission: Permission, case: Case) -> None:
    if not access.may_on_case(services.config.municipality, person, permission, case):
        raise access.denied(permission)


# ----------------------------------------------------------------------------- who
@router.get("/me", summary="Den indloggede person, roller og rettigheder")
def me(request: Request, person: Person) -> dict[str, Any]:
    """Who the token signs in, with roles, centres and what the policy grants."""
    municipality = _services(request).config.municipality
    found = municipality.people[person]
    return {
        "id": found.id,
        "name": found.name,
        "roles": sorted(found.roles),
        "centres": sorted(found.centres),
        "permissions": sorted(p.value for p in access.permissions(municipality, person)),
    }


@router.get("/tokens", summary="Adgangstokens (uden hemmeligheder)")
def tokens(
    request: Request,
    person: Person,
    owner: Annotated[str | None, Query(alias="person", max_length=100)] = None,
) -> list[dict[str, Any]]:
    """The caller's tokens, or another person's for who may manage tokens."""
    if owner is not None and owner != person:
        access.require(_services(request).config.municipality, person, Permission.MANAGE_TOKENS)
    found = _accounts(request).list_tokens(owner or person)
    return [t.as_json() for t in found]


@router.delete("/tokens/{token_id}", summary="Tilbagekald et adgangstoken")
def revoke_token(request: Request, person: Person, token_id: str) -> dict[str, Any]:
    """Revoke one of the caller's tokens (anyone's, for who may manage tokens)."""
    municipality = _services(request).config.municipality
    anyones = access.allowed(municipality, person, Permission.MANAGE_TOKENS)
    # Someone else's token is "not found" to whoever may not manage it, so ids reveal nothing.
    info = _accounts(request).revoke_token(token_id, person_id=None if anyones else person)
    result: dict[str, Any] = info.as_json()
    return result


# ----------------------------------------------------------------------------- cases
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

    services = _services(request)
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
    return [_case_json(services, c, person) for c in visible]


@router.get("/cases/mine", summary="Mine sager: mine egne og dem der venter på mig")
def my_cases(request: Request, person: Person) -> dict[str, list[dict[str, Any]]]:
    """The caller's open cases (``owned``) and others' waiting for them (``waiting``).

    Both nearest due date first, as on the HTML page "Mine sager".
    """
    services = _services(request)
    rows = [(e.case, e.responsible) for e in _snapshot(request).visible(services, person)]
    owned = [case for case, _ in rows if case.owner == person]
    waiting = [case for case, who in rows if person in who and case.owner != person]
    return {
        "owned": [_case_json(services, c, person) for c in owned],
        "waiting": [_case_json(services, c, person) for c in waiting],
    }


@router.post("/cases", status_code=201, summary="Opret en sag")
def open_case(request: Request, person: Person, body: OpenCaseRequest) -> dict[str, Any]:
    """Open a case as the caller; routed by the delegation plan unless a route is given."""
    from casework.domain.commands import OpenCase

    services = _services(request)
    municipality = services.config.municipality
    owner = municipality.person(body.owner) if body.owner else municipality.people[person]
    centre = body.centre or min(owner.centres, default=None)
    access.require(municipality, person, Permission.OPEN_CASE, centre=centre)
    if owner.id != person and centre not in owner.centres:
        raise access.denied(Permission.OPEN_CASE)
    cmd = _command(
        OpenCase,
        workflow=body.workflow,
        title=body.title,
        actor=person,
        route=_route(body.route),
        attributes=body.attributes,
        owner=body.owner,
        centre=body.centre,
        deadline=body.deadline,
        reference=body.reference,
        idempotency_key=body.idempotency_key,
    )
    case = services.open_case(cmd)
    _changed(request)
    if not access.can_view_case(municipality, person, case):
        # A retried key found a case opened earlier by someone else, which this caller may not
        # see; say no more than that the key is taken.
        raise IdempotencyConflict(key=body.idempotency_key, other="–")
    return _case_json(services, case, person)


@router.get("/cases/{case_id}", summary="En sag med historik og beslutning")
def case_detail(request: Request, person: Person, case_id: str) -> dict[str, Any]:
    """The case, the actions the caller may take, its history and its last decision."""
    services = _services(request)
    case, events = _visible(services, person, case_id)
    return services.views.case(case, events, "da", actor=person).as_json()


@router.get("/cases/{case_id}/history", summary="Sagens hændelser (hash-kæde)")
def case_history(request: Request, person: Person, case_id: str) -> list[dict[str, Any]]:
    """The case's hash-chained events."""
    services = _services(request)
    _, events = _visible(services, person, case_id)
    return [e.as_json() for e in events]


@router.post("/cases/{case_id}/actions", summary="Udfør en handling på sagen")
def take_action(
    request: Request, person: Person, case_id: str, body: ActionRequest
) -> dict[str, Any]:
    """Take one action; the engine checks the step, the caller's role and centre, the guard."""
    from casework.domain.commands import AdvanceCase

    services = _services(request)
    _visible(services, person, case_id)
    cmd = _command(AdvanceCase, case_id=case_id, actor=person, **body.model_dump())
    result = services.advance(cmd)
    _changed(request)
    return _result_json(services, result, person)


@router.post("/cases/{case_id}/decision", summary="Registrér et organs beslutning (referat)")
def record_decision(
    request: Request, person: Person, case_id: str, body: DecisionRequest
) -> dict[str, Any]:
    """Record a decision from the minutes; it moves the case (secretariat)."""
    from casework.domain.commands import Minutes, RecordDecision

    services = _services(request)
    case, _ = _visible(services, person, case_id)
    _permission_on(services, person, Permission.RECORD_MINUTES, case)
    values = body.model_dump()
    minutes = _command(
        Minutes, **{k: values.pop(k) for k in ("outcome", "text", "votes", "meeting", "to_body")}
    )
    cmd = _command(RecordDecision, case_id=case_id, actor=person, minutes=minutes, **values)
    result = services.decide(cmd)
    _changed(request)
    return _result_json(services, result, person)


@router.patch("/cases/{case_id}/attributes", summary="Ret sagens attributter")
def change_attributes(
    request: Request, person: Person, case_id: str, body: AttributesRequest
) -> dict[str, Any]:
    """Set or clear attributes; a plan-routed case is evaluated again."""
    from casework.domain.commands import ChangeAttributes

    services = _services(request)
    case, _ = _visible(services, person, case_id)
    _permission_on(services, person, Permission.CHANGE_ATTRIBUTES, case)
    cmd = _command(ChangeAttributes, case_id=case_id, actor=person, **body.model_dump())
    case = services.change_attributes(cmd)
    _changed(request)
    return _case_json(services, case, person)


@router.put("/cases/{case_id}/route", summary="Ændr sagens sagsgang (med begrundelse)")
def change_route(
    request: Request, person: Person, case_id: str, body: RouteRequest
) -> dict[str, Any]:
    """Override the route of bodies; the reason stays in the history."""
    from casework.domain.commands import ChangeRoute

    services = _services(request)
    case, _ = _visible(services, person, case_id)
    _permission_on(services, person, Permission.CHANGE_ROUTE, case)
    values = body.model_dump()
    values["route"] = _route(values["route"])
    cmd = _command(ChangeRoute, case_id=case_id, actor=person, **values)
    case = services.change_route(cmd)
    _changed(request)
    return _case_json(services, case, person)


@router.post("/cases/{case_id}/plan", summary="Planlæg sagen og gem planen")
def plan_case(request: Request, person: Person, case_id: str, body: PlanRequest) -> dict[str, Any]:
    """Record a plan (the earliest meetings, or backwards from ``target_body``/``target_date``)."""
    from casework.domain.commands import PlanCase

    services = _services(request)
    case, _ = _visible(services, person, case_id)
    _permission_on(services, person, Permission.PLAN_CASE, case)
    cmd = _command(PlanCase, case_id=case_id, actor=person, **body.model_dump())
    case = services.plan(cmd)
    _changed(request)
    return _case_json(services, case, person)


@router.get("/cases/{case_id}/plan", summary="Sagens plan: de tidligste møder og fristerne")
def case_plan(
    request: Request, person: Person, case_id: str, ready: dt.date | None = None
) -> dict[str, Any]:
    """The earliest feasible meetings for the rest of the route, and every step's deadline."""
    services = _services(request)
    case, _ = _visible(services, person, case_id)
    plan = services.preview_plan(case, ready)
    return {"case": case.id, **plan.as_json(lang_of(request))}


# ----------------------------------------------------------------------------- board
def _snapshot(request: Request) -> Snapshot:
    """The app's snapshot of the open cases (``casework.entrypoints.web.snapshot``).

    The board and "my cases" read every open case; the snapshot keeps them (with their labels
    and responsible people) so that twenty people looking at the board do not each read 10,000
    cases. Writes through the web app and the API invalidate it at once (:func:`_changed`).
    """
    keeper: CaseSnapshot | None = getattr(request.app.state, "snapshot", None)
    if keeper is None:  # an app that keeps no snapshot reads the store for each request
        from casework.entrypoints.web.snapshot import read_snapshot

        return read_snapshot(_services(request))
    return keeper.get()


def _changed(request: Request) -> None:
    """A write through the API: the board and "my cases" must show it at once."""
    keeper: CaseSnapshot | None = getattr(request.app.state, "snapshot", None)
    if keeper is not None:
        keeper.invalidate()


@router.get("/board", summary="Sagstavlen: åbne sager pr. trin og organ, de mest presserende")
def board(
    request: Request,
    person: Person,
    centre: Annotated[str | None, Query(max_length=100)] = None,
    workflow: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 15,
) -> dict[str, Any]:
    """Counts of the open cases the caller may see, by step and by body, and the most urgent.

    Read from the app's snapshot of the open cases, like the HTML board: writes through the
    web app and the API show at once, writes from elsewhere within the snapshot's few seconds.
    """
    services = _services(request)
    access.require(services.config.municipality, person, Permission.VIEW_BOARD)
    lang = lang_of(request)
    snapshot = _snapshot(request)
    key = ("api.board", person, centre or "", workflow or "", str(limit), lang)
    found: dict[str, Any] | None = snapshot.memo.get(key)
    if found is None:
        entries = [
            e for e in snapshot.visible(services, person)
            if (centre is None or e.case.centre == centre)
            and (workflow is None or e.case.workflow_id == workflow)
        ]  # fmt: skip
        urgent = [e.case for e in entries if e.case.due][:limit]
        steps = [(e.label(lang), e.body) for e in entries]
        found = snapshot.memo[key] = _board_json(services, person, steps, urgent)
    return found


def _board_json(
    services: App, person: str, steps: list[tuple[str, str | None]], urgent: list[Case]
) -> dict[str, Any]:
    by_step = Counter(label for label, _ in steps)
    by_body = Counter(body or "" for _, body in steps)
    return {
        "total": len(steps),
        "by_step": dict(sorted(by_step.items())),
        "by_body": dict(sorted(by_body.items())),
        "urgent": [_case_json(services, c, person) for c in urgent],
    }


# ----------------------------------------------------------------------------- meetings
@router.get("/meetings", summary="Møderne i mødeplanen")
def meetings(
    request: Request,
    person: Person,
    body: Annotated[str | None, Query(max_length=100)] = None,
    start: Annotated[dt.date | None, Query(alias="from")] = None,
    end: Annotated[dt.date | None, Query(alias="to")] = None,
) -> list[dict[str, Any]]:
    """The meetings of the meeting plan (of one body, between two dates)."""
    services = _services(request)
    access.require(services.config.municipality, person, Permission.VIEW_MEETINGS)
    found = services.agendas.meetings(body, start=start, end=end)
    return [m.as_json() for m in found]


@router.get(
    "/meetings/{body}/{date}/agenda",
    summary="Dagsordenen: den offentlige udgave, eller den fulde (sekretariatet)",
)
def agenda(
    request: Request,
    person: Person,
    body: str,
    date: dt.date,
    udgave: Literal["offentlig", "fuld"] = "offentlig",
) -> dict[str, Any]:
    """The agenda of a meeting; the public version holds no closed item's content."""
    from casework.domain.agenda import Visibility

    services = _services(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.VIEW_MEETINGS)
    visibility = Visibility(udgave)
    if visibility is Visibility.FULL:
        access.require(municipality, person, Permission.VIEW_FULL_AGENDA)
    published: dict[str, Any] = services.agendas.published(body, date, visibility).as_json()
    return published


__all__ = ["router", "signed_in"]
