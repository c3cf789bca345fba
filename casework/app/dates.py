"""Dates and meeting times as people read them, in Danish or English, for every entry point.

Babel stays in the adapters; entry points format through here.
"""

from __future__ import annotations

import datetime as dt


def format_date(day: dt.date, lang: str = "da", *, weekday: bool = True) -> str:
    """``torsdag den 10. marts 2026`` (``weekday=False``: ``10. marts 2026``)."""
    from casework.adapters.publish.babel_dates import format_date as fmt

    return fmt(day, lang, weekday=weekday)


def format_meeting(day: dt.date, time: dt.time, lang: str = "da") -> str:
    """``torsdag den 10. marts 2026 kl. 17.00``: a meeting's wall-clock start."""
    from casework.adapters.publish.babel_dates import format_meeting as fmt

    return fmt(day, time, lang)


__all__ = ["format_date", "format_meeting"]
