"""The case board and the meeting plan with its agendas."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.api.common import Person, case_json, services_of, snapshot
from casework.entrypoints.web.api_errors import ApiRoute, lang_of

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case

router = APIRouter(route_class=ApiRoute)


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
    services = services_of(request)
    access.require(services.config.municipality, person, Permission.VIEW_BOARD)
    lang = lang_of(request)
    current = snapshot(request)
    key = ("api.board", person, centre or "", workflow or "", str(limit), lang)
    found: dict[str, Any] | None = current.memo.get(key)
    if found is None:
        entries = [
            e for e in current.visible(services, person)
            if (centre is None or e.case.centre == centre)
            and (workflow is None or e.case.workflow_id == workflow)
        ]  # fmt: skip
        urgent = [e.case for e in entries if e.case.due][:limit]
        steps = [(e.label(lang), e.body) for e in entries]
        found = current.memo[key] = _board_json(services, person, steps, urgent)
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
        "urgent": [case_json(services, c, person) for c in urgent],
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
    services = services_of(request)
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

    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.VIEW_MEETINGS)
    visibility = Visibility(udgave)
    if visibility is Visibility.FULL:
        access.require(municipality, person, Permission.VIEW_FULL_AGENDA)
    published: dict[str, Any] = services.agendas.published(body, date, visibility).as_json()
    return published
