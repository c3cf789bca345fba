"""Typed events keep the stored format: a database written before them reads back byte for byte.

``tests/fixtures/events/casework.db`` was written by the code before payloads became typed (see
its README). Every event in it parses into its typed payload, serialises back to the very
``data_json`` it was read from (and so to the same hash), and the audit finds nothing.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.app import open_app
from casework.domain.case import recorded_decision, replay
from casework.domain.configuration import Configuration
from casework.domain.event_types import (
    AttributesChanged,
    CaseAdvanced,
    CaseOpened,
    CasePlanned,
    RouteChanged,
)
from casework.domain.events import CaseEvent, EventKind, canonical_json
from casework.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "events" / "casework.db"


def stored_events() -> list[CaseEvent]:
    # immutable: the file is in WAL mode, and a plain read-only open would leave -shm/-wal files.
    connection = sqlite3.connect(f"file:{FIXTURE}?mode=ro&immutable=1", uri=True)
    try:
        rows = connection.execute(
            "SELECT case_id, seq, kind, at, actor, data_json, prev_hash, hash, idempotency_key "
            "FROM case_events ORDER BY case_id, seq"
        ).fetchall()
    finally:
        connection.close()
    return [
        CaseEvent(c, s, EventKind(k), a, p, d, ph, h, key) for c, s, k, a, p, d, ph, h, key in rows
    ]


EVENTS = stored_events()


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: f"{e.case_id}#{e.seq}")
def test_every_stored_event_round_trips_through_its_typed_payload(event: CaseEvent) -> None:
    payload = event.payload
    assert payload.KIND is event.kind
    assert canonical_json(payload.to_data()) == event.data_json
    again = CaseEvent.create(
        case_id=event.case_id, seq=event.seq, at=event.occurred_at, actor=event.actor,
        payload=payload, prev_hash=event.prev_hash, idempotency_key=event.idempotency_key,
    )  # fmt: skip
    assert (again.at, again.data_json, again.hash) == (event.at, event.data_json, event.hash)
    assert event.expected_hash() == event.hash


def test_the_fixture_holds_every_kind_and_every_optional_shape() -> None:
    payloads = [e.payload for e in EVENTS]
    opened = [p for p in payloads if isinstance(p, CaseOpened)]
    advanced = [p for p in payloads if isinstance(p, CaseAdvanced)]
    changed = [p for p in payloads if isinstance(p, AttributesChanged)]
    assert {p.route_source for p in opened} == {"plan", "given"}
    assert any(p.deadline and p.reference for p in opened)
    minutes = [p.minutes for p in advanced if p.minutes is not None]
    assert {m.outcome for m in minutes} >= {"recommended", "postponed"}
    assert any(m.to_body == "tmu" for m in minutes)
    assert any(m.votes and m.meeting and m.text for m in minutes)
    assert any(m.source == "oparl" and m.consultation for m in minutes)
    assert {p.kind.value for p in advanced} >= {"forward", "postpone"}
    assert any(p.route is not None and p.decision is not None for p in changed)
    assert any(p.route is None and p.decision is not None for p in changed)
    assert any(p.decision is not None and p.decision.route_kept for p in changed)
    assert any(p.decision is None for p in changed)
    assert any(isinstance(p, RouteChanged) for p in payloads)
    reasons = {p.reason for p in payloads if isinstance(p, CasePlanned)}
    assert None in reasons and "udsaet" in reasons
    assert any(e.idempotency_key for e in EVENTS)


def test_old_decision_records_read_without_the_newer_keys() -> None:
    opened = next(e for e in EVENTS if e.case_id == "2026-0001" and e.seq == 1)
    decision = recorded_decision([opened])
    assert decision is not None
    assert decision.rule == "R19" and decision.decider == "bpu"
    assert decision.note_en is None and all(t.failed_at is None for t in decision.trace)


def test_each_case_replays_and_the_audit_of_the_old_database_is_clean(
    tmp_path: Path, config: Configuration
) -> None:
    shutil.copy(FIXTURE, tmp_path / "casework.db")
    settings = Settings(data_dir=tmp_path, config_dir=ROOT / "config")
    engine = make_engine(settings.url)
    try:  # as `casework init` would: later migrations add tables, never touch the events
        upgrade(engine)
    finally:
        engine.dispose()
    app = open_app(settings, config=config)
    try:
        report = app.verify_audit()
        assert report.ok, report.findings
        assert (report.cases, report.events) == (len({e.case_id for e in EVENTS}), len(EVENTS))
        for case_id in {e.case_id for e in EVENTS}:
            case, events = app.case(case_id)
            assert replay(events).state() == case.state()
    finally:
        app.close()
    assert json.loads(EVENTS[0].data_json) == EVENTS[0].data


def test_a_decision_recorded_by_the_old_code_explains_as_deciding_again_did(
    config: Configuration,
) -> None:
    from casework.domain.delegation import bound_plan, decide_with
    from casework.domain.delegation_explain import explain
    from casework.domain.delegation_recorded import explain_recorded, recorded_plan

    opened = next(e.payload for e in EVENTS if e.case_id == "2026-0004" and e.seq == 1)
    assert isinstance(opened, CaseOpened) and opened.decision is not None
    plan = recorded_plan(opened.decision, config.delegation)
    assert plan is not None
    municipality = config.municipality
    again = decide_with(plan, opened.attributes, municipality)  # what views did until now
    for lang in ("da", "en"):
        expected = explain(again, bound_plan(plan, municipality), lang)
        recorded = explain_recorded(opened.decision, plan, municipality, lang)
        # The example plan gained rules R40-R42 after the fixture was recorded (issue 15): the
        # record keeps its own count of the rules about other matters; every other line agrees.
        assert _without_count(recorded) == _without_count(expected)
        assert _count(recorded) == _count(expected) - 3


def _count_line(line: str) -> bool:
    return line.lstrip().startswith("…")


def _without_count(lines: list[str]) -> list[str]:
    return [line for line in lines if not _count_line(line)]


def _count(lines: list[str]) -> int:
    (line,) = [line for line in lines if _count_line(line)]
    return int(next(word for word in line.split() if word.isdigit()))


def test_an_old_referral_reads_as_a_referral(tmp_path: Path, config: Configuration) -> None:
    """Before "referred" was an outcome of its own, ``case decide oversendt`` stored
    "recommended" with ``to_body``: statistics and the history read it as the referral it was,
    and its stored form stays as it was."""
    from casework.domain.stats import compute, outcome_of

    referral = next(
        e for e in EVENTS
        if isinstance(e.payload, CaseAdvanced) and e.payload.minutes is not None
        and e.payload.minutes.to_body is not None
    )  # fmt: skip
    assert json.loads(referral.data_json)["minutes"]["outcome"] == "recommended"
    assert outcome_of(referral) == "referred"
    shutil.copy(FIXTURE, tmp_path / "casework.db")
    settings = Settings(data_dir=tmp_path, config_dir=ROOT / "config")
    engine = make_engine(settings.url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    app = open_app(settings, config=config)
    try:
        case, events = app.case(referral.case_id)
        assert compute([(case, events)]).total["referral_rate"] == 1.0
        text = app.case_view(referral.case_id, "da").history[referral.seq - 1].text
        assert text.startswith("Oversendt til Teknik- og Miljøudvalget: ")
    finally:
        app.close()
