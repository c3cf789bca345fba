"""Assembling a meeting's agenda from the cases (in-memory store, Eksempel Kommune's plan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from casework.app import App
from casework.domain.agenda import (
    NoMeetingOnDate,
    UnknownBody,
    UnknownPerson,
    Visibility,
)
from casework.domain.commands import AdvanceCase, OpenCase
from casework.services.agendas import assemble_agenda, body_meetings, step_deadlines
from casework.testing import FixedClock

ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
TO_MEETING = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise")]


def at(clock: FixedClock, day: dt.date) -> None:
    clock.instant = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def bring_to_tmu(services: App, clock: FixedClock, title: str, day: dt.date, **attrs: Any) -> str:
    """Open a case and place it on TMU's meeting step on ``day``."""
    at(clock, day)
    case = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="mette",
            route=ROUTE,
            attributes={"politikomraade": "veje", **attrs},
        )
    )
    for action, actor in [*TO_MEETING, ("godkend", "sofie")]:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def agenda(services: App, body: str, day: dt.date) -> Any:
    return assemble_agenda(services.uow_factory, services.config, body, day)


def test_a_case_goes_on_the_next_meeting_and_a_late_one_is_flagged(
    memory_services: App, clock: FixedClock
) -> None:
    on_time = bring_to_tmu(memory_services, clock, "Trafikplan", dt.date(2026, 3, 2))
    late = bring_to_tmu(memory_services, clock, "Cykelsti", dt.date(2026, 3, 4))
    later = bring_to_tmu(memory_services, clock, "Vejbelysning", dt.date(2026, 3, 10))
    march = agenda(memory_services, "tmu", dt.date(2026, 3, 9))
    assert march.deadline == dt.date(2026, 3, 3)
    cases = [(i.content.case_id, i.late) for i in march.items if i.content is not None]
    assert cases == [(on_time, False), (late, True)]
    april = agenda(memory_services, "tmu", dt.date(2026, 4, 13))
    assert [i.content.case_id for i in april.items if i.content is not None] == [later]


def test_the_next_body_sees_the_earlier_decision_with_its_date(
    memory_services: App, clock: FixedClock
) -> None:
    case_id = bring_to_tmu(
        memory_services,
        clock,
        "Trafikplan",
        dt.date(2026, 3, 2),
        indstilling="planen godkendes; der afsættes midler",
        bilag="Plan.pdf, Kort.pdf",
        kle_emne="05.01.00",
        resume="Et kort resumé",
    )
    at(clock, dt.date(2026, 3, 9))
    memory_services.advance(
        AdvanceCase(case_id=case_id, action="anbefal", actor="sofie", comment="Enstemmigt")
    )
    item = next(i for i in agenda(memory_services, "oeu", dt.date(2026, 3, 19)).items if i.content)
    assert item.title == "Trafikplan (Beslutning)"
    content = item.content
    assert content is not None
    assert [d.text() for d in content.decisions] == [
        "Teknik- og Miljøudvalget den 9. marts 2026: Anbefales. Enstemmigt."
    ]
    assert content.indstilling == ("at planen godkendes", "at der afsættes midler")
    assert content.bilag == ("Plan.pdf", "Kort.pdf")
    assert content.kle == "05.01.00"
    assert content.case_number == case_id


def test_a_proposed_closed_case_is_a_closed_item(memory_services: App, clock: FixedClock) -> None:
    bring_to_tmu(
        memory_services,
        clock,
        "Salg af grund",
        dt.date(2026, 3, 2),
        lukket="ja",
        lukket_grund="ejendomshandel",
    )
    public = agenda(memory_services, "tmu", dt.date(2026, 3, 9)).publish(Visibility.PUBLIC)
    assert public.items[-1].heading == "Lukket punkt: Ejendomssag"
    assert public.items[-1].case_number is None


def test_unknown_bodies_and_dates_are_refused_with_a_hint(memory_services: App) -> None:
    with pytest.raises(UnknownBody) as body:
        agenda(memory_services, "tmuu", dt.date(2026, 3, 9))
    assert body.value.code == "CW801"
    assert "tmu" in body.value.message()
    with pytest.raises(NoMeetingOnDate) as day:
        agenda(memory_services, "tmu", dt.date(2026, 3, 10))
    assert "2026-03-09" in day.value.message()
    assert body_meetings(memory_services.config, "kb")[0].date == dt.date(2026, 1, 29)


def test_a_person_gets_the_deadlines_of_the_steps_they_hold(
    memory_services: App, clock: FixedClock
) -> None:
    at(clock, dt.date(2026, 3, 2))
    case = memory_services.open_case(
        OpenCase(workflow="beslutningssag", title="Ny p-plads", actor="mette", route=ROUTE)
    )
    rows = step_deadlines(memory_services.uow_factory, memory_services.config, "mette")
    assert [(r.case_id, r.step) for r in rows] == [(case.id, "kladde")]
    assert rows[0].due > dt.date(2026, 3, 2)
    assert step_deadlines(memory_services.uow_factory, memory_services.config, "henrik") == []
    with pytest.raises(UnknownPerson):
        step_deadlines(memory_services.uow_factory, memory_services.config, "mete")


def test_a_planned_case_is_on_the_agenda_of_its_planned_meeting(
    memory_services: App, clock: FixedClock
) -> None:
    from casework.domain.commands import PlanCase

    at(clock, dt.date(2026, 3, 2))
    case = memory_services.open_case(OpenCase(
        workflow="beslutningssag", title="Planlagt trafikplan", actor="mette", route=ROUTE,
        attributes={"politikomraade": "veje"},
    ))  # fmt: skip
    planned = memory_services.plan(PlanCase(case_id=case.id, actor="sofie")).planned
    meeting = dt.date.fromisoformat(planned["politisk_behandling@tmu"])
    early = assemble_agenda(memory_services.uow_factory, memory_services.config, "tmu", meeting,
                            today=dt.date(2026, 3, 2))  # fmt: skip
    items = [i for i in early.items if i.content is not None]
    assert [(i.content.case_id, i.late) for i in items] == [(case.id, False)]  # type: ignore[union-attr]
    # Still in draft after the agenda deadline: on the agenda, flagged late, not dropped.
    late = assemble_agenda(memory_services.uow_factory, memory_services.config, "tmu", meeting,
                           today=meeting)  # fmt: skip
    assert [i.late for i in late.items if i.content is not None] == [True]


def test_approving_the_agenda_confirms_or_opens_each_closed_item(
    memory_services: App, clock: FixedClock
) -> None:
    from casework.services.agendas import approve_agenda

    kept = bring_to_tmu(memory_services, clock, "Køb af grund", dt.date(2026, 3, 2),
                        lukket=True, lukket_grund="ejendomshandel")  # fmt: skip
    opened = bring_to_tmu(memory_services, clock, "Udbud af vejsalt", dt.date(2026, 3, 2),
                          lukket=True, lukket_grund="udbud")  # fmt: skip
    public = bring_to_tmu(memory_services, clock, "Trafikplan", dt.date(2026, 3, 2))
    rulings = approve_agenda(
        memory_services.uow_factory, memory_services.config, memory_services.clock, "tmu",
        dt.date(2026, 3, 9), actor="sofie", reopen=[opened],
    )  # fmt: skip
    assert {(r.case_id, r.confirmed) for r in rulings} == {(kept, True), (opened, False)}
    assert memory_services.case(kept)[0].attributes["lukket_bekraeftet"] is True
    assert "lukket" not in memory_services.case(opened)[0].attributes
    assert "lukket_bekraeftet" not in memory_services.case(public)[0].attributes
    last = memory_services.history(kept)[-1]
    assert "godkendelse af dagsorden" in last.data["comment"]
