"""Sessions that can be ended, and the per-address sign-in limit in the database (issue 16).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

Why: a signed session cookie cannot be taken back, so a cookie copied before sign-out, a
password change or a lock-out kept working for ten hours. ``web_sessions`` keeps one session
generation per person; the cookie carries the generation it was issued under and every request
compares it, so bumping the number ends every session of that person at once.
``sign_in_failures`` holds the failed sign-ins per client address, so the limit holds across
several web worker processes (it was a dictionary in each process).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("ended_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_web_sessions")),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_address_at", "sign_in_failures", ["address", "at"])
    op.create_index("ix_sign_in_failures_at", "sign_in_failures", ["at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_failures_at", table_name="sign_in_failures")
    op.drop_index("ix_sign_in_failures_address_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_table("web_sessions")
