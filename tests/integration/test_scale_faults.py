"""Issue 21, item 4: the scaled-out topology under faults — every due reminder goes out once.

One topology (``topology.py``), started with ``casework serve --role …``: two Prefect API
servers without services and one services process, on a PostgreSQL database of their own with a
Redis of their own (messaging, ordering, leases, docket), two process workers of the pool
``casework`` (one against each API server), casework's database on PostgreSQL, and a real SMTP
server process. Then, one after the other, each with new cases whose reminders are due:

1. **a worker is killed mid-sweep** (SIGKILL to the worker and the flow run under it, as a lost
   machine), started again, and a second sweep through the other API server finishes the job;
2. **an API server is killed** (SIGKILL): a sweep created through the other one runs on the
   worker that still has its API; the killed server starts again on its port and serves runs;
3. **Redis restarts** (its data lost: nothing is persisted): a sweep afterwards runs to the end.

Afterwards every due reminder arrived at the SMTP server with exactly one Message-ID (a message
in flight at the kill may arrive twice with the *same* Message-ID, the window docs/reminders.md
describes: at most one per sending lane), every outbox row is sent, and ``casework audit
verify`` finds every case equal to the replay of its events.

Restarting and crashing PostgreSQL during a sweep is ``test_scale_pg_restart.py``: the machine's
PostgreSQL is shared with other tests, so that one makes a throw-away cluster of its own. A
worker on another host cut off from the network mid-sweep is ``test_scale_netns.py``.

Slow (about two minutes: five processes start). Under ``CI=true`` it fails, not skips, when
PostgreSQL or ``redis-server`` is missing.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from test_reminders_exactly_once import DUE, LANES, NOW, OFFICERS, SmtpSink
from topology import Topology, create_database, drop_database

from casework.adapters.config.full import load_full_configuration
from casework.adapters.sql import make_engine, upgrade
from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.testing import FixedClock, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LEASE_SECONDS = 5
SWEEP = "deadline-sweep/casework"
HEADS = {"cmt": "henrik", "cby": "birgitte", "cbu": "karsten", "ckf": "pernille",
         "css": "jens", "cje": "maja", "cop": "torben"}  # fmt: skip


def _need_redis() -> None:
    if shutil.which("redis-server") is None:
        reason = "redis-server is not installed (scripts/setup.sh --dev installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the scale-out fault tests must run in CI)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example configuration with small batches and a short lease (a killed sweep's claims
    run out in seconds)."""
    target = tmp_path_factory.mktemp("scale") / "config"
    shutil.copytree(ROOT / "config", target)
    text = (target / "reminders.yaml").read_text(encoding="utf-8")
    text = text.replace("batch_size: 500", "batch_size: 20")
    text = text.replace("parallel: 4", f"parallel: {LANES}")
    text = text.replace("lease_seconds: 300", f"lease_seconds: {LEASE_SECONDS}")
    (target / "reminders.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def casework_db(postgres_url: str) -> Iterator[str]:
    """casework's own database (not the session's one, which other tests empty between tests)."""
    url = create_database(postgres_url, "casework_scale")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        drop_database(postgres_url, url)


@pytest.fixture(scope="module")
def sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpSink]:
    server = SmtpSink(tmp_path_factory.mktemp("smtp"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def topology(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_url: str,
    casework_db: str,
    config_dir: Path,
    sink: SmtpSink,
) -> Iterator[Topology]:
    _need_redis()
    directory = tmp_path_factory.mktemp("topology")
    extra = {
        "CASEWORK_CONFIG_DIR": str(config_dir),
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(sink.port),
        # Workers ask for runs every 2 s (default 10 s): the test waits less, nothing else.
        "PREFECT_WORKER_QUERY_SECONDS": "2",
    }
    topo = Topology.create(directory, postgres_url, casework_db, extra)
    try:
        api_a = topo.start_api("api-a")
        api_b = topo.start_api("api-b")
        topo.start_services()
        topo.start_worker("worker-1", api_a)
        topo.start_worker("worker-2", api_b)
        yield topo
    finally:
        topo.stop()


def seed(url: str, config_dir: Path, count: int, first: int) -> set[str]:
    """Open ``count`` cases due on DUE; the outbox keys of their "due" reminders."""
    engine: Engine = make_engine(url)
    services = App(
        config=load_full_configuration(config_dir),
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    expected: set[str] = set()
    try:
        for number in range(first, first + count):
            owner = OFFICERS[number % len(OFFICERS)]
            case = services.open_case(
                OpenCase(
                    workflow="beslutningssag",
                    title=f"Skaleringssag nr. {number}",
                    actor=owner,
                    route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                )
            )
            assert case.due == DUE
            for person in (owner, HEADS[case.centre]):
                expected.add(f"{case.id}:kladde:due:{DUE}:{person}:smtp")
    finally:
        engine.dispose()
    return expected


def sweep(topo: Topology, api: str) -> str:
    """A deadline sweep at NOW (forced: the day need not be a hverdag) created through ``api``."""
    return topo.create_run(api, SWEEP, {"now": NOW, "force": True})


def test_every_due_reminder_goes_out_once_through_worker_api_and_redis_faults(
    topology: Topology, casework_db: str, config_dir: Path, sink: SmtpSink
) -> None:
    topo = topology
    started = time.monotonic()

    def mark(what: str) -> None:  # where the minutes go, for whoever reads the -s output
        print(f"[{time.monotonic() - started:6.1f} s] {what}", flush=True)

    api_a, api_b = topo.parts["api-a"].url, topo.parts["api-b"].url
    expected: set[str] = set()

    # 1. A worker dies mid-sweep.
    expected |= seed(casework_db, config_dir, 200, first=0)
    sweep(topo, api_a)
    give_up = time.monotonic() + 180  # a hang guard, not a speed check
    while sink.count() < 10:
        if time.monotonic() > give_up:  # a hang guard: fail instead of hanging
            pytest.fail("no worker sent anything within 180 s")
        time.sleep(0.002)
    running = [w for w in ("worker-1", "worker-2") if topo.flow_run_processes(w)]
    assert running, "the sweep ended before a worker could be killed"
    victim = running[0]
    topo.kill(victim)
    at_kill = sink.count()
    assert at_kill < len(expected), "the kill came too late to test anything"
    topo.start_worker(victim, topo.parts[victim].url)  # as systemd would
    time.sleep(LEASE_SECONDS + 0.5)  # the killed sweep's claims run out
    assert topo.wait_run(api_b, sweep(topo, api_b)) == "COMPLETED"
    _assert_once(sink, expected)
    mark(f"1. {victim} killed after {at_kill} of 400 messages; the rerun delivered the rest")

    # 2. An API server dies; the other one and its worker carry on.
    topo.kill("api-a")
    expected |= seed(casework_db, config_dir, 30, first=200)
    assert topo.wait_run(api_b, sweep(topo, api_b)) == "COMPLETED"
    _assert_once(sink, expected)
    topo.restart_api("api-a")
    assert topo.wait_run(api_a, topo.create_run(api_a, "coordinator-board/casework", {})) == (
        "COMPLETED"
    )
    mark("2. api-a killed: a sweep through api-b delivered; api-a restarted and serves runs")

    # 3. Redis restarts, losing what it held.
    topo.redis.restart()
    expected |= seed(casework_db, config_dir, 30, first=230)
    assert topo.wait_run(api_a, sweep(topo, api_a)) == "COMPLETED"
    _assert_once(sink, expected)
    mark("3. Redis restarted: a sweep afterwards delivered")

    # Every outbox row is sent, and every case equals the replay of its events.
    _assert_all_sent_and_replayed(casework_db, topo.env, expected, cases=260)


def _assert_all_sent_and_replayed(
    url: str, env: dict[str, str], expected: set[str], *, cases: int
) -> None:
    """After a fault: the outbox holds exactly the ``expected`` messages, every one sent, and
    ``casework audit verify`` finds all ``cases`` equal to the replay of their events."""
    engine = make_engine(url)
    store = SqlReminderStore(engine)
    try:
        messages = store.messages(limit=10_000)
    finally:
        store.close()
        engine.dispose()
    assert {m.key for m in messages} == expected
    assert all(m.status == "sent" for m in messages)
    audit = subprocess.run(
        [str(BIN / "casework"), "audit", "verify", "--json"],
        env={**env}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert audit.returncode == 0, audit.stdout + audit.stderr
    report = json.loads(audit.stdout)
    assert report["ok"] is True and report["findings"] == []
    assert report["cases"] == cases


def _assert_once(sink: SmtpSink, expected: set[str]) -> None:
    """Every expected reminder arrived, each with one Message-ID; repeats only of messages in
    flight at a kill (same Message-ID, at most one per sending lane)."""
    wait_until(lambda: {str(m["key"]) for m in sink.received()} >= expected, 60, "the messages")
    received = sink.received()
    by_key = collections.Counter(str(m["key"]) for m in received)
    assert set(by_key) == expected, set(by_key) ^ expected
    ids: dict[str, set[str]] = collections.defaultdict(set)
    for message in received:
        ids[str(message["key"])].add(str(message["id"]))
    assert all(len(found) == 1 for found in ids.values())
    assert len({next(iter(found)) for found in ids.values()}) == len(expected)
    repeated = {k: n for k, n in by_key.items() if n > 1}
    assert len(repeated) <= LANES, repeated
