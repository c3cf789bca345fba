"""``pip install casework`` works from an empty directory (issue 18): the wheel built from this
checkout, installed into a fresh virtual environment outside the repository, runs
``casework init --example eksempel && casework demo && casework board`` with nothing of the
checkout on ``sys.path``.

Built with ``uv build`` (the sdist, then the wheel from the sdist, as an index would build it).
The environment gets the locked runtime dependencies through ``uv sync --frozen --no-dev
--no-install-project`` from uv's cache, which ``scripts/setup.sh`` fills (offline first; only a
cache miss goes to the index, as setup itself would), and then the wheel itself, without
dependencies. The commands run in an empty temporary directory with a clean environment (no
``PYTHONPATH``, no ``CASEWORK_*``, the data under a temporary ``XDG_DATA_HOME``).

Also checked on the way: the archives' contents (no top-level ``flows``/``diagrams``/``config``
in the wheel, the example municipality inside it, no data or tour outputs in the sdist), the
missing-configuration error saying how to get one, and that a second ``init --example`` refuses
to overwrite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _uv() -> str:
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.is_file() else shutil.which("uv")
    assert found, "uv is missing: scripts/setup.sh installs it into .venv"
    return found


def _run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check:
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _build(uv: str, out: Path) -> tuple[Path, Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    build = [uv, "build", "--quiet", "--out-dir", str(out)]
    # hatchling from uv's cache (the editable install of setup.sh built with it), else fetched.
    if _run([*build, "--offline"], cwd=ROOT, env=env, check=False).returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        _run(build, cwd=ROOT, env=env)
    (wheel,) = out.glob("casework-*.whl")
    (sdist,) = out.glob("casework-*.tar.gz")
    return wheel, sdist


def _check_archives(wheel: Path, sdist: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"casework", "casework-0.1.0.dist-info"}, tops  # no flows, diagrams, config
    for member in (
        "casework/flows/deployments.py",
        "casework/diagrams/__init__.py",
        "casework/examples/eksempel/municipality.yaml",
        "casework/examples/eksempel/workflows/beslutningssag.yaml",
        "casework/examples/eksempel/schemas/workflow.schema.json",
    ):
        assert member in names, member
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]

    with tarfile.open(sdist) as archive:
        members = [m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name]
    sdist_tops = {m.split("/", 1)[0] for m in members}
    assert {"casework", "flows", "diagrams", "config", "pyproject.toml"} <= sdist_tops
    # Never a working tree's data, tour outputs or caches.
    assert not sdist_tops & {"data", "var", "dist", ".venv", "dagsorden", "oparl-out"}
    made = [m for m in members if m.endswith((".db", ".pyc", ".ics", ".pickle"))]
    assert [m for m in made if not m.startswith("tests/fixtures/")] == []


def _environment(uv: str, venv: Path, wheel: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEWORK_", "VIRTUAL_ENV"))}
    env["UV_PROJECT_ENVIRONMENT"] = str(venv)
    sync = [uv, "sync", "--frozen", "--no-dev", "--no-install-project", "--quiet"]
    sync += ["--python", sys.executable]
    if _run([*sync, "--offline"], cwd=ROOT, env=env, check=False).returncode != 0:
        _run(sync, cwd=ROOT, env=env)  # a package missing from the cache: fetch it, as setup
    python = venv / "bin" / "python"
    install = [uv, "pip", "install", "--quiet", "--offline", "--no-deps", "--python", str(python)]
    _run([*install, str(wheel)], cwd=venv.parent)


def test_the_wheel_works_from_an_empty_directory(tmp_path: Path) -> None:
    uv = _uv()
    wheel, sdist = _build(uv, tmp_path / "dist")
    _check_archives(wheel, sdist)
    venv = tmp_path / "venv"
    _environment(uv, venv, wheel)

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin",  # dot, fc-match
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "LANG": "C.UTF-8",
        "COLUMNS": "250",  # long paths on one line
    }

    def casework(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run([str(venv / "bin" / "casework"), *args], cwd=empty, env=env, check=check)

    # The installed package, not the checkout; and no top-level flows or diagrams at all.
    probe = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import importlib.util as u, casework, casework.flows.deployments, "
            "casework.diagrams.wheel, casework.fonts as f; "
            "print(casework.__file__); print(u.find_spec('flows'), u.find_spec('diagrams')); "
            "print(f.font_file().is_file()); "
            "print(casework.flows.deployments.deployments()[0].entrypoint)",
        ],
        cwd=empty,
        env=env,
    ).stdout.splitlines()
    assert probe[0].startswith(str(venv)), probe
    assert probe[1:3] == ["None None", "True"], probe
    # The deployments `casework serve` registers name their flows by module path in the package.
    assert probe[-1] == "casework.flows.deadlines.deadline_sweep", probe
    assert str(ROOT) not in "".join(probe)

    # No configuration yet: the error says how to get one.
    missing = casework("config", "check", check=False)
    assert missing.returncode == 1
    assert missing.stderr.startswith("[CW101] Kan ikke læse ")
    assert "casework init --example eksempel" in missing.stderr
    assert "CASEWORK_CONFIG_DIR" in missing.stderr
    assert "Traceback" not in missing.stderr

    init = casework("init", "--example", "eksempel")
    assert f"er skrevet til {empty / 'config'}" in init.stdout
    assert "Databasen er klar: sqlite:///" in init.stdout
    assert (empty / "config" / "municipality.yaml").is_file()
    assert (tmp_path / "xdg" / "casework" / "casework.db").is_file()

    demo = casework("demo")
    assert "60 demosager er oprettet." in demo.stdout
    board = casework("board")
    assert "Sagstavlen – Eksempel Kommune" in board.stdout

    again = casework("init", "--example", "eksempel", check=False)
    assert again.returncode == 1
    assert again.stderr.startswith("[CW961] ")
    assert sorted(p.name for p in empty.iterdir()) == ["config"]  # nothing beside it
