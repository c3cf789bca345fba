"""The task committees' events on both backends (issue 20): appended in the unit of work's
transaction, read back through SQLAlchemy and the sqlite3 reader, append-only, a taken sequence
number refused (CW909), and the recommendation case and the committee's note of it committed
together or not at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.task_committees_sqlite import SqliteCommitteeReader
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.configuration import Configuration
from casework.domain.task_committee import (
    GENESIS,
    CommitteeChanged,
    CommitteeEvent,
    CommitteeEventKind,
    chain_problems,
)
from casework.services.ports import CaseQuery
from casework.testing import FixedClock


def _event(seq: int, prev: str = GENESIS) -> CommitteeEvent:
    return CommitteeEvent.make(
        "obu", seq, CommitteeEventKind.IDEA_ADDED, at="2026-03-02T09:00:00.000000Z",
        actor="jonas", data={"number": seq, "title": "Idé", "description": "", "hours": 5},
        prev_hash=prev,
    )  # fmt: skip


def test_events_are_kept_in_order_and_read_back(engine: Engine) -> None:
    first = _event(1)
    with SqlUnitOfWork(engine) as uow:
        uow.task_committees.append(first)
        uow.task_committees.append(_event(2, first.hash))
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        events = uow.task_committees.events("obu")
    assert [e.seq for e in events] == [1, 2] and chain_problems(events) == []
    assert events[0] == first
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(Path(str(engine.url.database))) as plain:
            assert SqliteCommitteeReader(plain).events("obu") == events


def test_a_taken_sequence_number_is_refused_and_nothing_written(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.task_committees.append(_event(1))
        uow.commit()
    with SqlUnitOfWork(engine) as uow, pytest.raises(CommitteeChanged):
        uow.task_committees.append(_event(1))
    with SqlUnitOfWork(engine) as uow:
        assert len(uow.task_committees.events("obu")) == 1


def test_a_rolled_back_append_leaves_nothing(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.task_committees.append(_event(1))
        uow.rollback()
    with SqlUnitOfWork(engine) as uow:
        assert uow.task_committees.events("obu") == []


def test_events_are_append_only(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.task_committees.append(_event(1))
        uow.commit()
    for statement in ("UPDATE task_committee_events SET actor = 'x'",
                      "DELETE FROM task_committee_events"):  # fmt: skip
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))


def _app(engine: Engine, config: Configuration, clock: FixedClock) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)


def test_a_sprint_to_its_recommendation_through_the_app(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    app = _app(engine, config, clock)
    tc = app.task_committees
    tc.add_idea("obu", title="Fælles ladestandere", hours=20, actor="jonas")
    tc.start_sprint("obu", goal="Ladestandere til alle", ideas=[1], actor="jonas")
    tc.close_sprint("obu", done=[1], results="Et forslag", met=[True, True, True], actor="jonas")
    made = tc.recommend("obu", sprint=1, actor="jonas")
    assert [(e.body, e.role.value) for e in made.case.route] == [("tmu", "beslutter")]
    fresh = _app(engine, config, clock)  # nothing cached: read from the database
    assert fresh.task_committees.state("obu").sprint(1).recommendation == made.case.id  # type: ignore[union-attr]
    assert fresh.verify_audit().ok
    with SqlUnitOfWork(engine) as uow:
        assert chain_problems(uow.task_committees.events("obu")) == []


def test_a_recommendation_whose_note_fails_opens_no_case(
    engine: Engine, config: Configuration, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(engine, config, clock)
    tc = app.task_committees
    tc.add_idea("obu", title="Fælles ladestandere", hours=20, actor="jonas")
    tc.start_sprint("obu", goal="Ladestandere", ideas=[1], actor="jonas")
    tc.close_sprint("obu", done=[1], results="Et forslag", met=[True, True, True], actor="jonas")

    def taken(*_args: object, **_kwargs: object) -> None:
        raise CommitteeChanged()  # another writer took the sequence number meanwhile

    monkeypatch.setattr("casework.services.task_committees._append", taken)
    with pytest.raises(CommitteeChanged):
        tc.recommend("obu", sprint=1, actor="jonas")
    assert app.cases(CaseQuery()) == []
    assert tc.state("obu").sprint(1).recommendation is None  # type: ignore[union-attr]


def _tamper(engine: Engine, statement: str) -> None:
    """What an attacker with database access does: drop the append-only triggers, then edit."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DROP TRIGGER task_committee_events_no_update"))
            connection.execute(text("DROP TRIGGER task_committee_events_no_delete"))
            connection.execute(text(statement))
        return
    with engine.begin() as connection:
        connection.execute(
            text("DROP TRIGGER task_committee_events_append_only ON task_committee_events")
        )
        connection.execute(text(statement))


@pytest.mark.parametrize(
    ("statement", "codes"),
    [
        ("UPDATE task_committee_events SET actor = 'sofie' WHERE seq = 2", {"CW401"}),
        ("DELETE FROM task_committee_events WHERE seq = 2", {"CW402", "CW403"}),
    ],
)
def test_audit_verify_finds_an_edited_or_deleted_committee_event(
    engine: Engine, config: Configuration, clock: FixedClock, statement: str, codes: set[str]
) -> None:
    app = _app(engine, config, clock)
    for title in ("Ladestandere", "Grønne tage", "Klimaborgerting"):
        app.task_committees.add_idea("obu", title=title, hours=10, actor="jonas")
    clean = app.verify_audit()
    assert clean.ok and clean.events == 3
    _tamper(engine, statement)
    report = _app(engine, config, clock).verify_audit()
    assert {f.code for f in report.findings} == codes
    assert all("obu" in f.message("da") for f in report.findings)


def test_concurrent_writers_never_break_the_chain(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    """Two facilitators' windows adding ideas at once: each write either lands on the chain or is
    refused whole (CW909, run it again); the chain never forks."""
    import threading

    done: list[int] = []
    refused: list[str] = []

    def writer(name: str) -> None:
        app = _app(engine, config, clock)
        for n in range(8):
            try:
                app.task_committees.add_idea("obu", title=f"{name} {n}", hours=5, actor="jonas")
                done.append(n)
            except CommitteeChanged as exc:
                refused.append(exc.code)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with SqlUnitOfWork(engine) as uow:
        events = uow.task_committees.events("obu")
    assert chain_problems(events) == []
    assert len(events) == len(done) and len(done) + len(refused) == 16
    assert set(refused) <= {"CW909"}
