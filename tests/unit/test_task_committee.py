"""§ 17, stk. 4 task committees (issue 20, item 1): the kommissorium as configuration, the
backlog and sprints as a hash-chained fold, their rules, and the recommendation opened as a case
the delegation plan routes to the standing committee (through the in-memory app)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.adapters.config.full import load_full_configuration
from casework.adapters.config.task_committee_loader import load_kommissorier
from casework.app import App
from casework.domain.configuration import Configuration
from casework.domain.errors import DefinitionError
from casework.domain.task_committee import (
    AlreadyRecommended,
    BadCommitteeInput,
    CommitteeEvent,
    CommitteeEventKind,
    IdeaStatus,
    Kommissorium,
    NoOpenSprint,
    NotFacilitator,
    OutsidePeriod,
    OverCapacity,
    PartnerSector,
    SprintNotClosed,
    SprintStillOpen,
    UnknownIdea,
    UnknownTaskCommittee,
    chain_problems,
    replay,
)
from casework.services.task_committees import store_of

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"


@pytest.fixture
def kommissorium(config: Configuration) -> Kommissorium:
    return load_kommissorier(CONFIG, config.municipality)["obu"]


def _ran(app: App) -> App:
    tc = app.task_committees
    tc.add_idea("obu", title="Fælles ladestandere i boligområder", hours=20, actor="jonas")
    tc.add_idea("obu", title="Grønne tage på skolerne", hours=30, actor="jonas")
    tc.add_idea("obu", title="Et klimaborgerting", description="Med lodtrukne borgere",
                hours=15, actor="sofie")  # fmt: skip
    return app


def test_the_example_kommissorium_has_partners_from_outside_the_council(
    kommissorium: Kommissorium, config: Configuration
) -> None:
    assert kommissorium.legal_basis == "KSL § 17, stk. 4"
    assert config.municipality.bodies["obu"].kind.value == "opgaveudvalg"
    assert config.municipality.bodies[kommissorium.reports_to].kind.value == "staaende_udvalg"
    sectors = {p.sector for p in kommissorium.partners}
    assert {PartnerSector.BUSINESS, PartnerSector.KNOWLEDGE, PartnerSector.HOUSING} <= sectors
    assert kommissorium.facilitator in config.municipality.people
    assert len(kommissorium.goals) == 3 and kommissorium.programme


def _broken(tmp_path: Path, old: str, new: str) -> list[str]:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    path = target / "opgaveudvalg" / "obu.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_full_configuration(target)
    return [f.code for f in caught.value.findings]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("committee: obu", "committee: tmu", "CW910"),
        ("reports_to: tmu", "reports_to: kb", "CW911"),
        ("facilitator: jonas", "facilitator: jonaz", "CW912"),
        ("end: 2027-12-31", "end: 2025-12-31", "CW913"),
        ("legal_basis: KSL § 17, stk. 4", "legal_basis: KSL § 18", "CW914"),
        ("politikomraade: klima", "politikomraade: klimaa", "CW915"),
        ("reports_to: tmu", "reports_to: bpu", "CW918"),
        ("sector: erhverv", "sector: industri", "CW104"),
        ("{name: Klaus Mørk,", "{name: bo  ibsen,", "CW919"),
    ],
)
def test_config_check_finds_a_broken_kommissorium(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    assert _broken(tmp_path, old, new) == [code]


def test_a_kommissorium_twice_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    shutil.copy(target / "opgaveudvalg" / "obu.yaml", target / "opgaveudvalg" / "obu2.yaml")
    with pytest.raises(DefinitionError) as caught:
        load_full_configuration(target)
    assert [f.code for f in caught.value.findings] == ["CW917"]


def test_one_sprint_from_backlog_to_recommendation(memory_services: App) -> None:
    app = _ran(memory_services)
    tc = app.task_committees
    with pytest.raises(OverCapacity):  # 20 + 30 hours do not fit the 40 of a sprint
        tc.start_sprint("obu", goal="For meget", ideas=[1, 2], actor="jonas")
    tc.start_sprint("obu", goal="Lokal omstilling", ideas=[1, 3], actor="jonas")
    with pytest.raises(SprintStillOpen):
        tc.start_sprint("obu", goal="En til", ideas=[2], actor="jonas")
    with pytest.raises(SprintNotClosed):
        tc.recommend("obu", sprint=1, actor="jonas")
    tc.log_sprint("obu", entry="Workshop med Boligselskabet Engen", actor="jonas")
    state = tc.close_sprint("obu", done=[1], results="Ladestandere kan deles af 40 opgange",
                            met=[True, True, False], notes=["", "", "Økonomi mangler"],
                            actor="jonas")  # fmt: skip
    assert state.idea(1).status is IdeaStatus.DONE  # type: ignore[union-attr]
    assert state.idea(3).status is IdeaStatus.RETURNED  # type: ignore[union-attr]
    made = tc.recommend("obu", sprint=1, actor="sofie")
    case = made.case
    # The delegation plan chose the workflow and the route: the standing committee decides.
    assert case.workflow_id == "beslutningssag"
    assert [(e.body, e.role.value) for e in case.route] == [("tmu", "beslutter")]
    assert case.owner == "jonas"  # the facilitator owns it; the secretariat opened it
    assert "Fælles ladestandere" in case.attributes["sagsfremstilling"]
    assert "Økonomi mangler" in case.attributes["sagsfremstilling"]
    assert case.attributes["indstilling"].startswith("at fælles ladestandere")
    _, events = app.case(case.id)
    assert events[0].actor == "sofie" and events[0].data["decision"]["decider"] == "tmu"
    with pytest.raises(AlreadyRecommended):
        tc.recommend("obu", sprint=1, actor="jonas")
    view = tc.show("obu", viewer="jonas")
    assert view.sprints[0].recommendation == case.id and view.may_run
    assert [c.number for c in view.board[0].cards] == [2, 3]  # the unfinished idea is back


def test_only_the_facilitator_or_the_secretariat_runs_the_work(memory_services: App) -> None:
    tc = memory_services.task_committees
    with pytest.raises(NotFacilitator) as caught:
        tc.add_idea("obu", title="Idé", hours=5, actor="mette")
    assert caught.value.code == "CW901" and "facilitator" in caught.value.message("da")
    assert not tc.may_run("obu", "mette") and tc.may_run("obu", "rasmus")
    with pytest.raises(UnknownTaskCommittee) as unknown:
        tc.add_idea("tmu", title="Idé", hours=5, actor="jonas")
    assert unknown.value.code == "CW900"
    with pytest.raises(UnknownTaskCommittee) as near:
        tc.show("ob")
    assert near.value.suggestion == "obu"


def test_bad_input_is_refused_and_writes_nothing(memory_services: App) -> None:
    app = _ran(memory_services)
    tc = app.task_committees
    calls: list[Callable[[], object]] = [
        lambda: tc.add_idea("obu", title="   ", hours=5, actor="jonas"),
        lambda: tc.add_idea("obu", title="Idé", hours=0, actor="jonas"),
        lambda: tc.start_sprint("obu", goal="Mål", ideas=[], actor="jonas"),
        lambda: tc.start_sprint("obu", goal="Mål", ideas=[9], actor="jonas"),
        lambda: tc.start_sprint("obu", goal="Mål", ideas=[1, 1], actor="jonas"),
        lambda: tc.log_sprint("obu", entry="log", actor="jonas"),
        lambda: tc.close_sprint("obu", done=[], results="r", met=[True], actor="jonas"),
    ]
    for call in calls:
        with pytest.raises((BadCommitteeInput, UnknownIdea, NoOpenSprint)):
            call()
    assert tc.state("obu").version == 3
    tc.start_sprint("obu", goal="Mål", ideas=[1], actor="jonas")
    with pytest.raises(BadCommitteeInput):  # one answer per goal of the kommissorium
        tc.close_sprint("obu", done=[1], results="r", met=[True], actor="jonas")
    with pytest.raises(BadCommitteeInput):  # idea 2 was not in the sprint
        tc.close_sprint("obu", done=[2], results="r", met=[True] * 3, actor="jonas")
    assert tc.state("obu").version == 4


def test_a_sprint_outside_the_period_is_refused(memory_services: App) -> None:
    app = _ran(memory_services)
    k = app.task_committees.kommissorium("obu")
    app.__dict__["_kommissorier"] = {"obu": dataclasses.replace(k, end=dt.date(2026, 2, 1))}
    with pytest.raises(OutsidePeriod) as caught:
        app.task_committees.start_sprint("obu", goal="Mål", ideas=[1], actor="jonas")
    assert "2026-03-02" in caught.value.message("da")


def test_the_events_are_a_hash_chain_and_their_fold_is_the_state(memory_services: App) -> None:
    app = _ran(memory_services)
    events = store_of(app.uow_factory()).events("obu")
    assert [e.kind for e in events] == [CommitteeEventKind.IDEA_ADDED.value] * 3
    assert chain_problems(events) == []
    assert replay("obu", events) == app.task_committees.state("obu")
    changed = dataclasses.replace(events[1], data_json=events[1].data_json.replace("30", "3"))
    assert chain_problems([events[0], changed, events[2]]) == ["event 2: its content was changed"]
    assert chain_problems([events[0], events[2]])[0].startswith("event 2: sequence 3")
    again = CommitteeEvent.make("obu", 1, CommitteeEventKind.IDEA_ADDED, at=events[0].at,
                                actor="jonas", data=events[0].data,
                                prev_hash=events[0].prev_hash)  # fmt: skip
    assert again == events[0]  # the stored text is canonical: the same content, the same hash


def test_the_programme_is_timed_and_offers_the_backlog(memory_services: App) -> None:
    app = _ran(memory_services)
    view = app.task_committees.programme("obu", start="16:00")
    assert [b.starts for b in view.blocks][:3] == ["16:00", "16:15", "16:45"]
    assert [c.number for c in view.choose_from] == [1, 2, 3]
    app.task_committees.start_sprint("obu", goal="Mål", ideas=[2], actor="jonas")
    assert [c.number for c in app.task_committees.programme("obu").choose_from] == [2]


def test_english_texts(memory_services: App) -> None:
    app = _ran(memory_services)
    view = app.task_committees.show("obu", "en")
    assert view.board[0].title == "Backlog" and view.reports_to_name.startswith("Technical")
    assert {p[3] for p in view.partners} >= {"Business", "Knowledge institution", "Housing sector"}
    with pytest.raises(NotFacilitator) as caught:
        app.task_committees.add_idea("obu", title="Idé", hours=5, actor="mette")
    assert "cannot add ideas" in caught.value.message("en")


def test_the_audit_names_the_committee_and_the_event(memory_services: App) -> None:
    from casework.domain.task_committee import audit_findings

    app = _ran(memory_services)
    assert app.verify_audit().ok
    store = store_of(app.uow_factory())
    events = store.events("obu")
    unreadable = CommitteeEvent.make("obu", 2, CommitteeEventKind.IDEA_ADDED, at=events[1].at,
                                     actor="jonas", data={"title": "uden nummer"},
                                     prev_hash=events[0].hash)  # fmt: skip
    found = audit_findings("obu", [events[0], unreadable])
    assert [f.code for f in found] == ["CW407"]
    assert "opgaveudvalg obu, hændelse 2" in found[0].message("da")
    store.stored["obu"][1] = dataclasses.replace(events[1], actor="sofie")  # type: ignore[attr-defined]
    assert [f.code for f in app.verify_audit().findings] == ["CW401"]


def test_a_meeting_s_programme_lists_its_cases_by_public_heading(memory_services: App) -> None:
    from casework.domain.commands import AdvanceCase, OpenCase

    app = memory_services
    opened = [
        app.open_case(OpenCase(title=title, actor="jonas", attributes={
            "sagstype": "klimaplan", "politikomraade": "klima", **closed}))
        for title, closed in (("Klimaplan 2030", {}),
                              ("SECRET-KLIMA-991", {"lukket": True, "lukket_grund": "udbud"}))
    ]  # fmt: skip
    for case in opened:  # the plan routes a climate plan through OBU first (rule R31)
        assert case.route[0].body == "obu"
        for action, actor in (("indsend", "jonas"), ("godkend", "henrik"),
                              ("godkend", "annelise"), ("godkend", "sofie")):  # fmt: skip
            app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    view = app.task_committees.programme("obu", day="2026-04-01")
    assert [c.split(". ", 1)[1] for c in view.cases] == [
        "Klimaplan 2030 (Beslutning)", "Lukket punkt: Udbud og tilbud"]  # fmt: skip
    assert "SECRET" not in str(view.as_json())
    assert app.task_committees.programme("obu").cases == ()  # no meeting named: no cases
