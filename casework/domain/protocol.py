"""The beslutningsprotokol of one meeting: what was on the agenda as sent, and what was decided.

:func:`protocol_of` projects a :class:`~casework.domain.meeting_record.MeetingRecord` into a
:class:`Protocol`: the meeting's head (body, date and time, municipality, state), who was absent
and their substitutes, the approval and publication, and every item in agenda order with its
number, heading, the indstilling as it was sent (the frozen snapshot) and the decision taken on
it (outcome, text, vote, minority statements, protocol entries).

:meth:`Protocol.publish` is the only way the minutes leave the domain for publication, exactly
as :meth:`~casework.domain.agenda.Agenda.publish` for the agenda: the public projection of a
closed item (KSL § 10) holds its number and its public heading ("Lukket punkt: Ejendomssag")
and nothing else — no indstilling, no decision text, no vote, no names, no entries — so a
renderer handed a public :class:`PublishedProtocol` cannot leak what it never received. The
texts are Danish, as the agenda's are. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from casework.domain.agenda import UNSPECIFIED_CATEGORY, AgendaItem, BilagLink, Visibility
from casework.domain.danish import date_da, meeting_when_da, time_da
from casework.domain.meeting_payloads import ItemDecided, Votes

if TYPE_CHECKING:
    from casework.domain.meeting_record import AgendaHeader, MeetingRecord

#: The outcomes as a Danish protocol writes them ("Beslutning: Godkendt").
OUTCOME_DA = {
    "decided": "Godkendt",
    "recommended": "Anbefales",
    "noted": "Taget til efterretning",
    "postponed": "Udsat",
    "returned": "Tilbagesendt",
    "rejected": "Ikke godkendt",
    "referred": "Oversendt",
}
#: The protocol's title, before the body and the meeting's time.
TITLE = "Beslutningsprotokol"


def outcome_da(outcome: str, to_body_name: str | None = None) -> str:
    """The outcome's Danish text: "Godkendt", "Oversendt til Teknik- og Miljøudvalget"."""
    text = OUTCOME_DA.get(outcome, outcome)
    return f"{text} til {to_body_name}" if to_body_name else text


@dataclass(frozen=True, slots=True)
class ProtocolAbsence:
    """A member absent from the meeting."""

    #: The member's name (fraværende), as the secretariat recorded it.
    member: str
    #: The substitute (stedfortræder) who met instead, if any.
    substitute: str | None = None

    def text(self) -> str:
        """ "Anna Berg (stedfortræder: Bo Lund)"."""
        return (
            f"{self.member} (stedfortræder: {self.substitute})" if self.substitute else self.member
        )

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON."""
        return {"member": self.member, "substitute": self.substitute}


@dataclass(frozen=True, slots=True)
class ProtocolItem:
    """One item of the minutes, full: what the agenda said as sent and what was decided."""

    #: The item's number on the agenda as sent.
    number: int
    #: The item's heading as sent (for a closed item its real title; see ``public_heading``).
    heading: str
    #: The heading the public may see ("Lukket punkt: Ejendomssag" for a closed item).
    public_heading: str
    #: A fixed item (Godkendelse af dagsorden, Meddelelser, Eventuelt): no case behind it.
    fixed: bool
    #: A closed item (lukket punkt, KSL § 10).
    closed: bool
    #: The public category of a closed item ("Ejendomssag"); None for an open item.
    category: str | None
    #: The case behind the item (None for a fixed item).
    case_id: str | None
    #: The case's ESDH number (or its id), as sent.
    case_number: str | None
    #: The indstilling (the at-clauses) as sent: the frozen snapshot's latest version.
    indstilling: tuple[str, ...]
    #: The outcome (an :class:`~casework.domain.workflow.Outcome` value); None when undecided.
    outcome: str | None
    #: The outcome as the protocol writes it ("Godkendt", "Oversendt til Økonomiudvalget").
    outcome_text: str | None
    #: For a referral (oversendt): the key of the body the item was referred to.
    to_body: str | None
    #: For a referral: that body's full name.
    to_body_name: str | None
    #: The decision's wording (beslutningstekst), if given; for a fixed item, what the minutes
    #: say under it (Meddelelser).
    decision_text: str | None
    #: The vote, when one was taken (counts and names or parties as text).
    votes: Votes | None
    #: Minority statements (mindretalsudtalelser).
    minority: tuple[str, ...]
    #: Protocol entries (protokoltilførsler).
    entries: tuple[str, ...]
    #: The reasons the item was reopened (genoptaget) at the meeting, in order.
    reopened: tuple[str, ...]
    #: The case event the decision produced, "2026-0012#7" (the meeting chain's pointer).
    case_event: str | None
    #: Booked after the agenda's deadline (optaget efter fristen).
    late: bool = False
    #: On a supplementary agenda (tillægsdagsorden).
    supplementary: bool = False
    #: Withdrawn after sending (udgået).
    withdrawn: bool = False
    #: The open bilag as sent (links); closed bilag are never in a snapshot.
    files: tuple[BilagLink, ...] = ()

    @property
    def decided(self) -> bool:
        """Whether a decision stands on the item."""
        return self.outcome is not None

    def vote_lines(self) -> tuple[str, ...]:
        """The vote as the protocol prints it ("For stemte: 5", …); empty without a vote."""
        return self.votes.lines() if self.votes is not None else ()


@dataclass(frozen=True, slots=True)
class Protocol:
    """The beslutningsprotokol of one meeting, full; publish it through :meth:`publish`."""

    #: The body's key (``tmu``).
    body: str
    #: The body's full name.
    body_name: str
    #: The municipality's name.
    municipality: str
    #: The meeting's date.
    date: dt.date
    #: The meeting's time.
    time: dt.time
    #: The meeting's state (a :class:`~casework.domain.meeting_record.MeetingState` value).
    state: str
    #: Whether the meeting was held implicitly (by its first decision).
    held_implicitly: bool
    #: The absent members and their substitutes.
    attendance: tuple[ProtocolAbsence, ...]
    #: Who approved (signed) the minutes (the person's name); None before the approval.
    approved_by: str | None
    #: When the minutes were approved; None before.
    approved_on: dt.date | None
    #: When the minutes were published; None before.
    published_on: dt.date | None
    #: The items in agenda order (fixed items included).
    items: tuple[ProtocolItem, ...]

    @property
    def approved(self) -> bool:
        """Whether the minutes were approved (and so are final)."""
        return self.approved_on is not None

    def publish(self, visibility: Visibility) -> PublishedProtocol:
        """The projection for ``visibility``: the public one holds nothing of a closed item but
        its number and public heading."""
        full = visibility is Visibility.FULL
        return PublishedProtocol(
            visibility=visibility, municipality=self.municipality, body=self.body,
            body_name=self.body_name, date=self.date, time=self.time,
            when=meeting_when_da(self.date, self.time), state=self.state,
            absent=tuple(a.text() for a in self.attendance),
            approved_by=self.approved_by, approved_on=self.approved_on,
            published_on=self.published_on,
            items=tuple(_published(item, full) for item in self.items),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublishedProtocolItem:
    """One item as a version of the minutes shows it; a public closed item is its number and
    public heading only."""

    #: The item's number.
    number: int
    #: The heading this version may show ("Lukket punkt: …" for a closed item).
    heading: str
    #: A fixed item (no case).
    fixed: bool = False
    #: A closed item.
    closed: bool = False
    #: A closed item's public category.
    category: str | None = None
    #: The case's number (full version, and open items).
    case_number: str | None = None
    #: The indstilling as sent.
    indstilling: tuple[str, ...] = ()
    #: The outcome's value (an :class:`~casework.domain.workflow.Outcome` value).
    outcome: str | None = None
    #: The outcome's Danish text ("Anbefales", "Oversendt til Økonomiudvalget").
    outcome_text: str | None = None
    #: The decision's wording (for a fixed item, what the minutes say under it).
    decision_text: str | None = None
    #: The vote as lines ("For stemte: 5", "Imod stemte: 2", "Undlod at stemme: 0", names).
    votes: tuple[str, ...] = ()
    #: Minority statements (mindretalsudtalelser).
    minority: tuple[str, ...] = ()
    #: Protocol entries (protokoltilførsler).
    entries: tuple[str, ...] = ()
    #: Marks as lines: genoptaget, udgået, tillægsdagsorden.
    notes: tuple[str, ...] = ()
    #: The open bilag as sent (none for a public closed item).
    files: tuple[BilagLink, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON publication; ``files`` only when the item has bilag."""
        return {
            "number": self.number, "heading": self.heading, "fixed": self.fixed,
            "closed": self.closed, "category": self.category,
            "case_number": self.case_number, "indstilling": list(self.indstilling),
            "outcome": self.outcome, "outcome_text": self.outcome_text,
            "decision_text": self.decision_text, "votes": list(self.votes),
            "minority": list(self.minority), "entries": list(self.entries),
            "notes": list(self.notes),
            **({"files": [f.as_json() for f in self.files]} if self.files else {}),
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublishedProtocol:
    """A version of the minutes, ready for a renderer (terminal, HTML, PDF, JSON, OParl)."""

    #: Public or full.
    visibility: Visibility
    #: The municipality's name.
    municipality: str
    #: The body's key.
    body: str
    #: The body's full name.
    body_name: str
    #: The meeting's date.
    date: dt.date
    #: The meeting's time.
    time: dt.time
    #: Both as Danish text ("torsdag den 10. marts 2026 kl. 17.00").
    when: str
    #: The meeting's state value (held, minutes_approved, published).
    state: str
    #: The absent members as lines ("Anna Berg (stedfortræder: Bo Lund)").
    absent: tuple[str, ...]
    #: Who approved the minutes (the person's name); None before.
    approved_by: str | None
    #: When the minutes were approved; None before.
    approved_on: dt.date | None
    #: When they were published; None before.
    published_on: dt.date | None
    #: The items in agenda order.
    items: tuple[PublishedProtocolItem, ...]

    @property
    def title(self) -> str:
        """``Beslutningsprotokol – Teknik- og Miljøudvalget – mandag den 13. april 2026 kl.
        16.00``."""
        return f"{TITLE} – {self.body_name} – {self.when}"

    @property
    def decided_in(self) -> str:
        """``Beslutning i Teknik- og Miljøudvalget den 13. april 2026``."""
        return f"Beslutning i {self.body_name} den {date_da(self.date)}"

    def as_json(self) -> dict[str, Any]:
        """Stable keys for JSON publication (``format_version`` 1)."""
        return {
            "format_version": 1, "visibility": self.visibility.value,
            "municipality": self.municipality, "body": self.body, "body_name": self.body_name,
            "date": self.date.isoformat(), "time": time_da(self.time), "when": self.when,
            "title": self.title, "state": self.state, "absent": list(self.absent),
            "approved_by": self.approved_by,
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "items": [item.as_json() for item in self.items],
        }  # fmt: skip


def _published(item: ProtocolItem, full: bool) -> PublishedProtocolItem:
    if item.closed and not full:
        # A public closed item: its number and public heading, nothing of the case or the
        # decision (KSL § 10).
        return PublishedProtocolItem(
            number=item.number, heading=item.public_heading, closed=True,
            category=item.category, notes=_notes(item, reasons=False),
        )  # fmt: skip
    return PublishedProtocolItem(
        number=item.number,
        heading=f"Lukket punkt: {item.heading}" if item.closed else item.heading,
        fixed=item.fixed, closed=item.closed, category=item.category,
        case_number=item.case_number, indstilling=item.indstilling, outcome=item.outcome,
        outcome_text=item.outcome_text, decision_text=item.decision_text,
        votes=item.vote_lines(), minority=item.minority, entries=item.entries,
        notes=_notes(item, reasons=True), files=item.files,
    )  # fmt: skip


def _notes(item: ProtocolItem, *, reasons: bool) -> tuple[str, ...]:
    notes = []
    if item.supplementary:
        notes.append("Tillægsdagsorden")
    if item.withdrawn:
        notes.append("Punktet er udgået")
    for reason in item.reopened:
        notes.append(f"Punktet blev genoptaget: {reason}" if reasons else "Punktet blev genoptaget")
    return tuple(notes)


# ------------------------------------------------------------------------------- building
def protocol_of(
    record: MeetingRecord,
    header: AgendaHeader | None = None,
    body_names: Mapping[str, str] | None = None,
) -> Protocol:
    """The minutes of ``record``'s meeting.

    The items are the agenda as sent (each at its latest version), or, for a meeting not run
    on casework, the items its decisions booked; ``header`` gives the body's name, the time and
    the municipality when no agenda was sent. ``body_names`` names the bodies items were
    referred to.
    """
    names = body_names or {}
    if record.sent is not None:
        head = record.sent.payload
        body_name, municipality = head.body_name, head.municipality
        time = dt.time.fromisoformat(head.time)
        agenda_items = list(record.frozen_agenda().items)
    else:
        body_name = header.body_name if header is not None else names.get(record.body, record.body)
        municipality = header.municipality if header is not None else ""
        time = header.time if header is not None else dt.time()
        agenda_items = sorted(
            (item.frozen_item() for item in record.items if item.versions and item.active),
            key=lambda i: i.number,
        )
    booked = {item.case_id: item for item in record.items}
    notes = dict(record.fixed_notes)
    items = []
    for agenda_item in agenda_items:
        content = agenda_item.content
        entry = booked.get(content.case_id) if content is not None else None
        decision = entry.decision if entry is not None else None
        item = _item(agenda_item, decision, entry.reopened if entry else (), names)
        if content is None and agenda_item.number in notes:
            item = replace(item, decision_text=notes[agenda_item.number])
        items.append(item)
    approved = record.approved
    return Protocol(
        body=record.body, body_name=body_name, municipality=municipality, date=record.date,
        time=time, state=record.state.value, held_implicitly=record.held_implicitly,
        attendance=tuple(ProtocolAbsence(a.member, a.substitute) for a in record.attendance),
        approved_by=approved.by if approved is not None else None,
        approved_on=dt.date.fromisoformat(approved.approved_on) if approved else None,
        published_on=dt.date.fromisoformat(record.published_on) if record.published_on else None,
        items=tuple(items),
    )  # fmt: skip


def _item(
    agenda_item: AgendaItem,
    decision: ItemDecided | None,
    reopened: tuple[str, ...],
    names: Mapping[str, str],
) -> ProtocolItem:
    content = agenda_item.content
    category = None
    if agenda_item.closed:
        category = agenda_item.category.heading if agenda_item.category else UNSPECIFIED_CATEGORY
    to_body = decision.to_body if decision is not None else None
    to_name = names.get(to_body, to_body) if to_body is not None else None
    return ProtocolItem(
        number=agenda_item.number, heading=agenda_item.title,
        public_heading=agenda_item.public_heading, fixed=content is None,
        closed=agenda_item.closed, category=category,
        case_id=content.case_id if content is not None else None,
        case_number=content.case_number if content is not None else None,
        indstilling=content.indstilling if content is not None else (),
        outcome=decision.outcome if decision is not None else None,
        outcome_text=outcome_da(decision.outcome, to_name) if decision is not None else None,
        to_body=to_body, to_body_name=to_name,
        decision_text=decision.text if decision is not None else None,
        votes=decision.votes if decision is not None else None,
        minority=decision.minority if decision is not None else (),
        entries=decision.entries if decision is not None else (),
        reopened=reopened,
        case_event=f"{decision.case_id}#{decision.case_seq}" if decision is not None else None,
        late=agenda_item.late, supplementary=agenda_item.supplementary,
        withdrawn=agenda_item.withdrawn is not None,
        files=content.files if content is not None else (),
    )  # fmt: skip


__all__ = [
    "OUTCOME_DA",
    "TITLE",
    "Protocol",
    "ProtocolAbsence",
    "ProtocolItem",
    "PublishedProtocol",
    "PublishedProtocolItem",
    "outcome_da",
    "protocol_of",
]
