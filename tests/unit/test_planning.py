"""Backward planning: the earliest chain of meetings, every step's due date, and why earlier
meetings were out of reach; checked on Eksempel Kommune's plans and, as a property, against a
brute-force search over every chain of small random calendars.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casework.adapters.calendar import build_calendar
from casework.adapters.config.meetings_loader import load_calendar_configuration
from casework.domain.configuration import Configuration
from casework.domain.meetings import Meeting, MeetingKind, MeetingPlan
from casework.domain.planning import (
    BodyRules,
    CalendarConfiguration,
    CasePlan,
    NoFeasibleChain,
    NoMeetings,
    Planner,
    PlanningRules,
    UnknownPlanStep,
    happy_path,
    plan_case,
)
from casework.domain.routes import build_route, parse_route
from casework.domain.workdays import DeadlineSpec, WorkCalendar
from casework.domain.workflow import (
    NEXT_BODY,
    DeadlineRule,
    Route,
    RouteEntry,
    RouteRole,
    Step,
    StepKind,
    Transition,
    WorkflowDefinition,
)

D = dt.date
T = dt.time
CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def calendar_config(config: Configuration) -> CalendarConfiguration:
    return load_calendar_configuration(CONFIG_DIR, config.municipality)


@pytest.fixture(scope="module")
def planner(config: Configuration, calendar_config: CalendarConfiguration) -> Planner:
    names = {b.id: b.short for b in config.municipality.bodies.values()}
    return Planner(
        calendar_config.calendar, calendar_config.meetings, calendar_config.rules, names=names
    )


def route(config: Configuration, text: str, workflow: str = "beslutningssag") -> Route:
    return build_route(parse_route(text), config.workflows[workflow], config.municipality)


def rows(plan: CasePlan) -> list[tuple[str, dt.date | None, dt.date]]:
    return [(s.step, s.start, s.due) for s in plan.steps]


# --- Eksempel Kommune --------------------------------------------------------------------------


def test_committee_finance_council_case_ready_on_2_march(
    config: Configuration, planner: Planner
) -> None:
    plan = planner.plan(
        config.workflows["beslutningssag"], route(config, "tmu,oeu,kb"), D(2026, 3, 2)
    )
    assert [(m.body, m.date) for m in plan.meetings] == [
        ("tmu", D(2026, 5, 11)),
        ("oeu", D(2026, 5, 21)),
        ("kb", D(2026, 5, 28)),
    ]
    assert rows(plan) == [
        # Backwards from the intake, 12 hverdage before TMU (1 May is a hverdag; Easter is not).
        ("kladde", D(2026, 3, 25), D(2026, 4, 13)),
        ("centerchef_godkendelse", D(2026, 4, 13), D(2026, 4, 16)),
        ("direktoer_godkendelse", D(2026, 4, 16), D(2026, 4, 21)),
        ("kvalitetssikring", D(2026, 4, 21), D(2026, 4, 23)),
        ("politisk_behandling@tmu#agenda", None, D(2026, 5, 5)),
        ("politisk_behandling@tmu", D(2026, 4, 23), D(2026, 5, 11)),
        ("politisk_behandling@oeu#agenda", None, D(2026, 5, 15)),  # Ascension, then the weekend
        ("politisk_behandling@oeu", D(2026, 5, 11), D(2026, 5, 21)),
        ("politisk_behandling@kb#agenda", None, D(2026, 5, 21)),  # Whit Monday in between
        ("politisk_behandling@kb", D(2026, 5, 21), D(2026, 5, 28)),
        ("ekspedition", D(2026, 5, 28), D(2026, 6, 12)),  # past Grundlovsdag
    ]
    assert plan.slack == 17
    kb = plan.due("politisk_behandling@kb")
    assert kb is not None and kb.due_time == T(17, 0)
    agenda = plan.due("politisk_behandling@kb#agenda")
    assert agenda is not None and agenda.due_time == T(12, 0)  # the calendar's cut-off hour


def test_earlier_meetings_are_explained_in_danish_and_english(
    config: Configuration, planner: Planner
) -> None:
    plan = planner.plan(
        config.workflows["beslutningssag"], route(config, "tmu,oeu,kb"), D(2026, 3, 2)
    )
    assert [(r.body, r.meeting.date, r.reason) for r in plan.rejections] == [
        ("tmu", D(2026, 3, 9), "late"),
        ("tmu", D(2026, 4, 13), "late"),
        ("oeu", D(2026, 3, 19), "previous_later"),
        ("oeu", D(2026, 4, 23), "previous_later"),
        ("kb", D(2026, 3, 26), "previous_later"),
        ("kb", D(2026, 4, 30), "previous_later"),
    ]
    april = plan.rejections[1]
    assert april.message("da") == (
        "TMU man 2026-04-13: sagen skulle være hos sekretariatet senest man 2026-03-23 og "
        "dermed påbegyndes senest ons 2026-02-25, men den er først klar man 2026-03-02"
    )
    assert april.message("en").startswith("TMU Mon 2026-04-13: the case had to be with")
    assert plan.rejections[-1].message("en") == (
        "KB Thu 2026-04-30: the case can reach ØU on Thu 2026-05-21 at the earliest"
    )


def test_finance_and_council_cases_use_their_longer_intake(
    config: Configuration, planner: Planner
) -> None:
    plan = planner.plan(config.workflows["beslutningssag"], route(config, "oeu,kb"), D(2026, 3, 2))
    assert [(m.body, m.date) for m in plan.meetings] == [
        ("oeu", D(2026, 4, 23)),
        ("kb", D(2026, 4, 30)),
    ]
    intake = plan.due("politisk_behandling@oeu")
    assert intake is not None and intake.start == D(2026, 3, 30)  # 15 hverdage before 23 April
    assert intake.spec is not None and intake.spec.amount == 15


def test_a_case_already_at_a_meeting_step_plans_only_the_rest(
    config: Configuration, planner: Planner
) -> None:
    plan = planner.plan(
        config.workflows["beslutningssag"],
        route(config, "tmu,oeu,kb"),
        D(2026, 5, 12),
        from_step="politisk_behandling@oeu",
    )
    assert [(m.body, m.date) for m in plan.meetings] == [
        ("oeu", D(2026, 5, 21)),
        ("kb", D(2026, 5, 28)),
    ]
    assert plan.steps[0].step == "politisk_behandling@oeu#agenda"


def test_a_case_midway_needs_only_the_remaining_steps(
    config: Configuration, planner: Planner
) -> None:
    plan = planner.plan(
        config.workflows["beslutningssag"],
        route(config, "tmu,oeu,kb"),
        D(2026, 4, 16),
        from_step="direktoer_godkendelse",
    )
    assert plan.steps[0].step == "direktoer_godkendelse"
    assert plan.meetings[0].date == D(2026, 5, 11)
    assert plan.slack == 0


def test_the_budget_extra_meetings_are_skipped_unless_asked_for(
    config: Configuration, calendar_config: CalendarConfiguration
) -> None:
    definition = config.workflows["beslutningssag"]
    council = route(config, "kb")
    ready, at_council = D(2026, 10, 1), "politisk_behandling@kb"

    def plan(include_extra: bool) -> CasePlan:
        return plan_case(
            definition,
            council,
            ready,
            calendar_config.meetings,
            calendar_config.calendar,
            rules=calendar_config.rules,
            from_step=at_council,
            include_extra=include_extra,
        )

    normal = plan(False)
    assert [m.date for m in normal.meetings] == [D(2026, 10, 29)]
    assert [(r.meeting.date, r.reason) for r in normal.rejections] == [(D(2026, 10, 15), "extra")]
    assert "2. behandling af budget 2027" in normal.rejections[0].message("da")
    assert [m.date for m in plan(True).meetings] == [D(2026, 10, 15)]


def test_a_full_meeting_moves_the_case_to_the_next_cycle(
    config: Configuration, planner: Planner
) -> None:
    definition = config.workflows["beslutningssag"]
    booked = {("oeu", D(2026, 5, 21)): 40}
    plan = planner.plan(definition, route(config, "tmu,oeu,kb"), D(2026, 3, 2), booked=booked)
    assert [(m.body, m.date) for m in plan.meetings] == [
        ("tmu", D(2026, 5, 11)),
        ("oeu", D(2026, 6, 18)),
        ("kb", D(2026, 6, 25)),
    ]
    why = {(r.body, r.meeting.date): r.reason for r in plan.rejections}
    assert why[("oeu", D(2026, 5, 21))] == "full"
    assert why[("kb", D(2026, 5, 28))] == "previous_later"


def test_booking_counts_meetings_for_the_next_case(config: Configuration, planner: Planner) -> None:
    definition = config.workflows["beslutningssag"]
    chosen = route(config, "tmu,oeu,kb")
    booked: dict[tuple[str, dt.date], int] = {}
    dates = []
    for _ in range(30):
        plan = planner.plan(definition, chosen, D(2026, 3, 2), booked=booked)
        Planner.book(plan, booked)
        dates.append(plan.meetings[0].date)
    assert dates.count(D(2026, 5, 11)) == 25  # committee capacity in calendar.yaml
    assert dates[25:] == [D(2026, 6, 8)] * 5


def test_information_case_and_a_route_without_meetings(
    config: Configuration, planner: Planner
) -> None:
    info = planner.plan(
        config.workflows["orienteringssag"],
        route(config, "tmu:orienteres", "orienteringssag"),
        D(2026, 3, 2),
    )
    assert [m.date for m in info.meetings] == [D(2026, 4, 13)]
    admin = config.workflows["administrativ_beslutning"]
    plan = planner.plan(admin, (), D(2026, 3, 2))
    assert plan.meetings == ()
    assert plan.steps[0].start == D(2026, 3, 2)
    assert plan.steps[0].due == D(2026, 3, 16)  # 10 hverdage after


def test_nothing_fits_when_the_plan_runs_out(config: Configuration, planner: Planner) -> None:
    definition = config.workflows["beslutningssag"]
    with pytest.raises(NoFeasibleChain) as info:
        planner.plan(definition, route(config, "tmu,oeu,kb"), D(2027, 11, 1))
    assert info.value.code == "CW702"
    assert info.value.rejections
    assert "2027-12" in info.value.message("en")
    with pytest.raises(NoMeetings) as none:
        planner.plan(definition, route(config, "tmu,oeu,kb"), D(2028, 1, 3))
    assert none.value.code == "CW704"


def test_unknown_step_gets_a_suggestion(config: Configuration, planner: Planner) -> None:
    with pytest.raises(UnknownPlanStep) as info:
        planner.plan(
            config.workflows["beslutningssag"],
            route(config, "kb"),
            D(2026, 3, 2),
            from_step="kvalitetsikring",
        )
    assert info.value.suggestion == "kvalitetssikring"


def test_happy_path_follows_the_first_forward_action(config: Configuration) -> None:
    graph = config.workflows["beslutningssag"].expand(route(config, "bpu,oeu,kb"))
    assert [n.id for n in happy_path(graph)] == [
        "kladde",
        "centerchef_godkendelse",
        "direktoer_godkendelse",
        "kvalitetssikring",
        "politisk_behandling@bpu",
        "politisk_behandling@oeu",
        "politisk_behandling@kb",
        "ekspedition",
        "afsluttet",
    ]


def test_json_has_stable_keys(config: Configuration, planner: Planner) -> None:
    plan = planner.plan(
        config.workflows["beslutningssag"], route(config, "tmu,oeu,kb"), D(2026, 3, 2)
    )
    data = plan.as_json("en")
    assert set(data) == {
        "workflow",
        "ready",
        "slack_working_days",
        "meetings",
        "steps",
        "not_earlier",
    }
    assert data["steps"][0] == {
        "step": "kladde",
        "title": "Case officer drafts the item",
        "kind": "task",
        "role": "sagsbehandler",
        "body": None,
        "start": "2026-03-25",
        "due": "2026-04-13",
        "due_time": None,
        "statutory": False,
        "basis": "Lokal praksis",
    }
    assert data["not_earlier"][0]["reason"] == "late"


# --- the property: against every chain of a small calendar --------------------------------------

SMALL = build_calendar(2026, 2026)
BODIES = ("a", "b", "c")


def small_workflow(draft: int, intake: int) -> WorkflowDefinition:
    """Draft → one meeting step per body of the route → done."""
    roles = frozenset({RouteRole.RECOMMENDS, RouteRole.DECIDES})
    steps = {
        "draft": Step(
            "draft", "Kladde", "sagsbehandler", StepKind.TASK, start=True,
            deadline=DeadlineRule(draft, "hverdage", "entry"),
        ),
        "meeting": Step(
            "meeting", "Møde", "sekretariat", StepKind.MEETING, route_roles=roles,
            continues_to="done", deadline=DeadlineRule(intake, "hverdage", "meeting"),
        ),
        "done": Step("done", "Færdig", "sagsbehandler", StepKind.TERMINAL),
    }  # fmt: skip
    transitions = (
        Transition("submit", "draft", "meeting", frozenset({"sagsbehandler"})),
        Transition("decide", "meeting", NEXT_BODY, frozenset({"sekretariat"})),
    )
    return WorkflowDefinition("small", 1, "Lille", steps, transitions)


def naive_back(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_hverdag(day):
            n -= 1
    return day


def chain_ok(
    chain: Sequence[Meeting],
    *,
    ready: dt.date,
    draft: int,
    intake: int,
    after: Sequence[int | None],
    within: Sequence[int | None],
    capacity: dict[tuple[str, dt.date], int],
    booked: dict[tuple[str, dt.date], int],
) -> bool:
    """Every rule, checked from its definition with day-by-day counting."""
    usable = all(
        m.kind is MeetingKind.ORDINARY and booked.get(m.key, 0) < capacity.get(m.key, 10**6)
        for m in chain
    )
    first = chain[0]
    in_time = naive_back(SMALL, naive_back(SMALL, first.date, intake), draft) >= ready
    pairs = list(zip(chain[:-1], chain[1:], after[1:], within[1:], strict=True))
    ordered = all(p.start < m.start for p, m, _, _ in pairs)
    lead = all(gap is None or p.date <= naive_back(SMALL, m.date, gap) for p, m, gap, _ in pairs)
    near = all(lim is None or p.date >= naive_back(SMALL, m.date, lim) for p, m, _, lim in pairs)
    return usable and in_time and ordered and lead and near


def hverdage(amount: int | None) -> DeadlineSpec | None:
    return DeadlineSpec(amount) if amount is not None else None


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    length = draw(st.integers(min_value=1, max_value=3))
    bodies = BODIES[:length]
    start = D(2026, 3, 2)
    days = SMALL.hverdage_between(start, start + dt.timedelta(days=70))
    meetings = []
    for body in bodies:
        for day in draw(st.lists(st.sampled_from(days), min_size=1, max_size=9, unique=True)):
            kind = draw(st.sampled_from([MeetingKind.ORDINARY] * 4 + [MeetingKind.EXTRA]))
            hour = draw(st.sampled_from([9, 16, 17]))
            meetings.append(Meeting(body, day, T(hour), kind))
    capacity = {m.key: draw(st.integers(1, 2)) for m in meetings if draw(st.integers(0, 3)) == 0}
    booked = {k: draw(st.integers(0, 2)) for k in capacity}
    return {
        "bodies": bodies,
        "meetings": meetings,
        "ready": start + dt.timedelta(days=draw(st.integers(0, 15))),
        "draft": draw(st.integers(0, 4)),
        "intake": draw(st.integers(0, 4)),
        "after": [None] + [draw(st.one_of(st.none(), st.integers(0, 5))) for _ in bodies[1:]],
        "within": [None] + [draw(st.one_of(st.none(), st.integers(3, 20))) for _ in bodies[1:]],
        "capacity": capacity,
        "booked": booked,
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_planned_chain_is_the_earliest_feasible_one(case: dict[str, object]) -> None:
    bodies: tuple[str, ...] = case["bodies"]  # type: ignore[assignment]
    meetings: list[Meeting] = case["meetings"]  # type: ignore[assignment]
    after: list[int | None] = case["after"]  # type: ignore[assignment]
    within: list[int | None] = case["within"]  # type: ignore[assignment]
    capacity: dict[tuple[str, dt.date], int] = case["capacity"]  # type: ignore[assignment]
    booked: dict[tuple[str, dt.date], int] = case["booked"]  # type: ignore[assignment]
    ready: dt.date = case["ready"]  # type: ignore[assignment]
    draft: int = case["draft"]  # type: ignore[assignment]
    intake: int = case["intake"]  # type: ignore[assignment]
    meetings = [
        Meeting(m.body, m.date, m.time, m.kind, capacity=capacity.get(m.key)) for m in meetings
    ]
    rules = PlanningRules(
        bodies={
            body: BodyRules(after_previous=hverdage(after[i]), within=hverdage(within[i]))
            for i, body in enumerate(bodies)
        }
    )
    definition = small_workflow(draft, intake)
    chosen_route = tuple(
        RouteEntry(b, RouteRole.DECIDES if i == len(bodies) - 1 else RouteRole.RECOMMENDS)
        for i, b in enumerate(bodies)
    )
    plan_meetings = MeetingPlan.of(meetings)
    per_body = [plan_meetings.for_body(b) for b in bodies]
    rules_of_chain = {"ready": ready, "draft": draft, "intake": intake, "after": after,
                      "within": within, "capacity": capacity, "booked": booked}  # fmt: skip
    feasible = [c for c in itertools.product(*per_body) if chain_ok(c, **rules_of_chain)]  # type: ignore[arg-type]
    best = min(feasible, key=lambda c: [m.start for m in reversed(c)], default=None)

    planner = Planner(SMALL, plan_meetings, rules)
    event(f"{len(bodies)} bodies, {'a chain fits' if best else 'nothing fits'}")
    if best is None:
        with pytest.raises(NoFeasibleChain):
            planner.plan(definition, chosen_route, ready, booked=booked)
        return
    plan = planner.plan(definition, chosen_route, ready, booked=booked)
    assert plan.meetings == best
    assert chain_ok(plan.meetings, **rules_of_chain)  # type: ignore[arg-type]
    # The rows chain up: the draft can start on the ready date, each step is due when the next
    # must begin, the intake is a hverdag before the first meeting, meetings are due on their day.
    draft_row, *meeting_rows = plan.steps
    assert draft_row.start is not None and ready <= draft_row.start <= draft_row.due
    assert draft_row.due == meeting_rows[0].start
    intake_day = meeting_rows[0].start
    assert intake_day is not None and SMALL.is_hverdag(intake_day)
    assert intake_day <= plan.meetings[0].date
    assert [r.due for r in meeting_rows] == [m.date for m in plan.meetings]
    # Every meeting before a chosen one (from the ready date) is explained.
    explained = {(r.body, r.meeting.date) for r in plan.rejections}
    for body, meeting in zip(bodies, plan.meetings, strict=True):
        earlier = {
            (body, m.date)
            for m in plan_meetings.for_body(body)
            if ready <= m.date and m.start < meeting.start
        }
        assert earlier <= explained
