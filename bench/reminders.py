"""Figures for the deadline sweep (issue 5): one sweep over 100,000 open cases, 10,000 due.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run

1. opens ``--cases`` cases with ``Case.open`` on the example configuration (genuine rows and
   ``case.opened`` events) and loads them with ``bulk_load``; ``--due`` of them have a reminder
   due at the sweep's instant, in the mix 70 % "before" (to the case officer), 20 % "due"
   (officer and centre head) and 10 % "overdue" (director and two secretariat people); the
   rest are due weeks later, outside the sweep's horizon;
2. starts a local SMTP server process (aiosmtpd; it counts what it accepts);
3. runs ``casework.app.reminder_service(...).sweep(now)`` in a fresh process, sending
   every message over SMTP, and reports that process's wall time, messages per second and
   peak RSS (``resource.getrusage``), so seeding does not count against the sweep;
4. checks that the server received each message exactly once.

Run from the repository root::

    .venv/bin/python bench/reminders.py [--cases 100000] [--due 10000]
                                          [--postgres | --only-postgres]

Targets (issue 5): one sweep <= 60 s and <= 500 MB peak memory.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG_DIR = REPO / "config"
PG_ADMIN_URL = os.environ.get(
    "CASEWORK_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
#: The sweep runs at 07:30 Copenhagen on Tue 8 September 2026.
SWEEP_DAY = dt.date(2026, 9, 8)
SWEEP_AT = dt.datetime(2026, 9, 8, 5, 30, tzinfo=dt.UTC)
TARGET_SECONDS = 60.0
TARGET_MB = 500.0
OFFICERS = ("mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna")
ROUTES = (
    [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
    [("buu", "indstiller"), ("kb", "beslutter")],
    [("bpu", "beslutter")],
)


# --------------------------------------------------------------------------- the SMTP sink
def sink_main(port: int, log: str) -> None:
    """An aiosmtpd server that appends each accepted message's key to ``log``."""
    import email
    import signal
    from typing import Any

    from aiosmtpd.controller import Controller

    stream = open(log, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole process

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message = email.message_from_bytes(envelope.content)
            stream.write(f"{message['X-Casework-Key']}\n")
            stream.flush()
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


# --------------------------------------------------------------------------- the sweep process
def sweep_main(url: str, data_dir: str) -> None:
    """One sweep, as ``casework reminders sweep`` runs it; prints its figures as JSON."""
    from casework.app import reminder_service
    from casework.settings import Settings

    started = time.perf_counter()
    service = reminder_service(
        Settings(data_dir=Path(data_dir), config_dir=CONFIG_DIR, database_url=url)
    )
    ready = time.perf_counter()
    report = service.sweep(now=SWEEP_AT)
    done = time.perf_counter()
    service.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "report": report.model_dump(),
                "setup_s": ready - started,
                "sweep_s": done - ready,
                "peak_mb": peak_kb / 1024,
            }
        ),
        flush=True,
    )


# --------------------------------------------------------------------------- seeding
def seed(url: str, cases: int, due: int) -> dict[str, int]:
    """Load ``cases`` open cases, ``due`` of them with a reminder due at SWEEP_AT."""
    from casework.adapters.config.full import load_full_configuration
    from casework.adapters.sql import bulk_load, make_engine, upgrade
    from casework.domain.case import Case
    from casework.domain.routes import build_route

    config = load_full_configuration(CONFIG_DIR)
    calendar = config.work_calendar
    assert calendar is not None
    municipality = config.municipality
    definition = config.workflow("beslutningssag")
    graphs = [definition.expand(build_route(r, definition, municipality)) for r in ROUTES]
    kinds = {
        "before": calendar.hverdage_after(SWEEP_DAY, 3),
        "due": SWEEP_DAY,
        "overdue": calendar.hverdage_before(SWEEP_DAY, 2),
    }
    plan = ["before"] * (due * 7 // 10) + ["due"] * (due * 2 // 10)
    plan += ["overdue"] * (due - len(plan))
    counts = collections.Counter(plan)
    at = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)

    def generate() -> Iterator[tuple[Case, list[object]]]:
        for number in range(cases):
            owner = municipality.people[OFFICERS[number % len(OFFICERS)]]
            kind = plan[number] if number < len(plan) else None
            # Cases without a due reminder have their deadline 4-12 weeks after the sweep.
            deadline = kinds[kind] if kind else SWEEP_DAY + dt.timedelta(days=28 + number % 56)
            case = Case.open(
                case_id=f"2026-{number + 1:06d}",
                graph=graphs[number % len(graphs)],
                title=f"Benchmarksag {number + 1}",
                owner=owner.id,
                centre=sorted(owner.centres)[0],
                attributes={},
                at=at,
                today=SWEEP_DAY + dt.timedelta(days=60),  # step due after every deadline
                actor=owner.id,
                deadline=deadline,
                calendar=calendar,
            )
            yield case, list(case.pending)

    engine = make_engine(url)
    upgrade(engine)
    bulk_load(engine, generate())  # type: ignore[arg-type]
    engine.dispose()
    return dict(counts)


# --------------------------------------------------------------------------- main
def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(url: str, cases: int, due: int, work: Path) -> None:
    """Seed, start the SMTP server, sweep in a fresh process, check and print the figures."""
    started = time.perf_counter()
    counts = seed(url, cases, due)
    seeded = time.perf_counter() - started
    expected = counts.get("before", 0) + 2 * counts.get("due", 0) + 3 * counts.get("overdue", 0)
    print(f"  · seeded {cases:,} open cases in {seeded:.1f} s; reminders due: {dict(counts)}")
    port = free_port()
    log = work / f"smtp-{port}.log"
    log.touch()
    sink = subprocess.Popen(
        [sys.executable, __file__, "--sink", str(port), str(log)], stdout=subprocess.PIPE, text=True
    )
    assert sink.stdout is not None
    assert sink.stdout.readline().strip() == "ready"
    env = dict(os.environ)
    env |= {
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(port),
    }
    try:
        wall = time.perf_counter()
        result = subprocess.run(
            [sys.executable, __file__, "--sweep", url, str(work / "data")],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        wall = time.perf_counter() - wall
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        sink.stdout.close()
    if result.returncode != 0:
        print(result.stderr)
        raise SystemExit(1)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    report = figures["report"]
    received = collections.Counter(log.read_text(encoding="utf-8").split())
    repeated = sum(1 for n in received.values() if n > 1)
    sent = report["sent"]
    rate = sent / figures["sweep_s"] if figures["sweep_s"] else 0.0
    ok_time = wall <= TARGET_SECONDS
    ok_mem = figures["peak_mb"] <= TARGET_MB
    print(f"  · sweep report: {json.dumps({k: v for k, v in report.items() if k != 'now'})}")
    print(f"  {'figure':<44} {'measured':>14}   target")
    print(f"  {'cases scanned (due within the horizon)':<44} {report['cases_scanned']:>14,}")
    print(f"  {'reminders due':<44} {report['reminders_due']:>14,}")
    print(f"  {'messages sent over SMTP (expected)':<44} {sent:>8,} ({expected:,})")
    print(f"  {'received by the server / repeated':<44} {sum(received.values()):>8,} / {repeated}")
    print(f"  {'sweep process wall time':<44} {wall:>12.1f} s   <= {TARGET_SECONDS:.0f} s "
          f"{'PASS' if ok_time else 'MISS'}")  # fmt: skip
    print(f"  {'  of which start-up (config, engine)':<44} {figures['setup_s']:>12.1f} s")
    print(f"  {'  of which the sweep itself':<44} {figures['sweep_s']:>12.1f} s")
    print(f"  {'messages per second':<44} {rate:>14,.0f}")
    print(f"  {'peak RSS of the sweep process':<44} {figures['peak_mb']:>11.0f} MB   "
          f"<= {TARGET_MB:.0f} MB {'PASS' if ok_mem else 'MISS'}")  # fmt: skip


def main() -> None:
    """Parse the arguments and run the benchmark on SQLite (and PostgreSQL on request)."""
    if len(sys.argv) > 1 and sys.argv[1] == "--sink":
        sink_main(int(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--sweep":
        sweep_main(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--only-postgres", action="store_true", help="PostgreSQL alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casework-bench-reminders-") as tmp:
        work = Path(tmp)
        if not args.only_postgres:
            print(f"SQLite ({args.cases:,} open cases, {args.due:,} reminders due)")
            run(f"sqlite:///{work / 'casework.db'}", args.cases, args.due, work)
        if args.postgres or args.only_postgres:
            import psycopg

            name = f"casework_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                print(f"PostgreSQL ({args.cases:,} open cases, {args.due:,} reminders due)")
                base = PG_ADMIN_URL.rsplit("/", 1)[0]
                run(f"{base}/{name}", args.cases, args.due, work)
            finally:
                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
