"""The Alembic migrations build exactly the schema the models describe, on both backends.

This is CI's "``alembic upgrade head`` on an empty database, then ``alembic check``": if a model in
``tables.py`` changes without a new revision, ``compare_metadata`` reports the difference here.
"""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from casework.adapters.sql import schema
from casework.adapters.sql.case_search import is_search_index, search_index_excluded
from casework.adapters.sql.tables import metadata

TABLES = {
    "alembic_version",
    "case_counters",
    "case_events",
    "cases",
    "workflow_versions",
    # 0005: reminders
    "outbox",
    "reminder_runs",
    # 0006: web sign-in
    "web_accounts",
    "api_tokens",
    # 0007: OParl import
    "oparl_organizations",
    "oparl_meetings",
    "oparl_agenda_items",
    "oparl_papers",
    # 0008: dispatch after commit
    "event_dispatch",
    "dispatch_cursors",
    # 0009: meetings as records
    "meetings",
    "meeting_events",
    # 0010: the presentation's texts
    "presentation_texts",
    # 0011: sessions that can be ended, the sign-in limit per address
    "web_sessions",
    "sign_in_failures",
    # 0013: the § 17, stk. 4 task committees' work
    "task_committee_events",
}


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_name": search_index_excluded}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, metadata))


def test_upgrade_on_an_empty_database_gives_the_models_schema(empty_engine: Engine) -> None:
    schema.upgrade(empty_engine)
    names = set(inspect(empty_engine).get_table_names())
    assert {n for n in names if not is_search_index(n)} == TABLES
    # 0016: text search over cases (FTS5 on SQLite, with its shadow tables; tsvector on PG)
    assert "case_search" in names
    assert _differences(empty_engine) == []
    assert schema.current_revision(empty_engine) == schema.HEAD


def test_upgrade_twice_changes_nothing(empty_engine: Engine) -> None:
    schema.upgrade(empty_engine)
    schema.upgrade(empty_engine)
    assert _differences(empty_engine) == []


def test_downgrade_to_base_and_up_again(empty_engine: Engine) -> None:
    schema.upgrade(empty_engine)
    with empty_engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "base")
    assert set(inspect(empty_engine).get_table_names()) == {"alembic_version"}
    assert schema.current_revision(empty_engine) is None
    schema.upgrade(empty_engine)
    assert _differences(empty_engine) == []


def test_the_expected_revision_constants_match_the_scripts() -> None:
    scripts = ScriptDirectory.from_config(schema.alembic_config())
    assert scripts.get_current_head() == schema.HEAD
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == schema.REVISIONS


def test_upgrade_from_a_url_runs_env_py_without_a_connection(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'by-url' / 'casework.db'}"
    schema.upgrade(url)
    config = schema.alembic_config(url=url)  # the path env.py takes for the alembic CLI
    command.upgrade(config, "head")
    config.stdout = io.StringIO()
    command.current(config)
    assert config.stdout.getvalue().strip() == f"{schema.HEAD} (head)"


def test_offline_mode_renders_the_migration_as_sql() -> None:
    config = schema.alembic_config(url="postgresql+psycopg://offline@localhost/casework")
    buffer = io.StringIO()
    config.output_buffer = buffer
    command.upgrade(config, "head", sql=True)
    sql = buffer.getvalue()
    assert "CREATE TABLE cases" in sql
    assert "CREATE INDEX ix_cases_status_due ON cases (status, due, opened_at, id)" in sql
