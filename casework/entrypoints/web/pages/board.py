"""The case board: open cases by step and by body, with filters, and the most urgent of them.

Renders the application's one board query (:meth:`casework.app.App.board`), the view the CLI,
the JSON API and the coordinator's Prefect artifacts render too, read from the web app's kept
snapshot of the open cases so that the page answers from memory.

The board's results (``#board-results``, about 80 KB over 60 meetings) are rendered once per
board view and kept with it in the snapshot (the view is kept per snapshot, person, language,
filters, day and bookings, so the HTML is never another person's); a request puts its session's
CSRF token into the kept HTML and renders only the page around it. The board's own polling
(``X-Casework-Partial: board``) gets the results alone.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from casework.app.board import KEPT_BOARDS, BoardFilters, BoardView
from casework.app.flow import MEETINGS_PER_BODY, STATE_TEXT
from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.pages.render import (
    LIST_LIMIT,
    app_of,
    fragment,
    lang_of,
    person_of,
    render,
    snapshot,
    workflow_choices,
)
from casework.entrypoints.web.session import csrf_token

if TYPE_CHECKING:
    from casework.app import App
    from casework.app.open_cases import Snapshot

router = APIRouter()
#: Cards shown per column of the flow (the counts cover every case).
CARDS = 12
#: How often an open board asks for its fresh results (casework.js, ``data-poll``).
POLL_SECONDS = 5
#: Stands for the session's CSRF token in the kept results: random per process, so that no
#: stored text (a case's title) can spell it and be replaced by the reader's token.
_CSRF_MARK = f"csrf-{secrets.token_hex(16)}"


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
    open_cases = snapshot(request)
    view = app.board(lang, person=viewer, filters=filters, limit=LIST_LIMIT, open_cases=open_cases)
    can_plan = access.allowed(municipality, viewer, Permission.PLAN_CASE)
    results = _results(open_cases, view, can_plan=can_plan).replace(
        _CSRF_MARK, str(escape(csrf_token(request)))
    )
    if request.headers.get("X-Casework-Partial") == "board":
        return HTMLResponse(results, headers={"Vary": "X-Casework-Partial"})
    page = render(
        request,
        "board.html",
        results=Markup(results),  # rendered by the autoescaping templates
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
    page.headers["Vary"] = "X-Casework-Partial"
    return page


def _results(open_cases: Snapshot, view: BoardView, *, can_plan: bool) -> str:
    """The board's results for ``view``, rendered once and kept with it in the snapshot (with
    :data:`_CSRF_MARK` for the session's token). Keyed by the view itself: the board query
    keeps one view per snapshot, person, language, filters, day and bookings, so everything
    the results show depends on the key; ``can_plan`` (the move forms) follows the person."""
    key = ("board-html", id(view), can_plan)
    found = open_cases.memo.get(key)
    if found is not None and found[0] is view:  # the view held, so its id is not reused
        html: str = found[1]
        return html
    lang = view.lang
    html = fragment(
        "_board_results.html",
        lang,
        csrf=_CSRF_MARK,
        total=view.total,
        by_step=view.by_step,
        by_body=view.by_body,
        rows=view.rows,
        meetings=view.meetings,
        phases=view.phases,
        today=view.today,
        cards=CARDS,
        poll=POLL_SECONDS,
        can_plan=can_plan,
        back=_back(view.filters),
        states={k: v[1 if lang == "en" else 0] for k, v in STATE_TEXT.items()},
    )
    open_cases.remember(key, (view, html), most=KEPT_BOARDS)
    return html


def _back(filters: BoardFilters) -> str:
    """Where a move on the board returns to: the board with the filters the view was built
    for (from the view, not the request's own query, so the kept results name nothing else)."""
    query = {
        "centre": filters.centre,
        "workflow": filters.workflow,
        "body": filters.body,
        "step": filters.step,
        "overdue": "1" if filters.overdue else "",
        "person": filters.person,
        "moeder": str(filters.meetings) if filters.meetings != MEETINGS_PER_BODY else "",
    }
    shown = urlencode({k: v for k, v in query.items() if v})
    return f"tavle?{shown}" if shown else "tavle"


def _template_steps(app: App, lang: str) -> list[tuple[str, str]]:
    """(step id, title) of every workflow's steps, for the step filter."""
    seen: dict[str, str] = {}
    for definition in app.config.workflows.values():
        for step_id, step in definition.steps.items():
            seen.setdefault(step_id, step.label(lang))
    return sorted(seen.items(), key=lambda kv: kv[1])
