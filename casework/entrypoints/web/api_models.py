"""Request bodies of the JSON API; each becomes one of the CLI's commands.

The bodies leave out what the API knows itself (the acting person is the token's, the case is
in the path) and take routes as the CLI writes them (``tmu,oeu,kb``); the commands in
:mod:`casework.domain.commands` then validate them as they validate the CLI's input.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OpenCaseRequest(_Body):
    """A new case; the caller opens it (and owns it, unless ``owner`` says otherwise)."""

    title: str = Field(min_length=3, max_length=300, description="The case's title")
    workflow: str | None = Field(default=None, description="Workflow id; default: the plan's")
    route: str | None = Field(
        default=None,
        max_length=500,
        description="Bodies in order as in the CLI, e.g. 'tmu,oeu,kb'; default: the plan's",
    )
    attributes: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="Case attributes, name → value"
    )
    owner: str | None = Field(default=None, description="Case officer, if not the caller")
    centre: str | None = Field(default=None, description="Owning centre; default: the owner's")
    deadline: dt.date | None = None
    reference: str | None = Field(default=None, max_length=100, description="ESDH case number")
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class ActionRequest(_Body):
    """One action on a case, e.g. ``godkend``."""

    action: str = Field(min_length=1, max_length=100)
    comment: str | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)
    override_minimum: str | None = Field(
        default=None,
        max_length=2000,
        description="Leave the step before its minimum period (a hearing, the klagefrist) has "
        "passed: the secretariat's reason, kept on the event",
    )


class DecisionRequest(_Body):
    """A body's decision from the minutes (the secretariat records it)."""

    outcome: str = Field(min_length=1, max_length=100, description="godkendt, anbefales, …")
    text: str | None = Field(default=None, max_length=8000)
    votes: str | None = Field(default=None, max_length=2000)
    meeting: dt.date | None = None
    to_body: str | None = Field(default=None, max_length=100)
    in_favour: int | None = Field(default=None, ge=0, le=1000, description="Votes for")
    against: int | None = Field(default=None, ge=0, le=1000, description="Votes against")
    abstaining: int | None = Field(default=None, ge=0, le=1000, description="Abstained")
    minority: list[str] = Field(
        default_factory=list, max_length=50, description="Minority statements"
    )
    entries: list[str] = Field(default_factory=list, max_length=50, description="Protocol entries")
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)
    override_minimum: str | None = Field(
        default=None,
        max_length=2000,
        description="Leave the step before its minimum period (a hearing, the klagefrist) has "
        "passed: the secretariat's reason, kept on the event",
    )


class AttributesRequest(_Body):
    """Attributes to set; ``null`` clears one."""

    attributes: dict[str, str | int | float | bool | None] = Field(min_length=1)
    comment: str | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class RouteRequest(_Body):
    """A new route of bodies, with the reason kept in the history."""

    route: str = Field(max_length=500, description="e.g. 'tmu,oeu,kb'")
    reason: str = Field(min_length=5, max_length=4000)
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class PlanRequest(_Body):
    """Record a plan: the earliest meetings, or backwards from a target meeting."""

    ready: dt.date | None = Field(default=None, description="Ready to move on (default: today)")
    target_body: str | None = Field(default=None, max_length=100)
    target_date: dt.date | None = None
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)


__all__ = [
    "ActionRequest",
    "AttributesRequest",
    "DecisionRequest",
    "OpenCaseRequest",
    "PlanRequest",
    "RouteRequest",
]
