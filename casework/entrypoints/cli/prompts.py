"""Questions at the terminal, and the CLI's own stops: no answer (EOF), an interrupted prompt.

A prompt whose input ends (``casework user set-password mette < /dev/null``, a script that pipes
nothing) is :class:`NoInput`, CW970: one line in the reader's language and exit 1, never a
silent exit or a traceback. A prompt interrupted with Ctrl-C is :class:`Interrupted`, CW971.
"""

from __future__ import annotations

import typer

from casework.domain.errors import CaseworkError
from casework.domain.messages import register, render

register(
    {
        "error.no_input": (
            "Intet svar: inputtet sluttede ved '{prompt}'{hint}.",
            "No answer: the input ended at '{prompt}'{hint}.",
        ),
        "error.interrupted": ("Afbrudt; intet er ændret.", "Interrupted; nothing was changed."),
        "prompt.password": ("Adgangskode", "Password"),
        "prompt.password_again": ("Gentag adgangskoden", "Repeat the password"),
        "prompt.password_hint": (
            " (brug --password-stdin i scripts)",
            " (use --password-stdin in scripts)",
        ),
    }
)


class NoInput(CaseworkError):
    """Standard input ended before a question was answered."""

    code = "CW970"
    key = "error.no_input"


class Interrupted(CaseworkError):
    """A question was interrupted (Ctrl-C) or the command aborted before it changed anything."""

    code = "CW971"
    key = "error.interrupted"


def ask(key: str, lang: str, *, hide_input: bool = False, hint: str | None = None) -> str:
    """The answer to the prompt ``key`` (a message key) in ``lang``; :class:`NoInput` on EOF.

    click turns both an ended input and Ctrl-C into ``Abort``; standard input tells them
    apart: at its end, it reads nothing more.
    """
    import sys

    text = render(key, lang)
    if not sys.stdin.isatty():
        # Piped input: read the line as it comes (getpass would warn, in English, that it
        # cannot hide what is not typed); the question goes to stderr, out of the output's way.
        sys.stderr.write(f"{text}: ")
        sys.stderr.flush()
        try:
            return read_line(key, lang, hint=hint)
        finally:
            sys.stderr.write("\n")
    try:
        return str(typer.prompt(text, hide_input=hide_input))
    except typer.Abort:
        sys.stderr.write("\n")
        raise NoInput(prompt=text, hint=render(hint, lang) if hint else "") from None


def read_line(key: str, lang: str, *, hint: str | None = None) -> str:
    """One line of standard input without its line end; :class:`NoInput` if there is none."""
    import sys

    line = sys.stdin.readline()
    if not line:
        raise NoInput(prompt=render(key, lang), hint=render(hint, lang) if hint else "")
    return line.rstrip("\r\n")


__all__ = ["Interrupted", "NoInput", "ask", "read_line"]
