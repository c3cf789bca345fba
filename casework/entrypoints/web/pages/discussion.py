"""The case page's issue 20 section: the discussion a case came from or the cases it led to,
its facilitation kit and its citizen involvement. Rendered from
:class:`casework.app.discussions.DiscussionPanel`, built for the signed-in person, so a linked
closed item is named by its public heading to whoever may not see it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain.access import Permission
from casework.domain.errors import CaseworkError, InvalidInput
from casework.domain.messages import register, render
from casework.entrypoints.web.pages.case import back_to, require_on, visible_case
from casework.entrypoints.web.pages.render import app_of, changed, flash, lang_of
from casework.entrypoints.web.session import check_csrf

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.discussions import DiscussionPanel
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent

register(
    {
        "web.discussion.heading": ("Drøftelse og inddragelse", "Discussion and involvement"),
        "web.discussion.origin": (
            "Sagen udspringer af drøftelsessag",
            "The case comes from discussion case",
        ),
        "web.discussion.produced": ("Drøftelsen førte til", "The discussion led to"),
        "web.discussion.kit": ("Drøftelsesformat", "Discussion format"),
        "web.discussion.kit_step": (
            "Vises på dagsordenspunktet, hvor udvalget drøfter sagen.",
            "Shown on the agenda item where the committee discusses the case.",
        ),
        "web.discussion.programme": ("Program", "Programme"),
        "web.discussion.questions": ("Spørgsmål", "Questions"),
        "web.discussion.materials": ("Materialer", "Materials"),
        "web.discussion.process_plan": ("Procesplan", "Process plan"),
        "web.discussion.scale": ("vurdér {low}–{high}", "rate {low}–{high}"),
        "web.discussion.involvement": ("Inddragelse", "Involvement"),
        "web.discussion.due": ("Svarfrist {due}", "Deadline {due}"),
        "web.discussion.party": ("Part", "Party"),
        "web.discussion.answer": ("Svar", "Answer"),
        "web.discussion.received": ("Modtaget", "Received"),
        "web.discussion.waiting": ("afventer svar", "awaiting an answer"),
        "web.discussion.link_label": (
            "Drøftelsessagen, sagen udspringer af (sagsnummer)",
            "The discussion case this case comes from (case number)",
        ),
        "web.discussion.link_button": ("Knyt til drøftelsen", "Link to the discussion"),
        "web.discussion.linked": (
            "Sagen har nu drøftelsessag {origin} som oprindelse.",
            "The case now has discussion case {origin} as its origin.",
        ),
        "web.discussion.record": ("Registrér et svar", "Record an answer"),
        "web.discussion.summary": ("Resumé af svaret", "Summary of the answer"),
        "web.discussion.by": ("Svaret af (valgfri)", "Answered by (optional)"),
        "web.discussion.received_label": ("Modtaget (ÅÅÅÅ-MM-DD, valgfri)", "Received (optional)"),
        "web.discussion.record_button": ("Registrér svaret", "Record the answer"),
        "web.discussion.recorded": (
            "Svaret fra {party} er registreret.",
            "The answer is recorded.",
        ),
        "web.discussion.new_from": (
            "Opret en beslutningssag fra drøftelsen",
            "Open a decision case from the discussion",
        ),
        "web.new.origin": (
            "Oprindelse: drøftelsessag (sagsnummer, valgfri)",
            "Origin: discussion case (case number, optional)",
        ),
        "web.new.origin_help": (
            "Sagen oprettes knyttet til drøftelsen, den udspringer af – ellers oprettes den ikke.",
            "The case is opened linked to the discussion it comes from – or not at all.",
        ),
        "web.discussion.not_reached": (
            "Sagen er ikke sendt i høring.",
            "The case has not been sent out for consultation.",
        ),
    }
)


def discussion_panel(
    app: App, case: Case, events: list[CaseEvent], lang: str, person: str
) -> DiscussionPanel:
    """The panel for ``person`` (not cached with the page's shared parts: titles depend on who
    looks, and a linked case moves on without this case's version changing)."""
    return app.discussions.panel(case, events, lang, actor=person)


router = APIRouter()


@router.post("/sager/{case_id}/oprindelse")
async def link(request: Request, case_id: str) -> Response:
    """Link the case to the discussion it came from (the case page's form)."""
    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    lang = lang_of(request)
    origin = str((await request.form()).get("origin") or "").strip()
    try:
        app_of(request).discussions.link(case.id, origin, person)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return back_to(case)
    changed(request)
    flash(request, render("web.discussion.linked", lang, origin=origin))
    return back_to(case)


@router.post("/sager/{case_id}/svar")
async def answer(request: Request, case_id: str) -> Response:
    """Record a party's answer in the case's involvement (the case page's form)."""
    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    lang = lang_of(request)
    form = await request.form()
    party = str(form.get("party") or "")
    text = str(form.get("received") or "").strip()
    by = str(form.get("by") or "").strip() or None
    try:
        try:
            received = dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise InvalidInput(detail=f"{text!r} (ÅÅÅÅ-MM-DD)") from None
        app_of(request).discussions.answer(
            case.id, party, str(form.get("summary") or ""), person, received=received, by=by
        )
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return back_to(case)
    changed(request)
    flash(request, render("web.discussion.recorded", lang, party=party))
    return back_to(case)
