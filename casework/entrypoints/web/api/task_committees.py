"""The § 17, stk. 4 task committees (issue 20): the list, one committee's kommissorium, backlog
board and sprints, and its meetings' visual programme — the view models ``casework
taskcommittee … --json`` prints, for any caller with a token.

The writes are the CLI's and the web page's: add an idea, start, log and close a sprint, write
the recommendation as a case, each one use case of ``App.task_committees`` acting as the token's
person, who must be the committee's facilitator or in the secretariat (403, CW901). A refused
write writes nothing; each answers as ``casework taskcommittee … --json`` does.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from casework.domain import access
from casework.entrypoints.web.api.common import Person, case_json, changed, services_of
from casework.entrypoints.web.api_errors import ApiRoute, lang_of
from casework.entrypoints.web.api_models import (
    IdeaRequest,
    RecommendRequest,
    SprintCloseRequest,
    SprintLogRequest,
    SprintStartRequest,
)

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


@router.post(
    "/task-committees/{committee}/ideas", status_code=201, summary="Ny idé til bagkataloget"
)
def add_idea(request: Request, person: Person, committee: str, body: IdeaRequest) -> dict[str, Any]:
    """Add an idea to the backlog (``casework taskcommittee idea --json``): ``committee``,
    ``idea`` (its number), ``version`` (the committee's events after it)."""
    state = services_of(request).task_committees.add_idea(
        committee, title=body.title, description=body.description, hours=body.hours,
        actor=person,
    )  # fmt: skip
    return {"committee": committee, "idea": state.ideas[-1].number, "version": state.version}


@router.post(
    "/task-committees/{committee}/sprints", status_code=201, summary="Sprintmødet starter en sprint"
)
def start_sprint(
    request: Request, person: Person, committee: str, body: SprintStartRequest
) -> dict[str, Any]:
    """Start a sprint with backlog ideas that fit its hours (``casework taskcommittee
    sprint-start --json``): ``sprint``, ``planned_hours``, ``capacity``, ``version``; 409 while a
    sprint is open (CW902), 422 over capacity (CW903) or for an idea not in the backlog (CW904)."""
    state = services_of(request).task_committees.start_sprint(
        committee, goal=body.goal, ideas=body.ideas, capacity=body.capacity, actor=person
    )
    sprint = state.sprints[-1]
    planned = sum(i.hours for i in state.ideas if i.number in sprint.ideas)
    return {"committee": committee, "sprint": sprint.number, "planned_hours": planned,
            "capacity": sprint.capacity, "version": state.version}  # fmt: skip


@router.post("/task-committees/{committee}/sprints/open/log", summary="Skriv i sprintloggen")
def log_sprint(
    request: Request, person: Person, committee: str, body: SprintLogRequest
) -> dict[str, Any]:
    """A line in the open sprint's log (``casework taskcommittee sprint-log``): ``sprint``,
    ``log`` (every line so far), ``version``; 409 without an open sprint (CW905)."""
    state = services_of(request).task_committees.log_sprint(
        committee, entry=body.entry, actor=person
    )
    sprint = state.sprints[-1]
    return {"committee": committee, "sprint": sprint.number, "log": list(sprint.log),
            "version": state.version}  # fmt: skip


@router.post(
    "/task-committees/{committee}/sprints/open/close", summary="Luk sprinten og evaluér den"
)
def close_sprint(
    request: Request, person: Person, committee: str, body: SprintCloseRequest
) -> dict[str, Any]:
    """Close the open sprint and evaluate its results against each of the kommissorium's goals
    (``met``, and ``notes``, in the goals' order; ``casework taskcommittee sprint-close
    --json``): ``sprint``, ``done``, ``evaluation``, ``version``."""
    state = services_of(request).task_committees.close_sprint(
        committee, done=body.done, results=body.results, met=body.met, notes=body.notes,
        actor=person,
    )  # fmt: skip
    sprint = state.sprints[-1]
    return {"committee": committee, "sprint": sprint.number, "done": list(sprint.done),
            "evaluation": [{"goal": e.goal, "met": e.met, "note": e.note}
                           for e in sprint.evaluation],
            "version": state.version}  # fmt: skip


@router.post(
    "/task-committees/{committee}/recommendations",
    status_code=201,
    summary="Skriv indstillingen som sag til det stående udvalg",
)
def recommend(
    request: Request, person: Person, committee: str, body: RecommendRequest
) -> dict[str, Any]:
    """Open the written recommendation from a closed sprint as a case to the standing committee,
    workflow and route by the delegation plan (``casework taskcommittee recommend --json``):
    ``sprint``, ``case`` (the case as ``GET /api/v1/cases/{id}`` lists it), ``version``; 409
    for a sprint not closed (CW906) or one that has its recommendation already (CW907)."""
    services = services_of(request)
    made = services.task_committees.recommend(
        committee, sprint=body.sprint, actor=person, title=body.title
    )
    changed(request)
    case = made.case
    shown = (
        case_json(services, case, person)
        if access.can_view_case(services.config.municipality, person, case)
        else {"id": case.id}
    )
    return {"committee": committee, "sprint": body.sprint, "case": shown,
            "version": made.state.version}  # fmt: skip
