"""The sagsfremstilling's texts, stored once by their hash (issue 14).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Why: every saved version of a section of the presentation is a ``case.text_saved`` event whose
payload holds the text's SHA-256, so the hash chain covers the text without copying it into
every event; the text itself is stored once here, keyed by that hash (a section saved again
unchanged, or the same text in two cases, adds no row).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "presentation_texts",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_presentation_texts")),
    )


def downgrade() -> None:
    op.drop_table("presentation_texts")
