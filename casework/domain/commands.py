"""Commands: what someone wants done, validated at the boundary (CLI, web, flows).

Every entry point builds one of these pydantic models from its input, so a malformed request is
refused with the same message wherever it comes from. Titles and texts refuse control characters
and attribute values refuse numbers that are not finite or too large
(:mod:`casework.domain.text_rules`, CW230/CW231): one line, nothing written.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from casework.domain.text_rules import check_multi_line, check_number, check_one_line

#: The largest version a caller may say it read (SQL's 64-bit integer holds every real one).
MAX_VERSION = 2**53


def _one_line(text: str, info: ValidationInfo) -> str:
    return check_one_line(text, info.field_name or "title")


def _multi_line(text: Any) -> Any:
    return text.replace("\r\n", "\n") if isinstance(text, str) else text


def _multi_line_checked(text: str, info: ValidationInfo) -> str:
    return check_multi_line(text, info.field_name or "text")


def _attributes(values: Any, info: ValidationInfo) -> Any:
    if isinstance(values, dict):
        for name, value in values.items():
            check_number(value, f"{info.field_name}.{name}")
            if isinstance(value, str):  # attribute texts may span lines (a sagsfremstilling)
                check_multi_line(value, f"{info.field_name}.{name}")
    return values


#: A one-line text field (a title, a key, a name): no control characters at all.
OneLine = Annotated[str, AfterValidator(_one_line)]
#: A multi-line text field (a comment, a reason, a decision's text): tabs and line breaks only.
MultiLine = Annotated[str, BeforeValidator(_multi_line), AfterValidator(_multi_line_checked)]
#: Case attributes (name → value): numbers finite and bounded, texts without control characters
#: but tab and line breaks.
Attributes = Annotated[dict[str, Any], AfterValidator(_attributes)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class OpenCase(_Command):
    """Open a new case on a workflow with a route of bodies."""

    workflow: str | None = Field(
        default=None,
        min_length=1,
        description="Workflow id, e.g. beslutningssag; default: chosen by the delegation plan",
    )
    title: OneLine = Field(min_length=3, max_length=300, description="The case's title")
    actor: str = Field(min_length=1, description="Person opening the case (becomes its owner)")
    route: list[tuple[str, str]] | None = Field(
        default=None, description="(body, role) pairs in order; default: the delegation plan's"
    )
    attributes: Attributes = Field(default_factory=dict, description="Case attributes")
    owner: str | None = Field(default=None, description="Case officer, if not the actor")
    centre: str | None = Field(default=None, description="Owning centre; default: the owner's")
    deadline: dt.date | None = Field(default=None, description="Date the case must be done by")
    reference: OneLine | None = Field(default=None, max_length=100, description="ESDH case number")
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)


class Minutes(_Command):
    """A body's decision on an item, as the minutes (*beslutningsprotokol*) record it."""

    outcome: str = Field(min_length=1, description="decided, recommended, noted, postponed, …")
    text: MultiLine | None = Field(default=None, max_length=8000, description="The decision's text")
    votes: MultiLine | None = Field(default=None, max_length=2000, description="Vote lines")
    meeting: dt.date | None = Field(default=None, description="The meeting's date")
    to_body: str | None = Field(
        default=None, description="For 'oversendt': the body the item is referred to"
    )
    in_favour: int | None = Field(default=None, ge=0, description="Votes for")
    against: int | None = Field(default=None, ge=0, description="Votes against")
    abstaining: int | None = Field(default=None, ge=0, description="Members who abstained")
    minority: list[MultiLine] = Field(
        default_factory=list, description="Minority statements (mindretalsudtalelser)"
    )
    entries: list[MultiLine] = Field(
        default_factory=list, description="Protocol entries (protokoltilførsler)"
    )


class AdvanceCase(_Command):
    """Take an action on a case."""

    case_id: str = Field(min_length=1)
    action: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    comment: MultiLine | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VERSION,
        description="The version the caller read; refused if it changed",
    )
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)
    minutes: Minutes | None = Field(default=None, description="The decision, at a meeting step")
    override_minimum: MultiLine | None = Field(
        default=None,
        max_length=2000,
        description="Why the step is left before its minimum period has passed (the "
        "secretariat only); kept on the event",
    )


class RecordDecision(_Command):
    """Record a body's decision on a case at its meeting; the decision moves the case."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    minutes: Minutes
    expected_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)
    override_minimum: MultiLine | None = Field(default=None, max_length=2000)


class ChangeAttributes(_Command):
    """Set or clear case attributes (an empty value clears one)."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    attributes: Attributes = Field(min_length=1, description="name → value; None clears")
    comment: MultiLine | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)


class ChangeRoute(_Command):
    """Override a case's route of bodies; the reason is mandatory and stays in the history."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    route: list[tuple[str, str]] = Field(min_length=0, description="(body, role) pairs in order")
    reason: MultiLine = Field(min_length=5, max_length=4000, description="Why the route changes")
    expected_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)


class PlanCase(_Command):
    """Plan a case onto the meeting plan and record the plan in its history.

    Without a target the case takes the earliest feasible meetings; with one (a body and a
    meeting date) it is planned backwards from that meeting, every deadline as late as the
    meeting allows.
    """

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    ready: dt.date | None = Field(default=None, description="Ready to move on (default: today)")
    target_body: str | None = Field(default=None, description="Body of the target meeting")
    target_date: dt.date | None = Field(default=None, description="Date of the target meeting")
    expected_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
