"""The scale benchmark's bulk seeder writes the rows the engine writes (issue 21, item 5).

``bench/pg_seed.py`` opens cases through the real use case on a capturing unit of work and
copies the rows into PostgreSQL. Here the same planned cases are opened once through the
service on PostgreSQL and once through the seeder, into two fresh databases, and every table
the opening writes is compared row by row: a column the seeder got wrong, a missing dispatch
row or a wrong counter fails.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import pytest
from topology import create_database, drop_database

from casework.adapters.config.full import load_full_configuration
from casework.adapters.sql import make_engine, upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App

ROOT = Path(__file__).resolve().parents[2]
ADMIN = os.environ.get("CASEWORK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

pytestmark = pytest.mark.postgres


def _seeder() -> ModuleType:
    """bench/pg_seed.py (bench/ is not a package on the tests' path)."""
    if "pg_seed" in sys.modules:
        return sys.modules["pg_seed"]
    spec = importlib.util.spec_from_file_location("pg_seed", ROOT / "bench" / "pg_seed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pg_seed"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def two_databases(postgres_url: str) -> Iterator[tuple[str, str]]:
    # postgres_url: fails under CI=true (skips elsewhere) when PostgreSQL is missing.
    made = [create_database(ADMIN, "casework_seed_test") for _ in range(2)]
    try:
        for url in made:
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
        yield made[0], made[1]
    finally:
        for url in made:
            drop_database(ADMIN, url)


TABLES = {
    "cases": "SELECT * FROM cases ORDER BY id",
    "case_events": "SELECT * FROM case_events ORDER BY case_id, seq",
    # The row id is the feed's order: compare it too.
    "event_dispatch": "SELECT * FROM event_dispatch ORDER BY id",
    "case_counters": "SELECT * FROM case_counters ORDER BY year",
    "workflow_versions": "SELECT * FROM workflow_versions ORDER BY workflow_id, version",
    "outbox": "SELECT * FROM outbox",
}


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    pg_seed = _seeder()
    with psycopg.connect(pg_seed.libpq(url)) as connection:
        return {name: connection.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_the_seeder_writes_what_opening_through_the_service_writes(
    two_databases: tuple[str, str],
) -> None:
    pg_seed = _seeder()
    service_db, seeded_db = two_databases
    config = load_full_configuration(ROOT / "config")
    plan = list(pg_seed.plan_cases(12, first=0, day=dt.date(2026, 3, 2), spread_days=3))

    engine = make_engine(service_db)
    clock = pg_seed.SettableClock(plan[0].at)
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    try:
        for planned in plan:
            clock.instant = planned.at
            app.open_case(planned.command)
    finally:
        engine.dispose()
    ids = pg_seed.seed(seeded_db, config, plan, chunk=5)  # three chunks: 5, 5, 2

    by_service, by_seeder = _dump(service_db), _dump(seeded_db)
    assert len(by_service["cases"]) == 12 and len(by_service["event_dispatch"]) == 12
    assert by_service["case_counters"] == [(2026, 12)]
    for table in TABLES:
        assert by_seeder[table] == by_service[table], table
    assert sorted(ids) == [row[0] for row in by_service["cases"]]
    assert pg_seed.check_sample(seeded_db, config, ids, size=5).endswith(": ok")


def test_the_sample_audit_finds_a_row_that_differs_from_its_replay(
    two_databases: tuple[str, str],
) -> None:
    pg_seed = _seeder()
    url = two_databases[0]
    config = load_full_configuration(ROOT / "config")
    ids = pg_seed.seed(url, config, pg_seed.plan_cases(3, first=0, day=dt.date(2026, 3, 2)))
    with psycopg.connect(pg_seed.libpq(url)) as connection:
        connection.execute("UPDATE cases SET title = 'ændret' WHERE id = %s", (ids[1],))
    with pytest.raises(AssertionError, match=ids[1]):
        pg_seed.check_sample(url, config, ids, size=3)
