"""Initial schema: cases, their hash-chained events and the yearly case-number counters.

Revision ID: 0001
Revises:
Create Date: 2026-01-12

Why: the first release. ``cases`` holds each case's current state (a projection of its events,
with ``due`` denormalised for the "most urgent" listing), ``case_events`` the append-only history
and ``case_counters`` the last number handed out per year.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("workflow_id", sa.String(), nullable=False),
        sa.Column("workflow_version", sa.Integer(), nullable=False),
        sa.Column("case_type", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("centre", sa.String(), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("step_entered_at", sa.String(), nullable=False),
        sa.Column("step_due", sa.String(), nullable=True),
        sa.Column("deadline", sa.String(), nullable=True),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("head_hash", sa.String(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_cases_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_status_due", "cases", ["status", "due", "opened_at", "id"])
    op.create_index("ix_cases_status_updated_at", "cases", ["status", "updated_at", "id"])
    op.create_index("ix_cases_owner", "cases", ["owner"])
    op.create_index("ix_cases_centre", "cases", ["centre"])

    op.create_table(
        "case_events",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=True),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_events_case_id_cases"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("case_id", "seq", name=op.f("pk_case_events")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_case_events_idempotency_key")),
    )

    op.create_table(
        "case_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_case_counters")),
    )


def downgrade() -> None:
    op.drop_table("case_counters")
    op.drop_table("case_events")
    op.drop_index("ix_cases_centre", table_name="cases")
    op.drop_index("ix_cases_owner", table_name="cases")
    op.drop_index("ix_cases_status_updated_at", table_name="cases")
    op.drop_index("ix_cases_status_due", table_name="cases")
    op.drop_table("cases")
