"""Progress bars on stderr (issue 18, item 4): shown on a terminal, never in a pipe, not with
``--quiet``, and in the run's language. stdout carries the command's output only.

stderr is a pseudo-terminal here (``pty``), as in a shell; stdout is a pipe.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("casework")
ROOT = Path(__file__).resolve().parents[2]
KARLSRUHE = ROOT / "tests" / "fixtures" / "oparl" / "karlsruhe"


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


def test_sweep_counts_the_messages_it_handles_of_those_due(env: dict[str, str]) -> None:
    assert _on_a_terminal("demo", "--cases", "30", "--quiet", env=env)[0] == 0
    code, out, terminal = _on_a_terminal("reminders", "sweep", "--json", env=env)
    assert code == 0
    report = json.loads(out)  # stdout: the report only
    handled = report["sent"] + report["failed"] + report["gave_up"] + report["obsolete"]
    assert handled > 0
    assert f"{handled}/{handled}" in terminal  # counted up to all those due


def test_export_counts_the_files_it_writes(env: dict[str, str], tmp_path: Path) -> None:
    assert _on_a_terminal("demo", "--cases", "5", "--quiet", env=env)[0] == 0
    code, out, terminal = _on_a_terminal(
        "export", "oparl", str(tmp_path / "oparl"), "--json", env=env
    )
    assert code == 0
    files = json.loads(out)["files"]
    assert files > 1 and f"{files}/{files}" in terminal


def test_import_counts_the_papers_and_again_when_nothing_changed(env: dict[str, str]) -> None:
    code, out, terminal = _on_a_terminal("import", "oparl", str(KARLSRUHE), "--json", env=env)
    assert code == 0
    assert json.loads(out)["counts"]["paper"]["imported"] == 4
    assert "Importerer OParl" in terminal and "4/4" in terminal
    code, out, terminal = _on_a_terminal(
        "--lang", "en", "import", "oparl", str(KARLSRUHE), "--json", env=env
    )
    assert code == 0 and json.loads(out)["changed"] is False
    assert "Importing OParl" in terminal and "4/4" in terminal


@pytest.mark.parametrize(
    "command",
    [
        ("import", "oparl", str(KARLSRUHE)),
        ("export", "oparl", "{tmp}/oparl"),
        ("reminders", "sweep"),
    ],
    ids=["import", "export", "sweep"],
)
def test_the_counting_commands_show_none_quiet_or_in_a_pipe(
    env: dict[str, str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    assert _on_a_terminal("demo", "--cases", "30", "--quiet", env=env)[0] == 0
    args = [a.format(tmp=tmp_path) for a in command]
    code, out, terminal = _on_a_terminal("--quiet", *args, "--json", env=env)
    assert (code, terminal) == (0, "") and json.loads(out)
    done = subprocess.run([str(SCRIPT), *args, "--json"], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "") and json.loads(done.stdout)
