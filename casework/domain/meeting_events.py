"""Meeting events: the append-only, hash-chained history of one meeting of one body.

A meeting is identified by its body and its date (:func:`meeting_key`), and every change to it
(an item booked, the agenda closed or sent, an item corrected, the meeting held, cancelled or
moved, a decision, an absence or a reopened item in its minutes, the minutes approved or
published) appends one :class:`MeetingEvent`. The hashing is the case events' own
(:mod:`casework.domain.events`): the instant as fixed-width UTC text, the payload as canonical
JSON, the previous event's hash, and :func:`~casework.domain.events.event_hash` over them with
the meeting's key where a case event has its case id. The chain is per meeting, as it is per
case, so writers on different meetings never contend. Pure.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from casework.domain.events import canonical_json, event_hash, format_instant, parse_instant

if TYPE_CHECKING:
    from casework.domain.meeting_payloads import MeetingPayload


class MeetingEventKind(StrEnum):
    """What happened to a meeting (past tense, ``meeting.verb`` style)."""

    ITEM_BOOKED = "meeting.item_booked"
    ITEM_WITHDRAWN = "meeting.item_withdrawn"
    AGENDA_CLOSED = "meeting.agenda_closed"
    AGENDA_SENT = "meeting.agenda_sent"
    ITEM_CORRECTED = "meeting.item_corrected"
    HELD = "meeting.held"
    CANCELLED = "meeting.cancelled"
    MOVED = "meeting.moved"
    # The minutes (beslutningsprotokollen) taken at the held meeting.
    DECISION_RECORDED = "meeting.decision_recorded"
    ATTENDANCE_RECORDED = "meeting.attendance_recorded"
    ITEM_REOPENED = "meeting.item_reopened"
    FIXED_ITEM_NOTED = "meeting.fixed_item_noted"
    MINUTES_APPROVED = "meeting.minutes_approved"
    MINUTES_PUBLISHED = "meeting.minutes_published"


def meeting_key(body: str, day: dt.date | str) -> str:
    """The meeting's id in its events' hashes and in messages: ``tmu/2026-03-09``."""
    return f"{body}/{day if isinstance(day, str) else day.isoformat()}"


@dataclass(frozen=True, slots=True)
class MeetingEvent:
    """One entry of a meeting's history; ``at`` and ``data_json`` are kept as the hashed text."""

    body: str
    date: str  # ISO date of the meeting
    seq: int
    kind: MeetingEventKind
    at: str
    actor: str
    data_json: str
    prev_hash: str
    hash: str
    _payload: MeetingPayload | None = field(default=None, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        body: str,
        day: dt.date,
        seq: int,
        at: dt.datetime,
        actor: str,
        prev_hash: str,
        payload: MeetingPayload,
    ) -> MeetingEvent:
        """A new event with ``payload``, chained to ``prev_hash``."""
        at_text = format_instant(at)
        data_json = canonical_json(payload.to_data())
        date = day.isoformat()
        digest = _hash(body, date, seq, payload.KIND, at_text, actor, data_json, prev_hash)
        return cls(
            body, date, seq, payload.KIND, at_text, actor, data_json, prev_hash, digest, payload
        )

    @property
    def key(self) -> str:
        """The meeting's key, ``tmu/2026-03-09``."""
        return meeting_key(self.body, self.date)

    @property
    def day(self) -> dt.date:
        """The meeting's date."""
        return dt.date.fromisoformat(self.date)

    @property
    def data(self) -> dict[str, Any]:
        """The payload as stored: the JSON object ``data_json`` holds."""
        value: dict[str, Any] = json.loads(self.data_json)
        return value

    @property
    def payload(self) -> MeetingPayload:
        """The typed payload (read once, then kept).

        Raises:
            EventPayloadError: the stored payload is not one its kind writes (a ``ValueError``).
        """
        if self._payload is None:
            from casework.domain.meeting_payloads import payload_from_data

            # A frozen event caches its parse: the payload is a pure function of data_json.
            object.__setattr__(self, "_payload", payload_from_data(self.kind, self.data))
        assert self._payload is not None
        return self._payload

    @property
    def occurred_at(self) -> dt.datetime:
        """When the event happened, as an aware datetime."""
        return parse_instant(self.at)

    def expected_hash(self) -> str:
        """The hash the event's stored content should have (for audit)."""
        return _hash(
            self.body, self.date, self.seq, str(self.kind), self.at, self.actor, self.data_json,
            self.prev_hash,
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        """The event with stable keys, for ``--json`` output."""
        return {
            "body": self.body,
            "date": self.date,
            "seq": self.seq,
            "kind": str(self.kind),
            "at": self.at,
            "actor": self.actor,
            "data": self.data,
            "hash": self.hash,
        }


def _hash(  # noqa: PLR0917 - the hashed fields, in their fixed order
    body: str, date: str, seq: int, kind: str, at: str, actor: str, data_json: str, prev: str
) -> str:
    # The case events' hash, with the meeting's key in the aggregate-id field; meeting events
    # carry no idempotency key.
    return event_hash(
        case_id=meeting_key(body, date), seq=seq, kind=kind, at=at, actor=actor,
        data_json=data_json, idempotency_key=None, prev_hash=prev,
    )  # fmt: skip


__all__ = ["MeetingEvent", "MeetingEventKind", "meeting_key"]
