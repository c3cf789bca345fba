"""My cases (waiting for me, and my own) and the form for a new case.

The listings read the web app's snapshot of the open cases (:mod:`casework.app.open_cases`) and
label each case through the application's view models, like the board.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.errors import CaseworkError
from casework.domain.workflow import CaseStatus
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.render import (
    LIST_LIMIT,
    app_of,
    changed,
    field_errors,
    flash,
    lang_of,
    person_of,
    redirect,
    render,
    snapshot,
    workflow_choices,
)
from casework.entrypoints.web.session import CSRF_FIELD, check_csrf

if TYPE_CHECKING:
    from casework.app import App
    from casework.app.open_cases import Entry

router = APIRouter()

#: Attribute fields that are long texts (the agenda item's texts).
TEXTAREAS = frozenset({"resume", "sagsfremstilling", "oekonomi", "indstilling", "bilag"})


@dataclass(frozen=True, slots=True)
class Row:
    """One case in a listing."""

    id: str
    title: str
    step: str
    body: str | None
    responsible: str
    due: str | None
    overdue: bool
    closed: bool


def entry_rows(app: App, entries: Sequence[Entry], lang: str) -> list[Row]:
    """The listing rows of snapshot entries; people by name, at most two of them."""
    views = app.views
    today = app.clock.today().isoformat()
    rows = []
    for entry in entries:
        case = entry.case
        who = entry.responsible
        names = ", ".join(views.person_name(p) for p in who[:2]) + (" …" if len(who) > 2 else "")
        rows.append(
            Row(
                id=case.id,
                title=case.title,
                step=entry.label(lang),
                body=views.body_short(entry.body) if entry.body else None,
                responsible=names,
                due=case.due,
                overdue=bool(case.due) and str(case.due) < today,
                closed=case.status is CaseStatus.CLOSED,
            )
        )
    return rows


@router.get("/")
def my_cases(request: Request) -> Response:
    """The signed-in person's open cases: waiting for them, and their own, by next deadline."""
    person = person_of(request)
    app = app_of(request)
    lang = lang_of(request)
    current = snapshot(request)
    key = ("mine", person, lang)
    summary = current.memo.get(key)
    if summary is None:
        visible = current.visible(app, person)
        owned = [e for e in visible if e.case.owner == person]
        waiting = [e for e in visible if person in e.responsible and e.case.owner != person]
        summary = current.memo[key] = {
            "owned": entry_rows(app, owned[:LIST_LIMIT], lang),
            "owned_total": len(owned),
            "waiting": entry_rows(app, waiting[:LIST_LIMIT], lang),
            "waiting_total": len(waiting),
        }
    return render(request, "mine.html", **summary)


def _new_case_page(
    request: Request,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    app = app_of(request)
    return render(
        request,
        "new_case.html",
        status,
        values=values or {},
        errors=errors or {},
        error=error,
        workflows=workflow_choices(app, lang_of(request)),
        # Confirming a closed item is the body's act when it approves its agenda, not the form's.
        attributes=[
            a for a in app.config.municipality.attributes.values() if a.id != "lukket_bekraeftet"
        ],
        textareas=TEXTAREAS,
    )


@router.get("/sager/ny")
def new_case_form(request: Request, oprindelse: str | None = None) -> Response:
    """The form for a new case (``?oprindelse=`` fills in the discussion it comes from)."""
    person = person_of(request)
    access.require(app_of(request).config.municipality, person, Permission.OPEN_CASE)
    origin = (oprindelse or "").strip()[:40]
    return _new_case_page(request, values={"origin": origin} if origin else None)


@router.post("/sager/ny")
async def new_case(request: Request) -> Response:
    """Open the case: validated by the CLI's pydantic command; errors shown inline in Danish."""
    from pydantic import ValidationError

    from casework.domain.commands import OpenCase
    from casework.domain.text_rules import ControlCharacter, NumberOutOfRange

    await check_csrf(request)
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.OPEN_CASE)
    lang = lang_of(request)
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if k != CSRF_FIELD}
    errors: dict[str, str] = {}
    route = _route(app, values.get("route"), lang, errors)
    attributes = _attributes(app, values, lang, errors)
    cmd = None
    try:
        cmd = OpenCase(
            workflow=values.get("workflow") or None,
            title=values.get("title", ""),
            actor=person,
            route=route,
            attributes=attributes,
            deadline=values.get("deadline") or None,  # pydantic parses the text
            reference=values.get("reference") or None,
        )
    except ValidationError as exc:
        errors.update(field_errors(exc, lang))
    except (ControlCharacter, NumberOutOfRange) as exc:  # at its field, as the others
        field = str(exc.params.get("field", "title")).replace("attributes.", "attr_")
        errors[field] = exc.message(lang)
    if errors or cmd is None:
        return _new_case_page(
            request, 400, values=values, errors=errors,
            error=i18n.translate(lang, "web.new.errors"),
        )  # fmt: skip
    origin = values.get("origin") or None
    try:
        if origin is not None:  # opened linked to its discussion, or not at all
            case = app.discussions.open_with_origin(cmd, origin)
        else:
            case = app.open_case(cmd)
    except CaseworkError as exc:
        if origin is not None and exc.code in _ORIGIN_CODES:
            errors["origin"] = exc.message(lang)
            return _new_case_page(
                request, 400, values=values, errors=errors,
                error=i18n.translate(lang, "web.new.errors"),
            )  # fmt: skip
        return _new_case_page(request, 400, values=values, error=exc.message(lang))
    changed(request)
    flash(request, i18n.translate(lang, "web.new.opened", case_id=case.id))
    return redirect(f"/sager/{quote(case.id)}")


#: A refused origin, shown at its field: unknown or not visible, not a discussion, the new case
#: a discussion itself (:func:`casework.services.discussions.open_with_origin`).
_ORIGIN_CODES = frozenset({"CW201", "CW920", "CW921"})


def _route(
    app: App, text: str | None, lang: str, errors: dict[str, str]
) -> list[tuple[str, str]] | None:
    """The form's route of bodies, each body known; a problem goes into ``errors``."""
    from casework.domain.agenda import UnknownBody
    from casework.domain.errors import did_you_mean
    from casework.domain.routes import parse_route

    if not text:
        return None
    bodies = app.config.municipality.bodies
    try:
        route = parse_route(text)
        for body, _ in route:
            if body not in bodies:
                raise UnknownBody(body=body, suggestion=did_you_mean(body, bodies))
    except CaseworkError as exc:
        errors["route"] = exc.message(lang)
        return None
    return route


def _attributes(
    app: App, values: dict[str, str], lang: str, errors: dict[str, str]
) -> dict[str, str]:
    """The filled-in attribute fields; each checked against its spec into ``errors``."""
    municipality = app.config.municipality
    attributes = {
        spec.id: values[f"attr_{spec.id}"]
        for spec in municipality.attributes.values()
        if values.get(f"attr_{spec.id}")
    }
    for name, value in attributes.items():
        try:
            municipality.check_attributes({name: value})
        except CaseworkError as exc:
            errors[f"attr_{name}"] = exc.message(lang)
    return attributes
