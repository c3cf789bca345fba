"""Typed ORM records over the Core tables of ``tables.py``, for code that wants objects.

The repository does not use them (its hot path stays on Core statements and the DBAPI cursor);
they give typed, mapped access for maintenance scripts, reports and tests.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase, Mapped

from casework.adapters.sql import tables


class Base(DeclarativeBase):
    """Declarative base sharing the Core tables' metadata."""

    metadata = tables.metadata


class CaseRecord(Base):
    """One row per case: its current state, always equal to the replay of its events."""

    __table__ = tables.cases

    id: Mapped[str]
    workflow_id: Mapped[str]
    workflow_version: Mapped[int]
    case_type: Mapped[str]
    title: Mapped[str]
    owner: Mapped[str]
    centre: Mapped[str]
    route: Mapped[str]
    attributes: Mapped[str]
    step: Mapped[str]
    status: Mapped[str]
    version: Mapped[int]
    opened_at: Mapped[str]
    updated_at: Mapped[str]
    step_entered_at: Mapped[str]
    step_due: Mapped[str | None]
    deadline: Mapped[str | None]
    due: Mapped[str | None]
    reference: Mapped[str | None]
    head_hash: Mapped[str]
    planned: Mapped[str]


class CaseEventRecord(Base):
    """One row per case event: the append-only, hash-chained history."""

    __table__ = tables.case_events

    case_id: Mapped[str]
    seq: Mapped[int]
    kind: Mapped[str]
    at: Mapped[str]
    actor: Mapped[str]
    data_json: Mapped[str]
    idempotency_key: Mapped[str | None]
    prev_hash: Mapped[str]
    hash: Mapped[str]


class CaseCounterRecord(Base):
    """The last case number handed out per year."""

    __table__ = tables.case_counters

    year: Mapped[int]
    last_number: Mapped[int]


class WorkflowVersionRecord(Base):
    """A workflow version that cases pin, as the snapshot of its file."""

    __table__ = tables.workflow_versions

    workflow_id: Mapped[str]
    version: Mapped[int]
    fingerprint: Mapped[str]
    snapshot: Mapped[str]
    registered_at: Mapped[str]


__all__ = [
    "Base",
    "CaseCounterRecord",
    "CaseEventRecord",
    "CaseRecord",
    "WorkflowVersionRecord",
]
