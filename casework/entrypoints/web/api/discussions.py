"""Issue 20 on an existing case: link it to the discussion it came from, record a party's answer
in its citizen involvement, and read the involvement — ``casework case link / answer /
involvement`` and the case page's forms, each one use case of ``App.discussions`` acting as the
token's person, answered as the CLI's ``--json``.

The writes need what the case page's forms need: the case visible to the caller (else 404,
CW201, as for an unknown number) and the right to change its details (403). An origin the caller
may not see is refused as unknown (404, CW201), so a closed item does not betray itself.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from casework.domain.access import Permission
from casework.entrypoints.web.api.common import (
    Person,
    changed,
    permission_on,
    services_of,
    visible,
)
from casework.entrypoints.web.api_errors import ApiRoute
from casework.entrypoints.web.api_models import AnswerRequest, LinkRequest

router = APIRouter(route_class=ApiRoute)


@router.post("/cases/{case_id}/origin", summary="Knyt sagen til drøftelsessagen, den udspringer af")
def link_origin(
    request: Request, person: Person, case_id: str, body: LinkRequest
) -> dict[str, Any]:
    """Record that discussion ``origin`` produced the case, on both histories (``case link
    --json``: ``case`` and ``origin``, the event on each). Refused, nothing written: an origin
    that is not a discussion (422, CW920), the case a discussion itself (CW921), a case that has
    an origin already (409, CW922), the case as its own origin (CW923)."""
    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.CHANGE_ATTRIBUTES, case)
    result = services.discussions.link(case.id, body.origin, person)
    changed(request)
    return result.as_json()


@router.post(
    "/cases/{case_id}/answers", status_code=201, summary="Registrér et svar i sagens inddragelse"
)
def record_answer(
    request: Request, person: Person, case_id: str, body: AnswerRequest
) -> dict[str, Any]:
    """Record ``party``'s answer in the case's involvement (``case answer --json``: the event).
    Refused: a party not asked (422, CW930), the involvement not reached yet (409, CW931), the
    party's answer recorded already (409, CW932), ``received`` after today (422, CW933)."""
    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.CHANGE_ATTRIBUTES, case)
    event = services.discussions.answer(
        case.id, body.party, body.summary, person, received=body.received, by=body.by
    )
    changed(request)
    return event.as_json()


@router.get("/cases/{case_id}/involvement", summary="Sagens inddragelse: parter og svar")
def case_involvement(request: Request, person: Person, case_id: str) -> list[dict[str, Any]]:
    """The case's involvement steps with each party and its answer (``case involvement
    --json``, in Danish as every ``--json``); empty for a case without involvement."""
    services = services_of(request)
    case, events = visible(services, person, case_id)
    panel = services.discussions.panel(case, events, "da", actor=person)
    return [i.as_json() for i in panel.involvement]
