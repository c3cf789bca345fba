"""The audit anchors: an append-only, hash-chained table pinning every case's head.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Why: each case's hash chain shows an edited or deleted event, but not a whole case deleted
(its row and every event) nor a chain rewritten consistently with every hash recomputed. An
anchor (``casework audit anchor``, and once a day the deadline sweep) pins each case's last
sequence number and event hash; ``audit verify`` checks the cases against the anchors
(CW414-CW418). Like ``case_events`` (revision 0002), triggers refuse UPDATE and DELETE on both
backends, and TRUNCATE on PostgreSQL; an exported anchor kept outside the database shows a
rewrite of the anchors themselves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSAGE = "audit_anchors is append-only"


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("made_at", sa.String(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("heads_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_anchors")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_anchors_no_{verb.lower()} BEFORE {verb} ON audit_anchors "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_anchors_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_anchors FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_anchors_no_update")
        op.execute("DROP TRIGGER audit_anchors_no_delete")
    else:
        op.execute("DROP TRIGGER audit_anchors_append_only ON audit_anchors")
        op.execute("DROP FUNCTION audit_anchors_append_only()")
    op.drop_table("audit_anchors")
