"""Meetings as records: each meeting's row (the fold) and its append-only, hash-chained events.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Why (issue 13): an agenda was recomputed from where the cases are now, so it changed after the
fact. A meeting now has its own history: items booked, the agenda closed and sent as a frozen
snapshot, corrections, held, cancelled or moved. ``meeting_events`` is append-only like
``case_events`` (revision 0002): triggers refuse UPDATE and DELETE on both backends, and the
hash chain lets ``casework audit verify`` catch whoever drops them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSAGE = "meeting_events is append-only"
_STATES = (
    "state IN ('planned', 'agenda_closed', 'agenda_sent', 'held', 'minutes_approved', "
    "'published', 'cancelled', 'moved')"
)


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("date", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=True),
        sa.Column("moved_to", sa.String(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.CheckConstraint(_STATES, name=op.f("ck_meetings_state")),
        sa.PrimaryKeyConstraint("body", "date", name=op.f("pk_meetings")),
    )
    op.create_table(
        "meeting_events",
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("date", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body", "date"],
            ["meetings.body", "meetings.date"],
            name=op.f("fk_meeting_events_body_meetings"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("body", "date", "seq", name=op.f("pk_meeting_events")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER meeting_events_no_{verb.lower()} BEFORE {verb} ON meeting_events "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION meeting_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER meeting_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON meeting_events FOR EACH STATEMENT EXECUTE FUNCTION meeting_events_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER meeting_events_no_update")
        op.execute("DROP TRIGGER meeting_events_no_delete")
    else:
        op.execute("DROP TRIGGER meeting_events_append_only ON meeting_events")
        op.execute("DROP FUNCTION meeting_events_append_only()")
    op.drop_table("meeting_events")
    op.drop_table("meetings")
