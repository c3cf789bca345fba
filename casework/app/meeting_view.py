"""The meeting's record as a view model: its state, its items with their versions, its history.

``casework meeting show`` (and its ``--json``) renders :class:`MeetingView`. Headings follow
the agenda's public/full rule: without ``full`` a closed item reads "Lukket punkt: <category>"
here too, in its item line and in every history line, so the view can be shown to anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from casework.domain.agenda import Agenda
from casework.domain.meeting_events import MeetingEvent
from casework.domain.meeting_payloads import (
    AgendaClosed,
    AgendaSent,
    AttendanceRecorded,
    FixedItemNoted,
    ItemBooked,
    ItemCorrected,
    ItemDecided,
    ItemReopened,
    ItemWithdrawn,
    MeetingCancelled,
    MeetingHeld,
    MeetingMoved,
    MinutesApproved,
    MinutesPublished,
)
from casework.domain.meeting_record import MeetingRecord
from casework.domain.messages import register, render

register(
    {
        "meeting.event.booked": ("Sag {case} booket: {heading}", "Case {case} booked: {heading}"),
        "meeting.event.booked_late": (
            "Sag {case} booket efter fristen: {heading}",
            "Case {case} booked after the deadline: {heading}",
        ),
        "meeting.event.booked_supplementary": (
            "Sag {case} sat på tillægsdagsorden som punkt {number}: {heading}",
            "Case {case} put on a supplementary agenda as item {number}: {heading}",
        ),
        "meeting.event.booked_moved": (
            "Sag {case} flyttet hertil fra mødet {day}: {heading}",
            "Case {case} moved here from the meeting of {day}: {heading}",
        ),
        "meeting.event.withdrawn": ("Sag {case} taget af", "Case {case} withdrawn"),
        "meeting.event.withdrawn_correction": (
            "Rettelse: sag {case} udgår ({reason})",
            "Correction: case {case} withdrawn ({reason})",
        ),
        "meeting.event.closed": ("Dagsordenen lukket", "Agenda closed"),
        "meeting.event.closed_implicit": (
            "Dagsordenen lukket ved udsendelsen",
            "Agenda closed when sent",
        ),
        "meeting.event.sent": (
            "Dagsordenen udsendt med {count} punkter (frosset)",
            "Agenda sent with {count} items (frozen)",
        ),
        "meeting.event.corrected": (
            "Rettelsesblad for punkt {number}, version {version}: {reason}",
            "Correction of item {number}, version {version}: {reason}",
        ),
        "meeting.event.held": ("Mødet åbnet", "Meeting opened"),
        "meeting.event.held_implicit": (
            "Mødet afholdt (registreret ved den første beslutning)",
            "Meeting held (recorded with its first decision)",
        ),
        "meeting.event.booked_implicit": (
            "Sag {case} behandlet på mødet: {heading}",
            "Case {case} dealt with at the meeting: {heading}",
        ),
        "meeting.event.decided": (
            "Beslutning om sag {case}: {outcome} (sagens hændelse {seq})",
            "Decision on case {case}: {outcome} (the case's event {seq})",
        ),
        "meeting.event.reopened": (
            "Punktet for sag {case} genoptaget: {reason}",
            "Item of case {case} reopened: {reason}",
        ),
        "meeting.event.absent": (
            "Fraværende: {member}{substitute}",
            "Absent: {member}{substitute}",
        ),
        "meeting.event.present": (
            "Fravær taget tilbage: {member}",
            "Absence taken back: {member}",
        ),
        "meeting.event.substitute": (" (stedfortræder: {name})", " (substitute: {name})"),
        "meeting.event.approved": (
            "Protokollen godkendt af {by}",
            "Minutes approved by {by}",
        ),
        "meeting.event.published": ("Protokollen offentliggjort", "Minutes published"),
        "meeting.event.noted": (
            "Ført til protokol under punkt {number}",
            "Noted under item {number}",
        ),
        "meeting.event.cancelled": ("Mødet aflyst{reason}", "Meeting cancelled{reason}"),
        "meeting.event.moved": (
            "Mødet flyttet til {day}{reason}",
            "Meeting moved to {day}{reason}",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class ItemVersionView:
    """One version of a sent item: 1 as sent, then each correction with its reason."""

    version: int
    at: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class MeetingItemView:
    """One booked case of the meeting."""

    case_id: str
    order: int
    number: int | None  # the agenda's number (fixed from sending on)
    heading: str
    late: bool
    supplementary: bool
    withdrawn: str | None
    moved_from: str | None
    versions: tuple[ItemVersionView, ...]

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "case_id": self.case_id, "order": self.order, "number": self.number,
            "heading": self.heading, "late": self.late, "supplementary": self.supplementary,
            "withdrawn": self.withdrawn, "moved_from": self.moved_from,
            "versions": [
                {"version": v.version, "at": v.at, "reason": v.reason} for v in self.versions
            ],
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One event of the meeting's history, as a line."""

    seq: int
    at: str
    actor: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class MeetingView:
    """A meeting's record: state, items and history."""

    body: str
    body_name: str
    date: dt.date
    state: str
    state_text: str
    version: int
    sent_on: dt.date | None
    moved_to: str | None
    note: str | None
    items: tuple[MeetingItemView, ...]
    history: tuple[HistoryLine, ...]

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` (``format_version`` 1)."""
        return {
            "format_version": 1, "body": self.body, "body_name": self.body_name,
            "date": self.date.isoformat(), "state": self.state, "state_text": self.state_text,
            "version": self.version,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "moved_to": self.moved_to, "note": self.note,
            "items": [item.as_json() for item in self.items],
            "history": [
                {"seq": h.seq, "at": h.at, "actor": h.actor, "kind": h.kind, "text": h.text}
                for h in self.history
            ],
        }  # fmt: skip


def meeting_view(
    record: MeetingRecord,
    events: list[MeetingEvent],
    agenda: Agenda,
    lang: str,
    *,
    full: bool = False,
) -> MeetingView:
    """The view of ``record`` with ``agenda`` (its current agenda, for numbers and closed items);
    without ``full`` a closed item's heading is its public one, and its reasons are left out."""
    shown = {
        item.content.case_id: (item.number, item.title if full or not item.closed
                               else item.public_heading)
        for item in agenda.items if item.content is not None
    }  # fmt: skip
    hidden = set() if full else {i.content.case_id for i in agenda.items if i.closed and i.content}

    def heading(case_id: str, title: str) -> str:
        return shown.get(case_id, (None, title))[1]

    def reason(case_id: str, text: str | None) -> str | None:
        return "…" if text and case_id in hidden else text

    items = tuple(
        MeetingItemView(
            case_id=item.case_id, order=item.order,
            number=shown[item.case_id][0] if item.case_id in shown else None,
            heading=heading(item.case_id, item.title), late=item.late,
            supplementary=item.supplementary, withdrawn=reason(item.case_id, item.withdrawn),
            moved_from=item.moved_from,
            versions=tuple(ItemVersionView(n, v.at, reason(item.case_id, v.reason))
                           for n, v in enumerate(item.versions, start=1)),
        )
        for item in sorted(record.items, key=lambda i: i.order)
    )  # fmt: skip
    history = tuple(
        HistoryLine(e.seq, e.at, e.actor, str(e.kind), _line(e, lang, heading, reason))
        for e in events
    )
    return MeetingView(
        body=record.body, body_name=agenda.body_name, date=record.date,
        state=record.state.value, state_text=render(record.state_text().key, lang,
                                                    **record.state_text().params),
        version=record.version, sent_on=agenda.sent_on, moved_to=record.moved_to,
        note=record.note, items=items, history=history,
    )  # fmt: skip


def _line(event: MeetingEvent, lang: str, heading: Any, hide: Any) -> str:  # noqa: PLR0911 - one line per kind
    payload = event.payload
    minutes = _minutes_line(payload, lang, hide)
    if minutes is not None:
        return minutes

    def why(reason: str | None) -> str:
        return f": {reason}" if reason else ""

    if isinstance(payload, ItemBooked):
        name = heading(payload.case_id, payload.title)
        case = payload.case_id
        if payload.implicit:
            return render("meeting.event.booked_implicit", lang, case=case, heading=name)
        if payload.moved_from:
            return render("meeting.event.booked_moved", lang, case=case, heading=name,
                          day=payload.moved_from)  # fmt: skip
        if payload.snapshot is not None:
            return render("meeting.event.booked_supplementary", lang, case=case, heading=name,
                          number=payload.snapshot.number)  # fmt: skip
        key = "meeting.event.booked_late" if payload.late else "meeting.event.booked"
        return render(key, lang, case=case, heading=name)
    if isinstance(payload, ItemWithdrawn):
        if payload.correction:
            reason = hide(payload.case_id, payload.reason)
            return render("meeting.event.withdrawn_correction", lang, case=payload.case_id,
                          reason=reason)  # fmt: skip
        return render("meeting.event.withdrawn", lang, case=payload.case_id)
    if isinstance(payload, AgendaClosed):
        key = "meeting.event.closed_implicit" if payload.implicit else "meeting.event.closed"
        return render(key, lang)
    if isinstance(payload, AgendaSent):
        return render("meeting.event.sent", lang, count=len(payload.items))
    if isinstance(payload, ItemCorrected):
        reason = hide(payload.case_id, payload.reason)
        number = payload.snapshot.number
        return render("meeting.event.corrected", lang, number=number, version=payload.version,
                      reason=reason)  # fmt: skip
    if isinstance(payload, MeetingHeld):
        return render("meeting.event.held_implicit" if payload.implicit else "meeting.event.held",
                      lang)  # fmt: skip
    if isinstance(payload, MeetingCancelled):
        return render("meeting.event.cancelled", lang, reason=why(payload.reason))
    assert isinstance(payload, MeetingMoved)
    return render("meeting.event.moved", lang, day=payload.to, reason=why(payload.reason))


def _minutes_line(payload: Any, lang: str, hide: Any) -> str | None:  # noqa: PLR0911 - one line per kind
    """The history line of an event of the minutes (a closed item's outcome and reason hidden
    unless full); None for any other event."""
    if isinstance(payload, ItemDecided):
        outcome = hide(payload.case_id, render(f"outcome.{payload.outcome}", lang))
        return render("meeting.event.decided", lang, case=payload.case_id, outcome=outcome,
                      seq=payload.case_seq)  # fmt: skip
    if isinstance(payload, ItemReopened):
        reason = hide(payload.case_id, payload.reason)
        return render("meeting.event.reopened", lang, case=payload.case_id, reason=reason)
    if isinstance(payload, AttendanceRecorded):
        if not payload.absent:
            return render("meeting.event.present", lang, member=payload.member)
        sub = payload.substitute
        substitute = render("meeting.event.substitute", lang, name=sub) if sub else ""
        return render("meeting.event.absent", lang, member=payload.member, substitute=substitute)
    if isinstance(payload, FixedItemNoted):
        return render("meeting.event.noted", lang, number=payload.number)
    if isinstance(payload, MinutesApproved):
        return render("meeting.event.approved", lang, by=payload.by)
    if isinstance(payload, MinutesPublished):
        return render("meeting.event.published", lang)
    return None


__all__ = ["HistoryLine", "ItemVersionView", "MeetingItemView", "MeetingView", "meeting_view"]
