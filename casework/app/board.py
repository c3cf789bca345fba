"""The case board: one query, one view model, rendered four ways.

:meth:`casework.app.App.board` answers it. The CLI's ``board`` (its table and ``--json``), the
web page ``/tavle``, the JSON API's ``/board`` and the Prefect flow ``coordinator-board`` (the
``case-board`` and ``overdue-cases`` artifacts) all render the :class:`BoardView` it returns and
differ only in presentation. Before, each counted, ordered and shaped rows of its own, and they
disagreed on which cases were urgent and what a body was called.

The view is built from a :class:`~casework.app.open_cases.Snapshot` of the open cases: the web
app passes the one it keeps, so the page answers from memory; the CLI and the flows read afresh.
Working days left are Danish *hverdage* counted by the configured calendar from the app's clock
(calendar days beyond the configured years, or without a calendar).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from casework.app.flow import (
    MEETINGS_PER_BODY,
    FlowCard,
    MeetingColumn,
    Meetings,
    PhaseColumn,
    Workdays,
    booked_items,
    meeting_columns,
    meetings_of,
    phase_columns,
    waiting_for,
)
from casework.domain.workdays import CalendarRangeError

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.open_cases import Entry, Snapshot
    from casework.app.views import ActionView, RouteStop
    from casework.domain.case import Case

#: Boards kept with one snapshot (person × language × filters × limit).
KEPT_BOARDS = 256
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
class BoardFilters:
    """Which open cases the board counts and lists; an empty field does not filter."""

    centre: str = ""
    workflow: str = ""
    body: str = ""  # the body the case is at now (its meeting step's body)
    step: str = ""  # the workflow's step id, e.g. politisk_behandling
    overdue: bool = False  # only cases past their next deadline
    person: str = ""  # only cases this person is responsible for now
    meetings: int = MEETINGS_PER_BODY  # coming meetings of each body on the flow by meeting

    def admits(self, entry: Entry, today: str, *, body: bool = True) -> bool:
        """Whether the case passes every filter set (``today`` as an ISO date); ``body``
        False leaves the body filter out (the flow by meeting shows only that body's meetings
        instead, with the cases headed for them from any step)."""
        case = entry.case
        return (
            (not self.centre or case.centre == self.centre)
            and (not self.workflow or case.workflow_id == self.workflow)
            and (not body or not self.body or entry.body == self.body)
            and (not self.step or entry.template_step == self.step)
            and (not self.overdue or (case.due is not None and case.due < today))
            and (not self.person or self.person in entry.responsible)
        )


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One open case on the board, with everything any rendering of the board shows."""

    case: Case
    id: str  # the case's id and title, as fields: the page reads them a hundred times a request
    title: str
    step_title: str  # the step alone: "Politisk behandling"
    step_label: str  # with the body: "Politisk behandling – TMU"
    body: str | None  # the body's key, for meeting steps
    body_short: str | None
    route: tuple[RouteStop, ...]
    responsible: tuple[str, ...]  # person ids
    responsible_names: tuple[str, ...]
    due: dt.date | None
    workdays_left: int | None  # negative when overdue
    status: BoardStatus
    closed_item: bool  # proposed as a closed item (KSL § 10)
    actions: tuple[ActionView, ...] = ()  # what the board's person may do (none for nobody)
    #: At a meeting step: the day of the meeting it waits for, and working days left to it.
    meeting: dt.date | None = None
    meeting_workdays_left: int | None = None

    def due_text(self, lang: str = "da") -> str:
        """The next deadline, or for a case waiting for a meeting that meeting's day and
        countdown ("TMU 2026-03-09 (om 4 hverdage)"); "–" without either."""
        if self.due is not None:
            return self.due.isoformat()
        if self.meeting is None:
            return "–"
        head = f"{self.body_short} {self.meeting.isoformat()}"
        left = self.meeting_workdays_left
        if left is None:
            return head
        if lang == "en":
            return f"{head} (in {left} working day{'s' if left != 1 else ''})"
        return f"{head} (om {left} hverdag{'e' if left != 1 else ''})"

    @property
    def overdue(self) -> bool:
        """Whether the case is past its next deadline."""
        return self.status is BoardStatus.OVERDUE

    @property
    def public_title(self) -> str:
        """The title for a public or limited audience (the Prefect artifacts): a closed item
        (KSL § 10) by its public agenda heading, "Lukket punkt: Personsag", never its title."""
        from casework.domain.access import public_title

        return public_title(self.title, self.case.attributes)

    @property
    def responsible_text(self) -> str:
        """The first two responsible people by name, "…" when there are more (a table cell)."""
        names = self.responsible_names
        return ", ".join(names[:2]) + (" …" if len(names) > 2 else "")

    def status_text(self, lang: str = "da") -> str:
        """The status in the user's language."""
        return (STATUS_EN if lang == "en" else STATUS_DA)[self.status]

    def as_json(self) -> dict[str, Any]:
        """The case's stable keys (as ``case list --json`` and ``GET /cases`` answer them), then
        the board's own: ``step_label``, ``body_short``, ``responsible_names``,
        ``workdays_left``, ``board_status`` and ``closed_item``."""
        from casework.app.views import case_json

        return {
            **case_json(
                self.case, self.step_title, self.body, self.route, self.responsible, self.actions
            ),
            "step_label": self.step_label,
            "body_short": self.body_short,
            "responsible_names": list(self.responsible_names),
            "workdays_left": self.workdays_left,
            "board_status": self.status.value,
            "closed_item": self.closed_item,
            "meeting": self.meeting.isoformat() if self.meeting else None,
            "meeting_workdays_left": self.meeting_workdays_left,
        }


@dataclass(frozen=True, slots=True)
class BodyCount:
    """How many of the board's cases are at one body (``body`` None: not at a body yet)."""

    body: str | None
    short: str
    count: int


@dataclass(frozen=True, slots=True)
class BoardView:
    """The case board: the open cases that pass the filters, counted and most urgent first."""

    municipality: str
    lang: str
    today: dt.date
    filters: BoardFilters
    total: int  # cases that pass the filters; ``rows`` holds at most the query's limit
    by_step: tuple[tuple[str, int], ...]  # (step label, count), most first
    by_body: tuple[BodyCount, ...]  # most first
    rows: tuple[BoardRow, ...]  # by next deadline then id, those without one last
    #: The flow by meeting: the coming meetings with the cases headed for each.
    meetings: tuple[MeetingColumn, ...] = ()
    #: The flow by step: the open cases by phase along the route.
    phases: tuple[PhaseColumn, ...] = ()

    def overdue(self) -> tuple[BoardRow, ...]:
        """The rows past their deadline, longest overdue first."""
        return tuple(r for r in self.rows if r.status is BoardStatus.OVERDUE)

    def as_json(self) -> dict[str, Any]:
        """Stable keys: ``total``, ``by_step`` (label → count), ``by_body`` (body key → count,
        "" for cases not at a body), ``urgent`` (the rows, :meth:`BoardRow.as_json`),
        ``meetings`` (the flow by meeting, :meth:`MeetingColumn.as_json`) and ``flow`` (the
        flow by step, :meth:`PhaseColumn.as_json`)."""
        return {
            "total": self.total,
            "by_step": dict(self.by_step),
            "by_body": {c.body or "": c.count for c in self.by_body},
            "urgent": [row.as_json() for row in self.rows],
            "meetings": [m.as_json() for m in self.meetings],
            "flow": [p.as_json() for p in self.phases],
        }


def board_view(
    app: App,
    snapshot: Snapshot,
    lang: str,
    *,
    person: str | None,
    filters: BoardFilters,
    limit: int | None,
) -> BoardView:
    """The board of ``snapshot``'s open cases (see :meth:`casework.app.App.board`).

    A board is built once per snapshot, person, language, limit, filters, day and the coming
    meetings' bookings (read from their records every few seconds), and kept with the
    snapshot: the open boards of twenty people polling every few seconds cost a dictionary
    look-up each. At most :data:`KEPT_BOARDS` are kept per snapshot.
    """
    today = app.clock.today()
    meetings = meetings_of(app, snapshot)
    shown = meetings.shown(app, today, filters.body, filters.meetings)
    booked = booked_items(app, snapshot, [m.key for m in shown])
    bookings = hash(tuple((k, tuple(sorted(v.items()))) for k, v in sorted(booked.items())))
    key = ("board", person, lang, limit, today.isoformat(), filters, bookings)
    found = snapshot.memo.get(key)
    if found is None:
        entries = snapshot.entries if person is None else snapshot.visible(app, person)
        found = _build(app, snapshot, entries, lang, person, filters, limit, today)
        snapshot.remember(key, found, most=KEPT_BOARDS)
    view: BoardView = found
    return view


def _build(  # noqa: PLR0917 - the query's parts, passed on from board_view
    app: App,
    snapshot: Snapshot,
    entries: Sequence[Entry],
    lang: str,
    person: str | None,
    filters: BoardFilters,
    limit: int | None,
    today: dt.date,
) -> BoardView:
    views = app.views
    iso = today.isoformat()
    shown = [e for e in entries if filters.admits(e, iso)]
    by_step = Counter(e.label(lang) for e in shown)
    by_body = Counter(e.body for e in shown)
    bodies = [BodyCount(b, views.body_short(b) if b else "", n) for b, n in by_body.items()]
    count = _workday_counter(app)
    workdays = Workdays(app, today)
    meetings = meetings_of(app, snapshot)
    cards: dict[str, FlowCard] = {}

    def card(entry: Entry) -> FlowCard:
        found = cards.get(entry.case.id)
        if found is None:
            found = cards[entry.case.id] = _card(app, entry, lang, iso)
        return found

    ahead = [e for e in entries if filters.admits(e, iso, body=False)]
    return BoardView(
        municipality=app.config.municipality.name,
        lang=lang,
        today=today,
        filters=filters,
        total=len(shown),
        by_step=tuple(sorted(by_step.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_body=tuple(sorted(bodies, key=lambda c: (-c.count, c.short, c.body or ""))),
        rows=tuple(
            _row(app, e, lang, person, today, count, meetings, workdays)
            for e in (shown if limit is None else shown[:limit])
        ),
        meetings=meeting_columns(
            app,
            snapshot,
            ahead,
            lang,
            today,
            workdays,
            meetings,
            card,
            body=filters.body,
            per_body=filters.meetings,
            limit=limit,
        ),
        phases=phase_columns(shown, lang, today, workdays, card, limit=limit),
    )


def _card(app: App, entry: Entry, lang: str, iso: str) -> FlowCard:
    from casework.domain.access import public_title

    case = entry.case
    return FlowCard(
        id=case.id,
        title=case.title,
        public_title=public_title(case.title, case.attributes),
        closed_item=entry.closed_item,
        step_label=entry.label(lang),
        responsible_names=tuple(app.views.person_name(p) for p in entry.responsible),
        due=dt.date.fromisoformat(case.due[:10]) if case.due else None,
        overdue=case.due is not None and case.due[:10] < iso,
    )


def _row(  # noqa: PLR0917 - one entry and what every row shares
    app: App,
    entry: Entry,
    lang: str,
    person: str | None,
    today: dt.date,
    count: Callable[[dt.date, dt.date], int] | None,
    meetings: Meetings,
    workdays: Workdays,
) -> BoardRow:
    views = app.views
    case = entry.case
    due = dt.date.fromisoformat(case.due[:10]) if case.due else None
    left = _workdays_left(count, today, due)
    meeting = waiting_for(entry, meetings, today)
    return BoardRow(
        case=case,
        id=case.id,
        title=case.title,
        step_title=entry.title(lang),
        step_label=entry.label(lang),
        body=entry.body,
        body_short=views.body_short(entry.body) if entry.body else None,
        route=views.route(case, entry.body, lang, position=entry.position),
        responsible=entry.responsible,
        responsible_names=tuple(views.person_name(p) for p in entry.responsible),
        due=due,
        workdays_left=left,
        status=board_status(today, due, left),
        closed_item=entry.closed_item,
        actions=views.actions(case, lang, person) if person is not None else (),
        meeting=meeting,
        meeting_workdays_left=workdays.until(meeting) if meeting is not None else None,
    )


def board_status(today: dt.date, due: dt.date | None, left: int | None) -> BoardStatus:
    """A case's standing: past its deadline, due today, due within
    :data:`DUE_SOON_WORKDAYS` working days, on track, or without a deadline."""
    if due is None or left is None:
        return BoardStatus.NO_DEADLINE
    if due < today:
        return BoardStatus.OVERDUE
    if due == today:
        return BoardStatus.DUE_TODAY
    if left <= DUE_SOON_WORKDAYS:
        return BoardStatus.DUE_SOON
    return BoardStatus.ON_TRACK


def _workday_counter(app: App) -> Callable[[dt.date, dt.date], int] | None:
    calendar = app.config.calendar
    return calendar.calendar.count_hverdage if calendar is not None else None


def _workdays_left(
    count: Callable[[dt.date, dt.date], int] | None, today: dt.date, due: dt.date | None
) -> int | None:
    if due is None:
        return None
    if count is not None:
        try:
            return count(today, due)
        except CalendarRangeError:
            pass
    # Beyond the configured calendar years (or none configured): calendar days are the honest
    # fallback.
    return (due - today).days
