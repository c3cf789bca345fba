"""The real clock: UTC instants, and today's date in the municipality's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class SystemClock:
    """Reads the system clock; "today" is the date in Copenhagen, not in UTC."""

    def __init__(self, zone: ZoneInfo = COPENHAGEN) -> None:
        self._zone = zone

    def now(self) -> dt.datetime:
        """The current instant in UTC."""
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        """Today's local date (a case opened at 00:30 Danish time belongs to that day)."""
        return dt.datetime.now(self._zone).date()
