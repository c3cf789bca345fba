"""The audit anchors find what the chains cannot: a whole case deleted, a chain rewritten.

An attacker with database access who turns the triggers and foreign keys off can delete a case
with every event, or rewrite a case's chain recomputing every hash; ``audit verify`` without
anchors finds nothing then (checked first in each test). After an anchor it does, on SQLite and
PostgreSQL; an exported anchor file shows a rewrite of the anchor table itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.events import event_hash
from casework.testing import FixedClock


@pytest.fixture
def services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


def _open(services: App, title: str, steps: int) -> str:
    case = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="nanna",
            route=[("oeu", "indstiller"), ("kb", "beslutter")],
        )
    )
    for action, actor in [("indsend", "nanna"), ("godkend", "torben"), ("godkend", "camilla")][
        :steps
    ]:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor, comment="ok"))
    return case.id


@pytest.fixture
def cases(services: App) -> list[str]:
    """Three cases with 4, 3 and 1 events."""
    return [_open(services, "Køb af ejendom", 3), _open(services, "Ny skole", 2),
            _open(services, "Cykelsti", 0)]  # fmt: skip


def _raw(engine: Engine, *statements: str, **params: object) -> None:
    """Statements as an attacker runs them: triggers and foreign keys off."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("BEGIN")
            for trigger in ("case_events_no_update", "case_events_no_delete",
                            "audit_anchors_no_update", "audit_anchors_no_delete"):  # fmt: skip
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            for statement in statements:
                cursor.execute(statement, params)
            cursor.execute("COMMIT")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            raw.close()
        return
    with engine.begin() as connection:
        # A superuser's session that fires no triggers: neither append-only nor foreign keys.
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            connection.execute(text(statement), params)


def _delete_case(engine: Engine, case_id: str) -> None:
    _raw(engine, "DELETE FROM case_events WHERE case_id = :c", "DELETE FROM cases WHERE id = :c",
         c=case_id)  # fmt: skip


def _rewrite_chain(engine: Engine, case_id: str) -> None:
    """Forge event 2's comment and recompute every hash after it, and the case's head."""
    with SqlUnitOfWork(engine) as uow:
        events = uow.cases.events(case_id)
    prev = events[0].hash
    updates = []
    for event in events[1:]:
        data = event.data_json.replace('"ok"', '"forged"') if event.seq == 2 else event.data_json
        assert event.seq != 2 or data != event.data_json
        digest = event_hash(
            case_id=case_id, seq=event.seq, kind=str(event.kind), at=event.at, actor=event.actor,
            data_json=data, idempotency_key=event.idempotency_key, prev_hash=prev,
        )  # fmt: skip
        updates.append((event.seq, data, prev, digest))
        prev = digest
    statements = [
        f"UPDATE case_events SET data_json = :d{seq}, prev_hash = :p{seq}, hash = :h{seq} "
        f"WHERE case_id = :c AND seq = {seq}"
        for seq, *_ in updates
    ]
    params: dict[str, object] = {"c": case_id, "head": prev}
    for seq, data, before, digest in updates:
        params |= {f"d{seq}": data, f"p{seq}": before, f"h{seq}": digest}
    _raw(engine, *statements, "UPDATE cases SET head_hash = :head WHERE id = :c", **params)


def _codes(services: App, *anchors: Path) -> list[tuple[str, str | None]]:
    return sorted(
        (f.code, f.params.get("case_id")) for f in services.verify_audit(anchors=anchors).findings
    )


def test_an_anchor_pins_every_case_head_and_the_next_only_what_changed(
    services: App, cases: list[str]
) -> None:
    first, _ = services.anchor()
    assert first.made
    assert (first.anchor.seq, first.anchor.cases, first.anchor.events) == (1, 3, 8)
    assert [h.case_id for h in first.anchor.heads] == sorted(cases)
    # Normal work after the anchor: a case moves on, a new one is opened; all is clean.
    services.advance(AdvanceCase(case_id=cases[2], action="indsend", actor="nanna"))
    new = _open(services, "Havnebad", 1)
    assert services.verify_audit().ok
    second, _ = services.anchor()
    assert second.anchor.prev_hash == first.anchor.hash
    assert (second.anchor.cases, second.anchor.events) == (4, 11)
    assert sorted(h.case_id for h in second.anchor.heads) == sorted([cases[2], new])
    assert services.verify_audit().ok
    # Once a day: the deadline sweep's call gives today's anchor back.
    again, _ = services.anchor(once_a_day=True)
    assert (again.made, again.anchor) == (False, second.anchor)


@pytest.fixture
def anchored(services: App, cases: list[str]) -> None:
    services.anchor()


def test_a_whole_case_deleted_after_the_anchor_is_named(
    engine: Engine, services: App, cases: list[str], anchored: None
) -> None:
    _delete_case(engine, cases[1])
    report = services.verify_audit()
    assert _codes(services) == [("CW414", cases[1])]
    assert f"sag {cases[1]} findes ikke længere" in report.findings[0].message("da")


def test_a_chain_rewritten_consistently_after_the_anchor_is_found(
    engine: Engine, services: App, cases: list[str], anchored: None
) -> None:
    _rewrite_chain(engine, cases[0])
    # Every hash holds and the row equals the replay: only the anchor sees the rewrite.
    assert _codes(services) == [("CW415", cases[0])]


def test_the_last_events_deleted_with_the_row_set_back_are_found(
    engine: Engine, services: App, cases: list[str], anchored: None
) -> None:
    _raw(engine, "DELETE FROM case_events WHERE case_id = :c AND seq = 4", c=cases[0])
    assert ("CW416", cases[0]) in _codes(services)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_anchors SET cases = 0", "DELETE FROM audit_anchors"]
)
def test_the_database_refuses_to_change_an_anchor(
    engine: Engine, cases: list[str], anchored: None, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))


@pytest.mark.postgres
def test_postgresql_refuses_to_truncate_the_anchors(
    engine: Engine, cases: list[str], anchored: None
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_anchors"))


def test_an_edited_or_removed_anchor_is_found(
    engine: Engine, services: App, cases: list[str], anchored: None
) -> None:
    services.advance(AdvanceCase(case_id=cases[2], action="indsend", actor="nanna"))
    services.anchor()
    _raw(engine, "UPDATE audit_anchors SET cases = cases + 1 WHERE seq = 2")
    assert [(f.code, f.key) for f in services.verify_audit().findings] == [
        ("CW417", "audit.anchor.edited")
    ]
    _raw(engine, "DELETE FROM audit_anchors WHERE seq = 1")
    keys = {(f.code, f.key) for f in services.verify_audit().findings}
    assert {("CW417", "audit.anchor.gap"), ("CW417", "audit.anchor.unlinked")} <= keys


def test_the_exported_anchors_find_a_rewrite_of_the_anchors_too(
    engine: Engine, services: App, cases: list[str], tmp_path: Path
) -> None:
    _, first = services.anchor(out=tmp_path)
    services.advance(AdvanceCase(case_id=cases[2], action="indsend", actor="nanna"))
    _, second = services.anchor(out=tmp_path)
    assert first is not None and second is not None
    assert first.parent == second.parent == tmp_path
    assert json.loads(first.read_text(encoding="utf-8"))["cases"] == 3
    assert [h[0] for h in json.loads(second.read_text(encoding="utf-8"))["heads"]] == [cases[2]]
    assert services.verify_audit(anchors=[first, second]).ok
    # The whole case deleted, and the anchors made again without it: consistent in itself.
    _delete_case(engine, cases[1])
    _raw(engine, "DELETE FROM audit_anchors")
    services.anchor()
    assert services.verify_audit().ok
    # The day's file alone shows the rewrite; with every kept file the case is named too.
    assert _codes(services, second) == [("CW418", None)]
    assert _codes(services, first, second) == [("CW414", cases[1]), ("CW418", None),
                                               ("CW418", None)]  # fmt: skip


def _cli(engine: Engine, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from casework.entrypoints.cli import main

    monkeypatch.setenv("CASEWORK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return main(list(args))


def test_the_commands_exit_0_when_clean_and_1_on_findings(
    engine: Engine,
    cases: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "arkiv" / "anker.json"
    out.parent.mkdir()
    assert _cli(engine, monkeypatch, "audit", "anchor", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "Revisionsanker nr. 1" in printed
    assert "3 sager, 8 hændelser" in printed
    assert _cli(engine, monkeypatch, "audit", "verify", "--anchor", str(out)) == 0
    capsys.readouterr()
    _delete_case(engine, cases[0])
    assert _cli(engine, monkeypatch, "audit", "verify", "--anchor", str(out)) == 1
    printed = capsys.readouterr().out
    assert f"[CW414] sag {cases[0]} findes ikke længere" in " ".join(printed.split())
    assert _cli(engine, monkeypatch, "audit", "verify", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data["findings"]] == ["CW414"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "den findes ikke"),
        ("not json", "den er ikke JSON"),
        ('{"format": "something else"}', "den er ikke et revisionsanker"),
        ("edited", "dens indhold passer ikke med dens hash"),
    ],
)
def test_an_anchor_file_that_cannot_be_used_is_one_danish_line(  # noqa: PLR0917 - fixtures
    engine: Engine,
    services: App,
    cases: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    reason: str,
) -> None:
    path = tmp_path / "anker.json"
    if content == "edited":
        services.anchor(out=path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["cases"] += 1
        path.write_text(json.dumps(data), encoding="utf-8")
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert _cli(engine, monkeypatch, "audit", "verify", "--anchor", str(path)) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured
    assert lines[0].startswith("[CW419] Ankerfilen ")
    assert reason in lines[0]
    assert "Traceback" not in captured.err + captured.out
