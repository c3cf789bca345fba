"""Figures for the OParl import: the full Karlsruhe dump into a fresh database, wall time,
records/s and peak memory; then the re-import (everything unchanged) and ``casework stats``.

Prints measurements, asserts nothing: it is not a test and not a CI gate. Target (issue 7,
item 5): the Karlsruhe dump (14,004 papers, 2,609 meetings) in at most 30 s with at most 1 GB
peak memory. Each import runs in a child process, so its peak RSS is its own (``ru_maxrss`` of
the child), not the parent's.

Run from the repository root::

    .venv/bin/python bench/oparl_import.py [--source DIR] [--url postgresql://…]

``--source`` defaults to /work/shared/acceptance/data/karlsruhe-oparl; without ``--url`` a
fresh SQLite file in a temporary folder is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SOURCE = Path("/work/shared/acceptance/data/karlsruhe-oparl")


def _import(url: str, source: str, queue: Any) -> None:
    from casework.adapters.sql.engine import make_engine
    from casework.app import import_oparl
    from casework.testing import FixedClock

    engine = make_engine(url)
    clock = FixedClock(dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC))
    started = time.perf_counter()
    report = import_oparl(engine, Path(source), clock=clock).as_json()
    wall = time.perf_counter() - started
    engine.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time beside wall time: on a shared machine the wall time includes waiting for a core.
    report["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    queue.put((wall, usage.ru_maxrss / 1024, report))  # ru_maxrss is in kB on Linux


def _stats(url: str, queue: Any) -> None:
    # As `casework stats` does: every history in two scans, then the pure computation.
    from casework.adapters.oparl.store import all_histories
    from casework.adapters.sql.engine import make_engine
    from casework.services.stats import stats_of

    engine = make_engine(url)
    started = time.perf_counter()
    with engine.connect() as connection:
        stats = stats_of(all_histories(connection), by="year")
    wall = time.perf_counter() - started
    engine.dispose()
    queue.put((wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, stats.total))


def _child(target: Any, *args: Any) -> Any:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"{args.source} does not exist")
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade

    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'casework.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        print(f"OParl import benchmark · {args.source} · {url.split('@')[-1]}")
        print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
        wall, peak, report = _child(_import, url, str(args.source))
        counts = report["counts"]
        records = sum(sum(c.values()) for c in counts.values())
        papers = counts["paper"]["imported"]
        skipped = {k: sum(v.values()) for k, v in report["skipped"].items()}
        rows = [
            ("first import, wall time", f"{wall:.1f} s", "<= 30 s", _verdict(wall <= 30)),
            ("first import, CPU time", f"{report['cpu_seconds']:.1f} s", "-", "-"),
            ("first import, peak RSS", f"{peak:.0f} MiB", "<= 1024 MiB", _verdict(peak <= 1024)),
            ("records (all kinds, with consultations and agenda items)", f"{records:,}", "-", "-"),
            ("records/s", f"{records / wall:,.0f}", "-", "-"),
            ("papers → cases, events", f"{papers:,} cases, {report['events']:,} events", "-", "-"),
            ("skipped, by kind", json.dumps(skipped), "-", "-"),
        ]
        wall2, peak2, again = _child(_import, url, str(args.source))
        unchanged = again["counts"]["paper"]["unchanged"]
        rows += [
            ("re-import (no change), wall / peak", f"{wall2:.1f} s / {peak2:.0f} MiB", "-", "-"),
            ("re-import: papers unchanged, anything changed", f"{unchanged:,}, {again['changed']}",
             "-", "-"),
        ]  # fmt: skip
        wall3, peak3, total = _child(_stats, url)
        median = total["duration_days"]["median"]
        rows += [
            ("`stats` over all cases, wall / peak", f"{wall3:.1f} s / {peak3:.0f} MiB", "-", "-"),
            ("context: cases, closed, median duration (days)",
             f"{total['cases']:,}, {total['closed']:,}, {median}", "-", "-"),
        ]  # fmt: skip
        print()
        print("| Figure | Measured | Target | Verdict |")
        print("|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


if __name__ == "__main__":
    main()
