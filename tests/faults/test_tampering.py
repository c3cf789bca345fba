"""Every kind of tampering with the record, tried on a copy of one store and counted (issue 16,
item 12): events edited, reordered or deleted, each column of a case's row and of a meeting's
row, the workflow snapshots old cases run on; and what only the audit anchors find (issue 16's
closing note): a whole case deleted, a chain rewritten or cut with the row set back to match, the
anchors themselves edited, deleted or remade.

The kinds are the ones ``tests/integration/test_audit_sql.py`` and
``tests/integration/test_audit_anchors.py`` assert one by one; here each is applied to a fresh
copy of the same store (SQLite: a file copy; PostgreSQL: a database made from a template) and
counted as detected when ``audit verify`` reports the expected code, naming the column or the
case where there is one. For the anchor kinds the copy is anchored first and the anchor exported
(an operator's anchor of yesterday), and the audit is given the file; what the same tampering
leaves unseen without the anchor (an unanchored copy) or without the file (the table alone) is
recorded too, as figures, not failures. The figures print as one JSON line per backend and, with
``CASEWORK_FAULT_REPORT`` naming a directory, go to ``tampering-<backend>.json`` there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
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
from tests.integration.test_audit_anchors import _delete_case, _raw, _rewrite_chain
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


#: Tampering after an anchor: what it does (the copy's engine and application, the case's id),
#: the codes the audit given the anchor's file must report, whether one of them must name the
#: case, and whether it touches the cases (its "without" is an unanchored copy) or the anchors
#: (its "without" is the same copy checked without the file).
AnchorKind = tuple[Callable[[Engine, App, str], None], frozenset[str], bool, bool]


def _anchor_kinds(before_last: Mapping[str, object]) -> dict[str, AnchorKind]:
    """``before_last``: the case's row as it was before its last event."""
    columns = [c for c in before_last if c != "id"]
    set_back = "UPDATE cases SET " + ", ".join(f"{c} = :r_{c}" for c in columns) + " WHERE id = :c"
    row = {f"r_{c}": before_last[c] for c in columns}

    def cut(engine: Engine, _: App, case_id: str) -> None:
        delete = "DELETE FROM case_events WHERE case_id = :c AND seq > :r_version"
        _raw(engine, delete, set_back, c=case_id, **row)

    def remade(engine: Engine, services: App, case_id: str) -> None:
        _delete_case(engine, case_id)
        _raw(engine, "DELETE FROM audit_anchors")
        services.anchor()

    return {
        "anchor: case deleted, its row and every event": (
            lambda e, _, c: _delete_case(e, c), frozenset({"CW414"}), True, True),
        "anchor: chain rewritten, every hash and the head recomputed": (
            lambda e, _, c: _rewrite_chain(e, c), frozenset({"CW415"}), True, True),
        "anchor: last event cut, the row set back to match": (
            cut, frozenset({"CW416"}), True, True),
        "anchor: anchor edited": (
            lambda e, _, c: _raw(e, "UPDATE audit_anchors SET cases = cases + 1"),
            frozenset({"CW417"}), False, False),
        "anchor: anchor deleted": (
            lambda e, _, c: _raw(e, "DELETE FROM audit_anchors"),
            frozenset({"CW418"}), False, False),
        "anchor: anchors remade without a deleted case": (
            remade, frozenset({"CW418", "CW414"}), True, False),
    }  # fmt: skip


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


def _seed(url: str, config: Configuration) -> tuple[str, str, dict[str, object]]:
    """A store with one case that went to the council and a meeting with a sent agenda; the
    case's id, the workflow's snapshot and the case's row before its last event."""
    engine = make_engine(url)
    upgrade(engine)
    services = _app(engine, config)
    case = services.open_case(
        OpenCase(workflow="beslutningssag", title="Køb af ejendom", actor="nanna",
                 route=[("oeu", "indstiller"), ("kb", "beslutter")],
                 attributes={"lukket": True})
    )  # fmt: skip
    before_last: dict[str, object] = {}
    for action, actor in [("indsend", "nanna"), ("godkend", "torben"), ("godkend", "camilla")]:
        with engine.connect() as connection:
            before_last = dict(
                connection.execute(text("SELECT * FROM cases WHERE id = :c"), {"c": case.id})
                .mappings()
                .one()
            )
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor, comment="ok"))
    sent(services.uow_factory)
    assert services.verify_audit().ok
    with engine.connect() as connection:
        snapshot = connection.execute(
            text("SELECT snapshot FROM workflow_versions WHERE workflow_id = 'beslutningssag'")
        ).scalar_one()
    engine.dispose()
    return case.id, str(snapshot), before_last


def _try_anchor_kind(
    copies: tuple[str, str | None],
    kind: AnchorKind,
    config: Configuration,
    file: Path,
    case_id: str,
) -> tuple[str | None, bool, bool]:
    """One anchor kind on its copies (anchored; unanchored for the kinds on cases): what the
    audit with the anchor's file found when it missed the kind (None when detected), whether the
    audit without any anchor saw nothing, and whether the audit without the file saw nothing."""
    tamper, codes, names_case, on_cases = kind
    anchored, unanchored = copies
    unseen_without_anchor = False
    if unanchored is not None:
        # The same tampering on a copy nobody anchored: the hash chains alone.
        engine = make_engine(unanchored)
        try:
            tamper(engine, _app(engine, config), case_id)
            unseen_without_anchor = _app(engine, config).verify_audit().ok
        finally:
            engine.dispose()
    engine = make_engine(anchored)
    try:
        services = _app(engine, config)
        _, exported = services.anchor(out=file)  # the operator's anchor of yesterday
        assert exported is not None and services.verify_audit(anchors=[exported]).ok
        tamper(engine, services, case_id)
        unseen_without_file = not on_cases and services.verify_audit().ok
        findings = services.verify_audit(anchors=[exported]).findings
    finally:
        engine.dispose()
    found = {(f.code, f.params.get("case_id")) for f in findings}
    named = not names_case or any((c, case_id) in found for c in codes)
    detected = codes <= {c for c, _ in found} and named
    return (
        None if detected else str(sorted(found, key=str)),
        unseen_without_anchor,
        unseen_without_file,
    )


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
        case_id, snapshot, before_last = _seed(base, config)
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
        anchor_kinds = _anchor_kinds(before_last)
        unseen_without_anchor: list[str] = []
        unseen_without_file: list[str] = []
        for n, (name, kind) in enumerate(sorted(anchor_kinds.items())):
            copies = (database(f"anchored-{n}", template),
                      database(f"unanchored-{n}", template) if kind[3] else None)  # fmt: skip
            seen, without_anchor, without_file = _try_anchor_kind(
                copies, kind, config, tmp_path / f"anchor-{n}.json", case_id
            )
            if seen is not None:
                missed.append(f"{name}: {seen}")
            if without_anchor:
                unseen_without_anchor.append(name)
            if without_file:
                unseen_without_file.append(name)
    finally:
        if admin is not None:
            for real in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{real}" WITH (FORCE)')
    tried = len(kinds) + len(anchor_kinds)
    figures = {
        "backend": backend, "kinds": tried, "detected": tried - len(missed),
        "anchor_kinds": len(anchor_kinds),
        "anchor_detected": len(anchor_kinds) - sum(m.startswith("anchor: ") for m in missed),
        # What the anchors add: kinds the audit does not see without them.
        "unseen_without_anchor": unseen_without_anchor,
        "unseen_without_anchor_file": unseen_without_file,
    }  # fmt: skip
    print(json.dumps(figures, ensure_ascii=False))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"tampering-{backend}.json").write_text(
            json.dumps(figures, indent=2, ensure_ascii=False)
        )
    assert missed == []
