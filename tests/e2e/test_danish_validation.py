"""Danish in Danish (issue 15, item 6): pydantic's and click's complaints are translated.

A set of bad inputs, each refused on one line with a non-zero exit, in Danish mode: none of the
output may hold the libraries' English ("String should have at least 5 characters", "Missing
option", "Field required", "is not a valid integer", ...). The translation is one layer,
``casework/domain/validation_text.py``; the JSON API's CW213 goes through it too
(``tests/web/test_api_danish.py``). In English the texts stay English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

#: What pydantic and click say in English; none of it may reach a Danish reader.
ENGLISH = (
    "String should",
    "should have at least",
    "Field required",
    "Input should",
    "Value error",
    "Missing option",
    "Missing argument",
    "Missing command",
    "No such option",
    "No such command",
    "Invalid value",
    "is not a valid",
    "is not one of",
    "is not in the range",
    "does not match the format",
    "Got unexpected extra",
    "requires an argument",
    "Did you mean",
    "must be",
    "boolean",
    "integer",
)

BAD_INPUTS: tuple[tuple[str, ...], ...] = (
    ("case", "new", "--title", "Ny", "--as", "mette"),  # too short
    ("case", "new", "--as", "mette"),  # missing option
    ("case", "new", "--title", "Ny cykelsti", "--as"),  # option without its value
    ("case", "new", "--title", "Ny cykelsti", "--as", "mette", "--deadline", "2026-13-01"),
    ("case", "new", "--title", "Ny cykelsti", "--as", "mette", "--attr", "principiel=måske"),
    ("case", "new", "--title", "Ny cykelsti", "--as", "mette", "--attr", "beloeb=mange"),
    ("case", "list", "--limit", "abc"),  # not a number
    ("case", "list", "--limit", "0"),  # out of range
    ("case", "list", "--fo"),  # unknown option
    ("case", "advance"),  # missing argument
    ("case", "show", "2026-0001", "ekstra"),  # extra argument
    ("sagen",),  # unknown command
)


@pytest.fixture
def ready(env: Path, run: Cli) -> Path:
    code, _, err = run("init")
    assert code == 0, err
    return env


@pytest.mark.parametrize("argv", BAD_INPUTS, ids=" ".join)
def test_bad_input_is_refused_in_danish_on_one_line(
    ready: Path, run: Cli, argv: tuple[str, ...]
) -> None:
    code, out, err = run.bare(*argv)
    assert code != 0
    text = (out + err).strip()
    assert text and len(err.strip().splitlines()) == 1, text
    assert not [phrase for phrase in ENGLISH if phrase.lower() in text.lower()], text
    assert "Traceback" not in text


def test_the_same_input_stays_english_in_english(
    ready: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_LANG", "en")
    _, _, err = run.bare("case", "new", "--as", "mette")
    assert "Missing option '--title'" in err
    _, _, err = run.bare("case", "new", "--title", "Ny", "--as", "mette")
    assert "title: needs at least 3 characters" in err


def test_danish_names_what_is_wrong(ready: Path, run: Cli) -> None:
    assert "Mangler tilvalget '--title'." in run.bare("case", "new", "--as", "mette")[2]
    assert (
        "title: skal have mindst 3 tegn"
        in run.bare("case", "new", "--title", "Ny", "--as", "mette")[2]
    )
    err = run.bare("case", "new", "--title", "Ny cykelsti", "--as", "mette",
                   "--attr", "principiel=måske")[2]  # fmt: skip
    assert "'principiel': skal være ja eller nej" in err
