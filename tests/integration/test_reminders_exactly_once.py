"""Exactly-once delivery of reminders, shown with real processes and a real SMTP server.

Each test seeds a database (SQLite file and PostgreSQL) with open cases whose "due" reminders
are all due, starts an aiosmtpd server process that logs every accepted message, and runs
sweeps as separate processes (``reminders_worker.py``), as a cron job or two Prefect runs would:

* two sweeps started at the same moment: every message arrives exactly once;
* a sweep killed with SIGKILL midway and then run again: no message is lost, and no message
  is repeated except, at most, those in flight when the process died (one per sending lane:
  accepted by the server, not yet committed as sent). A repeat carries the same Message-ID,
  so it can be dropped downstream; the test holds it to that and says so rather than hide it.

A failing server (451, or nothing listening) leaves every message unsent, to be retried.
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
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casework.adapters.notify import channel_factory
from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig
from casework.services.reminders import ReminderService
from casework.testing import FixedClock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OFFICERS = ["mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna"]
DUE = "2026-03-16"
#: 07:30 Copenhagen on the deadline: each case's "due" reminder goes to officer + centre head.
NOW = "2026-03-16T06:30:00+00:00"
LEASE_SECONDS = 5
#: Sending lanes (SMTP connections side by side): each may have one message in flight.
LANES = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpSink:
    """The aiosmtpd process and its log of accepted messages."""

    def __init__(self, directory: Path, *, reject: bool = False, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = directory / f"smtp-{self.port}.jsonl"
        self.log.touch()
        args = [sys.executable, str(HERE / "smtp_sink.py"), str(self.port), str(self.log)]
        self.process = subprocess.Popen(
            [*args, *(["--reject"] if reject else [])], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> list[dict[str, object]]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def count(self) -> int:
        return self.log.read_bytes().count(b"\n")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """The example configuration with small batches and a short lease (so a rerun after a
    kill need not wait five minutes)."""
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    text = (target / "reminders.yaml").read_text(encoding="utf-8")
    text = text.replace("batch_size: 500", "batch_size: 20")
    text = text.replace("parallel: 4", f"parallel: {LANES}")
    text = text.replace("lease_seconds: 300", f"lease_seconds: {LEASE_SECONDS}")
    (target / "reminders.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SmtpSink]:
    server = SmtpSink(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def seed(engine: Engine, config: Configuration, count: int) -> set[str]:
    """Open ``count`` cases due on DUE; the outbox keys their "due" reminders will have."""
    services = App(
        config=config,
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    heads = {"cmt": "henrik", "cby": "birgitte", "cbu": "karsten", "ckf": "pernille"}
    heads |= {"css": "jens", "cje": "maja", "cop": "torben"}
    expected: set[str] = set()
    for number in range(count):
        owner = OFFICERS[number % len(OFFICERS)]
        case = services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Påmindelsessag nr. {number}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )
        assert case.due == DUE
        for person in (owner, heads[case.centre]):
            expected.add(f"{case.id}:kladde:due:{DUE}:{person}:smtp")
    return expected


def worker(
    engine: Engine, config_dir: Path, data_dir: Path, sink: SmtpSink
) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env |= {
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(sink.port),
    }
    url = engine.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [
            sys.executable,
            str(HERE / "reminders_worker.py"),
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


def finish(process: subprocess.Popen[str]) -> dict[str, object]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def all_sent(engine: Engine, keys: set[str]) -> bool:
    store = SqlReminderStore(engine)
    messages = store.messages(limit=10_000)
    store.close()
    return {m.key for m in messages if m.status == "sent"} == keys and len(messages) == len(keys)


def test_two_sweeps_at_once_send_every_reminder_exactly_once(
    engine: Engine, config: Configuration, config_dir: Path, tmp_path: Path, sink: SmtpSink
) -> None:
    expected = seed(engine, config, 60)
    first = worker(engine, config_dir, tmp_path / "a", sink)
    second = worker(engine, config_dir, tmp_path / "b", sink)
    reports = [finish(first), finish(second)]
    received = collections.Counter(str(m["key"]) for m in sink.received())
    assert set(received) == expected
    assert max(received.values()) == 1
    assert sum(int(r["sent"]) for r in reports) == len(expected)  # type: ignore[call-overload]
    assert sum(int(r["enqueued"]) for r in reports) == len(expected)  # type: ignore[call-overload]
    assert all_sent(engine, expected)


@pytest.mark.slow
def test_a_sweep_killed_midway_and_rerun_loses_nothing(
    engine: Engine, config: Configuration, config_dir: Path, tmp_path: Path, sink: SmtpSink
) -> None:
    expected = seed(engine, config, 100)
    process = worker(engine, config_dir, tmp_path / "a", sink)
    give_up = time.monotonic() + 60  # a guard against a hung sweep, not a speed check
    while sink.count() < len(expected) // 3:
        assert process.poll() is None, "the sweep finished before it could be killed"
        if time.monotonic() > give_up:
            process.kill()
            pytest.fail("the sweep sent nothing more for 60 s: hung")
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)  # reaps it and closes its pipes
    at_kill = sink.count()
    assert at_kill < len(expected), "the kill came too late to test anything"
    # The killed sweep's claims run out after the lease; then a new sweep takes them over.
    time.sleep(LEASE_SECONDS + 0.5)
    report = finish(worker(engine, config_dir, tmp_path / "b", sink))
    received = sink.received()
    by_key = collections.Counter(str(m["key"]) for m in received)
    assert set(by_key) == expected  # nothing lost
    repeated = {k: n for k, n in by_key.items() if n > 1}
    print(f"killed after {at_kill} of {len(expected)} messages; repeated: {repeated}")
    # At most the messages in flight at the kill (one per lane) are repeated, each with its
    # own Message-ID, which lets the receiving side drop the repeat.
    assert len(repeated) <= LANES, repeated
    assert all(n == 2 for n in repeated.values())
    ids = {str(m["key"]): set() for m in received}  # type: ignore[var-annotated]
    for message in received:
        ids[str(message["key"])].add(message["id"])
    assert all(len(found) == 1 for found in ids.values())
    assert len({next(iter(found)) for found in ids.values()}) == len(expected)
    assert int(report["sent"]) == len(expected) - at_kill + len(repeated)  # type: ignore[call-overload]
    assert all_sent(engine, expected)


def in_process(engine: Engine, config: Configuration, port: int, data_dir: Path) -> ReminderService:
    settings = {"smtp": {"host": "127.0.0.1", "port": port, "from": "casework@eksempel.dk"}}
    return ReminderService(
        config=config,
        settings=ReminderConfig(channels=("smtp",)),
        store=SqlReminderStore(engine),
        channels=channel_factory(settings, data_dir),
        clock=FixedClock(dt.datetime(2026, 3, 16, 7, 0, tzinfo=dt.UTC)),
    )


def test_a_rejecting_server_leaves_every_message_unsent_for_a_retry(
    engine: Engine, config: Configuration, tmp_path: Path
) -> None:
    expected = seed(engine, config, 3)
    server = SmtpSink(tmp_path, reject=True)
    reminders = in_process(engine, config, server.port, tmp_path)
    try:
        report = reminders.sweep(now=dt.datetime.fromisoformat(NOW))
        messages = reminders.outbox(limit=100)
    finally:
        server.stop()
        reminders.close()
    assert (report.sent, report.failed) == (0, len(expected))
    assert {m.status for m in messages} == {"failed"}
    assert all(m.sent_at is None and m.attempts == 1 for m in messages)
    assert all("451" in (m.last_error or "") for m in messages)


def test_a_closed_port_fails_the_batch_and_a_later_sweep_delivers(
    engine: Engine, config: Configuration, tmp_path: Path
) -> None:
    expected = seed(engine, config, 2)
    port = free_port()  # nothing listens here yet
    reminders = in_process(engine, config, port, tmp_path)
    report = reminders.sweep(now=dt.datetime.fromisoformat(NOW))
    assert (report.sent, report.failed) == (0, len(expected))
    assert not [m for m in reminders.outbox() if m.sent_at]
    server = SmtpSink(tmp_path, port=port)
    try:
        clock = reminders.clock
        assert isinstance(clock, FixedClock)
        clock.advance(minutes=2)  # past the first backoff
        again = reminders.sweep(now=dt.datetime.fromisoformat(NOW))
    finally:
        server.stop()
        reminders.close()
    assert again.sent == len(expected)
    assert {str(m["key"]) for m in server.received()} == expected
