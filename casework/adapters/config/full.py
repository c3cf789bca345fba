"""The whole configuration directory: municipality, workflows, calendar, meetings, delegation.

Each part has its own loader; this one runs them all and raises a single
:class:`~casework.domain.errors.DefinitionError` with every finding of every file, so
``casework config check`` shows everything in one pass.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from casework.adapters.config.delegation_loader import load_delegation_plans
from casework.adapters.config.loader import load_configuration, present
from casework.adapters.config.meetings_loader import load_calendar_configuration
from casework.domain.configuration import Configuration
from casework.domain.delegation_plan import DelegationPlan
from casework.domain.errors import DefinitionError, Finding
from casework.domain.facilitation import FacilitationConfig
from casework.domain.periods import check_periods


def load_full_configuration(directory: str | Path) -> Configuration:
    """The checked configuration, with the calendar when ``calendar.yaml`` or ``meetings/``
    exists."""
    directory = Path(directory)
    findings: list[Finding] = []
    config: Configuration | None = None
    try:
        config = load_configuration(directory)
    except DefinitionError as exc:
        findings.extend(exc.findings)
    has_calendar = present(directory / "calendar.yaml") or (directory / "meetings").is_dir()
    calendar = None
    if has_calendar:
        try:
            calendar = load_calendar_configuration(
                directory, config.municipality if config is not None else None
            )
        except DefinitionError as exc:
            findings.extend(exc.findings)
    plans: tuple[DelegationPlan, ...] = ()
    if config is not None and (directory / "delegation").is_dir():
        try:
            plans = load_delegation_plans(directory, config.municipality, config.workflows)
        except DefinitionError as exc:
            findings.extend(exc.findings)
    if config is not None and present(directory / "reminders.yaml"):
        # Issue 5: checked here so that `casework config check` reports it with the rest; the
        # reminder service loads it on its own (with the environment's overrides).
        from casework.adapters.config.reminders_loader import load_reminder_config

        try:
            load_reminder_config(directory, config.municipality, env={})
        except DefinitionError as exc:
            findings.extend(exc.findings)
    if config is not None and calendar is not None:
        findings.extend(check_periods(config.workflows, calendar.periods))
    if config is not None and (directory / "presentation.yaml").is_file():
        # Issue 14: the sagsfremstilling's template, checked with the rest (App loads it itself).
        from casework.adapters.config.presentation_loader import load_presentation_config

        try:
            load_presentation_config(directory, config.workflows)
        except DefinitionError as exc:
            findings.extend(exc.findings)
    kits = _facilitation(directory, config, findings)
    if config is not None and (directory / "opgaveudvalg").is_dir():
        findings.extend(_task_committees(directory, config, plans))
    if findings or config is None:
        raise DefinitionError(findings)
    return dataclasses.replace(
        config, calendar_source=Given(calendar), delegation_source=Given(plans), facilitation=kits
    )


def _facilitation(
    directory: Path, config: Configuration | None, findings: list[Finding]
) -> FacilitationConfig:
    """Issue 20: the discussion formats' kits, checked against municipality.yaml (no file, or
    no municipality to check against: none); their findings join ``findings``."""
    from casework.domain.facilitation import EMPTY

    if config is None or not (directory / "facilitation.yaml").is_file():
        return EMPTY
    from casework.adapters.config.facilitation_loader import load_facilitation

    try:
        return load_facilitation(directory, config.municipality)
    except DefinitionError as exc:
        findings.extend(exc.findings)
        return EMPTY


def _task_committees(
    directory: Path, config: Configuration, plans: tuple[DelegationPlan, ...]
) -> list[Finding]:
    """Issue 20: the § 17, stk. 4 task committees' kommissorier, and that the plans in force
    take each committee's recommendation to the committee it reports to."""
    from casework.adapters.config.task_committee_loader import check_routes, load_kommissorier

    try:
        kommissorier = load_kommissorier(directory, config.municipality)
    except DefinitionError as exc:
        return list(exc.findings)
    return check_routes(kommissorier, plans, config.municipality)


class Given:
    """A source that gives what it was given (picklable, unlike a lambda)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self) -> Any:
        return self.value
