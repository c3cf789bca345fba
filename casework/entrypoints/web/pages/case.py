"""The case page: its facts, route, decision, plan, history and the buttons of its actions.

The page renders the application's view models: the case (:meth:`Views.case`: facts, route,
the recorded delegation decision explained, history), its plan (:meth:`Views.plan`) and the
actions the signed-in person may take (:meth:`Views.actions`, the engine's available actions;
the engine checks them again when a button is pressed); what the page posts is
:mod:`.case_changes`.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.errors import NotFound
from casework.domain.workflow import CaseStatus
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.render import (
    app_of,
    lang_of,
    person_of,
    redirect,
    render,
)

if TYPE_CHECKING:
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent

router = APIRouter()


def visible_case(request: Request, case_id: str) -> tuple[str, Case, list[CaseEvent]]:
    """The signed-in person, the case and its history, if the person may see the case.

    A closed item the person may not see answers as if it did not exist (404), so not even
    its existence leaks; any other case outside the person's scope answers 403.
    """
    person = person_of(request)
    app = app_of(request)
    municipality = app.config.municipality
    case, events = app.case(case_id)
    if not access.can_view_case(municipality, person, case):
        if access.is_closed_item(case):
            raise NotFound(case_id=case_id)
        access.require(municipality, person, Permission.VIEW_CASE, centre=case.centre)
        raise access.denied(Permission.VIEW_CASE)
    return person, case, events


def may_on(request: Request, person: str, permission: Permission, case: Case) -> bool:
    """Whether the policy grants ``person`` ``permission`` on ``case``."""
    return access.may_on_case(app_of(request).config.municipality, person, permission, case)


def require_on(request: Request, person: str, permission: Permission, case: Case) -> None:
    """Raises AccessDenied unless :func:`may_on`."""
    if not may_on(request, person, permission, case):
        raise access.denied(permission)


def back_to(case: Case) -> Response:
    """Back to the case page (after a form post)."""
    return redirect(f"/sager/{quote(case.id)}")


@router.get("/sager/{case_id}")
def case_page(request: Request, case_id: str) -> Response:
    """The case: attributes, decision, route diagram, plan, actions and history."""
    person, case, events = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    # What depends on the case's version (and the day) alone is worked out once.
    cache: dict[tuple[str, int, str, dt.date], dict[str, Any]] = request.app.state.case_views
    key = (case.id, case.version, lang, app.clock.today())
    shared = cache.get(key)
    if shared is None:
        if len(cache) > 2_000:
            cache.clear()
        shared = cache[key] = _shared_parts(request, case, events, lang)
    is_open = case.status is CaseStatus.OPEN
    from casework.entrypoints.web.pages.bilag import case_bilag
    from casework.entrypoints.web.pages.discussion import discussion_panel

    return render(
        request,
        "case.html",
        **shared,
        **case_bilag(request, person, case),
        actions=app.views.actions(case, lang, person),
        can_plan=is_open
        and shared["plan"].meetings_ahead
        and may_on(request, person, Permission.PLAN_CASE, case),
        can_edit=is_open and may_on(request, person, Permission.CHANGE_ATTRIBUTES, case),
        can_reroute=is_open and may_on(request, person, Permission.CHANGE_ROUTE, case),
        minimum=app.views.minimum(case, lang),
        discussion=discussion_panel(app, case, events, lang, person),
    )


def _shared_parts(
    request: Request, case: Case, events: list[CaseEvent], lang: str
) -> dict[str, Any]:
    """The case page's parts that are the same for everyone who may see this version."""
    from casework.entrypoints.web.svg import route_svg, stops

    app = app_of(request)
    graph = app.graph(case)
    route = stops(case, events, graph, app.config.municipality, app.clock.today(), lang)
    current = next((s for s in route if s.state in {"current", "overdue"}), route[-1])
    label = i18n.translate(
        lang,
        "web.case.route_svg",
        route=" → ".join(s.title + (f" ({s.body})" if s.body else "") for s in route),
        current=current.title + (f" ({current.body})" if current.body else ""),
    )
    return {
        "case": case,
        "view": app.views.case(case, events, lang),
        "plan": app.views.plan(case, lang),
        "svg": route_svg(route, label),
        "closed_item": access.is_closed_item(case),
        "journey_available": _dot_available(),
    }


@functools.cache
def _dot_available() -> bool:
    """Whether Graphviz is installed (asked once per process)."""
    from casework.diagrams.render import dot_available

    return dot_available()


@router.get("/sager/{case_id}/forloeb.svg")
def case_journey(request: Request, case_id: str) -> Response:
    """The case's whole journey drawn by Graphviz (done, current, ahead; returns and waits)."""
    from casework.diagrams.dot import to_dot
    from casework.diagrams.render import render as render_dot

    _, case, events = visible_case(request, case_id)
    if not _dot_available():
        raise NotFound(case_id=f"{case_id}/forloeb.svg")
    app = app_of(request)
    lang = lang_of(request)
    cache: dict[tuple[str, int, str], bytes] = request.app.state.journeys
    key = (case.id, case.version, lang)
    if key not in cache:
        diagram = app.views.journey(case, events, lang)
        if len(cache) > 500:
            cache.clear()
        cache[key] = render_dot(to_dot(diagram), "svg")
    return Response(
        cache[key],
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )
