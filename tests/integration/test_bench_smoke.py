"""The benchmarks still run: each bench script, tiny, as CI's smoke test (figures not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_schedule_runs_benchmark_runs_and_reads_only_the_changed_cases() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "schedule_runs.py"),
         "--size", "40", "--changed", "3", "--rounds", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(40 cases read" in done.stdout
    assert "(0 cases read)" in done.stdout
    assert "(3 cases read" in done.stdout


def test_the_minutes_benchmark_sends_an_agenda_and_publishes_its_protocol() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "minutes.py"), "--items", "5", "--rounds", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "agenda TMU 2026-04-13: 8 items (5 cases" in done.stdout
    assert "send + publish" in done.stdout
    assert "pdf offentlig" in done.stdout and "pdf fuld" in done.stdout
