"""Meeting plans (*mødeplaner*): each body's meetings in a year, from rules and explicit entries.

A year's plan is written in ``config/meetings/*.yaml`` as rules ("the council on the last
Thursday of the month at 17:00, except July"; "the finance committee the week before the
council") and explicit entries that move, cancel or add meetings. :func:`generate_year` turns
that source into dated meetings: rules first, a meeting that falls on a non-working day shifted
to the hverdag before (or after), then the explicit entries on top. Rules that follow another
body are generated after that body's plan is final, so moving a council meeting moves the
finance committee with it.

:func:`check_plan` then reports what an adopted plan must not contain (a meeting on a
non-working day or in a break, a council meeting without a finance committee meeting before it
in its cycle, a date outside the plan's year); problems are findings with YAML paths, which the
config adapter turns into file and line. Pure: the calendar arrives as data.

Meetings are at local wall-clock times: a meeting is a date and a time of day, and
:meth:`Meeting.starts_at` attaches the zone only when an instant is needed, so a 17:00 meeting
is at 17:00 on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from casework.domain.errors import Finding, Location, did_you_mean
from casework.domain.messages import register
from casework.domain.workdays import WorkCalendar, day_text, local_datetime

Locate = Callable[[str], Location | None]

CW_UNKNOWN_BODY = "CW710"
CW_NON_WORKING_DAY = "CW711"
CW_IN_BREAK = "CW712"
CW_FINANCE_NOT_BEFORE_COUNCIL = "CW713"
CW_OUTSIDE_YEAR = "CW714"
CW_NOTHING_TO_CHANGE = "CW715"
CW_TWO_MEETINGS_A_DAY = "CW716"
CW_ANCHOR = "CW717"
CW_NO_TIME = "CW719"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
ALL_MONTHS = frozenset(range(1, 13))

register(
    {
        "meetings.unknown_body": (
            "ukendt politisk organ '{body}' i mødeplanen",
            "unknown political body '{body}' in the meeting plan",
        ),
        "meetings.non_working_day": (
            "{body} holder møde {day}, som ikke er en hverdag",
            "{body} meets on {day}, which is not a working day",
        ),
        "meetings.in_break": (
            "{body} holder møde {day} i pausen '{pause}'; flyt mødet eller skriv "
            "'allow_in_break: true' på det",
            "{body} meets on {day} during the break '{pause}'; move the meeting or mark it "
            "'allow_in_break: true'",
        ),
        "meetings.finance_not_before_council": (
            "{council} holder møde {day}, men {finance} har intet møde før i samme cyklus "
            "(efter {previous})",
            "{council} meets on {day}, but {finance} has no meeting before it in the same cycle "
            "(after {previous})",
        ),
        "meetings.outside_year": (
            "mødet {day} ligger uden for planens år {year}",
            "the meeting on {day} lies outside the plan's year {year}",
        ),
        "meetings.nothing_to_cancel": (
            "{body} har intet genereret møde {day} at aflyse",
            "{body} has no generated meeting on {day} to cancel",
        ),
        "meetings.nothing_to_move": (
            "{body} har intet genereret møde {day} at flytte",
            "{body} has no generated meeting on {day} to move",
        ),
        "meetings.two_a_day": (
            "{body} har to møder {day}",
            "{body} has two meetings on {day}",
        ),
        "meetings.anchor_without_meetings": (
            "reglen følger '{anchor}', som ingen ordinære møder har i {year}",
            "the rule follows '{anchor}', which has no ordinary meetings in {year}",
        ),
        "meetings.anchor_cycle": (
            "reglerne for {bodies} følger hinanden i ring; én af dem skal have faste datoer",
            "the rules for {bodies} follow each other in a circle; one needs fixed dates",
        ),
        "meetings.no_time": (
            "mødet {day} for {body} mangler 'time', og ingen regel giver et tidspunkt",
            "the meeting on {day} for {body} lacks 'time', and no rule gives one",
        ),
        "meetings.kind.ordinary": ("ordinært", "ordinary"),
        "meetings.kind.extra": ("ekstra", "extra"),
        "meetings.source.rule": ("regel", "rule"),
        "meetings.source.shifted": ("rykket fra helligdag", "shifted off a holiday"),
        "meetings.source.moved": ("flyttet", "moved"),
        "meetings.source.explicit": ("fast dato", "explicit"),
    }
)


class MeetingKind(StrEnum):
    """Ordinary meetings carry the cycle (and get cases); extra ones are for named business."""

    ORDINARY = "ordinary"
    EXTRA = "extra"


class MeetingSource(StrEnum):
    """Where a meeting's date comes from, shown so that the secretariat can review a plan."""

    RULE = "rule"
    SHIFTED = "shifted"  # a rule's date was not a hverdag
    MOVED = "moved"  # an explicit entry replaced a rule's date
    EXPLICIT = "explicit"


class Shift(StrEnum):
    """Which way a generated meeting on a non-working day moves."""

    EARLIER = "earlier"
    LATER = "later"


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of one body; ``origin`` is the YAML path of the rule or entry behind it."""

    body: str
    date: dt.date
    time: dt.time
    kind: MeetingKind = MeetingKind.ORDINARY
    source: MeetingSource = MeetingSource.EXPLICIT
    planned_for: dt.date | None = None  # the rule's date before a shift or a move
    capacity: int | None = None
    note: str | None = None
    origin: str | None = None
    allow_in_break: bool = False

    @property
    def start(self) -> dt.datetime:
        """The local wall-clock start (naive); meetings are ordered by it."""
        return dt.datetime.combine(self.date, self.time)

    @property
    def key(self) -> tuple[str, dt.date]:
        """(body, date): a body meets at most once a day (the checks see to it)."""
        return (self.body, self.date)

    def starts_at(self, zone: dt.tzinfo) -> dt.datetime:
        """The start as an aware instant in ``zone``."""
        return local_datetime(self.date, self.time, zone)

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` output."""
        return {
            "body": self.body,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M"),
            "kind": self.kind.value,
            "source": self.source.value,
            "planned_for": self.planned_for.isoformat() if self.planned_for else None,
            "capacity": self.capacity,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class MonthlyRule:
    """A body meets on the ``ordinal``-th ``weekday`` (0 = Monday; ordinal -1 = last) of
    each month in ``months``."""

    body: str
    weekday: int
    ordinal: int
    time: dt.time
    months: frozenset[int] = ALL_MONTHS
    shift: Shift = Shift.EARLIER
    capacity: int | None = None
    origin: str | None = None

    def dates(self, year: int) -> list[dt.date]:
        """The rule's dates in ``year`` (a month without a fifth weekday has none)."""
        found = []
        for month in sorted(self.months):
            first = dt.date(year, month, 1)
            days = [
                first + dt.timedelta(days=i)
                for i in range(31)
                if (first + dt.timedelta(days=i)).month == month
                and (first + dt.timedelta(days=i)).weekday() == self.weekday
            ]
            index = self.ordinal - 1 if self.ordinal > 0 else self.ordinal
            if -len(days) <= index < len(days):
                found.append(days[index])
        return found


@dataclass(frozen=True, slots=True)
class RelativeRule:
    """A body meets on ``weekday`` of the week ``weeks`` weeks from each ordinary meeting of
    ``anchor`` (``weeks: -1``: the week before the council)."""

    body: str
    anchor: str
    weeks: int
    weekday: int
    time: dt.time
    shift: Shift = Shift.EARLIER
    capacity: int | None = None
    origin: str | None = None

    def date_for(self, anchor_day: dt.date) -> dt.date:
        """The rule's date for an anchor meeting on ``anchor_day``."""
        monday = anchor_day - dt.timedelta(days=anchor_day.weekday())
        return monday + dt.timedelta(weeks=self.weeks, days=self.weekday)


MeetingRule = MonthlyRule | RelativeRule


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    """An explicit entry of a plan: a meeting with a fixed date, which also moves
    (``replaces``), cancels (``cancelled``) or overrides a generated meeting."""

    body: str
    date: dt.date
    time: dt.time | None = None
    kind: MeetingKind | None = None
    replaces: dt.date | None = None
    cancelled: bool = False
    capacity: int | None = None
    note: str | None = None
    allow_in_break: bool = False
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class YearPlanSource:
    """One year's plan as written: rules and explicit entries; ``source`` names the file."""

    year: int
    rules: tuple[MeetingRule, ...] = ()
    entries: tuple[MeetingEntry, ...] = ()
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Break:
    """A recurring break without meetings (summer, Christmas); it may wrap the new year."""

    id: str
    name: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    name_en: str | None = None

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the break."""
        at = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= at <= self.end
        return at >= self.start or at <= self.end

    def label(self, lang: str = "da") -> str:
        """The break's name in ``lang``."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True, eq=False)
class MeetingPlan:
    """Meetings of every body, in start order, across one or more years."""

    meetings: tuple[Meeting, ...] = ()

    @classmethod
    def of(cls, meetings: Iterable[Meeting]) -> MeetingPlan:
        """A plan of ``meetings`` in start order."""
        return cls(tuple(sorted(meetings, key=lambda m: (m.start, m.body))))

    @functools.cached_property
    def _by_body(self) -> Mapping[str, tuple[Meeting, ...]]:
        grouped: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings:
            grouped[meeting.body].append(meeting)
        return {body: tuple(ms) for body, ms in grouped.items()}

    def for_body(self, body: str) -> tuple[Meeting, ...]:
        """``body``'s meetings in start order."""
        return self._by_body.get(body, ())

    def bodies(self) -> frozenset[str]:
        """The bodies that have meetings."""
        return frozenset(self._by_body)

    def select(
        self,
        *,
        body: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> tuple[Meeting, ...]:
        """Meetings of ``body`` (all bodies if None) from ``start`` to ``end``, both included."""
        pool = self.for_body(body) if body is not None else self.meetings
        return tuple(
            m for m in pool if (start is None or m.date >= start) and (end is None or m.date <= end)
        )


# --------------------------------------------------------------------------- generation
def _nowhere(_path: str) -> Location | None:
    return None


@dataclass(slots=True)
class _Generation:
    """The state of generating one year: final meetings per body and the findings so far."""

    source: YearPlanSource
    calendar: WorkCalendar
    locate: Locate
    final: dict[str, list[Meeting]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, key: str, path: str | None, **params: Any) -> None:
        location = self.locate(path) if path is not None else None
        self.findings.append(Finding(code, key, params, location))


def generate_year(
    source: YearPlanSource, calendar: WorkCalendar, locate: Locate = _nowhere
) -> tuple[tuple[Meeting, ...], list[Finding]]:
    """The meetings of ``source``'s year and the findings met while generating them.

    Findings here concern the source itself (an entry that moves or cancels nothing, two
    meetings of one body on one day, a rule following a body without meetings); run
    :func:`check_plan` on the result for the rules an adopted plan must keep.
    """
    state = _Generation(source, calendar, locate)
    rules: dict[str, list[MeetingRule]] = defaultdict(list)
    for rule in source.rules:
        rules[rule.body].append(rule)
    entries: dict[str, list[MeetingEntry]] = defaultdict(list)
    for entry in source.entries:
        entries[entry.body].append(entry)
    for body in _body_order(rules, entries, state):
        generated = _from_rules(body, rules.get(body, []), state)
        default_time = rules[body][0].time if rules.get(body) else None
        state.final[body] = _apply_entries(
            body, generated, entries.get(body, []), default_time, state
        )
    meetings = tuple(
        sorted((m for ms in state.final.values() for m in ms), key=lambda m: (m.start, m.body))
    )
    return meetings, state.findings


def _body_order(
    rules: Mapping[str, list[MeetingRule]],
    entries: Mapping[str, list[MeetingEntry]],
    state: _Generation,
) -> list[str]:
    # A body whose rules follow another body comes after it; bodies caught in a circle are
    # reported and generated last, without the rules that close the circle.
    bodies = list(dict.fromkeys([*rules, *entries]))
    needs = {
        body: {r.anchor for r in rules.get(body, []) if isinstance(r, RelativeRule)}
        for body in bodies
    }
    order: list[str] = []
    done: set[str] = set()
    progress = True
    while progress:
        progress = False
        for body in bodies:
            if body not in done and all(a in done or a not in needs for a in needs[body]):
                order.append(body)
                done.add(body)
                progress = True
    stuck = [b for b in bodies if b not in done]
    if stuck:
        first = next(r for b in stuck for r in rules[b] if isinstance(r, RelativeRule))
        state.add(CW_ANCHOR, "meetings.anchor_cycle", first.origin, bodies=", ".join(stuck))
    return order + stuck


def _from_rules(body: str, rules: Sequence[MeetingRule], state: _Generation) -> list[Meeting]:
    year = state.source.year
    generated: dict[dt.date, Meeting] = {}
    for rule in rules:
        if isinstance(rule, MonthlyRule):
            days = rule.dates(year)
        elif rule.anchor in state.final:
            anchors = [m for m in state.final[rule.anchor] if m.kind is MeetingKind.ORDINARY]
            days = [rule.date_for(m.date) for m in anchors]
            if not anchors:
                state.add(
                    CW_ANCHOR,
                    "meetings.anchor_without_meetings",
                    rule.origin,
                    anchor=rule.anchor,
                    year=year,
                )
        else:
            if not any(rule.anchor == r.body for r in state.source.rules):
                state.add(
                    CW_ANCHOR,
                    "meetings.anchor_without_meetings",
                    rule.origin,
                    anchor=rule.anchor,
                    year=year,
                )
            days = []
        for day in days:
            placed = _off_non_working(day, rule.shift, state.calendar)
            if placed in generated:
                state.add(
                    CW_TWO_MEETINGS_A_DAY,
                    "meetings.two_a_day",
                    rule.origin,
                    body=body,
                    day=day_text(placed),
                )
                continue
            generated[placed] = Meeting(
                body=body,
                date=placed,
                time=rule.time,
                source=MeetingSource.RULE if placed == day else MeetingSource.SHIFTED,
                planned_for=None if placed == day else day,
                capacity=rule.capacity,
                origin=rule.origin,
            )
    return sorted(generated.values(), key=lambda m: m.start)


def _off_non_working(day: dt.date, shift: Shift, calendar: WorkCalendar) -> dt.date:
    # Meetings are held Monday to Friday whatever a deadline rule says about Saturdays.
    if shift is Shift.EARLIER:
        return calendar.hverdage_before(day, 0, saturday=False)
    return calendar.hverdage_after(day, 0, saturday=False)


def _apply_entries(
    body: str,
    generated: list[Meeting],
    entries: Sequence[MeetingEntry],
    default_time: dt.time | None,
    state: _Generation,
) -> list[Meeting]:
    by_date = {m.date: m for m in generated}
    fixed: dict[dt.date, Meeting] = {}
    for entry in entries:
        if entry.cancelled:
            if _take(by_date, entry.date) is None:
                state.add(
                    CW_NOTHING_TO_CHANGE,
                    "meetings.nothing_to_cancel",
                    entry.origin,
                    body=body,
                    day=day_text(entry.date),
                )
            continue
        base: Meeting | None
        if entry.replaces is not None:
            base = _take(by_date, entry.replaces)
            if base is None:
                state.add(
                    CW_NOTHING_TO_CHANGE,
                    "meetings.nothing_to_move",
                    f"{entry.origin}.replaces" if entry.origin else None,
                    body=body,
                    day=day_text(entry.replaces),
                )
        else:
            base = by_date.pop(entry.date, None)
        if entry.date in fixed or entry.date in by_date:
            state.add(
                CW_TWO_MEETINGS_A_DAY,
                "meetings.two_a_day",
                entry.origin,
                body=body,
                day=day_text(entry.date),
            )
            continue
        meeting = _entry_meeting(body, entry, base, default_time, state)
        if meeting is not None:
            fixed[entry.date] = meeting
    return sorted([*by_date.values(), *fixed.values()], key=lambda m: m.start)


def _take(by_date: dict[dt.date, Meeting], day: dt.date) -> Meeting | None:
    """The generated meeting on ``day``, or the one a rule meant for ``day`` before shifting it
    off a non-working day (authors write either), removed from ``by_date``."""
    if day in by_date:
        return by_date.pop(day)
    shifted = next((d for d, m in by_date.items() if m.planned_for == day), None)
    return by_date.pop(shifted) if shifted is not None else None


def _entry_meeting(
    body: str,
    entry: MeetingEntry,
    base: Meeting | None,
    default_time: dt.time | None,
    state: _Generation,
) -> Meeting | None:
    time = entry.time or (base.time if base else default_time)
    if time is None:
        state.add(CW_NO_TIME, "meetings.no_time", entry.origin, body=body, day=day_text(entry.date))
        return None
    moved = base is not None and base.date != entry.date
    planned_for = None
    if base is not None:
        planned_for = base.planned_for or (base.date if moved else None)
    return Meeting(
        body=body,
        date=entry.date,
        time=time,
        kind=entry.kind or (base.kind if base else MeetingKind.ORDINARY),
        source=MeetingSource.MOVED if moved else MeetingSource.EXPLICIT,
        planned_for=planned_for,
        capacity=entry.capacity
        if entry.capacity is not None
        else (base.capacity if base else None),
        note=entry.note or (base.note if base else None),
        origin=entry.origin,
        allow_in_break=entry.allow_in_break,
    )


# --------------------------------------------------------------------------- checks
def check_bodies(source: YearPlanSource, known: Collection[str], locate: Locate) -> list[Finding]:
    """A finding for every rule, anchor or entry that names a body the municipality lacks."""
    findings = []
    named: list[tuple[str, str | None]] = []
    for rule in source.rules:
        named.append((rule.body, f"{rule.origin}.body" if rule.origin else None))
        if isinstance(rule, RelativeRule):
            named.append((rule.anchor, f"{rule.origin}.follows" if rule.origin else None))
    named.extend((e.body, f"{e.origin}.body" if e.origin else None) for e in source.entries)
    for body, path in named:
        if body not in known:
            findings.append(
                Finding(
                    CW_UNKNOWN_BODY,
                    "meetings.unknown_body",
                    {"body": body},
                    locate(path) if path else None,
                    did_you_mean(body, known),
                )
            )
    return findings


def check_plan(
    meetings: Sequence[Meeting],
    *,
    year: int,
    calendar: WorkCalendar,
    breaks: Sequence[Break] = (),
    council: str | None = None,
    finance: str | None = None,
    names: Mapping[str, str] | None = None,
    locate: Locate = _nowhere,
) -> list[Finding]:
    """Findings for a generated year: non-working days, breaks, the year, ØU before KB.

    Args:
        meetings: the year's meetings, as :func:`generate_year` returns them.
        council, finance: the ids of the council (KB) and the finance committee (ØU); each
            ordinary council meeting needs a finance committee meeting after the council's
            previous ordinary meeting and before it. That is the rules of procedure's cycle
            (ØU the week before KB), local practice: KSL § 18, stk. 2 only requires ØU's
            statement on a matter of economy or general administration before KB decides it,
            not an ØU meeting in every cycle. No check when either is None.
        names: short names of bodies for the messages (the id where missing).
    """
    label = dict(names or {})
    findings: list[Finding] = []

    def add(code: str, key: str, meeting: Meeting, **params: Any) -> None:
        where = locate(meeting.origin) if meeting.origin else None
        params.setdefault("body", label.get(meeting.body, meeting.body))
        findings.append(Finding(code, key, {"day": day_text(meeting.date), **params}, where))

    for meeting in meetings:
        if meeting.date.year != year:
            add(CW_OUTSIDE_YEAR, "meetings.outside_year", meeting, year=year)
            continue
        if not calendar.is_hverdag(meeting.date, saturday=False):
            add(CW_NON_WORKING_DAY, "meetings.non_working_day", meeting)
        pause = next((b for b in breaks if b.contains(meeting.date)), None)
        if pause is not None and not meeting.allow_in_break:
            add(CW_IN_BREAK, "meetings.in_break", meeting, pause=pause.name)
    if council is not None and finance is not None:
        for meeting, previous in _councils_without_finance(meetings, council, finance):
            add(
                CW_FINANCE_NOT_BEFORE_COUNCIL,
                "meetings.finance_not_before_council",
                meeting,
                council=label.get(council, council),
                finance=label.get(finance, finance),
                previous=day_text(previous) if previous else f"{year}-01-01",
            )
    return findings


def _councils_without_finance(
    meetings: Sequence[Meeting], council: str, finance: str
) -> Iterable[tuple[Meeting, dt.date | None]]:
    """Ordinary council meetings with no finance meeting since the council's previous one."""
    finance_starts = sorted(m.start for m in meetings if m.body == finance)
    ordinary = sorted(
        (m for m in meetings if m.body == council and m.kind is MeetingKind.ORDINARY),
        key=lambda m: m.start,
    )
    previous: dt.datetime | None = None
    for meeting in ordinary:
        if not any(
            (previous is None or previous < s) and s < meeting.start for s in finance_starts
        ):
            yield meeting, previous.date() if previous else None
        previous = meeting.start
