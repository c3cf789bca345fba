"""The discussing body has its own role (drøfter), through the workflow and the delegation plan."""

from __future__ import annotations

import pytest

from casework.app import App
from casework.diagrams import to_dot, to_mermaid, workflow_diagram
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidRoute
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import RouteEntry, RouteRole


def test_a_bare_body_of_a_discussion_case_discusses(config: Configuration) -> None:
    definition = config.workflow("droeftelsessag")
    route = build_route(parse_route("tmu"), definition, config.municipality)
    assert route == (RouteEntry("tmu", RouteRole.DISCUSSES),)
    # The Danish spelling is accepted as typed.
    assert build_route(parse_route("tmu:drøfter"), definition, config.municipality) == route


def test_a_bare_route_still_ends_with_the_deciding_body(config: Configuration) -> None:
    definition = config.workflow("beslutningssag")
    route = build_route(parse_route("tmu,oeu,kb"), definition, config.municipality)
    assert [e.role for e in route] == [
        RouteRole.RECOMMENDS,
        RouteRole.RECOMMENDS,
        RouteRole.DECIDES,
    ]
    # A decision case has no discussing body.
    with pytest.raises(InvalidRoute):
        build_route(parse_route("tmu:droefter,kb"), definition, config.municipality)


def test_discussion_case_without_route_is_routed_by_the_plan(memory_services: App) -> None:
    """The known bug: ``--workflow droeftelsessag`` without ``--route`` or ``sagstype`` failed."""
    case = memory_services.open_case(
        OpenCase(
            workflow="droeftelsessag",
            title="Temadrøftelse: fremtidens bymidte",
            actor="mette",
            attributes={"politikomraade": "veje"},
        )
    )
    assert case.workflow_id == "droeftelsessag"
    assert case.route == (RouteEntry("tmu", RouteRole.DISCUSSES),)
    assert case.attributes["sagstype"] == "droeftelse"
    view = memory_services.case_view(case.id, "da")
    assert [(s.short, s.role_text) for s in view.row.route] == [("TMU", "drøfter")]
    assert view.as_json()["route"] == [
        {"body": "tmu", "role": "droefter", "name": "Teknik- og Miljøudvalget"}
    ]


def test_the_plan_says_the_committee_discusses(config: Configuration) -> None:
    rule = next(r for r in config.delegation[0].rules if r.id == "R41")
    assert rule.outcome.discusses == ("$fagudvalg",)
    assert rule.outcome.informed == ()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_diagram_draws_the_discussing_role(config: Configuration, lang: str) -> None:
    definition = config.workflow("droeftelsessag")
    route = build_route(parse_route("tmu"), definition, config.municipality)
    diagram = workflow_diagram(definition, config.municipality, route, lang=lang)
    word = "drøfter" if lang == "da" else "discusses"
    assert word in to_dot(diagram)
    assert word in to_mermaid(diagram)
    assert "orienteres" not in to_dot(diagram)
