"""One language per run (issue 18, item 3): help, click's and pydantic's words, and output.

Every command's help screen is rendered in Danish and in English; the Danish one may hold none
of click's, typer's or pydantic's English words nor any English help text of the catalogue,
and the English one none of the Danish. ``--lang`` is accepted anywhere on the command line,
and ``CASEWORK_LANG`` does the same. Every help text has both languages and every command an
example that parses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer

from casework.entrypoints.cli import help_texts, language, typer_app
from tests.e2e.test_danish_validation import BAD_INPUTS, ENGLISH

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]

#: click's and typer's words on a help screen, and ours for the example; none in Danish mode.
ENGLISH_HELP = (
    *ENGLISH,
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "COMMAND [ARGS]",
    "[OPTIONS]",
    "Show this message and exit",
    "[required]",
    "[default:",
    "Example:",
    "Examples:",
    "<str>",
    "<path>",
    "<int",
    "Try '",
)
#: The Danish counterparts; none in English mode.
DANISH_HELP = (
    "Brug:",
    "Tilvalg",
    "Argumenter",
    "Kommandoer",
    "TILVALG",
    "Vis denne hjælp",
    "påkrævet",
    "standard:",
    "Eksempel:",
    "Eksempler:",
    "Forkert brug",
    "Mangler",
    "skal have mindst",
)


def _paths() -> list[str]:
    command = typer.main.get_command(typer_app)
    return [path for path, _ in language.walk(command)]


PATHS = _paths()


def _flat(text: str) -> str:
    """The screen without its box drawing, whitespace collapsed (wrapped lines joined)."""
    for char in "│╭╮╰╯─":
        text = text.replace(char, " ")
    return " ".join(text.split())


def _texts(lang: str) -> list[str]:
    """The catalogue's help texts in ``lang`` that differ from the other language's."""
    pairs = (*help_texts.COMMANDS, *help_texts.OPTIONS)
    chosen = [(da if lang == "da" else en, en if lang == "da" else da) for da, en in pairs]
    return [" ".join(text.split()) for text, other in chosen if text != other and len(text) > 15]


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, so that no help text is cut across lines mid-phrase."""
    monkeypatch.setenv("COLUMNS", "400")


def test_every_help_text_has_both_languages() -> None:
    command = typer.main.get_command(typer_app)
    missing = []
    for path, cmd in language.walk(command):
        texts = [cmd.help or ""] + [getattr(p, "help", None) or "" for p in cmd.params]
        missing += [f"{path}: {text!r}" for text in texts if text and not help_texts.known(text)]
    assert not missing, "help texts without a translation in help_texts.py:\n" + "\n".join(missing)


def test_every_command_has_an_example_that_parses() -> None:
    """Each example's command line is accepted by its command (options and arguments exist)."""
    command = typer.main.get_command(typer_app)
    shown = {path for path, cmd in language.walk(command) if help_texts.has_example(cmd.help or "")}
    assert not [p for p in PATHS if p not in help_texts.EXAMPLES and p not in shown], "no example"
    for path, lines in help_texts.EXAMPLES.items():
        if path not in PATHS:  # a command of another branch of work, not (yet) here
            continue
        for line in lines:
            try:
                name = _parse(command, _argv(line))
            except typer.TyperException as exc:  # click's usage errors, as vendored by typer
                pytest.fail(f"{path}: {line}: {exc}")
            assert name[: len(path.split())] == path.split(), (path, line)


def _parse(command: Any, argv: list[str]) -> list[str]:
    """Parse ``argv`` down the command tree as click would; the path of commands it reached."""
    context = command.make_context("casework", list(argv))
    cmd = command
    path: list[str] = []
    while True:
        rest = [*getattr(context, "_protected_args", []), *context.args]
        commands = getattr(cmd, "commands", None)
        if not commands or not rest:
            return path
        cmd = commands[rest[0]]
        path.append(rest[0])
        context = cmd.make_context(rest[0], rest[1:], parent=context)


def _argv(line: str) -> list[str]:
    import shlex

    words = shlex.split(line.split(" > ", maxsplit=1)[0].rsplit("| ", maxsplit=1)[-1])
    assert words[0] == "casework", line
    return words[1:]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path or "casework")
def test_help_is_in_one_language(
    path: str, env: Path, run: Cli, wide: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = path.split()
    danish = run.bare(*words, "--help")
    english = run.bare(*words, "--help", "--lang", "en")
    assert danish.code == english.code == 0, danish.err + english.err
    da, en = _flat(danish.out), _flat(english.out)
    assert da.startswith("Brug: casework"), da[:80]
    assert en.startswith("Usage: casework"), en[:80]
    assert not [p for p in ENGLISH_HELP if p in da], da
    assert not [t for t in _texts("en") if t in da], da
    assert not [p for p in DANISH_HELP if p in en], en
    assert not [t for t in _texts("da") if t in en], en
    assert "Eksempel:" in da or "Eksempler:" in da
    assert "Example:" in en or "Examples:" in en
    monkeypatch.setenv("CASEWORK_LANG", "en")
    assert _flat(run.bare(*words, "--help").out) == en


@pytest.mark.parametrize("argv", BAD_INPUTS, ids=" ".join)
def test_bad_input_in_english_holds_no_danish(
    env: Path, run: Cli, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").code == 0
    monkeypatch.setenv("CASEWORK_LANG", "en")
    code, out, err = run.bare(*argv)
    assert code != 0
    assert not [p for p in DANISH_HELP if p in out + err], out + err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "argv",
    [
        ("--lang", "en", "case", "show", "2026-9999"),
        ("case", "--lang", "en", "show", "2026-9999"),
        ("case", "show", "--lang", "en", "2026-9999"),
        ("case", "show", "2026-9999", "--lang", "en"),
        ("case", "show", "2026-9999", "--lang=en"),
    ],
    ids=" ".join,
)
def test_lang_is_accepted_anywhere(env: Path, run: Cli, argv: tuple[str, ...]) -> None:
    assert run("init").code == 0
    english = run(*argv)
    danish = run("case", "show", "2026-9999")
    assert english.code == danish.code == 1
    assert english.err != danish.err
    assert "2026-9999" in english.err
    assert not [p for p in DANISH_HELP if p in english.err]


def test_lang_after_a_command_with_its_own_lang_option(env: Path, run: Cli) -> None:
    """``diagram workflow … --lang en`` (the command has a ``--lang`` of its own) draws in
    English, as before; the last ``--lang`` on the line wins."""
    assert run("init").code == 0
    english = run("diagram", "workflow", "beslutningssag", "--format", "mermaid", "--lang", "en")
    danish = run("--lang", "en", "diagram", "workflow", "beslutningssag", "--format",
                 "mermaid", "--lang", "da")  # fmt: skip
    assert english.code == danish.code == 0, english.err + danish.err
    assert english.out != danish.out


def test_a_wrong_lang_is_one_line(env: Path, run: Cli) -> None:
    code, out, err = run.bare("case", "list", "--lang", "fr")
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in out + err


def test_lang_without_a_value_is_a_usage_error(env: Path, run: Cli) -> None:
    code, _, err = run.bare("case", "list", "--lang")
    assert code == 2
    assert err.startswith("Forkert brug:"), err


def test_text_after_double_dash_is_left_alone() -> None:
    args, lang = language.split_lang(["case", "text", "--lang", "en", "--", "--lang", "da"])
    assert (args, lang) == (["case", "text", "--", "--lang", "da"], "en")


def test_casework_lang_in_a_real_process(tmp_path: Path) -> None:
    """The installed console script: ``CASEWORK_LANG=en casework case show --help``."""
    env = {**os.environ, "CASEWORK_LANG": "en", "COLUMNS": "200"}
    script = Path(sys.executable).with_name("casework")
    shown = subprocess.run(
        [str(script), "case", "list", "--help"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "Usage: casework case list" in shown.stdout
    assert "List cases, most recently changed first." in shown.stdout


def test_meeting_show_speaks_the_runs_language(env: Path, run: Cli) -> None:
    """The meeting record's own words (items, none booked) were Danish whatever --lang said."""
    assert run("init").code == 0
    danish = run("meeting", "show", "tmu", "2026-03-09")
    english = run("meeting", "show", "tmu", "2026-03-09", "--lang", "en")
    assert danish.code == english.code == 0, danish.err + english.err
    assert "Ingen punkter booket." in danish.out
    assert "No items booked." in english.out
    assert "Ingen" not in english.out and "booket" not in english.out


def test_agenda_show_speaks_the_runs_language(env: Path, run: Cli) -> None:
    assert run("init").code == 0
    danish = run("agenda", "show", "tmu", "2026-03-09")
    english = run("agenda", "show", "tmu", "2026-03-09", "--lang", "en")
    assert danish.code == english.code == 0, danish.err + english.err
    assert danish.out.startswith("Dagsorden – ") and "Frist for dagsordenen:" in danish.out
    assert english.out.startswith("Agenda – ") and "Agenda deadline:" in english.out
    assert "Dagsorden" not in english.out and "Frist" not in english.out
