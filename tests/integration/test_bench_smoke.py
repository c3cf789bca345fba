"""The benchmarks still run: each bench script, tiny, as CI's smoke test (figures not checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


# --------------------------------------------------------------------------- every bench script
#: Each bench script at a tiny size (issue 17): it must run to the end and print its figures; the
#: figures themselves are not checked. A script added to bench/ without a line here fails
#: test_every_bench_script_has_a_smoke_run, so no benchmark can rot unnoticed.
SMOKE: dict[str, list[str]] = {
    "agenda.py": ["--items", "3", "--others", "5", "--rounds", "1"],
    "anchors.py": ["--cases", "200", "--touched", "5"],
    "bilag.py": ["--items", "3", "--others", "5", "--rounds", "1"],
    "delegation.py": ["--cases", "2000", "--sample-size", "10"],
    "diagram_lanes.py": [],
    "diagrams.py": ["--rounds", "1", "--events", "2000"],
    "engine.py": ["--cases", "300", "--urgent-rows", "2000", "--skip-postgres"],
    "minutes.py": ["--items", "5", "--rounds", "1"],
    "oparl_import.py": [],
    "peer_engine.py": ["--cases", "5", "sqlite"],
    "planning.py": ["--cases", "200", "--rounds", "1"],
    "presentation.py": ["--items", "3", "--others", "5", "--rounds", "1"],
    "reminders.py": ["--cases", "300", "--due", "30"],
    "schedule_runs.py": ["--size", "40", "--changed", "3", "--rounds", "1"],
    "serve.py": [],
    "web.py": ["--cases", "60", "--users", "2", "--seconds", "0.5", "--think", "0"],
}
#: Scripts that are not Python: how to smoke them (peers.sh with .venv alone; the peers' own
#: libraries are not installed there, so the harness runs casework beside raw sqlite3 only).
SMOKE_SHELL: dict[str, list[str]] = {
    "peers.sh": ["--cases", "5", "--reps", "1", "--no-memory", "--only", "raw-sqlite"],
}


#: Scripts whose smoke run lives in a test file of their own.
SMOKED_ELSEWHERE = {
    "scale.py": "tests/integration/test_scale_bench_smoke.py",
    # scale.py's bulk seeder (a module it imports): compared row by row with the service there
    "pg_seed.py": "tests/integration/test_bulk_seed.py",
}


def test_every_bench_script_has_a_smoke_run() -> None:
    scripts = {p.name for p in (ROOT / "bench").iterdir() if p.suffix in {".py", ".sh"}}
    missing = scripts - set(SMOKE) - set(SMOKE_SHELL) - set(SMOKED_ELSEWHERE)
    assert not missing, f"bench scripts without a smoke run here: {sorted(missing)}"
    for script, test in SMOKED_ELSEWHERE.items():
        assert script not in scripts or (ROOT / test).is_file(), test


def _needs(script: str) -> None:
    if not (ROOT / "bench" / script).is_file():
        pytest.skip(f"bench/{script} is not in this checkout")
    if script == "oparl_import.py":
        source = ROOT.parent / "shared" / "acceptance" / "data" / "karlsruhe-oparl"
        if not source.is_dir():
            pytest.skip(f"the OParl dump is not at {source}")
    if script in {"peers.sh"} and not (ROOT.parent / "shared" / "tools" / "peers").is_dir():
        pytest.skip("the peer benchmark is not at ../shared/tools/peers")


@pytest.mark.parametrize("script", sorted(set(SMOKE) - {"schedule_runs.py", "minutes.py"}))
def test_the_bench_script_runs_at_a_tiny_size(script: str, tmp_path: Path) -> None:
    _needs(script)
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *SMOKE[script]],
        capture_output=True, text=True, timeout=900, cwd=ROOT, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.strip(), done.stderr[-4000:]
    assert "Traceback" not in done.stderr, done.stderr[-4000:]


def test_the_peer_engine_audits_its_run(tmp_path: Path) -> None:
    """peer_engine.py through the peer benchmark: every run audited, the audit line printed."""
    _needs("peers.sh")
    env = {**os.environ, "PEERS_VENV": "-", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", str(ROOT / "bench" / "peers.sh"), *SMOKE_SHELL["peers.sh"]],
        capture_output=True, text=True, timeout=900, cwd=ROOT, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "casework " in done.stdout and "raw-sqlite " in done.stdout
    assert "verify_audit: 5 cases, 45 events, 0 findings" in done.stderr, done.stderr[-4000:]
    assert "found no setup()" not in done.stderr  # setup() stayed outside the timing


@pytest.mark.postgres
def test_the_peer_engine_runs_on_postgresql(postgres_url: str) -> None:
    # The session's database as the last test left it may hold any schema (test_backup stamps
    # a revision newer than the code, which the bench's downgrade cannot start from): empty it.
    from tests.integration.conftest import _reset_postgres

    _reset_postgres(postgres_url)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "peer_engine.py"), "--cases", "5", postgres_url],
        capture_output=True, text=True, timeout=900, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "40 transitions" in done.stdout
    assert "verify_audit: 5 cases, 45 events, 0 findings" in done.stderr, done.stderr[-4000:]
