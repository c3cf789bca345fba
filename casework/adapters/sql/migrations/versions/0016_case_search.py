"""Text search over cases: titles and presentation texts (issue 18, item 4).

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-06

Why: ``casework case list --search TEXT`` finds cases by the words of their title and of their
presentation texts, in any inflection, without reading every case. SQLite gets an FTS5 table
(the query's Danish stems are matched as prefixes; FTS5 has no Danish stemmer); PostgreSQL a
``tsvector`` under its ``danish`` configuration with a GIN index. Triggers fill both in the
writing transaction: a case opened adds its row, a changed title replaces it, a saved
presentation text (``case.text_saved``, whose text is already in ``presentation_texts``) is
added to it. Every version of a text stays searchable, as every version stays in the history.
Existing cases are indexed here.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE = [
    """CREATE VIRTUAL TABLE case_search USING fts5(
        case_id UNINDEXED, title, texts, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    """INSERT INTO case_search (case_id, title, texts)
    SELECT c.id, c.title, coalesce((
        SELECT group_concat(t.text, ' ') FROM case_events e
        JOIN presentation_texts t ON t.sha256 = json_extract(e.data_json, '$.sha256')
        WHERE e.case_id = c.id AND e.kind = 'case.text_saved'
    ), '') FROM cases c""",
    """CREATE TRIGGER case_search_opened AFTER INSERT ON cases BEGIN
        INSERT INTO case_search (case_id, title, texts) VALUES (new.id, new.title, '');
    END""",
    """CREATE TRIGGER case_search_title AFTER UPDATE OF title ON cases
    WHEN new.title IS NOT old.title BEGIN
        UPDATE case_search SET title = new.title WHERE case_id = new.id;
    END""",
    """CREATE TRIGGER case_search_text AFTER INSERT ON case_events
    WHEN new.kind = 'case.text_saved' BEGIN
        UPDATE case_search SET texts = texts || ' ' || coalesce((
            SELECT text FROM presentation_texts
            WHERE sha256 = json_extract(new.data_json, '$.sha256')
        ), '') WHERE case_id = new.case_id;
    END""",
]

_POSTGRESQL = [
    """CREATE TABLE case_search (
        case_id text PRIMARY KEY,
        title text NOT NULL,
        texts text NOT NULL DEFAULT '',
        document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('danish', title), 'A') || to_tsvector('danish', texts)
        ) STORED
    )""",
    "CREATE INDEX ix_case_search_document ON case_search USING gin (document)",
    """INSERT INTO case_search (case_id, title, texts)
    SELECT c.id, c.title, coalesce((
        SELECT string_agg(t.text, ' ' ORDER BY e.seq) FROM case_events e
        JOIN presentation_texts t ON t.sha256 = (e.data_json::jsonb ->> 'sha256')
        WHERE e.case_id = c.id AND e.kind = 'case.text_saved'
    ), '') FROM cases c""",
    """CREATE FUNCTION case_search_opened() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO case_search (case_id, title, texts) VALUES (NEW.id, NEW.title, '');
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_opened AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION case_search_opened()""",
    """CREATE FUNCTION case_search_title() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE case_search SET title = NEW.title WHERE case_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_title AFTER UPDATE OF title ON cases
    FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title)
    EXECUTE FUNCTION case_search_title()""",
    """CREATE FUNCTION case_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE case_search SET texts = texts || ' ' || coalesce((
            SELECT text FROM presentation_texts
            WHERE sha256 = (NEW.data_json::jsonb ->> 'sha256')
        ), '') WHERE case_id = NEW.case_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_text AFTER INSERT ON case_events
    FOR EACH ROW WHEN (NEW.kind = 'case.text_saved')
    EXECUTE FUNCTION case_search_text()""",
]


def upgrade() -> None:
    statements = _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in (
            ("case_search_text", "case_events"),
            ("case_search_title", "cases"),
            ("case_search_opened", "cases"),
        ):
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
            op.execute(f"DROP FUNCTION {trigger}()")
    else:
        for trigger in ("case_search_text", "case_search_title", "case_search_opened"):
            op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE case_search")
