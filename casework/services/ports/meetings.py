"""The port of the meetings' records: each meeting's row (the fold) and its hash-chained events.

A unit of work that keeps meetings carries a ``meetings`` repository beside ``cases``, in the
same transaction, so booking a case from its recorded plan reads the case and writes the meeting
at once. The records crossing the port are the domain's own:
:class:`~casework.domain.meeting_record.MeetingRecord` (the aggregate, whose ``pending`` events
``save`` writes) and :class:`~casework.domain.meeting_events.MeetingEvent`.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterator
from typing import Protocol

from casework.domain.meeting_events import MeetingEvent
from casework.domain.meeting_record import MeetingRecord


class MeetingRepository(Protocol):
    """Meetings' records and events; the only way the services read or write them."""

    def find(self, body: str, day: dt.date) -> MeetingRecord | None:
        """The meeting's record, or None when nothing has been recorded for it."""
        ...

    def save(self, record: MeetingRecord, expected_version: int) -> None:
        """Write the record's row and pending events if the stored version is
        ``expected_version`` (0: no row yet); otherwise raise MeetingChanged and write nothing."""
        ...

    def events(self, body: str, day: dt.date) -> list[MeetingEvent]:
        """The meeting's events in sequence order (empty when none are recorded)."""
        ...

    def ids(self) -> Iterator[tuple[str, dt.date]]:
        """Every (body, day) that has a row or an event, in order (for the audit)."""
        ...

    def list(self, body: str | None = None) -> list[MeetingRecord]:
        """Every recorded meeting (of ``body``), by date."""
        ...

    def row_differences(self, record: MeetingRecord) -> builtins.list[str]:
        """The columns of the meeting's stored row that differ from the row saving ``record``
        would write, byte for byte (for the audit; a store without rows has none)."""
        ...


__all__ = ["MeetingRepository"]
