"""One meeting's cycle for the secretariat, and its beslutningsprotokol for everyone.

``/moeder/<body>-<date>`` shows the meeting's record (:meth:`App.agendas.record`) with one button
per step the secretariat takes: book the planned cases, close the agenda, send it, open the
meeting, approve the minutes and publish them. Each button posts to ``…/trin`` and runs the one
use case of ``App.agendas`` the CLI's ``meeting``/``minutes`` commands run; nothing here decides.

``/moeder/<body>-<date>/protokol`` shows the protocol: the public version to anyone once the
minutes are published, the full version to who may read closed items. ``…/protokol.html``,
``.pdf`` and ``.json`` are the same documents ``casework minutes show --format`` writes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.app.protocols import render_protocol
from casework.domain import access
from casework.domain.access import Permission
from casework.domain.agenda import Visibility
from casework.domain.errors import CaseworkError, InvalidInput, NotFound
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.meetings import _meeting
from casework.entrypoints.web.pages.render import (
    app_of,
    changed,
    flash,
    lang_of,
    person_of,
    redirect,
    render,
)
from casework.entrypoints.web.session import check_csrf, signed_in

if TYPE_CHECKING:
    from casework.domain.protocol import PublishedProtocol

router = APIRouter()

#: The secretariat's steps, in the cycle's order (form values; their buttons' texts are
#: ``web.cycle.<step>``).
STEPS = ("book", "close", "send", "hold", "approve", "publish")
#: The steps the meeting page offers in each state of the meeting (the use case still checks).
NEXT_STEPS = {
    "planned": ("book", "close", "send"),
    "agenda_closed": ("book", "send"),
    "agenda_sent": ("book", "hold"),
    "held": ("approve",),
    "minutes_approved": ("publish",),
}
_KINDS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
          "json": "application/json"}  # fmt: skip


@router.get("/moeder/{meeting_id}")
def meeting_page(request: Request, meeting_id: str) -> Response:
    """The meeting's record with the secretariat's buttons for the next steps."""
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.MANAGE_AGENDAS)
    body, day = _meeting(request, meeting_id)
    lang = lang_of(request)
    view = app.agendas.record(body, day, lang, full=True)
    return render(
        request,
        "meeting.html",
        view=view,
        meeting_id=meeting_id,
        steps=NEXT_STEPS.get(view.state, ()),
        minutes=access.allowed(app.config.municipality, person, Permission.RECORD_MINUTES),
    )


@router.post("/moeder/{meeting_id}/trin")
async def meeting_step(request: Request, meeting_id: str) -> Response:
    """Take one step of the cycle (``trin`` = book, close, send, hold, approve, publish)."""
    await check_csrf(request)
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.MANAGE_AGENDAS)
    body, day = _meeting(request, meeting_id)
    form = await request.form()
    step = str(form.get("trin") or "")
    lang = lang_of(request)
    agendas = app.agendas
    try:
        if step == "book":
            agendas.book(body, day, actor=person, planned=True)
        elif step == "close":
            agendas.close(body, day, actor=person)
        elif step == "send":
            agendas.send(body, day, actor=person)
        elif step == "hold":
            agendas.hold(body, day, actor=person)
        elif step == "approve":
            agendas.approve_minutes(body, day, actor=person)
        elif step == "publish":
            agendas.publish_minutes(body, day, actor=person)
        else:
            raise InvalidInput(detail=f"trin: {' | '.join(STEPS)} ({step})")
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        changed(request)
        flash(request, i18n.translate(lang, f"web.cycle.done.{step}"))
    return redirect(f"/moeder/{meeting_id}")


@router.post("/moeder/{meeting_id}/fravaer")
async def meeting_absence(request: Request, meeting_id: str) -> Response:
    """Record a member absent from the held meeting, with the substitute who met instead."""
    await check_csrf(request)
    person = person_of(request)
    app = app_of(request)
    access.require(app.config.municipality, person, Permission.MANAGE_AGENDAS)
    body, day = _meeting(request, meeting_id)
    form = await request.form()
    member = str(form.get("member") or "").strip()
    substitute = str(form.get("substitute") or "").strip() or None
    lang = lang_of(request)
    try:
        if not member:
            raise InvalidInput(detail=i18n.translate(lang, "web.cycle.member_missing"))
        app.agendas.record_attendance(body, day, member, substitute=substitute, actor=person)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
    else:
        flash(request, i18n.translate(lang, "web.cycle.absent_recorded", member=member))
    return redirect(f"/moeder/{meeting_id}")


def _visibility(request: Request, udgave: str) -> Visibility:
    """The visibility asked for, checked against who asks: the full version needs the right
    to read closed items; the public one is for everyone once the minutes are published."""
    if udgave not in {"offentlig", "fuld"}:
        raise InvalidInput(detail=f"udgave: offentlig | fuld ({udgave})")
    visibility = Visibility(udgave)
    if visibility is Visibility.FULL:
        person = person_of(request)
        if not access.full_agenda(app_of(request).config.municipality, person):
            raise access.denied(Permission.VIEW_FULL_AGENDA)
    return visibility


def _published_protocol(request: Request, meeting_id: str, udgave: str) -> PublishedProtocol:
    app = app_of(request)
    visibility = _visibility(request, udgave)
    body, day = _meeting(request, meeting_id)
    protocol = app.agendas.protocol(body, day).publish(visibility)
    if udgave == "offentlig" and protocol.published_on is None:
        # Before publication the public has nothing to read; the secretariat reads the full.
        person = signed_in(request)
        if person is None or not access.allowed(
            app.config.municipality, person, Permission.MANAGE_AGENDAS
        ):
            raise NotFound(case_id=f"{meeting_id}/protokol")
    return protocol


@router.get("/moeder/{meeting_id}/protokol")
def protocol_page(request: Request, meeting_id: str, udgave: str = "offentlig") -> Response:
    """The beslutningsprotokol as a page, with its documents for download."""
    from casework.app.dates import format_date, format_meeting

    app = app_of(request)
    protocol = _published_protocol(request, meeting_id, udgave)
    person = signed_in(request)
    municipality = app.config.municipality
    lang = lang_of(request)

    def day(value: dt.date | None) -> str:
        return format_date(value, lang, weekday=False) if value is not None else ""

    return render(
        request,
        "protocol.html",
        protocol=protocol,
        decided_in=i18n.translate(
            lang, "web.protocol.decided_in", body=protocol.body_name, date=day(protocol.date)
        ),
        approved_on=day(protocol.approved_on),
        published_on=day(protocol.published_on),
        when=format_meeting(protocol.date, protocol.time, lang),
        steps=[s for s in NEXT_STEPS.get(protocol.state, ()) if s in {"approve", "publish"}],
        meeting_id=meeting_id,
        udgave=udgave,
        may_full=person is not None and access.full_agenda(municipality, person),
        manage=person is not None
        and access.allowed(municipality, person, Permission.MANAGE_AGENDAS),
    )


@router.get("/moeder/{meeting_id}/protokol.{kind}")
def protocol_file(
    request: Request, meeting_id: str, kind: str, udgave: str = "offentlig"
) -> Response:
    """The protocol as a document: html, pdf or json (``casework minutes show --format``)."""
    if kind not in _KINDS:
        raise NotFound(case_id=f"{meeting_id}/protokol.{kind}")
    protocol = _published_protocol(request, meeting_id, udgave)
    data = render_protocol(protocol, kind, lang_of(request))
    name = f"protokol-{meeting_id}-{udgave}.{kind}"
    disposition = "inline" if kind != "pdf" else "attachment"
    return Response(
        data,
        media_type=_KINDS[kind],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
