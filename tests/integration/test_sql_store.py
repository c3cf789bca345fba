"""The SQL store on SQLite and PostgreSQL: round trips, optimistic concurrency, transactions,
counters, listings and the readiness check.

Cases are built from hand-made events and :func:`replay`, so every stored row can be compared
with the fold of its stored events, the invariant the audit relies on.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import IntegrityError

from casework.adapters.sql import repository, schema
from casework.adapters.sql.engine import BUSY_TIMEOUT_MS, default_sqlite_url, make_engine
from casework.adapters.sql.repository import SqlCaseRepository, bulk_load
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.domain.case import Case, replay
from casework.domain.errors import (
    ConcurrentUpdate,
    DatabaseNotInitialised,
    IdempotencyConflict,
    NotFound,
    SchemaOutOfDate,
    StorageError,
)
from casework.domain.events import GENESIS, CaseEvent, EventKind
from casework.domain.workflow import CaseStatus, RouteEntry, RouteRole
from casework.services.ports import CaseQuery, UnitOfWork

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ROUTE = (RouteEntry("tmu", RouteRole.RECOMMENDS), RouteEntry("kb", RouteRole.DECIDES))


def open_case(
    case_id: str,
    *,
    at: dt.datetime = T0,
    step: str = "forberedelse",
    owner: str = "mette",
    centre: str = "teknik",
    workflow: str = "beslutningssag",
    step_due: str | None = None,
    deadline: str | None = None,
    key: str | None = None,
) -> Case:
    """A new case with its pending ``case.opened`` event."""
    data = {
        "title": f"Sag {case_id}: Ny cykelsti på Søndergade",
        "workflow": workflow,
        "workflow_version": 3,
        "case_type": "beslutning",
        "owner": owner,
        "centre": centre,
        "route": [e.as_json() for e in ROUTE],
        "attributes": {"beloeb": "1250000", "politikomraade": "veje", "haster": False},
        "step": step,
        "step_due": step_due,
        "deadline": deadline,
        "reference": None,
        "closes": False,
    }
    event = CaseEvent.create(
        case_id=case_id, seq=1, kind=EventKind.OPENED, at=at, actor="mette", data=data,
        prev_hash=GENESIS, idempotency_key=key,
    )  # fmt: skip
    case = replay([event])
    case.pending.append(event)
    return case


def advance(
    case: Case,
    to: str,
    *,
    at: dt.datetime | None = None,
    step_due: str | None = None,
    closes: bool = False,
    key: str | None = None,
) -> CaseEvent:
    """Move ``case`` to step ``to`` as the domain would, appending the event to ``pending``."""
    data = {
        "action": "godkend", "role": "centerchef", "from": case.step, "to": to,
        "kind": "forward", "comment": None, "step_due": step_due, "closes": closes,
    }  # fmt: skip
    event = CaseEvent.create(
        case_id=case.id, seq=case.version + 1, kind=EventKind.ADVANCED,
        at=at or T0 + dt.timedelta(hours=case.version), actor="henrik", data=data,
        prev_hash=case.head_hash, idempotency_key=key,
    )  # fmt: skip
    case.apply(event)
    case.pending.append(event)
    return event


def store(engine: Engine, *cases: Case) -> None:
    with SqlUnitOfWork(engine) as uow:
        for case in cases:
            uow.cases.add(case)
        uow.commit()


def stored(engine: Engine, case_id: str) -> tuple[Case | None, list[CaseEvent]]:
    with SqlUnitOfWork(engine) as uow:
        return uow.cases.find(case_id), uow.cases.events(case_id)


def version_of(engine: Engine, case_id: str) -> int | None:
    case = stored(engine, case_id)[0]
    return None if case is None else case.version


# ----------------------------------------------------------------------------- round trips
def test_case_and_events_come_back_exactly_as_written(engine: Engine) -> None:
    case = open_case("2026-0001", step_due="2026-03-16", deadline="2026-04-01", key="open-1")
    advance(case, "behandling@tmu", step_due="2026-03-20")
    advance(case, "behandling@kb")
    written = list(case.pending)
    store(engine, case)
    assert case.pending == []

    loaded, events = stored(engine, "2026-0001")
    assert loaded == case
    assert loaded.route == ROUTE
    assert loaded.attributes == {"beloeb": "1250000", "politikomraade": "veje", "haster": False}
    assert loaded.status is CaseStatus.OPEN
    assert events == written
    assert [e.data_json for e in events] == [e.data_json for e in written]
    assert all(e.hash == e.expected_hash() for e in events)
    assert replay(events) == loaded


def test_a_transition_saves_the_new_state_and_appends_its_event(engine: Engine) -> None:
    store(engine, open_case("2026-0002"))
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0002")
        advance(case, "afsluttet", closes=True, key="req-7")
        uow.cases.save(case, expected_version=1)
        uow.commit()

    loaded, events = stored(engine, "2026-0002")
    assert loaded is not None
    assert (loaded.step, loaded.status, loaded.version) == ("afsluttet", CaseStatus.CLOSED, 2)
    assert [e.seq for e in events] == [1, 2]
    assert replay(events) == loaded
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.event_by_key("req-7") == events[1]
        assert uow.cases.event_by_key("no-such-key") is None


def test_unknown_case_is_none_for_find_and_not_found_for_get(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.find("2026-9999") is None
        assert uow.cases.events("2026-9999") == []
        with pytest.raises(NotFound, match="2026-9999"):
            uow.cases.get("2026-9999")
        with pytest.raises(NotFound):
            uow.cases.save(open_case("2026-9999"), expected_version=0)


def test_the_unit_of_work_satisfies_the_port(engine: Engine) -> None:
    uow: UnitOfWork = SqlUnitOfWork(engine)  # mypy checks the protocol here
    with uow:
        assert uow.cases.find("x") is None


# ---------------------------------------------------------------- optimistic concurrency
def test_saving_a_stale_case_raises_and_writes_nothing(engine: Engine) -> None:
    store(engine, open_case("2026-0003"))
    with SqlUnitOfWork(engine) as uow:  # clerk A reads the case ...
        stale = uow.cases.get("2026-0003")
    with SqlUnitOfWork(engine) as uow:  # ... clerk B advances it meanwhile ...
        fresh = uow.cases.get("2026-0003")
        advance(fresh, "behandling@tmu")
        uow.cases.save(fresh, expected_version=1)
        uow.commit()
    advance(stale, "afvist", closes=True)  # ... and A's save must not overwrite B's change
    with SqlUnitOfWork(engine) as uow:
        with pytest.raises(ConcurrentUpdate) as raised:
            uow.cases.save(stale, expected_version=1)
        assert raised.value.params == {"case_id": "2026-0003", "expected": 1, "actual": 2}
        assert len(stale.pending) == 1  # kept, so the caller can see what was refused
        uow.commit()

    loaded, events = stored(engine, "2026-0003")
    assert loaded == fresh
    assert [e.kind for e in events] == [EventKind.OPENED, EventKind.ADVANCED]
    assert events[1].data["to"] == "behandling@tmu"


# --------------------------------------------------------------------------- transactions
def test_nothing_is_written_without_commit(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.cases.add(open_case("2026-0004"))
        assert uow.cases.find("2026-0004") is not None  # visible inside the transaction
    assert stored(engine, "2026-0004") == (None, [])


def test_an_exception_rolls_the_whole_unit_of_work_back(engine: Engine) -> None:
    store(engine, open_case("2026-0005"))

    def advance_then_fail() -> None:
        with SqlUnitOfWork(engine) as uow:
            case = uow.cases.get("2026-0005")
            advance(case, "behandling@tmu")
            uow.cases.save(case, expected_version=1)
            uow.cases.add(open_case("2026-0006"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        advance_then_fail()
    assert version_of(engine, "2026-0005") == 1
    assert len(stored(engine, "2026-0005")[1]) == 1
    assert stored(engine, "2026-0006") == (None, [])


def test_rollback_discards_and_work_after_commit_needs_its_own_commit(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.cases.add(open_case("2026-0007"))
        uow.rollback()
        uow.cases.add(open_case("2026-0008"))
        uow.commit()
        # A statement after commit starts a new transaction, which leaving the block discards.
        case = uow.cases.get("2026-0008")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.cases.add(open_case("2026-0009"))
    assert stored(engine, "2026-0007") == (None, [])
    assert version_of(engine, "2026-0008") == 1
    assert stored(engine, "2026-0009") == (None, [])


def test_a_unit_of_work_can_be_entered_again_but_not_nested(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    for number in (10, 11):
        with uow:
            uow.cases.add(open_case(f"2026-{number:04d}"))
            uow.commit()
    with uow, pytest.raises(RuntimeError, match="already in use"), uow:
        pass
    with pytest.raises(RuntimeError, match="inside a 'with' block"):
        uow.commit()
    assert stored(engine, "2026-0011")[0] is not None


# ------------------------------------------------------------------------- idempotency
def test_the_database_refuses_a_second_event_with_the_same_key(engine: Engine) -> None:
    store(engine, open_case("2026-0012", key="portal-4711"))
    with SqlUnitOfWork(engine) as uow:
        with pytest.raises(IdempotencyConflict) as raised:
            uow.cases.add(open_case("2026-0013", key="portal-4711"))
        assert raised.value.params == {
            "key": "portal-4711",
            "other": "2026-0012 #1 case.opened",
        }
    assert stored(engine, "2026-0013") == (None, [])
    # The constraint itself, without the repository in between:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO case_events (case_id, seq, kind, at, actor, data_json, "
                "idempotency_key, prev_hash, hash) VALUES ('2026-0012', 2, 'case.advanced', "
                "'x', 'x', '{}', 'portal-4711', 'x', 'x')"
            )
        )


def test_a_refused_event_fails_the_whole_unit_of_work(engine: Engine) -> None:
    # The case row of add() (or the UPDATE of save()) has gone in when the event is refused;
    # SQLite would keep it and PostgreSQL would refuse to go on, so neither may commit anything.
    store(engine, open_case("2026-0020", key="portal-1"), open_case("2026-0021"))
    with SqlUnitOfWork(engine) as uow:
        uow.cases.add(open_case("2026-0022"))
        case = uow.cases.get("2026-0021")
        advance(case, "behandling@tmu", key="portal-1")
        with pytest.raises(IdempotencyConflict):
            uow.cases.save(case, expected_version=1)
        uow.cases.add(open_case("2026-0023"))  # a new transaction, refused at commit
        with pytest.raises(StorageError, match="nothing was written"):
            uow.commit()
    assert version_of(engine, "2026-0021") == 1
    assert len(stored(engine, "2026-0021")[1]) == 1
    for case_id in ("2026-0022", "2026-0023"):
        assert stored(engine, case_id) == (None, [])


def test_after_rollback_a_failed_unit_of_work_can_start_again(engine: Engine) -> None:
    store(engine, open_case("2026-0024", key="portal-2"))
    with SqlUnitOfWork(engine) as uow:
        with pytest.raises(IdempotencyConflict):
            uow.cases.add(open_case("2026-0025", key="portal-2"))
        uow.rollback()
        uow.cases.add(open_case("2026-0025"))
        uow.commit()
    assert version_of(engine, "2026-0025") == 1


def test_events_without_a_key_never_collide(engine: Engine) -> None:
    store(engine, open_case("2026-0014"), open_case("2026-0015"))
    assert len(stored(engine, "2026-0015")[1]) == 1


# ------------------------------------------------------------------------------ numbers
def test_case_numbers_count_per_year_and_roll_back_with_the_unit_of_work(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        assert [uow.cases.next_number(2026) for _ in range(3)] == [1, 2, 3]
        assert uow.cases.next_number(2027) == 1
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.next_number(2026) == 4  # not committed: handed out again below
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.next_number(2026) == 4
        assert uow.cases.next_number(2027) == 2
        uow.commit()


def test_concurrent_writers_never_draw_the_same_number(engine: Engine) -> None:
    drawn: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(15):
                with SqlUnitOfWork(engine) as uow:
                    number = uow.cases.next_number(2026)
                    uow.commit()
                drawn.append(number)
        except BaseException as exc:  # reported below; a thread would swallow it
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(drawn) == list(range(1, 61))


# ----------------------------------------------------------------------------- listings
@pytest.fixture
def listed(engine: Engine) -> Engine:
    """Six cases with distinct owners, centres, workflows, steps and update times."""
    cases = [
        open_case("2026-0101", at=T0, step="behandling", owner="mette"),
        open_case("2026-0102", at=T0 + dt.timedelta(minutes=1), step="behandling@kb"),
        open_case("2026-0103", at=T0 + dt.timedelta(minutes=2), step="behandlingx@kb"),
        open_case("2026-0104", at=T0 + dt.timedelta(minutes=3), step="behandling_x", owner="lone"),
        open_case("2026-0105", at=T0 + dt.timedelta(minutes=4), centre="social"),
        open_case(
            "2026-0106", at=T0 + dt.timedelta(minutes=5), workflow="orienteringssag", owner="lone"
        ),
    ]
    advance(cases[0], "afsluttet", at=T0 + dt.timedelta(hours=1), closes=True)
    store(engine, *cases)
    return engine


def _ids(engine: Engine, **filters: Any) -> list[str]:
    with SqlUnitOfWork(engine, read_only=True) as uow:
        return [c.id for c in uow.cases.list(CaseQuery(**filters))]


def test_list_shows_open_cases_most_recently_changed_first(listed: Engine) -> None:
    assert _ids(listed) == ["2026-0106", "2026-0105", "2026-0104", "2026-0103", "2026-0102"]
    assert _ids(listed, status=None)[0] == "2026-0101"  # closed last, but changed latest
    assert _ids(listed, status=CaseStatus.CLOSED) == ["2026-0101"]
    assert _ids(listed, limit=2, offset=1) == ["2026-0105", "2026-0104"]


def test_list_of_every_status_pages_through_both_in_one_order(engine: Engine) -> None:
    # Closed and open cases interleaved in time, two with the same instant (ordered by id).
    cases = [
        open_case(f"2026-07{n:02d}", at=T0 + dt.timedelta(minutes=n // 2 * 2)) for n in range(12)
    ]
    for n in (1, 4, 5, 9):
        advance(cases[n], "afsluttet", at=T0 + dt.timedelta(minutes=n // 2 * 2), closes=True)
    store(engine, *cases)
    expected = [c.id for c in sorted(cases, key=lambda c: (c.updated_at, c.id), reverse=True)]
    assert _ids(engine, status=None, limit=100) == expected
    pages = [_ids(engine, status=None, limit=5, offset=o) for o in (0, 5, 10, 15)]
    assert [i for page in pages for i in page] == expected
    assert pages[-1] == []
    assert _ids(engine, status=None, limit=3, offset=4) == expected[4:7]


def test_list_filters_combine(listed: Engine) -> None:
    assert _ids(listed, owner="lone") == ["2026-0106", "2026-0104"]
    assert _ids(listed, centre="social") == ["2026-0105"]
    assert _ids(listed, workflow="orienteringssag") == ["2026-0106"]
    assert _ids(listed, owner="lone", workflow="beslutningssag") == ["2026-0104"]
    assert _ids(listed, owner="nobody") == []


def test_list_by_step_matches_the_template_and_its_bodies_only(listed: Engine) -> None:
    assert _ids(listed, step="behandling", status=None) == ["2026-0102"]
    assert _ids(listed, step="behandling_x") == ["2026-0104"]
    assert _ids(listed, step="behandlingx") == ["2026-0103"]
    assert _ids(listed, step="behandlin") == []


def test_urgent_orders_by_nearest_due_then_undated_by_age(engine: Engine) -> None:
    cases = [
        open_case("2026-0201", at=T0, step_due="2026-04-01"),
        open_case("2026-0202", at=T0, step_due="2026-05-01", deadline="2026-03-20"),  # due 03-20
        open_case("2026-0203", at=T0 + dt.timedelta(days=2)),  # undated, newer
        open_case("2026-0204", at=T0 + dt.timedelta(days=1)),  # undated, older
        open_case("2026-0205", at=T0, deadline="2026-03-25"),
        open_case("2026-0206", at=T0, step_due="2026-03-01"),  # closed below: never urgent
    ]
    advance(cases[-1], "afsluttet", closes=True)
    store(engine, *cases)
    with SqlUnitOfWork(engine, read_only=True) as uow:
        urgent = uow.cases.urgent(10)
        assert [c.id for c in urgent] == [
            "2026-0202", "2026-0205", "2026-0201", "2026-0204", "2026-0203",
        ]  # fmt: skip
        assert [c.due for c in urgent[:3]] == ["2026-03-20", "2026-03-25", "2026-04-01"]
        assert [c.id for c in uow.cases.urgent(2)] == ["2026-0202", "2026-0205"]
        assert [c.id for c in uow.cases.urgent(4)][-1] == "2026-0204"


def _plans(engine: Engine, read: Callable[[SqlCaseRepository], object]) -> list[str]:
    """SQLite's query plan of every SELECT that ``read`` sends, one text per query."""
    statements: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        statements.append((args[2], args[3]))  # statement, parameters

    event.listen(engine, "before_cursor_execute", record)
    try:
        with SqlUnitOfWork(engine, read_only=True) as uow:
            read(uow.cases)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    queries = [(sql, params) for sql, params in statements if sql.startswith("SELECT")]
    with engine.connect() as connection:
        return [
            " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for sql, params in queries
        ]


def test_urgent_reads_the_index_instead_of_sorting_the_table(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans depend on table statistics; checked at 1M rows by hand")
    plans = _plans(engine, lambda cases: cases.urgent(50))
    assert len(plans) == 2  # with due date, then without
    for plan in plans:
        assert "USING INDEX ix_cases_status_due" in plan
        assert "TEMP B-TREE" not in plan


def test_list_of_every_status_reads_the_index_instead_of_sorting_the_table(
    engine: Engine,
) -> None:
    # The web app's open-case snapshot reads its changes this way on every refresh.
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans depend on table statistics; checked at 1M rows by hand")
    plans = _plans(engine, lambda cases: cases.list(CaseQuery(status=None, limit=100)))
    assert len(plans) == len(CaseStatus)  # one range scan per status
    for plan in plans:
        assert "USING INDEX ix_cases_status_updated_at" in plan
        assert "TEMP B-TREE" not in plan


def test_ids_include_every_case_across_chunks(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "_ID_CHUNK", 2)
    store(engine, *(open_case(f"2026-{n:04d}") for n in range(300, 305)))
    with SqlUnitOfWork(engine, read_only=True) as uow:
        assert list(uow.cases.ids()) == [f"2026-{n:04d}" for n in range(300, 305)]


def test_ids_report_events_whose_case_row_is_missing(tmp_path: Path) -> None:
    # Only reachable by tampering with the foreign key off, which SQLite allows per connection.
    engine = make_engine(f"sqlite:///{tmp_path / 'tampered.db'}")
    try:
        schema.upgrade(engine)
        store(engine, open_case("2026-0401"), open_case("2026-0402"))
        with sqlite3.connect(tmp_path / "tampered.db") as raw:
            raw.execute("DELETE FROM cases WHERE id = '2026-0401'")
        with SqlUnitOfWork(engine, read_only=True) as uow:
            assert list(uow.cases.ids()) == ["2026-0402", "2026-0401"]
    finally:
        engine.dispose()


def test_events_come_in_sequence_order(engine: Engine) -> None:
    case = open_case("2026-0501")
    store(engine, case)
    for step in ("a", "b", "c"):  # one event per save, then three in one save
        with SqlUnitOfWork(engine) as uow:
            loaded = uow.cases.get(case.id)
            advance(loaded, step)
            uow.cases.save(loaded, loaded.version - 1)
            uow.commit()
    with SqlUnitOfWork(engine) as uow:
        loaded = uow.cases.get(case.id)
        for step in ("d", "e", "f"):
            advance(loaded, step)
        uow.cases.save(loaded, 4)
        uow.commit()
    events = stored(engine, case.id)[1]
    assert [e.seq for e in events] == list(range(1, 8))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]


def test_bulk_load_writes_cases_and_events_in_one_go(engine: Engine) -> None:
    def cases() -> Iterator[tuple[Case, list[CaseEvent]]]:
        for n in range(7):
            case = open_case(f"2026-{600 + n:04d}")
            advance(case, "behandling@tmu")
            yield case, case.pending

    assert bulk_load(engine, cases(), chunk_size=3) == 7
    loaded, events = stored(engine, "2026-0606")
    assert loaded is not None
    assert replay(events) == loaded
    assert loaded.version == 2


# ------------------------------------------------------------------- schema and engine
def test_an_empty_database_is_reported_as_not_initialised(empty_engine: Engine) -> None:
    with pytest.raises(DatabaseNotInitialised, match="casework init"):
        schema.ensure_ready(empty_engine)
    assert schema.current_revision(empty_engine) is None
    schema.upgrade(empty_engine)
    schema.ensure_ready(empty_engine)
    assert schema.current_revision(empty_engine) == schema.HEAD


def test_an_older_or_unknown_revision_is_reported(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "REVISIONS", ("0000", *schema.REVISIONS))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(SchemaOutOfDate, match="0000"):
        schema.ensure_ready(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError, match="9999"):
        schema.ensure_ready(engine)


_PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
_PRAGMAS += ("page_size", "wal_autocheckpoint")


def test_sqlite_engine_creates_its_directory_and_sets_its_pragmas(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path / "new" / "data")
    engine = make_engine(url)
    try:
        assert (tmp_path / "new" / "data").is_dir()
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in _PRAGMAS
            }
        assert pragma == {
            "journal_mode": "wal",
            "synchronous": 1,  # NORMAL
            "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_MS,
            "page_size": 2048,
            "wal_autocheckpoint": 10_000,
        }
    finally:
        engine.dispose()


def test_an_existing_sqlite_database_keeps_its_page_size(tmp_path: Path) -> None:
    # Made by an earlier casework with SQLite's default pages, in WAL mode, with a case in it.
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA page_size=4096")
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE kept (n INTEGER)")
    engine = make_engine(f"sqlite:///{path}")
    try:
        schema.upgrade(engine)
        store(engine, open_case("2026-0901"))
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 4096
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert stored(engine, "2026-0901")[0] is not None
    finally:
        engine.dispose()


def test_a_write_transaction_takes_the_sqlite_write_lock_at_once(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's")
    database = engine.url.database
    assert database is not None
    with SqlUnitOfWork(engine):
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.execute("SELECT count(*) FROM cases")  # readers are not blocked (WAL)
        finally:
            other.close()
    with SqlUnitOfWork(engine, read_only=True):
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # a read-only unit of work leaves writers alone
            other.execute("ROLLBACK")
        finally:
            other.close()


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("mysql://user@localhost/casework", "unsupported database"),
        ("not a url", "invalid database URL"),
    ],
)
def test_unusable_urls_are_storage_errors(url: str, detail: str) -> None:
    with pytest.raises(StorageError, match=detail):
        make_engine(url)


def test_an_unreachable_server_is_a_one_line_storage_error() -> None:
    engine = make_engine("postgresql://casework@127.0.0.1:1/casework?connect_timeout=2")
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        with pytest.raises(StorageError) as raised, SqlUnitOfWork(engine):
            pass
        assert "\n" not in raised.value.message("en")
        with pytest.raises(StorageError):
            schema.ensure_ready(engine)
    finally:
        engine.dispose()
