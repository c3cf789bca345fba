"""The mined map tells workflows and forwarding apart, and agrees with the workflows (issue 19,
item 4): steps of different workflows that share an id are different nodes; a template step's
loop says how many moves went on to the next body and how many were the same body again; and a
history generated from a workflow's own graph has no deviations (a property test).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.diagrams.mined import Level, Trace, mine, mined_figure, split_label
from casework.diagrams.route_kinds import typical_route
from casework.domain.configuration import Configuration
from casework.domain.routes import build_route, parse_route


def _instant(day: int) -> str:
    at = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _walk(config: Configuration, workflow: str, choices: list[int]) -> Trace:
    """A history that takes, at each step, the action ``choices`` picks (any kind)."""
    definition = config.workflows[workflow]
    route = typical_route(definition, config.municipality)
    graph = definition.expand(route)
    step = graph.start
    visits = [(step, _instant(0))]
    for day, choice in enumerate(choices, start=1):
        actions = sorted(graph.outgoing.get(step, {}).values(), key=lambda t: t.action)
        if not actions:
            break
        step = actions[choice % len(actions)].target
        visits.append((step, _instant(day)))
    return Trace(f"{workflow}-case", workflow, route, visits)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    workflow=st.sampled_from(
        [
            "administrativ_beslutning",
            "beslutningssag",
            "droeftelsessag",
            "lokalplan",
            "medlemsforslag",
            "orienteringssag",
        ]
    ),
    choices=st.lists(st.integers(min_value=0, max_value=50), max_size=40),
    level=st.sampled_from([Level.TEMPLATE, Level.CONCRETE]),
)
def test_a_history_the_workflow_allows_has_no_deviations(
    config: Configuration, workflow: str, choices: list[int], level: Level
) -> None:
    mined = mine([_walk(config, workflow, choices)], config.workflows, level=level)
    assert [(f.source, f.target) for f in mined.flows if f.deviations] == []


def test_forwarding_to_the_next_body_is_not_a_postponement(config: Configuration) -> None:
    definition = config.workflow("beslutningssag")
    route = build_route(parse_route("tmu,oeu,kb"), definition, config.municipality)
    visits = [
        ("kvalitetssikring", _instant(0)),
        ("politisk_behandling@tmu", _instant(1)),
        ("politisk_behandling@tmu", _instant(8)),  # postponed once at TMU
        ("politisk_behandling@oeu", _instant(15)),  # on to ØU
        ("politisk_behandling@kb", _instant(22)),  # on to KB
    ]
    mined = mine([Trace("c", "beslutningssag", route, visits)], config.workflows)
    loop = mined.flow("politisk_behandling", "politisk_behandling")
    assert (loop.count, loop.forwarded) == (3, 2)
    dot = mined_figure(mined, config.workflows, config.municipality, "da").dot
    assert "→ videre til næste organ: 2 ×" in dot and "↻ samme organ igen: 1 ×" in dot
    english = mined_figure(mined, config.workflows, config.municipality, "en").mermaid
    assert "→ on to the next body: 2 ×" in english and "↻ same body again: 1 ×" in english


def test_steps_of_different_workflows_are_told_apart(config: Configuration) -> None:
    traces = [_walk(config, "beslutningssag", [0] * 3), _walk(config, "lokalplan", [0] * 3)]
    mined = mine(traces, config.workflows)
    owners = {split_label(a.id)[0] for a in mined.activities}
    assert owners == {"beslutningssag", "lokalplan"}
    # Both workflows start with "kladde"; the map has one node for each, titled by workflow.
    assert {a.id for a in mined.activities} >= {"beslutningssag/kladde", "lokalplan/kladde"}
    dot = mined_figure(mined, config.workflows, config.municipality, "da").dot
    assert "Beslutningssag: " in dot and "Lokalplan: " in dot
    # One workflow: plain step ids, as before.
    alone = mine(traces[:1], config.workflows)
    assert all(split_label(a.id)[0] is None for a in alone.activities)
