"""A recorded plan dates the case's steps from its meetings, and a postponement re-plans it."""

from __future__ import annotations

import pytest

from casework.app import App
from casework.domain.case import last_plan, replay
from casework.domain.commands import AdvanceCase, OpenCase, PlanCase
from casework.domain.errors import CaseClosed
from casework.domain.events import EventKind


def _open(services: App) -> str:
    return services.open_case(OpenCase(
        title="Trafiksikkerhedsplan 2027", actor="mette", workflow="beslutningssag",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    )).id  # fmt: skip


def test_a_recorded_plan_dates_every_step_from_the_meetings(memory_services: App) -> None:
    case_id = _open(memory_services)
    planned = memory_services.plan(PlanCase(case_id=case_id, actor="sofie"))
    _, events = memory_services.case(case_id)
    plan = last_plan(events)
    assert plan is not None
    assert [m["body"] for m in plan["meetings"]] == ["tmu", "oeu", "kb"]
    dates = [m["date"] for m in plan["meetings"]]
    assert dates == sorted(dates)
    assert planned.step_due == plan["steps"]["kladde"]
    case = planned
    for action, actor in [("indsend", "mette"), ("godkend", "henrik")]:
        case = memory_services.advance(
            AdvanceCase(case_id=case_id, action=action, actor=actor)
        ).case
    # The director's step takes the plan's deadline, not 3 working days from today.
    assert case.step_due == plan["steps"]["direktoer_godkendelse"]
    stored, events = memory_services.case(case_id)
    assert stored.state() == replay(events).state()


def test_postponement_re_plans_the_case(memory_services: App) -> None:
    case_id = _open(memory_services)
    memory_services.plan(PlanCase(case_id=case_id, actor="sofie"))
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        memory_services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    before = len(memory_services.history(case_id))
    memory_services.advance(AdvanceCase(case_id=case_id, action="udsaet", actor="sofie"))
    events = memory_services.history(case_id)
    assert [e.kind for e in events[before:]] == [EventKind.ADVANCED, EventKind.PLANNED]
    assert events[-1].data["reason"] == "udsaet"
    stored, all_events = memory_services.case(case_id)
    assert stored.state() == replay(all_events).state()
    assert stored.step_due == events[-1].data["step_due"]


def test_an_unplanned_case_is_not_planned_by_a_postponement(memory_services: App) -> None:
    case_id = _open(memory_services)
    memory_services.advance(AdvanceCase(case_id=case_id, action="indsend", actor="mette"))
    memory_services.advance(AdvanceCase(case_id=case_id, action="send_tilbage", actor="henrik"))
    assert all(e.kind is not EventKind.PLANNED for e in memory_services.history(case_id))


def test_a_closed_case_cannot_be_planned(memory_services: App) -> None:
    case_id = _open(memory_services)
    memory_services.advance(AdvanceCase(case_id=case_id, action="traek_tilbage", actor="mette"))
    with pytest.raises(CaseClosed):
        memory_services.plan(PlanCase(case_id=case_id, actor="sofie"))


def test_a_route_override_re_plans_a_planned_case(memory_services: App) -> None:
    from casework.domain.commands import ChangeRoute

    case_id = _open(memory_services)
    memory_services.plan(PlanCase(case_id=case_id, actor="sofie"))
    changed = memory_services.change_route(ChangeRoute(
        case_id=case_id, actor="sofie", reason="Kun udvalget skal beslutte",
        route=[("tmu", "beslutter")],
    ))  # fmt: skip
    events = memory_services.history(case_id)
    assert [e.kind for e in events[-2:]] == [EventKind.ROUTE_CHANGED, EventKind.PLANNED]
    assert [m["body"] for m in events[-1].data["meetings"]] == ["tmu"]
    assert "politisk_behandling@kb" not in changed.planned


def test_planned_backwards_from_a_target_meeting(memory_services: App) -> None:
    import datetime as dt

    from casework.domain.errors import TargetMeetingNotFeasible

    case_id = _open(memory_services)
    earliest = memory_services.plan(PlanCase(case_id=case_id, actor="sofie"))
    first_kb = dt.date.fromisoformat(earliest.planned["politisk_behandling@kb"])
    calendar = memory_services.config.calendar
    assert calendar is not None
    later = next(m.date for m in calendar.meetings.select(body="kb")
                 if m.date > first_kb + dt.timedelta(days=60))  # fmt: skip
    planned = memory_services.plan(PlanCase(case_id=case_id, actor="sofie", target_body="kb",
                                            target_date=later))  # fmt: skip
    assert planned.planned["politisk_behandling@kb"] == later.isoformat()
    # Backwards from the target: every step's deadline is at least as late as the earliest plan's.
    for step, due in earliest.planned.items():
        if step in planned.planned:
            assert planned.planned[step] >= due, step
    assert planned.planned["kladde"] > earliest.planned["kladde"]
    with pytest.raises(TargetMeetingNotFeasible, match="earliest"):
        memory_services.plan(
            PlanCase(
                case_id=case_id,
                actor="sofie",
                target_body="kb",
                target_date=first_kb - dt.timedelta(days=30),
            )
        )
    with pytest.raises(TargetMeetingNotFeasible, match="not on the route"):
        memory_services.plan(
            PlanCase(case_id=case_id, actor="sofie", target_body="buu", target_date=later)
        )


def test_a_local_plan_passes_the_council_twice_around_a_statutory_hearing(
    memory_services: App,
) -> None:
    import datetime as dt

    case = memory_services.open_case(OpenCase(
        title="Lokalplan 300", actor="aase", workflow="lokalplan",
        route=[("bpu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "lokalplaner"},
    ))  # fmt: skip
    planned = memory_services.plan(PlanCase(case_id=case.id, actor="sofie")).planned
    proposal = dt.date.fromisoformat(planned["forslag@kb"])
    final = dt.date.fromisoformat(planned["endelig_vedtagelse@kb"])
    hearing_due = dt.date.fromisoformat(planned["offentlig_hoering"])
    # The proposal is published on Plandata.dk, then at least 4 weeks of hearing (planloven
    # § 24, stk. 5), then the final adoption.
    assert hearing_due - proposal >= dt.timedelta(weeks=4)
    assert final > hearing_due
    plan = last_plan(memory_services.history(case.id))
    assert plan is not None
    assert [m["body"] for m in plan["meetings"]] == ["bpu", "oeu", "kb"] * 2


@pytest.mark.parametrize(
    ("received", "meeting"),
    [("2026-03-18", "2026-03-26"), ("2026-03-19", "2026-04-30")],
)
def test_a_members_proposal_goes_on_the_next_meeting_8_days_after(
    memory_services: App, received: str, meeting: str
) -> None:
    import datetime as dt

    case = memory_services.open_case(OpenCase(
        title="Forslag om gratis busser", actor="sofie", workflow="medlemsforslag",
        route=[("kb", "beslutter")], centre="bds",
    ))  # fmt: skip
    planned = memory_services.plan(PlanCase(
        case_id=case.id, actor="sofie", ready=dt.date.fromisoformat(received),
    )).planned  # fmt: skip
    # KSL § 11: received at least 8 days before an ordinary meeting, it is on that meeting —
    # the council's local 15-working-day intake does not apply to a member's proposal.
    assert planned["behandling@kb"] == meeting


def test_cases_planned_for_a_cancelled_meeting_are_planned_again(
    memory_services: App,
) -> None:
    import dataclasses

    from casework.adapters.config.full import Given
    from casework.domain.meetings import MeetingPlan

    case_id = _open(memory_services)
    untouched = _open(memory_services)  # not planned: nothing to re-plan
    planned = memory_services.plan(PlanCase(case_id=case_id, actor="sofie")).planned
    cancelled = planned["politisk_behandling@tmu"]
    config = memory_services.config
    assert config.calendar is not None
    kept = [m for m in config.calendar.meetings.select()
            if not (m.body == "tmu" and m.date.isoformat() == cancelled)]  # fmt: skip
    calendar = dataclasses.replace(config.calendar, meetings=MeetingPlan.of(kept))
    moved = dataclasses.replace(config, calendar_source=Given(calendar))
    services = dataclasses.replace(memory_services, config=moved)
    assert services.replan_stale("sofie") == [case_id]
    again = services.case(case_id)[0].planned["politisk_behandling@tmu"]
    assert again > cancelled
    assert services.replan_stale("sofie") == []  # nothing stale any more
    assert all(e.kind is not EventKind.PLANNED for e in services.history(untouched))


def test_a_full_meeting_sends_the_next_planned_case_to_a_later_one(
    memory_services: App,
) -> None:
    config = memory_services.config
    assert config.calendar is not None
    capacity = config.calendar.rules.for_body("tmu").capacity
    assert capacity is not None
    first = [_open(memory_services) for _ in range(capacity + 1)]
    meetings = [
        memory_services.plan(PlanCase(case_id=c, actor="sofie")).planned["politisk_behandling@tmu"]
        for c in first
    ]
    assert len(set(meetings[:capacity])) == 1  # the first meeting fills up…
    assert meetings[capacity] > meetings[0]  # …and the next case goes to a later one
