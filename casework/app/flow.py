"""The coordinator's flow board: the open cases toward the coming meetings, and along the route.

Two parts of the one board view (:class:`casework.app.board.BoardView`, built by the one board
query :meth:`casework.app.App.board`), so the web page, the CLI (``casework board --by meeting``
/ ``--by step``), the JSON API and the Prefect artifact render the same thing:

* **flow by meeting** (:class:`MeetingColumn`): the next ordinary meetings of each body, each
  with the cases *booked* on its record, *waiting* at the body's meeting step for it, or
  *planned* for it by their recorded plan; its agenda deadline counting down in working days,
  the capacity used, the cases at risk of missing it and those late for it;
* **flow by step** (:class:`PhaseColumn`): a kanban of the open cases by where they are on the
  route, drafting → approvals → secretariat → booked → decided → executing, with WIP counts,
  each case's age at its step in working days and overdue marked.

Which meeting a case waits for: the day its recorded plan gives its current meeting step if that
meeting is still to come, else the body's next ordinary meeting (on or after both the day it
reached the step and today). A planned case *at risk* is one not yet at the meeting step whose
next deadline is past or falls after the agenda deadline; a case is *late* when it was booked
after the agenda closed, or is not booked nor at the step when the agenda deadline has passed.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.app.open_cases import read_once
from casework.domain.workdays import CalendarRangeError

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.open_cases import Entry, Snapshot
    from casework.domain.meetings import Meeting

#: The columns of the flow by step, in route order.
PHASES = ("drafting", "approvals", "secretariat", "booked", "decided", "executing")
PHASE_TEXT = {
    "drafting": ("Udarbejdelse", "Drafting"),
    "approvals": ("Godkendelser", "Approvals"),
    "secretariat": ("Sekretariatet", "Secretariat"),
    "booked": ("Til politisk behandling", "Booked for a meeting"),
    "decided": ("Besluttet, til orientering", "Decided, informing"),
    "executing": ("Udførelse", "Executing"),
}
#: How a case stands toward a meeting.
STATE_TEXT = {
    "booked": ("Booket", "Booked"),
    "waiting": ("Klar", "Ready"),
    "planned": ("Planlagt", "Planned"),
}
#: The coming ordinary meetings shown per body.
MEETINGS_PER_BODY = 3
#: Booked items are read from the meeting records at most this often (seconds).
RECORDS_TTL = 5.0
#: One request thread reads the records at a time; the others keep using the last reading.
_RECORDS_LOCK = threading.Lock()
#: Sets of meetings whose booked items a snapshot keeps (see :meth:`Snapshot.remember`).
_RECORDS_KEPT = 64
#: A reading of booked items: its RECORDS_TTL period, and (body, day) → case id → booked late.
_Booked = tuple[int, dict[tuple[str, dt.date], dict[str, bool]]]


@dataclass(frozen=True, slots=True)
class FlowCard:
    """One case on a column of the flow board."""

    id: str
    title: str
    public_title: str  # a closed item (KSL § 10) by its public heading
    closed_item: bool
    step_label: str
    responsible_names: tuple[str, ...]
    due: dt.date | None
    overdue: bool
    age: int | None = None  # working days at its step (flow by step)
    state: str = ""  # booked, waiting or planned (flow by meeting)
    at_risk: bool = False
    late: bool = False
    #: A planned card: the days of its column body's other shown meetings the case can be
    #: moved to (planned backwards from, from today); the board offers only these.
    moves: tuple[dt.date, ...] = ()

    def as_json(self, *, public: bool = False) -> dict[str, Any]:
        """Stable keys; ``public`` gives a closed item's public heading as its title."""
        found: dict[str, Any] = {
            "id": self.id,
            "title": self.public_title if public else self.title,
            "closed_item": self.closed_item,
            "step_label": self.step_label,
            "responsible_names": list(self.responsible_names),
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue,
        }
        if self.state:
            found |= {"state": self.state, "at_risk": self.at_risk, "late": self.late}
            # The meetings the page offers the card (the API and --json say the same).
            found["moves"] = [day.isoformat() for day in self.moves]
        else:
            found["age_workdays"] = self.age
        return found


@dataclass(frozen=True, slots=True)
class MeetingColumn:
    """A coming meeting and the cases headed for it."""

    body: str
    body_short: str
    date: dt.date
    time: dt.time
    deadline: dt.date | None  # the agenda deadline
    deadline_workdays: int | None  # working days left to it (negative: passed)
    capacity: int | None
    count: int  # every case headed for it (``cards`` holds at most the query's limit)
    booked: int
    at_risk: int
    late: int
    cards: tuple[FlowCard, ...]

    @property
    def full(self) -> bool:
        """Whether more cases are headed for it than it takes."""
        return self.capacity is not None and self.count > self.capacity

    def as_json(self) -> dict[str, Any]:
        """Stable keys for the CLI's and the API's JSON."""
        return {
            "body": self.body,
            "body_short": self.body_short,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M"),
            "agenda_deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_workdays": self.deadline_workdays,
            "capacity": self.capacity,
            "count": self.count,
            "booked": self.booked,
            "at_risk": self.at_risk,
            "late": self.late,
            "full": self.full,
            "cases": [c.as_json() for c in self.cards],
        }


@dataclass(frozen=True, slots=True)
class PhaseColumn:
    """One column of the flow by step: its cases, oldest at the step first."""

    phase: str
    title: str
    count: int  # work in progress
    overdue: int
    cards: tuple[FlowCard, ...]

    def as_json(self) -> dict[str, Any]:
        """Stable keys for the CLI's and the API's JSON."""
        return {
            "phase": self.phase,
            "title": self.title,
            "count": self.count,
            "overdue": self.overdue,
            "cases": [c.as_json() for c in self.cards],
        }


@dataclass(frozen=True, slots=True)
class WaitingFor:
    """The meeting a case at a meeting step waits for, with its countdown."""

    body: str
    date: dt.date
    workdays_left: int | None


class Workdays:
    """Working days between today and other days, counted once per day (10,000 cases share
    a few hundred days)."""

    def __init__(self, app: App, today: dt.date) -> None:
        calendar = app.config.calendar
        self._count: Callable[[dt.date, dt.date], int] | None = (
            calendar.calendar.count_hverdage if calendar is not None else None
        )
        self._today = today
        self._seen: dict[dt.date, int] = {}

    def until(self, day: dt.date) -> int:
        """Working days from today to ``day`` (negative: past); calendar days beyond the
        configured calendar's years or without one."""
        found = self._seen.get(day)
        if found is None:
            found = (day - self._today).days
            if self._count is not None:
                with contextlib.suppress(CalendarRangeError):
                    found = self._count(self._today, day)
            self._seen[day] = found
        return found


class Meetings:
    """The configured ordinary meetings by body, for finding the one a case waits for."""

    def __init__(self, app: App) -> None:
        from casework.domain.meetings import MeetingKind

        calendar = app.config.calendar
        self._by_body: dict[str, list[Meeting]] = {}
        self._days: dict[str, list[dt.date]] = {}
        if calendar is None:
            return
        for body in calendar.meetings.bodies():
            ordinary = [
                m for m in calendar.meetings.for_body(body) if m.kind is not MeetingKind.EXTRA
            ]
            self._by_body[body] = ordinary
            self._days[body] = [m.date for m in ordinary]

    def next(self, body: str, day: dt.date) -> Meeting | None:
        """``body``'s first ordinary meeting on or after ``day``."""
        days = self._days.get(body, [])
        i = bisect.bisect_left(days, day)
        return self._by_body[body][i] if i < len(days) else None

    def shown(self, app: App, today: dt.date, body: str, per_body: int) -> list[Meeting]:
        """The meetings on the flow by meeting: each body's (or ``body``'s) next
        ``per_body``, by date."""
        bodies = [b for b in app.config.municipality.bodies if not body or b == body]
        return sorted(
            (m for b in bodies for m in self.coming(b, today, per_body)),
            key=lambda m: (m.date, m.body),
        )

    def coming(self, body: str, today: dt.date, count: int) -> list[Meeting]:
        """``body``'s next ``count`` ordinary meetings from ``today``."""
        days = self._days.get(body, [])
        i = bisect.bisect_left(days, today)
        return self._by_body.get(body, [])[i : i + count]


def waiting_for(entry: Entry, meetings: Meetings, today: dt.date) -> dt.date | None:
    """The day of the meeting a case at a meeting step waits for (None: not at one, or no
    meeting of the body is configured)."""
    if not entry.at_meeting or entry.body is None:
        return None
    for body, day, position in entry.plans:
        if body == entry.body and position == entry.position and day >= today.isoformat():
            return dt.date.fromisoformat(day)
    entered = dt.date.fromisoformat(entry.case.step_entered_at[:10])
    meeting = meetings.next(entry.body, max(entered, today))
    return meeting.date if meeting is not None else None


def meetings_of(app: App, snapshot: Snapshot) -> Meetings:
    """The configured meetings, indexed once per snapshot."""
    found = snapshot.memo.get(("meetings",))
    if found is None:
        found = snapshot.memo[("meetings",)] = Meetings(app)
    meetings: Meetings = found
    return meetings


def booked_items(
    app: App, snapshot: Snapshot, keys: Sequence[tuple[str, dt.date]]
) -> dict[tuple[str, dt.date], dict[str, bool]]:
    """(body, day) → case id → booked late, for the meetings ``keys`` from their records; read
    at most every :data:`RECORDS_TTL` seconds per snapshot (a booking changes no case), by one
    request thread at a time while the others keep the last reading (:func:`read_once`: stack
    samples of a two-worker stall showed 15-22 of a worker's 40 threads reading them at once).
    """
    if not keys:
        return {}
    memo_key = ("records", tuple(keys))
    bucket = int(time.monotonic() // RECORDS_TTL)

    def read(_last: _Booked | None) -> _Booked:
        reading = (bucket, _read_booked(app, keys))
        # One entry per set of meetings shown (a board per body filter, the flow board).
        snapshot.remember(memo_key, reading, most=_RECORDS_KEPT)
        return reading

    kept: _Booked = read_once(
        _RECORDS_LOCK, lambda: snapshot.memo.get(memo_key), lambda k: k[0] == bucket, read
    )
    return kept[1]


def _read_booked(
    app: App, keys: Sequence[tuple[str, dt.date]]
) -> dict[tuple[str, dt.date], dict[str, bool]]:
    from casework.services.meetings import meetings_of

    found: dict[tuple[str, dt.date], dict[str, bool]] = {}
    with app._reader() as uow:
        repository = meetings_of(uow)
        for body, day in keys:
            record = repository.find(body, day)
            if record is not None:
                found[(body, day)] = {i.case_id: i.late for i in record.active()}
    return found


def meeting_columns(  # noqa: PLR0917 - the board query's parts, passed on
    app: App,
    snapshot: Snapshot,
    entries: Sequence[Entry],
    lang: str,
    today: dt.date,
    workdays: Workdays,
    meetings: Meetings,
    card: Callable[[Entry], FlowCard],
    *,
    body: str = "",
    per_body: int = MEETINGS_PER_BODY,
    limit: int | None,
) -> tuple[MeetingColumn, ...]:
    """The next ``per_body`` meetings of each body (or of ``body``) with the cases headed for
    each."""
    calendar = app.config.calendar
    if calendar is None:
        return ()
    coming = meetings.shown(app, today, body, per_body)
    keys = [m.key for m in coming]
    headed: dict[tuple[str, dt.date], dict[str, str]] = {k: {} for k in keys}
    iso = today.isoformat()
    by_id = {e.case.id: e for e in entries}
    for entry in entries:
        day = waiting_for(entry, meetings, today)
        if day is not None and entry.body is not None:
            column = headed.get((entry.body, day))
            if column is not None:
                column[entry.case.id] = "waiting"
        for plan_body, plan_day, _ in entry.plans:
            if plan_day < iso:
                continue
            column = headed.get((plan_body, dt.date.fromisoformat(plan_day)))
            if column is not None:
                column.setdefault(entry.case.id, "planned")
    booked = booked_items(app, snapshot, keys)
    found = []
    for meeting in coming:
        column = headed[meeting.key]
        late_booked = booked.get(meeting.key, {})
        for case_id in late_booked:
            if case_id in by_id:
                column[case_id] = "booked"
        rules = calendar.rules.for_body(meeting.body)
        deadline = (
            calendar.calendar.before(meeting.date, rules.agenda).date if rules.agenda else None
        )
        cards = []
        for case_id, state in column.items():
            entry = by_id[case_id]
            due = entry.case.due[:10] if entry.case.due else None
            ahead = state == "planned"
            late = late_booked.get(case_id, False) or (
                ahead and deadline is not None and today > deadline
            )
            at_risk = (
                ahead
                and not late
                and due is not None
                and (due < iso or (deadline is not None and due > deadline.isoformat()))
            )
            cards.append(_with(card(entry), state=state, at_risk=at_risk, late=late))
        order = {"booked": 0, "waiting": 1, "planned": 2}
        cards.sort(key=lambda c: (not c.late, not c.at_risk, order[c.state], c.id))
        count = len(cards)
        booked_count = sum(1 for c in cards if c.state == "booked")
        risky = sum(1 for c in cards if c.at_risk)
        too_late = sum(1 for c in cards if c.late)
        if limit is not None:
            del cards[limit:]
        others = [m.date for m in coming if m.body == meeting.body and m.date != meeting.date]
        cards = [_moves(app, c, by_id, today, meeting.body, others) for c in cards]
        found.append(
            MeetingColumn(
                body=meeting.body,
                body_short=app.views.body_short(meeting.body),
                date=meeting.date,
                time=meeting.time,
                deadline=deadline,
                deadline_workdays=workdays.until(deadline) if deadline else None,
                capacity=meeting.capacity if meeting.capacity is not None else rules.capacity,
                count=count,
                booked=booked_count,
                at_risk=risky,
                late=too_late,
                cards=tuple(cards),
            )
        )
    return tuple(found)


def _moves(  # noqa: PLR0917 - one card and its column's meetings
    app: App,
    card: FlowCard,
    by_id: dict[str, Entry],
    today: dt.date,
    body: str,
    others: Sequence[dt.date],
) -> FlowCard:
    """A planned card with the days among ``others`` (its column body's other meetings) the
    case can be planned for from ``today``: what the move (``POST /sager/{id}/plan`` with a
    target) would accept, asked of the same planner
    (:meth:`casework.domain.planning.Planner.reaches`, remembered per workflow, route, step,
    meeting and day, so a board of 10,000 cases plans a few hundred times)."""
    if card.state != "planned" or not others:
        return card
    case = by_id[card.id].case
    planner = app.planner()
    definition = app.graph(case).definition
    moves = tuple(
        day
        for day in others
        if planner.reaches(definition, case.route, today, (body, day), from_step=case.step)
    )
    return _with(card, moves=moves)


def phase_columns(
    entries: Sequence[Entry],
    lang: str,
    today: dt.date,
    workdays: Workdays,
    card: Callable[[Entry], FlowCard],
    *,
    limit: int | None,
) -> tuple[PhaseColumn, ...]:
    """The open cases by phase along the route, oldest at their step first."""
    iso = today.isoformat()
    grouped: dict[str, list[Entry]] = {p: [] for p in PHASES}
    for entry in entries:
        grouped.setdefault(entry.phase, []).append(entry)
    found = []
    for phase in PHASES:
        members = sorted(grouped[phase], key=lambda e: (e.case.step_entered_at, e.case.id))
        overdue = Counter(bool(e.case.due and e.case.due[:10] < iso) for e in members)[True]
        shown = members if limit is None else members[:limit]
        cards = []
        for entry in shown:
            entered = dt.date.fromisoformat(entry.case.step_entered_at[:10])
            cards.append(_with(card(entry), age=max(0, -workdays.until(entered))))
        found.append(
            PhaseColumn(
                phase=phase,
                title=PHASE_TEXT[phase][1 if lang == "en" else 0],
                count=len(members),
                overdue=overdue,
                cards=tuple(cards),
            )
        )
    return tuple(found)


def _with(card: FlowCard, **changes: Any) -> FlowCard:
    from dataclasses import replace

    return replace(card, **changes)
