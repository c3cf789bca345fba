"""The delegation plan routes new cases, re-routes them when their attributes change, and the
secretariat can override the route with a reason that stays in the history."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from casework.app import App
from casework.domain.case import Case, last_decision, replay, route_source
from casework.domain.commands import AdvanceCase, ChangeAttributes, ChangeRoute, OpenCase
from casework.domain.errors import RouteChangeNotAllowed

LOCAL_PLAN = {"sagstype": "lokalplan", "politikomraade": "lokalplaner", "beloeb": "2000000"}


def _open(services: App, **values: object) -> Case:
    data: dict[str, object] = {
        "title": "Lokalplan 300",
        "actor": "aase",
        "attributes": dict(LOCAL_PLAN),
    }
    data.update(values)
    return services.open_case(OpenCase.model_validate(data))


def _bodies(case: Case) -> list[tuple[str, str]]:
    return [(e.body, e.role.value) for e in case.route]


def _set(services: App, case_id: str, actor: str = "aase", **attributes: object) -> Case:
    return services.change_attributes(
        ChangeAttributes(case_id=case_id, actor=actor, attributes=attributes)
    )


def test_a_case_without_a_route_is_routed_by_the_plan(memory_services: App) -> None:
    case = _open(memory_services)
    # A local plan follows the local-plan workflow: the plan's workflow table (issue 15).
    assert case.workflow_id == "lokalplan"
    assert _bodies(case) == [("bpu", "beslutter"), ("oeu", "orienteres")]
    _, events = memory_services.case(case.id)
    decision = last_decision(events)
    assert decision is not None
    assert decision["rule"] == "R19"
    assert decision["plan"] == {"id": "eksempel", "version": 1}
    assert route_source(events) == "plan"


def test_the_plan_picks_the_administrative_workflow(memory_services: App) -> None:
    case = _open(
        memory_services,
        title="Hjælpemidler",
        actor="lise",
        attributes={"sagstype": "afgoerelse_borger", "politikomraade": "handicap"},
    )
    assert case.workflow_id == "administrativ_beslutning"
    assert case.route == ()


def test_changed_attributes_re_route_the_case(memory_services: App) -> None:
    case = _open(memory_services)
    changed = _set(memory_services, case.id, principiel=True)
    assert _bodies(changed) == [("bpu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
    stored, events = memory_services.case(case.id)
    assert stored.state() == replay(events).state()
    assert last_decision(events)["rule"] == "R20"  # type: ignore[index]
    cleared = _set(memory_services, case.id, principiel=None)
    assert "principiel" not in cleared.attributes
    assert _bodies(cleared) == [("bpu", "beslutter"), ("oeu", "orienteres")]


def test_a_case_past_its_committee_keeps_its_route(memory_services: App) -> None:
    case = _open(memory_services, attributes={**LOCAL_PLAN, "principiel": True})
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("anbefal", "sofie"),
    ]:
        memory_services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    changed = _set(memory_services, case.id, principiel=False)
    # The plan now says BPU decides, but the case has already been recommended on to ØU.
    assert changed.step == "forslag@oeu"
    assert [b for b, _ in _bodies(changed)] == ["bpu", "oeu", "kb"]
    _, events = memory_services.case(case.id)
    kept = last_decision(events)
    assert kept is not None
    assert "kan ikke ændres" in kept["route_kept"]


def test_the_secretariat_overrides_the_route_with_a_reason(memory_services: App) -> None:
    case = _open(memory_services)
    route = [
        ("bpu", "indstiller"),
        ("oeu", "indstiller"),
        ("kb", "beslutter"),
        ("obu", "orienteres"),
    ]
    with pytest.raises(RouteChangeNotAllowed):
        memory_services.change_route(
            ChangeRoute(case_id=case.id, actor="aase", route=route, reason="Jeg vil have KB med")
        )
    with pytest.raises(ValidationError):
        ChangeRoute(case_id=case.id, actor="sofie", route=route, reason="")
    changed = memory_services.change_route(
        ChangeRoute(
            case_id=case.id, actor="sofie", route=route, reason="Borgmesteren ønsker sagen i KB"
        )
    )
    assert [b for b, _ in _bodies(changed)] == ["bpu", "oeu", "kb", "obu"]
    _, events = memory_services.case(case.id)
    assert events[-1].data["reason"] == "Borgmesteren ønsker sagen i KB"
    assert route_source(events) == "override"
    # After an override the plan no longer moves the route.
    assert [b for b, _ in _bodies(_set(memory_services, case.id, beloeb="100"))] == [
        "bpu",
        "oeu",
        "kb",
        "obu",
    ]


def test_a_route_given_at_opening_is_not_re_routed(memory_services: App) -> None:
    case = _open(
        memory_services,
        workflow="beslutningssag",
        route=[("bpu", "indstiller"), ("kb", "beslutter")],
    )
    assert route_source(memory_services.case(case.id)[1]) == "given"
    assert _bodies(_set(memory_services, case.id, principiel=True)) == [
        ("bpu", "indstiller"),
        ("kb", "beslutter"),
    ]


def test_route_change_cannot_drop_a_body_the_case_has_passed(memory_services: App) -> None:
    case = _open(memory_services, attributes={**LOCAL_PLAN, "principiel": True})
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("anbefal", "sofie"),
    ]:
        memory_services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    with pytest.raises(RouteChangeNotAllowed) as info:
        memory_services.change_route(
            ChangeRoute(
                case_id=case.id,
                actor="sofie",
                route=[("oeu", "indstiller"), ("kb", "beslutter")],
                reason="BPU skulle ikke have haft sagen",
            )
        )
    assert "bpu" in info.value.message("da")
