"""The case board and the meeting plan with its agendas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from casework.app.board import BoardFilters
from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.api.common import Person, services_of, snapshot
from casework.entrypoints.web.api_errors import ApiRoute, lang_of

router = APIRouter(route_class=ApiRoute)


@router.get("/board", summary="Sagstavlen: åbne sager pr. trin og organ, de mest presserende")
def board(  # noqa: PLR0917 - the board's filters are its query parameters
    request: Request,
    person: Person,
    centre: Annotated[str | None, Query(max_length=100)] = None,
    workflow: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 15,
    body: Annotated[str | None, Query(max_length=100)] = None,
    responsible: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """Counts of the open cases the caller may see, by step and by body, and the most urgent.

    The application's one board query (``casework board --json`` answers the same keys):
    ``total``; ``by_step``, step label → count; ``by_body``, body key → count ("" for cases
    not at a body yet); ``urgent``, at most ``limit`` cases by next deadline then id, those
    without a deadline last. Each urgent case has the keys of ``GET /cases`` (``id``,
    ``title``, ``step``, ``step_title``, ``body``, ``due``, ``responsible``, ``actions`` the
    caller may take, …), its ``step_title`` in the request's language like ``by_step``, and the
    board's own: ``step_label``, ``body_short``, ``responsible_names``, ``workdays_left``,
    ``board_status`` (overdue, due_today, due_soon, on_track, no_deadline), ``closed_item``,
    and for a case at a meeting step ``meeting`` (the day of the meeting it waits for) and
    ``meeting_workdays_left``.

    The coordinator's flow board (``casework board --by meeting|step --json`` answers the same):
    ``meetings``, the next meetings of each body (of ``body`` only, if given) with ``body``,
    ``date``, ``agenda_deadline``, ``deadline_workdays``, ``capacity``, ``count``, ``booked``,
    ``at_risk``, ``late``, ``full`` and ``cases`` (each with ``state``: booked, waiting or
    planned, ``at_risk``, ``late``); ``flow``, the open cases by phase along the route
    (drafting, approvals, secretariat, booked, decided, executing) with ``count``, ``overdue``
    and ``cases`` (each with ``age_workdays`` at its step). ``limit`` caps each list of cases;
    ``responsible`` keeps the cases that person is responsible for.

    Read from the app's snapshot of the open cases, like the HTML board: writes through the
    web app and the API show at once, writes from elsewhere within the snapshot's few seconds.
    """
    services = services_of(request)
    access.require(services.config.municipality, person, Permission.VIEW_BOARD)
    filters = BoardFilters(
        centre=centre or "", workflow=workflow or "", body=body or "", person=responsible or ""
    )
    view = services.board(
        lang_of(request), person=person, filters=filters, limit=limit, open_cases=snapshot(request)
    )
    return view.as_json()


@router.get("/board/history", summary="Flow over tid: kumulativt flow, gennemløb, rutekort")
def board_history(
    request: Request,
    person: Person,
    centre: Annotated[str | None, Query(max_length=100)] = None,
    workflow: Annotated[str | None, Query(max_length=100)] = None,
    weeks: Annotated[int, Query(ge=2, le=52)] = 12,
) -> dict[str, Any]:
    """The flow over the last ``weeks`` weeks and the open cases' route map.

    The application's one query (``casework board --by time --json`` answers the same keys):
    ``weeks``, each with ``week`` (ISO week), ``start`` (its Monday), ``bands`` (cases per phase
    at the end of the week: done, executing, decided, booked, secretariat, approvals,
    drafting), ``opened`` and ``finished``; ``throughput_per_week``; ``steps``, each step of
    the workflows with open cases, in route order, with ``count``, ``overdue``,
    ``median_wait_workdays`` and ``longest_wait_workdays``. Counts only, no case titles.
    """
    services = services_of(request)
    access.require(services.config.municipality, person, Permission.VIEW_BOARD)
    filters = BoardFilters(centre=centre or "", workflow=workflow or "")
    view = services.flow_history(
        lang_of(request), filters=filters, weeks=weeks, open_cases=snapshot(request)
    )
    return view.as_json()


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


@router.get(
    "/meetings/{body}/{date}/protocol",
    summary="Beslutningsprotokollen: den offentlige udgave, eller den fulde (sekretariatet)",
)
def protocol(
    request: Request,
    person: Person,
    body: str,
    date: dt.date,
    udgave: Literal["offentlig", "fuld"] = "offentlig",
) -> dict[str, Any]:
    """The minutes of a meeting as ``casework minutes show --format json`` writes them.

    The public version holds nothing of a closed item but its number and public heading, and is
    there once the minutes are published (before that only for the secretariat: 404 for
    others); the full version needs the right to read closed items.
    """
    from casework.domain.agenda import Visibility
    from casework.domain.errors import NotFound

    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.VIEW_MEETINGS)
    visibility = Visibility(udgave)
    if visibility is Visibility.FULL:
        access.require(municipality, person, Permission.VIEW_FULL_AGENDA)
    version = services.agendas.protocol(body, date).publish(visibility)
    if (
        visibility is Visibility.PUBLIC
        and version.published_on is None
        and not access.allowed(municipality, person, Permission.MANAGE_AGENDAS)
    ):
        raise NotFound(case_id=f"{body}/{date.isoformat()}/protocol")
    published: dict[str, Any] = version.as_json()
    return published
