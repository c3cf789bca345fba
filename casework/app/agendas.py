"""Meetings and agendas as use cases of the application service: ``App.agendas``.

One body and one meeting day in, an agenda (or the minutes sheet, or the approval of the closed
items) out; the web pages, the JSON API, the CLI's ``agenda`` and ``meeting`` commands and the
flows call these instead of wiring the services each for themselves. :meth:`Agendas.agenda` is
the one agenda query: the frozen snapshot of a sent meeting, the booked items before, and for a
meeting with nothing recorded the agenda assembled from the cases
(:func:`casework.services.meetings.agenda_of`). The meeting's record is changed by the commands
:meth:`~Agendas.book`, ``withdraw``, ``close``, ``send``, ``correct``, ``hold``, ``cancel`` and
``move`` (the secretariat's), and shown by :meth:`~Agendas.record`. The minutes taken at the
held meeting are recorded by ``case decide`` (:meth:`casework.app.core.App.decide`) and the
secretariat's :meth:`~Agendas.record_attendance`, :meth:`~Agendas.reopen_item`,
:meth:`~Agendas.approve_minutes` and :meth:`~Agendas.publish_minutes`;
:meth:`~Agendas.protocol` is the one query of the beslutningsprotokol.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from casework.domain.errors import InvalidInput
from casework.domain.text_rules import check_multi_line
from casework.domain.workflow import CaseStatus, RouteRole
from casework.services import agendas as service
from casework.services import meetings as records
from casework.services import minutes as minutes_service

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.meeting_view import MeetingView
    from casework.domain.agenda import Agenda, PublishedAgenda, Visibility
    from casework.domain.meetings import Meeting
    from casework.domain.planning import CalendarConfiguration
    from casework.domain.protocol import Protocol
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
        """The agenda of ``body``'s meeting on ``day`` (publish it for a version): as sent, once
        the agenda was sent; else as of today.

        Raises UnknownBody, NoMeetingPlan, NoMeetingOnDate.
        """
        app = self._app
        return records.agenda_of(self._reader(), app.config, body, day, app.clock.today())

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

    # ----------------------------------------------------------------- the meeting's record
    def record(self, body: str, day: dt.date, lang: str, *, full: bool = False) -> MeetingView:
        """The meeting's record: state, items with their versions, history (closed items by
        their public heading unless ``full``)."""
        from casework.app.meeting_view import meeting_view

        record, events = records.meeting_record(self._reader(), self._app.config, body, day)
        return meeting_view(record, events, self.agenda(body, day), lang, full=full)

    def book(
        self,
        body: str,
        day: dt.date,
        case_ids: Collection[str] = (),
        *,
        actor: str,
        planned: bool = False,
    ) -> list[str]:
        """Book cases onto the meeting (``planned``: every case its assembled agenda holds)."""
        app = self._app
        return records.book(
            app.uow_factory(), app.config, app.clock, body, day,
            case_ids=tuple(case_ids), actor=actor, planned=planned,
        )  # fmt: skip

    def withdraw(
        self, body: str, day: dt.date, item: str, *, actor: str, reason: str | None = None
    ) -> None:
        """Take an item (a case id, or the item's number) off the agenda; after sending only as
        a correction with ``reason``."""
        app = self._app
        records.withdraw(
            app.uow_factory(), app.config, app.clock, body, day,
            case_id=self._case_of(body, day, item), actor=actor, reason=_text(reason, "reason"),
        )  # fmt: skip

    def close(self, body: str, day: dt.date, *, actor: str) -> None:
        """Close the agenda at the dagsordensfrist."""
        app = self._app
        records.close(app.uow_factory(), app.config, app.clock, body, day, actor=actor)

    def send(self, body: str, day: dt.date, *, actor: str) -> None:
        """Send the agenda: freeze every item (closing the agenda first if need be)."""
        app = self._app
        records.send(app.uow_factory(), app.config, app.clock, body, day, actor=actor)

    def correct(self, body: str, day: dt.date, item: str, *, actor: str, reason: str) -> None:
        """A rettelsesblad for a sent item (a case id, or its number), from its case as it is
        now."""
        app = self._app
        records.correct(
            app.uow_factory(), app.config, app.clock, body, day,
            case_id=self._case_of(body, day, item), actor=actor, reason=_text(reason, "reason"),
        )  # fmt: skip

    def _case_of(self, body: str, day: dt.date, item: str) -> str:
        """The case of agenda item ``item`` when it is a number, else ``item`` (a case id)."""
        if not item.isdigit():
            return item
        for entry in self.agenda(body, day).items:
            if entry.number == int(item) and entry.content is not None:
                return entry.content.case_id
        raise InvalidInput(detail=f"punkt {item}: ikke et sagspunkt på dagsordenen")

    def hold(self, body: str, day: dt.date, *, actor: str) -> None:
        """Open the meeting."""
        app = self._app
        records.hold(app.uow_factory(), app.config, app.clock, body, day, actor=actor)

    def cancel(self, body: str, day: dt.date, *, actor: str, reason: str | None = None) -> None:
        """Cancel the meeting."""
        app = self._app
        reason = _text(reason, "reason")
        records.cancel(
            app.uow_factory(), app.config, app.clock, body, day, actor=actor, reason=reason
        )

    def move(
        self, body: str, day: dt.date, to: dt.date, *, actor: str, reason: str | None = None
    ) -> None:
        """Move the meeting to ``to``; its items go along."""
        app = self._app
        reason = _text(reason, "reason")
        records.move(
            app.uow_factory(), app.config, app.clock, body, day, to=to, actor=actor, reason=reason
        )

    # ----------------------------------------------------------------- the minutes
    def protocol(self, body: str, day: dt.date) -> Protocol:
        """The meeting's beslutningsprotokol, full (publish it for a version).

        Raises UnknownBody; NoMeetingOnDate for a meeting neither recorded nor in the plan.
        """
        return minutes_service.protocol(self._reader(), self._app.config, body, day)

    def record_attendance(
        self,
        body: str,
        day: dt.date,
        member: str,
        *,
        actor: str,
        substitute: str | None = None,
        absent: bool = True,
    ) -> None:
        """Record ``member`` absent from the held meeting (with ``substitute``), or take the
        absence back (``absent`` False)."""
        app = self._app
        minutes_service.record_absence(
            app.uow_factory(), app.config, app.clock, body, day, member=member, actor=actor,
            substitute=substitute, absent=absent,
        )  # fmt: skip

    def reopen_item(self, body: str, day: dt.date, item: str, *, actor: str, reason: str) -> None:
        """Take a decided item (a case id, or its number) up again at the held meeting."""
        app = self._app
        minutes_service.reopen_item(
            app.uow_factory(), app.config, app.clock, body, day,
            case_id=self._case_of(body, day, item), reason=_text(reason, "reason"), actor=actor,
        )  # fmt: skip

    def note_fixed_item(
        self, body: str, day: dt.date, number: int, text: str, *, actor: str
    ) -> None:
        """Write the minutes under fixed item ``number`` of the held meeting (Meddelelser)."""
        app = self._app
        minutes_service.note_fixed_item(
            app.uow_factory(), app.config, app.clock, body, day, number=number,
            text=_text(text, "text"),
            actor=actor,
        )  # fmt: skip

    def approve_minutes(self, body: str, day: dt.date, *, actor: str) -> None:
        """Approve and sign the held meeting's minutes: nothing is recorded after."""
        app = self._app
        minutes_service.approve_minutes(
            app.uow_factory(), app.config, app.clock, body, day, actor=actor
        )

    def publish_minutes(self, body: str, day: dt.date, *, actor: str) -> None:
        """Publish the approved minutes."""
        app = self._app
        minutes_service.publish_minutes(
            app.uow_factory(), app.config, app.clock, body, day, actor=actor
        )

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


@overload
def _text(text: str, field: str) -> str: ...
@overload
def _text(text: str | None, field: str) -> str | None: ...
def _text(text: str | None, field: str) -> str | None:
    """A meeting's reason or minutes text as the commands take texts: no control characters
    but tab and line breaks (CW230, :mod:`casework.domain.text_rules`)."""
    return None if text is None else check_multi_line(text, field)


__all__ = ["REFERRED", "Agendas", "MinutesItem", "MinutesView"]
