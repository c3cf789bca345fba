"""The coordinator's flow board in a real browser (issue 22): a case moves from one column to
the next in another person's open board within 5 s of the action, without a reload; at phone
width (390 px) the board has no horizontal scrolling; it prints on one A4 landscape page.

Uses the live server and Debian's Chromium of :mod:`test_browser`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_browser import IMAGES, _person, chromium, live_url  # noqa: F401 - the fixtures

from casework.app import App, admin
from casework.domain.commands import OpenCase

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def _lane(phase: str, case_id: str) -> str:
    return f'#board-results [data-phase="{phase}"] [data-case="{case_id}"]'


def test_a_case_moves_on_another_browsers_board_within_5_seconds(
    chromium: Any,  # noqa: F811 - the fixture
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    case = web_services.open_case(
        OpenCase(workflow="beslutningssag", title="Ny cykelsti langs Strandvejen", actor="aase",
                 route=[("bpu", "beslutter")], attributes={"politikomraade": "lokalplaner"})
    )  # fmt: skip
    sofie = _person(chromium, live_url, "sofie")
    sofie.goto(f"{live_url}/tavle")
    assert sofie.locator(_lane("drafting", case.id)).count() == 1
    assert sofie.locator(_lane("approvals", case.id)).count() == 0
    marker = sofie.evaluate("window.notReloaded = true")
    assert marker is True

    aase = _person(chromium, live_url, "aase")
    aase.goto(f"{live_url}/sager/{case.id}")
    aase.get_by_role("button", name="Send til centerchef").click()
    assert "Faglig godkendelse hos centerchef" in aase.get_by_role("status").inner_text()

    # Within 5 s Sofie's open board shows it one column on, without a reload.
    sofie.wait_for_selector(_lane("approvals", case.id), timeout=5_000)
    assert sofie.locator(_lane("drafting", case.id)).count() == 0
    assert sofie.evaluate("window.notReloaded") is True


def test_the_board_fits_a_phone_and_one_a4_landscape_page(
    chromium: Any,  # noqa: F811 - the fixture
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    admin.seed_demo(web_services, cases=60, seed=2026, force=False)
    page = _person(chromium, live_url, "sofie")
    page.goto(f"{live_url}/tavle")
    assert page.locator("#board-results [data-meeting]").count() > 0
    assert page.locator("#board-results [data-phase]").count() == 6
    # A case at a political step names its meeting and the countdown, not "–".
    assert re.search(r"\d{4}-\d{2}-\d{2} \(om \d+ hverdag", page.content())
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

    phone = chromium.new_context(viewport=PHONE, locale="da-DK", is_mobile=True)
    phone.set_default_timeout(30_000)
    small = phone.new_page()
    small.goto(f"{live_url}/login")
    small.wait_for_function("document.activeElement && document.activeElement.name === 'person'")
    small.keyboard.type("sofie")
    small.keyboard.press("Tab")
    small.keyboard.type("demo")
    small.keyboard.press("Enter")
    small.wait_for_url(f"{live_url}/")
    small.goto(f"{live_url}/tavle")
    width = small.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], width
    # The flow over time too: its charts scale down, its weekly table scrolls on its own.
    small.goto(f"{live_url}/tavle/tid")
    assert small.locator("svg.chart").count() >= 3
    assert small.locator(".route-map [data-step]").count() > 5
    width = small.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], width
    small.goto(f"{live_url}/tavle")
    # The first screen of each, not the whole page: a full-page capture of 60 cases is over a
    # megabyte, and the documentation images stay under 400 kB (test_diagram_cli).
    small.screenshot(path=str(IMAGES / "web-board-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(IMAGES / "web-board-flow.png"))
