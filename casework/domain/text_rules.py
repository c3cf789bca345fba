"""What text and numbers a command accepts: no control characters, finite numbers within bounds.

Every entry point (the CLI, the web forms, the JSON API, the flows) builds a pydantic command
(:mod:`casework.domain.commands`), so the rules sit on the commands' fields and refuse bad input
once for all of them, before anything is written:

* **Control characters.** A title is one line: no C0 control character at all (tab and line
  breaks included), no DEL (U+007F) and no C1 control (U+0080–U+009F); NUL and ESC are among
  them. A multi-line text (a comment, a reason, a decision's text) may hold tabs and line
  breaks; a Windows line end (CR LF, which browsers send from a text area) is read as LF first,
  a lone CR is refused. The refusal names the field and the character (:class:`ControlCharacter`).
* **Numbers.** A number given as an attribute value (text from the CLI and the forms, a JSON
  number from the API) must be finite and at most :data:`NUMBER_LIMIT` in size
  (:class:`NumberOutOfRange`); the attribute's declared type then checks the rest
  (:meth:`casework.domain.organisation.AttributeSpec.coerce` applies the same bound).

The pydantic field types that apply these are in :mod:`casework.domain.commands` (this module
stays free of pydantic: the organisation's attribute types read :func:`within_limit` on every
command's start-up path). Escaping for each output format is the renderers' work
(``docs/output-safety.md``); this module keeps what cannot be escaped away (a NUL, an ANSI
escape sequence) out of the store. Pure.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from casework.domain.errors import CaseworkError
from casework.domain.messages import register

register(
    {
        "error.control_character": (
            "{field}: teksten indeholder et styretegn ({char}) på plads {position}; "
            "fjern det og prøv igen.",
            "{field}: the text holds a control character ({char}) at position {position}; "
            "remove it and try again.",
        ),
        "error.number_out_of_range": (
            "{field}: {value} er ikke et gyldigt tal; et tal skal være endeligt og højst "
            "{limit} i størrelse.",
            "{field}: {value} is not a valid number; a number must be finite and at most "
            "{limit} in size.",
        ),
    }
)

#: The largest size of a number any attribute takes: a thousand billion billion kroner is far
#: beyond any municipal amount and well inside what every reader (float, SQL, JSON) holds exactly
#: enough to compare.
NUMBER_LIMIT = Decimal(10) ** 15
NUMBER_LIMIT_TEXT = "10^15"

#: C0 controls, DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The same, less tab and LF: what a multi-line text may not hold.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Text that reads as a number (digits, a sign, a decimal point or comma, an exponent,
#: grouping by space, underscore or dot), and the words Decimal and float read as infinite or
#: not a number.
_NUMERIC = re.compile(r"^[+-]?[\d_ .,]*\d[\d_ .,]*(?:[eE][+-]?\d+)?$")
_NON_FINITE = re.compile(r"^[+-]?(?:inf|infinity|s?nan\d*)$", re.IGNORECASE)


class ControlCharacter(CaseworkError):
    """A title or text holds a control character (NUL, ESC, a line break in a title …)."""

    code = "CW230"
    key = "error.control_character"


class NumberOutOfRange(CaseworkError):
    """A number is infinite, not a number, or larger than :data:`NUMBER_LIMIT`."""

    code = "CW231"
    key = "error.number_out_of_range"


def _char_name(char: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\t": "TAB", "\n": "LF", "\r": "CR"}
    code = f"U+{ord(char):04X}"
    return f"{code} {names[char]}" if char in names else code


def _refuse_control(text: str, pattern: re.Pattern[str], field: str) -> str:
    found = pattern.search(text)
    if found is not None:
        raise ControlCharacter(
            field=field, char=_char_name(found.group()), position=found.start() + 1
        )
    return text


def check_one_line(text: str, field: str = "title") -> str:
    """``text`` unchanged, or :class:`ControlCharacter` for any control character in it."""
    return _refuse_control(text, _CONTROL, field)


def check_multi_line(text: str, field: str = "text") -> str:
    """``text`` with CR LF read as LF, or :class:`ControlCharacter` for any control character
    but tab and LF."""
    return _refuse_control(text.replace("\r\n", "\n"), _CONTROL_MULTILINE, field)


def check_number(value: Any, field: str = "value") -> Any:
    """``value`` unchanged unless it is (or reads as) a number that is not finite or is larger
    than :data:`NUMBER_LIMIT`: then :class:`NumberOutOfRange`. Text that is no number passes."""
    if isinstance(value, bool) or value is None:
        return value
    number: Decimal | None = None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberOutOfRange(field=field, value=repr(value), limit=NUMBER_LIMIT_TEXT)
        number = Decimal(value)
    elif isinstance(value, int):
        number = Decimal(value) if abs(value) < 10**100 else Decimal("Infinity")
    elif isinstance(value, str):
        text = value.strip()
        if _NON_FINITE.match(text):
            raise NumberOutOfRange(field=field, value=_shown(text), limit=NUMBER_LIMIT_TEXT)
        if _NUMERIC.match(text):
            number = _read_number(text)
    if number is not None and not within_limit(number):
        raise NumberOutOfRange(field=field, value=_shown(str(value)), limit=NUMBER_LIMIT_TEXT)
    return value


def plain_line(text: str) -> str:
    """``text`` on one line with every control character a space: for text stored before these
    rules (or from outside) on its way into a header line, a table cell or a comment."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n"))


def within_limit(number: Decimal) -> bool:
    """Whether ``number`` is finite and smaller in size than :data:`NUMBER_LIMIT`."""
    return number.is_finite() and number.copy_abs() < NUMBER_LIMIT


def _read_number(text: str) -> Decimal | None:
    # Only the size matters here (the type's own coercion reads the value exactly): as written,
    # else in Danish notation (1.500.000,50). An exponent too large even for Decimal is infinite.
    cleaned = text.replace("_", "").replace(" ", "")
    for candidate in (cleaned, cleaned.replace(".", "").replace(",", ".")):
        try:
            return Decimal(candidate)
        except InvalidOperation:
            continue
    return Decimal("Infinity") if re.search(r"[eE][+-]?\d{10,}$", cleaned) else None


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
