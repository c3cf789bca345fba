"""Danish text formats for agendas: dates in words, "at …" clauses and attachment lists.

Pure and dependency-free on purpose: the domain builds sentences such as "Teknik- og
Miljøudvalget den 10. marts 2026: Anbefales." and must not import Babel. Publication uses the
Babel adapter (``casework.adapters.publish.babel_dates``) for the same formats in Danish and
English; a unit test keeps the two in agreement for Danish.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

#: The agenda title's suffix per workflow ``case_type`` (domain.md §4: Trundholm's (B)/(O)).
#: An administrative decision reaches a body only to inform it, so it reads as an Orientering.
TYPE_SUFFIX = {
    "beslutning": "Beslutning",
    "orientering": "Orientering",
    "administrativ": "Orientering",
    "droeftelse": "Drøftelse",
    "lokalplan": "Beslutning",
    "medlemsforslag": "Beslutning",
}

_CLAUSE_SPLIT = re.compile(r"[;\n]+")
#: Bullets and numbering a case officer may type before a clause ("- at", "1) at", "• at").
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s*")


def value_text(value: object, lang: str = "da") -> str:
    """An attribute value as a reader writes it: a boolean as ja/nej (yes/no), never True/False;
    a decimal number with a comma in Danish."""
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nej")
    if isinstance(value, float) and lang != "en":
        return f"{value:g}".replace(".", ",")
    return str(value)


def date_da(day: dt.date) -> str:
    """``10. marts 2026``."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def long_date_da(day: dt.date) -> str:
    """``tirsdag den 10. marts 2026``."""
    return f"{WEEKDAYS[day.weekday()]} den {date_da(day)}"


def time_da(time: dt.time) -> str:
    """``17.00``: Danish writes clock times with a full stop (Retskrivningsordbogen)."""
    return f"{time.hour:02d}.{time.minute:02d}"


def meeting_when_da(day: dt.date, time: dt.time) -> str:
    """``torsdag den 10. marts 2026 kl. 17.00``."""
    return f"{long_date_da(day)} kl. {time_da(time)}"


def type_suffix(case_type: str) -> str | None:
    """The item type for a workflow's ``case_type`` (None: unknown, no suffix)."""
    return TYPE_SUFFIX.get(case_type)


def clauses(text: str | None) -> tuple[str, ...]:
    """An *indstilling* as its "at …" clauses.

    Clauses are separated by new lines or semicolons; bullets and numbers are dropped, and a
    clause that does not begin with "at" gets it, because every clause of an *indstilling*
    completes "Forvaltningen indstiller, at …".
    """
    if not text:
        return ()
    found = []
    for raw in _CLAUSE_SPLIT.split(text):
        clause = _BULLET.sub("", raw).strip().rstrip(",")
        if not clause:
            continue
        if not re.match(r"(?i)at\b", clause):
            clause = f"at {clause}"
        found.append(clause)
    return tuple(found)


def names(text: str | None) -> tuple[str, ...]:
    """A comma-separated list (attachments) as its non-empty names, in order."""
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def sentence(text: str) -> str:
    """``text`` ending in a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."
