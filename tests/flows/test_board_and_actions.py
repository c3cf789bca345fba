"""The coordinator board, the UI actions and the agenda runs, run as real flows on a test server."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from casework.app import App
from casework.domain.case import responsible_people
from casework.flows.actions import AdvanceRequest, PlanRequest, advance_case, plan_case
from casework.flows.agendas import agenda_times, close_agenda, publish_agenda
from casework.flows.artifacts import case_route_key, flow_map_markdown
from casework.flows.board import coordinator_board
from casework.services.ports import CaseQuery


def _artifact(key: str) -> Any:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), limit=50
        )
    assert found, f"no artifact with key {key}"
    return max(found, key=lambda a: a.created)


def _actionable(services: App) -> tuple[str, str, str]:
    """An open case, a person who may act on it, and one of that person's actions."""
    municipality = services.config.municipality
    for case in services.cases(CaseQuery(limit=1000)):
        graph = services.graph(case)
        for person in responsible_people(case, graph, municipality):
            actions = case.available_actions(graph, municipality, person)
            forward = [a for a in actions if a.transition.target != case.step]
            if forward:
                return case.id, person, forward[0].action
    raise AssertionError("the demo has no case anyone can move")


def test_board_flow_publishes_board_overdue_agendas_and_routes(casework: App) -> None:
    summary = coordinator_board(route_limit=3)
    rows = casework.board("da", limit=None).rows
    assert summary["open_cases"] == len(rows) > 0

    table = json.loads(_artifact("case-board").data)
    assert [row["Sag"] for row in table] == [r.id for r in rows]
    assert [row["Trin"] for row in table] == [r.step_label for r in rows]
    assert [row["Link"] for row in table] == [f"http://casework.test/sager/{r.id}" for r in rows]
    assert {row["Status"] for row in table} <= {
        "Overskredet", "Frist i dag", "Frist snart", "I rute", "Ingen frist"
    }  # fmt: skip
    overdue = json.loads(_artifact("overdue-cases").data)
    assert len(overdue) == summary["overdue"]
    assert all(row["Status"] == "Overskredet" for row in overdue)
    assert "# Kommende dagsordener" in _artifact("coming-agendas").data
    # The flow toward the meetings, from the same board view: each case headed for a meeting.
    flow = json.loads(_artifact("meeting-flow").data)
    meetings = casework.board("da", limit=None).meetings
    headed = [(f"{m.body_short} {m.date.isoformat()}", c.id) for m in meetings for c in m.cards]
    assert [(row["Møde"], row["Sag"]) for row in flow if row["Sag"] != "–"] == headed
    assert {row["Møde"] for row in flow} == {f"{m.body_short} {m.date}" for m in meetings}

    # The flow over time: the view model the board's "Flow over tid" page draws.
    history = casework.flow_history("da")
    assert summary["steps"] == len(history.steps) > 0
    assert _artifact("flow-map").data == flow_map_markdown(history)

    route = _artifact(case_route_key(rows[0].id)).data
    assert route.startswith(f"# {rows[0].id} ")
    assert "```mermaid\nflowchart TB" in route
    assert f"(http://casework.test/sager/{rows[0].id})" in route


def test_advance_from_the_ui_goes_through_the_engine_and_names_the_actor(
    casework: App,
) -> None:
    case_id, person, action = _actionable(casework)
    before, _ = casework.case(case_id)
    state = advance_case(
        AdvanceRequest(case_id=case_id, action=action, actor=person, comment="OK fra mig"),
        return_state=True,
    )
    assert state.is_completed(), state.message
    after, events = casework.case(case_id)
    assert after.version == before.version + 1
    last = events[-1]
    assert last.actor == person
    assert last.data["action"] == action
    assert "OK fra mig (via Prefect-UI, kørsel advance-" in last.data["comment"]


def test_a_refused_action_fails_the_run_with_the_engines_message(casework: App) -> None:
    case_id, _, action = _actionable(casework)
    before, _ = casework.case(case_id)
    state = advance_case(
        AdvanceRequest(case_id=case_id, action=action, actor="ingen-saadan-person"),
        return_state=True,
    )
    assert state.is_failed()
    assert state.message is not None and state.message.startswith("[CW2")
    assert "Traceback" not in state.message
    assert casework.case(case_id)[0].version == before.version  # nothing written


def test_unknown_case_fails_cleanly(casework: App) -> None:
    state = plan_case(PlanRequest(case_id="2026-9999", actor="sofie"), return_state=True)
    assert state.is_failed()
    assert state.message is not None and "2026-9999" in state.message


def test_plan_from_the_ui_records_the_plan(casework: App) -> None:
    case_id, _, _ = _actionable(casework)
    state = plan_case(PlanRequest(case_id=case_id, actor="sofie"), return_state=True)
    assert state.is_completed(), state.message
    case, events = casework.case(case_id)
    assert case.planned
    assert events[-1].actor == "sofie"


def test_agenda_runs_write_the_full_then_the_public_version(casework: App) -> None:
    now = casework.clock.now()
    coming = list(agenda_times(casework.config, now, now + dt.timedelta(days=30)))
    assert coming, "the meeting plan has agendas due within a month"
    meeting, close_at, publish_at = coming[0]
    assert close_at < publish_at
    full = close_agenda(meeting.body, meeting.date)
    public = publish_agenda(meeting.body, meeting.date)
    assert [p.rsplit(".", 1)[1] for p in full] == ["html", "pdf", "json"]
    assert all("-fuld." in p for p in full) and all("-offentlig." in p for p in public)
    body = meeting.body
    artifact = _artifact(f"agenda-{body}-{meeting.date.isoformat()}-public").data
    assert "offentliggjort" in artifact


def test_an_agenda_run_for_a_meeting_no_longer_planned_does_nothing(
    casework: App, tmp_path: Any
) -> None:
    assert close_agenda("tmu", dt.date(2026, 12, 25)) == []


@pytest.mark.parametrize("key", ["case-2026-0046-route"])
def test_route_keys_are_valid_prefect_keys(key: str) -> None:
    assert case_route_key("2026-0046") == key
    assert case_route_key("ÆØÅ_12") == "case-12-route"
