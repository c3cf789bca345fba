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
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql import schema
from casework.adapters.sql.case_search import is_search_index, search_index_excluded
from casework.adapters.sql.tables import metadata
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock

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
    # 0018: the audit anchors
    "audit_anchors",
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


def _index_definition(engine: Engine) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            sql = "SELECT sql FROM sqlite_master WHERE name = 'uq_case_events_idempotency_key'"
        else:
            sql = (
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_case_events_idempotency_key'"
            )
        return " ".join(str(connection.exec_driver_sql(sql).scalar() or "").split())


def _event_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.exec_driver_sql(
                "SELECT case_id, seq, kind, at, actor, data_json, idempotency_key, prev_hash, hash"
                " FROM case_events ORDER BY case_id, seq"
            )
        ]


def _refuses(engine: Engine, sql: str) -> bool:
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(sql)
    except DBAPIError:
        return True
    return False


def test_0017_keeps_every_event_and_indexes_only_the_keyed_ones(
    empty_engine: Engine, config: Configuration
) -> None:
    """Issue 17: revision 0017 rebuilds the idempotency keys' unique index as a partial one.

    The events, their hashes and the triggers on case_events survive the upgrade (a rebuilt
    table on SQLite) and the downgrade; a duplicate key is refused at both revisions.
    """
    schema.upgrade(empty_engine, "0016")
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(empty_engine), clock=FixedClock())
    route = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
    keyed = app.open_case(
        OpenCase(workflow="beslutningssag", title="Med nøgle", actor="mette", route=route,
                 attributes={"politikomraade": "veje"}, idempotency_key="k-1")
    )  # fmt: skip
    plain = app.open_case(
        OpenCase(workflow="beslutningssag", title="Uden nøgle", actor="mette", route=route,
                 attributes={"politikomraade": "veje"})
    )  # fmt: skip
    app.advance(AdvanceCase(case_id=plain.id, action="indsend", actor="mette"))
    before = _event_rows(empty_engine)
    assert [row[6] for row in before] == ["k-1", None, None]
    assert "WHERE" not in _index_definition(empty_engine)
    duplicate = (
        "INSERT INTO case_events (case_id, seq, kind, at, actor, data_json, idempotency_key,"
        f" prev_hash, hash) VALUES ('{plain.id}', 9, 'case.advanced', 'x', 'mette', '{{}}',"
        " 'k-1', 'p', 'h')"
    )

    schema.upgrade(empty_engine)  # to the newest revision, 0017 and any after it
    assert schema.current_revision(empty_engine) == schema.HEAD
    unique, _, where = _index_definition(empty_engine).partition(" WHERE ")
    assert "UNIQUE INDEX" in unique and where.strip("()") == "idempotency_key IS NOT NULL"
    assert _event_rows(empty_engine) == before
    assert _differences(empty_engine) == []
    assert _refuses(empty_engine, duplicate)
    assert _refuses(
        empty_engine, f"UPDATE case_events SET actor = 'x' WHERE case_id = '{plain.id}'"
    )
    assert _refuses(empty_engine, f"DELETE FROM case_events WHERE case_id = '{plain.id}'")
    report = app.verify_audit([keyed.id, plain.id])
    assert report.ok and report.events == 3
    # Writing goes on: events without a key side by side, the key found through the index.
    app.advance(AdvanceCase(case_id=keyed.id, action="indsend", actor="mette"))
    with SqlUnitOfWork(empty_engine, read_only=True) as uow:
        found = uow.cases.event_by_key("k-1")
        assert found is not None and (found.case_id, found.seq) == (keyed.id, 1)
    if empty_engine.dialect.name == "sqlite":
        with empty_engine.connect() as connection:
            plan = " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT * FROM case_events WHERE idempotency_key = 'k-1'"
                )
            )
        assert "USING INDEX uq_case_events_idempotency_key" in plan

    with empty_engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "0016")
    assert "WHERE" not in _index_definition(empty_engine)
    assert len(_event_rows(empty_engine)) == 4
    assert _event_rows(empty_engine)[:1] == before[:1]
    assert _refuses(empty_engine, duplicate)
    assert _refuses(empty_engine, f"DELETE FROM case_events WHERE case_id = '{plain.id}'")
