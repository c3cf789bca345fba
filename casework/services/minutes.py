"""The minutes as use cases: a decision on the meeting's record, absences, reopening, approval,
publication, and :func:`protocol`, the one query of a meeting's beslutningsprotokol.

A decision from the minutes is one unit of work with the case it moves
(:func:`casework.services.handlers.record_decision`): :func:`standing` finds a decision already
on the meeting's item (the same again is a repetition, another one is refused unless the item
was reopened), :func:`before` loads the meeting's record and checks that it can take the
decision before anything moves, :func:`after` records it with the case event it produced. The
other commands are the secretariat's (``manage_agendas``), one unit of work each, like the
meeting commands of :mod:`casework.services.meetings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.domain.agenda import Candidate
from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError, DecisionAlreadyRecorded
from casework.domain.events import CaseEvent
from casework.domain.meeting_errors import MinutesNeedText, TooManyVotes
from casework.domain.meeting_payloads import ItemDecided, Votes
from casework.domain.meeting_record import MeetingRecord
from casework.domain.messages import Msg
from casework.domain.protocol import Protocol, protocol_of
from casework.domain.workflow import Outcome
from casework.services.agendas import agenda_header, case_candidate, check_body, meeting_on
from casework.services.meetings import _command, meetings_of
from casework.services.ports import Clock, UnitOfWork

if TYPE_CHECKING:
    from casework.domain.commands import Minutes, RecordDecision
    from casework.services.handlers import AdvanceResult


# ------------------------------------------------------------------------------- decisions
def votes_of(minutes: Minutes) -> Votes | None:
    """The vote the minutes give: counts and/or the names text; None when no vote was taken."""
    counts = (minutes.in_favour, minutes.against, minutes.abstaining)
    if all(c is None for c in counts) and not minutes.votes:
        return None
    return Votes(*counts, names=minutes.votes or None)


def votes_text(minutes: Minutes) -> str | None:
    """The vote as the case's history keeps it: the counts as the protocol writes them, then
    the names ("For stemte: 5; Imod stemte: 2; Undlod at stemme: 0; For: A, B")."""
    votes = votes_of(minutes)
    return "; ".join(votes.lines()) if votes is not None else None


def _asked(
    case_id: str, minutes: Minutes, outcome: Outcome, event: CaseEvent | None
) -> ItemDecided:
    return ItemDecided(
        case_id=case_id, outcome=outcome.value,
        case_seq=event.seq if event is not None else 0,
        case_hash=event.hash if event is not None else "",
        text=minutes.text, to_body=minutes.to_body if outcome is Outcome.REFERRED else None,
        votes=votes_of(minutes), minority=tuple(minutes.minority), entries=tuple(minutes.entries),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Standing:
    """What the meeting's record says of a decision asked for again: the earlier result when it
    repeats the standing decision, and whether the item was reopened (the case's history then
    does not refuse a second decision)."""

    replayed: AdvanceResult | None
    reopened: bool


def standing(
    uow: UnitOfWork,
    config: Configuration,
    case: Case,
    *,
    body: str,
    cmd: RecordDecision,
    outcome: Outcome,
) -> Standing:
    """The standing decision on the case's item at ``body``'s meeting on the minutes' day.

    Raises DecisionAlreadyRecorded: a different decision stands on the item (not reopened).
    """
    from casework.services.handlers import AdvanceResult

    repository = getattr(uow, "meetings", None)
    day = cmd.minutes.meeting
    if repository is None or day is None:
        return Standing(None, reopened=False)
    # The body the case is at now, else a body of its route that met that day (a retry after
    # the decision moved the case on).
    found = None
    for name in dict.fromkeys([body, *(entry.body for entry in case.route)]):
        record = repository.find(name, day)
        item = record and next((i for i in record.items if i.case_id == case.id and i.active), None)
        if record is not None and item is not None:
            found = (record, item, name)
            break
    if found is None:
        return Standing(None, reopened=False)
    record, item, body = found
    earlier = item.decision
    if earlier is None:
        return Standing(None, reopened=bool(item.decisions))
    if earlier.same_as(_asked(case.id, cmd.minutes, outcome, None)):
        events = uow.cases.events(case.id)
        event = next((e for e in events if e.seq == earlier.case_seq), events[-1])
        return Standing(AdvanceResult(case, event, replayed=True), reopened=False)
    record.check_minutes_open()
    # Reported as the case's own refusal (CW225), which ``case decide`` has always given.
    short = config.municipality.bodies[body].short
    raise DecisionAlreadyRecorded(
        body=short, case_id=case.id, day=record.date.isoformat(),
        outcome=Msg(f"outcome.{earlier.outcome}"),
    )  # fmt: skip


@dataclass(slots=True)
class MinutesEntry:
    """The meeting's side of a decision being recorded: its record as loaded, the version it
    was loaded at, the case's content when the decision books its item, and the minutes."""

    record: MeetingRecord | None
    loaded: int
    candidate: Candidate | None
    minutes: Minutes
    today: dt.date

    @property
    def votes_text(self) -> str | None:
        """The vote as the case event keeps it."""
        return votes_text(self.minutes)


def before(
    uow: UnitOfWork,
    config: Configuration,
    case: Case,
    *,
    body: str,
    day: dt.date,
    cmd: RecordDecision,
    today: dt.date,
) -> MinutesEntry:
    """Load ``body``'s meeting on ``day`` and check it can take the decision on ``case``, before
    the case moves.

    Raises MinutesNeedText (a blank statement), TooManyVotes, and what
    :meth:`~casework.domain.meeting_record.MeetingRecord.check_decision` raises.
    """
    minutes = cmd.minutes
    if any(not text.strip() for text in (*minutes.minority, *minutes.entries)):
        raise MinutesNeedText(what=Msg("minutes.what.statement"))
    members = config.municipality.bodies[body].members
    votes = votes_of(minutes)
    if votes is not None and members is not None and votes.total > members:
        short = config.municipality.bodies[body].short
        raise TooManyVotes(votes=votes.total, body=short, members=members)
    repository = getattr(uow, "meetings", None)
    if repository is None:  # a store without meetings' records (a bare test double)
        return MinutesEntry(None, 0, None, minutes, today)
    record = repository.find(body, day) or MeetingRecord(body, day)
    record.check_decision(case.id, today=today)
    booked = any(i.case_id == case.id and i.active for i in record.items)
    candidate = None if booked else case_candidate(uow, config, case, day)
    return MinutesEntry(record, record.version, candidate, minutes, today)


def after(
    uow: UnitOfWork,
    entry: MinutesEntry,
    event: CaseEvent,
    *,
    outcome: Outcome,
    at: dt.datetime,
    actor: str,
) -> None:
    """Record the decision on the meeting's item, pointing at the case ``event`` it produced."""
    record = entry.record
    if record is None:
        return
    decision = _asked(event.case_id, entry.minutes, outcome, event)
    record.decide(decision, candidate=entry.candidate, today=entry.today, at=at, actor=actor)
    meetings_of(uow).save(record, entry.loaded)


# ------------------------------------------------------------------------------- commands
def record_absence(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    member: str,
    actor: str,
    substitute: str | None = None,
    absent: bool = True,
) -> MeetingRecord:
    """Record a member absent from the held meeting (with a substitute), or take it back."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: (
        record.record_absence(member, substitute=substitute, absent=absent, at=clock.now(),
                              actor=actor)
    ))  # fmt: skip


def reopen_item(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    case_id: str,
    reason: str,
    actor: str,
) -> MeetingRecord:
    """Take a decided item up again at the held meeting (genoptaget), with the reason."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: record.reopen(
        case_id, reason=reason, at=clock.now(), actor=actor
    ))  # fmt: skip


def note_fixed_item(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    number: int,
    text: str,
    actor: str,
) -> MeetingRecord:
    """Write the minutes under a fixed item of the held meeting's sent agenda (Meddelelser)."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: (
        record.note_fixed_item(number, text, at=clock.now(), actor=actor)
    ))  # fmt: skip


def approve_minutes(
    uow: UnitOfWork, config: Configuration, clock: Clock, body: str, day: dt.date, *, actor: str
) -> MeetingRecord:
    """Approve and sign the held meeting's minutes, as ``actor`` (the person's name is kept)."""
    name = config.municipality.person(actor).name
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: (
        record.approve_minutes(today=clock.today(), by=name, at=clock.now(), actor=actor)
    ))  # fmt: skip


def publish_minutes(
    uow: UnitOfWork, config: Configuration, clock: Clock, body: str, day: dt.date, *, actor: str
) -> MeetingRecord:
    """Publish the approved minutes."""
    return _command(uow, config, body, day, actor=actor, verb=lambda record, _: (
        record.publish_minutes(today=clock.today(), at=clock.now(), actor=actor)
    ))  # fmt: skip


# ------------------------------------------------------------------------------- the query
def protocol(
    reader: Callable[[], UnitOfWork], config: Configuration, body: str, day: dt.date
) -> Protocol:
    """The beslutningsprotokol of ``body``'s meeting on ``day`` (empty for a meeting with
    nothing recorded).

    Raises UnknownBody; NoMeetingOnDate for a meeting neither recorded nor in the plan.
    """
    check_body(config, body)
    with reader() as uow:
        record = meetings_of(uow).find(body, day)
    if record is None:
        meeting_on(config, body, day)
        record = MeetingRecord(body, day)
    header = None
    if record.sent is None:
        try:
            header = agenda_header(config, body, day)[1]
        except CaseworkError:  # a meeting recorded, then taken out of the plan
            header = None
    names = {key: b.name for key, b in config.municipality.bodies.items()}
    return protocol_of(record, header, names)


__all__ = [
    "MinutesEntry",
    "Standing",
    "after",
    "approve_minutes",
    "before",
    "note_fixed_item",
    "protocol",
    "publish_minutes",
    "record_absence",
    "reopen_item",
    "standing",
    "votes_of",
    "votes_text",
]
