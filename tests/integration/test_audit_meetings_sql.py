"""Tampering with a meeting's stored row is caught by ``audit verify``, column by column, on
SQLite and PostgreSQL (issue 16, item 12): the row must be what saving the replay of the
meeting's events writes, byte for byte, the JSON text of ``data`` included.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.configuration import Configuration
from casework.testing import FixedClock
from tests.integration.test_meeting_store import sent

#: One edit per column of ``meetings`` that is not the key, and what the audit must report.
MEETING_EDITS: dict[str, tuple[str, tuple[str, str | None]]] = {
    "state": ("'held'", ("CW407", "state")),
    "version": ("version + 1", ("CW404", None)),
    "head_hash": ("'0000'", ("CW404", None)),
    "updated_at": ("'2020-01-01T00:00:00.000000Z'", ("CW407", "updated_at")),
    "moved_to": ("'2026-04-01'", ("CW407", "moved_to")),
    # Same content, other text: JSON that reads the same but is not what casework writes.
    "data": ("""replace(data, '":', '": ')""", ("CW407", "data")),
}


@pytest.fixture
def services(engine: Engine, config: Configuration) -> App:
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())
    sent(app.uow_factory)
    assert app.verify_audit().ok
    return app


def test_every_column_of_meetings_has_an_edit() -> None:
    from casework.adapters.sql.tables import meetings

    assert set(MEETING_EDITS) == {c.name for c in meetings.columns} - {"body", "date"}


@pytest.mark.parametrize("column", sorted(MEETING_EDITS))
def test_audit_verify_names_an_edited_meeting_column(
    engine: Engine, services: App, column: str
) -> None:
    value, (code, field) = MEETING_EDITS[column]
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE meetings SET {column} = {value}"))
    findings = services.verify_audit().findings
    found = {(f.code, f.params.get("field")) for f in findings}
    assert (code, field) in found, found
    assert {f.params["meeting"] for f in findings} == {"tmu/2026-03-09"}
    assert {f for c, f in found if c == "CW407"} <= {field}, found


def test_audit_command_names_edited_meeting_data(
    engine: Engine,
    services: App,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the CLI, so the embedded default's plain-sqlite3 reader compares the row too."""
    from casework.entrypoints.cli import main

    monkeypatch.setenv("CASEWORK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        connection.execute(text("""UPDATE meetings SET data = replace(data, '":', '": ')"""))
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "tmu/2026-03-09" in out and "(data)" in out
