"""One language per run: where ``--lang`` may stand, and help in the chosen language.

The CLI's help is written once in the source (command docstrings, ``help=`` of the options) and
translated at the start of each run from the catalogue in :mod:`.help_texts`, together with
click's and typer's own words ("Usage:", "Options", "Show this message and exit.",
"[required]"). Usage errors are translated by :func:`casework.domain.validation_text.usage_text`
(the one layer for the libraries' validation texts), pydantic's by ``pydantic_problem``; this
module only adds what the help screens show.

``--lang`` is accepted anywhere on the command line (``casework case show X --lang en``):
:func:`split_lang` takes it out before click parses, and the root option receives it.

typer vendors click and keeps its words as literals, so the help screen's words are set on the
objects that print them (the rich help's panel titles, the usage prefix, the help option) for
the language of this run; each run sets them again, so a process running several (the tests)
gets each in its own language.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

LANGUAGES = ("da", "en")

#: click's and typer's words on a help screen: English → Danish.
_LIBRARY_WORDS: dict[str, str] = {
    "Usage: ": "Brug: ",
    "Arguments": "Argumenter",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Error": "Fejl",
    "Aborted.": "Afbrudt.",
    "Aborted!": "Afbrudt!",
    "(deprecated) ": "(udgået) ",
    "[default: {}]": "[standard: {}]",
    "[env var: {}]": "[miljøvariabel: {}]",
    "[required]": "[påkrævet]",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "required": "påkrævet",
    "(dynamic)": "(dynamisk)",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Se [blue]'{command_path} {help_option}'[/] for hjælp."
    ),
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "[OPTIONS]": "[TILVALG]",
    "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]...",
}
_SUBCOMMAND_METAVAR = "COMMAND [ARGS]..."

#: The rich help's module constants and the English text each holds.
_RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}

#: The language of this run's help screens (set by :func:`localise`).
_current = ["da"]


def library_word(text: str, lang: str | None = None) -> str:
    """One of click's or typer's help words in ``lang`` (default: this run's language)."""
    if (lang or _current[0]) == "da":
        return _LIBRARY_WORDS.get(text, text)
    return text


def split_lang(args: Sequence[str]) -> tuple[list[str], str | None]:
    """``args`` without any ``--lang VALUE`` / ``--lang=VALUE``, and the last value given.

    Everything after ``--`` is left alone (it is data, not options); a ``--lang`` without a value
    stays, for click to report as a usage error.
    """
    rest: list[str] = []
    lang: str | None = None
    items = iter(enumerate(args))
    for index, arg in items:
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg.startswith("--lang="):
            lang = arg.removeprefix("--lang=")
        elif arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
            next(items)
        else:
            rest.append(arg)
    return rest, lang


def use(lang: str) -> None:
    """Make ``lang`` this run's language for help screens; the command tree is translated when
    a help screen is first rendered (most runs never show one, so they never pay for it)."""
    _current[0] = lang if lang in LANGUAGES else "da"
    _patch_library()


def localise(command: Any, lang: str) -> None:
    """Put ``command``'s help (and its subcommands') in ``lang``, with examples and env hints."""
    from casework.entrypoints.cli import help_texts

    lang = lang if lang in LANGUAGES else "da"
    use(lang)
    command.casework_lang = lang
    for path, cmd in walk(command):
        if cmd.help:
            cmd.help = help_texts.translate(cmd.help, lang)
        if cmd.short_help:
            cmd.short_help = help_texts.translate(cmd.short_help, lang)
        if not help_texts.has_example(cmd.help or ""):  # else its docstring gives one
            cmd.epilog = help_texts.example(path, lang)
        cmd.options_metavar = library_word("[OPTIONS]", lang)
        if getattr(cmd, "subcommand_metavar", None):
            cmd.subcommand_metavar = library_word(_SUBCOMMAND_METAVAR, lang)
        for param in cmd.params:
            if lang == "da":
                _danish_metavar(param)
            text = getattr(param, "help", None)
            if text:
                param.help = help_texts.translate(text, lang)
            hint = help_texts.env_hint(getattr(param, "name", None) or "", path)
            if hint and getattr(param, "help", None):
                param.help = f"{param.help} {hint}"


#: The value types the help names (``<str>``, ``<path>``, ``<int range>``) in Danish.
_TYPE_NAMES = {
    "str": "tekst", "text": "tekst", "path": "sti", "int": "heltal", "integer": "heltal",
    "float": "tal", "datetime": "tidspunkt", "filename": "fil", "file": "fil",
}  # fmt: skip


def _danish_metavar(param: Any) -> None:
    # A value is shown by its type's name (click's English) unless the parameter names its own:
    # the parameter gets its own copy of the type, named in Danish (conversion is unchanged).
    if getattr(param, "is_flag", False) or param.type.get_metavar(param=param, ctx=None):
        return
    words = param.type.name.split()
    if words and words[0] in _TYPE_NAMES:
        param.type = copy.copy(param.type)
        param.type.name = _TYPE_NAMES[words[0]]  # a range is shown after it: [1<=x<=100]


def walk(command: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every command under ``command`` (itself first) with its path (``"case show"``)."""
    yield path, command
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        yield from walk(sub, f"{path} {name}".strip())


_patched: list[bool] = []


def _patch_library() -> None:
    """Make typer's vendored click and its rich help use this run's words (once per process;
    the words themselves are looked up on each use)."""
    if _patched:
        return
    _patched.append(True)
    from typer import _click, core

    write_usage = _click.formatting.HelpFormatter.write_usage

    def _write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, library_word("Usage: ") if prefix is None else prefix)

    _click.formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]

    get_help_option = _click.core.Command.get_help_option

    def _get_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = library_word("Show this message and exit.")
        return option

    _click.core.Command.get_help_option = _get_help_option  # type: ignore[method-assign]
    core._ = library_word  # type: ignore[attr-defined,assignment]  # typer's plain help words

    for cls in (core.TyperCommand, core.TyperGroup):
        _wrap_format_help(cls)


def _wrap_format_help(cls: Any) -> None:
    format_help = cls.format_help

    def _format_help(self: Any, ctx: Any, formatter: Any) -> None:
        from typer import rich_utils  # imported only when a help screen is shown

        root = ctx.find_root().command
        if getattr(root, "casework_lang", None) != _current[0]:
            localise(root, _current[0])
        for name, english in _RICH_CONSTANTS.items():
            setattr(rich_utils, name, library_word(english))
        format_help(self, ctx, formatter)

    cls.format_help = _format_help


__all__ = ["LANGUAGES", "library_word", "localise", "split_lang", "use", "walk"]
