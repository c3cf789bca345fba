"""What the secretariat's coordinators watch: the case board, the overdue list, the coming agendas.

View models of the application service (``App.coordinator_board``, ``App.coming_agendas``).
The same rows feed the Prefect artifacts (``flows/``) and any other view; they are plain data,
computed from the store and the calendar with an injected ``today``, so they are tested without
Prefect or a clock. Working days left are Danish *hverdage* counted by the configured calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from casework.domain.agenda import Agenda
from casework.domain.case import Case, responsible_people
from casework.domain.configuration import Configuration
from casework.domain.meetings import MeetingKind
from casework.domain.workdays import CalendarRangeError
from casework.services.agendas import assemble_agenda, calendar_of
from casework.services.ports import UnitOfWork
from casework.services.resolve import case_graph, open_cases

#: Working days left at or under which a case counts as due soon.
DUE_SOON_WORKDAYS = 3


class BoardStatus(StrEnum):
    """A case's standing against its next deadline."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NO_DEADLINE = "no_deadline"


STATUS_DA = {
    BoardStatus.OVERDUE: "Overskredet",
    BoardStatus.DUE_TODAY: "Frist i dag",
    BoardStatus.DUE_SOON: "Frist snart",
    BoardStatus.ON_TRACK: "I rute",
    BoardStatus.NO_DEADLINE: "Ingen frist",
}
STATUS_EN = {
    BoardStatus.OVERDUE: "Overdue",
    BoardStatus.DUE_TODAY: "Due today",
    BoardStatus.DUE_SOON: "Due soon",
    BoardStatus.ON_TRACK: "On track",
    BoardStatus.NO_DEADLINE: "No deadline",
}


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One open case on the coordinator board."""

    case_id: str
    title: str
    step: str
    step_title: str
    body: str | None  # the body's short name for meeting steps
    responsible: tuple[str, ...]  # names
    due: dt.date | None
    workdays_left: int | None  # negative when overdue
    status: BoardStatus

    def status_text(self, lang: str = "da") -> str:
        """The status in the user's language."""
        return (STATUS_EN if lang == "en" else STATUS_DA)[self.status]


@dataclass(frozen=True, slots=True)
class AgendaOutlook:
    """A coming meeting's agenda as it stands: its items, and the planned ones still missing."""

    body: str
    body_name: str
    date: dt.date
    deadline: dt.date | None
    items: int
    missing: tuple[str, ...]  # "2026-0012 Title": planned cases not yet through the secretariat
    warnings: tuple[str, ...]


def board(
    reader: Callable[[], UnitOfWork], config: Configuration, today: dt.date, lang: str = "da"
) -> list[BoardRow]:
    """Every open case, most urgent first (overdue, then by due date, then by case id)."""
    municipality = config.municipality
    calendar = calendar_of(config).calendar
    rows: list[BoardRow] = []
    with reader() as uow:
        for case in open_cases(uow):
            graph = case_graph(config, case, uow)
            node = graph.steps[case.step]
            names = tuple(
                municipality.people[p].name if p in municipality.people else p
                for p in responsible_people(case, graph, municipality)
            )
            due = _due(case)
            left = _workdays_left(calendar.count_hverdage, today, due)
            body = municipality.bodies.get(node.body) if node.body else None
            rows.append(
                BoardRow(
                    case_id=case.id,
                    title=case.title,
                    step=case.step,
                    step_title=node.step.label(lang),
                    body=body.short if body else None,
                    responsible=names,
                    due=due,
                    workdays_left=left,
                    status=_status(today, due, left),
                )
            )
    order = list(BoardStatus)
    return sorted(rows, key=lambda r: (order.index(r.status), r.due or dt.date.max, r.case_id))


def overdue(rows: Iterable[BoardRow]) -> list[BoardRow]:
    """The rows past their deadline, longest overdue first."""
    late = [r for r in rows if r.status is BoardStatus.OVERDUE]
    return sorted(late, key=lambda r: (r.workdays_left or 0, r.due or dt.date.max, r.case_id))


def coming_agendas(
    reader: Callable[[], UnitOfWork],
    config: Configuration,
    today: dt.date,
    horizon_days: int = 21,
) -> list[AgendaOutlook]:
    """The ordinary meetings in the next ``horizon_days`` with their agendas as assembled today."""
    calendar = calendar_of(config)
    last = today + dt.timedelta(days=horizon_days)
    meetings = sorted(
        (
            m
            for m in calendar.meetings.meetings
            if today <= m.date <= last and m.kind is not MeetingKind.EXTRA
        ),
        key=lambda m: (m.date, m.body),
    )
    found: list[AgendaOutlook] = []
    for meeting in meetings:
        agenda = assemble_agenda(reader, config, meeting.body, meeting.date, today)
        found.append(outlook_of(agenda))
    return found


def outlook_of(agenda: Agenda, *, public: bool = False) -> AgendaOutlook:
    """An assembled agenda as the coordinator sees it; ``public`` leaves out the warnings, which
    belong to the full version only."""
    return AgendaOutlook(
        body=agenda.body,
        body_name=agenda.body_name,
        date=agenda.date,
        deadline=agenda.deadline,
        items=sum(1 for item in agenda.items if item.content is not None),
        missing=tuple(
            f"{item.content.case_id} {item.content.title}"
            for item in agenda.items
            if item.late and item.content is not None
        ),
        warnings=() if public else tuple(w.text for w in agenda.warnings),
    )


def _due(case: Case) -> dt.date | None:
    return dt.date.fromisoformat(case.due[:10]) if case.due else None


def _workdays_left(
    count: Callable[[dt.date, dt.date], int], today: dt.date, due: dt.date | None
) -> int | None:
    if due is None:
        return None
    try:
        return count(today, due)
    except CalendarRangeError:
        # Beyond the configured calendar years: calendar days are the honest fallback.
        return (due - today).days


def _status(today: dt.date, due: dt.date | None, left: int | None) -> BoardStatus:
    if due is None or left is None:
        return BoardStatus.NO_DEADLINE
    if due < today:
        return BoardStatus.OVERDUE
    if due == today:
        return BoardStatus.DUE_TODAY
    if left <= DUE_SOON_WORKDAYS:
        return BoardStatus.DUE_SOON
    return BoardStatus.ON_TRACK
