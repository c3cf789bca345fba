"""The loaded configuration as one frozen object: the municipality and its workflows."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casework.domain.errors import UnknownWorkflow, did_you_mean
from casework.domain.facilitation import EMPTY, FacilitationConfig
from casework.domain.organisation import Municipality
from casework.domain.workflow import WorkflowDefinition

if TYPE_CHECKING:  # the planner is large; commands that only read a case never load it
    from casework.domain.delegation_plan import DelegationPlan
    from casework.domain.planning import CalendarConfiguration
    from casework.domain.workdays import WorkCalendar


@dataclass(frozen=True, eq=False)
class Configuration:
    """Everything ``config/`` says, checked.

    ``workflows`` holds the current version of each workflow. Older versions that open cases
    still pin are kept with the cases (``workflow_versions``) and resolved by the services.
    """

    municipality: Municipality
    workflows: Mapping[str, WorkflowDefinition]
    directory: str | None = None
    #: Gives the working days, meeting plans and planning rules (``calendar.yaml``,
    #: ``meetings/``) on first use: the CLI's read commands never need them, and loading them
    #: costs start-up time.
    calendar_source: Callable[[], CalendarConfiguration | None] | None = field(
        default=None, repr=False
    )
    #: Gives every delegation plan in ``delegation/`` on first use, likewise.
    delegation_source: Callable[[], tuple[DelegationPlan, ...]] | None = field(
        default=None, repr=False
    )
    #: The discussion formats' facilitation kits (``facilitation.yaml``; issue 20), small
    #: enough to travel with the core snapshot.
    facilitation: FacilitationConfig = field(default=EMPTY, repr=False)

    @functools.cached_property
    def calendar(self) -> CalendarConfiguration | None:
        """Working days, meeting plans and planning rules, when configured."""
        return self.calendar_source() if self.calendar_source is not None else None

    @functools.cached_property
    def delegation(self) -> tuple[DelegationPlan, ...]:
        """Every delegation plan (adopted ones and drafts)."""
        return self.delegation_source() if self.delegation_source is not None else ()

    def __getstate__(self) -> dict[str, object]:
        # The parts behind the sources are stored (and loaded) on their own.
        skip = {"calendar", "delegation", "calendar_source", "delegation_source"}
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("calendar_source", None)
        self.__dict__.setdefault("delegation_source", None)

    @property
    def work_calendar(self) -> WorkCalendar | None:
        """The municipality's working days, when a calendar is configured."""
        return self.calendar.calendar if self.calendar is not None else None

    def workflow_for(self, case_type: str) -> WorkflowDefinition | None:
        """The one workflow of ``case_type`` (e.g. "administrativ"), or None if none or several."""
        found = [d for d in self.workflows.values() if d.case_type == case_type]
        return found[0] if len(found) == 1 else None

    def workflow(self, workflow_id: str, version: int | None = None) -> WorkflowDefinition:
        """The workflow ``workflow_id`` (a pinned ``version`` when given); UnknownWorkflow when
        that version is not the configured one."""
        current = self.workflows.get(workflow_id)
        if current is not None and (version is None or current.version == version):
            return current
        raise UnknownWorkflow(
            workflow=workflow_id if version is None else f"{workflow_id} v{version}",
            suggestion=did_you_mean(workflow_id, self.workflows) if current is None else None,
        )
