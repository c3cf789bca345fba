"""`audit verify` detects every kind of tampering with the case record."""

from __future__ import annotations

import dataclasses

import pytest

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.testing import InMemoryUnitOfWork


@pytest.fixture
def case_id(memory_services: App) -> str:
    case = memory_services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Salg af grund ved Virum",
            actor="mette",
            route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "veje"},
        )
    )
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        memory_services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def _store(services: App) -> InMemoryUnitOfWork:
    # The App's units of work report their events to the bus; the store is the one inside.
    uow = services.uow_factory()
    inner = getattr(uow, "inner", uow)
    assert isinstance(inner, InMemoryUnitOfWork)
    return inner


def _codes(services: App) -> set[str]:
    return {f.code for f in services.verify_audit().findings}


def test_untouched_record_verifies(memory_services: App, case_id: str) -> None:
    report = memory_services.verify_audit()
    assert report.ok and report.cases == 1 and report.events == 5


def test_edited_event_is_detected(memory_services: App, case_id: str) -> None:
    events = _store(memory_services).store.events[case_id]
    events[2] = dataclasses.replace(events[2], actor="camilla", _data=None)
    assert "CW401" in _codes(memory_services)


def test_edited_comment_with_recomputed_own_hash_breaks_the_chain(
    memory_services: App, case_id: str
) -> None:
    events = _store(memory_services).store.events[case_id]
    forged = dataclasses.replace(
        events[1],
        data_json=events[1].data_json.replace('"comment":null', '"comment":"forged"'),
        _data=None,
    )
    events[1] = dataclasses.replace(forged, hash=forged.expected_hash())
    assert "CW402" in _codes(memory_services)  # the next event no longer links to it


def test_reordered_events_are_detected(memory_services: App, case_id: str) -> None:
    events = _store(memory_services).store.events[case_id]
    events[1], events[2] = (
        dataclasses.replace(events[2], seq=2),
        dataclasses.replace(events[1], seq=3),
    )
    assert {"CW401", "CW402"} <= _codes(memory_services)


def test_deleted_middle_event_is_detected(memory_services: App, case_id: str) -> None:
    del _store(memory_services).store.events[case_id][2]
    assert {"CW402", "CW403"} <= _codes(memory_services)


def test_deleted_last_event_is_detected(memory_services: App, case_id: str) -> None:
    _store(memory_services).store.events[case_id].pop()
    assert "CW404" in _codes(memory_services)


def test_edited_case_row_is_detected(memory_services: App, case_id: str) -> None:
    cases = _store(memory_services).store.cases
    cases[case_id] = dataclasses.replace(cases[case_id], step="ekspedition")
    findings = memory_services.verify_audit().findings
    assert [f.code for f in findings] == ["CW407"]
    assert "step" in findings[0].message("en")


def test_deleted_case_row_leaves_orphan_events(memory_services: App, case_id: str) -> None:
    del _store(memory_services).store.cases[case_id]
    assert _codes(memory_services) == {"CW406"}


def test_a_pinned_workflow_version_that_nobody_keeps_is_reported(
    memory_services: App, case_id: str
) -> None:
    store = _store(memory_services)._committed_store
    store.workflows.clear()  # the kept snapshot is gone ...
    case = store.cases[case_id]
    store.cases[case_id] = dataclasses.replace(case, workflow_version=9)  # ... and config has v1
    findings = memory_services.verify_audit().findings
    assert ("CW409", "audit.workflow_missing") in {(f.code, f.key) for f in findings}
    missing = next(f for f in findings if f.code == "CW409")
    assert missing.params == {"workflow": "beslutningssag", "version": 9, "cases": 1}
    assert "1 sag(er) kører på den" in missing.message("da")
