"""Dispatch after commit: the bus's outbox of committed events per handler, and feed cursors.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Why: follow-ups of a change (re-planning, reminder-run scheduling) ran inline and swallowed their
errors, or polled every case. Now each committed event gets a row per subscribed handler in the
same transaction; a failed handler leaves its row pending with the error and is retried, and
``schedule-runs`` reads only the cases changed since its cursor.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_dispatch",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("handler", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.String(), nullable=True),
        sa.Column("done_at", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_dispatch")),
        sa.UniqueConstraint(
            "case_id", "seq", "handler", name=op.f("uq_event_dispatch_case_id_seq_handler")
        ),
    )
    op.create_index("ix_event_dispatch_pending", "event_dispatch", ["done_at", "next_attempt_at"])
    op.create_index("ix_event_dispatch_handler_id", "event_dispatch", ["handler", "id"])
    op.create_table(
        "dispatch_cursors",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_dispatch_cursors")),
    )


def downgrade() -> None:
    op.drop_table("dispatch_cursors")
    op.drop_index("ix_event_dispatch_handler_id", table_name="event_dispatch")
    op.drop_index("ix_event_dispatch_pending", table_name="event_dispatch")
    op.drop_table("event_dispatch")
