"""The meeting as a record: one body's meeting on one day, its items and its hash-chained history.

Danish practice makes a meeting a record, not a view of where cases are now. Cases are *booked*
onto it (from their recorded plan, or by the secretariat), the agenda is *closed* at its
deadline (dagsordensfristen; a case booked after that is late, *efter fristen*), and *sent*
(udsendt): sending freezes a snapshot of every item, fixed ones included, and that snapshot is
what the agenda shows from then on, whatever happens to the cases. A case booked after sending
is frozen at once, on a supplementary agenda (tillægsdagsorden); a sent item changes only by a
*correction* (rettelsesblad), a new version of its snapshot with a reason, the earlier versions
kept; withdrawing a sent item is such a correction too. Then the meeting is *held*. A meeting
can be *cancelled* or *moved* to another day (its items go along to that day's meeting).

States: planned → agenda_closed → agenda_sent → held → minutes_approved → published, and
cancelled, moved. The minutes (decisions per item, approval, publication) are the next
increment of issue 13; their states and event kinds are reserved.

:class:`MeetingRecord` is the aggregate: its verbs check the transition and append a
:class:`~casework.domain.meeting_events.MeetingEvent`; its state is the fold of its events
(:func:`replay_meeting`), and the store's row must always equal it. Pure: today, the instant
and the cases' contents (as :class:`~casework.domain.agenda.Candidate`) are passed in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from casework.domain import payload_json as pj
from casework.domain.agenda import Agenda, AgendaItem, Candidate, assemble
from casework.domain.danish import date_da
from casework.domain.events import GENESIS, canonical_json
from casework.domain.meeting_errors import (
    AgendaAlreadySent,
    BadMoveTarget,
    CaseAlreadyBooked,
    CaseNotBooked,
    CorrectionNeedsReason,
    MeetingNotYet,
    MeetingStateError,
    NothingToCorrect,
)
from casework.domain.meeting_events import MeetingEvent, meeting_key
from casework.domain.meeting_payloads import (
    AgendaClosed,
    AgendaSent,
    ItemBooked,
    ItemCorrected,
    ItemSnapshot,
    ItemWithdrawn,
    MeetingCancelled,
    MeetingHeld,
    MeetingMoved,
    MeetingPayload,
)
from casework.domain.messages import Msg

CANCELLED_TEXT = "Mødet er aflyst."
MOVED_TEXT = "Mødet er flyttet til {day}."


class MeetingState(StrEnum):
    """Where a meeting is in its cycle."""

    PLANNED = "planned"
    AGENDA_CLOSED = "agenda_closed"
    AGENDA_SENT = "agenda_sent"
    HELD = "held"
    MINUTES_APPROVED = "minutes_approved"  # reserved: the next increment
    PUBLISHED = "published"  # reserved: the next increment
    CANCELLED = "cancelled"
    MOVED = "moved"


_OPEN = (MeetingState.PLANNED, MeetingState.AGENDA_CLOSED, MeetingState.AGENDA_SENT)


@dataclass(frozen=True, slots=True)
class AgendaHeader:
    """What the meeting plan says of the meeting, for assembling its agenda."""

    body_name: str
    time: dt.time
    deadline: dt.date | None
    municipality: str = ""


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """One version of a sent item: as sent (``reason`` None) or as a correction."""

    snapshot: ItemSnapshot
    reason: str | None
    at: str

    def to_data(self) -> dict[str, Any]:
        """The row's form."""
        return {"snapshot": self.snapshot.to_data(), "reason": self.reason, "at": self.at}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemVersion:
        """Read the row's form back."""
        pj.only(data, frozenset({"snapshot", "reason", "at"}), frozenset(), "version")
        return cls(
            ItemSnapshot.from_data(pj.mapping(data, "snapshot")),
            pj.text_or_none(data, "reason"),
            pj.text(data, "at"),
        )


@dataclass(frozen=True, slots=True)
class BookedItem:
    """A case on the meeting: its booking and, once sent, every version of its snapshot."""

    case_id: str
    title: str
    order: int
    late: bool
    supplementary: bool
    booked_at: str
    moved_from: str | None = None
    versions: tuple[ItemVersion, ...] = ()
    withdrawn: str | None = None  # the correction's reason, once withdrawn after sending

    @property
    def active(self) -> bool:
        """Still on the agenda (not withdrawn)."""
        return self.withdrawn is None

    @property
    def current(self) -> ItemSnapshot | None:
        """The latest version of the item's snapshot; None before sending."""
        return self.versions[-1].snapshot if self.versions else None

    def frozen_item(self) -> AgendaItem:
        """The item as the sent agenda shows it now: its latest version, marked."""
        latest = self.versions[-1]
        return latest.snapshot.item(
            version=len(self.versions),
            correction=latest.reason if len(self.versions) > 1 else None,
            withdrawn=self.withdrawn,
        )

    def to_data(self) -> dict[str, Any]:
        """The row's form."""
        return {
            "case_id": self.case_id, "title": self.title, "order": self.order,
            "late": self.late, "supplementary": self.supplementary,
            "booked_at": self.booked_at, "moved_from": self.moved_from,
            "versions": [v.to_data() for v in self.versions], "withdrawn": self.withdrawn,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BookedItem:
        """Read the row's form back."""
        pj.only(data, frozenset(f.name for f in fields(cls)), frozenset(), "booked item")
        return cls(
            case_id=pj.text(data, "case_id"), title=pj.text(data, "title"),
            order=pj.integer(data, "order"), late=pj.flag(data, "late"),
            supplementary=pj.flag(data, "supplementary"), booked_at=pj.text(data, "booked_at"),
            moved_from=pj.text_or_none(data, "moved_from"),
            versions=tuple(ItemVersion.from_data(v) for v in pj.objects(data, "versions")),
            withdrawn=pj.text_or_none(data, "withdrawn"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SentAgenda:
    """The head of the agenda as sent, and its fixed items (the case items are on the items)."""

    payload: AgendaSent
    at: str

    @property
    def fixed(self) -> tuple[ItemSnapshot, ...]:
        """The fixed items as sent (Godkendelse af dagsorden, Meddelelser, Eventuelt)."""
        return tuple(item for item in self.payload.items if item.content is None)

    def to_data(self) -> dict[str, Any]:
        """The row's form."""
        return {"payload": self.payload.to_data(), "at": self.at}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SentAgenda:
        """Read the row's form back."""
        pj.only(data, frozenset({"payload", "at"}), frozenset(), "sent")
        return cls(AgendaSent.from_data(pj.mapping(data, "payload")), pj.text(data, "at"))


@dataclass(slots=True)
class MeetingRecord:
    """One meeting's record; every field but ``pending`` is derived from its events."""

    body: str
    date: dt.date
    state: MeetingState = MeetingState.PLANNED
    version: int = 0
    head_hash: str = GENESIS
    updated_at: str | None = None
    items: tuple[BookedItem, ...] = ()
    sent: SentAgenda | None = None
    moved_to: str | None = None
    note: str | None = None  # the reason given for cancelling or moving
    pending: list[MeetingEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def key(self) -> str:
        """``tmu/2026-03-09``."""
        return meeting_key(self.body, self.date)

    @property
    def recorded(self) -> bool:
        """Whether anything has happened to the meeting (else its agenda is assembled)."""
        return self.version > 0

    def active(self) -> list[BookedItem]:
        """The items on the agenda, in booking order."""
        return sorted((i for i in self.items if i.active), key=lambda i: i.order)

    def item_of(self, case_id: str) -> BookedItem:
        """The case's item on the agenda. Raises CaseNotBooked."""
        for item in self.items:
            if item.case_id == case_id and item.active:
                return item
        raise CaseNotBooked(case_id=case_id, meeting=self.key)

    # ----------------------------------------------------------------- verbs
    def book(
        self, candidate: Candidate, *, at: dt.datetime, actor: str, moved_from: str | None = None
    ) -> MeetingEvent:
        """Put the candidate's case on the agenda (late after the close; frozen at once, as a
        supplementary item, after sending). Raises MeetingStateError, CaseAlreadyBooked."""
        self._require("book", *_OPEN)
        case_id = candidate.content.case_id
        if any(i.case_id == case_id and i.active for i in self.items):
            raise CaseAlreadyBooked(case_id=case_id, meeting=self.key)
        sent = self.state is MeetingState.AGENDA_SENT
        late = self.state is not MeetingState.PLANNED
        snapshot = None
        if sent:
            snapshot = _snapshot(candidate, self._next_number(), late=True, supplementary=True)
        payload = ItemBooked(
            case_id=case_id, title=candidate.content.title, order=self._next_order(),
            late=late, supplementary=sent, snapshot=snapshot, moved_from=moved_from,
        )  # fmt: skip
        return self._record(payload, at, actor)

    def withdraw(
        self, case_id: str, *, reason: str | None, at: dt.datetime, actor: str
    ) -> MeetingEvent:
        """Take the case off the agenda; after sending only as a correction with a reason.

        Raises MeetingStateError, CaseNotBooked, CorrectionNeedsReason.
        """
        self._require("withdraw", *_OPEN)
        self.item_of(case_id)
        correction = self.state is MeetingState.AGENDA_SENT
        if correction and not (reason or "").strip():
            raise CorrectionNeedsReason(meeting=self.key)
        return self._record(ItemWithdrawn(case_id, reason, correction), at, actor)

    def close(self, *, deadline: dt.date | None, at: dt.datetime, actor: str) -> MeetingEvent:
        """Close the agenda to items on time (the dagsordensfrist). Raises MeetingStateError."""
        self._require("close", MeetingState.PLANNED)
        return self._record(AgendaClosed(_iso(deadline), implicit=False), at, actor)

    def send(
        self,
        candidates: Mapping[str, Candidate],
        header: AgendaHeader,
        *,
        today: dt.date,
        at: dt.datetime,
        actor: str,
    ) -> list[MeetingEvent]:
        """Send the agenda: freeze a snapshot of every item. A planned meeting's agenda is
        closed first, by the same call (an ``implicit`` close in its history).

        ``candidates`` holds each booked case's content as it is now, by case id.

        Raises:
            AgendaAlreadySent: it was sent before.
            MeetingStateError: the meeting is held, cancelled or moved.
        """
        if self.sent is not None and self.state is MeetingState.AGENDA_SENT:
            raise AgendaAlreadySent(meeting=self.key, sent_on=self.sent.payload.sent_on)
        self._require("send", MeetingState.PLANNED, MeetingState.AGENDA_CLOSED)
        events = []
        if self.state is MeetingState.PLANNED:
            closed = AgendaClosed(_iso(header.deadline), implicit=True)
            events.append(self._record(closed, at, actor))
        agenda = self.agenda(candidates, header)
        payload = AgendaSent(
            sent_on=today.isoformat(), body_name=header.body_name,
            municipality=header.municipality, time=header.time.isoformat("minutes"),
            deadline=_iso(header.deadline),
            items=tuple(ItemSnapshot.of(item) for item in agenda.items),
            warnings=agenda.warnings,
        )  # fmt: skip
        events.append(self._record(payload, at, actor))
        return events

    def correct(
        self, candidate: Candidate, *, reason: str, at: dt.datetime, actor: str
    ) -> MeetingEvent:
        """A rettelsesblad: a new version of a sent item's snapshot from the case as it is now.

        Raises MeetingStateError, CaseNotBooked, CorrectionNeedsReason, NothingToCorrect.
        """
        self._require("correct", MeetingState.AGENDA_SENT)
        if not reason.strip():
            raise CorrectionNeedsReason(meeting=self.key)
        case_id = candidate.content.case_id
        item = self.item_of(case_id)
        current = item.current
        assert current is not None  # every item of a sent agenda has its snapshot
        snapshot = _snapshot(
            candidate, current.number, late=current.late, supplementary=current.supplementary
        )
        if snapshot == current:
            raise NothingToCorrect(case_id=case_id, version=len(item.versions))
        payload = ItemCorrected(case_id, len(item.versions) + 1, reason.strip(), snapshot)
        return self._record(payload, at, actor)

    def hold(self, *, today: dt.date, at: dt.datetime, actor: str) -> MeetingEvent:
        """Open the meeting: its agenda must have been sent, and the day must have come.

        Raises MeetingStateError, MeetingNotYet.
        """
        self._require("hold", MeetingState.AGENDA_SENT)
        if today < self.date:
            raise MeetingNotYet(meeting=self.key, day=self.date.isoformat())
        return self._record(MeetingHeld(), at, actor)

    def cancel(self, *, reason: str | None, at: dt.datetime, actor: str) -> MeetingEvent:
        """Cancel the meeting (not once held). Raises MeetingStateError."""
        self._require("cancel", *_OPEN)
        return self._record(MeetingCancelled(reason), at, actor)

    def move_to(
        self, target: MeetingRecord, *, reason: str | None, at: dt.datetime, actor: str
    ) -> list[MeetingEvent]:
        """Move the meeting to ``target``'s day: each item on the agenda is booked there (on
        ``target``, which must not have closed its agenda), then this meeting records the move.

        Raises MeetingStateError, BadMoveTarget, CaseAlreadyBooked.
        """
        self._require("move", *_OPEN)
        day = target.date.isoformat()
        if target.body != self.body or target.date == self.date:
            raise BadMoveTarget(meeting=self.key, day=day, why=Msg("meeting.move.same_day"))
        if target.state is not MeetingState.PLANNED:
            busy = Msg("meeting.move.target_busy", state=target.state_text())
            raise BadMoveTarget(meeting=self.key, day=day, why=busy)
        for item in self.active():
            if any(i.case_id == item.case_id and i.active for i in target.items):
                raise CaseAlreadyBooked(case_id=item.case_id, meeting=target.key)
            payload = ItemBooked(
                case_id=item.case_id, title=item.title, order=target._next_order(),
                late=False, supplementary=False, moved_from=self.date.isoformat(),
            )  # fmt: skip
            target._record(payload, at, actor)
        return [self._record(MeetingMoved(day, reason), at, actor)]

    # ----------------------------------------------------------------- agendas
    def agenda(self, candidates: Mapping[str, Candidate], header: AgendaHeader) -> Agenda:
        """The agenda of the booked items as their cases are now (before sending): the items in
        booking order, late ones after the others, numbered as :func:`assemble` numbers. A moved
        meeting's items are on the new day's agenda, so its own has none."""
        booked = []
        for item in self.active() if self.state is not MeetingState.MOVED else ():
            candidate = candidates.get(item.case_id)
            if candidate is None:
                raise ValueError(f"no content given for {item.case_id} of {self.key}")
            booked.append(replace(candidate, rank=item.order, late=item.late))
        agenda = assemble(
            body=self.body, body_name=header.body_name, date=self.date, time=header.time,
            deadline=header.deadline, candidates=booked, municipality=header.municipality,
        )  # fmt: skip
        return replace(agenda, notice=self.notice())

    def frozen_agenda(self) -> Agenda:
        """The agenda as sent, each item at its latest version (corrections and withdrawals
        marked), supplementary items after. Raises ValueError before sending."""
        if self.sent is None:
            raise ValueError(f"the agenda of {self.key} has not been sent")
        head = self.sent.payload
        items = [snapshot.item() for snapshot in self.sent.fixed]
        items += [item.frozen_item() for item in self.items if item.versions]
        return Agenda(
            body=self.body, body_name=head.body_name, date=self.date,
            time=dt.time.fromisoformat(head.time),
            deadline=dt.date.fromisoformat(head.deadline) if head.deadline else None,
            items=tuple(sorted(items, key=lambda i: i.number)), warnings=head.warnings,
            municipality=head.municipality, sent_on=dt.date.fromisoformat(head.sent_on),
            notice=self.notice(),
        )  # fmt: skip

    def notice(self) -> str | None:
        """What the agenda says of a cancelled or moved meeting."""
        if self.state is MeetingState.CANCELLED:
            return CANCELLED_TEXT
        if self.state is MeetingState.MOVED and self.moved_to is not None:
            return MOVED_TEXT.format(day=date_da(dt.date.fromisoformat(self.moved_to)))
        return None

    def state_text(self) -> Msg:
        """The state as a message ("flyttet til 2026-03-16")."""
        return Msg(f"meeting.state.{self.state.value}", to=self.moved_to or "")

    # ----------------------------------------------------------------- the fold
    def apply(self, event: MeetingEvent) -> None:
        """Fold one event into the state (used by the verbs and by replay)."""
        payload = event.payload
        if isinstance(payload, ItemBooked):
            versions = (ItemVersion(payload.snapshot, None, event.at),) if payload.snapshot else ()
            booked = BookedItem(
                case_id=payload.case_id, title=payload.title, order=payload.order,
                late=payload.late, supplementary=payload.supplementary, booked_at=event.at,
                moved_from=payload.moved_from, versions=versions,
            )  # fmt: skip
            self.items = (*self.items, booked)
        elif isinstance(payload, ItemWithdrawn):
            item = self.item_of(payload.case_id)
            withdrawn = replace(item, withdrawn=payload.reason or "")
            self.items = tuple(
                (withdrawn if i is item else i)
                for i in self.items
                if i is not item or payload.correction
            )
        elif isinstance(payload, AgendaClosed):
            self.state = MeetingState.AGENDA_CLOSED
        elif isinstance(payload, AgendaSent):
            self._apply_sent(payload, event.at)
        elif isinstance(payload, ItemCorrected):
            item = self.item_of(payload.case_id)
            version = ItemVersion(payload.snapshot, payload.reason, event.at)
            corrected = replace(item, versions=(*item.versions, version))
            self.items = tuple(corrected if i is item else i for i in self.items)
        elif isinstance(payload, MeetingHeld):
            self.state = MeetingState.HELD
        elif isinstance(payload, MeetingCancelled):
            self.state, self.note = MeetingState.CANCELLED, payload.reason
        elif isinstance(payload, MeetingMoved):
            self.state, self.moved_to, self.note = MeetingState.MOVED, payload.to, payload.reason
        self.version = event.seq
        self.head_hash = event.hash
        self.updated_at = event.at

    def _apply_sent(self, payload: AgendaSent, at: str) -> None:
        self.state = MeetingState.AGENDA_SENT
        self.sent = SentAgenda(payload, at)
        snapshots = {s.case_id: s for s in payload.items if s.case_id is not None}
        items = []
        for item in self.items:
            snapshot = snapshots.pop(item.case_id, None) if item.active else None
            items.append(replace(item, versions=(ItemVersion(snapshot, None, at),)) if snapshot
                         else item)  # fmt: skip
        if snapshots:
            raise ValueError(f"{self.key}: sent items that were not booked: {sorted(snapshots)}")
        self.items = tuple(items)

    def state_dict(self) -> dict[str, Any]:
        """The state as a plain dict (pending events excluded), for comparison with a replay."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "pending"}

    def data_json(self) -> str:
        """The items, the sent head and the note as the row's canonical JSON."""
        return canonical_json(
            {
                "items": [item.to_data() for item in self.items],
                "sent": self.sent.to_data() if self.sent is not None else None,
                "note": self.note,
            }
        )

    # ----------------------------------------------------------------- internals
    def _require(self, action: str, *states: MeetingState) -> None:
        if self.state not in states:
            raise MeetingStateError(
                meeting=self.key, state=self.state_text(), action=Msg(f"meeting.action.{action}")
            )

    def _record(self, payload: MeetingPayload, at: dt.datetime, actor: str) -> MeetingEvent:
        event = MeetingEvent.create(
            body=self.body, day=self.date, seq=self.version + 1, at=at, actor=actor,
            prev_hash=self.head_hash, payload=payload,
        )  # fmt: skip
        self.apply(event)
        self.pending.append(event)
        return event

    def _next_order(self) -> int:
        return max((i.order for i in self.items), default=0) + 1

    def _next_number(self) -> int:
        numbers = [s.number for s in self.sent.fixed] if self.sent is not None else []
        numbers += [i.current.number for i in self.items if i.current is not None]
        return max(numbers, default=0) + 1


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _snapshot(
    candidate: Candidate, number: int, *, late: bool, supplementary: bool
) -> ItemSnapshot:
    """One case's item as :func:`assemble` makes it (heading, closed rules), numbered."""
    agenda = assemble(
        body="", body_name="", date=candidate.entered, time=dt.time(), deadline=None,
        candidates=[replace(candidate, late=late)], opening=(), closing=(),
    )  # fmt: skip
    snapshot = ItemSnapshot.of(agenda.items[0], number=number)
    return replace(snapshot, supplementary=supplementary)


def record_from_row(  # noqa: PLR0917 - the row's columns, in order
    body: str,
    date: str,
    state: str,
    version: int,
    head_hash: str,
    updated_at: str | None,
    moved_to: str | None,
    data_json: str,
) -> MeetingRecord:
    """A record from the columns of its stored row (see :meth:`MeetingRecord.data_json`)."""
    data = json.loads(data_json)
    pj.only(data, frozenset({"items", "sent", "note"}), frozenset(), "meeting row")
    sent = data["sent"]
    return MeetingRecord(
        body=body, date=dt.date.fromisoformat(date), state=MeetingState(state), version=version,
        head_hash=head_hash, updated_at=updated_at,
        items=tuple(BookedItem.from_data(i) for i in pj.objects(data, "items")),
        sent=SentAgenda.from_data(sent) if sent is not None else None, moved_to=moved_to,
        note=pj.text_or_none(data, "note"),
    )  # fmt: skip


def replay_meeting(events: Iterable[MeetingEvent]) -> MeetingRecord:
    """The meeting as its events say it is; the stored row must always equal this."""
    record: MeetingRecord | None = None
    for event in events:
        if record is None:
            record = MeetingRecord(event.body, event.day)
        record.apply(event)
    if record is None:
        raise ValueError("a meeting history has at least one event")
    return record


__all__ = [
    "AgendaHeader",
    "BookedItem",
    "ItemVersion",
    "MeetingRecord",
    "MeetingState",
    "SentAgenda",
    "record_from_row",
    "replay_meeting",
]
