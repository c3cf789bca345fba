"""Fixtures for the integration tests: a real database on each backend, fresh for every test.

``engine`` is parametrised over SQLite (a file in ``tmp_path``) and PostgreSQL (one throw-away
database per test session, emptied before every test), with the schema at the newest revision;
``empty_engine`` is the same without any schema. PostgreSQL is found at ``CASEWORK_TEST_PG_URL``
(default: the local server with trust authentication). When it cannot be reached the PostgreSQL
tests are skipped, except under ``CI=true``, where they fail: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade

PG_ADMIN_URL = os.environ.get(
    "CASEWORK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _libpq(url: str) -> str:
    """A libpq connection string for a SQLAlchemy-style URL (psycopg rejects "+psycopg")."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a database created for this test session and dropped after it."""
    try:
        admin = psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {' '.join(str(exc).split())}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run in CI)")
        pytest.skip(reason)
    name = f"casework_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            # FORCE (PostgreSQL 13+) ends sessions a failed test may have left behind.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_postgres(url: str) -> None:
    # Dropping the schema is faster than a new database and leaves no table of the last test.
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database (no casework schema) of each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db' / 'casework.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        _reset_postgres(url)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database of each backend with the schema at the newest revision."""
    upgrade(empty_engine)
    return empty_engine
