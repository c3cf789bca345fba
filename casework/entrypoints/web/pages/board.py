"""The case board: open cases by step and by body, with filters, and the most urgent of them.

Renders the application's one board query (:meth:`casework.app.App.board`), the view the CLI,
the JSON API and the coordinator's Prefect artifacts render too, read from the web app's kept
snapshot of the open cases so that the page answers from memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.app.board import BoardFilters
from casework.app.flow import MEETINGS_PER_BODY, STATE_TEXT
from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.pages.render import (
    LIST_LIMIT,
    app_of,
    lang_of,
    person_of,
    render,
    snapshot,
    workflow_choices,
)

if TYPE_CHECKING:
    from casework.app import App

router = APIRouter()
#: Cards shown per column of the flow (the counts cover every case).
CARDS = 12
#: How often an open board asks for its fresh results (casework.js, ``data-poll``).
POLL_SECONDS = 5


@router.get("/tavle")
def board(  # noqa: PLR0917 - the board's filters are its query parameters
    request: Request,
    centre: str = "",
    workflow: str = "",
    body: str = "",
    step: str = "",
    overdue: str = "",
    person: str = "",
    moeder: int = MEETINGS_PER_BODY,
) -> Response:
    """Open cases by step and by body, with filters, and the most urgent of them."""
    viewer = person_of(request)
    app = app_of(request)
    municipality = app.config.municipality
    access.require(municipality, viewer, Permission.VIEW_BOARD)
    lang = lang_of(request)
    filters = BoardFilters(centre, workflow, body, step, overdue=bool(overdue), person=person,
                           meetings=max(1, min(moeder, 12)))  # fmt: skip
    view = app.board(
        lang, person=viewer, filters=filters, limit=LIST_LIMIT, open_cases=snapshot(request)
    )
    return render(
        request,
        "board.html",
        total=view.total,
        by_step=view.by_step,
        by_body=view.by_body,
        rows=view.rows,
        meetings=view.meetings,
        phases=view.phases,
        today=view.today,
        cards=CARDS,
        poll=POLL_SECONDS,
        can_plan=access.allowed(municipality, viewer, Permission.PLAN_CASE),
        states={k: v[1 if lang == "en" else 0] for k, v in STATE_TEXT.items()},
        people=sorted(((p.id, p.name) for p in municipality.people.values()), key=lambda p: p[1]),
        filters={
            "centre": centre,
            "workflow": workflow,
            "body": body,
            "step": step,
            "overdue": overdue,
            "person": person,
        },
        centres=sorted((c.id, c.name) for c in municipality.centres.values()),
        bodies=[(b.id, b.short) for b in municipality.bodies.values()],
        workflows=workflow_choices(app, lang),
        steps=_template_steps(app, lang),
    )


def _template_steps(app: App, lang: str) -> list[tuple[str, str]]:
    """(step id, title) of every workflow's steps, for the step filter."""
    seen: dict[str, str] = {}
    for definition in app.config.workflows.values():
        for step_id, step in definition.steps.items():
            seen.setdefault(step_id, step.label(lang))
    return sorted(seen.items(), key=lambda kv: kv[1])
