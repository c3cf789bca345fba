"""The story in a real browser: Playwright for Python driving Debian's Chromium.

A case officer opens a case through the form, the centre head and the director approve it, the
secretariat places it on an agenda and records the committee's decision from the minutes.
Every page on the way is saved as a screenshot into ``docs/images/web-*.png``. Sign-in uses the
keyboard only, and a closed item stays out of the public agenda.

The app runs with uvicorn in a background thread on a free loopback port, on the in-memory
store with the fixed clock of the other web tests.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casework.app import App
from casework.services.agendas import body_meetings

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_url(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free port of 127.0.0.1."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    give_up = time.monotonic() + 20  # a guard against a server that never starts
    while not server.started:
        if time.monotonic() > give_up:
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (its own browser download is not reachable)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh --dev installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _person(chromium: Any, base: str, person: str) -> Any:
    """A fresh browser window with ``person`` signed in by keyboard alone."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    # Generous: the suite shares two cores with a Prefect server and other browsers.
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{base}/login")
    # Type only once the page has put the focus in the user id field (autofocus), or the first
    # keys of a busy machine go nowhere.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'person'")
    page.keyboard.type(person)  # the user id field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    return page


def _shot(page: Any, name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"web-{name}.png"), full_page=True)


def test_story_in_chromium(chromium: Any, live_url: str, web_services: App) -> None:
    base = live_url
    # The sign-in page, then the case officer.
    login = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login.goto(f"{base}/login")
    _shot(login, "login")
    aase = _person(chromium, base, "aase")

    # A new case: first with mistakes (inline errors), then right.
    aase.get_by_role("link", name="Ny sag").click()
    aase.get_by_label("Titel").fill("Ti")
    aase.get_by_label("Færdig senest").fill("30/6")
    aase.get_by_role("button", name="Opret sagen").click()
    assert aase.locator("#err-title").inner_text() == "skal være mindst 3 tegn"
    assert aase.locator("#err-deadline").is_visible()
    _shot(aase, "new-case-errors")
    aase.get_by_label("Titel").fill("Tilskud til bevaring af gadebelysningen i Virum")
    aase.get_by_label("Færdig senest").fill("")
    aase.get_by_label("Sagstype", exact=True).select_option("tilskud")
    aase.get_by_label("Politikområde").select_option("lokalplaner")
    aase.get_by_label("Beløb (kr.)").fill("200000")
    aase.get_by_label("Resumé").fill(
        "Kommunen giver tilskud til at bevare den gamle gadebelysning."
    )
    aase.get_by_role("button", name="Opret sagen").click()
    status = aase.get_by_role("status")
    assert "er oprettet" in status.inner_text()
    case_id = re.search(r"(\d{4}-\d{4})", status.inner_text()).group(1)  # type: ignore[union-attr]
    assert aase.locator("svg.route .stop-current").count() == 1
    _shot(aase, "case-opened")

    # Submitted with a comment.
    aase.get_by_label("Bemærkning").fill("Klar til centerchefen")
    aase.get_by_role("button", name="Send til centerchef").click()
    assert "Faglig godkendelse hos centerchef" in aase.get_by_role("status").inner_text()

    # The centre head and the director approve it from their own lists.
    for person in ("birgitte", "annelise"):
        page = _person(chromium, base, person)
        page.get_by_role("link", name=case_id).first.click()
        if person == "birgitte":
            _shot(page, "case-approve")
        page.get_by_role("button", name="Godkend").click()
        assert "Godkend:" in page.get_by_role("status").inner_text()

    # The secretariat places it on the agenda (the board first).
    sofie = _person(chromium, base, "sofie")
    _shot(sofie, "my-cases")
    sofie.get_by_role("link", name="Sagstavlen").click()
    sofie.get_by_label("Centre").or_(sofie.get_by_label("Center")).select_option("cby")
    sofie.wait_for_url(re.compile(r".*centre=cby.*"))  # the live filter kept the address
    _shot(sofie, "board")
    sofie.goto(f"{base}/sager/{case_id}")
    sofie.get_by_role("button", name="Sæt på dagsorden").click()
    assert "Politisk behandling" in sofie.get_by_role("status").inner_text()
    _shot(sofie, "case-on-agenda")

    meeting = next(m for m in body_meetings(web_services.config, "bpu")
                   if m.date >= web_services.clock.today())  # fmt: skip
    meeting_id = f"bpu-{meeting.date.isoformat()}"
    sofie.get_by_role("link", name="Møder").click()
    sofie.get_by_label("Organ").select_option("bpu")
    sofie.get_by_role("button", name="Filtrér").click()
    _shot(sofie, "meetings")
    sofie.goto(f"{base}/moeder/{meeting_id}/dagsorden?udgave=fuld")
    assert "Tilskud til bevaring af gadebelysningen" in sofie.content()
    _shot(sofie, "agenda-full")
    # The minutes are of a held meeting: the clock moves to the evening of the meeting day.
    web_services.clock.instant = dt.datetime.combine(meeting.date, dt.time(18), tzinfo=dt.UTC)  # type: ignore[attr-defined]
    sofie.get_by_role("link", name="Referat").click()
    sofie.get_by_label("Beslutning", exact=True).select_option("decided")
    sofie.get_by_label("Beslutningstekst").fill("Godkendt.")
    sofie.get_by_label("Afstemning").fill("For: 7")
    _shot(sofie, "minutes")
    sofie.get_by_role("button", name="Registrér beslutningen").click()
    assert f"registreret for sag {case_id}" in sofie.get_by_role("status").inner_text()

    case, _ = web_services.case(case_id)
    assert case.step == "ekspedition"
    sofie.goto(f"{base}/sager/{case_id}")
    assert "Ekspedition af beslutningen" in sofie.content()
    _shot(sofie, "case-decided")

    # In English, and the public agenda for anyone (nothing closed leaks there).
    sofie.get_by_role("button", name="English").click()
    assert "Execution of the decision" in sofie.content()
    _shot(sofie, "case-english")
    public = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{base}/moeder/{meeting_id}/dagsorden?udgave=offentlig")
    assert "Offentlig udgave" in public.content()
    _shot(public, "agenda-public")


def test_keyboard_reaches_the_skip_link_and_actions(
    chromium: Any, live_url: str, web_services: App
) -> None:
    from casework.domain.commands import OpenCase

    case = web_services.open_case(
        OpenCase(workflow="beslutningssag", title="Ny cykelsti langs Strandvejen", actor="aase",
                 route=[("bpu", "beslutter")], attributes={"politikomraade": "lokalplaner"})
    )  # fmt: skip
    page = _person(chromium, live_url, "aase")
    page.goto(f"{live_url}/sager/{case.id}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Spring til indholdet"
    page.keyboard.press("Enter")
    # From the main content, Tab reaches the comment field and then the action buttons.
    texts = []
    for _ in range(6):
        page.keyboard.press("Tab")
        texts.append(
            page.evaluate("document.activeElement.textContent || document.activeElement.id")
        )
    assert "comment" in texts and "Send til centerchef" in texts
