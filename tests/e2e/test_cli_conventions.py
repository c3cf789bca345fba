"""The CLI conventions people expect (issue 18, item 4): ``--version``, shell completion, a clean
stop when a prompt's input ends (EOF) or the reader of stdout goes away (a closed pipe).

The pipe and completion tests run the installed console script in a real process: both are
about the process (its exit code, its stderr, what the shell receives).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).with_name("casework")


def _process(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version(run: Cli) -> None:
    code, out, err = run.bare("--version")
    assert (code, out, err) == (0, f"casework {version('casework')}\n", "")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script(run: Cli, shell: str) -> None:
    code, out, err = run.bare("completion", shell)
    assert code == 0, err
    assert "_CASEWORK_COMPLETE" in out
    assert f"complete_{shell}" in out


def test_completion_of_an_unknown_shell_is_one_line(run: Cli) -> None:
    code, out, err = run.bare("completion", "tcsh")
    assert code == 1
    assert err.startswith("[CW213]") and len(err.strip().splitlines()) == 1, err
    assert out == ""


def test_the_shell_gets_commands_and_options(env: Path) -> None:
    """What bash's completion function asks, the way the printed script asks it."""
    bash = {"_CASEWORK_COMPLETE": "complete_bash", "COMP_WORDS": "casework case sh",
            "COMP_CWORD": "2"}  # fmt: skip
    done = _process(env=bash)
    assert (done.returncode, done.stdout.split()) == (0, ["show"]), done.stderr
    zsh = {"_CASEWORK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "casework case list --st"}
    done = _process(env=zsh)
    assert done.returncode == 0, done.stderr
    assert '"--status"' in done.stdout and '"--step"' in done.stdout


def test_completion_script_is_valid_bash(env: Path) -> None:
    script = _process("completion", "bash").stdout
    checked = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True,
                             check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stderr


@pytest.fixture
def ready(env: Path, run: Cli) -> Path:
    assert run("init").code == 0
    assert run("demo", "--cases", "30").code == 0
    return env


@pytest.mark.parametrize(
    "args",
    [("case", "list"), ("case", "list", "--json"), ("board",), ("--help",)],
    ids=" ".join,
)
def test_a_closed_pipe_ends_quietly(ready: Path, args: tuple[str, ...]) -> None:
    """`casework case list | head -0`: the reader is gone before the first write."""
    process = subprocess.Popen(
        [str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    code = process.wait(timeout=120)
    err = process.stderr.read().decode()
    process.stderr.close()
    assert (code, err) == (0, "")


def test_head_gets_its_line(ready: Path) -> None:
    shown = subprocess.run(
        f"'{SCRIPT}' case list --json | head -1; echo \"rc=${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=120,
        env=os.environ, check=False,
    )  # fmt: skip
    assert shown.stdout.splitlines() == ["[", "rc=0"], shown.stdout + shown.stderr
    assert shown.stderr == ""


@pytest.mark.parametrize(
    ("stdin", "args", "asked"),
    [
        ("", (), "Adgangskode"),
        ("hemmelig-kode\n", (), "Gentag adgangskoden"),
        ("", ("--password-stdin",), "Adgangskode"),
    ],
)
def test_set_password_at_the_end_of_its_input(
    ready: Path, stdin: str, args: tuple[str, ...], asked: str
) -> None:
    done = _process("user", "set-password", "mette", *args, stdin=stdin)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("[CW970] Intet svar: inputtet sluttede ved"), done.stderr
    assert f"'{asked}'" in last
    assert done.stdout == ""


def test_set_password_at_the_end_of_its_input_in_english(ready: Path) -> None:
    done = _process("user", "set-password", "mette", stdin="", env={"CASEWORK_LANG": "en"})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "[CW970] No answer: the input ended at 'Password' (use --password-stdin in scripts)."
    )


def test_set_password_from_a_pipe_still_works(ready: Path) -> None:
    done = _process("user", "set-password", "mette", stdin="hemmelig-kode\nhemmelig-kode\n")
    assert done.returncode == 0, done.stderr
    assert "mette" in done.stdout
    assert "GetPassWarning" not in done.stderr
