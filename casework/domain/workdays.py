"""Working days (*hverdage*) and deadline arithmetic in the municipality's local time; pure.

A :class:`WorkCalendar` holds the non-working days as data: the config adapter builds them from
the ``holidays`` package and ``config/calendar.yaml`` (Danish public holidays, Grundlovsdag,
juleaftensdag, nytårsaftensdag, optionally 1 May), so this module never needs to know which day
is a holiday, only that it is one. The calendar covers a range of dates; arithmetic that leaves
it raises :class:`CalendarRangeError` rather than quietly treating an unknown Easter as a
working day.

Whether Saturday counts as a hverdag is a setting per rule ("4 hverdage (inklusive lørdag)" in
some rules of procedure), so every function takes ``saturday`` and falls back to the calendar's
default. Deadlines counted back from a meeting follow domain.md section 8: "N hverdage before"
counts back from the day before the meeting, so the dispatch day itself is one of the N; a rule
may instead ask for N clear days between dispatch and meeting (``dispatch_day_counts=False``).

Times are local (Europe/Copenhagen): dates are computed on local calendar dates, never by adding
24-hour steps to an instant, so a deadline is the same date on both sides of a daylight-saving
change and a 17:00 meeting stays at 17:00 local time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum

from casework.domain.errors import CaseworkError
from casework.domain.messages import Msg, register
from casework.domain.workflow import DeadlineRule

register(
    {
        "calendar.out_of_range": (
            "Datoen {day} ligger uden for kalenderen ({first} – {last}); "
            "udvid 'years' i calendar.yaml.",
            "The date {day} lies outside the calendar ({first} – {last}); "
            "widen 'years' in calendar.yaml.",
        ),
        "cal.day": ("{weekday} {date}", "{weekday} {date}"),
        "cal.weekday.0": ("man", "Mon"),
        "cal.weekday.1": ("tir", "Tue"),
        "cal.weekday.2": ("ons", "Wed"),
        "cal.weekday.3": ("tor", "Thu"),
        "cal.weekday.4": ("fre", "Fri"),
        "cal.weekday.5": ("lør", "Sat"),
        "cal.weekday.6": ("søn", "Sun"),
        "cal.unit.hverdage": ("hverdage", "working days"),
        "cal.unit.dage": ("dage", "days"),
        "cal.unit.uger": ("uger", "weeks"),
        "cal.before": ("{amount} {unit} før", "{amount} {unit} before"),
        "cal.after": ("{amount} {unit} efter", "{amount} {unit} after"),
        "cal.duration": ("{amount} {unit}", "{amount} {unit}"),
        "cal.incl_saturday": (" (inkl. lørdag)", " (Saturday included)"),
        "cal.clear_days": (" (hele dage)", " (clear days)"),
        "cal.statutory": (" – lovbestemt minimum", " – statutory minimum"),
        "cal.rule": (
            "{base}{saturday}{clear}{statutory}",
            "{base}{saturday}{clear}{statutory}",
        ),
    }
)


class CalendarRangeError(CaseworkError):
    """Arithmetic reached a date the calendar has no holiday data for."""

    code = "CW701"
    key = "calendar.out_of_range"


class Unit(StrEnum):
    """The unit a deadline is counted in."""

    HVERDAGE = "hverdage"
    DAGE = "dage"
    UGER = "uger"


#: Looked up once: enum members reached through their class cost a descriptor call each time,
#: and planning 10,000 cases compares units a few hundred thousand times.
_HVERDAGE = Unit.HVERDAGE
_UGER = Unit.UGER


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    """A deadline rule with its counting convention; the calendar's defaults fill the gaps.

    ``saturday`` and ``dispatch_day_counts`` left as None take the calendar's defaults, and so
    does ``cutoff`` (the local time on the due date by which it must be done; None for the
    end of the day). ``statutory`` marks a minimum set by law (planloven, offentlighedsloven),
    which unlike a local rule of procedure may never be shortened for an urgent case.
    """

    amount: int
    unit: Unit = Unit.HVERDAGE
    saturday: bool | None = None
    dispatch_day_counts: bool | None = None
    cutoff: dt.time | None = None
    statutory: bool = False
    basis: str | None = None

    def describe(self, direction: str = "before") -> Msg:
        """A short text such as "4 hverdage før (inkl. lørdag)" for tables and explanations.

        ``direction`` is ``before`` (an event), ``after`` (an event) or ``duration`` (a
        step's own time, counted from when the case arrives).
        """
        base = Msg(
            f"cal.{direction}",
            amount=self.amount,
            unit=Msg(f"cal.unit.{self.unit.value}"),
        )
        return Msg(
            "cal.rule",
            base=base,
            saturday=Msg("cal.incl_saturday") if self.saturday else "",
            clear=Msg("cal.clear_days") if self.dispatch_day_counts is False else "",
            statutory=Msg("cal.statutory") if self.statutory else "",
        )


def spec_from_rule(rule: DeadlineRule, *, statutory: bool = False) -> DeadlineSpec:
    """A workflow step's :class:`DeadlineRule` as a spec with the calendar's conventions."""
    return DeadlineSpec(
        amount=rule.amount,
        unit=Unit(rule.unit),
        statutory=statutory or rule.statutory,
        basis=rule.basis,
    )


@dataclass(frozen=True, slots=True)
class CountingRules:
    """The calendar's defaults for rules that do not say (see :class:`DeadlineSpec`)."""

    saturday: bool = False
    dispatch_day_counts: bool = True
    cutoff: dt.time | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline: its local date, the cut-off time that day, and the rule behind it."""

    date: dt.date
    time: dt.time | None = None
    spec: DeadlineSpec | None = None

    def instant(self, zone: dt.tzinfo) -> dt.datetime:
        """The deadline as an aware datetime: the cut-off time, or the end of the day."""
        return local_datetime(self.date, self.time or dt.time(23, 59, 59), zone)


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Which days are hverdage between ``first`` and ``last``, in the time zone ``zone``.

    ``non_working`` holds every weekday that is not a hverdag (public holidays and the configured
    extra days); weekends need not be listed. Sundays are never hverdage, Saturdays only for
    rules that say so.
    """

    non_working: frozenset[dt.date]
    first: dt.date
    last: dt.date
    zone: dt.tzinfo | None = None
    counting: CountingRules = CountingRules()

    # ---------------------------------------------------------------- predicates
    def is_hverdag(self, day: dt.date, saturday: bool | None = None) -> bool:
        """Whether ``day`` is a hverdag (``saturday``: whether Saturday counts)."""
        self._check(day)
        return self._is_hverdag(day, self._saturday(saturday))

    def _is_hverdag(self, day: dt.date, saturday: bool) -> bool:
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and not saturday):
            return False
        return day not in self.non_working

    # ---------------------------------------------------------------- counting
    def hverdage_before(self, day: dt.date, n: int, saturday: bool | None = None) -> dt.date:
        """The ``n``-th hverdag before ``day`` (``day`` not counted; ``n=0``: ``day`` itself if
        it is a hverdag, else the hverdag before it)."""
        self._check(day)
        ordinals, below = self._index[self._saturday(saturday)]
        offset = day.toordinal() - self.first.toordinal()
        earlier = below[offset]  # hverdage strictly before day
        if n == 0:
            if self._is_hverdag(day, self._saturday(saturday)):
                return day
            n = 1
        position = earlier - n
        if position < 0:
            raise self._range_error(day - dt.timedelta(days=n))
        return dt.date.fromordinal(ordinals[position])

    def hverdage_after(self, day: dt.date, n: int, saturday: bool | None = None) -> dt.date:
        """The ``n``-th hverdag after ``day`` (``day`` not counted; ``n=0``: ``day`` itself if it
        is a hverdag, else the next one)."""
        self._check(day)
        ordinals, below = self._index[self._saturday(saturday)]
        offset = day.toordinal() - self.first.toordinal()
        upto = below[offset + 1]  # hverdage on or before day
        if n == 0:
            if self._is_hverdag(day, self._saturday(saturday)):
                return day
            n = 1
        position = upto + n - 1
        if position >= len(ordinals):
            raise self._range_error(day + dt.timedelta(days=n))
        return dt.date.fromordinal(ordinals[position])

    def count_hverdage(self, start: dt.date, end: dt.date, saturday: bool | None = None) -> int:
        """How many hverdage lie after ``start`` up to and including ``end`` (negative when
        ``end`` is before ``start``)."""
        self._check(start)
        self._check(end)
        _, below = self._index[self._saturday(saturday)]
        base = self.first.toordinal()
        return below[end.toordinal() - base + 1] - below[start.toordinal() - base + 1]

    def hverdage_between(
        self, start: dt.date, end: dt.date, saturday: bool | None = None
    ) -> list[dt.date]:
        """The hverdage from ``start`` to ``end``, both included."""
        self._check(start)
        self._check(end)
        ordinals, _ = self._index[self._saturday(saturday)]
        lo = bisect.bisect_left(ordinals, start.toordinal())
        hi = bisect.bisect_right(ordinals, end.toordinal())
        return [dt.date.fromordinal(o) for o in ordinals[lo:hi]]

    # ---------------------------------------------------------------- deadlines
    def before(self, event: dt.date, spec: DeadlineSpec) -> Deadline:
        """The deadline ``spec`` counted back from ``event`` (a meeting): always a hverdag, and
        always before the event (for an amount of at least one).

        Hverdage follow the golden table of domain.md section 8; calendar days and weeks that
        land on a non-working day move to the hverdag before, since an earlier deadline is the
        safe reading of "at least N days before".
        """
        saturday = self._saturday(spec.saturday)
        clear = not self._dispatch_counts(spec)
        if spec.unit is _HVERDAGE:
            day = self.hverdage_before(event, spec.amount + (1 if clear else 0), saturday)
        else:
            days = spec.amount * (7 if spec.unit is _UGER else 1) + (1 if clear else 0)
            day = self.hverdage_before(event - dt.timedelta(days=days), 0, saturday)
        return Deadline(day, spec.cutoff or self.counting.cutoff, spec)

    def after(self, event: dt.date, spec: DeadlineSpec) -> Deadline:
        """The end of a period ``spec`` that starts with ``event`` (the event day not counted).

        A period in calendar days or weeks that ends on a non-working day runs on to the next
        hverdag, as forældelsesloven § 27, stk. 2 has it for Danish time limits.
        """
        saturday = self._saturday(spec.saturday)
        if spec.unit is _HVERDAGE:
            day = self.hverdage_after(event, spec.amount, saturday)
        else:
            days = spec.amount * (7 if spec.unit is _UGER else 1)
            day = self.hverdage_after(event + dt.timedelta(days=days), 0, saturday)
        return Deadline(day, spec.cutoff or self.counting.cutoff, spec)

    def after_instant(self, instant: dt.datetime, spec: DeadlineSpec) -> Deadline:
        """The end of a period that starts with an event at ``instant`` (counted on local
        dates, so a daylight-saving change in between moves nothing)."""
        return self.after(self.local_date(instant), spec)

    def latest_start(self, due: dt.date, spec: DeadlineSpec | None) -> dt.date:
        """The latest day a step taking ``spec`` (counted from entry) can start and still be
        done by ``due``; the inverse of :meth:`after` for a ``due`` that is a hverdag."""
        if spec is None or spec.amount == 0:
            return due
        if spec.unit is _HVERDAGE:
            return self.hverdage_before(due, spec.amount, self._saturday(spec.saturday))
        days = spec.amount * (7 if spec.unit is _UGER else 1)
        return due - dt.timedelta(days=days)

    # ---------------------------------------------------------------- local time
    def local_date(self, instant: dt.datetime) -> dt.date:
        """The local date of an aware ``instant`` (22:30 UTC on 24 Oct 2026 is 25 Oct here)."""
        return instant.astimezone(self._zone()).date()

    def local(self, day: dt.date, time: dt.time) -> dt.datetime:
        """``time`` on ``day`` in the calendar's zone, as an aware datetime."""
        return local_datetime(day, time, self._zone())

    # ---------------------------------------------------------------- internals
    def _saturday(self, saturday: bool | None) -> bool:
        return self.counting.saturday if saturday is None else saturday

    def _dispatch_counts(self, spec: DeadlineSpec) -> bool:
        if spec.dispatch_day_counts is None:
            return self.counting.dispatch_day_counts
        return spec.dispatch_day_counts

    def _zone(self) -> dt.tzinfo:
        if self.zone is None:
            raise ValueError("this calendar has no time zone")
        return self.zone

    def _check(self, day: dt.date) -> None:
        if not self.first <= day <= self.last:
            raise self._range_error(day)

    def _range_error(self, day: dt.date) -> CalendarRangeError:
        return CalendarRangeError(
            day=day.isoformat(), first=self.first.isoformat(), last=self.last.isoformat()
        )

    @functools.cached_property
    def _index(self) -> dict[bool, tuple[list[int], list[int]]]:
        # Counting day by day is slow when 10,000 cases are planned; with the ordinals of the
        # hverdage and a running count per day, "the n-th hverdag before" is one lookup.
        index: dict[bool, tuple[list[int], list[int]]] = {}
        span = self.last.toordinal() - self.first.toordinal() + 1
        for saturday in (False, True):
            ordinals: list[int] = []
            below = [0] * (span + 1)
            for offset in range(span):
                day = self.first + dt.timedelta(days=offset)
                below[offset] = len(ordinals)
                if self._is_hverdag(day, saturday):
                    ordinals.append(day.toordinal())
            below[span] = len(ordinals)
            index[saturday] = (ordinals, below)
        return index


def local_datetime(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """``time`` on ``day`` in ``zone``.

    A wall-clock time that does not exist (02:30 on the last Sunday of March) is read as if
    the clocks had not yet moved, so it lands at 03:30 summer time rather than failing.
    """
    aware = dt.datetime.combine(day, time, tzinfo=zone)
    return aware.astimezone(dt.UTC).astimezone(zone)


def day_text(day: dt.date) -> Msg:
    """A date as "tor 2025-04-24" / "Thu 2025-04-24" for explanations in either language."""
    return Msg("cal.day", weekday=Msg(f"cal.weekday.{day.weekday()}"), date=day.isoformat())
