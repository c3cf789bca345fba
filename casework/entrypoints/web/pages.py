"""The HTML pages: sign-in, my cases, the board, the case page, new case, meetings and agendas.

Thin like the CLI: each route reads its input, asks :mod:`casework.domain.access` what the
signed-in person may see and do, runs one use case through the services and renders a Jinja2
template (autoescaped). The case actions shown as buttons are exactly the engine's available
actions for the person (:func:`casework.domain.access.case_actions`); the engine checks them
again when a button is pressed. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.errors import CaseworkError, InvalidInput, NotFound
from casework.domain.workflow import CaseStatus
from casework.entrypoints.views import body_short
from casework.entrypoints.web import i18n
from casework.entrypoints.web.session import (
    CSRF_FIELD,
    check_csrf,
    client_address,
    csrf_token,
    sign_in,
    sign_out,
    signed_in,
)
from casework.entrypoints.web.snapshot import CaseSnapshot, Entry, Snapshot

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent

router = APIRouter(include_in_schema=False)

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no stat() of each file per request
)
_MEETING_ID = re.compile(r"^([a-z0-9_]{1,40})-(\d{4}-\d{2}-\d{2})$")
#: Rows shown in one listing; the rest are counted, not drawn.
LIST_LIMIT = 100


class SignInRequired(Exception):
    """The page needs a signed-in person; the app redirects to /login."""


# --------------------------------------------------------------------------- plumbing
def services_of(request: Request) -> App:
    """The services the app was built with."""
    services: App = request.app.state.services
    return services


def lang_of(request: Request) -> str:
    """The page language: the session's choice, else Danish."""
    return i18n.normal_lang(request.session.get("lang"))


def _person(request: Request) -> str:
    person = signed_in(request)
    if person is None or person not in services_of(request).config.municipality.people:
        raise SignInRequired
    return person


def _flash(request: Request, text: str, kind: str = "ok") -> None:
    request.session["flash"] = [kind, text]


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """``template`` with the page's common context: language, person, menu, CSRF token."""
    services = services_of(request)
    municipality = services.config.municipality
    # The 500 handler runs outside the session middleware: render without a session then.
    has_session = "session" in request.scope
    lang = lang_of(request) if has_session else "da"
    person = signed_in(request) if has_session else None
    if person not in municipality.people:
        person = None
    flash = request.session.pop("flash", None) if has_session else None
    context = {
        "request": request,
        "lang": lang,
        "t": partial(i18n.translate, lang),
        "csrf_field": CSRF_FIELD,
        "csrf": csrf_token(request) if has_session else "",
        "me": person,
        "me_name": municipality.people[person].name if person else None,
        "perms": access.permissions(municipality, person) if person else frozenset(),
        "P": Permission,
        "municipality": municipality.name,
        "flash": flash,
        "path": request.url.path,
        **values,
    }
    html = _TEMPLATES.get_template(template).render(context)
    return HTMLResponse(html, status_code=status)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: object) -> str:
    """Only local paths: never redirect to another site after sign-in."""
    if (
        isinstance(target, str)
        and target.startswith("/")
        and not target.startswith("//")
        and not any(c in target for c in "\\\r\n")
    ):
        return target
    return "/"


def _name(services: App, person: str) -> str:
    people = services.config.municipality.people
    return people[person].name if person in people else person


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


# --------------------------------------------------------------------------- sign-in
@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    if signed_in(request) in services_of(request).config.municipality.people:
        return _redirect(_safe_next(next))
    return render(request, "login.html", next=_safe_next(next), sso=_sso(request) is not None)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the password (rate-limited per address and per account) and start a session."""
    await check_csrf(request)
    form = await request.form()
    person = str(form.get("person") or "").strip().lower()
    password = str(form.get("password") or "")
    target = _safe_next(form.get("next"))
    lang = lang_of(request)
    limiter = request.app.state.login_limiter
    client = client_address(request)
    if limiter.blocked(client):
        return render(
            request, "login.html", 429, next=target, person=person,
            error=i18n.translate(lang, "web.login.limited"),
        )  # fmt: skip
    municipality = services_of(request).config.municipality
    accounts = request.app.state.accounts()
    # Unknown people go through verify too, so the answer time does not tell who exists.
    ok = accounts.verify(person, password) and person in municipality.people
    if not ok:
        limiter.failed(client)
        return render(
            request, "login.html", 401, next=target, person=person,
            error=i18n.translate(lang, "web.login.failed"),
        )  # fmt: skip
    limiter.succeeded(client)
    sign_in(request, person)
    return _redirect(target)


@router.get("/login/sso")
def login_sso(request: Request, next: str = "/") -> Response:
    """Sign in through the municipality's single sign-on hook, when one is installed."""
    hook = _sso(request)
    if hook is None:
        raise NotFound(case_id="/login/sso")
    person = hook(request, services_of(request).config.municipality)
    if person is None or person not in services_of(request).config.municipality.people:
        return render(
            request, "error.html", 403,
            message=i18n.translate(lang_of(request), "web.oidc.unknown"),
        )  # fmt: skip
    sign_in(request, person)
    return _redirect(_safe_next(next))


def _sso(request: Request) -> Any:
    return getattr(request.app.state, "sign_in_hook", None)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session."""
    await check_csrf(request)
    sign_out(request)
    return _redirect("/login")


@router.post("/sprog")
async def switch_language(request: Request) -> Response:
    """The English switch (and back): kept in the session."""
    await check_csrf(request)
    form = await request.form()
    wanted = form.get("lang")
    request.session["lang"] = i18n.normal_lang(wanted)
    return _redirect(_safe_next(form.get("next")))


# --------------------------------------------------------------------------- my cases
def _snapshot(request: Request) -> Snapshot:
    cache: CaseSnapshot = request.app.state.snapshot
    return cache.get()


def changed(request: Request) -> None:
    """A write went through: the listings must not show the old state."""
    request.app.state.snapshot.invalidate()


def _entry_rows(services: App, entries: Sequence[Entry], lang: str) -> list[Row]:
    today = services.clock.today().isoformat()
    rows = []
    for entry in entries:
        case = entry.case
        who = entry.responsible
        names = ", ".join(_name(services, p) for p in who[:2]) + (" …" if len(who) > 2 else "")
        rows.append(
            Row(
                id=case.id,
                title=case.title,
                step=entry.label(lang),
                body=body_short(services, entry.body) if entry.body else None,
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
    person = _person(request)
    services = services_of(request)
    lang = lang_of(request)
    snapshot = _snapshot(request)
    key = ("mine", person, lang)
    summary = snapshot.memo.get(key)
    if summary is None:
        visible = snapshot.visible(services, person)
        owned = [e for e in visible if e.case.owner == person]
        waiting = [e for e in visible if person in e.responsible and e.case.owner != person]
        summary = snapshot.memo[key] = {
            "owned": _entry_rows(services, owned[:LIST_LIMIT], lang),
            "owned_total": len(owned),
            "waiting": _entry_rows(services, waiting[:LIST_LIMIT], lang),
            "waiting_total": len(waiting),
        }
    return render(request, "mine.html", **summary)


# --------------------------------------------------------------------------- board
@router.get("/tavle")
def board(  # noqa: PLR0917 - the board's filters are its query parameters
    request: Request,
    centre: str = "",
    workflow: str = "",
    body: str = "",
    step: str = "",
    overdue: str = "",
) -> Response:
    """Open cases by step and by body, with filters, and the most urgent of them."""
    person = _person(request)
    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.VIEW_BOARD)
    lang = lang_of(request)
    snapshot = _snapshot(request)
    filters = {"centre": centre, "workflow": workflow, "body": body, "step": step,
               "overdue": overdue}  # fmt: skip
    # The unfiltered board is what most people open: summarised once per snapshot.
    key = ("board", person, lang, *filters.values())
    summary = snapshot.memo.get(key)
    if summary is None:
        summary = _board_summary(services, snapshot.visible(services, person), lang, **filters)
        if not any(filters.values()):
            snapshot.memo[key] = summary
    workflows = sorted(
        (w.id, (w.title_en or w.title) if lang == "en" else w.title)
        for w in services.config.workflows.values()
    )
    return render(
        request,
        "board.html",
        **summary,
        filters=filters,
        centres=sorted((c.id, c.name) for c in municipality.centres.values()),
        bodies=[(b.id, b.short) for b in municipality.bodies.values()],
        workflows=workflows,
        steps=_template_steps(services, lang),
    )


def _board_summary(
    services: App,
    entries: Sequence[Entry],
    lang: str,
    *,
    centre: str,
    workflow: str,
    body: str,
    step: str,
    overdue: str,
) -> dict[str, Any]:
    """Counts by step and by body, and the most urgent rows, of the entries that pass."""
    today = services.clock.today().isoformat()
    shown = [
        e
        for e in entries
        if (not centre or e.case.centre == centre)
        and (not workflow or e.case.workflow_id == workflow)
        and (not body or e.body == body)
        and (not step or e.template_step == step)
        and (not overdue or (e.case.due is not None and e.case.due < today))
    ]
    by_step = Counter(e.label(lang) for e in shown)
    by_body = Counter(body_short(services, e.body) if e.body else "" for e in shown)
    return {
        "by_step": sorted(by_step.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_body": sorted(by_body.items(), key=lambda kv: (-kv[1], kv[0])),
        "rows": _entry_rows(services, shown[:LIST_LIMIT], lang),
        "total": len(shown),
    }


def _template_steps(services: App, lang: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for definition in services.config.workflows.values():
        for step_id, step in definition.steps.items():
            seen.setdefault(step_id, step.label(lang))
    return sorted(seen.items(), key=lambda kv: kv[1])


# --------------------------------------------------------------------------- new case
#: Attribute fields that are long texts (the agenda item's texts).
_TEXTAREAS = frozenset({"resume", "sagsfremstilling", "oekonomi", "indstilling", "bilag"})


def _new_case_page(
    request: Request,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    services = services_of(request)
    lang = lang_of(request)
    municipality = services.config.municipality
    workflows = sorted(
        (w.id, (w.title_en or w.title) if lang == "en" else w.title)
        for w in services.config.workflows.values()
    )
    return render(
        request,
        "new_case.html",
        status,
        values=values or {},
        errors=errors or {},
        error=error,
        workflows=workflows,
        # Confirming a closed item is the body's act when it approves its agenda, not the form's.
        attributes=[a for a in municipality.attributes.values() if a.id != "lukket_bekraeftet"],
        textareas=_TEXTAREAS,
    )


@router.get("/sager/ny")
def new_case_form(request: Request) -> Response:
    """The form for a new case."""
    person = _person(request)
    access.require(services_of(request).config.municipality, person, Permission.OPEN_CASE)
    return _new_case_page(request)


@router.post("/sager/ny")
async def new_case(request: Request) -> Response:
    """Open the case: validated by the CLI's pydantic command; errors shown inline in Danish."""
    from pydantic import ValidationError

    from casework.domain.agenda import UnknownBody
    from casework.domain.commands import OpenCase
    from casework.domain.errors import did_you_mean
    from casework.domain.routes import parse_route

    await check_csrf(request)
    person = _person(request)
    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.OPEN_CASE)
    lang = lang_of(request)
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if k != CSRF_FIELD}
    errors: dict[str, str] = {}
    route = None
    if values.get("route"):
        try:
            route = parse_route(values["route"])
            for body, _ in route:
                if body not in municipality.bodies:
                    raise UnknownBody(body=body, suggestion=did_you_mean(body, municipality.bodies))
        except CaseworkError as exc:
            errors["route"] = exc.message(lang)
    attributes = {
        spec.id: values[f"attr_{spec.id}"]
        for spec in municipality.attributes.values()
        if values.get(f"attr_{spec.id}")
    }
    for name, value in list(attributes.items()):
        try:
            municipality.check_attributes({name: value})
        except CaseworkError as exc:
            errors[f"attr_{name}"] = exc.message(lang)
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
        errors.update(_field_errors(exc, lang))
        cmd = None
    if errors or cmd is None:
        return _new_case_page(
            request, 400, values=values, errors=errors,
            error=i18n.translate(lang, "web.new.errors"),
        )  # fmt: skip
    try:
        case = services.open_case(cmd)
    except CaseworkError as exc:
        return _new_case_page(request, 400, values=values, error=exc.message(lang))
    changed(request)
    _flash(request, i18n.translate(lang, "web.new.opened", case_id=case.id))
    return _redirect(f"/sager/{quote(case.id)}")


def _field_errors(exc: Any, lang: str) -> dict[str, str]:
    """pydantic's errors as one Danish (or English) text per form field."""
    found: dict[str, str] = {}
    for error in exc.errors():
        where = error.get("loc", ())
        field = str(where[0]) if where else "title"
        kind = error.get("type", "")
        ctx = error.get("ctx") or {}
        if kind == "missing":
            text = i18n.translate(lang, "web.field.required")
        elif kind == "string_too_short":
            n = ctx.get("min_length", 1)
            key = "web.field.required" if n == 1 else "web.field.too_short"
            text = i18n.translate(lang, key, n=n)
        elif kind == "string_too_long":
            text = i18n.translate(lang, "web.field.too_long", n=ctx.get("max_length"))
        elif kind.startswith("date"):
            text = i18n.translate(lang, "web.field.date")
        else:
            text = i18n.translate(lang, "web.field.invalid")
        found.setdefault(field, text)
    return found


# --------------------------------------------------------------------------- the case page
def _visible_case(request: Request, case_id: str) -> tuple[str, Case, list[CaseEvent]]:
    """The case and its history, if the signed-in person may see it.

    A closed item the person may not see answers as if it did not exist (404), so not even
    its existence leaks; any other case outside the person's scope answers 403.
    """
    person = _person(request)
    services = services_of(request)
    municipality = services.config.municipality
    case, events = services.case(case_id)
    if not access.can_view_case(municipality, person, case):
        if access.is_closed_item(case):
            raise NotFound(case_id=case_id)
        access.require(municipality, person, Permission.VIEW_CASE, centre=case.centre)
        raise access.denied(Permission.VIEW_CASE)
    return person, case, events


@router.get("/sager/{case_id}")
def case_page(request: Request, case_id: str) -> Response:
    """The case: attributes, decision, route diagram, plan, actions and history."""
    person, case, events = _visible_case(request, case_id)
    services = services_of(request)
    municipality = services.config.municipality
    lang = lang_of(request)
    graph = services.graph(case)
    # What depends on the case's version (and the day) alone is worked out once.
    views: dict[tuple[str, int, str, dt.date], dict[str, Any]] = request.app.state.case_views
    key = (case.id, case.version, lang, services.clock.today())
    view = views.get(key)
    if view is None:
        if len(views) > 2_000:
            views.clear()
        view = views[key] = _case_view(request, case, events, graph, lang)
    is_open = case.status is CaseStatus.OPEN
    actions = [
        (edge.action, edge.transition.label(lang))
        for edge in access.case_actions(municipality, person, case, graph)
    ]
    return render(
        request,
        "case.html",
        **view,
        actions=actions,
        can_plan=is_open
        and view["plan"]["meetings_ahead"]
        and access.may_on_case(municipality, person, Permission.PLAN_CASE, case),
        can_edit=is_open
        and access.may_on_case(municipality, person, Permission.CHANGE_ATTRIBUTES, case),
        can_reroute=is_open
        and access.may_on_case(municipality, person, Permission.CHANGE_ROUTE, case),
    )


def _case_view(
    request: Request, case: Case, events: Sequence[CaseEvent], graph: Any, lang: str
) -> dict[str, Any]:
    """The case page's parts that are the same for everyone who may see this version."""
    from casework.domain.case import override_reason, responsible_people, route_source
    from casework.entrypoints import views
    from casework.entrypoints.web.svg import route_svg, stops

    services = services_of(request)
    municipality = services.config.municipality
    today = services.clock.today()
    route = stops(case, events, graph, municipality, today, lang)
    current = next((s for s in route if s.state in {"current", "overdue"}), route[-1])
    label = i18n.translate(
        lang,
        "web.case.route_svg",
        route=" → ".join(s.title + (f" ({s.body})" if s.body else "") for s in route),
        current=current.title + (f" ({current.body})" if current.body else ""),
    )
    definition = graph.definition
    return {
        "case": case,
        "workflow": (definition.title_en or definition.title) if lang == "en" else definition.title,
        "step": views.step_label(services, case, lang),
        "status_text": i18n.translate(lang, f"status.{case.status.value}"),
        "route_text": views.route_text(services, case, lang).plain,
        "route_source": i18n.translate(
            lang, f"cli.route_source.{route_source(events)}", reason=override_reason(events) or ""
        ),
        "svg": route_svg(route, label),
        # The CLI's "(vis alle med --all)" pointer means nothing on a page.
        "decision": [
            line
            for line in views.decision_lines(services, case, events, lang)
            if "--all" not in line
        ],
        "responsible": ", ".join(
            _name(services, p) for p in responsible_people(case, graph, municipality)
        ),
        "owner": _name(services, case.owner),
        "centre": municipality.centres[case.centre].name
        if case.centre in municipality.centres
        else case.centre,
        "attributes": [
            (municipality.attributes[k].title if k in municipality.attributes else k, v)
            for k, v in sorted(case.attributes.items())
        ],
        "closed_item": access.is_closed_item(case),
        "overdue": case.status is CaseStatus.OPEN
        and case.due is not None
        and case.due < today.isoformat(),
        "plan": _plan_rows(request, case, graph, lang),
        "history": [
            {
                "seq": e.seq,
                "at": e.at[:16].replace("T", " "),
                "who": _name(services, e.actor),
                "what": _event_text(services, graph, e, lang),
                "comment": e.data.get("comment") or "",
            }
            for e in reversed(events)
        ],
        "journey_available": _dot_available(),
    }


def _event_text(services: App, graph: Any, event: CaseEvent, lang: str) -> str:
    """A history line; an action reads "Godkend: Faglig godkendelse … → Dagsordensgennemgang …"."""
    from casework.domain.events import EventKind
    from casework.entrypoints import views

    data = event.data
    if event.kind is not EventKind.ADVANCED:
        return views.event_text(services, event, lang)

    def step(step_id: str) -> str:
        node = graph.steps.get(step_id)
        if node is None:
            return step_id
        text: str = node.step.label(lang)
        bodies = services.config.municipality.bodies
        return text + (f" – {bodies[node.body].short}" if node.body in bodies else "")

    edge = graph.actions(data["from"]).get(data["action"]) if data["from"] in graph.steps else None
    action = edge.transition.label(lang) if edge is not None else data["action"]
    return f"{action}: {step(data['from'])} → {step(data['to'])}"


def _plan_rows(request: Request, case: Case, graph: Any, lang: str) -> dict[str, Any]:
    """The recorded plan of the case, or (none recorded) the earliest plan from today."""
    services = services_of(request)
    municipality = services.config.municipality

    def label(step_id: str) -> str:
        node = graph.steps.get(step_id)
        if node is None:
            return step_id
        text: str = node.step.label(lang)
        return text + (f" – {body_short(services, node.body)}" if node.body else "")

    if case.planned:
        rows = sorted(case.planned.items(), key=lambda kv: (kv[1], kv[0]))
        return {
            "recorded": True,
            "rows": [(label(s), d, s == case.step) for s, d in rows],
            "meetings_ahead": True,
        }
    if case.status is CaseStatus.CLOSED or services.config.calendar is None or not case.route:
        return {"recorded": False, "rows": [], "meetings_ahead": False}
    from casework.domain.planning import NoFeasibleChain

    planner = _planner(request)
    try:
        plan = planner.plan(
            graph.definition, case.route, services.clock.today(), from_step=case.step
        )
    except (NoFeasibleChain, CaseworkError):
        return {"recorded": False, "rows": [], "meetings_ahead": False}
    live = []
    for row in plan.steps:
        text = row.label(lang)
        if row.body is not None and row.body in municipality.bodies:
            text += f" – {municipality.bodies[row.body].short}"
        live.append((text, row.due.isoformat(), row.step == case.step))
    return {"recorded": False, "rows": live, "meetings_ahead": bool(plan.meetings)}


def _planner(request: Request) -> Any:
    planner = getattr(request.app.state, "planner", None)
    if planner is None:
        from casework.domain.planning import Planner

        services = services_of(request)
        calendar = services.config.calendar
        assert calendar is not None  # checked by the caller
        planner = Planner(
            calendar.calendar,
            calendar.meetings,
            calendar.rules,
            names={b.id: b.short for b in services.config.municipality.bodies.values()},
        )
        request.app.state.planner = planner
    return planner


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

    _, case, events = _visible_case(request, case_id)
    if not _dot_available():
        raise NotFound(case_id=f"{case_id}/forloeb.svg")
    services = services_of(request)
    lang = lang_of(request)
    cache: dict[tuple[str, int, str], bytes] = request.app.state.journeys
    key = (case.id, case.version, lang)
    if key not in cache:
        diagram = journey_diagram(
            case, events, services.graph(case), services.config.municipality,
            services.clock.today(), lang=lang,
        )  # fmt: skip
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
    person, case, _ = _visible_case(request, case_id)
    form = await request.form()
    lang = lang_of(request)
    services = services_of(request)
    version = str(form.get("version") or "")
    try:
        cmd = AdvanceCase(
            case_id=case.id,
            action=str(form.get("action") or ""),
            actor=person,
            comment=str(form.get("comment") or "").strip() or None,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as exc:
        raise InvalidInput(detail="; ".join(_field_errors(exc, lang).values())) from None
    try:
        result = services.advance(cmd)
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
        return _redirect(f"/sager/{quote(case.id)}")
    changed(request)
    from casework.entrypoints.views import step_label

    action = next(
        (
            e.transition.label(lang)
            for e in services.graph(case).actions(case.step).values()
            if e.action == cmd.action
        ),
        cmd.action,
    )
    step = step_label(services, result.case, lang)
    _flash(request, i18n.translate(lang, "web.case.done", action=action, step=step))
    return _redirect(f"/sager/{quote(case.id)}")


def _stored_text(value: Any) -> str:
    """An attribute's stored value as the form shows it (booleans as ja/nej)."""
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return "" if value is None else str(value)


@router.get("/sager/{case_id}/oplysninger")
def case_attributes_form(request: Request, case_id: str) -> Response:
    """The form for the case's details, filled in with what the case holds now."""
    person, case, _ = _visible_case(request, case_id)
    municipality = services_of(request).config.municipality
    if not access.may_on_case(municipality, person, Permission.CHANGE_ATTRIBUTES, case):
        raise access.denied(Permission.CHANGE_ATTRIBUTES)
    return render(
        request,
        "case_edit.html",
        case=case,
        specs=[a for a in municipality.attributes.values() if a.id != "lukket_bekraeftet"],
        stored={k: _stored_text(v) for k, v in case.attributes.items()},
        textareas=_TEXTAREAS,
    )


@router.post("/sager/{case_id}/oplysninger")
async def case_attributes(request: Request, case_id: str) -> Response:
    """Change the case's details (attributes); a plan-routed case is evaluated again."""
    from casework.domain.commands import ChangeAttributes

    await check_csrf(request)
    person, case, _ = _visible_case(request, case_id)
    services = services_of(request)
    municipality = services.config.municipality
    lang = lang_of(request)
    if not access.may_on_case(municipality, person, Permission.CHANGE_ATTRIBUTES, case):
        raise access.denied(Permission.CHANGE_ATTRIBUTES)
    form = await request.form()
    changes: dict[str, Any] = {}
    for spec in municipality.attributes.values():
        name = f"attr_{spec.id}"
        if name not in form:
            continue
        new = str(form.get(name) or "").strip()
        if new != _stored_text(case.attributes.get(spec.id)):
            changes[spec.id] = new or None
    if not changes:
        return _redirect(f"/sager/{quote(case.id)}")
    version = str(form.get("version") or "")
    try:
        services.change_attributes(
            ChangeAttributes(
                case_id=case.id, actor=person, attributes=changes,
                comment=str(form.get("comment") or "").strip() or None,
                expected_version=int(version) if version.isdigit() else None,
            )
        )  # fmt: skip
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
    else:
        changed(request)
        _flash(request, i18n.translate(lang, "web.case.changed", count=len(changes)))
    return _redirect(f"/sager/{quote(case.id)}")


@router.post("/sager/{case_id}/sagsgang")
async def case_route(request: Request, case_id: str) -> Response:
    """Override the case's route of bodies (the secretariat), with the reason on record."""
    from pydantic import ValidationError

    from casework.domain.commands import ChangeRoute
    from casework.domain.routes import parse_route

    await check_csrf(request)
    person, case, _ = _visible_case(request, case_id)
    services = services_of(request)
    lang = lang_of(request)
    if not access.may_on_case(services.config.municipality, person, Permission.CHANGE_ROUTE, case):
        raise access.denied(Permission.CHANGE_ROUTE)
    form = await request.form()
    version = str(form.get("version") or "")
    try:
        cmd = ChangeRoute(
            case_id=case.id, actor=person, route=parse_route(str(form.get("route") or "")),
            reason=str(form.get("reason") or ""),
            expected_version=int(version) if version.isdigit() else None,
        )  # fmt: skip
        services.change_route(cmd)
    except ValidationError as exc:
        details = _field_errors(exc, lang)
        _flash(request, "; ".join(f"{k}: {v}" for k, v in details.items()), "error")
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
    else:
        changed(request)
        _flash(request, i18n.translate(lang, "web.case.route_changed"))
    return _redirect(f"/sager/{quote(case.id)}")


@router.post("/sager/{case_id}/plan")
async def case_plan(request: Request, case_id: str) -> Response:
    """Record the case's plan from the meeting plan (deadlines counted back from meetings)."""
    from casework.domain.commands import PlanCase

    await check_csrf(request)
    person, case, _ = _visible_case(request, case_id)
    services = services_of(request)
    lang = lang_of(request)
    if not access.may_on_case(services.config.municipality, person, Permission.PLAN_CASE, case):
        raise access.denied(Permission.PLAN_CASE)
    try:
        services.plan(PlanCase(case_id=case.id, actor=person, expected_version=case.version))
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
    else:
        changed(request)
        _flash(request, i18n.translate(lang, "web.case.planned_done"))
    return _redirect(f"/sager/{quote(case.id)}")


# --------------------------------------------------------------------------- meetings
def _meeting(request: Request, meeting_id: str) -> tuple[str, dt.date]:
    from casework.services.agendas import meeting_on

    found = _MEETING_ID.match(meeting_id)
    if found is None:
        raise NotFound(case_id=meeting_id)
    try:
        day = dt.date.fromisoformat(found.group(2))
    except ValueError:
        raise NotFound(case_id=meeting_id) from None
    meeting_on(services_of(request).config, found.group(1), day)  # raises when there is none
    return found.group(1), day


@router.get("/moeder")
def meetings(request: Request, body: str = "", tidligere: str = "") -> Response:
    """The meeting plan: upcoming meetings (all or one body), with their agendas and minutes."""
    from casework.services.agendas import body_meetings, calendar_of

    person = _person(request)
    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.VIEW_MEETINGS)
    calendar_of(services.config)  # raises NoMeetingPlan without a meeting plan
    today = services.clock.today()
    chosen = [body] if body in municipality.bodies else list(municipality.bodies)
    found = [m for b in chosen for m in body_meetings(services.config, b)]
    if not tidligere:
        found = [m for m in found if m.date >= today]
    found.sort(key=lambda m: (m.date, m.time, m.body))
    lang = lang_of(request)
    return render(
        request,
        "meetings.html",
        meetings=[
            {
                "id": f"{m.body}-{m.date.isoformat()}",
                "date": m.date.isoformat(),
                "time": m.time.strftime("%H.%M"),
                "body": municipality.bodies[m.body].title(lang),
                "short": municipality.bodies[m.body].short,
                "kind": m.kind.value,
            }
            for m in found[:200]
        ],
        bodies=[(b.id, b.short) for b in municipality.bodies.values()],
        body=body,
        past=bool(tidligere),
        full=access.full_agenda(municipality, person),
        minutes=access.allowed(municipality, person, Permission.RECORD_MINUTES),
    )


@router.get("/moeder/{meeting_id}/dagsorden")
def agenda(request: Request, meeting_id: str, udgave: str = "offentlig") -> Response:
    """An agenda: the public version for everyone, the full one for who may see closed items."""
    from casework.domain.agenda import Visibility
    from casework.services.agendas import assemble_agenda

    if udgave not in {"offentlig", "fuld"}:
        raise InvalidInput(detail=f"udgave: offentlig | fuld ({udgave})")
    services = services_of(request)
    municipality = services.config.municipality
    visibility = Visibility(udgave)
    person = signed_in(request)
    if visibility is Visibility.FULL:
        person = _person(request)
        if not access.full_agenda(municipality, person):
            raise access.denied(Permission.VIEW_FULL_AGENDA)
    body, day = _meeting(request, meeting_id)
    reader = services.reader_factory or services.uow_factory
    assembled = assemble_agenda(reader, services.config, body, day, services.clock.today())
    published = assembled.publish(visibility)
    approvable = []
    if visibility is Visibility.FULL and access.allowed(
        municipality, person, Permission.MANAGE_AGENDAS
    ):
        approvable = [
            (item.number, item.content.case_id, item.title)
            for item in assembled.items
            if item.closed and item.content is not None
        ]
    return render(
        request,
        "agenda.html",
        agenda=published,
        meeting_id=meeting_id,
        approvable=approvable,
        full=visibility is Visibility.FULL,
        may_full=person is not None and access.full_agenda(municipality, person),
        minutes=person is not None
        and access.allowed(municipality, person, Permission.RECORD_MINUTES),
    )


@router.post("/moeder/{meeting_id}/dagsorden/godkend")
async def approve_agenda(request: Request, meeting_id: str) -> Response:
    """Approve the agenda's closed items: each confirmed closed, or taken in open session."""
    from casework.services.agendas import approve_agenda as approve

    await check_csrf(request)
    person = _person(request)
    services = services_of(request)
    access.require(services.config.municipality, person, Permission.MANAGE_AGENDAS)
    body, day = _meeting(request, meeting_id)
    form = await request.form()
    reopen = [str(v) for v in form.getlist("aaben")]
    lang = lang_of(request)
    try:
        rulings = approve(
            services.uow_factory, services.config, services.clock, body, day,
            actor=person, reopen=reopen,
        )  # fmt: skip
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
    else:
        changed(request)
        _flash(request, i18n.translate(lang, "web.agenda.approved", count=len(rulings)))
    return _redirect(f"/moeder/{meeting_id}/dagsorden?udgave=fuld")


@router.get("/moeder/{meeting_id}/referat")
def minutes_form(request: Request, meeting_id: str) -> Response:
    """Minutes entry for the secretariat: each case item with the decisions it can get."""
    person = _person(request)
    services = services_of(request)
    access.require(services.config.municipality, person, Permission.RECORD_MINUTES)
    body, day = _meeting(request, meeting_id)
    return _minutes_page(request, body, day, meeting_id)


def _minutes_page(
    request: Request, body: str, day: dt.date, meeting_id: str, status: int = 200
) -> HTMLResponse:
    from casework.services.agendas import assemble_agenda

    services = services_of(request)
    municipality = services.config.municipality
    lang = lang_of(request)
    reader = services.reader_factory or services.uow_factory
    assembled = assemble_agenda(reader, services.config, body, day, services.clock.today())
    items = []
    for item in assembled.items:
        if item.content is None:
            continue
        case, _ = services.case(item.content.case_id)
        graph = services.graph(case)
        node = graph.steps[case.step]
        outcomes = []
        if node.body == body and case.status is CaseStatus.OPEN:
            outcomes = [
                (e.transition.outcome.value, e.transition.label(lang))
                for e in graph.actions(case.step).values()
                if e.transition.outcome is not None
            ]
            if node.route_role is not None and node.route_role.value == "indstiller":
                outcomes.append(("oversendt", "Oversendt" if lang == "da" else "Referred"))
        items.append(
            {
                "number": item.number,
                "heading": item.title,
                "closed": item.closed,
                "case_id": case.id,
                "version": case.version,
                "outcomes": outcomes,
                "step": node.step.label(lang),
            }
        )
    name = municipality.bodies[body].name
    return render(
        request,
        "minutes.html",
        status,
        title=i18n.translate(lang, "web.minutes.title", body=name, date=day.isoformat()),
        items=items,
        meeting_id=meeting_id,
        bodies=[(b.id, b.short) for b in municipality.bodies.values() if b.id != body],
    )


@router.post("/moeder/{meeting_id}/referat")
async def record_minutes(request: Request, meeting_id: str) -> Response:
    """Record one item's decision from the minutes; it moves the case as in the CLI."""
    from pydantic import ValidationError

    from casework.domain.commands import Minutes, RecordDecision

    await check_csrf(request)
    person = _person(request)
    services = services_of(request)
    municipality = services.config.municipality
    access.require(municipality, person, Permission.RECORD_MINUTES)
    _, day = _meeting(request, meeting_id)
    form = await request.form()
    lang = lang_of(request)
    case_id = str(form.get("case_id") or "")
    version = str(form.get("version") or "")
    try:
        cmd = RecordDecision(
            case_id=case_id,
            actor=person,
            minutes=Minutes(
                outcome=str(form.get("outcome") or ""),
                text=str(form.get("text") or "").strip() or None,
                votes=str(form.get("votes") or "").strip() or None,
                meeting=day,
                to_body=str(form.get("to_body") or "") or None,
            ),
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as exc:
        _flash(request, "; ".join(_field_errors(exc, lang).values()), "error")
        return _redirect(f"/moeder/{meeting_id}/referat")
    try:
        services.decide(cmd)
    except CaseworkError as exc:
        _flash(request, exc.message(lang), "error")
    else:
        changed(request)
        _flash(request, i18n.translate(lang, "web.minutes.recorded", case_id=case_id))
    return _redirect(f"/moeder/{meeting_id}/referat")
