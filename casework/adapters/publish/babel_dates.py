"""Dates and times in Danish or English with Babel, on the Europe/Copenhagen wall clock.

"torsdag den 10. marts 2026 kl. 17.00" / "Thursday 10 March 2026 at 17:00". Babel is kept at
the edge; the domain's own Danish formats (``casework.domain.danish``) agree with these, and a
unit test holds them to it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time

ZONE = ZoneInfo("Europe/Copenhagen")

_DATE = {"da": "d. MMMM y", "en": "d MMMM y"}
_LONG_DATE = {"da": "EEEE 'den' d. MMMM y", "en": "EEEE d MMMM y"}
_TIME = {"da": "HH.mm", "en": "HH:mm"}
_AT = {"da": "kl.", "en": "at"}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "da"


def format_date(day: dt.date, lang: str = "da", *, weekday: bool = True) -> str:
    """``torsdag den 10. marts 2026`` (``weekday=False``: ``10. marts 2026``)."""
    lang = _lang(lang)
    pattern = (_LONG_DATE if weekday else _DATE)[lang]
    return str(_babel_date(day, pattern, locale=lang))


def format_time(time: dt.time, lang: str = "da") -> str:
    """``17.00`` in Danish, ``17:00`` in English."""
    lang = _lang(lang)
    return str(_babel_time(time, _TIME[lang], locale=lang))


def format_datetime(value: dt.datetime, lang: str = "da") -> str:
    """``torsdag den 10. marts 2026 kl. 17.00``; an aware instant is shown in Copenhagen time,
    a naive one is taken to be Copenhagen wall-clock time already."""
    local = value.astimezone(ZONE) if value.tzinfo is not None else value
    lang = _lang(lang)
    return f"{format_date(local.date(), lang)} {_AT[lang]} {format_time(local.time(), lang)}"


def format_meeting(day: dt.date, time: dt.time, lang: str = "da") -> str:
    """A meeting's wall-clock start, as :func:`format_datetime` writes it."""
    return format_datetime(dt.datetime.combine(day, time), lang)
