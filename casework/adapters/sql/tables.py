"""The casework schema as SQLAlchemy Core tables; Alembic compares against this metadata.

The repository builds its statements from these tables, so a command that only reads or advances
a case never imports the ORM (about 50 ms of start-up, which ``casework case show`` would pay on
every call). The typed ORM records in ``records.py`` map these same tables for code that wants
objects. Dates and instants are fixed-width ISO text, not native types: they sort correctly as
text on every backend, and the event hash is computed over the exact text, which a
``timestamptz`` round trip would not preserve. Change this module only together with a new
Alembic revision.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

#: Deterministic constraint and index names, so migrations can address them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: One row per case: its current state, always equal to the replay of its events.
cases = Table(
    "cases",
    metadata,
    Column("id", String, primary_key=True),
    Column("workflow_id", String, nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("case_type", String, nullable=False),
    Column("title", Text, nullable=False),
    Column("owner", String, nullable=False),
    Column("centre", String, nullable=False),
    Column("route", Text, nullable=False),  # canonical JSON list of {"body", "role"}
    Column("attributes", Text, nullable=False),  # canonical JSON object
    Column("step", String, nullable=False),
    Column("status", String, nullable=False),
    # Optimistic-concurrency counter: the seq of the case's last event.
    Column("version", Integer, nullable=False),
    Column("opened_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("step_entered_at", String, nullable=False),
    Column("step_due", String, nullable=True),
    Column("deadline", String, nullable=True),
    # min(step_due, deadline), denormalised so "open cases by nearest due date" is one index scan.
    Column("due", String, nullable=True),
    Column("reference", String, nullable=True),
    Column("head_hash", String, nullable=False),
    # The recorded plan's due dates by concrete step (canonical JSON), so a step reached later
    # takes the plan's deadline, counted back from its meeting.
    Column("planned", Text, nullable=False, server_default="{}"),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
    # urgent(): "WHERE status = 'open' AND due IS [NOT] NULL ORDER BY due, opened_at, id LIMIT n"
    # reads n entries of this index on both backends, whatever the table size; the id makes the
    # order total, so paging and tests are deterministic.
    Index("ix_cases_status_due", "status", "due", "opened_at", "id"),
    # list(): "WHERE status = ? ORDER BY updated_at DESC, id DESC LIMIT n" without a sort.
    Index("ix_cases_status_updated_at", "status", "updated_at", "id"),
    Index("ix_cases_owner", "owner"),
    Index("ix_cases_centre", "centre"),
)

#: One row per case event: the append-only, hash-chained history.
case_events = Table(
    "case_events",
    metadata,
    Column("case_id", String, ForeignKey("cases.id", ondelete="RESTRICT"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("at", String, nullable=False),  # fixed-width UTC text, hashed as stored
    Column("actor", String, nullable=False),
    Column("data_json", Text, nullable=False),  # canonical JSON text, hashed as stored
    # NULLs never collide in a UNIQUE constraint (SQLite and PostgreSQL alike), so events without
    # a key are unconstrained while a retried request with a key cannot be recorded twice.
    Column("idempotency_key", String, nullable=True, unique=True),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
)

#: The last case number handed out per year (case ids look like 2026-0435).
case_counters = Table(
    "case_counters",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

#: Every workflow version a case has pinned, as the canonical snapshot of its file.
workflow_versions = Table(
    "workflow_versions",
    metadata,
    Column("workflow_id", String, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("fingerprint", String, nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("registered_at", String, nullable=False),
)

__all__ = [
    "NAMING_CONVENTION",
    "case_counters",
    "case_events",
    "cases",
    "metadata",
    "workflow_versions",
]
