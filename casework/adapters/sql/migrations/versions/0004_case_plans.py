"""Keep a case's recorded plan on its row.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Why: a recorded plan (``case.planned``) gives every remaining step a due date counted back from
the meeting the case is planned for. The row keeps those dates so that advancing a case, the hot
path, needs no extra read of its history to date the next step.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("planned", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("planned")
