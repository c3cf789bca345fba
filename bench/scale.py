"""Scale-out figures (issue 21, item 5): the deadline sweep and run scheduling with one and with
two Prefect workers, and the web app's p95 with one and with two uvicorn workers.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run

1. starts the scaled-out topology of ``tests/integration/topology.py`` with ``casework serve
   --role …``: two Prefect API servers without services, one services process, a Redis server
   of its own, a Prefect database and a casework database on the local PostgreSQL (both
   created for the run and dropped after it), and a real SMTP server process (aiosmtpd);
2. with ``--total-cases N``, first fills the casework database with background cases, so that
   it holds N open cases by the second phase: ``bench/pg_seed.py`` opens them through the real
   use case on a capturing unit of work and copies the engine's rows into PostgreSQL (about
   10,000 cases/s, against 35–55/s through the service), then checks a random sample of them
   with the app's audit and marks the change feed read (as after a ``schedule-runs``). They
   are opened from 9 March over 60 days, so none is due within the sweep's horizon: they are
   the rest of a large installation (titles name one of 100 municipalities; one database);
3. with **one worker**: bulk-seeds ``--cases`` open cases whose "due" reminders are all due
   (two messages each: the officer and the centre head), creates one deadline sweep per
   worker through the API and measures the wall time until the SMTP server has every message
   (Prefect's pickup and the flow-run process start included); then opens one case through the
   service (a case change, on the bus) and measures the time one ``schedule-runs`` run takes
   (pickup, start, reading the changed cases from the feed; its cron adds up to five minutes
   before it starts);
4. starts a **second worker** and does the same with as many new cases;
5. unless ``--no-web``, runs ``bench/web.py`` with ``--web-cases`` cases and ``--web-users``
   concurrent users, once with one and once with two uvicorn workers, and prints its p95 lines.

Two sweeps at once share the outbox through its claims (``FOR UPDATE SKIP LOCKED``), so the
second worker's gain is what the SMTP server and PostgreSQL leave on the machine. Run::

    .venv/bin/python bench/scale.py [--cases 1000] [--total-cases 0] [--web-cases 2000]
                                    [--web-users 20] [--web-seconds 10] [--no-web | --web-only]

``--cases 5 --total-cases 100 --no-web`` is the smoke size
(``tests/integration/test_scale_bench_smoke.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == REPO / "bench":
    sys.path[0] = str(REPO)  # bench/diagrams.py would shadow the diagrams package
sys.path.insert(1, str(REPO / "tests" / "integration"))

from bench import pg_seed  # noqa: E402
from casework.testing import free_port, wait_until  # noqa: E402

# The tests' topology helper (tests/integration/topology.py), loaded by name from that folder.
_topology: Any = importlib.import_module("topology")
Topology, create_database, drop_database = (
    _topology.Topology,
    _topology.create_database,
    _topology.drop_database,
)

ADMIN = os.environ.get("CASEWORK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DUE = "2026-03-16"
NOW = "2026-03-16T06:30:00+00:00"
OFFICERS = ["mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna"]


class Sink:
    """The SMTP server process of the tests (``tests/integration/smtp_sink.py``)."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.log = directory / "smtp.jsonl"
        self.log.touch()
        self._read = 0  # bytes of the log counted so far
        self._lines = 0
        script = REPO / "tests" / "integration" / "smtp_sink.py"
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(self.port), str(self.log)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def count(self) -> int:
        # Incremental: at 200,000 messages, re-reading the whole log every half second would
        # take CPU from the sweep being measured.
        with self.log.open("rb") as log:
            log.seek(self._read)
            chunk = log.read()
        complete = chunk.rfind(b"\n") + 1
        self._read += complete
        self._lines += chunk.count(b"\n", 0, complete)
        return self._lines

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def seed(url: str, config_dir: Path, count: int, first: int) -> int:
    """Open ``count`` cases due on DUE through the service (35–55 cases/s): the case change
    whose ``schedule-runs`` latency is measured. The messages they make."""
    from casework.adapters.config.full import load_full_configuration
    from casework.adapters.sql import make_engine
    from casework.adapters.sql.uow import SqlUnitOfWork
    from casework.app import App
    from casework.domain.commands import OpenCase
    from casework.testing import FixedClock

    engine = make_engine(url)
    services = App(
        config=load_full_configuration(config_dir),
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    try:
        for number in range(first, first + count):
            services.open_case(
                OpenCase(
                    workflow="beslutningssag",
                    title=f"Skaleringssag nr. {number}",
                    actor=OFFICERS[number % len(OFFICERS)],
                    route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                )
            )
    finally:
        engine.dispose()
    return 2 * count


def bulk_seed(url: str, config_dir: Path, count: int, first: int, *, background: bool) -> str:
    """Open ``count`` cases with ``bench/pg_seed.py`` (the engine's rows, COPY), check a sample
    with the app's audit and mark the change feed read (as after a ``schedule-runs``); a line
    saying what was done. ``background``: opened from 9 March over 60 days, so none is due
    within the sweep's horizon; else opened 2 March, so each is due on DUE (two messages)."""
    from casework.adapters.config.full import load_full_configuration

    config = load_full_configuration(config_dir)
    day = dt.date(2026, 3, 9) if background else dt.date(2026, 3, 2)
    plan = pg_seed.plan_cases(count, first=first, day=day, spread_days=60 if background else 1,
                              prefix="Baggrundssag" if background else "Skaleringssag")  # fmt: skip
    began = time.monotonic()

    def progress(done: int, seconds: float) -> None:
        if count >= 200_000:
            print(f"  … {done:,} of {count:,} cases seeded ({done / seconds:,.0f}/s)", flush=True)

    ids = pg_seed.seed(url, config, plan, chunk=50_000, progress=progress)
    seeded = time.monotonic() - began
    verdict = pg_seed.check_sample(url, config, ids)
    pg_seed.mark_feed_read(url)
    return (f"{len(ids):,} {'background' if background else 'due'} cases bulk-seeded in "
            f"{seeded:.1f} s ({len(ids) / seeded if seeded else 0:,.0f}/s); {verdict}")  # fmt: skip


def phase(topo: Any, sink: Sink, db: str, config_dir: Path, *, cases: int, first: int,
          workers: int) -> None:  # fmt: skip
    """One measurement with ``workers`` workers running."""
    apis = [topo.parts["api-a"].url, topo.parts["api-b"].url]
    print(f"{workers} worker(s): {bulk_seed(db, config_dir, cases, first, background=False)}",
          flush=True)  # fmt: skip
    messages = 2 * cases
    goal = sink.count() + messages
    began = time.monotonic()
    runs = [(api, topo.create_run(api, "deadline-sweep/casework", {"now": NOW, "force": True}))
            for api in (apis * workers)[:workers]]  # fmt: skip
    wait_until(lambda: sink.count() >= goal, 1800, "every message at the SMTP server")
    sent = time.monotonic() - began
    states = [topo.wait_run(api, run) for api, run in runs]
    done = time.monotonic() - began
    rate = messages / sent if sent else 0.0
    print(f"{workers} worker(s): {cases:,} cases due; {workers} sweep(s) "
          f"sent {messages:,} messages in {sent:.1f} s ({rate:,.0f}/s), all runs final after "
          f"{done:.1f} s: {', '.join(states)}", flush=True)  # fmt: skip
    # Run scheduling after a change: one more case, then one schedule-runs run.
    seed(db, config_dir, 1, first + cases)
    began = time.monotonic()
    run = topo.create_run(apis[0], "schedule-runs/casework", {})
    state = topo.wait_run(apis[0], run)
    took = time.monotonic() - began
    print(f"{workers} worker(s): schedule-runs after a case change: {took:.1f} s from creating "
          f"the run to {state} (pickup, process start, the changed case read)",
          flush=True)  # fmt: skip


def web_figures(cases: int, users: int, seconds: float) -> None:
    """bench/web.py with one and with two uvicorn workers; its p95 lines."""
    for workers in (1, 2):
        done = subprocess.run(
            [sys.executable, str(REPO / "bench" / "web.py"), "--cases", str(cases), "--users",
             str(users), "--seconds", str(seconds), "--workers", str(workers), "--think", "0"],
            capture_output=True, text=True, timeout=1800, check=False, cwd=REPO,
        )  # fmt: skip
        print(f"\nweb app, {workers} uvicorn worker(s) (bench/web.py, {cases:,} cases, "
              f"{users} users back to back, {seconds:g} s per target):")  # fmt: skip
        lines = done.stdout.splitlines()[1:]  # its own machine line is ours
        print("\n".join(line for line in lines if line.strip()) or done.stderr)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1000,
                        help="due cases per phase (two messages each)")  # fmt: skip
    parser.add_argument("--total-cases", type=int, default=0,
                        help="open cases in the database by the second phase; the rest beyond "
                        "the due ones are background cases due later (bulk-seeded)")  # fmt: skip
    parser.add_argument("--web-cases", type=int, default=2000)
    parser.add_argument("--web-users", type=int, default=20)
    parser.add_argument("--web-seconds", type=float, default=10)
    parser.add_argument("--no-web", action="store_true", help="skip the web figures")
    parser.add_argument("--web-only", action="store_true", help="only the web figures")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (kill PID) stops the topology and drops the run's databases as an error would.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from casework.adapters.sql import make_engine, upgrade

    cpus = os.cpu_count()
    print(f"casework scale-out benchmark — {platform.python_implementation()} "
          f"{platform.python_version()}, {cpus} CPUs, {platform.platform()}")  # fmt: skip
    if args.web_only:
        web_figures(args.web_cases, args.web_users, args.web_seconds)
        return 0
    directory = Path(tempfile.mkdtemp(prefix="casework-bench-scale-"))
    config_dir = directory / "config"
    shutil.copytree(REPO / "config", config_dir)
    db = create_database(ADMIN, "casework_bench_scale")
    engine = make_engine(db)
    upgrade(engine)
    engine.dispose()
    sink = Sink(directory)
    extra = {
        "CASEWORK_CONFIG_DIR": str(config_dir),
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(sink.port),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
    }
    topo = Topology.create(directory, ADMIN, db, extra)
    try:
        background = max(0, args.total_cases - 2 * args.cases - 2)
        if background:
            print(bulk_seed(db, config_dir, background, 0, background=True), flush=True)
        began = time.monotonic()
        api_a = topo.start_api("api-a")
        topo.start_api("api-b")
        topo.start_services()
        topo.start_worker("worker-1", api_a)
        print(f"topology up in {time.monotonic() - began:.1f} s: 2 API servers, services, "
              f"1 worker, Redis, PostgreSQL")  # fmt: skip
        phase(topo, sink, db, config_dir, cases=args.cases, first=0, workers=1)
        topo.start_worker("worker-2", topo.parts["api-b"].url)
        phase(topo, sink, db, config_dir, cases=args.cases, first=args.cases + 1, workers=2)
    finally:
        topo.stop()
        sink.stop()
        drop_database(ADMIN, db)
        shutil.rmtree(directory, ignore_errors=True)
    if not args.no_web:
        web_figures(args.web_cases, args.web_users, args.web_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
