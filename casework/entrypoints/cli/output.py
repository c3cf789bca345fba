"""Small pieces every command shares: JSON to stdout, a Rich console, input parsing.

Rich and pydantic are imported inside the functions: the read commands' start-up budget.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from casework.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

JSON_HELP = "Output JSON for scripts."


def print_json(value: Any) -> None:
    """One JSON document on stdout (Danish letters as they are)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def console() -> Console:
    """A console for tables and messages on stdout that prints text as it is.

    Text from the store reaches the terminal only as text: Rich markup in it (``[red]``) is
    shown, not applied (``markup=False``; styles come from ``Text`` and ``style=``), and control
    characters (an ANSI escape sequence, NUL, a carriage return) are shown as visible symbols
    (:func:`terminal_text`), so a stored title can neither colour, move nor clear the terminal.
    """
    from rich.console import Console

    class _Plain(Console):
        def render_str(self, text: str, **options: Any) -> Any:
            return super().render_str(terminal_text(text), **options)

    return _Plain(highlight=False, markup=False)


#: Control characters but tab and line feed, and their visible stand-ins: the Unicode control
#: pictures (␀ … ␟, ␡) for C0 and DEL, the replacement character for C1.
_TERMINAL_UNSAFE = {
    **{code: 0x2400 + code for code in range(0x20) if code not in {0x09, 0x0A}},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
}


def terminal_text(text: str) -> str:
    """``text`` with every control character but tab and newline made visible (ESC as ␛)."""
    return text.translate(_TERMINAL_UNSAFE)


def say(text: str) -> None:
    """A confirmation on stderr, so that stdout carries only the output (diagrams, pipes)."""
    sys.stderr.write(text + "\n")


def command(model: Any, **values: Any) -> Any:
    """A domain command from CLI values; pydantic's complaints become one InvalidInput."""
    from pydantic import ValidationError

    try:
        return model(**values)
    except ValidationError as exc:
        from casework.domain.validation_text import invalid_detail

        # In the reader's language, not pydantic's English (validation_text.py).
        raise InvalidInput(detail=invalid_detail(exc.errors(), skip=())) from None


def parse_attrs(items: Sequence[str], lang: str) -> dict[str, str]:
    """``name=value`` options as a mapping."""
    from casework.entrypoints.texts import t

    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(detail=t("cli.bad_attr", lang, text=item))
        values[name.strip()] = value.strip()
    return values


def parse_target(text: str | None) -> tuple[str, dt.date] | None:
    """``kb:2027-04-29`` as (body, day)."""
    if text is None:
        return None
    body, sep, day = text.partition(":")
    if not sep or not body.strip() or not day.strip():
        raise InvalidInput(detail=f"--target-meeting: ORGAN:ÅÅÅÅ-MM-DD ({text})")
    return body.strip(), parse_day(day.strip(), "--target-meeting")


def parse_day(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=f"{option}: YYYY-MM-DD ({text})") from None


def optional_day(text: str | None, option: str) -> dt.date | None:
    """An optional YYYY-MM-DD option."""
    return None if text is None else parse_day(text, option)
