"""The web app's authorisation policy: deny by default, roles within their scope (issue 8)."""

from __future__ import annotations

from typing import Any

import pytest

from casework.app import App
from casework.domain import access
from casework.domain.access import Permission
from casework.domain.case import Case
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration

ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]


def open_case(services: App, actor: str = "mette", **attrs: Any) -> Case:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Trafikplan for Østervej",
            actor=actor,
            route=ROUTE,
            attributes={"politikomraade": "veje", **attrs},
        )
    )


@pytest.mark.parametrize("person", [None, "", "ukendt"])
def test_nobody_and_unknown_people_are_denied_everything(
    config: Configuration, person: str | None
) -> None:
    municipality = config.municipality
    for permission in Permission:
        assert not access.allowed(municipality, person, permission)
    assert access.permissions(municipality, person) == frozenset()


def test_a_role_the_policy_does_not_know_gets_nothing(config: Configuration) -> None:
    policy = access.Policy(grants={Permission.VIEW_BOARD: frozenset({"sekretariat"})})
    municipality = config.municipality
    assert access.allowed(municipality, "sofie", Permission.VIEW_BOARD, policy=policy)
    assert not access.allowed(municipality, "sofie", Permission.RECORD_MINUTES, policy=policy)
    assert not access.allowed(municipality, "mette", Permission.VIEW_BOARD, policy=policy)


def test_a_case_officer_sees_cases_of_her_own_centre_only(memory_services: App) -> None:
    municipality = memory_services.config.municipality
    case = open_case(memory_services)  # mette, Center for Miljø og Teknik
    assert access.can_view_case(municipality, "mette", case)
    assert access.can_view_case(municipality, "jonas", case)  # same centre
    assert not access.can_view_case(municipality, "aase", case)  # Byplan og Byggeri
    assert access.can_view_case(municipality, "henrik", case)  # centre head, cmt
    assert not access.can_view_case(municipality, "birgitte", case)  # centre head, cby
    assert access.can_view_case(municipality, "annelise", case)  # director of cmt and cby
    assert not access.can_view_case(municipality, "peter", case)  # another directorate
    assert access.can_view_case(municipality, "sofie", case)  # the secretariat sees all
    assert not access.can_view_case(municipality, None, case)


def test_a_closed_item_is_hidden_from_colleagues_but_not_from_owner_heads_and_secretariat(
    memory_services: App,
) -> None:
    municipality = memory_services.config.municipality
    case = open_case(memory_services, lukket="ja", lukket_grund="ejendomshandel")
    assert access.is_closed_item(case)
    assert access.can_view_case(municipality, "mette", case)  # the owner
    assert not access.can_view_case(municipality, "jonas", case)  # same centre, not the owner
    assert access.can_view_case(municipality, "henrik", case)
    assert access.can_view_case(municipality, "annelise", case)
    assert access.can_view_case(municipality, "sofie", case)
    assert not access.can_view_case(municipality, "birgitte", case)
    assert access.visible_cases(municipality, "jonas", [case]) == []
    assert access.visible_cases(municipality, "sofie", [case]) == [case]


def test_the_buttons_are_the_engines_actions_and_none_for_a_hidden_case(
    memory_services: App,
) -> None:
    municipality = memory_services.config.municipality
    case = open_case(memory_services)
    graph = memory_services.graph(case)
    mine = [a.action for a in access.case_actions(municipality, "mette", case, graph)]
    assert mine == [a.action for a in case.available_actions(graph, municipality, "mette")]
    assert mine
    heads = [a.action for a in access.case_actions(municipality, "henrik", case, graph)]
    assert heads == [a.action for a in case.available_actions(graph, municipality, "henrik")]
    assert access.case_actions(municipality, "aase", case, graph) == []  # cannot see it
    assert access.case_actions(municipality, None, case, graph) == []


def test_only_the_secretariat_manages_agendas_minutes_tokens_and_full_agendas(
    config: Configuration,
) -> None:
    municipality = config.municipality
    secretariat_only = [
        Permission.MANAGE_AGENDAS,
        Permission.RECORD_MINUTES,
        Permission.MANAGE_TOKENS,
        Permission.VIEW_FULL_AGENDA,
    ]
    for permission in secretariat_only:
        assert access.allowed(municipality, "sofie", permission)
        for person in ("mette", "henrik", "annelise"):
            assert not access.allowed(municipality, person, permission)
    assert access.full_agenda(municipality, "rasmus")
    assert not access.full_agenda(municipality, "birgitte")


def test_opening_a_case_is_for_officers_and_heads_within_their_centre(
    config: Configuration,
) -> None:
    municipality = config.municipality
    assert access.allowed(municipality, "mette", Permission.OPEN_CASE, centre="cmt")
    assert not access.allowed(municipality, "mette", Permission.OPEN_CASE, centre="cby")
    assert access.allowed(municipality, "henrik", Permission.OPEN_CASE, centre="cmt")
    assert not access.allowed(municipality, "annelise", Permission.OPEN_CASE)
    assert access.allowed(municipality, "sofie", Permission.OPEN_CASE, centre="cby")


def test_route_changes_need_a_role_with_route_override(config: Configuration) -> None:
    municipality = config.municipality
    assert access.allowed(municipality, "sofie", Permission.CHANGE_ROUTE, centre="cmt")
    assert not access.allowed(municipality, "henrik", Permission.CHANGE_ROUTE, centre="cmt")
    # A policy that grants it to a role without route_override still denies it.
    policy = access.Policy(grants={Permission.CHANGE_ROUTE: frozenset({"centerchef"})})
    assert not access.allowed(municipality, "henrik", Permission.CHANGE_ROUTE, policy=policy)


def test_may_on_case_needs_both_sight_and_the_permission(memory_services: App) -> None:
    municipality = memory_services.config.municipality
    case = open_case(memory_services)
    assert access.may_on_case(municipality, "mette", Permission.PLAN_CASE, case)
    assert not access.may_on_case(municipality, "henrik", Permission.PLAN_CASE, case)
    assert not access.may_on_case(municipality, "aase", Permission.PLAN_CASE, case)
    assert access.may_on_case(municipality, "sofie", Permission.CHANGE_ROUTE, case)


def test_require_tells_signed_out_from_denied(config: Configuration) -> None:
    municipality = config.municipality
    with pytest.raises(access.NotSignedIn) as signed_out:
        access.require(municipality, None, Permission.VIEW_BOARD)
    assert signed_out.value.code == "CW220"
    with pytest.raises(access.AccessDenied) as denied:
        access.require(municipality, "mette", Permission.RECORD_MINUTES)
    assert denied.value.message("da") == (
        "[CW221] Du har ikke adgang til at registrere beslutninger."
    )
    assert "record minutes" in denied.value.message("en")
    access.require(municipality, "sofie", Permission.RECORD_MINUTES)


def test_every_permission_has_texts_in_both_languages() -> None:
    assert set(access.PERMISSION_TEXT) == set(Permission)
