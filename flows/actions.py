"""Actions from the Prefect UI: advance a case or plan it, through the same engine checks as the
CLI and the web app.

The deployments take typed pydantic parameters, so the UI's run form shows named, described
fields. Prefect knows no users, so the acting person is a required parameter: the engine checks
that this person may take the action, and the history records them, with the flow run named in
the comment. Put the Prefect UI behind access control (``PREFECT_SERVER_API_AUTH_STRING`` or a
proxy) — whoever can reach it can name any person. A refused action fails the run with the
engine's one-line Danish message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed, Failed
from pydantic import BaseModel, Field

from casework.flows import runtime


class AdvanceRequest(BaseModel):
    """Take one action on a case."""

    case_id: str = Field(min_length=1, description="Sagsnummer, fx 2026-0046")
    action: str = Field(min_length=1, description="Handlingen, fx godkend, indsend, returner")
    actor: str = Field(min_length=1, description="Hvem handler (person-id fra konfigurationen)")
    comment: str | None = Field(default=None, max_length=4000, description="Bemærkning")


class PlanRequest(BaseModel):
    """Plan a case onto the meeting plan."""

    case_id: str = Field(min_length=1, description="Sagsnummer, fx 2026-0046")
    actor: str = Field(min_length=1, description="Hvem planlægger (person-id)")
    target_body: str | None = Field(default=None, description="Organ for et ønsket møde, fx oeu")
    target_date: dt.date | None = Field(default=None, description="Dato for det ønskede møde")


def _via() -> str:
    return f"via Prefect-UI, kørsel {flow_run.get_name() or flow_run.get_id()}"


def _refused(exc: Exception) -> State[Any]:
    from casework.domain.errors import CaseworkError

    lang = runtime.settings().lang
    text = exc.message(lang) if isinstance(exc, CaseworkError) else str(exc)
    get_run_logger().error(text)
    return Failed(message=text)


@flow(name="advance-case", flow_run_name="advance-{request.case_id}", log_prints=False)
def advance_case(request: AdvanceRequest) -> State[Any]:
    """Take ``request.action`` on the case as ``request.actor``."""
    from pydantic import ValidationError

    from casework.domain.commands import AdvanceCase
    from casework.domain.errors import CaseworkError

    comment = f"{request.comment} ({_via()})" if request.comment else f"({_via()})"
    try:
        cmd = AdvanceCase(
            case_id=request.case_id, action=request.action, actor=request.actor, comment=comment
        )
        result = runtime.services().advance(cmd)
    except (CaseworkError, ValidationError) as exc:
        return _refused(exc)
    case = result.case
    text = f"{case.id}: {request.action} af {request.actor}; sagen er nu på trinnet {case.step}."
    get_run_logger().info(text)
    return Completed(message=text, data={"case_id": case.id, "step": case.step})


@flow(name="plan-case", flow_run_name="plan-{request.case_id}", log_prints=False)
def plan_case(request: PlanRequest) -> State[Any]:
    """Plan the case from the meeting plan (optionally towards a chosen meeting)."""
    from pydantic import ValidationError

    from casework.domain.commands import PlanCase
    from casework.domain.errors import CaseworkError

    try:
        cmd = PlanCase(
            case_id=request.case_id,
            actor=request.actor,
            target_body=request.target_body,
            target_date=request.target_date,
        )
        case = runtime.services().plan(cmd)
    except (CaseworkError, ValidationError) as exc:
        return _refused(exc)
    planned = ", ".join(f"{step} {day[:10]}" for step, day in sorted(case.planned.items()))
    text = f"{case.id} planlagt af {request.actor}: {planned or 'ingen frister'}."
    get_run_logger().info(text)
    return Completed(message=text, data={"case_id": case.id, "planned": dict(case.planned)})
