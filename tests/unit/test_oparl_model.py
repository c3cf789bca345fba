"""The pure OParl model: classification, the planned case from a paper, building and extending."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework.adapters.oparl import import_workflow
from casework.adapters.oparl.mapping import load_mapping
from casework.domain.audit import verify_case
from casework.domain.case import replay
from casework.domain.oparl import (
    AgendaItem,
    Classification,
    Consultation,
    Decision,
    Diverged,
    Lookups,
    Meeting,
    Paper,
    build_case,
    extend_case,
    plan_case,
    unique_body_key,
)
from casework.domain.workflow import CaseStatus, RouteEntry, RouteRole

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ORG = {"o:gr": "Gemeinderat", "o:hfa": "Hauptausschuss", "o:sa": "Sozialausschuss"}


@pytest.fixture(scope="module")
def mapping() -> Classification:
    return load_mapping()


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("einstimmig zugestimmt", Decision.APPROVED),
        ("mehrheitlich beschlossen", Decision.APPROVED),
        ("Einstimmig, 0 Enthaltungen", Decision.APPROVED),
        ("einstimmig abgelehnt", Decision.REJECTED),
        ("bei Stimmengleichheit abgelehnt", Decision.REJECTED),
        ("vertagt", Decision.POSTPONED),
        ("abgesetzt", Decision.POSTPONED),
        ("verwiesen in Fachausschuss", Decision.REFERRED),
        ("Weiterbehandlung im Planungsausschuss", Decision.REFERRED),
        ("Kenntnisnahme", Decision.NOTED),
        ("Stellungnahme zur Kenntnis genommen", Decision.NOTED),
        ("Ohne.", Decision.NOTED),
        ("vorberaten ohne Änderungen", Decision.RECOMMENDED),
        ("zurückgezogen", Decision.UNKNOWN),
        ("", Decision.UNKNOWN),
        (None, Decision.UNKNOWN),
    ],
)
def test_german_results_are_classified(
    mapping: Classification, text: str | None, decision: Decision
) -> None:
    assert mapping.decision(text) is decision


def test_consultation_roles_map_to_route_roles(mapping: Classification) -> None:
    assert mapping.route_role("Vorberatung", None) is RouteRole.RECOMMENDS
    assert mapping.route_role("Entscheidung", None) is RouteRole.DECIDES
    assert mapping.route_role("Kenntnisnahme", True) is RouteRole.INFORMED
    assert mapping.route_role("Beratung", True) is RouteRole.DECIDES  # authoritative decides
    assert mapping.route_role("unbekannt", None) is RouteRole.RECOMMENDS
    assert mapping.route_role(None, None) is RouteRole.RECOMMENDS


def _meeting(mid: str, day: str, org: str, result: str | None, consultation: str) -> Meeting:
    start = dt.datetime.fromisoformat(f"{day}T17:00:00+01:00")
    item = AgendaItem(f"a:{mid}", f"m:{mid}", consultation=consultation, result=result)
    return Meeting(f"m:{mid}", f"Sitzung {mid}", start, (org,), (item,))


def _lookups(*meetings: Meeting) -> Lookups:
    items = {i.id: i for m in meetings for i in m.agenda_items}
    return Lookups(
        bodies=ORG,
        meetings={m.id: m for m in meetings},
        agenda_items=items,
        items_by_consultation={i.consultation: i for i in items.values() if i.consultation},
        consultations={},
    )


def _paper(*consultations: Consultation) -> Paper:
    return Paper(
        "p:1", "Neubau Schule", "2024/1", dt.date(2024, 1, 10), None, "Beschlussvorlage",
        tuple(consultations),
    )  # fmt: skip


def _c(cid: str, org: str, meeting: str | None, role: str | None) -> Consultation:
    return Consultation(cid, "p:1", (org,), f"m:{meeting}" if meeting else None, None, role)


def test_a_paper_becomes_a_route_with_one_step_per_held_meeting(mapping: Classification) -> None:
    lookups = _lookups(
        _meeting("1", "2024-02-01", "o:sa", "vertagt", "c:1"),
        _meeting("2", "2024-03-01", "o:sa", "vorberaten ohne Änderungen", "c:2"),
        _meeting("3", "2024-04-01", "o:gr", "einstimmig zugestimmt", "c:3"),
    )
    paper = _paper(
        _c("c:1", "o:sa", "1", "Vorberatung"),
        _c("c:2", "o:sa", "2", "Vorberatung"),
        _c("c:3", "o:gr", "3", "Entscheidung"),
    )
    plan = plan_case(paper, lookups, mapping, NOW)
    assert plan.route == (
        RouteEntry("Sozialausschuss", RouteRole.RECOMMENDS),
        RouteEntry("Gemeinderat", RouteRole.DECIDES),
    )
    assert [(s.body, s.decision, s.action) for s in plan.steps] == [
        ("Sozialausschuss", Decision.POSTPONED, "udsaet"),
        ("Sozialausschuss", Decision.RECOMMENDED, "anbefal"),
        ("Gemeinderat", Decision.APPROVED, "godkend"),
    ]
    case = build_case("2024-0001", plan, import_workflow())
    assert case.status is CaseStatus.CLOSED
    assert [e.data.get("to") for e in case.pending[1:]] == [
        "behandling@Sozialausschuss",  # postponed: still there
        "behandling@Gemeinderat",
        "afsluttet",
    ]
    assert case.pending[-1].at.startswith("2024-04-01T16:00")
    assert verify_case(case.id, replay(case.pending), case.pending) == []


def test_a_meeting_in_the_future_leaves_the_case_waiting(mapping: Classification) -> None:
    lookups = _lookups(
        _meeting("1", "2024-02-01", "o:hfa", "vorberaten ohne Änderungen", "c:1"),
        _meeting("2", "2027-02-01", "o:gr", None, "c:2"),
    )
    paper = _paper(_c("c:1", "o:hfa", "1", "Vorberatung"), _c("c:2", "o:gr", "2", "Entscheidung"))
    case = build_case("2024-0001", plan_case(paper, lookups, mapping, NOW), import_workflow())
    assert case.status is CaseStatus.OPEN
    assert case.step == "behandling@Gemeinderat"


def test_an_unheld_consultation_before_a_held_one_is_left_out(mapping: Classification) -> None:
    lookups = _lookups(_meeting("2", "2024-03-01", "o:gr", "mehrheitlich beschlossen", "c:2"))
    paper = _paper(_c("c:1", "o:sa", None, "Vorberatung"), _c("c:2", "o:gr", "2", "Entscheidung"))
    plan = plan_case(paper, lookups, mapping, NOW)
    assert [e.body for e in plan.route] == ["Gemeinderat"]
    assert [(s.reason, s.id) for s in plan.skipped] == [("not_held", "c:1")]


def test_unknown_organisations_and_missing_ones_are_skipped_with_reasons(
    mapping: Classification,
) -> None:
    lookups = _lookups(_meeting("2", "2024-03-01", "o:gr", "zugestimmt", "c:2"))
    paper = _paper(
        Consultation("c:0", "p:1", (), None),
        _c("c:1", "o:nowhere", "2", None),
        _c("c:2", "o:gr", "2", None),
        "c:missing",
    )
    plan = plan_case(paper, lookups, mapping, NOW)
    assert sorted((s.reason, s.id) for s in plan.skipped) == [
        ("missing_field", "c:0"),
        ("unknown_reference", "c:1"),
        ("unknown_reference", "c:missing"),
    ]
    # No consultation names a role: the last body decides.
    assert plan.route == (RouteEntry("Gemeinderat", RouteRole.DECIDES),)


def test_a_postponement_the_next_body_takes_up_moves_the_case_on(mapping: Classification) -> None:
    lookups = _lookups(
        _meeting("1", "2024-02-01", "o:sa", "vertagt", "c:1"),
        _meeting("2", "2024-03-01", "o:gr", "zugestimmt", "c:2"),
    )
    paper = _paper(_c("c:1", "o:sa", "1", "Vorberatung"), _c("c:2", "o:gr", "2", "Entscheidung"))
    plan = plan_case(paper, lookups, mapping, NOW)
    assert [(s.decision, s.action) for s in plan.steps] == [
        (Decision.POSTPONED, "behandlet"),
        (Decision.APPROVED, "godkend"),
    ]
    assert build_case("2024-0001", plan, import_workflow()).status is CaseStatus.CLOSED


def test_extending_appends_new_steps_and_a_new_body_never_rewrites(
    mapping: Classification,
) -> None:
    first = _meeting("1", "2024-02-01", "o:sa", "vorberaten ohne Änderungen", "c:1")
    paper = _paper(_c("c:1", "o:sa", "1", "Vorberatung"))
    definition = import_workflow()
    before = plan_case(paper, _lookups(first), mapping, NOW)
    # The paper was tabled for the council later; until then, recommending is the last step.
    case = build_case("2024-0001", before, definition)
    assert case.status is CaseStatus.CLOSED
    open_plan = dataclasses.replace(before, steps=())
    case = build_case("2024-0001", open_plan, definition)
    events = list(case.pending)
    case.pending.clear()
    later = _paper(_c("c:1", "o:sa", "1", "Vorberatung"), _c("c:2", "o:gr", "2", "Entscheidung"))
    second = _meeting("2", "2024-03-01", "o:gr", "zugestimmt", "c:2")
    plan = plan_case(later, _lookups(first, second), mapping, NOW)
    new = extend_case(case, events, plan, definition)
    assert [e.kind.value for e in new] == ["case.route_changed", "case.advanced", "case.advanced"]
    assert case.status is CaseStatus.CLOSED
    history = events + new
    assert verify_case(case.id, case, history) == []
    # The same plan again: nothing more to append.
    case.pending.clear()
    assert extend_case(case, history, plan, definition) == []


def test_a_changed_past_is_refused(mapping: Classification) -> None:
    definition = import_workflow()
    paper = _paper(_c("c:1", "o:sa", "1", "Vorberatung"))
    plan = plan_case(
        paper, _lookups(_meeting("1", "2024-02-01", "o:sa", "vertagt", "c:1")), mapping, NOW
    )
    case = build_case("2024-0001", plan, definition)
    events = list(case.pending)
    case.pending.clear()
    changed = plan_case(
        paper, _lookups(_meeting("1", "2024-02-01", "o:sa", "abgelehnt", "c:1")), mapping, NOW
    )
    with pytest.raises(Diverged) as caught:
        extend_case(case, events, changed, definition)
    assert caught.value.reason == "history_changed"


def test_body_keys_are_names_made_unique() -> None:
    taken = {"Gemeinderat"}
    assert unique_body_key("  Gemeinderat ", taken) == "Gemeinderat (2)"
    assert unique_body_key("Hauptausschuss", taken) == "Hauptausschuss"
