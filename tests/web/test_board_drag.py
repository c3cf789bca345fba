"""Drag and drop on the flow board in a real browser (issue 22, item 1): a planned card dragged
onto another meeting of its body is re-planned for that meeting by the card's own move form
(the same post, CSRF token and engine command as its button) and recorded in the case's
history; while it is dragged, the body's other meetings it can reach take it and the rest
refuse; a drop on another body's meeting, or on a meeting of its body that is too soon for it
(the planner would refuse the move, CW217), sends nothing and changes nothing, and the board's
poll does not replace the board under a drag in progress.

Uses the live server and Debian's Chromium of :mod:`test_browser`.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import _person, chromium, live_url  # noqa: F401 - the fixtures

from casework.app import App
from casework.domain.commands import OpenCase, PlanCase

pytestmark = pytest.mark.slow


def _card(lane: str, case_id: str) -> str:
    return f'#board-results [data-meeting="{lane}"] [data-case="{case_id}"]'


def _plans(services: App, case_id: str) -> int:
    return sum(1 for e in services.history(case_id) if "plan" in str(e.kind))


def test_a_planned_card_dragged_to_another_meeting_is_re_planned(
    chromium: Any,  # noqa: F811 - the fixture
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    case = web_services.open_case(
        OpenCase(workflow="beslutningssag", title="Ny cykelsti langs Strandvejen", actor="aase",
                 route=[("bpu", "beslutter")], attributes={"politikomraade": "lokalplaner"})
    )  # fmt: skip
    web_services.plan(PlanCase(case_id=case.id, actor="sofie"))
    page = _person(chromium, live_url, "sofie")
    page.set_viewport_size({"width": 1280, "height": 2400})  # the lanes on one screen
    page.goto(f"{live_url}/tavle?moeder=4")
    card = page.locator(f'#board-results [data-case="{case.id}"][draggable="true"]')
    assert card.count() == 1
    now = card.evaluate("c => c.closest('[data-meeting]').getAttribute('data-meeting')")
    targets = card.locator("select[name=target] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    later = [t for t in targets if t > now]
    assert now.startswith("bpu/") and later and all(t.startswith("bpu/") for t in targets)
    # BPU's meetings before the one planned are too soon for the case's steps: not offered.
    lanes = page.locator('#board-results [data-meeting^="bpu/"]').evaluate_all(
        "lanes => lanes.map(l => l.getAttribute('data-meeting'))"
    )
    too_soon = [lane for lane in lanes if lane < now]
    assert too_soon and not set(too_soon) & set(targets)
    elsewhere = page.locator('#board-results [data-meeting^="tmu/"]').first
    before = _plans(web_services, case.id)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    # While the card is dragged: the body's other meetings are marked to take it, the rest
    # refuse; the poll (every 5 s) leaves the board alone; dropped on TMU's lane, nothing.
    page.evaluate("document.getElementById('board-results').kept = true")
    box = card.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 8, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2, steps=3)
    other = elsewhere.bounding_box()
    assert other is not None
    page.mouse.move(other["x"] + 20, other["y"] + 20, steps=5)
    lane = page.locator(f'#board-results [data-meeting="{later[0]}"]')
    assert "drop-ok" in (lane.get_attribute("class") or "")
    assert lane.evaluate("l => getComputedStyle(l, '::before').content") == (
        '"Slip her for at flytte sagen"'
    )
    assert "drop-no" in (elsewhere.get_attribute("class") or "")
    assert "drop-no" in (page.locator(f'[data-meeting="{now}"]').get_attribute("class") or "")
    page.wait_for_timeout(6_000)  # longer than the poll's 5 s
    assert page.evaluate("document.getElementById('board-results').kept") is True
    page.mouse.up()
    page.wait_for_timeout(500)
    assert posts == []
    assert page.locator(".drop-ok, .drop-no, .dragging").count() == 0
    assert page.locator(_card(now, case.id)).count() == 1
    assert _plans(web_services, case.id) == before

    # Dropped on a meeting of its own body it cannot reach: refused, nothing sent.
    unreachable = page.locator(f'#board-results [data-meeting="{too_soon[-1]}"]')
    box = card.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 8, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2, steps=3)
    there = unreachable.bounding_box()
    assert there is not None
    page.mouse.move(there["x"] + 20, there["y"] + 20, steps=5)
    assert "drop-no" in (unreachable.get_attribute("class") or "")
    assert "drop-ok" in (lane.get_attribute("class") or "")
    page.mouse.up()
    page.wait_for_timeout(500)
    assert posts == []
    assert page.locator(".drop-ok, .drop-no, .dragging").count() == 0
    assert page.locator(_card(now, case.id)).count() == 1
    assert _plans(web_services, case.id) == before

    # Dropped on the body's later meeting: posted by the card's form, back on the same board.
    card.drag_to(lane)
    page.wait_for_selector(_card(later[0], case.id))
    assert page.url == f"{live_url}/tavle?moeder=4"
    assert "planlagt" in page.get_by_role("status").inner_text()
    assert posts == [f"{live_url}/sager/{case.id}/plan"]
    assert page.locator(_card(now, case.id)).count() == 0
    # Re-planned through the engine and recorded in the case's history.
    assert _plans(web_services, case.id) == before + 1
    assert later[0].split("/")[1] in web_services.case(case.id)[0].planned.values()
