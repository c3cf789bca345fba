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


#: One edit per column of ``cases`` that is not the key, and what the audit must name: every
#: stored column is either derived from the chain and compared (CW407 names the column) or is the
#: chain's head (CW404). Portable SQL, so the same edits run on both backends.
COLUMN_EDITS: dict[str, tuple[str, tuple[str, str | None]]] = {
    "workflow_id": ("'droeftelsessag'", ("CW407", "workflow_id")),
    "workflow_version": ("workflow_version + 1", ("CW407", "workflow_version")),
    "case_type": ("'orientering'", ("CW407", "case_type")),
    "title": ("title || '!'", ("CW407", "title")),
    "owner": ("'torben'", ("CW407", "owner")),
    "centre": ("'teknik'", ("CW407", "centre")),
    # Same value, other text: JSON that reads the same but is not what casework writes.
    "route": ("replace(route, ',', ', ')", ("CW407", "route")),
    "attributes": ("replace(attributes, ':', ': ')", ("CW407", "attributes")),
    "planned": ("'{ }'", ("CW407", "planned")),
    "step": ("'ekspedition'", ("CW407", "step")),
    "status": ("CASE WHEN status = 'open' THEN 'closed' ELSE 'open' END", ("CW407", "status")),
    "version": ("version + 1", ("CW404", None)),
    "head_hash": ("'0000'", ("CW404", None)),
    "opened_at": ("'2020-01-01T00:00:00.000000Z'", ("CW407", "opened_at")),
    "updated_at": ("'2020-01-01T00:00:00.000000Z'", ("CW407", "updated_at")),
    "step_entered_at": ("'2020-01-01T00:00:00.000000Z'", ("CW407", "step_entered_at")),
    "step_due": ("'2031-01-01'", ("CW407", "step_due")),
    "deadline": ("'2031-01-01'", ("CW407", "deadline")),
    # Derived from step_due and deadline; editing it alone drops the case's reminder.
    "due": ("'2031-01-01'", ("CW407", "due")),
    "reference": ("'forged-ref'", ("CW407", "reference")),
}


def test_every_column_of_cases_has_an_edit() -> None:
    from casework.adapters.sql.tables import cases

    assert set(COLUMN_EDITS) == {c.name for c in cases.columns} - {"id"}


@pytest.mark.parametrize("column", sorted(COLUMN_EDITS))
def test_audit_verify_names_an_edited_column(
    engine: Engine, services: App, case_id: str, column: str
) -> None:
    value, (code, field) = COLUMN_EDITS[column]
    assert services.verify_audit().ok
    _tamper(engine, f"UPDATE cases SET {column} = {value} WHERE id = :c", c=case_id)
    found = {(f.code, f.params.get("field")) for f in services.verify_audit().findings}
    assert (code, field) in found, found
    # One column edited, one column named (an edited version also pins a version nobody has).
    assert {f for c, f in found if c == "CW407"} <= {field}, found


def _snapshot(engine: Engine) -> tuple[str, str]:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT snapshot, fingerprint FROM workflow_versions WHERE workflow_id = :w"),
            {"w": "beslutningssag"},
        ).one()
    return row[0], row[1]


def test_audit_verify_catches_an_edited_workflow_snapshot(
    engine: Engine, services: App, case_id: str
) -> None:
    snapshot, _ = _snapshot(engine)
    forged = snapshot.replace('"anbefal"', '"godkend"', 1)
    assert forged != snapshot
    _tamper(
        engine,
        "UPDATE workflow_versions SET snapshot = :s WHERE workflow_id = 'beslutningssag'",
        s=forged,
    )
    found = [(f.code, f.params.get("field")) for f in services.verify_audit().findings]
    assert found == [("CW408", "snapshot")]


def test_audit_verify_catches_a_snapshot_forged_with_its_fingerprint(
    engine: Engine, services: App, case_id: str
) -> None:
    import hashlib

    snapshot, _ = _snapshot(engine)
    forged = snapshot.replace('"anbefal"', '"godkend"', 1)
    _tamper(
        engine,
        "UPDATE workflow_versions SET snapshot = :s, fingerprint = :f "
        "WHERE workflow_id = 'beslutningssag'",
        s=forged,
        f=hashlib.sha256(forged.encode()).hexdigest(),
    )
    findings = services.verify_audit().findings
    assert [(f.code, f.key, f.params.get("field")) for f in findings] == [
        ("CW408", "audit.workflow_differs", "snapshot")
    ]


def test_audit_verify_catches_a_renumbered_workflow_version(
    engine: Engine, services: App, case_id: str
) -> None:
    _tamper(engine, "UPDATE workflow_versions SET version = 7 WHERE workflow_id = 'beslutningssag'")
    found = {(f.code, f.params.get("field")) for f in services.verify_audit().findings}
    assert ("CW408", "version") in found, found


def test_audit_command_names_an_edited_due_date(
    engine: Engine,
    services: App,
    case_id: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the CLI, so the embedded default's plain-sqlite3 reader compares the row too."""
    import json

    from casework.entrypoints.cli import main

    monkeypatch.setenv("CASEWORK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    _tamper(engine, "UPDATE cases SET due = '2031-01-01' WHERE id = :c", c=case_id)
    capsys.readouterr()
    assert main(["audit", "verify", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["CW407"]
    assert "(due)" in report["findings"][0]["message"]
    assert main(["audit", "verify"]) == 1
    assert f"sag {case_id}: den gemte tilstand (due) afviger" in capsys.readouterr().out
