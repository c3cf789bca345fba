"""Use cases of meetings as records: book, withdraw, close, send, correct, hold, cancel, move,
and :func:`agenda_of`, the one query every reader of an agenda goes through.

Each command is one unit of work: authorise the actor (the secretariat's ``manage_agendas``),
load the meeting's record (a new one when nothing is recorded yet, for a meeting of the plan),
call one verb of :class:`~casework.domain.meeting_record.MeetingRecord`, save it guarded by the
version it was loaded at, commit. A case's content for an item is assembled by
:func:`casework.services.agendas.case_candidate`, the same that builds an assembled agenda, so a
snapshot holds exactly what the agenda showed the moment it was sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.agenda import Agenda, Candidate, assemble
from casework.domain.audit import verify_meeting
from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseClosed, Finding, InvalidInput
from casework.domain.meeting_errors import NotOnRoute
from casework.domain.meeting_events import MeetingEvent, meeting_key
from casework.domain.meeting_record import MeetingRecord
from casework.domain.workflow import CaseStatus
from casework.services.agendas import (
    agenda_header,
    assemble_in,
    case_candidate,
    check_body,
    meeting_on,
    planned_cases,
)
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.meetings import MeetingRepository


def meetings_of(uow: UnitOfWork) -> MeetingRepository:
    """The unit of work's meeting repository (every store of casework has one)."""
    repository: MeetingRepository | None = getattr(uow, "meetings", None)
    if repository is None:
        raise TypeError(f"{type(uow).__name__} keeps no meetings ('meetings')")
    return repository


# ------------------------------------------------------------------------------- the query
def agenda_of(
    reader: Callable[[], UnitOfWork],
    config: Configuration,
    body: str,
    day: dt.date,
    today: dt.date | None = None,
) -> Agenda:
    """The agenda of ``body``'s meeting on ``day``: once sent, the frozen snapshot (corrections
    and withdrawals marked), whatever the cases say now; before, the booked items as their cases
    are now; and for a meeting with nothing recorded, the agenda assembled from the cases.

    Raises:
        UnknownBody, NoMeetingPlan, NoMeetingOnDate: as their names say (a sent meeting needs
            no plan: its head was frozen too).
    """
    check_body(config, body)
    with reader() as uow:
        record = meetings_of(uow).find(body, day)
        if record is None:
            return assemble_in(uow, config, body, day, today)
        if record.sent is not None:
            return record.frozen_agenda()
        if record.held_implicitly:
            return _decided_agenda(uow, config, record, today or day)
        return _booked_agenda(uow, config, record, today or day)


def meeting_record(
    reader: Callable[[], UnitOfWork], config: Configuration, body: str, day: dt.date
) -> tuple[MeetingRecord, list[MeetingEvent]]:
    """The meeting's record and history (an empty record when nothing is recorded).

    Raises UnknownBody; NoMeetingOnDate for a meeting neither recorded nor in the plan.
    """
    check_body(config, body)
    with reader() as uow:
        repository = meetings_of(uow)
        record = repository.find(body, day)
        if record is None:
            meeting_on(config, body, day)
            return MeetingRecord(body, day), []
        return record, repository.events(body, day)


# ------------------------------------------------------------------------------- commands
def book(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    case_ids: Sequence[str] = (),
    actor: str,
    planned: bool = False,
) -> list[str]:
    """Book cases onto the meeting: ``case_ids``, and with ``planned`` every case its assembled
    agenda holds (waiting at the body's meeting step for it, or planned to it) that is not
    booked yet. Returns the ids booked, in order.

    Raises CaseworkErrors (nothing is booked): NotFound, CaseClosed, NotOnRoute,
    CaseAlreadyBooked, MeetingStateError, and the agenda errors for the body and day.
    """
    today = clock.today()
    with uow:
        record = _load(uow, config, body, day, actor)
        loaded = record.version
        chosen = [uow.cases.get(case_id) for case_id in case_ids]
        if planned:
            booked = {i.case_id for i in record.active()} | set(case_ids)
            found = planned_cases(uow, config, body, day, today)
            chosen += [case for case in found if case.id not in booked]
        for case in chosen:
            _check_bookable(config, case, body)
            record.book(case_candidate(uow, config, case, today), at=clock.now(), actor=actor)
        if record.pending:
            meetings_of(uow).save(record, loaded)
            uow.commit()
    return [case.id for case in chosen]


def withdraw(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    case_id: str,
    actor: str,
    reason: str | None = None,
) -> MeetingRecord:
    """Take a case off the agenda (after sending: a correction, with ``reason``)."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: record.withdraw(
        case_id, reason=reason, at=clock.now(), actor=actor
    ))  # fmt: skip


def close(
    uow: UnitOfWork, config: Configuration, clock: Clock, body: str, day: dt.date, *, actor: str
) -> MeetingRecord:
    """Close the agenda at the dagsordensfrist: later bookings are late."""
    _, header = agenda_header(config, body, day)
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: record.close(
        deadline=header.deadline, at=clock.now(), actor=actor
    ))  # fmt: skip


def send(
    uow: UnitOfWork, config: Configuration, clock: Clock, body: str, day: dt.date, *, actor: str
) -> MeetingRecord:
    """Send the agenda: freeze every item as its case is now (closing it first if need be)."""
    _, header = agenda_header(config, body, day)
    today = clock.today()

    def sending(record: MeetingRecord, uow: UnitOfWork) -> None:
        contents = {
            item.case_id: case_candidate(uow, config, uow.cases.get(item.case_id), today)
            for item in record.active()
        }
        record.send(contents, header, today=today, at=clock.now(), actor=actor)

    return _command(uow, config, body, day, actor=actor, verb=sending)


def correct(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    case_id: str,
    actor: str,
    reason: str,
) -> MeetingRecord:
    """A rettelsesblad: a sent item's new version, from its case as it is now."""

    def correcting(record: MeetingRecord, uow: UnitOfWork) -> None:
        candidate = case_candidate(uow, config, uow.cases.get(case_id), clock.today())
        record.correct(candidate, reason=reason, at=clock.now(), actor=actor)

    return _command(uow, config, body, day, actor=actor, verb=correcting)


def hold(
    uow: UnitOfWork, config: Configuration, clock: Clock, body: str, day: dt.date, *, actor: str
) -> MeetingRecord:
    """Open the meeting (its agenda sent, its day come)."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: record.hold(
        today=clock.today(), at=clock.now(), actor=actor
    ))  # fmt: skip


def cancel(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    actor: str,
    reason: str | None = None,
) -> MeetingRecord:
    """Cancel the meeting."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: record.cancel(
        reason=reason, at=clock.now(), actor=actor
    ))  # fmt: skip


def move(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    to: dt.date,
    actor: str,
    reason: str | None = None,
) -> MeetingRecord:
    """Move the meeting to ``to`` (a meeting of the body's plan); its items go along."""
    meeting_on(config, body, to)
    with uow:
        record = _load(uow, config, body, day, actor)
        target = meetings_of(uow).find(body, to) or MeetingRecord(body, to)
        versions = (record.version, target.version)
        record.move_to(target, reason=reason, at=clock.now(), actor=actor)
        meetings_of(uow).save(target, versions[1])
        meetings_of(uow).save(record, versions[0])
        uow.commit()
    return record


# ------------------------------------------------------------------------------- audit
@dataclass(frozen=True, slots=True)
class MeetingAudit:
    """What the audit found in the meetings' records."""

    meetings: int
    events: int
    findings: tuple[Finding, ...]


def verify_meetings(uow: UnitOfWork) -> MeetingAudit:
    """Check every meeting's chain and that its row equals its replay, in an open unit of work."""
    repository = meetings_of(uow)
    findings: list[Finding] = []
    count = seen = 0
    for body, day in repository.ids():
        key = meeting_key(body, day)
        events = repository.events(body, day)
        count += 1
        seen += len(events)
        try:
            stored = repository.find(body, day)
        except ValueError:  # the row's JSON no longer reads: it was edited by hand
            findings.append(Finding("CW407", "audit.meeting.state_mismatch",
                                    {"meeting": key, "field": "data"}))  # fmt: skip
            continue
        found = verify_meeting(key, stored, events)
        if not found and stored is not None:  # equal to the replay: now the row as stored
            found = [Finding("CW407", "audit.meeting.state_mismatch", {"meeting": key, "field": n})
                     for n in repository.row_differences(stored)]  # fmt: skip
        findings.extend(found)
    return MeetingAudit(count, seen, tuple(findings))


# ------------------------------------------------------------------------------- internals
def _command(
    uow: UnitOfWork,
    config: Configuration,
    body: str,
    day: dt.date,
    *,
    actor: str,
    verb: Callable[[MeetingRecord, UnitOfWork], object],
) -> MeetingRecord:
    with uow:
        record = _load(uow, config, body, day, actor)
        loaded = record.version
        verb(record, uow)
        meetings_of(uow).save(record, loaded)
        uow.commit()
    return record


def _load(
    uow: UnitOfWork, config: Configuration, body: str, day: dt.date, actor: str
) -> MeetingRecord:
    """The meeting's record for a command by ``actor``: a recorded meeting, or a new record of
    a meeting of the plan. Raises UnknownPerson, NotSignedIn/AccessDenied (not the secretariat),
    UnknownBody, NoMeetingOnDate."""
    municipality = config.municipality
    municipality.person(actor)
    access.require(municipality, actor, Permission.MANAGE_AGENDAS)
    check_body(config, body)
    record = meetings_of(uow).find(body, day)
    if record is None:
        meeting_on(config, body, day)
        record = MeetingRecord(body, day)
    return record


def _check_bookable(config: Configuration, case: Case, body: str) -> None:
    if case.status is CaseStatus.CLOSED:
        raise CaseClosed(case_id=case.id)
    if body not in {entry.body for entry in case.route}:
        bodies = config.municipality.bodies
        route = " → ".join(bodies[e.body].short if e.body in bodies else e.body
                           for e in case.route) or "-"  # fmt: skip
        raise NotOnRoute(case_id=case.id, body=bodies[body].short, route=route)


def _decided_agenda(
    uow: UnitOfWork, config: Configuration, record: MeetingRecord, today: dt.date
) -> Agenda:
    """A meeting not run on casework, held by its decisions: the items its decisions froze, as
    their cases stood when decided, and the cases still waiting for it, as they are now, in one
    assembled numbering (so the minutes page still offers the undecided ones): the decided
    items first in each group (open, closed), as their entry to the meeting is not recorded."""
    _, header = agenda_header(config, record.body, record.date)
    frozen = {item.case_id: item.current for item in record.active() if item.current}
    candidates = [
        Candidate(content=snapshot.content, entered=dt.date.min, closed=snapshot.closed,
                  closed_reason=snapshot.category.value if snapshot.category else None,
                  late=snapshot.late)
        for snapshot in frozen.values() if snapshot.content is not None
    ]  # fmt: skip
    waiting = assemble_in(uow, config, record.body, record.date, today).items
    candidates += [
        Candidate(content=item.content, entered=item.entered or record.date, closed=item.closed,
                  closed_reason=item.category.value if item.category else None, late=item.late)
        for item in waiting if item.content is not None and item.content.case_id not in frozen
    ]  # fmt: skip
    return assemble(
        body=record.body, body_name=header.body_name, date=record.date, time=header.time,
        deadline=header.deadline, candidates=candidates, municipality=header.municipality,
        opening=header.fixed.opening, closing=header.fixed.closing,
    )  # fmt: skip


def _booked_agenda(
    uow: UnitOfWork, config: Configuration, record: MeetingRecord, today: dt.date
) -> Agenda:
    """A recorded meeting's agenda before sending: its booked items as their cases are now."""
    _, header = agenda_header(config, record.body, record.date)
    contents: dict[str, Candidate] = {}
    for item in record.active():
        case = uow.cases.find(item.case_id)
        if case is None:
            raise InvalidInput(detail=f"{item.case_id}: booked on {record.key}, but not found")
        contents[item.case_id] = case_candidate(uow, config, case, today)
    return record.agenda(contents, header)


__all__ = [
    "MeetingAudit",
    "agenda_of",
    "book",
    "cancel",
    "close",
    "correct",
    "hold",
    "meeting_record",
    "meetings_of",
    "move",
    "send",
    "verify_meetings",
]
