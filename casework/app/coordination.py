"""What the secretariat's coordinators watch besides the board: the coming agendas.

View models of the application service (``App.coming_agendas``); the case board and its overdue
list are the one board query (:mod:`casework.app.board`, ``App.board``). The rows feed the
Prefect artifacts (``flows/``) and any other view; they are plain data, computed from the store
and the calendar with an injected ``today``, so they are tested without Prefect or a clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from casework.domain.agenda import Agenda
from casework.domain.configuration import Configuration
from casework.domain.meetings import MeetingKind
from casework.services.agendas import calendar_of
from casework.services.meetings import agenda_of
from casework.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class AgendaOutlook:
    """A coming meeting's agenda as it stands: its items, and the planned ones still missing."""

    body: str
    body_name: str
    date: dt.date
    deadline: dt.date | None
    items: int
    #: "2026-0012 Title": planned cases not yet through the secretariat ("2026-0013 Lukket
    #: punkt: Personsag" for a closed item).
    missing: tuple[str, ...]
    warnings: tuple[str, ...]


def coming_agendas(
    reader: Callable[[], UnitOfWork],
    config: Configuration,
    today: dt.date,
    horizon_days: int = 21,
) -> list[AgendaOutlook]:
    """The ordinary meetings in the next ``horizon_days`` with their agendas as of today (as sent,
    for a meeting whose agenda went out)."""
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
        agenda = agenda_of(reader, config, meeting.body, meeting.date, today)
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
            # A closed item by number and public heading only, as on the public agenda: the
            # outlook goes to the Prefect artifacts, which anyone who reaches the UI can read.
            f"{item.content.case_id} {item.public_heading}"
            for item in agenda.items
            if item.late and item.content is not None
        ),
        warnings=() if public else tuple(w.text for w in agenda.warnings),
    )
