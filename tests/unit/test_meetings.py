"""Meeting plans: rules generate the cycle, explicit entries move, cancel and add meetings, and the
checks report every problem of a plan with its file and line.

Domain tests build sources by hand; config tests edit a copy of the real ``config/`` by small
string replacements, so each shows the one mistake it is about.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from casework.adapters.calendar import build_calendar
from casework.adapters.config.meetings_loader import load_calendar_configuration, propose_year
from casework.domain.configuration import Configuration
from casework.domain.errors import DefinitionError, Finding
from casework.domain.meetings import (
    Break,
    Meeting,
    MeetingEntry,
    MeetingKind,
    MeetingPlan,
    MeetingSource,
    MonthlyRule,
    RelativeRule,
    Shift,
    YearPlanSource,
    check_plan,
    generate_year,
)

D = dt.date
T = dt.time
ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
PLAN_2026 = "meetings/eksempel-2026.yaml"
CAL = build_calendar(2025, 2029)
THURSDAY, MONDAY, WEDNESDAY = 3, 0, 2
KB_RULE = MonthlyRule("kb", THURSDAY, -1, T(17), frozenset(range(1, 13)) - {7}, origin="rules[0]")
OEU_RULE = RelativeRule("oeu", "kb", -1, THURSDAY, T(16), origin="rules[1]")


def kb_dates(meetings: tuple[Meeting, ...], body: str = "kb") -> list[dt.date]:
    return [m.date for m in meetings if m.body == body]


# --- rules -------------------------------------------------------------------------------------


def test_last_thursday_of_each_month_except_july() -> None:
    days = KB_RULE.dates(2026)
    assert len(days) == 11
    assert days[:3] == [D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 26)]
    assert D(2026, 7, 30) not in days


def test_a_fifth_weekday_that_a_month_lacks_gives_no_meeting() -> None:
    fifth = MonthlyRule("kb", MONDAY, 5, T(17))
    assert [d.month for d in fifth.dates(2026)] == [3, 6, 8, 11]


def test_the_week_before_the_council() -> None:
    assert OEU_RULE.date_for(D(2026, 1, 29)) == D(2026, 1, 22)
    two_weeks = RelativeRule("tmu", "kb", -2, MONDAY, T(16))
    assert two_weeks.date_for(D(2026, 1, 29)) == D(2026, 1, 12)


def test_a_meeting_on_a_holiday_is_shifted_to_the_hverdag_before() -> None:
    meetings, findings = generate_year(YearPlanSource(2027, (KB_RULE,)), CAL)
    march = next(m for m in meetings if m.date.month == 3)
    assert findings == []
    assert march.date == D(2027, 3, 24)  # Maundy Thursday 25 March
    assert march.source is MeetingSource.SHIFTED
    assert march.planned_for == D(2027, 3, 25)


def test_a_rule_may_shift_later_instead() -> None:
    later = MonthlyRule("kb", THURSDAY, -1, T(17), frozenset({3}), Shift.LATER)
    meetings, _ = generate_year(YearPlanSource(2027, (later,)), CAL)
    assert kb_dates(meetings) == [D(2027, 3, 30)]  # past Good Friday and Easter Monday


def test_followers_are_generated_from_the_final_anchor_plan() -> None:
    moved = MeetingEntry("kb", D(2026, 12, 17), replaces=D(2026, 12, 31), origin="meetings[0]")
    source = YearPlanSource(2026, (OEU_RULE, KB_RULE), (moved,))
    meetings, findings = generate_year(source, CAL)
    assert findings == []
    december = [m for m in meetings if m.date.month == 12]
    assert [(m.body, m.date) for m in december] == [
        ("oeu", D(2026, 12, 10)),
        ("kb", D(2026, 12, 17)),
    ]
    kb = december[1]
    assert kb.source is MeetingSource.MOVED
    assert kb.planned_for == D(2026, 12, 31)  # the rule's date, before any shift


# --- explicit entries --------------------------------------------------------------------------


def test_entries_cancel_override_and_add_meetings() -> None:
    entries = (
        MeetingEntry("kb", D(2026, 1, 29), cancelled=True, origin="meetings[0]"),
        MeetingEntry("kb", D(2026, 2, 26), time=T(19), note="Temamøde", origin="meetings[1]"),
        MeetingEntry("kb", D(2026, 10, 15), kind=MeetingKind.EXTRA, origin="meetings[2]"),
    )
    meetings, findings = generate_year(YearPlanSource(2026, (KB_RULE,), entries), CAL)
    assert findings == []
    by_date = {m.date: m for m in meetings}
    assert D(2026, 1, 29) not in by_date
    assert (by_date[D(2026, 2, 26)].time, by_date[D(2026, 2, 26)].note) == (T(19), "Temamøde")
    extra = by_date[D(2026, 10, 15)]
    assert (extra.kind, extra.time, extra.source) == (
        MeetingKind.EXTRA,
        T(17),
        MeetingSource.EXPLICIT,
    )


def test_an_extra_meeting_does_not_start_a_cycle_for_followers() -> None:
    extra = MeetingEntry("kb", D(2026, 10, 15), kind=MeetingKind.EXTRA)
    meetings, _ = generate_year(YearPlanSource(2026, (KB_RULE, OEU_RULE), (extra,)), CAL)
    assert D(2026, 10, 8) not in kb_dates(meetings, "oeu")


@pytest.mark.parametrize(
    ("entry", "code", "key"),
    [
        (MeetingEntry("kb", D(2026, 1, 28), cancelled=True), "CW715", "meetings.nothing_to_cancel"),
        (
            MeetingEntry("kb", D(2026, 1, 27), replaces=D(2026, 1, 28)),
            "CW715",
            "meetings.nothing_to_move",
        ),
        (MeetingEntry("kb", D(2026, 2, 5), replaces=D(2026, 1, 29)), None, None),
        (
            MeetingEntry("kb", D(2026, 2, 26), replaces=D(2026, 1, 29)),
            "CW716",
            "meetings.two_a_day",
        ),
        (MeetingEntry("tmu", D(2026, 2, 2)), "CW719", "meetings.no_time"),
    ],
)
def test_entries_that_cannot_apply_are_reported(
    entry: MeetingEntry, code: str | None, key: str | None
) -> None:
    _, findings = generate_year(YearPlanSource(2026, (KB_RULE,), (entry,)), CAL)
    assert [(f.code, f.key) for f in findings] == ([] if code is None else [(code, key)])


def test_rules_following_each_other_in_a_circle_are_reported() -> None:
    circle = (
        RelativeRule("a", "b", -1, MONDAY, T(9), origin="rules[0]"),
        RelativeRule("b", "a", 1, MONDAY, T(9), origin="rules[1]"),
    )
    _, findings = generate_year(YearPlanSource(2026, circle), CAL)
    assert findings[0].code == "CW717"
    assert findings[0].key == "meetings.anchor_cycle"


def test_a_rule_following_a_body_without_meetings_is_reported() -> None:
    _, findings = generate_year(YearPlanSource(2026, (OEU_RULE,)), CAL)
    assert [(f.code, f.key) for f in findings] == [("CW717", "meetings.anchor_without_meetings")]


# --- checks ------------------------------------------------------------------------------------

BREAKS = (
    Break("sommer", "Sommerferie", (7, 1), (7, 31)),
    Break("jul", "Juleferie", (12, 22), (1, 3)),
)


def checked(*meetings: Meeting, year: int = 2026) -> list[tuple[str, dt.date | None]]:
    findings = check_plan(
        meetings, year=year, calendar=CAL, breaks=BREAKS, council="kb", finance="oeu"
    )
    return [(f.code, _day(f)) for f in findings]


def _day(finding: Finding) -> dt.date | None:
    day = finding.params.get("day")
    return dt.date.fromisoformat(day.params["date"]) if day is not None else None


def test_breaks_may_wrap_the_new_year() -> None:
    christmas = BREAKS[1]
    assert christmas.contains(D(2026, 12, 28))
    assert christmas.contains(D(2027, 1, 2))
    assert not christmas.contains(D(2027, 1, 4))
    assert BREAKS[0].contains(D(2026, 7, 1)) and not BREAKS[0].contains(D(2026, 8, 1))


def test_meetings_on_non_working_days_in_breaks_and_outside_the_year_are_reported() -> None:
    assert checked(
        Meeting("tmu", D(2026, 6, 5), T(16)),  # Grundlovsdag
        Meeting("tmu", D(2026, 7, 15), T(16)),  # summer break
        Meeting("tmu", D(2026, 12, 23), T(16)),  # Christmas break
        Meeting("tmu", D(2027, 1, 4), T(16)),  # next year
        Meeting("tmu", D(2026, 8, 1), T(16)),  # a Saturday
    ) == [
        ("CW711", D(2026, 6, 5)),
        ("CW712", D(2026, 7, 15)),
        ("CW712", D(2026, 12, 23)),
        ("CW714", D(2027, 1, 4)),
        ("CW711", D(2026, 8, 1)),
    ]


def test_a_deliberate_meeting_in_a_break_is_allowed() -> None:
    assert (
        checked(Meeting("kb", D(2026, 7, 2), T(17), allow_in_break=True, kind=MeetingKind.EXTRA))
        == []
    )


def test_finance_committee_must_meet_before_each_ordinary_council_meeting() -> None:
    meetings = (
        Meeting("oeu", D(2026, 1, 22), T(16)),
        Meeting("kb", D(2026, 1, 29), T(17)),
        Meeting("kb", D(2026, 2, 12), T(17), kind=MeetingKind.EXTRA),  # budget: no ØU needed
        Meeting("kb", D(2026, 2, 26), T(17)),  # no ØU since 29 January
        Meeting("oeu", D(2026, 3, 26), T(15)),  # same day, earlier: fine
        Meeting("kb", D(2026, 3, 26), T(17)),
    )
    assert checked(*meetings) == [("CW713", D(2026, 2, 26))]


def test_meeting_plan_selects_by_body_and_dates() -> None:
    plan = MeetingPlan.of(
        [Meeting("kb", D(2026, 3, 26), T(17)), Meeting("oeu", D(2026, 3, 19), T(16))]
    )
    assert [m.body for m in plan.meetings] == ["oeu", "kb"]
    assert plan.select(body="kb", start=D(2026, 3, 20)) == plan.for_body("kb")
    assert plan.select(end=D(2026, 3, 19)) == plan.for_body("oeu")
    assert plan.bodies() == {"kb", "oeu"}


def test_a_meeting_starts_at_its_local_time_on_both_sides_of_the_change() -> None:
    zone = CAL.zone
    assert zone is not None
    march = Meeting("kb", D(2026, 3, 26), T(17)).starts_at(zone)
    april = Meeting("kb", D(2026, 4, 30), T(17)).starts_at(zone)
    assert (march.hour, april.hour) == (17, 17)
    assert march.astimezone(dt.UTC).hour == 16
    assert april.astimezone(dt.UTC).hour == 15


# --- Eksempel Kommune's plans ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(config: Configuration) -> MeetingPlan:
    return load_calendar_configuration(CONFIG_DIR, config.municipality).meetings


def test_example_council_meets_on_the_adopted_days(example: MeetingPlan) -> None:
    kb_2026 = [m.date for m in example.select(body="kb", end=D(2026, 12, 31))]
    assert kb_2026 == [
        D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 26), D(2026, 4, 30), D(2026, 5, 28),
        D(2026, 6, 25), D(2026, 8, 27), D(2026, 9, 24), D(2026, 10, 15), D(2026, 10, 29),
        D(2026, 11, 26), D(2026, 12, 17),
    ]  # fmt: skip
    march_2027 = example.select(body="kb", start=D(2027, 3, 1), end=D(2027, 3, 31))
    assert [(m.date, m.source) for m in march_2027] == [(D(2027, 3, 24), MeetingSource.SHIFTED)]


def test_example_plans_keep_every_rule(example: MeetingPlan) -> None:
    assert len(example.meetings) == 189
    assert not [m for m in example.meetings if m.date.month == 7]
    assert all(CAL.is_hverdag(m.date) for m in example.meetings)
    budget = example.select(body="kb", start=D(2027, 9, 1), end=D(2027, 10, 31))
    assert [(m.date, m.kind) for m in budget] == [
        (D(2027, 9, 23), MeetingKind.ORDINARY),
        (D(2027, 10, 14), MeetingKind.EXTRA),
        (D(2027, 10, 28), MeetingKind.ORDINARY),
    ]
    assert (budget[1].date - budget[0].date).days >= 21  # KSL § 38: three weeks apart


def test_proposal_for_a_year_without_a_file_uses_the_latest_rules(config: Configuration) -> None:
    proposal = propose_year(CONFIG_DIR, 2028, config.municipality)
    assert proposal.based_on == "config/meetings/eksempel-2027.yaml"
    assert not proposal.configured
    assert proposal.findings == ()
    kb = [m.date for m in proposal.meetings if m.body == "kb"]
    assert kb[-1] == D(2028, 12, 21)
    assert D(2028, 5, 24) in kb  # Ascension 25 May 2028 → the Wednesday before


# --- config files with mistakes -------------------------------------------------------------


def edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    path = target / name
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return target


def findings_in(directory: Path, config: Configuration) -> list[Finding]:
    with pytest.raises(DefinitionError) as info:
        load_calendar_configuration(directory, config.municipality)
    return list(info.value.findings)


def line_of(directory: Path, name: str, text: str) -> int:
    lines = (directory / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_unknown_body_is_reported_with_its_line_and_a_suggestion(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(tmp_path, PLAN_2026, ("{body: tmu, follows", "{body: tmuu, follows"))
    (finding,) = findings_in(directory, config)
    assert finding.code == "CW710"
    assert finding.suggestion == "tmu"
    assert finding.location is not None
    assert finding.location.file == "config/meetings/eksempel-2026.yaml"
    assert finding.location.line == line_of(directory, PLAN_2026, "tmuu")
    assert "tmuu" in finding.message("en")


def test_holiday_break_and_missing_finance_meeting_in_one_run(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(
        tmp_path,
        PLAN_2026,
        (
            "meetings:\n",
            "meetings:\n"
            '  - {body: tmu, date: 2026-12-25, time: "10:00", kind: extra, note: Jul}\n'
            '  - {body: buu, date: 2026-07-15, time: "10:00", kind: extra, note: Sommer}\n'
            "  - {body: oeu, date: 2026-03-19, cancelled: true, note: Aflyst}\n",
        ),
    )
    findings = findings_in(directory, config)
    codes = [(f.code, f.location.line if f.location else None) for f in findings]
    assert codes == [
        ("CW713", line_of(directory, PLAN_2026, "ordinal: last")),
        ("CW711", line_of(directory, PLAN_2026, "2026-12-25")),
        ("CW712", line_of(directory, PLAN_2026, "2026-12-25")),
        ("CW712", line_of(directory, PLAN_2026, "2026-07-15")),
    ]
    assert "ØU" in findings[0].message("da") and "KB" in findings[0].message("da")


def test_schema_mistakes_use_the_shared_codes(tmp_path: Path, config: Configuration) -> None:
    directory = edited(
        tmp_path,
        PLAN_2026,
        ("weekday: thursday, ordinal: last", "weekday: thursdy, ordinal: last"),
        ('time: "16:30"}', 'time: "25:30"}'),
        ("{body: obu, weekday", "{body: obu, wekday: x, weekday"),
    )
    findings = findings_in(directory, config)
    assert sorted(f.code for f in findings) == ["CW102", "CW104", "CW104"]
    typo = next(f for f in findings if f.code == "CW104" and f.suggestion)
    assert typo.suggestion == "thursday"


def test_unquoted_times_are_read_as_times_not_base_60(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(
        tmp_path, PLAN_2026, ('weekday: tuesday, time: "16:30"', "weekday: tuesday, time: 16:30")
    )
    plan = load_calendar_configuration(directory, config.municipality).meetings
    assert {m.time for m in plan.for_body("sou")} == {T(16, 30)}


def test_two_plans_for_one_year_and_unknown_deadline_bodies(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(tmp_path, "calendar.yaml", ("  bodies:\n    oeu:", "  bodies:\n    oeuu:"))
    shutil.copy(directory / PLAN_2026, directory / "meetings" / "kopi-2026.yaml")
    findings = findings_in(directory, config)
    assert sorted((f.code, f.suggestion) for f in findings) == [("CW710", "oeu"), ("CW718", None)]


def test_calendar_file_is_optional(tmp_path: Path, config: Configuration) -> None:
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    (target / "calendar.yaml").unlink()
    loaded = load_calendar_configuration(target, config.municipality)
    assert not loaded.calendar.is_hverdag(D(2026, 12, 24))
    assert loaded.rules.for_body("kb").intake is None
