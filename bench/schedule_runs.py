"""Figures for schedule-runs (issue 12.4): the old full scan against the change-driven run.

Prints measurements, asserts nothing: it is not a test and not a CI gate (CI runs it tiny, as a
smoke test: ``--size 40 --changed 3``). One run

1. opens ``--size`` cases with ``Case.open`` on the example configuration (genuine rows and
   ``case.opened`` events), loaded with ``bulk_load``; their deadlines are spread over the next
   eight weeks, so most have reminders within the three-week horizon;
2. times the old ``schedule-runs`` loop: every case read as a ``Case`` and asked for its
   upcoming reminders and its recorded runs (``--rounds`` times, the median kept);
3. times the new first run (no cursor: every case id), stores its position, then changes
   ``--changed`` cases through ``App.advance`` (each change a committed event with its feed row)
   and times the change-driven run, which reads only those cases.

Prefect is left out: creating and cancelling runs costs the same either way, and only for the
reminders that changed. Run from the repository root::

    .venv/bin/python bench/schedule_runs.py [--size 100000] [--changed 100] [--rounds 3]
                                            [--url postgresql://...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CONFIG_DIR = REPO / "config"
#: The run happens at 09:00 Copenhagen on Tue 8 September 2026.
DAY = dt.date(2026, 9, 8)
NOW = dt.datetime(2026, 9, 8, 7, 0, tzinfo=dt.UTC)
HORIZON = dt.timedelta(days=21)
OFFICERS = ("mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna")
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]


def seed(url: str, size: int) -> None:
    """Load ``size`` open cases at their first step, with deadlines over the next 8 weeks."""
    from casework.adapters.config.full import load_full_configuration
    from casework.adapters.sql import bulk_load, make_engine, upgrade
    from casework.domain.case import Case
    from casework.domain.routes import build_route

    config = load_full_configuration(CONFIG_DIR)
    municipality = config.municipality
    definition = config.workflow("beslutningssag")
    graph = definition.expand(build_route(ROUTE, definition, municipality))
    at = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)

    def generate() -> Iterator[tuple[Case, list[object]]]:
        for number in range(size):
            owner = municipality.people[OFFICERS[number % len(OFFICERS)]]
            case = Case.open(
                case_id=f"2026-{number + 1:06d}", graph=graph, title=f"Benchmarksag {number + 1}",
                owner=owner.id, centre=sorted(owner.centres)[0], attributes={}, at=at,
                today=DAY, actor=owner.id, deadline=DAY + dt.timedelta(days=3 + number % 56),
                calendar=config.work_calendar,
            )  # fmt: skip
            yield case, list(case.pending)

    engine = make_engine(url)
    upgrade(engine)
    bulk_load(engine, generate())  # type: ignore[arg-type]
    engine.dispose()


def timed(action: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """The median wall time of ``rounds`` calls, and the last result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def old_full_scan(services: Any, reminders: Any) -> int:
    """The loop schedule-runs ran before the change feed: every case, every five minutes."""
    from casework.app import CaseQuery

    until, wanted_total = NOW + HORIZON, 0
    for case in services.cases(CaseQuery(status=None, limit=10_000_000)):
        wanted = {r.key: r for r in reminders.upcoming(case.id, now=NOW) if r.fire_at <= until}
        known = {run.key for run in reminders.runs_for_case(case.id)}
        wanted_total += len(set(wanted) - known)
    return wanted_total


def run(url: str, data_dir: Path, size: int, changed: int, rounds: int) -> None:
    """Seed, then print the timings of the old and the new run."""
    from casework.app import open_app
    from casework.domain.commands import AdvanceCase
    from casework.settings import Settings
    from casework.testing import FixedClock

    start = time.perf_counter()
    seed(url, size)
    print(f"  seeded {size:,} open cases in {time.perf_counter() - start:.1f} s")
    database = None if url.startswith("sqlite") else url
    settings = Settings(data_dir=data_dir, config_dir=CONFIG_DIR, database_url=database)
    services = open_app(settings, clock=FixedClock(NOW))
    reminders = services.reminders
    try:
        old, wanted = timed(lambda: old_full_scan(services, reminders), rounds)
        print(
            f"  old full scan:        {old:8.2f} s  ({size:,} cases read, {wanted:,} runs wanted)"
        )
        until = NOW + HORIZON
        first_time, first = timed(
            lambda: services.reminder_runs_to_schedule(reminders, now=NOW, until=until), 1
        )
        print(f"  new, first run (all): {first_time:8.2f} s  ({first.cases_read:,} cases read)")
        services.reminder_runs_scheduled(first)
        quiet, plan = timed(
            lambda: services.reminder_runs_to_schedule(reminders, now=NOW, until=until), rounds
        )
        print(f"  new, nothing changed: {quiet * 1000:8.1f} ms ({plan.cases_read} cases read)")
        step = max(1, size // max(changed, 1))
        start = time.perf_counter()
        for number in range(0, step * changed, step):
            owner = OFFICERS[number % len(OFFICERS)]
            case_id = f"2026-{number + 1:06d}"
            services.advance(AdvanceCase(case_id=case_id, action="indsend", actor=owner))
        per_change = (time.perf_counter() - start) / max(changed, 1)
        print(f"  {changed} changes through App.advance: {per_change * 1000:.1f} ms each")
        # Each round reads the same k changes: the position is stored only after the timing.
        after, plan = timed(
            lambda: services.reminder_runs_to_schedule(reminders, now=NOW, until=until), rounds
        )
        print(
            f"  new, {changed} changed:      {after * 1000:8.1f} ms ({plan.cases_read} cases "
            f"read, {len(plan.create)} runs to create, {len(plan.cancel)} to cancel)"
        )
        print(f"  speed-up over the full scan: {old / after:,.0f}x")
    finally:
        services.close()


def main() -> None:
    """Parse the arguments and run on SQLite (or on the database at ``--url``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="open cases (default 100,000)")
    parser.add_argument("--changed", type=int, default=100, help="cases changed (default 100)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", default=None, help="an empty PostgreSQL database instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casework-bench-schedule-") as tmp:
        data_dir = Path(tmp)
        url = args.url or f"sqlite:///{data_dir / 'casework.db'}"
        backend = "PostgreSQL" if args.url else "SQLite"
        print(f"{backend}: schedule-runs over {args.size:,} open cases, {args.changed} changed")
        run(url, data_dir, args.size, args.changed, args.rounds)


if __name__ == "__main__":
    main()
