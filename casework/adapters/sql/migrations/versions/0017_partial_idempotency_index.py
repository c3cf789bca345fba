"""The idempotency keys' unique index holds only the events that have a key (issue 17).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

Why: the UNIQUE constraint on ``case_events.idempotency_key`` put every event into its index,
also the great majority that carry no key (a NULL never collides, so those entries check
nothing). On SQLite that is one more B-tree page written per transition, of about seven, and so
one seventh more of the WAL and its checkpoints. A partial unique index ``WHERE idempotency_key
IS NOT NULL`` refuses the same duplicates and holds only the keyed events.

SQLite cannot drop a table's UNIQUE constraint, so ``case_events`` is rebuilt: a new table of
the same columns and keys, the rows copied, the old table dropped and the new one renamed; the
triggers that belonged to the old table (append-only, revision 0002; text search, revision 0016)
are made again on the new one afterwards, so the copy fires none of them. Nothing references
``case_events``, and the rows, their order and every hash stay exactly as they were. PostgreSQL
drops the constraint and creates the partial index. The downgrade restores the constraint.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "uq_case_events_idempotency_key"
_MESSAGE = "case_events is append-only"

_COLUMNS = """
    case_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    at VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    data_json TEXT NOT NULL,
    idempotency_key VARCHAR,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    CONSTRAINT pk_case_events PRIMARY KEY (case_id, seq),
    CONSTRAINT fk_case_events_case_id_cases FOREIGN KEY(case_id) REFERENCES cases (id)
        ON DELETE RESTRICT"""
_NAMES = "case_id, seq, kind, at, actor, data_json, idempotency_key, prev_hash, hash"

#: The triggers on case_events, as revisions 0002 and 0016 made them (SQLite).
_SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER case_events_no_{verb.lower()} BEFORE {verb} ON case_events "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        for verb in ("UPDATE", "DELETE")
    ),
    """CREATE TRIGGER case_search_text AFTER INSERT ON case_events
    WHEN new.kind = 'case.text_saved' BEGIN
        UPDATE case_search SET texts = texts || ' ' || coalesce((
            SELECT text FROM presentation_texts
            WHERE sha256 = json_extract(new.data_json, '$.sha256')
        ), '') WHERE case_id = new.case_id;
    END""",
]


def _rebuild_sqlite(*, partial: bool) -> None:
    for trigger in ("case_events_no_update", "case_events_no_delete", "case_search_text"):
        op.execute(f"DROP TRIGGER {trigger}")
    unique = "" if partial else f",\n    CONSTRAINT {_INDEX} UNIQUE (idempotency_key)"
    op.execute(f"CREATE TABLE case_events_new ({_COLUMNS}{unique}\n)")
    op.execute(
        f"INSERT INTO case_events_new ({_NAMES}) SELECT {_NAMES} FROM case_events ORDER BY rowid"
    )
    op.execute("DROP TABLE case_events")
    op.execute("ALTER TABLE case_events_new RENAME TO case_events")
    if partial:
        op.execute(
            f"CREATE UNIQUE INDEX {_INDEX} ON case_events (idempotency_key) "
            "WHERE idempotency_key IS NOT NULL"
        )
    for statement in _SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(partial=True)
        return
    op.execute(f"ALTER TABLE case_events DROP CONSTRAINT {_INDEX}")
    op.execute(
        f"CREATE UNIQUE INDEX {_INDEX} ON case_events (idempotency_key) "
        "WHERE idempotency_key IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(partial=False)
        return
    op.execute(f"DROP INDEX {_INDEX}")
    op.execute(f"ALTER TABLE case_events ADD CONSTRAINT {_INDEX} UNIQUE (idempotency_key)")
