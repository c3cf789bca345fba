"""The pages and the JSON API render the application's view models, not wirings of their own.

Each test builds the view model through the App and checks that the page or the answer shows
exactly it, so the case page, the board, the API and the CLI cannot drift apart again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from api_fixtures import make_world
from markupsafe import escape

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration


def _plan_routed(services: App) -> str:
    """A case routed by the delegation plan (so it has a recorded decision), one step on."""
    case = services.open_case(
        OpenCase(
            title="Lokalplan 212 for Virum Bytorv",
            actor="aase",
            attributes={"sagstype": "lokalplan", "politikomraade": "lokalplaner"},
        )
    )
    services.advance(
        AdvanceCase(case_id=case.id, action="indsend", actor="aase", comment="Klar til <chef>")
    )
    return case.id


def _in_order(text: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        found = text.find(str(escape(part)), at)
        if found < 0:
            return False
        at = found + 1
    return True


def test_the_case_page_shows_the_case_view_model(browser: Any, web_services: App) -> None:
    case_id = _plan_routed(web_services)
    view = web_services.case_view(case_id, "da")
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}").text

    assert view.decision.lines  # the delegation plan's decision, explained
    assert _in_order(page, list(view.decision.lines))
    assert "--all" not in page  # the CLI's pointer is not in the view model at all
    assert str(escape(view.row.step_label)) in page
    assert str(escape(view.row.route_text)) in page
    # Newest first, each line as the view model words it (step titles, not ids).
    history = [entry.text for entry in reversed(view.history)]
    assert _in_order(page, history)
    assert "Klar til &lt;chef&gt;" in page
    plan = web_services.views.plan(view.case, "da")
    assert not plan.recorded and plan.rows
    assert _in_order(page, [row.label for row in plan.rows])
    assert all(f'<time datetime="{row.due}">' in page for row in plan.rows)


def test_a_recorded_plan_is_what_the_case_page_shows(browser: Any, web_services: App) -> None:
    case_id = _plan_routed(web_services)
    browser.sign_in("aase")
    answer = browser.post(f"/sager/{case_id}", f"/sager/{case_id}/plan")
    assert answer.status_code == 200
    case, _ = web_services.case(case_id)
    assert case.planned
    plan = web_services.views.plan(case, "da")
    assert plan.recorded
    assert [row.due for row in plan.rows] == sorted(case.planned.values())
    assert _in_order(answer.text, [row.label for row in plan.rows])


def test_the_board_names_a_step_as_the_case_page_does(browser: Any, web_services: App) -> None:
    case_id = _plan_routed(web_services)
    label = web_services.case_view(case_id, "da").row.step_label
    browser.sign_in("sofie")
    board = browser.get("/tavle").text
    assert re.search(rf"<td>{re.escape(str(escape(label)))}</td><td class=\"num\">1</td>", board)


def _plain(data: Any) -> Any:
    return json.loads(json.dumps(data))


def test_the_api_answers_the_case_view_model_and_the_plan_preview(
    tmp_path: Path, config: Configuration
) -> None:
    world = make_world(tmp_path, config)
    case_id = world.at_meeting()
    answer = world.get("mette", f"/api/v1/cases/{case_id}")
    assert answer.status_code == 200
    view = world.services.case_view(case_id, "da", actor="mette")
    assert answer.json() == _plain(view.as_json())
    assert answer.json()["decision"] is None  # the route was given: nothing was decided

    plan = world.get("mette", f"/api/v1/cases/{case_id}/plan")
    assert plan.status_code == 200
    preview = world.services.preview_plan(view.case)
    assert plan.json() == _plain({"case": case_id, **preview.as_json("da")})


def test_the_api_lists_cases_as_case_rows(tmp_path: Path, config: Configuration) -> None:
    world = make_world(tmp_path, config)
    case_id = world.open_case()
    (found,) = world.get("mette", "/api/v1/cases").json()
    case, _ = world.services.case(case_id)
    assert found == _plain(world.services.views.row(case, "da", actor="mette").as_json())
    assert "indsend" in [a["action"] for a in found["actions"]]  # mette may act on her draft
