"""The presentation's commands (issue 14): the same checks on text as every command's."""

from __future__ import annotations

from pydantic import Field

from casework.domain.commands import MAX_VERSION, MultiLine, OneLine, _Command


class SaveText(_Command):
    """Save a new version of one section of a case's presentation."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    section: OneLine = Field(min_length=1, max_length=60)
    text: MultiLine = Field(max_length=200_000)
    expected_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    idempotency_key: OneLine | None = Field(default=None, min_length=1, max_length=200)


class TickClause(_Command):
    """Mark at-clause ``clause`` (1, 2, …) of the indstilling as executed."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    clause: int = Field(ge=1, le=1000)
    note: MultiLine | None = Field(default=None, max_length=4000)


class Reapprove(_Command):
    """Give the approval again after the text or the facts changed."""

    case_id: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    comment: MultiLine | None = Field(default=None, max_length=4000)
