"""Tampering with the database itself: refused by triggers, and caught by `audit verify`.

An attacker with database access can drop the append-only triggers; every kind of change they
can then make to the record is found by the audit, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock


@pytest.fixture
def services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


@pytest.fixture
def case_id(services: App) -> str:
    case = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Køb af ejendom",
            actor="nanna",
            route=[("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"lukket": True},
        )
    )
    for action, actor in [("indsend", "nanna"), ("godkend", "torben"), ("godkend", "camilla")]:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor, comment="ok"))
    return case.id


def _tamper(engine: Engine, *statements: str, **params: object) -> None:
    if engine.dialect.name == "sqlite":
        # Straight through the DBAPI: foreign keys can only be switched off outside a
        # transaction, as an attacker with the database file would.
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("BEGIN")
            cursor.execute("DROP TRIGGER case_events_no_update")
            cursor.execute("DROP TRIGGER case_events_no_delete")
            for statement in statements:
                cursor.execute(statement, params)
            cursor.execute("COMMIT")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            raw.close()
        return
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER case_events_append_only ON case_events"))
        for statement in statements:
            connection.execute(text(statement), params)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_events SET actor = 'camilla' WHERE case_id = :c AND seq = 2",
        "DELETE FROM case_events WHERE case_id = :c AND seq = 4",
    ],
)
def test_the_database_refuses_to_change_an_event(
    engine: Engine, case_id: str, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement), {"c": case_id})


TAMPERING: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "edited event": (
        (
            "UPDATE case_events SET data_json = replace(data_json, '\"ok\"', '\"forged\"') "
            "WHERE case_id = :c AND seq = 3",
        ),
        {"CW401"},
    ),
    "edited actor": (
        ("UPDATE case_events SET actor = 'camilla' WHERE case_id = :c AND seq = 2",),
        {"CW401"},
    ),
    "reordered": (
        (
            "UPDATE case_events SET seq = 99 WHERE case_id = :c AND seq = 2",
            "UPDATE case_events SET seq = 2 WHERE case_id = :c AND seq = 3",
            "UPDATE case_events SET seq = 3 WHERE case_id = :c AND seq = 99",
        ),
        {"CW401", "CW402"},
    ),
    "deleted middle": (
        ("DELETE FROM case_events WHERE case_id = :c AND seq = 2",),
        {"CW402", "CW403"},
    ),
    "deleted last": (("DELETE FROM case_events WHERE case_id = :c AND seq = 4",), {"CW404"}),
    "edited state": (("UPDATE cases SET step = 'ekspedition' WHERE id = :c",), {"CW407"}),
    "deleted case row": (("DELETE FROM cases WHERE id = :c",), {"CW406"}),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_audit_verify_catches_tampering(
    engine: Engine, services: App, case_id: str, kind: str
) -> None:
    statements, expected = TAMPERING[kind]
    assert services.verify_audit().ok
    if kind == "deleted case row" and engine.dialect.name == "postgresql":
        statements = (
            "ALTER TABLE case_events DROP CONSTRAINT fk_case_events_case_id_cases",
            *statements,
        )
    _tamper(engine, *statements, c=case_id)
    found = {f.code for f in services.verify_audit().findings}
    assert expected <= found, found


def test_audit_command_exits_non_zero_on_tampering(
    engine: Engine,
    services: App,
    case_id: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from casework.entrypoints.cli import main

    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    assert main(["audit", "verify"]) == 0
    _tamper(
        engine, "UPDATE case_events SET actor = 'camilla' WHERE case_id = :c AND seq = 2", c=case_id
    )
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"sag {case_id}, hændelse 2" in out
