"""Fault suite, reminders: a mail outage longer than the retry budget, long messages, a sweep
killed mid-send; sent / lost / duplicated counted on the real SMTP server (issue 16).

On SQLite and PostgreSQL, with every sweep a process of its own (``reminders_worker.py``, as a
cron job or a Prefect run) and ``smtp_sink.py`` as the mail server:

1. the server is down (nothing listens): a sweep fails every message once;
2. the server answers 451 to everything: two more sweeps, and the budget of three attempts is
   spent, every message given up;
3. the server is back: a sweep sends nothing (given up waits for a person), ``casework
   reminders retry --all --as sofie`` requeues them all;
4. a sweep is killed with SIGKILL after a third of the messages, and the next sweep (after the
   lease) sends the rest.

Every message is long: a 300-character title with Danish letters and a link over 1,100
characters (a line the e-mail must wrap, not send as is). The server must receive every message
(0 lost), each once except those in flight at the kill (at most one per sending lane), and a
repeat carries the same Message-ID. The figures are printed (``pytest -s``) and, when
``CASEWORK_FAULT_REPORT`` names a directory, written there as ``reminders-<backend>.json`` for
docs/reliability.md.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "tests" / "integration"
CASEWORK = str(Path(sys.executable).with_name("casework"))
PG_ADMIN_URL = os.environ.get(
    "CASEWORK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
OFFICERS = ["mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna"]
HEADS = {"cmt": "henrik", "cby": "birgitte", "cbu": "karsten", "ckf": "pernille"} | {
    "css": "jens",
    "cje": "maja",
    "cop": "torben",
}
DUE = "2026-03-16"
NOW = "2026-03-16T06:30:00+00:00"
CASES = 40
LANES = 2
LEASE_SECONDS = 5
ATTEMPTS = 3
#: Case links are longer than an e-mail line may be (998 characters).
BASE_URL = "https://intranet.eksempel.dk/" + "sagsstyring/" * 95


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each backend at the newest schema."""
    if request.param == "sqlite":
        (tmp_path / "db").mkdir()
        url = f"sqlite:///{tmp_path / 'db' / 'casework.db'}"
        name = None
    else:
        libpq = make_url(PG_ADMIN_URL).set(drivername="postgresql")
        try:
            admin = psycopg.connect(
                libpq.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
            )
        except psycopg.Error as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL is not reachable: {exc}")
            pytest.skip(f"PostgreSQL is not reachable: {exc}")
        name = f"casework_faults_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        if name is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    text = (target / "reminders.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("batch_size: 500", "batch_size: 20"),
        ("parallel: 4", f"parallel: {LANES}"),
        ("lease_seconds: 300", f"lease_seconds: {LEASE_SECONDS}"),
        ("max_attempts: 8", f"max_attempts: {ATTEMPTS}"),
        ("retry_base_seconds: 60", "retry_base_seconds: 1"),
        ("retry_max_seconds: 3600", "retry_max_seconds: 1"),
    ]:
        assert old in text
        text = text.replace(old, new)
    (target / "reminders.yaml").write_text(text, encoding="utf-8")
    return target


class Sink:
    """``smtp_sink.py`` on a fixed port: accepting, refusing (451), or stopped."""

    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.process: subprocess.Popen[str] | None = None
        log.touch()

    def start(self, *flags: str) -> None:
        self.stop()
        args = [str(INTEGRATION / "smtp_sink.py"), str(self.port), str(self.log), *flags]
        self.process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            assert self.process.stdout is not None
            self.process.stdout.close()
            self.process = None

    def received(self) -> list[dict[str, object]]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def count(self) -> int:
        return self.log.read_bytes().count(b"\n")


def _seed(url: str, config: Configuration) -> set[str]:
    engine = make_engine(url)
    services = App(
        config=config,
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    title = "Lokalplan for området ved Åbyhøj Ørnevej og Søndre Ringgade, etape "
    expected: set[str] = set()
    for number in range(CASES):
        owner = OFFICERS[number % len(OFFICERS)]
        case = services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=(title * 5)[:290] + f" {number}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )
        assert case.due == DUE
        expected |= {f"{case.id}:kladde:due:{DUE}:{p}:smtp" for p in (owner, HEADS[case.centre])}
    engine.dispose()
    return expected


def _env(url: str, config_dir: Path, data_dir: Path, port: int) -> dict[str, str]:
    return dict(os.environ) | {
        "CASEWORK_DATABASE_URL": url,
        "CASEWORK_CONFIG_DIR": str(config_dir),
        "CASEWORK_DATA_DIR": str(data_dir),
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(port),
        "CASEWORK_BASE_URL": BASE_URL,
        "CASEWORK_LANG": "en",
    }


def _sweep(
    url: str, config_dir: Path, data_dir: Path, env: dict[str, str]
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            str(INTEGRATION / "reminders_worker.py"),
            url,
            str(config_dir),
            str(data_dir),
            NOW,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _report(process: subprocess.Popen[str]) -> dict[str, int]:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    return {k: v for k, v in report.items() if isinstance(v, int)}


@pytest.mark.slow
def test_an_outage_past_the_budget_and_a_kill_lose_no_reminder(
    database_url: str, config: Configuration, config_dir: Path, tmp_path: Path
) -> None:
    backend = make_url(database_url).get_backend_name()
    expected = _seed(database_url, config)
    port = _free_port()
    sink = Sink(port, tmp_path / "smtp.jsonl")
    env = _env(database_url, config_dir, tmp_path / "data", port)
    sweeps: list[dict[str, int]] = []
    try:
        # 1. Nothing listens: one failed attempt each.
        sweeps.append(_report(_sweep(database_url, config_dir, tmp_path / "a", env)))
        assert (sweeps[-1]["failed"], sweeps[-1]["waiting"]) == (len(expected), len(expected))
        # 2. The server refuses everything (451): the budget runs out.
        sink.start("--reject")
        for _ in range(ATTEMPTS - 1):
            time.sleep(1.2)  # past the backoff
            sweeps.append(_report(_sweep(database_url, config_dir, tmp_path / "a", env)))
        assert (sweeps[-1]["gave_up"], sweeps[-1]["given_up"]) == (len(expected), len(expected))
        # 3. The server is back; given up waits for a person, who requeues them.
        sink.start("--bodies")
        sweeps.append(_report(_sweep(database_url, config_dir, tmp_path / "a", env)))
        assert sweeps[-1]["sent"] == 0
        retry = subprocess.run(
            [CASEWORK, "reminders", "retry", "--all", "--as", "sofie", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert retry.returncode == 0, retry.stderr
        requeued = json.loads(retry.stdout)["count"]
        assert requeued == len(expected)
        # 4. A sweep killed a third of the way through, and the next one after the lease.
        process = _sweep(database_url, config_dir, tmp_path / "b", env)
        # A guard against a hung sweep, not a speed check (the timings are bench/reminders.py's).
        give_up = time.monotonic() + 120
        while sink.count() < len(expected) // 3:
            assert process.poll() is None, "the sweep finished before it could be killed"
            if time.monotonic() > give_up:
                process.kill()
                pytest.fail("the sweep sent nothing more for 120 s: hung")
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        at_kill = sink.count()
        time.sleep(LEASE_SECONDS + 0.5)
        sweeps.append(_report(_sweep(database_url, config_dir, tmp_path / "c", env)))
        sweeps.append(_report(_sweep(database_url, config_dir, tmp_path / "c", env)))
        received = sink.received()
    finally:
        sink.stop()
    by_key = collections.Counter(str(m["key"]) for m in received)
    ids: dict[str, set[str]] = collections.defaultdict(set)
    for message in received:
        ids[str(message["key"])].add(str(message["id"]))
    figures = {
        "backend": backend,
        "messages": len(expected),
        "largest_bytes": max(int(m["bytes"]) for m in received),  # type: ignore[call-overload]
        "attempts_before_giving_up": ATTEMPTS,
        "given_up_then_requeued": requeued,
        "killed_after": at_kill,
        "sent": len(set(by_key) & expected),
        "lost": len(expected - set(by_key)),
        "duplicated": sum(n - 1 for n in by_key.values()),
        "duplicates_with_another_message_id": sum(len(found) - 1 for found in ids.values()),
    }
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"reminders-{backend}.json").write_text(json.dumps(figures, indent=2))
    assert set(by_key) == expected  # nothing lost
    assert figures["duplicated"] <= LANES  # only the messages in flight at the kill
    assert figures["duplicates_with_another_message_id"] == 0
    assert all(not m["bare_lf"] and int(m["longest_line"]) <= 998 for m in received)  # type: ignore[call-overload]
    assert int(figures["largest_bytes"]) > 2000
    assert all(BASE_URL in str(m["body"]) for m in received)
    assert sweeps[-1]["sent"] == 0  # the last sweep found nothing left to send
    assert (sweeps[-1]["given_up"], sweeps[-1]["waiting"], sweeps[-1]["held"]) == (0, 0, 0)
    engine = make_engine(database_url)
    store = SqlReminderStore(engine)
    try:
        assert {m.status for m in store.messages(limit=10_000)} == {"sent"}
    finally:
        store.close()
        engine.dispose()
