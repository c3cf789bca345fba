"""The meeting plan, agendas (public and full), approving an agenda's closed items, and minutes.

Every page here is one use case of ``App.agendas`` (:mod:`casework.app.agendas`), the same the
JSON API and the CLI's ``agenda`` commands call. A meeting is addressed as ``<body>-<date>``.
"""

from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.errors import CaseworkError, InvalidInput, NotFound
from casework.entrypoints.web import i18n
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
from casework.entrypoints.web.session import check_csrf, signed_in

router = APIRouter()

_MEETING_ID = re.compile(r"^([a-z0-9_]{1,40})-(\d{4}-\d{2}-\d{2})$")


def _meeting(request: Request, meeting_id: str) -> tuple[str, dt.date]:
    """(body, day) of a meeting id such as ``tmu-2026-04-13``; NotFound without that meeting."""
    found = _MEETING_ID.match(meeting_id)
    if found is None:
        raise NotFound(case_id=meeting_id)
    try:
        day = dt.date.fromisoformat(found.group(2))
    except ValueError:
        raise NotFound(case_id=meeting_id) from None
    app_of(request).agendas.meeting(found.group(1), day)  # raises when there is none
    return found.group(1), day


@router.get("/moeder")
def meetings(request: Request, body: str = "", tidligere: str = "") -> Response:
    """The meeting plan: upcoming meetings (all or one body), with their agendas and minutes."""
    person = person_of(request)
    app = app_of(request)
    municipality = app.config.municipality
    access.require(municipality, person, Permission.VIEW_MEETINGS)
    start = None if tidligere else app.clock.today()
    found = app.agendas.meetings(body if body in municipality.bodies else None, start=start)
    found = tuple(sorted(found, key=lambda m: (m.date, m.time, m.body)))
    lang = lang_of(request)
    # A task committee's meetings have a visual programme instead of a formal agenda (issue 20).
    programmes = set(app.task_committees.kommissorier)
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
                "programme": (
                    f"/opgaveudvalg/{m.body}/program?dato={m.date.isoformat()}"
                    if m.body in programmes
                    else None
                ),
            }
            for m in found[:200]
        ],
        bodies=[(b.id, b.short) for b in municipality.bodies.values()],
        body=body,
        past=bool(tidligere),
        full=access.full_agenda(municipality, person),
        minutes=access.allowed(municipality, person, Permission.RECORD_MINUTES),
        manage=access.allowed(municipality, person, Permission.MANAGE_AGENDAS),
    )


@router.get("/moeder/{meeting_id}/dagsorden")
def agenda(request: Request, meeting_id: str, udgave: str = "offentlig") -> Response:
    """An agenda: the public version for everyone, the full one for who may see closed items."""
    from casework.domain.agenda import Visibility

    if udgave not in {"offentlig", "fuld"}:
        raise InvalidInput(detail=f"udgave: offentlig | fuld ({udgave})")
    app = app_of(request)
    municipality = app.config.municipality
    visibility = Visibility(udgave)
    person = signed_in(request)
    if visibility is Visibility.FULL:
        person = person_of(request)
        if not access.full_agenda(municipality, person):
            raise access.denied(Permission.VIEW_FULL_AGENDA)
    body, day = _meeting(request, meeting_id)
    assembled = app.agendas.agenda(body, day)
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
        agenda=assembled.publish(visibility),
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
    await check_csrf(request)
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.MANAGE_AGENDAS)
    body, day = _meeting(request, meeting_id)
    form = await request.form()
    reopen = [str(v) for v in form.getlist("aaben")]
    lang = lang_of(request)
    try:
        rulings = app.agendas.approve(body, day, actor=person, reopen=reopen)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.agenda.approved", count=len(rulings)))
    return redirect(f"/moeder/{meeting_id}/dagsorden?udgave=fuld")


@router.get("/moeder/{meeting_id}/referat")
def minutes_form(request: Request, meeting_id: str) -> Response:
    """Minutes entry for the secretariat: each case item with the decisions it can get."""
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.RECORD_MINUTES)
    body, day = _meeting(request, meeting_id)
    return _minutes_page(request, body, day, meeting_id)


def _minutes_page(
    request: Request, body: str, day: dt.date, meeting_id: str, status: int = 200
) -> HTMLResponse:
    app = app_of(request)
    lang = lang_of(request)
    sheet = app.agendas.minutes(body, day, lang)
    name = app.config.municipality.bodies[body].name
    return render(
        request,
        "minutes.html",
        status,
        title=i18n.translate(lang, "web.minutes.title", body=name, date=day.isoformat()),
        items=sheet.items,
        meeting_id=meeting_id,
        bodies=[(b.id, b.short) for b in app.config.municipality.bodies.values() if b.id != body],
    )


@router.post("/moeder/{meeting_id}/referat")
async def record_minutes(request: Request, meeting_id: str) -> Response:
    """Record one item's decision from the minutes; it moves the case as in the CLI."""
    from pydantic import ValidationError

    from casework.domain.commands import Minutes, RecordDecision

    await check_csrf(request)
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.RECORD_MINUTES)
    _, day = _meeting(request, meeting_id)
    form = await request.form()
    lang = lang_of(request)
    case_id = str(form.get("case_id") or "")
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
                in_favour=_count(form.get("in_favour")),
                against=_count(form.get("against")),
                abstaining=_count(form.get("abstaining")),
                minority=_lines(form.get("minority")),
                entries=_lines(form.get("entries")),
            ),
            expected_version=expected_version(form),
        )
    except ValidationError as exc:
        flash(request, "; ".join(field_errors(exc, lang).values()), "error")
        return redirect(f"/moeder/{meeting_id}/referat")
    try:
        app.decide(cmd)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, "web.minutes.recorded", case_id=case_id))
    return redirect(f"/moeder/{meeting_id}/referat")


def _count(value: object) -> int | str | None:
    """A vote count from the form: empty is no count; anything else is left to the command's
    validation (a negative or non-numeric count is refused there, with the field named)."""
    text = str(value or "").strip()
    return text or None


def _lines(value: object) -> list[str]:
    """A statement per non-empty line of a text area."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]
