"""A route may meet a body more than once (issue 13, item 7): each pass is its own step, planned
onto its own meeting, kept in statistics; the first pass keeps its old name (``template@body``),
so stored cases and events stay valid, and later passes are ``template@body#2`` ….
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casework.adapters.config.meetings_loader import load_calendar_configuration
from casework.app import App
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidRoute
from casework.domain.planning import Planner, happy_path
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import (
    CaseGraph,
    Route,
    RouteEntry,
    RouteRole,
    concrete_id,
    split_step_id,
)

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
D = dt.date


def _route(config: Configuration, text: str, workflow: str = "beslutningssag") -> Route:
    return build_route(parse_route(text), config.workflows[workflow], config.municipality)


def _graph(config: Configuration, text: str, workflow: str = "beslutningssag") -> CaseGraph:
    return config.workflows[workflow].expand(_route(config, text, workflow))


def test_step_ids_name_the_pass_and_read_back() -> None:
    assert concrete_id("politisk_behandling", "kb") == "politisk_behandling@kb"
    assert concrete_id("politisk_behandling", "kb", 2) == "politisk_behandling@kb#2"
    assert concrete_id("kladde", None) == "kladde"
    assert split_step_id("politisk_behandling@kb#2") == ("politisk_behandling", "kb", 2)
    assert split_step_id("politisk_behandling@kb") == ("politisk_behandling", "kb", 1)
    assert split_step_id("kladde") == ("kladde", None, 1)
    # An imported body's key is its name and may hold a '#' of its own.
    assert split_step_id("behandling@Ausschuss #3a") == ("behandling", "Ausschuss #3a", 1)


def test_a_council_that_takes_a_case_back_expands_into_one_step_per_pass(
    config: Configuration,
) -> None:
    graph = _graph(config, "bpu,kb:indstiller,bpu,kb:beslutter")
    assert graph.route == (
        RouteEntry("bpu", RouteRole.RECOMMENDS),
        RouteEntry("kb", RouteRole.RECOMMENDS),
        RouteEntry("bpu", RouteRole.RECOMMENDS),
        RouteEntry("kb", RouteRole.DECIDES),
    )
    path = [n.id for n in happy_path(graph) if n.body is not None]
    assert path == [
        "politisk_behandling@bpu",
        "politisk_behandling@kb",
        "politisk_behandling@bpu#2",
        "politisk_behandling@kb#2",
    ]
    assert graph.actions("politisk_behandling@kb")["anbefal"].target == "politisk_behandling@bpu#2"
    assert graph.actions("politisk_behandling@kb#2")["godkend"].target == "ekspedition"
    # A postponement keeps the case at the same pass.
    assert graph.actions("politisk_behandling@bpu#2")["udsaet"].target == (
        "politisk_behandling@bpu#2"
    )
    second = graph.steps["politisk_behandling@bpu#2"]
    assert (second.body, second.position, second.visit) == ("bpu", 2, 2)
    assert graph.steps["politisk_behandling@bpu"].visit == 1


def test_the_first_pass_keeps_the_name_stored_cases_use(config: Configuration) -> None:
    once = _graph(config, "tmu,oeu,kb")
    twice = _graph(config, "tmu,oeu,kb:indstiller,tmu,kb:beslutter")
    assert set(once.steps) - {"politisk_behandling@kb"} <= set(twice.steps)
    assert "politisk_behandling@kb" in twice.steps  # now KB's first (recommending) pass


def test_first_and_second_reading_in_the_council(config: Configuration) -> None:
    # KSL § 2: the standing orders are adopted at two readings in the council.
    graph = _graph(config, "oeu,kb,kb")
    assert [e.role for e in graph.route] == [
        RouteRole.RECOMMENDS,
        RouteRole.RECOMMENDS,
        RouteRole.DECIDES,
    ]
    assert graph.actions("politisk_behandling@kb")["anbefal"].target == "politisk_behandling@kb#2"


def test_a_local_plan_meets_the_council_twice_per_template(config: Configuration) -> None:
    # Two templates (proposal, final adoption), each over a route that meets BPU twice.
    graph = _graph(config, "bpu,kb:indstiller,bpu,kb:beslutter", "lokalplan")
    meetings = [n.id for n in happy_path(graph) if n.body is not None]
    assert meetings == [
        "forslag@bpu",
        "forslag@kb",
        "forslag@bpu#2",
        "forslag@kb#2",
        "endelig_vedtagelse@bpu",
        "endelig_vedtagelse@kb",
        "endelig_vedtagelse@bpu#2",
        "endelig_vedtagelse@kb#2",
    ]


@pytest.mark.parametrize(
    ("route", "fragment"),
    [
        ("bpu:indstiller,bpu:indstiller,kb", "'bpu' står to gange i træk som indstiller"),
        ("bpu,kb:beslutter,bpu,kb:beslutter", "præcis ét besluttende"),
        ("bpu,kb:beslutter,bpu:indstiller", "før det besluttende"),
    ],
)
def test_repeats_that_make_no_sense_are_refused_with_a_reason(
    config: Configuration, route: str, fragment: str
) -> None:
    with pytest.raises(InvalidRoute) as info:
        _route(config, route)
    assert fragment in info.value.message("da")


def test_a_repeat_in_a_row_is_explained_in_english(config: Configuration) -> None:
    with pytest.raises(InvalidRoute) as info:
        _route(config, "bpu:indstiller,bpu:indstiller,kb")
    assert "'bpu' appears twice in a row as indstiller" in info.value.message("en")


def test_planning_puts_every_pass_on_its_own_later_meeting(config: Configuration) -> None:
    setup = load_calendar_configuration(CONFIG_DIR, config.municipality)
    planner = Planner(setup.calendar, setup.meetings, setup.rules)
    # The budget's shape: ØU, KB's first reading, ØU again, KB's second reading.
    route = _route(config, "oeu,kb:indstiller,oeu,kb:beslutter")
    plan = planner.plan(config.workflows["beslutningssag"], route, D(2026, 3, 2))
    assert [m.body for m in plan.meetings] == ["oeu", "kb", "oeu", "kb"]
    starts = [m.start for m in plan.meetings]
    assert starts == sorted(starts) and len(set(starts)) == 4
    meeting_rows = [s for s in plan.steps if s.meeting is not None and s.kind == "meeting"]
    assert [s.step for s in meeting_rows] == [
        "politisk_behandling@oeu",
        "politisk_behandling@kb",
        "politisk_behandling@oeu#2",
        "politisk_behandling@kb#2",
    ]
    assert plan.due("politisk_behandling@kb#2#agenda") is not None
    # Each pass at its own meeting: the second KB pass after ØU's second.
    assert plan.meetings[3].date > plan.meetings[2].date > plan.meetings[1].date


def test_the_mined_map_tells_the_passes_apart_and_allows_the_way_back(
    config: Configuration,
) -> None:
    from casework.diagrams.mined import Level, Trace, mine, mined_figure

    route = _route(config, "oeu,kb:indstiller,oeu,kb:beslutter")
    visits = [
        ("kvalitetssikring", "2026-03-02T09:00:00.000000Z"),
        ("politisk_behandling@oeu", "2026-03-03T09:00:00.000000Z"),
        ("politisk_behandling@kb", "2026-03-19T09:00:00.000000Z"),
        ("politisk_behandling@oeu#2", "2026-03-26T09:00:00.000000Z"),
        ("politisk_behandling@kb#2", "2026-04-16T09:00:00.000000Z"),
    ]
    trace = Trace("2026-0001", "beslutningssag", route, tuple(visits))
    mined = mine([trace], config.workflows, level=Level.CONCRETE)
    back = mined.flow("politisk_behandling@kb", "politisk_behandling@oeu#2")
    assert back.count == 1 and back.deviations == 0  # the route allows the way back
    figure = mined_figure(mined, config.workflows, config.municipality)
    assert "KB (2. behandling)" in figure.dot and "ØU (2. behandling)" in figure.dot
    # At the template level the passes fold into one step, as every other body does.
    folded = mine([trace], config.workflows, level=Level.TEMPLATE)
    loop = folded.flow("politisk_behandling", "politisk_behandling")
    assert loop.count == 3 and loop.deviations == 0


def test_the_board_and_the_case_row_mark_the_pass_the_case_is_at(memory_services: App) -> None:
    from casework.domain.commands import AdvanceCase, OpenCase

    case = memory_services.open_case(OpenCase(
        title="Budget 2027", actor="mette", workflow="beslutningssag",
        route=[("oeu", "indstiller"), ("kb", "indstiller"), ("oeu", "indstiller"),
               ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    ))  # fmt: skip
    steps = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
             ("godkend", "sofie"), ("anbefal", "sofie"), ("anbefal", "sofie")]  # fmt: skip
    for action, actor in steps:
        case = memory_services.advance(
            AdvanceCase(case_id=case.id, action=action, actor=actor)
        ).case
    assert case.step == "politisk_behandling@oeu#2"
    row = memory_services.views.row(case, "da")
    assert [s.current for s in row.route] == [False, False, True, False]
    assert row.step_label == "Politisk behandling – ØU (2. behandling)"
    [board_row] = [r for r in memory_services.board("da", limit=None).rows if r.id == case.id]
    assert [s.current for s in board_row.route] == [False, False, True, False]
    assert board_row.step_label == "Politisk behandling – ØU (2. behandling)"


def test_a_second_reading_is_planned_for_the_bodys_next_meeting(config: Configuration) -> None:
    # KB's "within 14 days of the previous body" keeps ØU in KB's cycle; it does not bind the
    # second reading, which is KB's next meeting (KB meets monthly).
    setup = load_calendar_configuration(CONFIG_DIR, config.municipality)
    planner = Planner(setup.calendar, setup.meetings, setup.rules)
    plan = planner.plan(
        config.workflows["beslutningssag"], _route(config, "oeu,kb,kb"), D(2026, 3, 2)
    )
    assert [(m.body, m.date) for m in plan.meetings] == [
        ("oeu", D(2026, 4, 23)),
        ("kb", D(2026, 4, 30)),
        ("kb", D(2026, 5, 28)),
    ]


def test_a_route_change_keeps_every_pass_the_case_has_had(memory_services: App) -> None:
    from casework.domain.commands import AdvanceCase, ChangeRoute, OpenCase
    from casework.domain.errors import RouteChangeNotAllowed

    case = memory_services.open_case(OpenCase(
        title="Budget 2027", actor="mette", workflow="beslutningssag",
        route=[("oeu", "indstiller"), ("kb", "indstiller"), ("oeu", "indstiller"),
               ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    ))  # fmt: skip
    steps = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
             ("godkend", "sofie"), ("anbefal", "sofie"), ("anbefal", "sofie"),
             ("anbefal", "sofie")]  # fmt: skip
    for action, actor in steps:
        memory_services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    before = memory_services.history(case.id)
    with pytest.raises(RouteChangeNotAllowed) as info:
        memory_services.change_route(ChangeRoute(
            case_id=case.id, actor="sofie", reason="ØU behøver ikke se den igen",
            route=[("oeu", "indstiller"), ("kb", "indstiller"), ("kb", "beslutter")],
        ))  # fmt: skip
    assert "oeu (2. behandling)" in info.value.message("da")
    assert "pass 2 at oeu" in info.value.message("en")
    assert memory_services.history(case.id) == before
