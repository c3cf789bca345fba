"""Commands: what someone wants done, validated at the boundary (CLI, web, flows).

Every entry point builds one of these pydantic models from its input, so a malformed request is
refused with the same message wherever it comes from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class OpenCase(_Command):
    """Open a new case on a workflow with a route of bodies."""

    workflow: str = Field(min_length=1, description="Workflow id, e.g. beslutningssag")
    title: str = Field(min_length=3, max_length=300, description="The case's title")
    actor: str = Field(min_length=1, description="Person opening the case (becomes its owner)")
    route: list[tuple[str, str]] = Field(
        default_factory=list, description="(body, role) pairs in order"
    )
    attributes: dict[str, Any] = Field(default_factory=dict, description="Case attributes")
    owner: str | None = Field(default=None, description="Case officer, if not the actor")
    centre: str | None = Field(default=None, description="Owning centre; default: the owner's")
    deadline: dt.date | None = Field(default=None, description="Date the case must be done by")
    reference: str | None = Field(default=None, max_length=100, description="ESDH case number")
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class AdvanceCase(_Command):
    """Take an action on a case."""

    case_id: str = Field(min_length=1)
    action: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    comment: str | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(
        default=None, ge=1, description="The version the caller read; refused if it changed"
    )
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)
