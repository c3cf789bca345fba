"""A recorded plan shows on the journey: future steps carry their dates and planned meetings."""

from __future__ import annotations

from casework.app import App
from casework.diagrams.dot import to_dot
from casework.diagrams.journey import journey_diagram
from casework.diagrams.texts import format_date
from casework.domain.commands import OpenCase, PlanCase


def test_future_meetings_show_the_meeting_they_are_planned_for(
    memory_services: App,
) -> None:
    case = memory_services.open_case(OpenCase(
        title="Trafiksikkerhedsplan 2027", actor="mette", workflow="beslutningssag",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    ))  # fmt: skip
    unplanned = to_dot(journey_diagram(
        case, memory_services.history(case.id), memory_services.graph(case),
        memory_services.config.municipality, memory_services.clock.today(),
    ))  # fmt: skip
    assert "Planlagt møde" not in unplanned
    planned = memory_services.plan(PlanCase(case_id=case.id, actor="sofie"))
    kb_meeting = planned.planned["politisk_behandling@kb"]
    dot = to_dot(journey_diagram(
        planned, memory_services.history(case.id), memory_services.graph(planned),
        memory_services.config.municipality, memory_services.clock.today(),
    ))  # fmt: skip
    assert dot.count("Planlagt møde") == 3  # TMU, ØU and KB
    assert format_date(kb_meeting, "da") in dot
