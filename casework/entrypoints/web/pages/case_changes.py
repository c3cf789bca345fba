"""What the case page posts: an action, the case's details (attributes), its route, its plan.

Each is one use case of the application service; a refusal is shown as a flash message on the
case page. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain.access import Permission
from casework.domain.errors import CaseworkError, InvalidInput
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.case import back_to, require_on, visible_case
from casework.entrypoints.web.pages.cases import TEXTAREAS
from casework.entrypoints.web.pages.render import (
    app_of,
    changed,
    expected_version,
    field_errors,
    flash,
    lang_of,
    render,
    safe_next,
)
from casework.entrypoints.web.session import check_csrf

router = APIRouter()


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
            override_minimum=str(form.get("override_minimum") or "").strip() or None,
        )
    except ValidationError as exc:
        raise InvalidInput(detail="; ".join(field_errors(exc, lang).values())) from None
    try:
        result = app.advance(cmd)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return back_to(case)
    changed(request)
    edge = app.graph(case).actions(case.step).get(cmd.action)
    action = edge.transition.label(lang) if edge is not None else cmd.action
    step = app.views.step_label(app.graph(result.case), result.case.step, lang)
    flash(request, i18n.translate(lang, "web.case.done", action=action, step=step))
    return back_to(case)


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
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
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
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
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
        return back_to(case)
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
    return back_to(case)


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
    require_on(request, person, Permission.CHANGE_ROUTE, case)
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
    return back_to(case)


@router.post("/sager/{case_id}/plan")
async def case_plan(request: Request, case_id: str) -> Response:
    """Record the case's plan from the meeting plan (deadlines counted back from meetings);
    with ``target`` ("body/YYYY-MM-DD", the flow board's "move to another meeting", by its
    button or by dragging the card) planned back from that meeting, and with ``back=tavle``
    (or ``tavle?`` and the board's filters) back to the board."""
    import datetime as dt

    from fastapi.responses import RedirectResponse

    from casework.domain.commands import PlanCase

    await check_csrf(request)
    form = await request.form()
    person, case, _ = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    require_on(request, person, Permission.PLAN_CASE, case)
    body, _, day = str(form.get("target") or "").partition("/")
    try:
        target = dt.date.fromisoformat(day) if body else None
    except ValueError:
        body, target = "", None
    try:
        app.plan(PlanCase(case_id=case.id, actor=person, expected_version=case.version,
                          target_body=body or None, target_date=target))  # fmt: skip
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.case.planned_done"))
    back = str(form.get("back") or "")
    if back == "tavle" or back.startswith("tavle?"):  # the board, with its filters
        return RedirectResponse(safe_next(f"/{back}"), status_code=303)
    return back_to(case)
