"""The § 17, stk. 4 task committees' work as append-only, hash-chained events (issue 20).

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06

Why: a task committee's backlog of ideas, its sprints (picked, logged, closed, evaluated) and the
recommendation cases they produced are the committee's record; like ``meeting_events``
(revision 0009) the events are append-only (triggers refuse UPDATE and DELETE on both backends)
and chained per committee, and the committee's state is their fold, so there is no row to keep
in step.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSAGE = "task_committee_events is append-only"


def upgrade() -> None:
    op.create_table(
        "task_committee_events",
        sa.Column("committee", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("committee", "seq", name=op.f("pk_task_committee_events")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER task_committee_events_no_{verb.lower()} BEFORE {verb} "
                f"ON task_committee_events BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION task_committee_events_append_only() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER task_committee_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON task_committee_events FOR EACH STATEMENT "
        "EXECUTE FUNCTION task_committee_events_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER task_committee_events_no_update")
        op.execute("DROP TRIGGER task_committee_events_no_delete")
    else:
        op.execute("DROP TRIGGER task_committee_events_append_only ON task_committee_events")
        op.execute("DROP FUNCTION task_committee_events_append_only()")
    op.drop_table("task_committee_events")
