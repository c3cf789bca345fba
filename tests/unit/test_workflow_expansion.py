"""Meeting steps expand once per body of the route; empty templates are skipped."""

from __future__ import annotations

import pytest

from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidRoute
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import CaseGraph


def _graph(config: Configuration, workflow: str, route: str) -> CaseGraph:
    definition = config.workflow(workflow)
    return definition.expand(build_route(parse_route(route), definition, config.municipality))


def test_council_case_passes_committee_then_finance_committee_then_council(
    config: Configuration,
) -> None:
    graph = _graph(config, "beslutningssag", "tmu,oeu,kb")
    assert graph.actions("politisk_behandling@tmu")["anbefal"].target == "politisk_behandling@oeu"
    assert graph.actions("politisk_behandling@oeu")["anbefal"].target == "politisk_behandling@kb"
    assert graph.actions("politisk_behandling@kb")["godkend"].target == "ekspedition"
    # A recommending body cannot decide, and the deciding body does not recommend.
    assert "godkend" not in graph.actions("politisk_behandling@tmu")
    assert "anbefal" not in graph.actions("politisk_behandling@kb")
    assert graph.actions("politisk_behandling@oeu")["udsaet"].target == "politisk_behandling@oeu"
    assert graph.actions("kvalitetssikring")["godkend"].target == "politisk_behandling@tmu"


def test_committee_deciding_alone_goes_straight_to_execution(config: Configuration) -> None:
    graph = _graph(config, "beslutningssag", "buu:beslutter")
    assert graph.actions("politisk_behandling@buu")["godkend"].target == "ekspedition"
    assert {s for s in graph.steps if "@" in s} == {"politisk_behandling@buu"}


def test_administrative_decision_without_bodies_skips_orientation(config: Configuration) -> None:
    graph = _graph(config, "administrativ_beslutning", "")
    assert graph.actions("ekspedition")["ekspeder"].target == "afsluttet"
    assert not any("@" in s for s in graph.steps)


def test_administrative_decision_informs_the_committee_afterwards(config: Configuration) -> None:
    graph = _graph(config, "administrativ_beslutning", "tmu:orienteres")
    assert graph.actions("ekspedition")["ekspeder"].target == "orientering@tmu"
    assert graph.actions("orientering@tmu")["tag_til_efterretning"].target == "afsluttet"


def test_concrete_graph_is_a_frozen_networkx_graph(config: Configuration) -> None:
    import networkx as nx

    graph = _graph(config, "beslutningssag", "tmu,oeu,kb").graph
    assert nx.is_frozen(graph)
    assert nx.has_path(graph, "kladde", "afsluttet")


@pytest.mark.parametrize(
    ("workflow", "route", "fragment"),
    [
        ("beslutningssag", "tmu,xyz", "xyz"),
        ("beslutningssag", "tmu:indstiller", "besluttende"),
        ("beslutningssag", "kb:beslutter,tmu:indstiller", "før det besluttende"),
        ("beslutningssag", "tmu:indstiller,tmu:indstiller,kb", "to gange i træk"),
        ("beslutningssag", "bpu,kb:beslutter,bpu,kb:beslutter", "præcis ét besluttende"),
        ("beslutningssag", "obu:beslutter", "rådgivende"),
        ("orienteringssag", "tmu:beslutter", "beslutter"),
        ("orienteringssag", "", "mindst 1"),
        ("beslutningssag", "tmu:formand", "formand"),
    ],
)
def test_invalid_routes_are_refused_with_a_reason(
    config: Configuration, workflow: str, route: str, fragment: str
) -> None:
    definition = config.workflow(workflow)
    with pytest.raises(InvalidRoute) as info:
        build_route(parse_route(route), definition, config.municipality)
    assert fragment in info.value.message("da")


def test_unknown_body_suggests_the_nearest(config: Configuration) -> None:
    definition = config.workflow("beslutningssag")
    with pytest.raises(InvalidRoute) as info:
        build_route([("tmuu", "beslutter")], definition, config.municipality)
    assert "Mente du 'tmu'?" in info.value.message("da")
    assert "Did you mean 'tmu'?" in info.value.message("en")
