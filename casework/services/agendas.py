"""Use cases for agendas and calendars: assemble a meeting's agenda, list a body's meetings,
and a person's step deadlines; and the one assembly of a case's content for an agenda item.

A meeting with a record (:mod:`casework.services.meetings`) has the agenda its record holds:
the items booked, and from sending on the frozen snapshot; the readers go through
:func:`casework.services.meetings.agenda_of`. For a meeting with nothing recorded, which cases
reach it is derived: the agenda of meeting M of body B holds the open cases whose current step
is B's meeting step and for which M is B's first ordinary meeting on or after the day the case
entered that step, and those whose recorded plan names M. Extra meetings take no cases, as in
the planner. A case that entered the step after M's agenda deadline (the body's ``agenda`` rule
in ``calendar.yaml``, counted back from M) is still placed on M, flagged late. Reads only: one
reader unit of work per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from casework.domain.access import closed_by
from casework.domain.agenda import (
    Agenda,
    Candidate,
    CaseContent,
    Decision,
    NoMeetingOnDate,
    NoMeetingPlan,
    UnknownBody,
    UnknownPerson,
    assemble,
)
from casework.domain.bilag import open_bilag_links
from casework.domain.case import Case, responsible_people
from casework.domain.commands import ChangeAttributes as ChangeAttributesCommand
from casework.domain.configuration import Configuration
from casework.domain.danish import clauses, names
from casework.domain.errors import InvalidInput, did_you_mean
from casework.domain.event_types import CaseAdvanced
from casework.domain.events import CaseEvent, parse_instant
from casework.domain.meeting_record import AgendaHeader
from casework.domain.meetings import Meeting, MeetingKind
from casework.domain.planning import CalendarConfiguration
from casework.domain.presentation import clause_list
from casework.domain.workflow import CaseGraph, StepKind
from casework.services.handlers import change_attributes
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.agendas import StepDeadline
from casework.services.presentation import agenda_texts
from casework.services.resolve import case_graph, open_cases


def calendar_of(config: Configuration) -> CalendarConfiguration:
    """The meeting plan and working days. Raises NoMeetingPlan when none is configured."""
    calendar = config.calendar
    if calendar is None:
        raise NoMeetingPlan()
    return calendar


def check_body(config: Configuration, body: str) -> str:
    """``body``'s full name. Raises UnknownBody (with a did-you-mean)."""
    found = config.municipality.bodies.get(body)
    if found is None:
        raise UnknownBody(body=body, suggestion=did_you_mean(body, config.municipality.bodies))
    return found.name


def body_meetings(config: Configuration, body: str) -> tuple[Meeting, ...]:
    """Every meeting of ``body`` in the meeting plan, in start order."""
    check_body(config, body)
    return calendar_of(config).meetings.for_body(body)


def meeting_on(config: Configuration, body: str, day: dt.date) -> Meeting:
    """``body``'s meeting on ``day``. Raises NoMeetingOnDate, naming the nearest meetings."""
    meetings = body_meetings(config, body)
    for meeting in meetings:
        if meeting.date == day:
            return meeting
    near = sorted(meetings, key=lambda m: abs((m.date - day).days))[:3]
    raise NoMeetingOnDate(
        body=config.municipality.bodies[body].short,
        day=day.isoformat(),
        near=", ".join(m.date.isoformat() for m in sorted(near, key=lambda m: m.date)) or "–",
    )


def assemble_agenda(
    reader: Callable[[], UnitOfWork],
    config: Configuration,
    body: str,
    day: dt.date,
    today: dt.date | None = None,
) -> Agenda:
    """The agenda of ``body``'s meeting on ``day`` assembled from the open cases planned to it,
    whatever the meeting's record says: the readers ask :func:`casework.services.meetings.
    agenda_of`, which gives the frozen agenda of a sent meeting and this one only for a meeting
    with nothing recorded.

    Two ways lead a case there: it waits at the body's meeting step (entered in the meeting's
    window), or its recorded plan (``case.planned``) names this meeting while it is still on its
    way. A planned case not yet through the secretariat counts as entering ``today`` (the
    meeting day when not given), so after the agenda deadline it is flagged late, never dropped.

    Raises:
        UnknownBody, NoMeetingPlan, NoMeetingOnDate: as their names say.
    """
    with reader() as uow:
        return assemble_in(uow, config, body, day, today)


def assemble_in(
    uow: UnitOfWork, config: Configuration, body: str, day: dt.date, today: dt.date | None
) -> Agenda:
    """:func:`assemble_agenda` inside an open unit of work."""
    meeting, header = agenda_header(config, body, day)
    calendar = calendar_of(config)
    candidates = [
        _candidate(
            config,
            calendar,
            case,
            graph,
            events := uow.cases.events(case.id),
            entered,
            agenda_texts(uow, events),
        )
        for case, graph, entered in _derived(uow, config, meeting, today)
    ]
    return assemble(
        body=body,
        body_name=header.body_name,
        date=meeting.date,
        time=meeting.time,
        deadline=header.deadline,
        candidates=candidates,
        municipality=header.municipality,
        opening=header.fixed.opening,
        closing=header.fixed.closing,
    )


def agenda_header(config: Configuration, body: str, day: dt.date) -> tuple[Meeting, AgendaHeader]:
    """The meeting of the plan and what its agenda's head says (name, time, deadline), with the
    body's fixed items.

    Raises UnknownBody, NoMeetingPlan, NoMeetingOnDate.
    """
    body_name = check_body(config, body)
    calendar = calendar_of(config)
    meeting = meeting_on(config, body, day)
    spec = calendar.rules.for_body(body).agenda
    deadline = calendar.calendar.before(meeting.date, spec).date if spec else None
    fixed = calendar.fixed_items.for_body(body)
    header = AgendaHeader(body_name, meeting.time, deadline, config.municipality.name, fixed)
    return meeting, header


def planned_cases(
    uow: UnitOfWork, config: Configuration, body: str, day: dt.date, today: dt.date
) -> list[Case]:
    """The cases the assembled agenda of the meeting holds: those waiting at the body's meeting
    step for it, and those whose recorded plan puts them on it."""
    meeting = meeting_on(config, body, day)
    return [case for case, _, _ in _derived(uow, config, meeting, today)]


def case_candidate(
    uow: UnitOfWork, config: Configuration, case: Case, entered: dt.date
) -> Candidate:
    """What the case brings to an agenda item now: its presentation texts, earlier decisions
    and closed proposal, the same for an assembled agenda and a meeting's snapshot."""
    graph = case_graph(config, case, uow)
    events = uow.cases.events(case.id)
    return _candidate(
        config, calendar_of(config), case, graph, events, entered, agenda_texts(uow, events)
    )


@dataclass(frozen=True, slots=True)
class ClosedItemRuling:
    """What approving the agenda decided for one proposed closed item."""

    case_id: str
    confirmed: bool  # False: the body took the item in open session


def approve_agenda(
    uow_factory: Callable[[], UnitOfWork],
    config: Configuration,
    clock: Clock,
    body: str,
    day: dt.date,
    *,
    actor: str,
    reopen: Collection[str] = (),
) -> list[ClosedItemRuling]:
    """Record the approval of the agenda's closed items: each is confirmed, or opened.

    Closing is decided item by item when the body approves its agenda (KSL § 10; domain.md §5):
    a proposed closed item is confirmed (``lukket_bekraeftet``) unless the body takes it in open
    session (``reopen``), which clears ``lukket``. Each ruling is an attribute change in the
    case's history, with the meeting named.
    """
    from casework.services.meetings import agenda_of

    agenda = agenda_of(uow_factory, config, body, day, clock.today())
    closed = [i.content.case_id for i in agenda.items if i.closed and i.content is not None]
    unknown = sorted(set(reopen) - set(closed))
    if unknown:
        raise InvalidInput(detail=f"ikke lukkede punkter på dagsordenen: {', '.join(unknown)}")
    name = config.municipality.bodies[body].name
    rulings: list[ClosedItemRuling] = []
    for case_id in closed:
        opened = case_id in reopen
        changes: dict[str, Any] = (
            {"lukket": None, "lukket_bekraeftet": None} if opened else {"lukket_bekraeftet": True}
        )
        verdict = "behandles åbent" if opened else "lukket punkt bekræftet"
        change_attributes(
            uow_factory(), config, clock,
            ChangeAttributesCommand(
                case_id=case_id, actor=actor, attributes=changes,
                comment=f"{name} {day.isoformat()}, godkendelse af dagsorden: {verdict}",
            ),
        )  # fmt: skip
        rulings.append(ClosedItemRuling(case_id, confirmed=not opened))
    return rulings


def step_deadlines(
    reader: Callable[[], UnitOfWork], config: Configuration, person: str
) -> list[StepDeadline]:
    """The current-step deadlines of every open case ``person`` is responsible for.

    Overdue deadlines are included: a missed deadline is still the person's to meet, and a
    calendar entry that vanished when it was missed would hide exactly that.

    Raises:
        UnknownPerson: ``person`` is not in municipality.yaml (did-you-mean given).
    """
    municipality = config.municipality
    if person not in municipality.people:
        raise UnknownPerson(person=person, suggestion=did_you_mean(person, municipality.people))
    found: list[StepDeadline] = []
    with reader() as uow:
        for case in open_cases(uow):
            if case.step_due is None:
                continue
            graph = case_graph(config, case, uow)
            if person not in responsible_people(case, graph, municipality):
                continue
            step = graph.steps[case.step].step
            found.append(
                StepDeadline(
                    case.id,
                    case.title,
                    case.step,
                    step.label("da"),
                    dt.date.fromisoformat(case.step_due[:10]),
                    closed=case.attributes.get("lukket") is True,
                )
            )
    return sorted(found, key=lambda d: (d.due, d.case_id))


# --------------------------------------------------------------------------- internals
def _derived(
    uow: UnitOfWork, config: Configuration, meeting: Meeting, today: dt.date | None
) -> Iterator[tuple[Case, CaseGraph, dt.date]]:
    """The open cases an assembled agenda of ``meeting`` holds, with the day each entered."""
    calendar = calendar_of(config)
    body = meeting.body
    window = _window(calendar, meeting)
    for case in open_cases(uow):
        graph = case_graph(config, case, uow)
        node = graph.steps.get(case.step)
        if node is not None and node.body == body and node.step.kind is StepKind.MEETING:
            entered = _local_date(calendar, case.step_entered_at)
            if window is None or not window[0] < entered <= window[1]:
                continue
        elif _planned_for(case, graph, body, meeting.date):
            entered = today or meeting.date
        else:
            continue
        yield case, graph, entered


def _planned_for(case: Case, graph: CaseGraph, body: str, day: dt.date) -> bool:
    """Whether the case's recorded plan puts it on ``body``'s meeting on ``day``."""
    planned = day.isoformat()
    for step_id, due in case.planned.items():
        node = graph.steps.get(step_id)
        if (
            due == planned
            and node is not None
            and node.body == body
            and node.step.kind is StepKind.MEETING
        ):
            return True
    return False


def _window(calendar: CalendarConfiguration, meeting: Meeting) -> tuple[dt.date, dt.date] | None:
    """The entry days that lead to ``meeting``: after the body's previous ordinary meeting, up
    to and including the meeting day (None: an extra meeting, which takes no cases)."""
    if meeting.kind is MeetingKind.EXTRA:
        return None
    previous = [
        m
        for m in calendar.meetings.for_body(meeting.body)
        if m.kind is not MeetingKind.EXTRA and m.date < meeting.date
    ]
    return (previous[-1].date if previous else dt.date.min, meeting.date)


def _local_date(calendar: CalendarConfiguration, instant: str) -> dt.date:
    at = parse_instant(instant)
    return calendar.calendar.local_date(at) if calendar.calendar.zone else at.date()


def _candidate(  # noqa: PLR0917 - a private helper called once, positionally, in order
    config: Configuration,
    calendar: CalendarConfiguration,
    case: Case,
    graph: CaseGraph,
    events: list[CaseEvent],
    entered: dt.date,
    written: Mapping[str, str] | None = None,
) -> Candidate:
    attrs = case.attributes
    written = written or {}

    def text(name: str) -> str | None:
        if name in written:  # the presentation's latest version (issue 14) wins
            return written[name].strip() or None
        value = attrs.get(name)
        return str(value).strip() or None if value is not None else None

    content = CaseContent(
        case_id=case.id,
        case_number=case.reference or case.id,
        title=case.title,
        case_type=case.case_type,
        sagstype=text("sagstype"),
        resume=text("resume"),
        sagsfremstilling=text("sagsfremstilling"),
        oekonomi=text("oekonomi"),
        indstilling=(
            clause_list(written["indstilling"])
            if "indstilling" in written
            else clauses(text("indstilling"))
        ),
        bilag=names(text("bilag")),
        decisions=tuple(_decisions(config, calendar, graph, events)),
        kle=text("kle_emne"),
        files=open_bilag_links(events),
        facilitation=_facilitation(config, graph, case),
    )
    return Candidate(
        content=content,
        entered=entered,
        closed=closed_by(attrs),  # the one rule of what makes an item closed (KSL § 10)
        closed_reason=text("lukket_grund"),
    )


def _facilitation(config: Configuration, graph: CaseGraph, case: Case) -> tuple[str, ...]:
    """A discussion's kit as the agenda prints it (Danish, like the agenda), or nothing."""
    from casework.domain.discussions import is_discussion

    if not is_discussion(graph.definition):
        return ()
    kit = config.facilitation.kit_for(case.attributes)
    return tuple(kit.lines("da")) if kit is not None else ()


def _decisions(
    config: Configuration,
    calendar: CalendarConfiguration,
    graph: CaseGraph,
    events: list[CaseEvent],
) -> Iterator[Decision]:
    """Each meeting's outcome on the case, from its ``case.advanced`` events."""
    bodies = config.municipality.bodies
    for event in events:
        advanced = event.payload
        if not isinstance(advanced, CaseAdvanced):
            continue
        node = graph.steps.get(advanced.from_step)
        if node is None or node.body is None or node.step.kind is not StepKind.MEETING:
            continue
        edge = graph.actions(node.id).get(advanced.action)
        outcome = edge.transition.label("da") if edge else advanced.action
        body = bodies.get(node.body)
        yield Decision(
            body=body.name if body else node.body,
            day=_local_date(calendar, event.at),
            outcome=outcome,
            comment=advanced.comment or None,
        )
