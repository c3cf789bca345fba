"""The § 17, stk. 4 task committees (issue 20): the list, one committee's kommissorium, backlog
board and sprints, and its meetings' visual programme — the view models ``casework
taskcommittee … --json`` prints, for any caller with a token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from casework.entrypoints.web.api.common import Person, services_of
from casework.entrypoints.web.api_errors import ApiRoute, lang_of

router = APIRouter(route_class=ApiRoute)


@router.get("/task-committees", summary="Opgaveudvalg (§ 17, stk. 4) med kommissorium")
def task_committees(request: Request, person: Person) -> dict[str, Any]:
    """Every task committee with a kommissorium (``casework taskcommittee list --json``):
    ``committee``, ``title``, ``reports_to``, ``facilitator``, ``period``, ``ideas``,
    ``sprints``, ``open_sprint``."""
    rows = services_of(request).task_committees.committees(lang_of(request))
    return {"task_committees": [r.as_json() for r in rows]}


@router.get("/task-committees/{committee}", summary="Kommissorium, bagkatalog og sprints")
def task_committee(request: Request, person: Person, committee: str) -> dict[str, Any]:
    """One committee (``casework taskcommittee show --json``): the kommissorium, the backlog
    board (``board``: bagkatalog, i_sprint, faerdig) and the sprints with their evaluation and
    recommendation case (a closed one by its public heading only); 404 for an unknown one."""
    view = services_of(request).task_committees.show(committee, lang_of(request), viewer=person)
    return view.as_json()


@router.get("/task-committees/{committee}/history", summary="Udvalgets historik")
def task_history(request: Request, person: Person, committee: str) -> dict[str, Any]:
    """Who did what and when in the committee, oldest first (``casework taskcommittee history
    --json``): ``seq``, ``at`` (UTC), ``actor``, ``kind``, ``text``."""
    lines = services_of(request).task_committees.history(committee, lang_of(request))
    return {"committee": committee, "history": [line.as_json() for line in lines]}


@router.get("/task-committees/{committee}/programme", summary="Mødets visuelle program")
def task_programme(
    request: Request,
    person: Person,
    committee: str,
    day: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> dict[str, Any]:
    """The visual programme of the committee's meeting on ``day`` (instead of a formal
    agenda; ``casework taskcommittee programme --json``)."""
    view = services_of(request).task_committees.programme(committee, lang_of(request), day=day)
    return view.as_json()
