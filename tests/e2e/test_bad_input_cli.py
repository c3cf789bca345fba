"""Issue 16, items 2 and 3 through the CLI: one line, exit 1, nothing written; and a case that
already holds a bad value (stored before the rules) still shows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from casework.domain import commands, organisation

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

CASE = ["case", "new", "--as", "mette", "--route", "tmu:beslutter"]


def _no_cases(run: Cli) -> None:
    listed = run("case", "list", "--json")
    assert listed.code == 0 and json.loads(listed.out) == []


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--title", "Vejprojekt \x1b[31mrødt\x1b[0m"], "CW230"),
        (["--title", "Vejprojekt\x00skjult"], "CW230"),
        (["--title", "Vejprojekt\nVedtaget af KB"], "CW230"),
        (["--title", "Vejprojekt", "--attr", "beloeb=1e309"], "CW231"),
        (["--title", "Vejprojekt", "--attr", "beloeb=inf"], "CW231"),
        (["--title", "Vejprojekt", "--attr", "beloeb=nan"], "CW231"),
        (["--title", "Vejprojekt", "--attr", "beloeb=99999999999999999999999"], "CW231"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run: Cli, args: list[str], code: str) -> None:
    outcome = run(*CASE, *args)
    assert outcome.code == 1
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"[{code}]"), outcome.output
    assert "Traceback" not in outcome.output and "\x1b" not in outcome.output
    _no_cases(run)


def test_english_message(run: Cli) -> None:
    outcome = run("--lang", "en", *CASE, "--title", "Vejprojekt", "--attr", "beloeb=1e309")
    assert outcome.code == 1 and "is not a valid number" in outcome.err


def test_a_case_stored_with_bad_values_still_shows(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the code before the rules stored them: the checks switched off for the write only.
    with monkeypatch.context() as before:
        before.setattr(organisation, "within_limit", lambda _n: True)
        before.setattr(organisation, "check_number", lambda value, _field="": value)
        before.setattr(commands, "check_number", lambda value, _field="": value)
        before.setattr(commands, "check_one_line", lambda text, _field="": text)
        made = run(
            "case", "new", "--as", "mette", "--print-id",
            "--title", "Vej\x1b[2J\x1b]8;;http://x\x07[red]rødt[/red]\x00 <b>x</b>",
            "--attr", "beloeb=1e309", "--attr", "sagstype=tillaegsbevilling",
            "--attr", "politikomraade=oekonomi",
        )  # fmt: skip
        assert made.code == 0, made.output
    case_id = made.out.strip()
    shown = run("case", "show", case_id)
    assert shown.code == 0, shown.output
    assert "1E+309" in shown.out and "Traceback" not in shown.output
    assert "\x1b" not in shown.out and "\x00" not in shown.out
    assert "[red]rødt[/red]" in shown.out  # Rich markup shown as typed, not applied
    board = run("board")
    assert board.code == 0 and "\x1b" not in board.out, board.output
    listed = run("case", "list")
    assert listed.code == 0 and "\x1b" not in listed.out
    diagram = run("diagram", "case", case_id, "--format", "mermaid")
    assert diagram.code == 0, diagram.output
