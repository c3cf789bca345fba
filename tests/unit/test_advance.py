"""Opening and advancing cases through the services, and every way an advance is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.app import App
from casework.domain.case import Case
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.errors import (
    CaseClosed,
    ConcurrentUpdate,
    GuardFailed,
    IdempotencyConflict,
    InvalidAttribute,
    NotFound,
    OutsideCentre,
    RoleNotPermitted,
    TransitionNotAllowed,
    UnknownPerson,
    UnknownWorkflow,
)
from casework.domain.workflow import CaseStatus
from casework.testing import FixedClock


def _open(services: App, **overrides: object) -> Case:
    values: dict[str, object] = {
        "workflow": "beslutningssag",
        "title": "Trafiksikkerhedsplan 2027",
        "actor": "mette",
        "route": [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        "attributes": {"politikomraade": "veje", "beloeb": "2500000"},
    }
    values.update(overrides)
    return services.open_case(OpenCase.model_validate(values))


def _do(services: App, case_id: str, action: str, actor: str, **kw: object) -> Case:
    return services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor, **kw)).case  # type: ignore[arg-type]


def _to_quality_check(services: App) -> Case:
    case = _open(services)
    _do(services, case.id, "indsend", "mette")
    _do(services, case.id, "godkend", "henrik")
    return _do(services, case.id, "godkend", "annelise")


def test_a_council_case_travels_from_draft_to_closed(
    memory_services: App, clock: FixedClock
) -> None:
    case = _open(memory_services)
    assert case.id == "2026-0001"
    assert case.step == "kladde"
    assert case.step_due == "2026-03-16"  # 10 working days after Monday 2 March
    steps = [
        ("indsend", "mette", "centerchef_godkendelse"),
        ("godkend", "henrik", "direktoer_godkendelse"),
        ("godkend", "annelise", "kvalitetssikring"),
        ("godkend", "sofie", "politisk_behandling@tmu"),
        ("anbefal", "sofie", "politisk_behandling@oeu"),
        ("udsaet", "rasmus", "politisk_behandling@oeu"),
        ("anbefal", "sofie", "politisk_behandling@kb"),
        ("godkend", "sofie", "ekspedition"),
        ("afslut", "mette", "afsluttet"),
    ]
    for action, actor, expected in steps:
        clock.advance(days=1)
        case = _do(memory_services, case.id, action, actor, comment=f"{action} af {actor}")
        assert case.step == expected
    assert case.status is CaseStatus.CLOSED
    assert case.version == len(steps) + 1
    events = memory_services.history(case.id)
    assert [e.seq for e in events] == list(range(1, 11))
    assert events[5].data["comment"] == "anbefal af sofie"
    assert events[5].data["role"] == "sekretariat"
    assert events[-1].actor == "mette"


def test_action_not_available_from_the_current_step_names_the_allowed_ones(
    memory_services: App,
) -> None:
    case = _open(memory_services)
    with pytest.raises(TransitionNotAllowed) as info:
        _do(memory_services, case.id, "godkend", "mette")
    message = info.value.message("da")
    assert "indsend" in message and "traek_tilbage" in message
    assert info.value.code == "CW202"


def test_actor_without_the_role_is_refused(memory_services: App) -> None:
    case = _open(memory_services)
    _do(memory_services, case.id, "indsend", "mette")
    with pytest.raises(RoleNotPermitted) as info:
        _do(memory_services, case.id, "godkend", "jonas")  # a case officer, not a centre head
    # The role by its title, the person by name (issue 15, item 6), never the ids.
    assert "det kræver rollen Centerchef." in info.value.message("da")
    assert "Jonas Holm" in info.value.message("da")


def test_centre_head_of_another_centre_is_refused(memory_services: App) -> None:
    case = _open(memory_services)
    _do(memory_services, case.id, "indsend", "mette")
    with pytest.raises(OutsideCentre):
        _do(memory_services, case.id, "godkend", "karsten")  # head of Børn og Unge


def test_the_secretariat_acts_on_cases_of_every_centre(memory_services: App) -> None:
    case = _to_quality_check(memory_services)
    assert _do(memory_services, case.id, "send_tilbage", "rasmus").step == "kladde"


def test_guard_refuses_an_item_without_a_policy_area(memory_services: App) -> None:
    case = _open(memory_services, attributes={"beloeb": "100"})
    _do(memory_services, case.id, "indsend", "mette")
    _do(memory_services, case.id, "godkend", "henrik")
    _do(memory_services, case.id, "godkend", "annelise")
    with pytest.raises(GuardFailed) as info:
        _do(memory_services, case.id, "godkend", "sofie")
    assert "politikomraade" in info.value.message("da")


def test_stale_version_is_refused_and_nothing_changes(memory_services: App) -> None:
    case = _open(memory_services)
    _do(memory_services, case.id, "indsend", "mette", expected_version=1)
    with pytest.raises(ConcurrentUpdate) as info:
        _do(memory_services, case.id, "send_tilbage", "henrik", expected_version=1)
    assert "version 1, nu 2" in info.value.message("da")
    assert memory_services.case(case.id)[0].version == 2


def test_concurrent_writer_loses_at_save(memory_services: App) -> None:
    uow = memory_services.uow_factory()
    case = _open(memory_services)
    with uow:
        first = uow.cases.get(case.id)
        second = uow.cases.get(case.id)
        graph = memory_services.graph(first)
        clock = memory_services.clock
        municipality = memory_services.config.municipality
        first.advance(
            graph=graph,
            municipality=municipality,
            actor="mette",
            action="indsend",
            at=clock.now(),
            today=clock.today(),
        )
        uow.cases.save(first, expected_version=1)
        second.advance(
            graph=graph,
            municipality=municipality,
            actor="mette",
            action="traek_tilbage",
            at=clock.now(),
            today=clock.today(),
        )
        with pytest.raises(ConcurrentUpdate):
            uow.cases.save(second, expected_version=1)


def test_retry_with_the_same_key_is_a_no_op(memory_services: App) -> None:
    case = _open(memory_services)
    cmd = AdvanceCase(case_id=case.id, action="indsend", actor="mette", idempotency_key="k-1")
    first = memory_services.advance(cmd)
    again = memory_services.advance(cmd)
    assert again.replayed and not first.replayed
    assert again.event == first.event
    assert len(memory_services.history(case.id)) == 2


def test_reusing_a_key_for_another_request_is_refused(memory_services: App) -> None:
    case = _open(memory_services)
    memory_services.advance(
        AdvanceCase(case_id=case.id, action="indsend", actor="mette", idempotency_key="k-2")
    )
    with pytest.raises(IdempotencyConflict):
        memory_services.advance(
            AdvanceCase(case_id=case.id, action="godkend", actor="henrik", idempotency_key="k-2")
        )


def test_opening_twice_with_the_same_key_opens_one_case(memory_services: App) -> None:
    first = _open(memory_services, idempotency_key="open-1")
    second = _open(memory_services, idempotency_key="open-1")
    assert first.id == second.id
    assert _open(memory_services).id == "2026-0002"


def test_closed_case_accepts_nothing(memory_services: App) -> None:
    case = _open(memory_services)
    _do(memory_services, case.id, "traek_tilbage", "mette")
    with pytest.raises(CaseClosed):
        _do(memory_services, case.id, "indsend", "mette")


def test_unknown_case_person_workflow_and_attribute(memory_services: App) -> None:
    with pytest.raises(NotFound):
        _do(memory_services, "2026-9999", "indsend", "mette")
    case = _open(memory_services)
    with pytest.raises(UnknownPerson) as person:
        _do(memory_services, case.id, "indsend", "mete")
    assert "mette" in person.value.message("da")
    with pytest.raises(UnknownWorkflow):
        _open(memory_services, workflow="beslutningsag")
    with pytest.raises(InvalidAttribute):
        _open(memory_services, attributes={"beloeb": "mange penge"})
    with pytest.raises(InvalidAttribute) as attr:
        _open(memory_services, attributes={"belob": "1"})
    assert "beloeb" in attr.value.message("da")


def test_refused_advance_in_a_batch_leaves_every_case_untouched(
    memory_services: App,
) -> None:
    a, b = _open(memory_services), _open(memory_services)
    with pytest.raises(RoleNotPermitted):
        memory_services.advance_many(
            [
                AdvanceCase(case_id=a.id, action="indsend", actor="mette"),
                AdvanceCase(case_id=b.id, action="indsend", actor="henrik"),
            ]
        )
    assert memory_services.case(a.id)[0].version == 1
    assert memory_services.case(b.id)[0].version == 1


def test_step_deadlines_skip_easter(memory_services: App, clock: FixedClock) -> None:
    clock.instant = dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)  # Monday before Easter
    case = _open(memory_services)
    # 10 hverdage: Maundy Thursday, Good Friday and Easter Monday do not count.
    assert case.step_due == "2026-04-16"
