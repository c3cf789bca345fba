"""The § 17, stk. 4 task committees on the web (issue 20): the list, the committee's page with
its kommissorium, the backlog board, the sprint meeting's forms (add an idea, start a sprint
with the ideas that fit, log it, close and evaluate it) and the recommendation button; and the
meetings' visual programme instead of a formal agenda.

Every page needs a signed-in person; only the facilitator and the secretariat see the forms, and
the use cases check it again (CW901). Each form carries the CSRF token and runs one use case of
``App.task_committees``, the same as ``casework taskcommittee …``; a refusal is a one-line flash
message and writes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain.errors import CaseworkError
from casework.domain.messages import register
from casework.entrypoints.web.pages.render import (
    app_of,
    changed,
    flash,
    lang_of,
    person_of,
    redirect,
    render,
)
from casework.entrypoints.web.session import check_csrf

register(
    {
        "web.task.title": ("Opgaveudvalg", "Task committees"),
        "web.task.intro": (
            "Udvalg nedsat efter kommunestyrelseslovens § 17, stk. 4. De er rådgivende: deres "
            "skriftlige indstilling går som en sag til det stående udvalg.",
            "Committees set up under § 17(4) of the Local Government Act. They advise: their "
            "written recommendation goes as a case to the standing committee.",
        ),
        "web.task.none": (
            "Ingen opgaveudvalg har et kommissorium.",
            "No task committee has a kommissorium.",
        ),
        "web.task.kommissorium": ("Kommissorium", "Kommissorium"),
        "web.task.mandate": ("Opgave", "Mandate"),
        "web.task.goals": ("Mål", "Goals"),
        "web.task.period": ("Periode", "Period"),
        "web.task.reports_to": ("Indstiller til", "Reports to"),
        "web.task.facilitator": ("Facilitator", "Facilitator"),
        "web.task.members": ("Medlemmer af kommunalbestyrelsen", "Council members"),
        "web.task.partners": ("Eksterne medlemmer", "External members"),
        "web.task.resources": ("Ressourcer pr. sprint", "Resources per sprint"),
        "web.task.hours": ("{hours} timer", "{hours} hours"),
        "web.task.board": ("Bagkatalogstavle", "Backlog board"),
        "web.task.empty": ("Ingen idéer.", "No ideas."),
        "web.task.add_idea": ("Ny idé til bagkataloget", "New idea for the backlog"),
        "web.task.idea_title": ("Idé", "Idea"),
        "web.task.idea_description": ("Beskrivelse (valgfri)", "Description (optional)"),
        "web.task.idea_hours": ("Timer", "Hours"),
        "web.task.add": ("Tilføj", "Add"),
        "web.task.sprint_meeting": (
            "Sprintmøde: start en sprint",
            "Sprint meeting: start a sprint",
        ),
        "web.task.sprint_goal": ("Sprintmål", "Sprint goal"),
        "web.task.pick": (
            "Vælg idéer, der passer til ressourcerne",
            "Choose ideas that fit the resources",
        ),
        "web.task.start": ("Start sprint", "Start sprint"),
        "web.task.sprints": ("Sprints", "Sprints"),
        "web.task.sprint": ("Sprint {number}", "Sprint {number}"),
        "web.task.planned": ("{planned} af {capacity} timer", "{planned} of {capacity} hours"),
        "web.task.log": ("Sprintlog", "Sprint log"),
        "web.task.log_entry": ("Ny linje i sprintloggen", "New line in the sprint log"),
        "web.task.write": ("Skriv", "Write"),
        "web.task.close": ("Luk sprint og evaluér", "Close sprint and evaluate"),
        "web.task.done": ("Færdige idéer", "Ideas done"),
        "web.task.results": ("Resultater", "Results"),
        "web.task.evaluation": ("Evaluering mod målene", "Evaluation against the goals"),
        "web.task.met": ("Opfyldt", "Met"),
        "web.task.note": ("Note", "Note"),
        "web.task.recommend": ("Skriv indstillingen som sag", "Write the recommendation as a case"),
        "web.task.recommendation": ("Indstilling", "Recommendation"),
        "web.task.programme": ("Visuelt program", "Visual programme"),
        "web.task.programme_intro": (
            "Opgaveudvalgets møder har et visuelt program i stedet for en formel dagsorden.",
            "The task committee's meetings have a visual programme instead of a formal agenda.",
        ),
        "web.task.meetings": ("Møder", "Meetings"),
        "web.task.history": ("Historik", "History"),
        "web.task.cases": (
            "Sager, udvalget afgiver indstilling om",
            "Cases the committee gives its recommendation on",
        ),
        "web.task.choose_from": ("Bagkataloget at vælge fra", "The backlog to choose from"),
        "web.task.back": ("Tilbage til udvalget", "Back to the committee"),
        "web.task.added": (
            "Idé {number} er tilføjet bagkataloget.",
            "Idea {number} was added to the backlog.",
        ),
        "web.task.started": ("Sprint {number} er startet.", "Sprint {number} has started."),
        "web.task.logged": ("Sprintloggen er skrevet.", "The sprint log was written."),
        "web.task.closed": (
            "Sprint {number} er lukket og evalueret.",
            "Sprint {number} was closed and evaluated.",
        ),
        "web.task.recommended": (
            "Indstillingen er sag {case} til {body}.",
            "The recommendation is case {case} to {body}.",
        ),
        "web.task.bad_number": ("{field}: skriv et helt tal", "{field}: give a whole number"),
    }
)

router = APIRouter()


def _t(lang: str, key: str, **params: Any) -> str:
    from casework.entrypoints.web import i18n

    return i18n.translate(lang, key, **params)


@router.get("/opgaveudvalg")
def committees(request: Request) -> Response:
    """Every task committee with a kommissorium."""
    person_of(request)
    lang = lang_of(request)
    rows = app_of(request).task_committees.committees(lang)
    return render(request, "task_committees.html", rows=rows)


@router.get("/opgaveudvalg/{committee}")
def committee_page(request: Request, committee: str) -> Response:
    """The committee's kommissorium, backlog board and sprints (with the forms for who runs
    its work)."""
    person = person_of(request)
    lang = lang_of(request)
    tc = app_of(request).task_committees
    view = tc.show(committee, lang, viewer=person)
    return render(request, "task_committee.html", view=view, meetings=tc.meetings(committee),
                  history=tc.history(committee, lang))  # fmt: skip


@router.get("/opgaveudvalg/{committee}/program")
def programme_page(request: Request, committee: str, dato: str | None = None) -> Response:
    """The visual programme of the committee's meeting on ``dato`` (or of a sprint meeting)."""
    person_of(request)
    lang = lang_of(request)
    view = app_of(request).task_committees.programme(committee, lang, day=dato or None)
    return render(request, "task_programme.html", view=view)


def _number(value: object, field: str, lang: str) -> int:
    text = str(value or "").strip()
    if not text.isdigit():
        from casework.domain.task_committee import BadCommitteeInput

        raise BadCommitteeInput(field=field, detail=_t(lang, "web.task.bad_number", field=field))
    return int(text)


async def _form(request: Request) -> Any:
    await check_csrf(request)
    return await request.form()


def _back(committee: str) -> Response:
    return redirect(f"/opgaveudvalg/{committee}")


@router.post("/opgaveudvalg/{committee}/ideer")
async def add_idea(request: Request, committee: str) -> Response:
    """Add an idea to the backlog."""
    form = await _form(request)
    person = person_of(request)
    lang = lang_of(request)
    try:
        state = app_of(request).task_committees.add_idea(
            committee, title=str(form.get("title") or ""),
            description=str(form.get("description") or ""),
            hours=_number(form.get("hours"), _t(lang, "web.task.idea_hours"), lang), actor=person,
        )  # fmt: skip
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(committee)
    flash(request, _t(lang, "web.task.added", number=state.ideas[-1].number))
    return _back(committee)


@router.post("/opgaveudvalg/{committee}/sprint")
async def start_sprint(request: Request, committee: str) -> Response:
    """The sprint meeting: start a sprint with the chosen ideas."""
    form = await _form(request)
    person = person_of(request)
    lang = lang_of(request)
    try:
        ideas = [_number(v, "idé", lang) for v in form.getlist("idea")]
        state = app_of(request).task_committees.start_sprint(
            committee, goal=str(form.get("goal") or ""), ideas=ideas, actor=person
        )
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(committee)
    flash(request, _t(lang, "web.task.started", number=state.sprints[-1].number))
    return _back(committee)


@router.post("/opgaveudvalg/{committee}/sprint/log")
async def log_sprint(request: Request, committee: str) -> Response:
    """A line in the open sprint's log."""
    form = await _form(request)
    person = person_of(request)
    lang = lang_of(request)
    try:
        app_of(request).task_committees.log_sprint(
            committee, entry=str(form.get("entry") or ""), actor=person
        )
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(committee)
    flash(request, _t(lang, "web.task.logged"))
    return _back(committee)


@router.post("/opgaveudvalg/{committee}/sprint/luk")
async def close_sprint(request: Request, committee: str) -> Response:
    """Close the open sprint and evaluate it against every goal."""
    form = await _form(request)
    person = person_of(request)
    lang = lang_of(request)
    tc = app_of(request).task_committees
    try:
        goals = tc.kommissorium(committee).goals
        state = tc.close_sprint(
            committee,
            done=[_number(v, "idé", lang) for v in form.getlist("done")],
            results=str(form.get("results") or ""),
            met=[form.get(f"met-{n}") in {"on", "1", "ja"} for n in range(1, len(goals) + 1)],
            notes=[str(form.get(f"note-{n}") or "") for n in range(1, len(goals) + 1)],
            actor=person,
        )
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(committee)
    flash(request, _t(lang, "web.task.closed", number=state.sprints[-1].number))
    return _back(committee)


@router.post("/opgaveudvalg/{committee}/indstilling")
async def recommend(request: Request, committee: str) -> Response:
    """The committee's written recommendation from a closed sprint, as a case."""
    form = await _form(request)
    person = person_of(request)
    lang = lang_of(request)
    app = app_of(request)
    try:
        sprint = _number(form.get("sprint"), "sprint", lang)
        made = app.task_committees.recommend(committee, sprint=sprint, actor=person)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(committee)
    changed(request)
    decider = next((e.body for e in made.case.route if e.role.value == "beslutter"), "")
    body = app.config.municipality.bodies.get(decider)
    flash(request, _t(lang, "web.task.recommended", case=made.case.id,
                      body=body.title(lang) if body else decider))  # fmt: skip
    return redirect(f"/sager/{made.case.id}")
