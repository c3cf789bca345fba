"""The plain-sqlite3 reader answers every read exactly as the SQLAlchemy store does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.sqlite_reader import SqliteReadUnitOfWork, check_schema
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.domain.configuration import Configuration
from casework.domain.errors import DatabaseNotInitialised, NotFound
from casework.domain.workflow import CaseStatus
from casework.services.demo import seed_demo
from casework.services.ports import CaseQuery


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """The embedded default only: the plain reader exists for SQLite."""
    created = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    upgrade(created)
    yield created
    created.dispose()


@pytest.fixture
def seeded(engine: Engine, config: Configuration) -> Path:
    seed_demo(
        lambda: SqlUnitOfWork(engine),
        config,
        cases=40,
        seed=7,
        end=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC),
    )
    database = engine.url.database
    assert database is not None
    return Path(database)


QUERIES = [
    CaseQuery(),
    CaseQuery(status=None, limit=1000),
    CaseQuery(status=CaseStatus.CLOSED),
    CaseQuery(status=None, step="politisk_behandling"),
    CaseQuery(status=None, owner="aase", limit=3, offset=1),
    CaseQuery(status=None, centre="cbu", workflow="beslutningssag"),
]


def test_reads_equal_the_store(engine: Engine, seeded: Path) -> None:
    with SqlUnitOfWork(engine, read_only=True) as store, SqliteReadUnitOfWork(seeded) as plain:
        ids = list(store.cases.ids())
        assert list(plain.cases.ids()) == ids
        assert len(ids) == 40
        for case_id in ids:
            assert plain.cases.get(case_id) == store.cases.get(case_id)
            assert plain.cases.events(case_id) == store.cases.events(case_id)
        for query in QUERIES:
            assert plain.cases.list(query) == store.cases.list(query), query
        for limit in (1, 5, 50):
            assert plain.cases.urgent(limit) == store.cases.urgent(limit)
        key = "demo-7-3"
        assert plain.cases.event_by_key(key) == store.cases.event_by_key(key)
        with pytest.raises(NotFound):
            plain.cases.get("2026-9999")
        first = store.cases.get(ids[0])
        pinned = plain.workflows.get(first.workflow_id, first.workflow_version)
        assert pinned is not None
        assert (
            pinned.fingerprint
            == store.workflows.get(first.workflow_id, first.workflow_version).fingerprint
        )  # type: ignore[union-attr]


def test_the_reader_never_writes(seeded: Path) -> None:
    with SqliteReadUnitOfWork(seeded) as plain:
        case = plain.cases.list(CaseQuery(status=None, limit=1))[0]
        with pytest.raises(RuntimeError):
            plain.cases.save(case, case.version)


def test_schema_check_without_sqlalchemy(tmp_path: Path, seeded: Path) -> None:
    check_schema(seeded)
    with pytest.raises(DatabaseNotInitialised):
        check_schema(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
