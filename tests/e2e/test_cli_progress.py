"""Progress bars on stderr (issue 18, item 4): shown on a terminal, never in a pipe, not with
``--quiet``, and in the run's language. stdout carries the command's output only.

stderr is a pseudo-terminal here (``pty``), as in a shell; stdout is a pipe.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("casework")
ROOT = Path(__file__).resolve().parents[2]


def _on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run casework with stderr on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=120), out, b"".join(chunks).decode(errors="replace")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = {**os.environ, "CASEWORK_DATA_DIR": str(tmp_path / "data"),
              "CASEWORK_CONFIG_DIR": str(ROOT / "config")}  # fmt: skip
    for name in ("CASEWORK_DATABASE_URL", "CASEWORK_LANG"):
        values.pop(name, None)
    done = subprocess.run([str(SCRIPT), "init"], env=values, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    return values


def test_demo_shows_a_bar_with_its_count_on_a_terminal(env: dict[str, str]) -> None:
    code, out, terminal = _on_a_terminal("demo", "--cases", "12", env=env)
    assert code == 0
    assert out == "12 demosager er oprettet.\n"  # stdout: the report only
    assert "Opretter demosager" in terminal
    assert "/12" in terminal


def test_the_bar_is_in_the_runs_language(env: dict[str, str]) -> None:
    code, _, terminal = _on_a_terminal("demo", "--cases", "3", "--lang", "en", env=env)
    assert code == 0
    assert "Opening demo cases" in terminal and "Opretter" not in terminal


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_shows_none(env: dict[str, str], flag: str) -> None:
    args = ("demo", "--cases", "3", flag) if flag == "--quiet" else (flag, "demo", "--cases", "3")
    code, out, terminal = _on_a_terminal(*args, env=env)
    assert (code, out, terminal) == (0, "3 demosager er oprettet.\n", "")


def test_a_pipe_gets_no_bar(env: dict[str, str]) -> None:
    done = subprocess.run([str(SCRIPT), "demo", "--cases", "3"], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, "3 demosager er oprettet.\n", "")


def test_sweep_and_export_show_a_bar_on_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    assert _on_a_terminal("demo", "--cases", "5", "--quiet", env=env)[0] == 0
    code, _, terminal = _on_a_terminal("reminders", "sweep", env=env)
    assert code == 0 and "Sender påmindelser" in terminal
    code, _, terminal = _on_a_terminal("export", "oparl", str(tmp_path / "oparl"), env=env)
    assert code == 0 and "Eksporterer OParl" in terminal
