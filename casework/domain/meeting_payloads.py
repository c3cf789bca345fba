"""Typed payloads of meeting events, and the one serializer between them and the stored JSON.

Like the case events' payloads (:mod:`casework.domain.event_types`), each class writes its
stored dict with ``to_data()`` and reads it back with ``from_data()``, refusing anything it
could not write back unchanged (:mod:`casework.domain.payload_json`), because the event's hash
covers that exact text. Every key is always written (``null`` where there is no value), so a
payload has one shape.

:class:`ItemSnapshot` is an agenda item as it was sent: its number and heading, and, for a
case's item, the case's presentation texts (:class:`~casework.domain.agenda.CaseContent`) as
they stood. Dates are ISO text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.agenda import (
    AgendaItem,
    AgendaWarning,
    BilagLink,
    CaseContent,
    ClosedCategory,
    Decision,
)
from casework.domain.meeting_events import MeetingEventKind

__all__ = [
    "AgendaClosed",
    "AgendaSent",
    "AttendanceRecorded",
    "FixedItemNoted",
    "ItemBooked",
    "ItemCorrected",
    "ItemDecided",
    "ItemReopened",
    "ItemSnapshot",
    "ItemWithdrawn",
    "MeetingCancelled",
    "MeetingHeld",
    "MeetingMoved",
    "MeetingPayload",
    "MinutesApproved",
    "MinutesPublished",
    "Votes",
    "payload_from_data",
]

_CONTENT_KEYS = frozenset(
    {
        "case_id", "case_number", "title", "case_type", "sagstype", "resume",
        "sagsfremstilling", "oekonomi", "indstilling", "bilag", "decisions", "kle",
    }
)  # fmt: skip
_TEXTS = ("sagstype", "resume", "sagsfremstilling", "oekonomi", "kle")
_FILE_KEYS = frozenset({"number", "title", "kind", "size", "href"})


def content_data(content: CaseContent) -> dict[str, Any]:
    """A case's presentation texts as stored in a snapshot."""
    return {
        "case_id": content.case_id, "case_number": content.case_number,
        "title": content.title, "case_type": content.case_type,
        **{name: getattr(content, name) for name in _TEXTS},
        "indstilling": list(content.indstilling), "bilag": list(content.bilag),
        "decisions": [
            {"body": d.body, "day": d.day.isoformat(), "outcome": d.outcome,
             "comment": d.comment}
            for d in content.decisions
        ],
        # The open bilag, only when there are any: snapshots sent before bilag read back as sent.
        **({"files": [f.as_json() for f in content.files]} if content.files else {}),
        # A discussion's facilitation kit, likewise only when there is one.
        **({"facilitation": list(content.facilitation)} if content.facilitation else {}),
    }  # fmt: skip


def content_from_data(data: Mapping[str, Any]) -> CaseContent:
    """Read :func:`content_data` back."""
    pj.only(data, _CONTENT_KEYS, frozenset({"files", "facilitation"}), "content")
    decisions = []
    for entry in pj.objects(data, "decisions"):
        pj.only(entry, frozenset({"body", "day", "outcome", "comment"}), frozenset(), "decision")
        decisions.append(
            Decision(
                body=pj.text(entry, "body"),
                day=_date(entry, "day"),
                outcome=pj.text(entry, "outcome"),
                comment=pj.text_or_none(entry, "comment"),
            )
        )
    return CaseContent(
        case_id=pj.text(data, "case_id"), case_number=pj.text(data, "case_number"),
        title=pj.text(data, "title"), case_type=pj.text(data, "case_type"),
        sagstype=pj.text_or_none(data, "sagstype"), resume=pj.text_or_none(data, "resume"),
        sagsfremstilling=pj.text_or_none(data, "sagsfremstilling"),
        oekonomi=pj.text_or_none(data, "oekonomi"), kle=pj.text_or_none(data, "kle"),
        indstilling=pj.texts(data, "indstilling"), bilag=pj.texts(data, "bilag"),
        decisions=tuple(decisions), files=_files(data),
        facilitation=pj.texts(data, "facilitation") if "facilitation" in data else (),
    )  # fmt: skip


def _files(data: Mapping[str, Any]) -> tuple[BilagLink, ...]:
    if "files" not in data:
        return ()
    links = []
    for entry in pj.objects(data, "files"):
        pj.only(entry, _FILE_KEYS, frozenset(), "files")
        links.append(BilagLink(
            number=pj.integer(entry, "number"), title=pj.text(entry, "title"),
            kind=pj.text(entry, "kind"), size=pj.integer(entry, "size"),
            href=pj.text(entry, "href"),
        ))  # fmt: skip
    return tuple(links)


def _date(data: Mapping[str, Any], key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(pj.text(data, key))
    except ValueError as exc:
        raise pj.EventPayloadError(f"{key}: {exc}") from None


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """One agenda item as sent (or as corrected): fixed items have no ``content``."""

    number: int
    heading: str
    content: CaseContent | None = None
    closed: bool = False
    category: ClosedCategory | None = None
    late: bool = False
    supplementary: bool = False

    @classmethod
    def of(cls, item: AgendaItem, *, number: int | None = None) -> ItemSnapshot:
        """The snapshot of an assembled item (renumbered when ``number`` is given)."""
        return cls(
            number=item.number if number is None else number, heading=item.title,
            content=item.content, closed=item.closed, category=item.category, late=item.late,
            supplementary=item.supplementary,
        )  # fmt: skip

    @property
    def case_id(self) -> str | None:
        """The case behind the item; None for a fixed item."""
        return self.content.case_id if self.content is not None else None

    def item(self, **marks: Any) -> AgendaItem:
        """The snapshot as an agenda item again, with the record's ``marks``."""
        return AgendaItem(
            number=self.number, title=self.heading, content=self.content, closed=self.closed,
            category=self.category, late=self.late, supplementary=self.supplementary, **marks,
        )  # fmt: skip

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "number": self.number, "heading": self.heading,
            "content": content_data(self.content) if self.content is not None else None,
            "closed": self.closed,
            "category": self.category.value if self.category is not None else None,
            "late": self.late, "supplementary": self.supplementary,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemSnapshot:
        """Read the stored form back."""
        keys = frozenset({"number", "heading", "content", "closed", "category", "late",
                          "supplementary"})  # fmt: skip
        pj.only(data, keys, frozenset(), "item")
        content = data["content"]
        if content is not None and not isinstance(content, dict):
            raise pj.EventPayloadError(f"content: expected an object, got {content!r}")
        category = pj.text_or_none(data, "category")
        try:
            closed_category = ClosedCategory(category) if category is not None else None
        except ValueError:
            raise pj.EventPayloadError(f"category: unknown {category!r}") from None
        return cls(
            number=pj.integer(data, "number"), heading=pj.text(data, "heading"),
            content=content_from_data(content) if content is not None else None,
            closed=pj.flag(data, "closed"), category=closed_category,
            late=pj.flag(data, "late"), supplementary=pj.flag(data, "supplementary"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemBooked:
    """``meeting.item_booked``: a case put on the meeting, in booking ``order``.

    ``late`` after the agenda was closed; ``supplementary`` after it was sent, when the item is
    frozen at once (``snapshot``) as a tillægsdagsorden; ``moved_from`` the meeting's earlier
    date when the item came with a moved meeting. ``implicit`` when a decision recorded for a
    meeting not run on casework booked it (frozen at once, as its case stood before the
    decision); the key is written only then.
    """

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.ITEM_BOOKED

    case_id: str
    title: str
    order: int
    late: bool
    supplementary: bool
    snapshot: ItemSnapshot | None = None
    moved_from: str | None = None
    implicit: bool = False

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        data = {
            "case_id": self.case_id, "title": self.title, "order": self.order,
            "late": self.late, "supplementary": self.supplementary,
            "snapshot": self.snapshot.to_data() if self.snapshot is not None else None,
            "moved_from": self.moved_from,
        }  # fmt: skip
        return {**data, "implicit": True} if self.implicit else data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemBooked:
        """Read the stored form back."""
        keys = frozenset({"case_id", "title", "order", "late", "supplementary", "snapshot",
                          "moved_from"})  # fmt: skip
        pj.only(data, keys, frozenset({"implicit"}), str(cls.KIND))
        implicit = "implicit" in data
        if implicit and data["implicit"] is not True:
            raise pj.EventPayloadError("implicit: written only when true")
        return cls(
            case_id=pj.text(data, "case_id"), title=pj.text(data, "title"),
            order=pj.integer(data, "order"), late=pj.flag(data, "late"),
            supplementary=pj.flag(data, "supplementary"), snapshot=_snapshot_or_none(data),
            moved_from=pj.text_or_none(data, "moved_from"), implicit=implicit,
        )  # fmt: skip


def _snapshot_or_none(data: Mapping[str, Any]) -> ItemSnapshot | None:
    value = data["snapshot"]
    if value is None:
        return None
    if not isinstance(value, dict):
        raise pj.EventPayloadError(f"snapshot: expected an object, got {value!r}")
    return ItemSnapshot.from_data(value)


@dataclass(frozen=True, slots=True)
class ItemWithdrawn:
    """``meeting.item_withdrawn``: before sending the item goes; after, it stays, marked
    withdrawn, as a correction (``correction``) with its ``reason``."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.ITEM_WITHDRAWN

    case_id: str
    reason: str | None
    correction: bool

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"case_id": self.case_id, "reason": self.reason, "correction": self.correction}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemWithdrawn:
        """Read the stored form back."""
        pj.only(data, frozenset({"case_id", "reason", "correction"}), frozenset(), str(cls.KIND))
        return cls(
            case_id=pj.text(data, "case_id"),
            reason=pj.text_or_none(data, "reason"),
            correction=pj.flag(data, "correction"),
        )


@dataclass(frozen=True, slots=True)
class AgendaClosed:
    """``meeting.agenda_closed``: no more items on time (the dagsordensfrist); ``implicit`` when
    sending closed it."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.AGENDA_CLOSED

    deadline: str | None  # the configured agenda deadline, for comparison
    implicit: bool

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"deadline": self.deadline, "implicit": self.implicit}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AgendaClosed:
        """Read the stored form back."""
        pj.only(data, frozenset({"deadline", "implicit"}), frozenset(), str(cls.KIND))
        return cls(deadline=pj.text_or_none(data, "deadline"), implicit=pj.flag(data, "implicit"))


@dataclass(frozen=True, slots=True)
class AgendaSent:
    """``meeting.agenda_sent``: the frozen snapshot of every item, fixed ones included, and of
    what the agenda's head said (the body's name, the time, the deadline, the warnings)."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.AGENDA_SENT

    sent_on: str  # the local date it went out
    body_name: str
    municipality: str
    time: str  # HH:MM
    deadline: str | None
    items: tuple[ItemSnapshot, ...]
    warnings: tuple[AgendaWarning, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "sent_on": self.sent_on, "body_name": self.body_name,
            "municipality": self.municipality, "time": self.time, "deadline": self.deadline,
            "items": [item.to_data() for item in self.items],
            "warnings": [
                {"kind": w.kind, "case_id": w.case_id, "text": w.text} for w in self.warnings
            ],
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AgendaSent:
        """Read the stored form back."""
        keys = frozenset({"sent_on", "body_name", "municipality", "time", "deadline", "items",
                          "warnings"})  # fmt: skip
        pj.only(data, keys, frozenset(), str(cls.KIND))
        warnings = []
        for entry in pj.objects(data, "warnings"):
            pj.only(entry, frozenset({"kind", "case_id", "text"}), frozenset(), "warning")
            warnings.append(
                AgendaWarning(
                    pj.text(entry, "kind"), pj.text(entry, "case_id"), pj.text(entry, "text")
                )
            )
        return cls(
            sent_on=pj.text(data, "sent_on"), body_name=pj.text(data, "body_name"),
            municipality=pj.text(data, "municipality"), time=pj.text(data, "time"),
            deadline=pj.text_or_none(data, "deadline"),
            items=tuple(ItemSnapshot.from_data(i) for i in pj.objects(data, "items")),
            warnings=tuple(warnings),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemCorrected:
    """``meeting.item_corrected``: a rettelsesblad, the item's new ``version`` of its snapshot;
    the earlier versions stay in the record."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.ITEM_CORRECTED

    case_id: str
    version: int
    reason: str
    snapshot: ItemSnapshot

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "case_id": self.case_id, "version": self.version, "reason": self.reason,
            "snapshot": self.snapshot.to_data(),
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemCorrected:
        """Read the stored form back."""
        keys = frozenset({"case_id", "version", "reason", "snapshot"})
        pj.only(data, keys, frozenset(), str(cls.KIND))
        snapshot = _snapshot_or_none(data)
        if snapshot is None:
            raise pj.EventPayloadError("snapshot: a correction has one")
        return cls(
            case_id=pj.text(data, "case_id"), version=pj.integer(data, "version"),
            reason=pj.text(data, "reason"), snapshot=snapshot,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class MeetingHeld:
    """``meeting.held``: the meeting was opened; ``implicit`` when recording its first decision
    opened it (the agenda sent and the day come, or a meeting not run on casework)."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.HELD

    implicit: bool = False

    def to_data(self) -> dict[str, Any]:
        """The stored form: ``implicit`` only when set (an explicit hold stores ``{}``)."""
        return {"implicit": True} if self.implicit else {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MeetingHeld:
        """Read the stored form back."""
        pj.only(data, frozenset(), frozenset({"implicit"}), str(cls.KIND))
        implicit = pj.flag(data, "implicit") if "implicit" in data else False
        if "implicit" in data and data["implicit"] is not True:
            raise pj.EventPayloadError("implicit: written only when true")
        return cls(implicit=implicit)


@dataclass(frozen=True, slots=True)
class MeetingCancelled:
    """``meeting.cancelled``, with the secretariat's reason when given."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.CANCELLED

    reason: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MeetingCancelled:
        """Read the stored form back."""
        pj.only(data, frozenset({"reason"}), frozenset(), str(cls.KIND))
        return cls(reason=pj.text_or_none(data, "reason"))


@dataclass(frozen=True, slots=True)
class MeetingMoved:
    """``meeting.moved``: the meeting takes place on ``to`` instead; its items went along."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.MOVED

    to: str
    reason: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"to": self.to, "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MeetingMoved:
        """Read the stored form back."""
        pj.only(data, frozenset({"to", "reason"}), frozenset(), str(cls.KIND))
        return cls(to=pj.text(data, "to"), reason=pj.text_or_none(data, "reason"))


@dataclass(frozen=True, slots=True)
class Votes:
    """A vote on an item as the minutes record it: how many voted for, against and abstained
    (None where no count was given), and who voted how (names or parties, as text: "For: A, B,
    F; imod: C, O")."""

    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    names: str | None = None

    @property
    def total(self) -> int:
        """Everyone counted in the vote."""
        return sum(c for c in (self.in_favour, self.against, self.abstaining) if c is not None)

    def lines(self) -> tuple[str, ...]:
        """The vote as a Danish protocol writes it: "For stemte: 5", …, then the names."""
        counts = (("For stemte", self.in_favour), ("Imod stemte", self.against),
                  ("Undlod at stemme", self.abstaining))  # fmt: skip
        lines = [f"{label}: {count}" for label, count in counts if count is not None]
        return (*lines, self.names) if self.names else tuple(lines)

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "in_favour": self.in_favour, "against": self.against,
            "abstaining": self.abstaining, "names": self.names,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Votes:
        """Read the stored form back."""
        keys = frozenset({"in_favour", "against", "abstaining", "names"})
        pj.only(data, keys, frozenset(), "votes")
        yes, no, blank = (
            pj.integer_or_none(data, k) for k in ("in_favour", "against", "abstaining")
        )
        if min((c for c in (yes, no, blank) if c is not None), default=0) < 0:
            raise pj.EventPayloadError(f"votes: negative count in {yes, no, blank}")
        return cls(yes, no, blank, names=pj.text_or_none(data, "names"))


@dataclass(frozen=True, slots=True)
class ItemDecided:
    """``meeting.decision_recorded``: the body's decision on a booked item, as the minutes
    (beslutningsprotokollen) record it.

    ``outcome`` is an :class:`~casework.domain.workflow.Outcome` value (``to_body`` the body a
    referral, *oversendt*, goes to); ``text`` the decision's wording; ``votes`` the vote, when
    one was taken; ``minority`` the minority statements (mindretalsudtalelser); ``entries`` the
    protocol entries (protokoltilførsler). ``case_seq`` and ``case_hash`` name the case event
    the decision produced, so the meeting's chain points at the case's.
    """

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.DECISION_RECORDED

    case_id: str
    outcome: str
    case_seq: int
    case_hash: str
    text: str | None = None
    to_body: str | None = None
    votes: Votes | None = None
    minority: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()

    def same_as(self, other: ItemDecided) -> bool:
        """Whether ``other`` records the same decision (the case event aside)."""
        keys = ("case_id", "outcome", "text", "to_body", "votes", "minority", "entries")
        return all(getattr(self, k) == getattr(other, k) for k in keys)

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "case_id": self.case_id, "outcome": self.outcome, "case_seq": self.case_seq,
            "case_hash": self.case_hash, "text": self.text, "to_body": self.to_body,
            "votes": self.votes.to_data() if self.votes is not None else None,
            "minority": list(self.minority), "entries": list(self.entries),
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemDecided:
        """Read the stored form back."""
        keys = frozenset({"case_id", "outcome", "case_seq", "case_hash", "text", "to_body",
                          "votes", "minority", "entries"})  # fmt: skip
        pj.only(data, keys, frozenset(), str(cls.KIND))
        votes = data["votes"]
        if votes is not None and not isinstance(votes, dict):
            raise pj.EventPayloadError(f"votes: expected an object, got {votes!r}")
        return cls(
            case_id=pj.text(data, "case_id"), outcome=pj.text(data, "outcome"),
            case_seq=pj.integer(data, "case_seq"), case_hash=pj.text(data, "case_hash"),
            text=pj.text_or_none(data, "text"), to_body=pj.text_or_none(data, "to_body"),
            votes=Votes.from_data(votes) if votes is not None else None,
            minority=pj.texts(data, "minority"), entries=pj.texts(data, "entries"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AttendanceRecorded:
    """``meeting.attendance_recorded``: a member was absent (fraværende), with the substitute
    (stedfortræder) who met instead, if any; ``absent`` False takes an absence back."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.ATTENDANCE_RECORDED

    member: str
    substitute: str | None
    absent: bool = True

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"member": self.member, "substitute": self.substitute, "absent": self.absent}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AttendanceRecorded:
        """Read the stored form back."""
        keys = frozenset({"member", "substitute", "absent"})
        pj.only(data, keys, frozenset(), str(cls.KIND))
        return cls(
            member=pj.text(data, "member"), substitute=pj.text_or_none(data, "substitute"),
            absent=pj.flag(data, "absent"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemReopened:
    """``meeting.item_reopened``: a decided item taken up again (genoptaget) at the meeting, with
    the reason; the only way to a second, different decision on the item."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.ITEM_REOPENED

    case_id: str
    reason: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"case_id": self.case_id, "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemReopened:
        """Read the stored form back."""
        pj.only(data, frozenset({"case_id", "reason"}), frozenset(), str(cls.KIND))
        return cls(case_id=pj.text(data, "case_id"), reason=pj.text(data, "reason"))


@dataclass(frozen=True, slots=True)
class FixedItemNoted:
    """``meeting.fixed_item_noted``: what the minutes say under a fixed item of the sent agenda
    (``number``), such as Meddelelser; a later note on the same item replaces it."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.FIXED_ITEM_NOTED

    number: int
    text: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"number": self.number, "text": self.text}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FixedItemNoted:
        """Read the stored form back."""
        pj.only(data, frozenset({"number", "text"}), frozenset(), str(cls.KIND))
        return cls(number=pj.integer(data, "number"), text=pj.text(data, "text"))


@dataclass(frozen=True, slots=True)
class MinutesApproved:
    """``meeting.minutes_approved``: the minutes approved and signed (protokollen godkendt og
    underskrevet) on ``approved_on`` by ``by``; no decision is recorded after it."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.MINUTES_APPROVED

    approved_on: str
    by: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"approved_on": self.approved_on, "by": self.by}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MinutesApproved:
        """Read the stored form back."""
        pj.only(data, frozenset({"approved_on", "by"}), frozenset(), str(cls.KIND))
        return cls(approved_on=pj.text(data, "approved_on"), by=pj.text(data, "by"))


@dataclass(frozen=True, slots=True)
class MinutesPublished:
    """``meeting.minutes_published``: the approved minutes made public on ``published_on``."""

    KIND: ClassVar[MeetingEventKind] = MeetingEventKind.MINUTES_PUBLISHED

    published_on: str

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"published_on": self.published_on}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MinutesPublished:
        """Read the stored form back."""
        pj.only(data, frozenset({"published_on"}), frozenset(), str(cls.KIND))
        return cls(published_on=pj.text(data, "published_on"))


MeetingPayload = (
    ItemBooked | ItemWithdrawn | AgendaClosed | AgendaSent | ItemCorrected | MeetingHeld
    | MeetingCancelled | MeetingMoved | ItemDecided | AttendanceRecorded | ItemReopened
    | FixedItemNoted | MinutesApproved | MinutesPublished
)  # fmt: skip

_CLASSES: dict[MeetingEventKind, Any] = {
    cls.KIND: cls
    for cls in (
        ItemBooked, ItemWithdrawn, AgendaClosed, AgendaSent, ItemCorrected, MeetingHeld,
        MeetingCancelled, MeetingMoved, ItemDecided, AttendanceRecorded, ItemReopened,
        FixedItemNoted, MinutesApproved, MinutesPublished,
    )
}  # fmt: skip


def payload_from_data(kind: MeetingEventKind, data: Mapping[str, Any]) -> MeetingPayload:
    """The typed payload of a stored meeting event of ``kind``.

    Raises:
        EventPayloadError: the payload is not one its kind writes, or the kind is reserved
            (no payload defined yet).
    """
    cls = _CLASSES.get(kind)
    if cls is None:
        raise pj.EventPayloadError(f"{kind}: reserved, not written by this version")
    payload: MeetingPayload = cls.from_data(data)
    return payload
