"""Reminders and the notification outbox (issue 5).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Why: a reminder must go out exactly once even when two sweeps run at the same time or one dies
midway. ``outbox`` holds one row per message (reminder, recipient, channel) under a unique key,
with a claim lease, attempts and backoff, and ``sent_at`` set only once the channel accepted it.
``reminder_runs`` remembers the one-off flow run scheduled for each reminder, so that a re-plan
can cancel the stale run.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("reminder_key", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fire_at", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("claimed_by", sa.String(), nullable=True),
        sa.Column("claim_expires_at", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.String(), nullable=False),
        sa.Column("sent_at", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("obsolete_at", sa.String(), nullable=True),
        sa.Column("gave_up_at", sa.String(), nullable=True),
        sa.CheckConstraint("kind IN ('before', 'due', 'overdue')", name=op.f("ck_outbox_kind")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_outbox")),
    )
    op.create_index(
        "ix_outbox_pending", "outbox", ["sent_at", "obsolete_at", "gave_up_at", "next_attempt_at"]
    )
    op.create_index("ix_outbox_reminder_key", "outbox", ["reminder_key"])
    op.create_index("ix_outbox_case_id", "outbox", ["case_id"])

    op.create_table(
        "reminder_runs",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("flow_run_id", sa.String(), nullable=False),
        sa.Column("scheduled_for", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reminder_runs")),
    )
    op.create_index("ix_reminder_runs_case_id", "reminder_runs", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_reminder_runs_case_id", table_name="reminder_runs")
    op.drop_table("reminder_runs")
    op.drop_index("ix_outbox_case_id", table_name="outbox")
    op.drop_index("ix_outbox_reminder_key", table_name="outbox")
    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.drop_table("outbox")
