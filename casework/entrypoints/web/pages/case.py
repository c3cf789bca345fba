"""The case page and what it posts: an action, the case's details, its route, its plan.

The page renders the application's view models: the case (:meth:`Views.case`: facts, route,
the recorded delegation decision explained, history), its plan (:meth:`Views.plan`) and the
actions the signed-in person may take (:meth:`Views.actions`, the engine's available actions;
the engine checks them again when a button is pressed). Every POST carries the CSRF token.
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
from casework.domain.errors import CaseworkError, InvalidInput, NotFound
from casework.domain.workflow import CaseStatus
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.cases import TEXTAREAS
from casework.entrypoints.web.pages.render import (
    app_of,
    changed,
    expected_version,
    field_errors,
    flash,
    lang_of,
    person_of,
    redirect,
    render,
)
from casework.entrypoints.web.session import check_csrf

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


def _may(request: Request, person: str, permission: Permission, case: Case) -> bool:
    return access.may_on_case(app_of(request).config.municipality, person, permission, case)


def _require(request: Request, person: str, permission: Permission, case: Case) -> None:
    if not _may(request, person, permission, case):
        raise access.denied(permission)


def _back(case: Case) -> Response:
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
    return render(
        request,
        "case.html",
        **shared,
        actions=app.views.actions(case, lang, person),
        can_plan=is_open
        and shared["plan"].meetings_ahead
        and _may(request, person, Permission.PLAN_CASE, case),
        can_edit=is_open and _may(request, person, Permission.CHANGE_ATTRIBUTES, case),
        can_reroute=is_open and _may(request, person, Permission.CHANGE_ROUTE, case),
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
    from diagrams.render import dot_available

    return dot_available()


@router.get("/sager/{case_id}/forloeb.svg")
def case_journey(request: Request, case_id: str) -> Response:
    """The case's whole journey drawn by Graphviz (done, current, ahead; returns and waits)."""
    from diagrams.dot import to_dot
    from diagrams.journey import journey_diagram
    from diagrams.render import render as render_dot

    _, case, events = visible_case(request, case_id)
    if not _dot_available():
        raise NotFound(case_id=f"{case_id}/forloeb.svg")
    app = app_of(request)
    lang = lang_of(request)
    cache: dict[tuple[str, int, str], bytes] = request.app.state.journeys
    key = (case.id, case.version, lang)
    if key not in cache:
        diagram = journey_diagram(
            case, events, app.graph(case), app.config.municipality, app.clock.today(), lang=lang
        )
        if len(cache) > 500:
            cache.clear()
        cache[key] = render_dot(to_dot(diagram), "svg")
    return Response(
        cache[key],
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


@router.post("/sager/{case_id}/handling")
async def case_action(request: Request, case_id: str) -> Response:
    """Take one action on the case (a button of the case page), with its comment."""
    from pydantic import ValidationError

    from casework.domain.commands import AdvanceCase

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    form = await request.form()
    lang = lang_of(request)
    app = app_of(request)
    try:
        cmd = AdvanceCase(
            case_id=case.id,
            action=str(form.get("action") or ""),
            actor=person,
            comment=str(form.get("comment") or "").strip() or None,
            expected_version=expected_version(form),
        )
    except ValidationError as exc:
        raise InvalidInput(detail="; ".join(field_errors(exc, lang).values())) from None
    try:
        result = app.advance(cmd)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(case)
    changed(request)
    edge = app.graph(case).actions(case.step).get(cmd.action)
    action = edge.transition.label(lang) if edge is not None else cmd.action
    step = app.views.step_label(app.graph(result.case), result.case.step, lang)
    flash(request, i18n.translate(lang, "web.case.done", action=action, step=step))
    return _back(case)


def _stored_text(value: Any) -> str:
    """An attribute's stored value as the form shows it (booleans as ja/nej)."""
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return "" if value is None else str(value)


def _attribute_specs(request: Request) -> list[Any]:
    # Confirming a closed item is the body's act when it approves its agenda, not the form's.
    attributes = app_of(request).config.municipality.attributes
    return [a for a in attributes.values() if a.id != "lukket_bekraeftet"]


@router.get("/sager/{case_id}/oplysninger")
def case_attributes_form(request: Request, case_id: str) -> Response:
    """The form for the case's details, filled in with what the case holds now."""
    person, case, _ = visible_case(request, case_id)
    _require(request, person, Permission.CHANGE_ATTRIBUTES, case)
    return render(
        request,
        "case_edit.html",
        case=case,
        specs=_attribute_specs(request),
        stored={k: _stored_text(v) for k, v in case.attributes.items()},
        textareas=TEXTAREAS,
    )


@router.post("/sager/{case_id}/oplysninger")
async def case_attributes(request: Request, case_id: str) -> Response:
    """Change the case's details (attributes); a plan-routed case is evaluated again."""
    from casework.domain.commands import ChangeAttributes

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    _require(request, person, Permission.CHANGE_ATTRIBUTES, case)
    form = await request.form()
    changes: dict[str, Any] = {}
    for spec in app.config.municipality.attributes.values():
        name = f"attr_{spec.id}"
        if name not in form:
            continue
        new = str(form.get(name) or "").strip()
        if new != _stored_text(case.attributes.get(spec.id)):
            changes[spec.id] = new or None
    if not changes:
        return _back(case)
    try:
        app.change_attributes(
            ChangeAttributes(
                case_id=case.id, actor=person, attributes=changes,
                comment=str(form.get("comment") or "").strip() or None,
                expected_version=expected_version(form),
            )
        )  # fmt: skip
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.case.changed", count=len(changes)))
    return _back(case)


@router.post("/sager/{case_id}/sagsgang")
async def case_route(request: Request, case_id: str) -> Response:
    """Override the case's route of bodies (the secretariat), with the reason on record."""
    from pydantic import ValidationError

    from casework.domain.commands import ChangeRoute
    from casework.domain.routes import parse_route

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    _require(request, person, Permission.CHANGE_ROUTE, case)
    form = await request.form()
    try:
        cmd = ChangeRoute(
            case_id=case.id, actor=person, route=parse_route(str(form.get("route") or "")),
            reason=str(form.get("reason") or ""), expected_version=expected_version(form),
        )  # fmt: skip
        app.change_route(cmd)
    except ValidationError as exc:
        details = field_errors(exc, lang)
        flash(request, "; ".join(f"{k}: {v}" for k, v in details.items()), "error")
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.case.route_changed"))
    return _back(case)


@router.post("/sager/{case_id}/plan")
async def case_plan(request: Request, case_id: str) -> Response:
    """Record the case's plan from the meeting plan (deadlines counted back from meetings)."""
    from casework.domain.commands import PlanCase

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    _require(request, person, Permission.PLAN_CASE, case)
    try:
        app.plan(PlanCase(case_id=case.id, actor=person, expected_version=case.version))
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.case.planned_done"))
    return _back(case)
