"""Concurrent writers and writers killed mid-write, counted (issue 16, done criterion: "concurrent
writers × operations with lost updates (0), kills mid-write with half-written states (0)").

*Lost updates*: several processes postpone the same few cases as fast as they can, each through
the real application service; every advance a process reports as done must be in the record
exactly once (the cases' versions grow by exactly the number reported), and every case must
equal the replay of its events, with ``audit verify`` clean.

*Kills mid-write*: a process postpones all cases of a batch in one unit of work
(``advance_many``), again and again, and is killed with SIGKILL after a seeded random delay —
so the kill lands anywhere in a batch, the commit included. A kill leaves a half-written state
when the cases' versions differ (a batch is all or nothing), when a case differs from its replay,
or when ``audit verify`` finds anything. The same is done to a process advancing one case at a time.

The sizes are the CI profile; ``CASEWORK_FAULT_PROFILE=fault`` runs the figures recorded in
docs/reliability.md. The figures print as one JSON line per backend and, with
``CASEWORK_FAULT_REPORT`` naming a directory, go to ``writers-<backend>.json`` there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from casework.domain.case import replay
from casework.domain.configuration import Configuration
from tests.integration.test_concurrency import WORKER, _cases_at_committee, _services, _url

FAULT_RUN = os.environ.get("CASEWORK_FAULT_PROFILE") == "fault"
WRITERS = 4
PER_WRITER = 250 if FAULT_RUN else 40
KILLS = 20 if FAULT_RUN else 3  # per kind of writer


def _half_written(services, ids: list[str], *, batch: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with the record after a kill (empty when nothing is)."""
    problems = []
    report = services.verify_audit()
    problems += [f.message("en") for f in report.findings]
    versions = set()
    for case_id in ids:
        stored, events = services.case(case_id)
        versions.add(stored.version)
        if stored.state() != replay(events).state():
            problems.append(f"{case_id} differs from its replay")
    if batch and len(versions) != 1:
        problems.append(f"a batch was cut in half: versions {sorted(versions)}")
    return problems


def _kill_after(args: list[str], delay: float) -> int:
    """Start a writer, wait until it has committed once (it says "ready") plus ``delay``, kill
    it; its return code."""
    with subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if line != "ready":  # the writer failed before writing: the test is broken, not the engine
            err = proc.stderr.read() if proc.stderr else ""
            pytest.fail(f"writer did not start: {line!r} {err}")
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        return proc.returncode


@pytest.mark.slow
def test_writers_lose_no_update_and_kills_leave_nothing_half_written(
    engine: Engine, config: Configuration
) -> None:
    backend = engine.dialect.name
    services = _services(engine, config)
    url = _url(engine)

    # Lost updates: WRITERS processes × PER_WRITER postponements on five cases.
    ids = _cases_at_committee(services, 5)
    base = sum(services.case(c)[0].version for c in ids)
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url, "postpone", ",".join(ids), str(PER_WRITER), str(s)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in range(WRITERS)
    ]
    done = conflicts = 0
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        d, c = map(int, out.split())
        done, conflicts = done + d, conflicts + c
    recorded = sum(services.case(c)[0].version for c in ids) - base
    lost = done - recorded
    problems_after_writers = _half_written(services, ids, batch=False)

    # Kills mid-write: a batch writer and a one-at-a-time writer, KILLS times each.
    rng = random.Random(16)
    batch_ids = _cases_at_committee(services, 6)
    kills = {"batch": 0, "single": 0}
    half_written = {"batch": 0, "single": 0}
    first_problem: list[str] = []
    for kind in ("batch", "single"):
        for n in range(KILLS):
            if kind == "batch":
                args = [url, "batches", ",".join(batch_ids)]
            else:
                args = [url, "forever", ",".join(ids), "0", str(n)]
            returncode = _kill_after(args, rng.uniform(0.05, 0.8))
            assert returncode == -signal.SIGKILL
            kills[kind] += 1
            problems = _half_written(
                services, batch_ids if kind == "batch" else ids, batch=kind == "batch"
            )
            if problems:
                half_written[kind] += 1
                first_problem = first_problem or problems
    # Each killed batch writer committed at least one batch before its kill ("ready").
    batches_committed = services.case(batch_ids[0])[0].version - 5

    figures = {
        "backend": backend,
        "writers": WRITERS,
        "operations": WRITERS * PER_WRITER,
        "advances_recorded": recorded,
        "conflicts_retried": conflicts,
        "lost_updates": lost,
        "inconsistent_after_writers": len(problems_after_writers),
        "kills": kills,
        "half_written": half_written,
        "batches_committed_between_kills": batches_committed,
    }
    print(json.dumps(figures))
    if report_dir := os.environ.get("CASEWORK_FAULT_REPORT"):
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"writers-{backend}.json").write_text(json.dumps(figures, indent=2))

    assert done == WRITERS * PER_WRITER
    assert lost == 0, figures
    assert problems_after_writers == [], problems_after_writers
    assert half_written == {"batch": 0, "single": 0}, first_problem
    assert batches_committed >= KILLS  # the kills did land among committing writers
