"""The store's hot path (issue 17) on SQLite and PostgreSQL: a unit of work on the pooled DB-API
connection, SQLAlchemy only when a statement outside the hot path needs it, the UPDATE of the
changed columns only, and no pre-ping round trip.

What must not change with it: one transaction per unit of work (hot and Core statements alike),
the version check, every changed column written, and a connection the server closed replaced
before a transaction uses it.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, event, text

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.domain.case import replay
from casework.domain.errors import ConcurrentUpdate
from casework.domain.workflow import RouteEntry, RouteRole
from tests.integration.test_sql_store import advance, open_case, store, stored


def _statements(engine: Engine) -> list[str]:
    """The SQL SQLAlchemy sends through its own execution path (not the DB-API hot path)."""
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    return seen


def test_a_transition_needs_no_sqlalchemy_connection(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    seen = _statements(engine)
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.commit()
    assert seen == []  # find, save and commit went to the DB-API connection directly
    loaded, events = stored(engine, "2026-0001")
    assert loaded == replay(events) and loaded is not None and loaded.version == 2


def test_hot_and_core_statements_share_one_transaction(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine) as uow:  # left without commit: both writes are rolled back
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        assert uow.cases.next_number(2026) == 1  # a Core statement: the Connection is made now
        assert uow.cases.events("2026-0001")[-1].seq == 2  # and sees the hot path's write
    assert stored(engine, "2026-0001")[0].version == 1  # type: ignore[union-attr]
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.next_number(2026) == 1  # Core first, then the hot path
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.commit()
        # After the commit the next statement begins a new transaction, discarded at the end.
        assert uow.cases.next_number(2026) == 2
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases.next_number(2026) == 2
        assert uow.cases.get("2026-0001").version == 2


def _log_updates_of(engine: Engine, *columns: str) -> None:
    """Triggers noting every UPDATE that names one of ``columns`` in its SET list (whether or
    not the value changes: ``UPDATE OF`` fires on the column being written)."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE written (col TEXT NOT NULL)"))
        for column in columns:
            if engine.dialect.name == "sqlite":
                connection.execute(text(
                    f"CREATE TRIGGER written_{column} AFTER UPDATE OF {column} ON cases "
                    f"BEGIN INSERT INTO written VALUES ('{column}'); END"
                ))  # fmt: skip
            else:
                connection.execute(text(
                    f"CREATE FUNCTION written_{column}() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN INSERT INTO written VALUES ('{column}'); RETURN NULL; END $$"
                ))  # fmt: skip
                connection.execute(text(
                    f"CREATE TRIGGER written_{column} AFTER UPDATE OF {column} ON cases "
                    f"FOR EACH ROW EXECUTE FUNCTION written_{column}()"
                ))  # fmt: skip


def _written(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(text("SELECT col FROM written")).scalars())


def test_only_the_changed_columns_are_written(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    _log_updates_of(engine, "owner", "centre", "title", "attributes", "step", "updated_at")
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.commit()
    # owner, centre (each with an index SQLite would rewrite), title and attributes are unchanged
    assert _written(engine) == ["step", "updated_at"]
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        case.title = "Ny titel"  # any column that differs from the row read is written
        advance(case, "behandling@kb")
        uow.cases.save(case, expected_version=2)
        uow.commit()
    assert _written(engine) == ["step", "step", "title", "updated_at", "updated_at"]
    loaded = stored(engine, "2026-0001")[0]
    assert loaded is not None and loaded.title == "Ny titel" and loaded.version == 3


def test_attributes_changed_in_place_are_still_written(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        case.attributes["haster"] = True  # the same dict, changed in place
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.commit()
    loaded = stored(engine, "2026-0001")[0]
    assert loaded is not None and loaded.attributes["haster"] is True


def test_a_route_read_is_not_written_again_and_a_new_one_is(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    _log_updates_of(engine, "route")
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        # A route equal to the stored one but another object: compared by value, not written.
        case.route = tuple(RouteEntry(e.body, e.role) for e in case.route)
        advance(case, "behandling@kb")
        uow.cases.save(case, expected_version=2)
        uow.commit()
    assert _written(engine) == []
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        case.route = (RouteEntry("bpu", RouteRole.RECOMMENDS), *case.route)
        advance(case, "behandling@bpu")
        uow.cases.save(case, expected_version=3)
        uow.commit()
    assert _written(engine) == ["route"]
    loaded = stored(engine, "2026-0001")[0]
    assert loaded is not None and [e.body for e in loaded.route] == ["bpu", "tmu", "kb"]


def test_a_stale_save_writes_neither_row_nor_event(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine) as uow:
        first = uow.cases.get("2026-0001")
    with SqlUnitOfWork(engine) as uow:
        other = uow.cases.get("2026-0001")
        advance(other, "behandling@tmu")
        uow.cases.save(other, expected_version=1)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        advance(first, "behandling@kb")
        with pytest.raises(ConcurrentUpdate):
            uow.cases.save(first, expected_version=1)
        uow.commit()  # nothing of the refused save may come with it
    loaded, events = stored(engine, "2026-0001")
    assert (
        [e.seq for e in events] == [1, 2] and loaded is not None and loaded.step == "behandling@tmu"
    )


@pytest.mark.postgres
def test_a_connection_the_server_closed_is_replaced_without_a_pre_ping(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the server closing a connection is PostgreSQL's")
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine) as uow:
        uow.cases.get("2026-0001")
        pid = uow.cases._link.driver.info.backend_pid  # type: ignore[attr-defined]
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(100):  # until the server has ended it
            gone = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
            if gone.fetchone() is None:
                break
            admin.execute("SELECT pg_sleep(0.05)")
    seen = _statements(engine)
    with SqlUnitOfWork(engine) as uow:  # the pooled connection is dead: another one is used
        case = uow.cases.get("2026-0001")
        assert uow.cases._link.driver.info.backend_pid != pid  # type: ignore[attr-defined]
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        uow.commit()
    assert not any("SELECT 1" in s for s in seen)
    assert stored(engine, "2026-0001")[0].version == 2  # type: ignore[union-attr]


def _checkouts(engine: Engine) -> list[object]:
    """The DB-API connections the engine's pool hands out from now on."""
    seen: list[object] = []

    @event.listens_for(engine, "checkout")
    def _seen(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        seen.append(dbapi_connection)

    return seen


def test_the_next_unit_of_work_takes_the_idle_connection_without_the_pool(
    engine: Engine,
) -> None:
    store(engine, open_case("2026-0001"))
    checkouts = _checkouts(engine)
    drivers = []
    for version in (1, 2):
        with SqlUnitOfWork(engine) as uow:
            case = uow.cases.get("2026-0001")
            drivers.append(uow.cases._link.driver)  # type: ignore[attr-defined]
            advance(case, "behandling@tmu" if version == 1 else "tilbage_til_forvaltning")
            uow.cases.save(case, expected_version=version)
            uow.commit()
    assert checkouts == [] and drivers[0] is drivers[1]
    # Two at once: the second is served by the pool, and only one is kept idle afterwards.
    with SqlUnitOfWork(engine, read_only=True) as first, SqlUnitOfWork(engine) as second:
        assert first.cases.get("2026-0001").version == 3
        assert second.cases.get("2026-0001").version == 3
        both = {first.cases._link.driver, second.cases._link.driver}  # type: ignore[attr-defined]
    assert len(both) == 2 and len(checkouts) == 1
    assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]


def test_an_uncommitted_unit_of_work_leaves_nothing_to_the_next(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine) as uow:
        case = uow.cases.get("2026-0001")
        advance(case, "behandling@tmu")
        uow.cases.save(case, expected_version=1)
        driver = uow.cases._link.driver  # type: ignore[attr-defined]
    # Left without commit: rolled back before the connection was kept for the next one.
    with SqlUnitOfWork(engine) as uow:
        assert uow.cases._link.driver is driver  # type: ignore[attr-defined]
        assert uow.cases.get("2026-0001").version == 1
        assert len(uow.cases.events("2026-0001")) == 1
    loaded, events = stored(engine, "2026-0001")
    assert loaded is not None and loaded.version == 1 and len(events) == 1


def test_dispose_closes_the_idle_connection(engine: Engine) -> None:
    store(engine, open_case("2026-0001"))
    with SqlUnitOfWork(engine, read_only=True) as uow:
        uow.cases.get("2026-0001")
        driver = uow.cases._link.driver  # type: ignore[attr-defined]
    engine.dispose()
    closed = driver.closed if engine.dialect.name == "postgresql" else _sqlite_closed(driver)
    assert closed
    with SqlUnitOfWork(engine, read_only=True) as uow:  # a fresh one from the new pool
        assert uow.cases._link.driver is not driver  # type: ignore[attr-defined]
        assert uow.cases.get("2026-0001").version == 1


def _sqlite_closed(driver: object) -> bool:
    import sqlite3

    try:
        driver.execute("SELECT 1")  # type: ignore[attr-defined]
    except sqlite3.ProgrammingError:
        return True
    return False


def test_a_connection_of_a_per_thread_pool_stays_in_its_thread() -> None:
    """SQLite ``:memory:`` keeps one connection per thread; none is handed to another thread."""
    import threading

    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade

    engine = make_engine("sqlite:///:memory:")
    try:
        upgrade(engine)
        store(engine, open_case("2026-0001"))
        errors: list[BaseException] = []

        def other_thread() -> None:
            try:
                upgrade(engine)  # this thread's own database, on its own connection
                with SqlUnitOfWork(engine) as uow:
                    assert uow.cases.find("2026-0001") is None
            except BaseException as exc:  # reported below
                errors.append(exc)

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert errors == []
        assert stored(engine, "2026-0001")[0] is not None
    finally:
        engine.dispose()
