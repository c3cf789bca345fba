"""Meetings and agendas as use cases of the application service: ``App.agendas``.

One body and one meeting day in, an agenda (or the minutes sheet, or the approval of the closed
items) out; the web pages, the JSON API, the CLI's ``agenda`` commands and the flows call these
instead of wiring ``casework.services.agendas`` each for themselves. Which cases reach a meeting
is the service's rule (see :mod:`casework.services.agendas`); this module only binds it to the
app's configuration, store and clock, and shapes what the minutes sheet shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.domain.workflow import CaseStatus, RouteRole
from casework.services import agendas as service

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.domain.agenda import Agenda, PublishedAgenda, Visibility
    from casework.domain.meetings import Meeting
    from casework.domain.planning import CalendarConfiguration
    from casework.services.agendas import ClosedItemRuling
    from casework.services.ports import UnitOfWork
    from casework.services.ports.agendas import StepDeadline

#: The outcome that refers a case to another body (recommending steps only), as minutes say it.
REFERRED = "oversendt"
_REFERRED_TEXT = {"da": "Oversendt", "en": "Referred"}


@dataclass(frozen=True, slots=True)
class MinutesItem:
    """One case item of a meeting as the secretariat records its decision."""

    number: int
    heading: str
    closed: bool
    case_id: str
    version: int
    step: str  # the case's current step title
    #: (outcome, title) the body can decide now; empty when the case is not at this body.
    outcomes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class MinutesView:
    """The minutes sheet of one meeting: its case items with the decisions each can get."""

    body: str
    body_name: str
    date: dt.date
    items: tuple[MinutesItem, ...]


class Agendas:
    """The meeting and agenda use cases of one app (``App.agendas``)."""

    def __init__(self, app: App) -> None:
        self._app = app

    def _reader(self) -> Callable[[], UnitOfWork]:
        app = self._app
        return app.reader_factory or app.uow_factory

    # ----------------------------------------------------------------- the meeting plan
    def calendar(self) -> CalendarConfiguration:
        """The meeting plan and working days. Raises NoMeetingPlan when none is configured."""
        return service.calendar_of(self._app.config)

    def body_name(self, body: str) -> str:
        """``body``'s full name. Raises UnknownBody (with a did-you-mean)."""
        return service.check_body(self._app.config, body)

    def meetings(
        self,
        body: str | None = None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> tuple[Meeting, ...]:
        """The meetings of ``body`` (every body when None) from ``start`` to ``end``, in order.

        Raises UnknownBody, NoMeetingPlan.
        """
        if body is not None:
            self.body_name(body)
        return self.calendar().meetings.select(body=body, start=start, end=end)

    def meeting(self, body: str, day: dt.date) -> Meeting:
        """``body``'s meeting on ``day``. Raises NoMeetingOnDate, naming the nearest ones."""
        return service.meeting_on(self._app.config, body, day)

    # ----------------------------------------------------------------- one meeting
    def agenda(self, body: str, day: dt.date) -> Agenda:
        """The agenda of ``body``'s meeting on ``day`` as of today (publish it for a version).

        Raises UnknownBody, NoMeetingPlan, NoMeetingOnDate.
        """
        app = self._app
        return service.assemble_agenda(self._reader(), app.config, body, day, app.clock.today())

    def published(self, body: str, day: dt.date, visibility: Visibility) -> PublishedAgenda:
        """One version of the agenda (the public one holds no closed item's content)."""
        return self.agenda(body, day).publish(visibility)

    def approve(
        self, body: str, day: dt.date, *, actor: str, reopen: Collection[str] = ()
    ) -> list[ClosedItemRuling]:
        """Approve the agenda's closed items: each confirmed closed, or opened (``reopen``)."""
        app = self._app
        return service.approve_agenda(
            app.uow_factory, app.config, app.clock, body, day, actor=actor, reopen=reopen
        )

    def minutes(self, body: str, day: dt.date, lang: str) -> MinutesView:
        """The minutes sheet: each case item with the outcomes the body can record now."""
        app = self._app
        agenda = self.agenda(body, day)
        items = []
        for item in agenda.items:
            if item.content is None:
                continue
            case, _ = app.case(item.content.case_id)
            graph = app.graph(case)
            node = graph.steps[case.step]
            outcomes: list[tuple[str, str]] = []
            if node.body == body and case.status is CaseStatus.OPEN:
                outcomes = [
                    (edge.transition.outcome.value, edge.transition.label(lang))
                    for edge in graph.actions(case.step).values()
                    if edge.transition.outcome is not None
                ]
                if node.route_role is not None and node.route_role is RouteRole.RECOMMENDS:
                    outcomes.append((REFERRED, _REFERRED_TEXT.get(lang, _REFERRED_TEXT["da"])))
            items.append(
                MinutesItem(
                    number=item.number,
                    heading=item.title,
                    closed=item.closed,
                    case_id=case.id,
                    version=case.version,
                    step=node.step.label(lang),
                    outcomes=tuple(outcomes),
                )
            )
        return MinutesView(body, agenda.body_name, agenda.date, tuple(items))

    # ----------------------------------------------------------------- files
    def render(self, agenda: PublishedAgenda, kind: str) -> bytes:
        """A published agenda as ``html``, ``pdf`` or ``json``. Raises UnknownFormat."""
        from casework.app.core import render_agenda

        return render_agenda(agenda, kind)

    def meetings_ical(self, body: str) -> bytes:
        """``body``'s meetings as an iCalendar file."""
        from casework.adapters.publish.ical import meetings_ical

        app = self._app
        return meetings_ical(
            self.meetings(body),
            body=body,
            body_name=self.body_name(body),
            stamp=app.clock.now(),
            municipality=app.config.municipality.name,
        )

    def deadlines(self, person: str) -> list[StepDeadline]:
        """The current-step deadlines of the open cases ``person`` is responsible for.

        Raises UnknownPerson.
        """
        return service.step_deadlines(self._reader(), self._app.config, person)

    def deadlines_ical(self, person: str) -> bytes:
        """``person``'s deadlines as an iCalendar file."""
        from casework.adapters.publish.ical import deadlines_ical

        app = self._app
        return deadlines_ical(
            self.deadlines(person),
            person_name=app.config.municipality.people[person].name,
            stamp=app.clock.now(),
        )


__all__ = ["REFERRED", "Agendas", "MinutesItem", "MinutesView"]
