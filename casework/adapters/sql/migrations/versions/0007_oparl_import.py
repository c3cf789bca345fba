"""OParl import: imported organisations, meetings, agenda items and papers (issue 7).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Why: ``casework import oparl`` keeps what it read by OParl id, so a second import of the same
dump changes nothing, and each paper names the case it became. Bodies of imported routes are
named by ``oparl_organizations.body``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oparl_organizations",
        sa.Column("oparl_id", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=True),
        sa.Column("classification", sa.String(), nullable=True),
        sa.Column("modified", sa.String(), nullable=True),
        sa.Column("digest", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("oparl_id", name=op.f("pk_oparl_organizations")),
        sa.UniqueConstraint("body", name=op.f("uq_oparl_organizations_body")),
    )
    op.create_table(
        "oparl_meetings",
        sa.Column("oparl_id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("start", sa.String(), nullable=True),
        sa.Column("organization", sa.String(), nullable=True),
        sa.Column("modified", sa.String(), nullable=True),
        sa.Column("digest", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("oparl_id", name=op.f("pk_oparl_meetings")),
    )
    op.create_table(
        "oparl_agenda_items",
        sa.Column("oparl_id", sa.String(), nullable=False),
        sa.Column("meeting", sa.String(), nullable=False),
        sa.Column("consultation", sa.String(), nullable=True),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("oparl_id", name=op.f("pk_oparl_agenda_items")),
    )
    op.create_index("ix_oparl_agenda_items_meeting", "oparl_agenda_items", ["meeting"])
    op.create_table(
        "oparl_papers",
        sa.Column("oparl_id", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("modified", sa.String(), nullable=True),
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("imported_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_oparl_papers_case_id_cases"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("oparl_id", name=op.f("pk_oparl_papers")),
    )
    op.create_index("ix_oparl_papers_case_id", "oparl_papers", ["case_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_oparl_papers_case_id", table_name="oparl_papers")
    op.drop_table("oparl_papers")
    op.drop_index("ix_oparl_agenda_items_meeting", table_name="oparl_agenda_items")
    op.drop_table("oparl_agenda_items")
    op.drop_table("oparl_meetings")
    op.drop_table("oparl_organizations")
