"""The board's flow over time (``/tavle/tid``): cumulative flow, throughput per week, and the
open cases' route map with counts and waiting times at each step.

Renders the application's one query (:meth:`casework.app.App.flow_history`) as inline SVG
(:mod:`casework.entrypoints.web.flow_svg`) with the same figures as tables; the page polls
like the board, so a case that moves shows in the route map within seconds.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.app.board import BoardFilters
from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints import flow_texts as _flow_texts  # noqa: F401 - registers the texts
from casework.entrypoints.texts import t
from casework.entrypoints.web import flow_svg
from casework.entrypoints.web.pages.board import POLL_SECONDS
from casework.entrypoints.web.pages.render import (
    app_of,
    lang_of,
    person_of,
    render,
    snapshot,
    workflow_choices,
)

router = APIRouter()


@router.get("/tavle/tid")
def flow_over_time(
    request: Request, centre: str = "", workflow: str = "", uger: int = 12
) -> Response:
    """The flow over the last weeks and the route map of the open cases."""
    viewer = person_of(request)
    app = app_of(request)
    municipality = app.config.municipality
    access.require(municipality, viewer, Permission.VIEW_BOARD)
    lang = lang_of(request)
    weeks = max(2, min(uger, 52))
    view = app.flow_history(
        lang,
        filters=BoardFilters(centre=centre, workflow=workflow),
        weeks=weeks,
        open_cases=snapshot(request),
    )
    maps = [
        (
            wid,
            title,
            steps,
            flow_svg.route_map(
                title,
                steps,
                t("flow.wait", lang, days="{days}"),
                t("flow.overdue", lang, count="{count}"),
                comma=lang != "en",
            ),
        )
        for wid, title, steps in view.workflows
    ]
    return render(
        request,
        "flow_history.html",
        view=view,
        weeks=weeks,
        poll=POLL_SECONDS,
        cfd=flow_svg.cumulative_flow(view, t("flow.cfd", lang)),
        throughput=flow_svg.throughput(
            view,
            t("flow.throughput", lang),
            t("flow.opened", lang),
            t("flow.finished", lang),
        ),
        average=f"{view.throughput:.1f}".replace(".", "," if lang != "en" else "."),
        maps=maps,
        filters={"centre": centre, "workflow": workflow},
        centres=sorted((c.id, c.name) for c in municipality.centres.values()),
        workflows=workflow_choices(app, lang),
    )
