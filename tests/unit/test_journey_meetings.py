"""The journey tells the meetings (issue 19, item 3): each meeting step's planned meeting and,
once decided, the meeting it was decided at, with the outcome attributed to the body; a step
reached and returned from is not drawn as not yet reached; a withdrawn case is not "completed".
"""

from __future__ import annotations

import datetime as dt

from casework.app import App
from casework.diagrams import examples
from casework.diagrams.journey import journey_diagram
from casework.diagrams.model import Diagram, NodeState
from casework.diagrams.texts import format_date
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, PlanCase, RecordDecision
from casework.domain.configuration import Configuration
from casework.testing import FixedClock


def _drawn(app: App, case_id: str, lang: str = "da") -> Diagram:
    found, events = app.case(case_id)
    return app.views.journey(found, events, lang)


def test_a_decided_meeting_step_names_the_body_and_its_meeting(
    memory_services: App, clock: FixedClock
) -> None:
    app = memory_services
    case = app.open_case(OpenCase(
        title="Trafiksikkerhedsplan 2027", actor="mette", workflow="beslutningssag",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    ))  # fmt: skip
    planned = app.plan(PlanCase(case_id=case.id, actor="sofie")).planned
    for action, actor in (("indsend", "mette"), ("godkend", "henrik"),
                          ("godkend", "annelise"), ("godkend", "sofie")):  # fmt: skip
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    tmu = planned["politisk_behandling@tmu"]
    before = _drawn(app, case.id).node("politisk_behandling@tmu")
    assert f"Planlagt møde: {format_date(tmu, 'da')}" in before.details  # the current step too
    clock.instant = dt.datetime.fromisoformat(tmu).replace(hour=20, tzinfo=dt.UTC)  # held now
    app.decide(RecordDecision(
        case_id=case.id, actor="sofie",
        minutes=Minutes(outcome="recommended", meeting=dt.date.fromisoformat(tmu)),
    ))  # fmt: skip
    diagram = _drawn(app, case.id)
    decided = diagram.node("politisk_behandling@tmu")
    assert decided.state is NodeState.DONE
    assert f"✔ TMU: anbefales · mødet {format_date(tmu, 'da')}" in decided.details
    assert "registreret af Sofie Lindberg" in decided.details
    assert not any("Sofie" in d and d.startswith("✔") for d in decided.details)
    oeu = diagram.node("politisk_behandling@oeu")
    assert oeu.state is NodeState.CURRENT
    assert f"Planlagt møde: {format_date(planned['politisk_behandling@oeu'], 'da')}" in oeu.details
    english = _drawn(app, case.id, "en").node("politisk_behandling@tmu")
    assert f"✔ TMU: recommended · meeting of {format_date(tmu, 'en')}" in english.details


def test_the_example_decision_is_the_committees(config: Configuration) -> None:
    ex = examples.skole(config)
    diagram = journey_diagram(ex.case, ex.events, ex.graph, config.municipality, ex.today)
    node = diagram.node("politisk_behandling@buu")
    meeting = format_date("2026-02-25", "da")
    assert node.details[1:] == (
        f"✔ BUU: godkendt · mødet {meeting}",
        "registreret af Rasmus Højgaard",
    )


def test_a_step_returned_from_is_not_drawn_as_not_yet_reached(config: Configuration) -> None:
    ex = examples.build(
        config, case_id="2026-0090", title="Returneret sag", workflow="beslutningssag",
        route="tmu,oeu,kb", owner="mette", centre="cmt", attributes={"politikomraade": "veje"},
        opened="03-02", today=dt.date(2026, 3, 20),
        steps=(("03-03", 9, "indsend", "mette", None),
               ("03-04", 9, "godkend", "henrik", None),
               ("03-05", 9, "send_tilbage", "annelise", "Mangler økonomi")),
    )  # fmt: skip
    diagram = journey_diagram(ex.case, ex.events, ex.graph, config.municipality, ex.today)
    head = diagram.node("centerchef_godkendelse")
    # Reached and left once, and on the way again: done, and said to come again.
    assert head.state is NodeState.DONE
    assert any(d.startswith("✔ Godkend · Henrik Lund") for d in head.details)
    assert "↻ skal igennem trinnet igen" in head.details
    assert diagram.node("politisk_behandling@kb").state is NodeState.FUTURE  # never reached


def test_a_withdrawn_case_is_not_completed(config: Configuration) -> None:
    ex = examples.build(
        config, case_id="2026-0091", title="Trukket sag", workflow="beslutningssag",
        route="tmu,oeu,kb", owner="mette", centre="cmt", attributes={"politikomraade": "veje"},
        opened="03-02", today=dt.date(2026, 3, 20),
        steps=(("03-03", 9, "traek_tilbage", "mette", "Ikke længere aktuel"),),
    )  # fmt: skip
    for lang, said, wrong in (("da", "Sagen er lukket: Trukket tilbage", "Afsluttet"),
                              ("en", "The case is closed: Withdrawn", "Completed")):  # fmt: skip
        diagram = journey_diagram(
            ex.case, ex.events, ex.graph, config.municipality, ex.today, lang=lang
        )
        assert said in diagram.subtitle[1]
        assert wrong not in " ".join(diagram.subtitle)
        assert diagram.node("tilbagetrukket").state is NodeState.CURRENT
        assert "afsluttet" not in {n.id for n in diagram.nodes}
