"""The OParl plan keeps a body the paper comes back to as a pass of its own (issue 13, item 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.adapters.oparl import import_workflow
from casework.adapters.oparl.mapping import load_mapping
from casework.domain.case import replay
from casework.domain.oparl import (
    AgendaItem,
    Classification,
    Consultation,
    Decision,
    Lookups,
    Meeting,
    Paper,
    build_case,
    plan_case,
)
from casework.domain.workflow import RouteEntry, RouteRole

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ORG = {"o:gr": "Gemeinderat", "o:hfa": "Hauptausschuss"}
GR, HFA = "Gemeinderat", "Hauptausschuss"


@pytest.fixture(scope="module")
def mapping() -> Classification:
    return load_mapping()


def _meeting(mid: str, day: str, org: str, result: str | None) -> Meeting:
    start = dt.datetime.fromisoformat(f"{day}T17:00:00+01:00")
    item = AgendaItem(f"a:{mid}", f"m:{mid}", consultation=f"c:{mid}", result=result)
    return Meeting(f"m:{mid}", f"Sitzung {mid}", start, (org,), (item,))


def _plan(mapping: Classification, *rows: tuple[str, str, str, str | None, str]):  # type: ignore[no-untyped-def]
    """rows: (id, day, org, result, role); a day of "" is a consultation without a meeting."""
    meetings = [_meeting(mid, day, org, result) for mid, day, org, result, _ in rows if day]
    items = {i.id: i for m in meetings for i in m.agenda_items}
    lookups = Lookups(
        bodies=ORG,
        meetings={m.id: m for m in meetings},
        agenda_items=items,
        items_by_consultation={i.consultation: i for i in items.values() if i.consultation},
        consultations={},
    )
    consultations = tuple(
        Consultation(f"c:{mid}", "p:1", (org,), f"m:{mid}" if day else None, None, role)
        for mid, day, org, _, role in rows
    )
    paper = Paper("p:1", "Haushalt", "2024/1", dt.date(2024, 1, 10), None, None, consultations)
    return plan_case(paper, lookups, mapping, NOW)


def test_a_council_that_refers_and_takes_back_gets_two_passes(mapping: Classification) -> None:
    plan = _plan(
        mapping,
        ("1", "2024-02-01", "o:gr", "verwiesen in Fachausschuss", "Vorberatung"),
        ("2", "2024-03-01", "o:hfa", "vorberaten ohne Änderungen", "Vorberatung"),
        ("3", "2024-04-01", "o:gr", "einstimmig zugestimmt", "Entscheidung"),
    )
    assert plan.route == (
        RouteEntry(GR, RouteRole.RECOMMENDS),
        RouteEntry(HFA, RouteRole.RECOMMENDS),
        RouteEntry(GR, RouteRole.DECIDES),
    )
    assert not plan.skipped
    assert [(s.body, s.decision) for s in plan.steps] == [
        (GR, Decision.REFERRED), (HFA, Decision.RECOMMENDED), (GR, Decision.APPROVED),
    ]  # fmt: skip
    case = build_case("2024-0001", plan, import_workflow())
    steps = [e.data.get("to") for e in case.pending[1:]]
    assert steps == [f"behandling@{HFA}", f"behandling@{GR}#2", "afsluttet"]
    assert replay(case.pending).state() == case.state()


def test_a_postponement_stays_one_pass_and_a_second_reading_is_another(
    mapping: Classification,
) -> None:
    plan = _plan(
        mapping,
        ("1", "2024-02-01", "o:gr", "vertagt", "Vorberatung"),
        ("2", "2024-03-01", "o:gr", "Kenntnisnahme", "Vorberatung"),  # 1st reading
        ("3", "2024-04-01", "o:gr", "einstimmig zugestimmt", "Entscheidung"),  # 2nd
    )
    assert [e.body for e in plan.route] == [GR, GR]
    assert [s.action for s in plan.steps] == ["udsaet", "tag_til_efterretning", "godkend"]
    case = build_case("2024-0001", plan, import_workflow())
    assert [e.data.get("to") for e in case.pending[1:]] == [
        f"behandling@{GR}", f"behandling@{GR}#2", "afsluttet",
    ]  # fmt: skip


def test_pending_consultations_after_a_return_wait_at_their_own_pass(
    mapping: Classification,
) -> None:
    plan = _plan(
        mapping,
        ("1", "2024-02-01", "o:gr", "verwiesen in Fachausschuss", "Vorberatung"),
        ("2", "", "o:hfa", None, "Vorberatung"),
        ("3", "", "o:gr", None, "Entscheidung"),
    )
    assert [(e.body, e.role) for e in plan.route] == [
        (GR, RouteRole.RECOMMENDS), (HFA, RouteRole.RECOMMENDS), (GR, RouteRole.DECIDES),
    ]  # fmt: skip
    assert [s.action for s in plan.steps] == ["oversend"]  # a step that moved on stays as it was
    case = build_case("2024-0001", plan, import_workflow())
    assert case.step == f"behandling@{HFA}"


def test_a_step_that_moved_on_is_not_rewritten_by_later_pending_ones(
    mapping: Classification,
) -> None:
    plan = _plan(
        mapping,
        ("1", "2024-02-01", "o:gr", "Kenntnisnahme", "Vorberatung"),
        ("2", "", "o:gr", None, "Vorberatung"),  # the council again, not yet held
        ("3", "", "o:hfa", None, "Vorberatung"),
    )
    assert [e.body for e in plan.route] == [GR, GR, HFA]
    assert [s.action for s in plan.steps] == ["tag_til_efterretning"]
