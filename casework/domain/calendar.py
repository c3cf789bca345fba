"""Working-day arithmetic for step deadlines; pure, because holidays arrive as data.

This first version knows weekends and an optional set of extra non-working days; the calendar
issue brings Danish public holidays, meeting plans and backward planning from meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from casework.domain.workdays import WorkCalendar, spec_from_rule
from casework.domain.workflow import DeadlineRule


def is_working_day(day: dt.date, closed: Collection[dt.date] = ()) -> bool:
    """Monday to Friday, and not one of the ``closed`` days."""
    return day.weekday() < 5 and day not in closed


def add_working_days(start: dt.date, days: int, closed: Collection[dt.date] = ()) -> dt.date:
    """The working day ``days`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            remaining -= 1
    return day


def due_after_entry(
    rule: DeadlineRule | None, entered: dt.date, calendar: WorkCalendar | None = None
) -> dt.date | None:
    """The due date of a step entered on ``entered``, for rules counted from entry.

    With the municipality's ``calendar`` the count skips public holidays and the configured
    extra days; without one (tests, a config with no calendar.yaml) only weekends. Rules counted
    back from a meeting need the meeting plan and give None here, so the case shows no invented
    date.
    """
    if rule is None or rule.relative_to != "entry":
        return None
    if calendar is not None:
        return calendar.after(entered, spec_from_rule(rule)).date
    if rule.unit == "hverdage":
        return add_working_days(entered, rule.amount)
    if rule.unit == "uger":
        return entered + dt.timedelta(weeks=rule.amount)
    return entered + dt.timedelta(days=rule.amount)
