"""Keep every workflow version that cases pin.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Why: a municipality edits its workflows and raises their version; cases opened on the old
version must go on running on it, even after the file in config/workflows/ has moved on. Each
version is stored here, as the canonical snapshot of its file, the first time a case uses it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workflow_versions",
        sa.Column("workflow_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("workflow_id", "version", name=op.f("pk_workflow_versions")),
    )


def downgrade() -> None:
    op.drop_table("workflow_versions")
