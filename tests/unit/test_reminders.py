"""The escalation chain's arithmetic and texts, with Eksempel Kommune's calendar and people.

Pure: no database and no clock; "now" is passed in. Easter 2026 (2-6 April) and weekends are
where the hverdage counting shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.configuration import Configuration
from casework.domain.organisation import Municipality
from casework.domain.reminders import (
    CurrentState,
    EscalationPolicy,
    EscalationRoles,
    Organisation,
    ReminderKind,
    RetryPolicy,
    StepDeadline,
    due_reminders,
    fire_day,
    is_obsolete,
    parse_key,
    reminder_key,
    reminders_for,
    render_reminder,
    sweep_horizon,
    upcoming_reminders,
    workdays_overdue,
)
from casework.domain.workdays import WorkCalendar

POLICY = EscalationPolicy(before_workdays=3, overdue_workdays=2, send_at=dt.time(7, 0))
ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def _calendar() -> WorkCalendar:
    # Loaded here rather than through the session fixture: hypothesis would print the whole
    # configuration in a failure report.
    from casework.adapters.config.meetings_loader import load_calendar_configuration

    return load_calendar_configuration(ROOT / "config").calendar


@pytest.fixture(scope="module")
def calendar(config: Configuration) -> WorkCalendar:
    found = config.work_calendar
    assert found is not None
    return found


@pytest.fixture(scope="module")
def organisation(config: Configuration) -> Organisation:
    return Organisation(config.municipality, EscalationRoles())


def deadline(due: dt.date, *, responsible: tuple[str, ...] = ("mette",)) -> StepDeadline:
    return StepDeadline(
        case_id="2026-0061",
        title="Ny cykelsti langs Fuglevadvej",
        step="kladde",
        due=due,
        centre="cmt",
        responsible=responsible,
        step_title="Sagsfremstilling udarbejdes",
    )


def at(day: str, time: str = "08:00") -> dt.datetime:
    """A Copenhagen wall-clock instant as aware UTC."""
    from zoneinfo import ZoneInfo

    local = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    return local.astimezone(dt.UTC)


# --------------------------------------------------------------------------- firing days
def test_before_counts_hverdage_back_over_easter(calendar: WorkCalendar) -> None:
    # Wed 8 April 2026: 7 April, then 1 April and 31 March (2, 3 and 6 April are holidays).
    assert fire_day(ReminderKind.BEFORE, dt.date(2026, 4, 8), POLICY, calendar) == dt.date(
        2026, 3, 31
    )


def test_overdue_counts_hverdage_forward_over_a_weekend(calendar: WorkCalendar) -> None:
    # Thu 12 March 2026 + 2 hverdage: Fri 13, Mon 16.
    assert fire_day(ReminderKind.OVERDUE, dt.date(2026, 3, 12), POLICY, calendar) == dt.date(
        2026, 3, 16
    )


def test_a_deadline_on_a_saturday_is_reminded_on_the_friday(calendar: WorkCalendar) -> None:
    assert fire_day(ReminderKind.DUE, dt.date(2026, 3, 7), POLICY, calendar) == dt.date(2026, 3, 6)


def test_fire_at_is_seven_local_in_winter_and_summer_time(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    winter = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)
    # Wed 17 June: 16, 15 and Fri 12 June (summer time).
    summer = reminders_for(deadline(dt.date(2026, 6, 17)), POLICY, calendar, organisation)
    assert winter[0].fire_at == dt.datetime(2026, 3, 9, 6, 0, tzinfo=dt.UTC)
    assert summer[0].fire_at == dt.datetime(2026, 6, 12, 5, 0, tzinfo=dt.UTC)
    assert all(r.fire_at.tzinfo == dt.UTC for r in winter + summer)


@settings(max_examples=200, deadline=None)
@given(
    due=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 1)),
    before=st.integers(min_value=1, max_value=10),
    after=st.integers(min_value=1, max_value=10),
)
def test_chain_days_are_hverdage_the_right_count_apart(
    due: dt.date, before: int, after: int
) -> None:
    calendar = _calendar()
    policy = EscalationPolicy(before_workdays=before, overdue_workdays=after)
    first = fire_day(ReminderKind.BEFORE, due, policy, calendar)
    on_due = fire_day(ReminderKind.DUE, due, policy, calendar)
    late = fire_day(ReminderKind.OVERDUE, due, policy, calendar)
    for day in (first, on_due, late):
        assert calendar.is_hverdag(day)
    # A deadline on a day off is reminded on the hverdag before; with N = 1 that is also the
    # day of the "before" reminder, and the sweep then sends only the later one.
    assert first <= on_due <= due < late
    if calendar.is_hverdag(due):
        assert first < on_due
    assert calendar.count_hverdage(first, due) == before - (0 if calendar.is_hverdag(due) else 1)
    assert calendar.count_hverdage(due, late) == after


# --------------------------------------------------------------------------- recipients
def test_the_chain_escalates_from_officer_to_head_to_director_and_secretariat(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    chain = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)
    assert [(r.kind, r.recipients) for r in chain] == [
        (ReminderKind.BEFORE, ("mette",)),
        (ReminderKind.DUE, ("mette", "henrik")),
        (ReminderKind.OVERDUE, ("annelise", "rasmus", "sofie")),
    ]


def test_a_centre_heads_own_deadline_goes_to_the_director(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    chain = reminders_for(
        deadline(dt.date(2026, 3, 12), responsible=("henrik",)), POLICY, calendar, organisation
    )
    assert chain[1].recipients == ("henrik", "annelise")


# --------------------------------------------------------------------------- keys and obsolescence
def test_keys_are_stable_and_change_with_the_due_date(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    first = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)
    again = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)
    replanned = reminders_for(deadline(dt.date(2026, 3, 19)), POLICY, calendar, organisation)
    assert [r.key for r in first] == [r.key for r in again]
    assert first[0].key == "2026-0061:kladde:before:2026-03-12"
    assert not {r.key for r in first} & {r.key for r in replanned}
    parsed = parse_key(first[2].key)
    assert (parsed.case_id, parsed.step, parsed.kind, parsed.due) == (
        "2026-0061",
        "kladde",
        ReminderKind.OVERDUE,
        dt.date(2026, 3, 12),
    )


@pytest.mark.parametrize("bad", ["", "2026-0061", "a:b:c", "a:b:later:2026-03-12", "a:b:due:x"])
def test_malformed_keys_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_key(bad)


def test_a_reminder_is_obsolete_once_the_case_moves_on_is_replanned_or_closes() -> None:
    key = reminder_key("2026-0061", "kladde", ReminderKind.BEFORE, dt.date(2026, 3, 12))
    same = CurrentState(open=True, step="kladde", due=dt.date(2026, 3, 12))
    assert not is_obsolete(key, same)
    assert is_obsolete(key, CurrentState(open=True, step="centerchef_godkendelse", due=same.due))
    assert is_obsolete(key, CurrentState(open=True, step="kladde", due=dt.date(2026, 3, 19)))
    assert is_obsolete(key, CurrentState(open=False, step="kladde", due=same.due))
    assert is_obsolete(key, None)


# --------------------------------------------------------------------------- what is due when
def test_nothing_is_due_before_the_first_reminder_fires(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    case = deadline(dt.date(2026, 3, 12))
    assert due_reminders(case, POLICY, calendar, organisation, at("2026-03-09", "06:59")) == []
    found = due_reminders(case, POLICY, calendar, organisation, at("2026-03-09", "07:00"))
    assert [r.kind for r in found] == [ReminderKind.BEFORE]


def test_a_late_sweep_escalates_rather_than_sending_stale_notes(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    case = deadline(dt.date(2026, 3, 12))
    found = due_reminders(case, POLICY, calendar, organisation, at("2026-03-20"))
    assert [r.kind for r in found] == [ReminderKind.OVERDUE]


def test_upcoming_lists_future_reminders_of_every_deadline_by_time(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    current = deadline(dt.date(2026, 3, 12))
    planned = StepDeadline(
        "2026-0061", "T", "politisk_behandling@tmu", dt.date(2026, 4, 14), "cmt", ("sofie",)
    )
    found = upcoming_reminders([planned, current], POLICY, calendar, organisation, at("2026-03-10"))
    assert [r.key for r in found] == [
        "2026-0061:kladde:due:2026-03-12",
        "2026-0061:kladde:overdue:2026-03-12",
        "2026-0061:politisk_behandling@tmu:before:2026-04-14",
        "2026-0061:politisk_behandling@tmu:due:2026-04-14",
        "2026-0061:politisk_behandling@tmu:overdue:2026-04-14",
    ]


def test_the_sweep_reads_only_cases_due_within_n_hverdage(calendar: WorkCalendar) -> None:
    # Fri 27 March 2026 + 3 hverdage = Wed 1 April (Easter starts on the 2nd).
    assert sweep_horizon(dt.date(2026, 3, 27), POLICY, calendar) == dt.date(2026, 4, 1)


def test_workdays_overdue_skips_weekends_and_holidays(calendar: WorkCalendar) -> None:
    assert workdays_overdue(dt.date(2026, 4, 1), dt.date(2026, 4, 7), calendar) == 1
    assert workdays_overdue(dt.date(2026, 4, 1), dt.date(2026, 4, 1), calendar) == 0


def test_backoff_doubles_up_to_its_cap() -> None:
    retry = RetryPolicy(max_attempts=5, base_seconds=60, cap_seconds=300)
    assert [retry.delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 300, 300]


# --------------------------------------------------------------------------- texts
def test_danish_text_names_case_step_deadline_days_and_link(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    before = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)[0]
    text = render_reminder(
        before,
        recipient="mette",
        recipient_name="Mette Sørensen",
        responsible=("mette",),
        days=3,
        base_url="https://casework.eksempel.dk/",
        sender="casework – Eksempel Kommune",
    )
    assert text.subject == (
        "Påmindelse: frist 12. marts 2026 for sag 2026-0061 Ny cykelsti langs Fuglevadvej"
    )
    assert "Kære Mette Sørensen" in text.body
    assert "«Sagsfremstilling udarbejdes»" in text.body
    assert "Fristen er torsdag den 12. marts 2026, om 3 hverdage." in text.body
    assert "https://casework.eksempel.dk/sager/2026-0061" in text.body


def test_english_overdue_text(calendar: WorkCalendar, organisation: Organisation) -> None:
    late = reminders_for(deadline(dt.date(2026, 3, 12)), POLICY, calendar, organisation)[2]
    text = render_reminder(
        late,
        recipient="sofie",
        recipient_name="Sofie Lindberg",
        days=1,
        base_url="http://127.0.0.1:8000",
        sender="casework",
        lang="en",
    )
    assert text.subject == "Missed deadline: case 2026-0061 Ny cykelsti langs Fuglevadvej"
    assert "The deadline was Thursday 12 March 2026; it is 1 working day overdue." in text.body
    assert "escalation" in text.body


# ------------------------------------------------------------------------ the organisation's line
def _due_recipients(
    organisation: Organisation, calendar: WorkCalendar, responsible: tuple[str, ...], centre: str
) -> tuple[str, ...]:
    step = StepDeadline(
        case_id="2026-0070",
        title="Ny skolestruktur",
        step="direktoer_godkendelse",
        due=dt.date(2026, 3, 12),
        centre=centre,
        responsible=responsible,
        step_title="Direktøren godkender",
    )
    chain = reminders_for(step, POLICY, calendar, organisation)
    due = next(r for r in chain if r.kind is ReminderKind.DUE)
    return due.recipients


def test_a_directors_step_escalates_to_the_municipal_director_not_the_centre_head(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    # Peter directs Center for Børn og Unge (head: Karsten); his superior is Kirsten, the
    # municipal director, never Karsten and never Peter himself.
    recipients = _due_recipients(organisation, calendar, ("peter",), "cbu")
    assert recipients == ("peter", "kirsten")
    assert "karsten" not in recipients


def test_the_secretariats_step_escalates_to_its_head(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    # A case of Center for Miljø og Teknik at the secretariat's step: its head Mads, not the
    # centre head Henrik nor the director Anne-Lise.
    recipients = _due_recipients(organisation, calendar, ("rasmus", "sofie"), "cmt")
    assert recipients == ("rasmus", "sofie", "mads")


def test_the_line_never_names_the_responsible_person_herself(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    assert _due_recipients(organisation, calendar, ("mette",), "cmt") == ("mette", "henrik")
    assert _due_recipients(organisation, calendar, ("henrik",), "cmt") == ("henrik", "annelise")
    # The municipal director has nobody above her: the reminder goes to her alone.
    assert _due_recipients(organisation, calendar, ("kirsten",), "cmt") == ("kirsten",)
    assert _due_recipients(organisation, calendar, ("mads",), "bds") == ("mads", "kirsten")


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_no_superior_is_the_responsible_person_or_the_case_centres_head_for_a_director(
    data: st.DataObject,
) -> None:
    municipality = _municipality()
    organisation = Organisation(municipality, EscalationRoles())
    person = data.draw(st.sampled_from(sorted(municipality.people)))
    centre = data.draw(st.sampled_from(sorted(municipality.centres)))
    found = organisation.superiors(centre, (person,))
    assert person not in found
    if "direktoer" in municipality.people[person].roles:
        assert not any("centerchef" in municipality.people[p].roles for p in found)


@functools.cache
def _municipality() -> Municipality:
    # Loaded here, not from the fixture, for the same reason as _calendar.
    from casework.adapters.config.loader import load_configuration

    return load_configuration(ROOT / "config").municipality


@pytest.mark.parametrize(
    ("today", "subject", "line"),
    [
        # Sunday 15 March 2026: reminded on Friday 13th, two days ahead of it.
        (dt.date(2026, 3, 13), "Påmindelse: frist 15. marts 2026", "Fristen er søndag den 15."),
        (dt.date(2026, 3, 15), "Frist i dag", "Fristen er i dag, søndag den 15."),
        # Sent late by a sweep on Tuesday 17th: never "today" about a past date.
        (dt.date(2026, 3, 17), "Overskredet frist", "Fristen var søndag den 15. marts 2026 og"),
    ],
)
def test_a_due_reminder_says_today_only_on_the_deadline(
    calendar: WorkCalendar, organisation: Organisation, today: dt.date, subject: str, line: str
) -> None:
    due = next(
        r
        for r in reminders_for(deadline(dt.date(2026, 3, 15)), POLICY, calendar, organisation)
        if r.kind is ReminderKind.DUE
    )
    days = workdays_overdue(due.due, today, calendar)
    text = render_reminder(
        due,
        recipient="henrik",
        recipient_name="Henrik Lund",
        responsible=("mette",),
        days=days,
        base_url="http://127.0.0.1:8000",
        sender="casework",
        today=today,
    )
    assert text.subject.startswith(subject)
    assert line in text.body
    if today != due.due:
        assert "i dag" not in text.body


def _overdue_recipients(
    organisation: Organisation, calendar: WorkCalendar, responsible: tuple[str, ...], centre: str
) -> tuple[str, ...]:
    step = StepDeadline(
        case_id="2026-0070",
        title="Ny skolestruktur",
        step="direktoer_godkendelse",
        due=dt.date(2026, 3, 12),
        centre=centre,
        responsible=responsible,
        step_title="Direktøren godkender",
    )
    chain = reminders_for(step, POLICY, calendar, organisation)
    return next(r for r in chain if r.kind is ReminderKind.OVERDUE).recipients


def test_an_overdue_step_is_never_escalated_to_the_responsible_person_herself(
    calendar: WorkCalendar, organisation: Organisation
) -> None:
    # A case officer's step: the centre's director and the secretariat, as before.
    assert _overdue_recipients(organisation, calendar, ("mette",), "cmt") == (
        "annelise",
        "rasmus",
        "sofie",
    )
    # The director's own step: her superior, the municipal director, instead of herself.
    assert _overdue_recipients(organisation, calendar, ("annelise",), "cmt") == (
        "kirsten",
        "rasmus",
        "sofie",
    )
    # The secretariat's own step: its head instead of the secretariat itself.
    assert _overdue_recipients(organisation, calendar, ("rasmus", "sofie"), "cmt") == (
        "annelise",
        "mads",
    )
