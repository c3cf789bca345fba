"""Every kind of tampering with the record, tried on a copy of one store and counted (issue 16,
item 12): events edited, reordered or deleted, each column of a case's row and of a meeting's
row, the workflow snapshots old cases run on.

The kinds are the ones ``tests/integration/test_audit_sql.py`` asserts one by one; here each is
applied to a fresh copy of the same store (SQLite: a file copy; PostgreSQL: a database made from
a template) and counted as detected when ``audit verify`` reports the expected code, naming the
column where there is one. The figures print as one JSON line per backend and, with
``CASEWORK_FAULT_REPORT`` naming a directory, go to ``tampering-<backend>.json`` there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock
from tests.integration.conftest import PG_ADMIN_URL, _libpq
from tests.integration.test_audit_meetings_sql import MEETING_EDITS
from tests.integration.test_audit_sql import COLUMN_EDITS, TAMPERING, _tamper
from tests.integration.test_meeting_store import sent

#: The statements, their parameters, and the codes the audit must report (naming the column).
Kind = tuple[tuple[str, ...], dict[str, str], tuple[frozenset[str], str | None]]


def _kinds(snapshot: str) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for name, (statements, codes) in TAMPERING.items():
        kinds[f"event/row: {name}"] = (statements, {}, (frozenset(codes), None))
    for column, (value, expected) in COLUMN_EDITS.items():
        statement = f"UPDATE cases SET {column} = {value} WHERE id = :c"
        kinds[f"column: {column}"] = ((statement,), {}, (frozenset({expected[0]}), expected[1]))
    for column, (value, (code, field)) in MEETING_EDITS.items():
        statement = f"UPDATE meetings SET {column} = {value}"
        kinds[f"meeting column: {column}"] = ((statement,), {}, (frozenset({code}), field))
    forged = snapshot.replace('"anbefal"', '"godkend"', 1)
    where = " WHERE workflow_id = 'beslutningssag'"
    kinds["workflow: snapshot edited"] = (
        ("UPDATE workflow_versions SET snapshot = :s" + where,), {"s": forged},
        (frozenset({"CW408"}), "snapshot"),
    )  # fmt: skip
    kinds["workflow: snapshot and fingerprint forged"] = (
        ("UPDATE workflow_versions SET snapshot = :s, fingerprint = :f" + where,),
        {"s": forged, "f": hashlib.sha256(forged.encode()).hexdigest()},
        (frozenset({"CW408"}), "snapshot"),
    )  # fmt: skip
    renumber = "UPDATE workflow_versions SET version = 7" + where
    kinds["workflow: version renumbered"] = ((renumber,), {}, (frozenset({"CW408"}), "version"))
    return kinds


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def admin(backend: str) -> Iterator[psycopg.Connection[tuple[object, ...]] | None]:
    if backend == "sqlite":
        yield None
        return
    try:
        connection = psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable: {exc}")
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    with connection:
        yield connection


def _app(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


def _seed(url: str, config: Configuration) -> tuple[str, str]:
    """A store with one case that went to the council and a meeting with a sent agenda; the
    case's id and the workflow's snapshot."""
    engine = make_engine(url)
    upgrade(engine)
    services = _app(engine, config)
    case = services.open_case(
        OpenCase(workflow="beslutningssag", title="Køb af ejendom", actor="nanna",
                 route=[("oeu", "indstiller"), ("kb", "beslutter")],
                 attributes={"lukket": True})
    )  # fmt: skip
    for action, actor in [("indsend", "nanna"), ("godkend", "torben"), ("godkend", "camilla")]:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor, comment="ok"))
    sent(services.uow_factory)
    assert services.verify_audit().ok
    with engine.connect() as connection:
        snapshot = connection.execute(
            text("SELECT snapshot FROM workflow_versions WHERE workflow_id = 'beslutningssag'")
        ).scalar_one()
    engine.dispose()
    return case.id, str(snapshot)


def test_tampering_kinds_tried_are_all_detected(
    backend: str,
    admin: psycopg.Connection[tuple[object, ...]] | None,
    config: Configuration,
    tmp_path: Path,
) -> None:
    made: list[str] = []

    def database(name: str, template: str | None = None) -> str:
        if admin is None:
            path = tmp_path / f"{name}.db"
            if template is not None:
                shutil.copyfile(make_url(template).database or "", path)
            return f"sqlite:///{path}"
        real = f"casework_tamper_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{real}"' + (f' TEMPLATE "{template}"' if template else ""))
        made.append(real)
        return make_url(PG_ADMIN_URL).set(database=real).render_as_string(hide_password=False)

    try:
        base = database("base")
        case_id, snapshot = _seed(base, config)
        template = base if admin is None else make_url(base).database
        missed: list[str] = []
        kinds = _kinds(snapshot)
        for n, (name, (statements, params, (codes, field))) in enumerate(sorted(kinds.items())):
            engine = make_engine(database(f"kind-{n}", template))
            try:
                extra: tuple[str, ...] = ()
                if name == "event/row: deleted case row" and backend == "postgresql":
                    extra = ("ALTER TABLE case_events DROP CONSTRAINT "
                             "fk_case_events_case_id_cases",)  # fmt: skip
                _tamper(engine, *extra, *statements, c=case_id, **params)
                found = {(f.code, f.params.get("field")) for f in _app(engine, config)
                         .verify_audit().findings}  # fmt: skip
                named = field is None or any((c, field) in found for c in codes)
                if not codes <= {c for c, _ in found} or not named:
                    missed.append(f"{name}: {sorted(found, key=str)}")
            finally:
                engine.dispose()
    finally:
        if admin is not None:
            for real in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{real}" WITH (FORCE)')
    figures = {"backend": backend, "kinds": len(kinds), "detected": len(kinds) - len(missed)}
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"tampering-{backend}.json").write_text(json.dumps(figures, indent=2))
    assert missed == []
