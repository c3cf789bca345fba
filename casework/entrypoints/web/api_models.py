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
    origin: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The discussion case it comes from (case number): opened already linked to "
        "it, or not at all",
    )


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


# ----------------------------------------------------------------------------- discussions
class LinkRequest(_Body):
    """The discussion case an existing case comes from (``case link --origin``)."""

    origin: str = Field(
        min_length=1, max_length=100, description="The discussion case's number, e.g. 2026-0012"
    )


class AnswerRequest(_Body):
    """A party's answer in the case's involvement (``case answer``)."""

    party: str = Field(min_length=1, max_length=100, description="The party, e.g. aeldreraad")
    summary: str = Field(max_length=8000, description="A summary of the answer")
    received: dt.date | None = Field(
        default=None, description="The day the answer came (default: today)"
    )
    by: str | None = Field(default=None, max_length=300, description="Who answered for the party")


# ----------------------------------------------------------------------------- task committees
# The texts' own rules (blank, length, hours 1-1000, one answer per goal) are the use cases'
# (CW916, as at the CLI); the bodies only bound what a request may carry.
class IdeaRequest(_Body):
    """An idea for the committee's backlog (``taskcommittee idea``)."""

    title: str = Field(max_length=2000, description="The idea in a line")
    description: str = Field(default="", max_length=20000)
    hours: int = Field(description="What it takes, in hours (1-1000)")


class SprintStartRequest(_Body):
    """The sprint meeting starts a sprint (``taskcommittee sprint-start``)."""

    goal: str = Field(max_length=2000, description="The sprint's goal")
    ideas: list[int] = Field(max_length=500, description="Backlog ideas by number")
    capacity: int | None = Field(
        default=None, description="Hours (default: the kommissorium's sprint_hours)"
    )


class SprintLogRequest(_Body):
    """A line of the open sprint's log (``taskcommittee sprint-log``)."""

    entry: str = Field(max_length=20000, description="What the sprint group did")


class SprintCloseRequest(_Body):
    """Close the open sprint and evaluate it (``taskcommittee sprint-close``)."""

    results: str = Field(max_length=20000, description="What the sprint arrived at")
    met: list[bool] = Field(
        max_length=100, description="Each goal of the kommissorium met, in order"
    )
    done: list[int] = Field(default_factory=list, max_length=500, description="Ideas finished")
    notes: list[str] = Field(default_factory=list, max_length=100, description="A note per goal")


class RecommendRequest(_Body):
    """The written recommendation from a closed sprint, as a case (``taskcommittee
    recommend``)."""

    sprint: int = Field(description="The closed sprint whose results it rests on")
    title: str | None = Field(default=None, max_length=300, description="The case's title")


__all__ = [
    "ActionRequest",
    "AnswerRequest",
    "AttributesRequest",
    "DecisionRequest",
    "IdeaRequest",
    "LinkRequest",
    "OpenCaseRequest",
    "PlanRequest",
    "RecommendRequest",
    "RouteRequest",
    "SprintCloseRequest",
    "SprintLogRequest",
    "SprintStartRequest",
]
