"""The meeting store's contract, on the in-memory double, SQLite and PostgreSQL alike: rows that
equal the replay of their events, optimistic concurrency, rollback, append-only events, and the
plain-sqlite3 reader answering as the store does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.sqlite_reader import SqliteReadUnitOfWork
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.domain.agenda import Candidate, CaseContent
from casework.domain.meeting_errors import MeetingChanged
from casework.domain.meeting_record import AgendaHeader, MeetingRecord, replay_meeting
from casework.services.ports import UnitOfWork
from casework.services.ports.meetings import MeetingRepository
from casework.testing import InMemoryUnitOfWork

DAY = dt.date(2026, 3, 9)
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HEADER = AgendaHeader("Teknik- og Miljøudvalget", dt.time(16, 0), dt.date(2026, 3, 3))


def candidate(case_id: str, resume: str = "Resumé") -> Candidate:
    content = CaseContent(case_id, f"REF-{case_id}", f"Sag {case_id}", "beslutning", resume=resume)
    return Candidate(content=content, entered=DAY)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def uow_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], UnitOfWork]]:
    """Units of work on the in-memory double and on a fresh database of each backend."""
    if request.param == "memory":
        memory = InMemoryUnitOfWork()
        yield lambda: memory
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'casework.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        with psycopg.connect(_libpq(url), autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    engine = make_engine(url)
    upgrade(engine)
    yield lambda: SqlUnitOfWork(engine)
    engine.dispose()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def meetings(uow: UnitOfWork) -> MeetingRepository:
    repository: MeetingRepository = uow.meetings  # type: ignore[attr-defined]
    return repository


def sent(uow_factory: Callable[[], UnitOfWork]) -> MeetingRecord:
    record = MeetingRecord("tmu", DAY)
    record.book(candidate("2026-0001"), at=AT, actor="sofie")
    with uow_factory() as uow:
        meetings(uow).save(record, 0)
        uow.commit()
    record.book(candidate("2026-0002"), at=AT, actor="sofie")
    contents = {c: candidate(c) for c in ("2026-0001", "2026-0002")}
    record.send(contents, HEADER, today=AT.date(), at=AT, actor="sofie")
    with uow_factory() as uow:
        meetings(uow).save(record, 1)
        uow.commit()
    return record


def test_the_stored_row_equals_the_replay_of_the_stored_events(
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    record = sent(uow_factory)
    with uow_factory() as uow:
        stored = meetings(uow).find("tmu", DAY)
        events = meetings(uow).events("tmu", DAY)
        assert stored is not None
        assert [e.seq for e in events] == [1, 2, 3, 4]
        assert stored.state_dict() == record.state_dict() == replay_meeting(events).state_dict()
        assert list(meetings(uow).ids()) == [("tmu", DAY)]
        assert [m.key for m in meetings(uow).list("tmu")] == ["tmu/2026-03-09"]
        assert meetings(uow).list("kb") == []
        assert meetings(uow).find("tmu", DAY + dt.timedelta(days=1)) is None
        assert stored.frozen_agenda() == record.frozen_agenda()


def test_a_stale_version_is_refused_and_nothing_is_written(
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    record = sent(uow_factory)
    with uow_factory() as uow:
        first = meetings(uow).find("tmu", DAY)
        assert first is not None
    first.hold(today=DAY, at=AT, actor="sofie")
    with uow_factory() as uow:
        meetings(uow).save(first, 4)
        uow.commit()
    record.cancel(reason="for sent", at=AT, actor="nanna")  # from the version-4 copy
    with uow_factory() as uow, pytest.raises(MeetingChanged) as raised:
        meetings(uow).save(record, 4)
    assert raised.value.code == "CW819"
    again = MeetingRecord("tmu", DAY)
    again.book(candidate("2026-0003"), at=AT, actor="sofie")
    with uow_factory() as uow, pytest.raises(MeetingChanged):
        meetings(uow).save(again, 0)  # a second "first" write of the same meeting
    with uow_factory() as uow:
        stored = meetings(uow).find("tmu", DAY)
        assert stored is not None and stored.state.value == "held"
        assert len(meetings(uow).events("tmu", DAY)) == 5


def test_nothing_is_written_without_commit(uow_factory: Callable[[], UnitOfWork]) -> None:
    record = MeetingRecord("kb", DAY)
    record.book(candidate("2026-0001"), at=AT, actor="sofie")
    with uow_factory() as uow:
        meetings(uow).save(record, 0)
    with uow_factory() as uow:
        assert meetings(uow).find("kb", DAY) is None
        assert meetings(uow).events("kb", DAY) == []


def test_meeting_events_are_append_only(engine: Engine) -> None:
    sent(lambda: SqlUnitOfWork(engine))
    for statement in (
        "UPDATE meeting_events SET actor = 'x' WHERE seq = 1",
        "DELETE FROM meeting_events WHERE seq = 4",
    ):
        with engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))


def test_the_sqlite_reader_reads_what_the_store_wrote(tmp_path: Path) -> None:
    path = tmp_path / "casework.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    try:
        sent(lambda: SqlUnitOfWork(engine))
        with SqlUnitOfWork(engine, read_only=True) as store, SqliteReadUnitOfWork(path) as plain:
            for name in ("find", "events"):
                mine = getattr(meetings(plain), name)("tmu", DAY)
                assert mine == getattr(meetings(store), name)("tmu", DAY), name
            assert list(meetings(plain).ids()) == list(meetings(store).ids())
            assert meetings(plain).list() == meetings(store).list()
            record = meetings(plain).find("tmu", DAY)
            assert record is not None
            with pytest.raises(RuntimeError):
                meetings(plain).save(record, record.version)
    finally:
        engine.dispose()
