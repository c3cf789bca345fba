"""Properties: whatever people try, the stored case equals the replay of its events."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.app import App
from casework.domain.case import replay
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError
from casework.domain.workflow import CaseStatus
from casework.testing import FixedClock, InMemoryUnitOfWork

ROUTES = {
    "beslutningssag": [
        [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        [("buu", "beslutter")],
        [("obu", "indstiller"), ("kfu", "beslutter")],
    ],
    "orienteringssag": [[("sou", "orienteres")], [("tmu", "orienteres"), ("oeu", "orienteres")]],
    "administrativ_beslutning": [[], [("tmu", "orienteres")]],
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_stored_state_equals_replay_for_random_action_sequences(
    config: Configuration, data: st.DataObject
) -> None:
    uow = InMemoryUnitOfWork()
    clock = FixedClock(dt.datetime(2026, 5, 4, 8, tzinfo=dt.UTC))
    services = App(config=config, uow_factory=lambda: uow, clock=clock)
    workflow = data.draw(st.sampled_from(sorted(ROUTES)))
    route = data.draw(st.sampled_from(ROUTES[workflow]))
    people = sorted(config.municipality.people)
    case = services.open_case(
        OpenCase(
            workflow=workflow,
            title="Egenskabstest",
            actor="mette",
            route=route,
            attributes={"politikomraade": "veje"} if data.draw(st.booleans()) else {},
        )
    )
    all_actions = sorted({t.action for d in config.workflows.values() for t in d.transitions})
    for _ in range(data.draw(st.integers(min_value=0, max_value=40))):
        graph = services.graph(case)
        offered = sorted(graph.actions(case.step))
        action = data.draw(
            st.sampled_from(offered or all_actions)
            if data.draw(st.booleans())
            else st.sampled_from(all_actions)
        )
        actor = data.draw(st.sampled_from(people))
        before = services.case(case.id)[0]
        clock.advance(hours=data.draw(st.integers(min_value=1, max_value=200)))
        try:
            case = services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor)).case
        except CaseworkError:
            after = services.case(case.id)[0]
            assert after.state() == before.state()  # a refusal changes nothing
            continue
        assert before.status is CaseStatus.OPEN  # only open cases move

    stored, events = services.case(case.id)
    assert stored.state() == replay(events).state()
    assert stored.version == len(events)
    graph = services.graph(stored)
    position = graph.start
    for event in events[1:]:
        assert event.data["from"] == position
        edge = graph.actions(position)[event.data["action"]]
        assert edge.target == event.data["to"]
        position = edge.target
    assert position == stored.step
    assert stored.step in graph.steps
    if stored.status is CaseStatus.CLOSED:
        assert graph.is_terminal(stored.step)
        assert stored.available_actions(graph) == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_kind_of_event_replays_to_the_stored_state(
    config: Configuration, data: st.DataObject
) -> None:
    """Advances, attribute changes (re-routing by the plan), overrides and recorded plans."""
    from casework.domain.commands import ChangeAttributes, ChangeRoute, PlanCase

    uow = InMemoryUnitOfWork()
    clock = FixedClock(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC))
    services = App(config=config, uow_factory=lambda: uow, clock=clock)
    case = services.open_case(OpenCase(
        title="Lokalplan til egenskabstest", actor="aase",
        attributes={"sagstype": "lokalplan", "politikomraade": "lokalplaner"},
    ))  # fmt: skip
    people = sorted(config.municipality.people)
    routes = [[("bpu", "beslutter")], [("bpu", "indstiller"), ("kb", "beslutter")],
              [("bpu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]]  # fmt: skip
    for _ in range(data.draw(st.integers(min_value=0, max_value=25))):
        clock.advance(hours=data.draw(st.integers(min_value=1, max_value=120)))
        step = data.draw(st.sampled_from(["advance", "set", "route", "plan"]))
        actor = data.draw(st.sampled_from(people))
        command: object
        if step == "advance":
            offered = sorted(services.graph(case).actions(case.step)) or ["indsend"]
            command = AdvanceCase(case_id=case.id, action=data.draw(st.sampled_from(offered)),
                                  actor=actor)  # fmt: skip
        elif step == "set":
            value = data.draw(st.sampled_from([True, False, None]))
            command = ChangeAttributes(case_id=case.id, actor=actor,
                                       attributes={"principiel": value})  # fmt: skip
        elif step == "route":
            command = ChangeRoute(case_id=case.id, actor=actor, reason="Egenskabstest",
                                  route=data.draw(st.sampled_from(routes)))  # fmt: skip
        else:
            command = PlanCase(case_id=case.id, actor=actor)
        handler = {"advance": services.advance, "set": services.change_attributes,
                   "route": services.change_route, "plan": services.plan}[step]  # fmt: skip
        with contextlib.suppress(CaseworkError):  # a refusal changes nothing: checked above
            handler(command)  # type: ignore[operator]
        case = services.case(case.id)[0]
    stored, events = services.case(case.id)
    assert stored.state() == replay(events).state()
    assert stored.version == len(events)
    assert services.verify_audit().ok
