"""The case board: open cases by step and by body, with filters, and the most urgent of them.

Read from the app's snapshot of the open cases, whose step labels come from the application's
view models (:meth:`casework.app.views.Views.step_label`), as on every other page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web.pages.cases import entry_rows
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
    from casework.entrypoints.web.snapshot import Entry

router = APIRouter()


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
    person = person_of(request)
    app = app_of(request)
    municipality = app.config.municipality
    access.require(municipality, person, Permission.VIEW_BOARD)
    lang = lang_of(request)
    current = snapshot(request)
    filters = {"centre": centre, "workflow": workflow, "body": body, "step": step,
               "overdue": overdue}  # fmt: skip
    # The unfiltered board is what most people open: summarised once per snapshot.
    key = ("board", person, lang, *filters.values())
    summary = current.memo.get(key)
    if summary is None:
        summary = summarise(app, current.visible(app, person), lang, **filters)
        if not any(filters.values()):
            current.memo[key] = summary
    return render(
        request,
        "board.html",
        **summary,
        filters=filters,
        centres=sorted((c.id, c.name) for c in municipality.centres.values()),
        bodies=[(b.id, b.short) for b in municipality.bodies.values()],
        workflows=workflow_choices(app, lang),
        steps=_template_steps(app, lang),
    )


def summarise(
    app: App,
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
    today = app.clock.today().isoformat()
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
    by_body = Counter(app.views.body_short(e.body) if e.body else "" for e in shown)
    return {
        "by_step": sorted(by_step.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_body": sorted(by_body.items(), key=lambda kv: (-kv[1], kv[0])),
        "rows": entry_rows(app, shown[:LIST_LIMIT], lang),
        "total": len(shown),
    }


def _template_steps(app: App, lang: str) -> list[tuple[str, str]]:
    """(step id, title) of every workflow's steps, for the step filter."""
    seen: dict[str, str] = {}
    for definition in app.config.workflows.values():
        for step_id, step in definition.steps.items():
            seen.setdefault(step_id, step.label(lang))
    return sorted(seen.items(), key=lambda kv: kv[1])
