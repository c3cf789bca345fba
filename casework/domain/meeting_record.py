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
cancelled, moved. At the held meeting the minutes are taken: a *decision* per item (outcome,
text, vote, minority statements, protocol entries, and the case event it produced), who was
*absent* and their substitutes, and an item *reopened* (genoptaget) with a reason, the only way
to a second decision on it. Then the minutes are *approved* (signed) and *published*; nothing
is recorded after the approval. A meeting not run on casework (no agenda sent) gets its record
from the decisions taken at it: the first one books its item (frozen as its case stood) and
holds the meeting, both marked ``implicit``; the first decision at a sent meeting whose day has
come holds it implicitly too.

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
from casework.domain.agenda import Agenda, AgendaItem, Candidate, FixedItems, assemble
from casework.domain.danish import date_da
from casework.domain.events import GENESIS, canonical_json
from casework.domain.meeting_errors import (
    AgendaAlreadySent,
    BadMoveTarget,
    CaseAlreadyBooked,
    CaseNotBooked,
    CorrectionNeedsReason,
    ItemAlreadyDecided,
    ItemNotOnMeeting,
    MeetingNotHeldYet,
    MeetingNotYet,
    MeetingStateError,
    MinutesClosed,
    MinutesNeedText,
    NotFixedItem,
    NothingToCorrect,
    NothingToReopen,
)
from casework.domain.meeting_events import MeetingEvent, meeting_key
from casework.domain.meeting_payloads import (
    AgendaClosed,
    AgendaSent,
    AttendanceRecorded,
    FixedItemNoted,
    ItemBooked,
    ItemCorrected,
    ItemDecided,
    ItemReopened,
    ItemSnapshot,
    ItemWithdrawn,
    MeetingCancelled,
    MeetingHeld,
    MeetingMoved,
    MeetingPayload,
    MinutesApproved,
    MinutesPublished,
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
    MINUTES_APPROVED = "minutes_approved"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    MOVED = "moved"


_OPEN = (MeetingState.PLANNED, MeetingState.AGENDA_CLOSED, MeetingState.AGENDA_SENT)
_MINUTED = (MeetingState.MINUTES_APPROVED, MeetingState.PUBLISHED)


@dataclass(frozen=True, slots=True)
class AgendaHeader:
    """What the meeting plan says of the meeting, for assembling its agenda."""

    body_name: str
    time: dt.time
    deadline: dt.date | None
    municipality: str = ""
    fixed: FixedItems = field(default_factory=FixedItems)  # calendar.yaml fixed_items


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
class ItemDecision:
    """A decision recorded on an item, and when."""

    payload: ItemDecided
    at: str

    def to_data(self) -> dict[str, Any]:
        """The row's form."""
        return {"payload": self.payload.to_data(), "at": self.at}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemDecision:
        """Read the row's form back."""
        pj.only(data, frozenset({"payload", "at"}), frozenset(), "decision")
        return cls(ItemDecided.from_data(pj.mapping(data, "payload")), pj.text(data, "at"))


@dataclass(frozen=True, slots=True)
class Absence:
    """A member absent from the meeting (fraværende), and the substitute who met instead."""

    member: str
    substitute: str | None = None

    def to_data(self) -> dict[str, Any]:
        """The row's form."""
        return {"member": self.member, "substitute": self.substitute}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Absence:
        """Read the row's form back."""
        pj.only(data, frozenset({"member", "substitute"}), frozenset(), "absence")
        return cls(pj.text(data, "member"), pj.text_or_none(data, "substitute"))


_ITEM_MINUTES = frozenset({"decisions", "reopened", "implicit"})


@dataclass(frozen=True, slots=True)
class BookedItem:
    """A case on the meeting: its booking and, once sent, every version of its snapshot; at the
    held meeting, its decisions and the reasons it was reopened (genoptaget)."""

    case_id: str
    title: str
    order: int
    late: bool
    supplementary: bool
    booked_at: str
    moved_from: str | None = None
    versions: tuple[ItemVersion, ...] = ()
    withdrawn: str | None = None  # the correction's reason, once withdrawn after sending
    decisions: tuple[ItemDecision, ...] = ()
    reopened: tuple[str, ...] = ()  # the reasons, one per reopening
    implicit: bool = False  # booked by a decision at a meeting not run on casework

    @property
    def decision(self) -> ItemDecided | None:
        """The decision standing on the item: the last one, unless the item was reopened since."""
        if not self.decisions or len(self.reopened) >= len(self.decisions):
            return None
        return self.decisions[-1].payload

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
            "decisions": [d.to_data() for d in self.decisions], "reopened": list(self.reopened),
            "implicit": self.implicit,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BookedItem:
        """Read the row's form back (a row written before the minutes has no minutes keys)."""
        names = frozenset(f.name for f in fields(cls))
        pj.only(data, names - _ITEM_MINUTES, _ITEM_MINUTES, "booked item")
        decisions = (
            tuple(ItemDecision.from_data(d) for d in pj.objects(data, "decisions"))
            if "decisions" in data
            else ()
        )
        return cls(
            decisions=decisions,
            reopened=pj.texts(data, "reopened") if "reopened" in data else (),
            implicit=pj.flag(data, "implicit") if "implicit" in data else False,
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
    attendance: tuple[Absence, ...] = ()  # the absent members, in the order recorded
    approved: MinutesApproved | None = None
    published_on: str | None = None
    held_implicitly: bool = False  # held by its first decision, not by 'meeting hold'
    fixed_notes: tuple[tuple[int, str], ...] = ()  # (number, text) under fixed items, by number
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

    # ----------------------------------------------------------------- minutes
    def standing_decision(self, case_id: str) -> ItemDecided | None:
        """The decision standing on the case's item, if it has one (not reopened since)."""
        for item in self.items:
            if item.case_id == case_id and item.active:
                return item.decision
        return None

    def check_decision(self, case_id: str, *, today: dt.date) -> None:
        """Refuse, before anything moves, a decision on ``case_id`` this meeting cannot take.

        A meeting run on casework must have been held, or have sent its agenda and reached its
        day (the decision then holds it), and the case must be an item on it; a meeting not run
        on casework (no agenda sent) takes any case of its body.

        Raises:
            MinutesClosed: the minutes were approved.
            MeetingStateError: the meeting was cancelled or moved.
            MeetingNotYet: its agenda was sent, but its day has not come.
            MeetingNotHeldYet: its agenda was never sent, though items were booked.
            ItemNotOnMeeting: the case is not an item on the sent agenda.
        """
        self.check_minutes_open()
        self._require("decide", *_OPEN, MeetingState.HELD)
        if self._unsent():
            return
        if self.state is MeetingState.AGENDA_SENT and today < self.date:
            raise MeetingNotYet(meeting=self.key, day=self.date.isoformat())
        if self.state not in (MeetingState.AGENDA_SENT, MeetingState.HELD):
            raise MeetingNotHeldYet(meeting=self.key, state=self.state_text())
        if not any(i.case_id == case_id and i.active and i.versions for i in self.items):
            raise ItemNotOnMeeting(case_id=case_id, meeting=self.key)

    def decide(
        self,
        decision: ItemDecided,
        *,
        candidate: Candidate | None,
        today: dt.date,
        at: dt.datetime,
        actor: str,
    ) -> list[MeetingEvent]:
        """Record the body's decision on the case's item (see :meth:`check_decision`).

        At a meeting not run on casework an unbooked case is booked first, frozen from
        ``candidate`` (its case as it stood before the decision), and the meeting held, both
        ``implicit``; a sent meeting whose day has come is held implicitly. The same decision
        again records nothing (an empty list).

        Raises the errors of :meth:`check_decision`, and ItemAlreadyDecided for a different
        decision on an item decided and not reopened.
        """
        case_id = decision.case_id
        self.check_decision(case_id, today=today)
        standing = self.standing_decision(case_id)
        if standing is not None:
            if standing.same_as(decision):
                return []
            raise ItemAlreadyDecided(
                case_id=case_id, meeting=self.key, outcome=Msg(f"outcome.{standing.outcome}")
            )
        events = []
        booked = any(i.case_id == case_id and i.active for i in self.items)
        if self._unsent() and not booked:
            if candidate is None:
                raise ValueError(f"{case_id}: booking it on {self.key} needs its content")
            snapshot = _snapshot(candidate, self._next_number(), late=False, supplementary=False)
            payload = ItemBooked(
                case_id=case_id, title=candidate.content.title, order=self._next_order(),
                late=False, supplementary=False, snapshot=snapshot, implicit=True,
            )  # fmt: skip
            events.append(self._record(payload, at, actor))
        if self.state is not MeetingState.HELD:
            events.append(self._record(MeetingHeld(implicit=True), at, actor))
        events.append(self._record(decision, at, actor))
        return events

    def reopen(self, case_id: str, *, reason: str, at: dt.datetime, actor: str) -> MeetingEvent:
        """Take a decided item up again (genoptaget): its next decision may differ.

        Raises MinutesClosed, MeetingStateError (not held), MinutesNeedText, NothingToReopen.
        """
        self.check_minutes_open()
        self._require("reopen", MeetingState.HELD)
        if not reason.strip():
            raise MinutesNeedText(what=Msg("minutes.what.reason"))
        if self.standing_decision(case_id) is None:
            raise NothingToReopen(case_id=case_id, meeting=self.key)
        return self._record(ItemReopened(case_id, reason.strip()), at, actor)

    def record_absence(
        self,
        member: str,
        *,
        substitute: str | None = None,
        absent: bool = True,
        at: dt.datetime,
        actor: str,
    ) -> MeetingEvent:
        """Record a member as absent (with the substitute who met instead), or take the
        absence back (``absent`` False). Raises MinutesClosed, MeetingStateError (not held),
        MinutesNeedText."""
        self.check_minutes_open()
        self._require("attendance", MeetingState.HELD)
        member = member.strip()
        if not member:
            raise MinutesNeedText(what=Msg("minutes.what.member"))
        sub = (substitute or "").strip() or None
        return self._record(AttendanceRecorded(member, sub, absent), at, actor)

    def note_fixed_item(
        self, number: int, text: str, *, at: dt.datetime, actor: str
    ) -> MeetingEvent:
        """Write the minutes under a fixed item of the sent agenda (Meddelelser, Eventuelt).

        Raises MinutesClosed, MeetingStateError (not held), NotFixedItem, MinutesNeedText.
        """
        self.check_minutes_open()
        self._require("note", MeetingState.HELD)
        fixed = [s.number for s in self.sent.fixed] if self.sent is not None else []
        if number not in fixed:
            shown = ", ".join(str(n) for n in fixed) or "-"
            raise NotFixedItem(number=number, meeting=self.key, fixed=shown)
        if not text.strip():
            raise MinutesNeedText(what=Msg("minutes.what.statement"))
        return self._record(FixedItemNoted(number, text.strip()), at, actor)

    def approve_minutes(
        self, *, today: dt.date, by: str, at: dt.datetime, actor: str
    ) -> MeetingEvent:
        """Approve and sign the minutes (protokollen godkendt): nothing is recorded after.

        Raises MeetingStateError: the meeting was not held, or its minutes were approved.
        """
        self._require("approve", MeetingState.HELD)
        return self._record(MinutesApproved(today.isoformat(), by), at, actor)

    def publish_minutes(self, *, today: dt.date, at: dt.datetime, actor: str) -> MeetingEvent:
        """Publish the approved minutes. Raises MeetingStateError: not approved (or published)."""
        self._require("publish", MeetingState.MINUTES_APPROVED)
        return self._record(MinutesPublished(today.isoformat()), at, actor)

    def _unsent(self) -> bool:
        """Not run on casework: nothing recorded, or held implicitly without a sent agenda."""
        return self.sent is None and (not self.recorded or self.state is MeetingState.HELD)

    def check_minutes_open(self) -> None:
        """Raise MinutesClosed once the minutes were approved."""
        if self.state in _MINUTED:
            approved_on = self.approved.approved_on if self.approved is not None else "-"
            raise MinutesClosed(meeting=self.key, approved_on=approved_on)

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
            opening=header.fixed.opening, closing=header.fixed.closing,
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
                moved_from=payload.moved_from, versions=versions, implicit=payload.implicit,
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
            self.state, self.held_implicitly = MeetingState.HELD, payload.implicit
        elif isinstance(payload, MeetingCancelled):
            self.state, self.note = MeetingState.CANCELLED, payload.reason
        elif isinstance(payload, MeetingMoved):
            self.state, self.moved_to, self.note = MeetingState.MOVED, payload.to, payload.reason
        else:
            self._apply_minutes(payload, event.at)
        self.version = event.seq
        self.head_hash = event.hash
        self.updated_at = event.at

    def _apply_minutes(self, payload: MeetingPayload, at: str) -> None:
        if isinstance(payload, ItemDecided):
            item = self.item_of(payload.case_id)
            decided = replace(item, decisions=(*item.decisions, ItemDecision(payload, at)))
            self.items = tuple(decided if i is item else i for i in self.items)
        elif isinstance(payload, ItemReopened):
            item = self.item_of(payload.case_id)
            reopened = replace(item, reopened=(*item.reopened, payload.reason))
            self.items = tuple(reopened if i is item else i for i in self.items)
        elif isinstance(payload, AttendanceRecorded):
            others = tuple(a for a in self.attendance if a.member != payload.member)
            absence = (Absence(payload.member, payload.substitute),) if payload.absent else ()
            self.attendance = (*others, *absence)
        elif isinstance(payload, FixedItemNoted):
            notes = dict(self.fixed_notes)
            notes[payload.number] = payload.text
            self.fixed_notes = tuple(sorted(notes.items()))
        elif isinstance(payload, MinutesApproved):
            self.state, self.approved = MeetingState.MINUTES_APPROVED, payload
        elif isinstance(payload, MinutesPublished):
            self.state, self.published_on = MeetingState.PUBLISHED, payload.published_on

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
        """The items, the sent head, the note and the minutes' head as the row's canonical
        JSON."""
        return canonical_json(
            {
                "items": [item.to_data() for item in self.items],
                "sent": self.sent.to_data() if self.sent is not None else None,
                "note": self.note,
                "attendance": [a.to_data() for a in self.attendance],
                "approved": self.approved.to_data() if self.approved is not None else None,
                "published_on": self.published_on,
                "held_implicitly": self.held_implicitly,
                "fixed_notes": [[n, t] for n, t in self.fixed_notes],
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
    # Not in the rows written before the minutes:
    minutes = frozenset(
        {"attendance", "approved", "published_on", "held_implicitly", "fixed_notes"}
    )
    pj.only(data, frozenset({"items", "sent", "note"}), minutes, "meeting row")
    sent = data["sent"]
    approved = data.get("approved")
    if approved is not None and not isinstance(approved, dict):
        raise pj.EventPayloadError(f"approved: expected an object, got {approved!r}")
    return MeetingRecord(
        body=body, date=dt.date.fromisoformat(date), state=MeetingState(state), version=version,
        head_hash=head_hash, updated_at=updated_at,
        items=tuple(BookedItem.from_data(i) for i in pj.objects(data, "items")),
        sent=SentAgenda.from_data(sent) if sent is not None else None, moved_to=moved_to,
        note=pj.text_or_none(data, "note"),
        attendance=tuple(Absence.from_data(a) for a in pj.objects(data, "attendance"))
        if "attendance" in data else (),
        approved=MinutesApproved.from_data(approved) if approved is not None else None,
        published_on=pj.text_or_none(data, "published_on") if "published_on" in data else None,
        held_implicitly=pj.flag(data, "held_implicitly") if "held_implicitly" in data else False,
        fixed_notes=_fixed_notes(data.get("fixed_notes", [])),
    )  # fmt: skip


def _fixed_notes(value: Any) -> tuple[tuple[int, str], ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, list) and len(v) == 2 and type(v[0]) is int and isinstance(v[1], str)
        for v in value
    ):
        raise pj.EventPayloadError(f"fixed_notes: expected [[number, text], …], got {value!r}")
    return tuple((number, text) for number, text in value)


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
    "Absence",
    "AgendaHeader",
    "BookedItem",
    "ItemDecision",
    "ItemVersion",
    "MeetingRecord",
    "MeetingState",
    "SentAgenda",
    "record_from_row",
    "replay_meeting",
]
