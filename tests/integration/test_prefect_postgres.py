"""The production layout: a Prefect server on PostgreSQL, and ``casework serve`` using it through
``PREFECT_API_URL`` instead of starting its own.

Slow (a server starts and migrates a fresh database). Under ``CI=true`` it fails, not skips, when
PostgreSQL is missing, like every PostgreSQL test here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from casework.testing import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def prefect_database(postgres_url: str) -> Iterator[str]:
    """A database of its own for Prefect (the session's one holds casework's tables, and its
    ``alembic_version`` would confuse Prefect's migrations); dropped afterwards."""
    name = f"prefect_test_{uuid.uuid4().hex[:12]}"
    admin_url = make_url(postgres_url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin_url.render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def prefect_on_postgres(
    prefect_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A ``prefect server start`` whose database is a PostgreSQL database."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    url = make_url(prefect_database).set(drivername="postgresql+asyncpg")
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": url.render_as_string(hide_password=False),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
    }
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_until(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 120,
              "the PostgreSQL-backed Prefect server")  # fmt: skip
        yield api
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log.close()


def _artifacts_in_postgres(postgres_url: str, key: str) -> int:
    libpq = make_url(postgres_url).set(drivername="postgresql")
    with psycopg.connect(libpq.render_as_string(hide_password=False)) as connection:
        row = connection.execute("SELECT count(*) FROM artifact WHERE key = %s", (key,)).fetchone()
    return int(row[0]) if row else 0


def test_casework_serve_uses_an_existing_postgresql_backed_server(
    prefect_on_postgres: str, prefect_database: str, tmp_path: Path
) -> None:
    api = prefect_on_postgres
    assert _artifacts_in_postgres(prefect_database, "case-board") == 0

    env = {
        **os.environ,
        "CASEWORK_DATA_DIR": str(tmp_path),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
        "CASEWORK_NOTIFY_CHANNELS": "file",
        "PREFECT_API_URL": api,
    }
    for args in (["init"], ["demo", "--cases", "12"]):
        subprocess.run([str(BIN / "casework"), *args], env=env, check=True,
                       capture_output=True)  # fmt: skip
    out = tmp_path / "serve.out"
    with out.open("wb") as handle:
        serve = subprocess.Popen(
            [str(BIN / "casework"), "serve", "--no-web"],
            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=str(ROOT),
        )  # fmt: skip
        try:
            wait_until(lambda: "casework kører" in out.read_text(), 90, "casework serve")
            text = out.read_text()
            assert f"Bruger Prefect-serveren på {api}" in text
            assert "Starter Prefect-serveren" not in text
            # The board runs once at start; its artifact lands in the PostgreSQL-backed server.
            found = wait_until(
                lambda: httpx.post(
                    f"{api}/artifacts/filter",
                    json={"artifacts": {"key": {"any_": ["case-board"]}}},
                ).json(),
                90,
                "the case-board artifact",
            )
            assert found[0]["type"] == "table"
            # … and it is a row in the PostgreSQL database, not in some SQLite file.
            assert _artifacts_in_postgres(prefect_database, "case-board") >= 1
        finally:
            serve.send_signal(signal.SIGINT)
            code = serve.wait(45)
    assert code == 0
    assert "Traceback" not in out.read_text()
