"""Rows ↔ domain objects for the meeting tables, shared by the SQLAlchemy store and the sqlite3
reader. Plain Python on purpose, as ``rows.py``: the embedded read path imports no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casework.domain.meeting_events import MeetingEvent, MeetingEventKind
from casework.domain.meeting_record import MeetingRecord, record_from_row

#: Columns of ``meetings`` in the order :func:`record_from_row` takes them.
MEETING_COLUMNS = (
    "body", "date", "state", "version", "head_hash", "updated_at", "moved_to", "data",
)  # fmt: skip
MEETING_EVENT_COLUMNS = (
    "body", "date", "seq", "kind", "at", "actor", "data_json", "prev_hash", "hash",
)  # fmt: skip

_KIND = {kind.value: kind for kind in MeetingEventKind}


def meeting_values(record: MeetingRecord) -> tuple[Any, ...]:
    """The row of a record in :data:`MEETING_COLUMNS` order."""
    return (
        record.body, record.date.isoformat(), record.state.value, record.version,
        record.head_hash, record.updated_at, record.moved_to, record.data_json(),
    )  # fmt: skip


def meeting_row_differences(record: MeetingRecord, stored: dict[str, Any]) -> list[str]:
    """The columns of ``stored`` (a whole ``meetings`` row by column name) that differ from the
    row :func:`meeting_values` writes for ``record``; a column not written counts as differing."""
    expected = dict(zip(MEETING_COLUMNS, meeting_values(record), strict=True))
    return [
        name for name, value in stored.items() if name not in expected or expected[name] != value
    ]


def meeting_from_row(row: Sequence[Any]) -> MeetingRecord:
    """A record from a row of :data:`MEETING_COLUMNS`."""
    return record_from_row(*row)


def meeting_event_values(event: MeetingEvent) -> tuple[Any, ...]:
    """The row of an event in :data:`MEETING_EVENT_COLUMNS` order; ``at``, ``data_json``
    verbatim."""
    return (
        event.body, event.date, event.seq, event.kind.value, event.at, event.actor,
        event.data_json, event.prev_hash, event.hash,
    )  # fmt: skip


def meeting_event_from_row(row: Sequence[Any]) -> MeetingEvent:
    """A MeetingEvent from a row of :data:`MEETING_EVENT_COLUMNS`."""
    body, date, seq, kind, at, actor, data_json, prev_hash, digest = row
    return MeetingEvent(body, date, seq, _KIND[kind], at, actor, data_json, prev_hash, digest)
