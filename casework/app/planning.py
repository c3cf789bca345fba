"""Meeting plans and backward planning without a case in the store.

The use cases of ``casework meetings``: propose a year's meeting plan for adoption, list the
adopted meetings, and plan a hypothetical case (``meetings deadlines``). They read the meeting
plans straight from ``config/`` rather than from the snapshot, so that a broken plan is reported
with its findings by these commands instead of refusing them. Planning a stored case is
:meth:`App.preview_plan`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.adapters.config.meetings_loader import YearProposal
    from casework.domain.configuration import Configuration
    from casework.domain.meetings import Meeting
    from casework.domain.planning import CasePlan
    from casework.domain.workflow import Route, WorkflowDefinition

__all__ = ["HypotheticalPlan", "YearProposal", "hypothetical_plan", "meetings", "propose_year"]


def propose_year(config_dir: Path, year: int, config: Configuration) -> YearProposal:
    """``year``'s meetings from its plan file or from the nearest year's rules, with findings."""
    from casework.adapters.config.meetings_loader import propose_year as propose

    return propose(config_dir, year, config.municipality)


def meetings(
    config_dir: Path,
    config: Configuration,
    *,
    body: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Meeting]:
    """The adopted meetings, optionally of one body and between two days."""
    from casework.adapters.config.meetings_loader import load_calendar_configuration

    calendar = load_calendar_configuration(config_dir, config.municipality)
    return list(calendar.meetings.select(body=body, start=start, end=end))


@dataclass(frozen=True, slots=True)
class HypotheticalPlan:
    """The plan of a case that does not exist: its definition, route and plan."""

    definition: WorkflowDefinition
    route: Route
    plan: CasePlan


def hypothetical_plan(
    config_dir: Path,
    config: Configuration,
    *,
    workflow: str,
    route: str,
    ready: dt.date,
    from_step: str | None = None,
    include_extra: bool = False,
) -> HypotheticalPlan:
    """Plan a case of ``workflow`` along ``route`` (CLI syntax) ready on ``ready``.

    Raises UnknownWorkflow, InvalidRoute, NoFeasibleChain (with its rejections).
    """
    from casework.adapters.config.meetings_loader import load_calendar_configuration
    from casework.domain.planning import Planner
    from casework.domain.routes import build_route, parse_route

    municipality = config.municipality
    definition = config.workflow(workflow)
    chosen = build_route(parse_route(route), definition, municipality)
    calendar = load_calendar_configuration(config_dir, municipality, years=[ready.year])
    planner = Planner(
        calendar.calendar,
        calendar.meetings,
        calendar.rules,
        include_extra=include_extra,
        names={b.id: b.short for b in municipality.bodies.values()},
    )
    plan = planner.plan(definition, chosen, ready, from_step=from_step)
    return HypotheticalPlan(definition, chosen, plan)
