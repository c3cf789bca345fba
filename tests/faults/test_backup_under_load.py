"""Backups taken while four processes write, restored and verified; and, for comparison on SQLite,
plain copies of the database file taken at the same moments (issue 16, item 13).

Each round waits until the writers have committed more, then takes a ``casework backup``
(:func:`casework.app.backup.backup`) and, on SQLite, ``cp casework.db`` as an operator would.
Every copy is then restored into a fresh store (``casework restore``), which checks the file,
brings the schema up and verifies the audit. A copy is *good* when it restores, verifies and
holds at least every event committed before it was started. The figures print as one JSON line
per backend and, with ``CASEWORK_FAULT_REPORT`` naming a directory, go to ``backup-<backend>.json``
there for docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.app.backup import backup, restore
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError
from casework.settings import Settings
from casework.testing import FixedClock
from tests.conftest import CONFIG_DIR
from tests.integration.conftest import PG_ADMIN_URL, _libpq
from tests.integration.test_concurrency import WORKER, _cases_at_committee

WRITERS = 4
ROUNDS = 5


def _events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM case_events")).scalar_one())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """The live store at the newest schema, and where copies are restored (None on SQLite: a
    fresh data directory each time), on each backend."""
    if request.param == "sqlite":
        (tmp_path / "db").mkdir()
        live = f"sqlite:///{tmp_path / 'db' / 'casework.db'}"
        upgrade(live)
        yield live, None
        return
    try:
        admin = psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable: {exc}")
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    names = [f"casework_faults_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        live, target = (
            make_url(PG_ADMIN_URL).set(database=n).render_as_string(hide_password=False)
            for n in names
        )
        upgrade(live)
        try:
            yield live, target
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy_with_wal(database: Path, directory: Path) -> Path:
    directory.mkdir()
    for suffix in ("", "-wal"):
        source = database.with_name(database.name + suffix)
        with contextlib.suppress(FileNotFoundError):  # a checkpoint may just have removed it
            shutil.copyfile(source, directory / f"casework.db{suffix}")
    return directory / "casework.db"


def _outcome(copy: Path, settings: Settings, committed_before: int) -> str:
    """good, damaged (refused or unreadable), unverified (audit findings) or stale."""
    try:
        if copy.with_name(copy.name + "-wal").exists():
            # Opened where it lies, as casework would after the files were put back: SQLite
            # recovers the WAL into the file, which then restores like any other.
            with contextlib.closing(sqlite3.connect(copy)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error:
        return "damaged"
    try:
        report = restore(settings, copy, force=True)
    except CaseworkError:
        return "damaged"
    if not report.ok:
        return "unverified"
    return "good" if report.counts["case_events"] >= committed_before else "stale"


@pytest.mark.slow
def test_backups_under_load_restore_and_verify(
    urls: tuple[str, str | None], config: Configuration, tmp_path: Path
) -> None:
    url, restore_url = urls
    engine = make_engine(url)
    backend = engine.dialect.name
    live = Settings(data_dir=tmp_path / "live", config_dir=CONFIG_DIR, database_url=url)
    services = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())
    ids = _cases_at_committee(services, 8)
    database = Path(make_url(url).database or "") if backend == "sqlite" else None

    log = (tmp_path / "writers.log").open("w")
    argv = [sys.executable, str(WORKER), url, "postpone", ",".join(ids), "1000000"]
    writers = [
        subprocess.Popen([*argv, str(seed)], stdout=subprocess.DEVNULL, stderr=log)
        for seed in range(WRITERS)
    ]

    def written(more: int) -> None:
        goal = _events(engine) + more
        while _events(engine) < goal:
            assert all(w.poll() is None for w in writers), (tmp_path / "writers.log").read_text()
            time.sleep(0.01)

    taken: list[tuple[str, Path, int]] = []  # (kind, file, events committed before it began)
    try:
        for n in range(ROUNDS):
            written(60)
            before = _events(engine)
            backup(live, tmp_path / f"online-{n}.backup")
            taken.append(("online", tmp_path / f"online-{n}.backup", before))
            if database is not None:  # what an operator's "cp casework.db" takes
                before = _events(engine)
                shutil.copyfile(database, tmp_path / f"plain-{n}.db")
                taken.append(("plain", tmp_path / f"plain-{n}.db", before))
                before = _events(engine)  # and "cp casework.db casework.db-wal": one at a time
                taken.append(("plain+wal", _copy_with_wal(database, tmp_path / f"wal-{n}"), before))
            assert all(w.poll() is None for w in writers)  # still under load
    finally:
        for writer in writers:
            writer.send_signal(signal.SIGTERM)
        for writer in writers:
            writer.wait(timeout=60)
        log.close()
    engine.dispose()

    figures: dict[str, object] = {"backend": backend, "writers": WRITERS}
    for kind in ("online", "plain", "plain+wal"):
        copies = [(f, b) for k, f, b in taken if k == kind]
        if not copies:
            continue
        outcomes = []
        for i, (copy, before) in enumerate(copies):
            target = Settings(
                data_dir=tmp_path / f"restored-{kind}-{i}",
                config_dir=CONFIG_DIR,
                database_url=restore_url,
            )
            outcomes.append(_outcome(copy, target, before))
        figures[kind] = {o: outcomes.count(o) for o in ("good", "damaged", "unverified", "stale")}
        figures[kind] |= {"taken": len(copies)}  # type: ignore[operator]
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"backup-{backend}.json").write_text(json.dumps(figures, indent=2))
    assert figures["online"] == {
        "good": ROUNDS, "damaged": 0, "unverified": 0, "stale": 0, "taken": ROUNDS
    }  # fmt: skip
