"""Working-day arithmetic: the golden table of domain.md section 8, Danish holidays as the
``holidays`` package gives them (Easter, Ascension, Whitsun, Christmas, New Year, Store Bededag
before and after its abolition), the Saturday switch, the counting convention, and local time
across daylight-saving changes.

The calendar is built by the adapter from real holiday data once per module (``holidays`` does
no I/O); the domain itself only ever sees the resulting set of dates.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.adapters.calendar import build_calendar, non_working_days
from casework.domain.messages import render
from casework.domain.workdays import (
    CalendarRangeError,
    CountingRules,
    Deadline,
    DeadlineSpec,
    Unit,
    WorkCalendar,
    local_datetime,
    spec_from_rule,
)
from casework.domain.workflow import DeadlineRule

D = dt.date
CPH = ZoneInfo("Europe/Copenhagen")
CAL = build_calendar(2022, 2029)
SAT = build_calendar(2022, 2029, counting=CountingRules(saturday=True))


def four_before(meeting: dt.date, *, saturday: bool = False) -> dt.date:
    return CAL.before(meeting, DeadlineSpec(4, saturday=saturday)).date


# --- domain.md section 8 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "weekdays_only", "with_saturday"),
    [
        pytest.param(D(2025, 4, 24), D(2025, 4, 15), D(2025, 4, 16), id="after-easter"),
        pytest.param(D(2025, 6, 10), D(2025, 6, 2), D(2025, 6, 3), id="whit-monday-grundlovsdag"),
        pytest.param(D(2026, 1, 6), D(2025, 12, 29), D(2025, 12, 30), id="new-year"),
    ],
)
def test_four_hverdage_before_matches_the_golden_table(
    meeting: dt.date, weekdays_only: dt.date, with_saturday: dt.date
) -> None:
    assert four_before(meeting) == weekdays_only
    assert four_before(meeting, saturday=True) == with_saturday


def test_saturday_default_comes_from_the_calendar_and_a_rule_can_override_it() -> None:
    assert SAT.before(D(2025, 4, 24), DeadlineSpec(4)).date == D(2025, 4, 16)
    assert SAT.before(D(2025, 4, 24), DeadlineSpec(4, saturday=False)).date == D(2025, 4, 15)


def test_clear_days_convention_puts_the_deadline_one_hverdag_earlier() -> None:
    clear = DeadlineSpec(4, dispatch_day_counts=False)
    assert CAL.before(D(2025, 4, 24), clear).date == D(2025, 4, 14)
    assert CAL.before(D(2026, 1, 6), clear).date == D(2025, 12, 23)


def test_cutoff_hour_is_carried_to_the_deadline_and_its_instant() -> None:
    noon = build_calendar(2025, 2026, counting=CountingRules(cutoff=dt.time(12, 0)))
    deadline = noon.before(D(2025, 4, 24), DeadlineSpec(4))
    assert deadline == Deadline(D(2025, 4, 15), dt.time(12, 0), DeadlineSpec(4))
    assert deadline.instant(CPH) == dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)
    own = noon.before(D(2025, 4, 24), DeadlineSpec(4, cutoff=dt.time(9, 30)))
    assert own.time == dt.time(9, 30)


# --- holidays ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        pytest.param(D(2025, 4, 16), D(2025, 4, 22), id="easter-2025"),
        pytest.param(D(2026, 4, 1), D(2026, 4, 7), id="easter-2026"),
        pytest.param(D(2026, 5, 13), D(2026, 5, 15), id="ascension-friday-is-a-hverdag"),
        pytest.param(D(2026, 5, 22), D(2026, 5, 26), id="whit-monday-2026"),
        pytest.param(D(2025, 6, 4), D(2025, 6, 6), id="grundlovsdag"),
        pytest.param(D(2026, 12, 23), D(2026, 12, 28), id="christmas-2026"),
        pytest.param(D(2026, 12, 30), D(2027, 1, 4), id="new-year-2027"),
        pytest.param(D(2023, 5, 4), D(2023, 5, 8), id="store-bededag-2023"),
        pytest.param(D(2024, 4, 25), D(2024, 4, 26), id="no-store-bededag-2024"),
    ],
)
def test_next_hverdag_skips_holidays(start: dt.date, expected: dt.date) -> None:
    assert CAL.hverdage_after(start, 1) == expected


@pytest.mark.parametrize(
    ("day", "hverdag"),
    [
        (D(2023, 5, 5), False),  # the last Store Bededag
        (D(2024, 4, 26), True),  # abolished from 2024 (lov nr. 214 af 06/03/2023)
        (D(2025, 5, 16), True),
        (D(2026, 4, 2), False),  # Maundy Thursday
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 5, 14), False),  # Ascension
        (D(2026, 5, 25), False),  # Whit Monday
        (D(2026, 6, 5), False),  # Grundlovsdag (configured extra day)
        (D(2026, 12, 24), False),  # juleaftensdag (configured extra day)
        (D(2026, 12, 31), False),  # nytårsaftensdag (configured extra day)
        (D(2027, 1, 1), False),
        (D(2026, 5, 1), True),  # 1 May is a hverdag unless configured
        (D(2026, 3, 28), False),  # a Saturday
    ],
)
def test_danish_hverdage(day: dt.date, hverdag: bool) -> None:
    assert CAL.is_hverdag(day) is hverdag


def test_first_of_may_and_one_off_days_are_configurable() -> None:
    days = non_working_days([2026], first_of_may=True, dates=[D(2026, 5, 15)])
    assert {D(2026, 5, 1), D(2026, 5, 15), D(2026, 6, 5)} <= days
    assert D(2026, 6, 5) not in non_working_days([2026], extra=())


def test_saturday_that_is_a_holiday_is_never_a_hverdag() -> None:
    assert SAT.is_hverdag(D(2026, 3, 28))
    assert not SAT.is_hverdag(D(2026, 12, 26))  # second day of Christmas, a Saturday
    assert not SAT.is_hverdag(D(2026, 3, 29))  # Sundays never


# --- calendar days, weeks and periods after an event -----------------------------------------


def test_calendar_days_before_a_meeting_fall_back_to_a_hverdag() -> None:
    eight_days = DeadlineSpec(8, Unit.DAGE)
    assert CAL.before(D(2026, 6, 8), eight_days).date == D(2026, 5, 29)  # Sun 31 May → Fri


def test_period_after_an_event_ending_on_a_holiday_runs_to_the_next_hverdag() -> None:
    three_weeks = DeadlineSpec(3, Unit.UGER, statutory=True, basis="planloven § 24")
    deadline = CAL.after(D(2025, 12, 3), three_weeks)
    assert deadline.date == D(2025, 12, 29)  # 24 Dec, 25, 26, the weekend
    assert deadline.spec is not None and deadline.spec.statutory
    assert CAL.after(D(2026, 3, 2), DeadlineSpec(8, Unit.UGER)).date == D(2026, 4, 27)


def test_working_days_after_an_event_do_not_count_the_event_day() -> None:
    assert CAL.after(D(2026, 3, 2), DeadlineSpec(7)).date == D(2026, 3, 11)


def test_latest_start_inverts_after_for_working_days_and_calendar_days() -> None:
    for spec in (DeadlineSpec(10), DeadlineSpec(14, Unit.DAGE), DeadlineSpec(2, Unit.UGER)):
        due = D(2026, 4, 13)
        assert CAL.after(CAL.latest_start(due, spec), spec).date == due
    assert CAL.latest_start(D(2026, 4, 13), None) == D(2026, 4, 13)


def test_workflow_rule_becomes_a_spec() -> None:
    spec = spec_from_rule(DeadlineRule(12, "hverdage", "meeting", "Forretningsorden"))
    assert spec == DeadlineSpec(12, Unit.HVERDAGE, basis="Forretningsorden")


def test_rule_descriptions_in_both_languages() -> None:
    text = DeadlineSpec(4, saturday=True, statutory=True).describe()
    assert render(text.key, "da", **text.params) == (
        "4 hverdage før (inkl. lørdag) – lovbestemt minimum"
    )
    text = DeadlineSpec(8, Unit.UGER, dispatch_day_counts=False).describe("after")
    assert render(text.key, "en", **text.params) == "8 weeks after (clear days)"


def test_leaving_the_calendar_is_an_error_not_a_guess() -> None:
    small = build_calendar(2026, 2026)
    with pytest.raises(CalendarRangeError) as info:
        small.before(D(2026, 1, 5), DeadlineSpec(4))
    assert info.value.code == "CW701"
    assert "calendar.yaml" in info.value.message("da")
    with pytest.raises(CalendarRangeError):
        small.is_hverdag(D(2027, 1, 4))
    with pytest.raises(CalendarRangeError):
        small.hverdage_after(D(2026, 12, 30), 3)


# --- local time across daylight-saving changes ---------------------------------------------


@pytest.mark.parametrize(
    ("instant", "local"),
    [
        # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC).
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), dt.datetime(2026, 3, 29, 1, 30)),
        (dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC), dt.datetime(2026, 3, 29, 3, 30)),
        (dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), dt.datetime(2026, 3, 29, 0, 30)),
        # 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET (01:00 UTC).
        (dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 0, 30)),
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 2, 30)),
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 2, 30)),
        (dt.datetime(2026, 10, 25, 23, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 26, 0, 30)),
    ],
)
def test_instants_map_to_the_right_local_date_and_time(
    instant: dt.datetime, local: dt.datetime
) -> None:
    assert CAL.local_date(instant) == local.date()
    assert instant.astimezone(CAL.zone).replace(tzinfo=None) == local


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (D(2026, 3, 26), 16),  # CET
        (D(2026, 4, 2), 15),  # CEST, a week later
        (D(2026, 10, 22), 15),  # CEST
        (D(2026, 10, 29), 16),  # CET again
    ],
)
def test_a_17_oclock_meeting_stays_at_17_local_across_the_change(
    day: dt.date, utc_hour: int
) -> None:
    start = CAL.local(day, dt.time(17, 0))
    assert start.hour == 17
    assert start.astimezone(dt.UTC).hour == utc_hour


def test_a_period_after_an_instant_is_counted_on_local_dates() -> None:
    # 23:30 UTC on 28 March is already 29 March in Copenhagen: one hverdag later is Tue 31.
    instant = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)
    assert CAL.after_instant(instant, DeadlineSpec(1)).date == D(2026, 3, 30)
    assert CAL.after_instant(instant, DeadlineSpec(7, Unit.DAGE)).date == D(2026, 4, 7)


def test_a_wall_clock_time_inside_the_spring_gap_lands_after_it() -> None:
    moved = local_datetime(D(2026, 3, 29), dt.time(2, 30), CPH)
    assert (moved.hour, moved.minute, moved.utcoffset()) == (3, 30, dt.timedelta(hours=2))


# --- properties --------------------------------------------------------------------------------

dates = st.dates(min_value=D(2022, 9, 1), max_value=D(2029, 10, 31))  # room for 30 weeks


def naive_before(calendar: WorkCalendar, day: dt.date, n: int, saturday: bool) -> dt.date:
    """Day-by-day reference for "the n-th hverdag before ``day``"."""
    found = 0
    while found < n:
        day -= dt.timedelta(days=1)
        if calendar.is_hverdag(day, saturday):
            found += 1
    return day


@settings(max_examples=300, deadline=None)
@given(
    meeting=dates,
    amount=st.integers(min_value=1, max_value=30),
    saturday=st.booleans(),
    dispatch=st.booleans(),
    unit=st.sampled_from(list(Unit)),
)
def test_deadline_before_a_meeting_is_a_hverdag_and_never_after_it(
    meeting: dt.date, amount: int, saturday: bool, dispatch: bool, unit: Unit
) -> None:
    spec = DeadlineSpec(amount, unit, saturday=saturday, dispatch_day_counts=dispatch)
    deadline = CAL.before(meeting, spec).date
    assert CAL.is_hverdag(deadline, saturday)
    assert deadline < meeting
    if unit is Unit.HVERDAGE:
        # The dispatch day counts: exactly N hverdage from the deadline to the day before.
        counted = amount if dispatch else amount + 1
        assert deadline == naive_before(CAL, meeting, counted, saturday)
        before = meeting - dt.timedelta(days=1)
        assert CAL.count_hverdage(deadline - dt.timedelta(days=1), before, saturday) == counted


@settings(max_examples=200, deadline=None)
@given(day=dates, n=st.integers(min_value=0, max_value=40), saturday=st.booleans())
def test_counting_forwards_undoes_counting_back(day: dt.date, n: int, saturday: bool) -> None:
    start = CAL.hverdage_before(day, 0, saturday)  # a hverdag
    assert CAL.hverdage_after(CAL.hverdage_before(start, n, saturday), n, saturday) == start
    assert CAL.count_hverdage(CAL.hverdage_before(start, n, saturday), start, saturday) == n


# --- the ring --------------------------------------------------------------------------------


def test_domain_calendar_modules_import_neither_holidays_nor_yaml() -> None:
    root = Path(__file__).resolve().parents[2] / "casework" / "domain"
    for name in ("workdays.py", "meetings.py", "planning.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert not imported & {"holidays", "yaml", "zoneinfo", "sqlalchemy"}, name


# --- the adapter's guards --------------------------------------------------------------------


def test_a_holidays_release_that_still_has_store_bededag_in_2024_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import holidays

    from casework.adapters import calendar as adapter
    from casework.domain.errors import ConfigFileError

    real = holidays.country_holidays

    def outdated(country: str, **kwargs: object) -> dict[dt.date, str]:
        found = dict(real(country, **kwargs))  # type: ignore[arg-type]
        found[D(2024, 4, 26)] = "Store Bededag"
        return found

    monkeypatch.setattr(holidays, "country_holidays", outdated)
    with pytest.raises(ConfigFileError) as info:
        adapter.public_holidays([2026])
    assert "0.22" in info.value.message("en")


def test_an_unknown_time_zone_is_a_config_error() -> None:
    from casework.domain.errors import ConfigFileError

    with pytest.raises(ConfigFileError) as info:
        build_calendar(2026, 2026, zone_name="Europe/Kobenhavn")
    assert info.value.code == "CW101"
    assert "Europe/Kobenhavn" in info.value.message("da")
