"""The meeting's cycle and its beslutningsprotokol through the web app's forms (no browser).

The secretariat takes every step of :mod:`tests.protocol_cycle` with the meeting page's buttons,
the absence form and the minutes form; the public protocol the web app then serves is the
golden file, byte for byte, and the closed item's planted secret is in no public page or file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casework.app import App
from casework.testing import FixedClock
from tests.e2e.test_agenda_cli import pdf_text
from tests.protocol_cycle import (
    ABSENT,
    APPROVED,
    DECISIONS,
    HELD,
    MEETING_ID,
    PUBLISHED,
    SECRET,
    open_cases,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PAGE = f"/moeder/{MEETING_ID}"


def _ok(response: Any) -> str:
    assert response.status_code == 200, response.text
    assert "flash-error" not in response.text, response.text
    return str(response.text)


def step(browser: Any, name: str) -> str:
    """Press the meeting page's button for ``name`` (book, close, send, hold, approve, publish)."""
    return _ok(browser.post(PAGE, f"{PAGE}/trin", trin=name))


def run_in_the_web_app(browser: Any, services: App, clock: FixedClock) -> list[str]:
    """The scripted cycle, every step through the web app's forms as the secretariat."""
    ids = open_cases(services)
    browser.sign_in("sofie")
    for name in ("book", "close", "send"):
        step(browser, name)
    clock.instant = HELD
    step(browser, "hold")
    _ok(browser.post(PAGE, f"{PAGE}/fravaer", member=ABSENT[0], substitute=ABSENT[1]))
    for case_id, fields in zip(ids, DECISIONS, strict=True):
        page = _ok(browser.post(f"{PAGE}/referat", f"{PAGE}/referat", case_id=case_id, **fields))
        assert f"registreret for sag {case_id}" in page
    clock.instant = APPROVED
    step(browser, "approve")
    clock.instant = PUBLISHED
    page = step(browser, "publish")
    assert "Protokollen er offentliggjort." in page
    return ids


def test_the_cycle_in_the_web_app_publishes_the_golden_protocol(
    browser: Any, new_browser: Any, web_services: App, clock: FixedClock
) -> None:
    public = new_browser()
    run_in_the_web_app(browser, web_services, clock)
    html = public.get(f"{PAGE}/protokol.html?udgave=offentlig")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    golden = GOLDEN / "protocol_bpu_2026-03-10_public_da"
    assert html.text == golden.with_suffix(".html").read_text("utf-8")
    data = public.get(f"{PAGE}/protokol.json?udgave=offentlig")
    assert data.text == golden.with_suffix(".json").read_text("utf-8")
    pdf = public.get(f"{PAGE}/protokol.pdf?udgave=offentlig")
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Lukket punkt: Ejendomssag" in text and "For stemte: 5" in text
    page = public.get(f"{PAGE}/protokol")
    for shown in (html.text, data.text, text, page.text):
        assert SECRET not in shown
    assert "Oversendt til Teknik- og Miljøudvalget" in page.text
    # The full version: the secretariat reads the closed item's decision.
    full = _ok(browser.get(f"{PAGE}/protokol?udgave=fuld"))
    assert f"Udvalget anbefaler købet for {SECRET}." in full
    assert SECRET in pdf_text(browser.get(f"{PAGE}/protokol.pdf?udgave=fuld").content)


def test_who_may_see_what(
    browser: Any, new_browser: Any, web_services: App, clock: FixedClock
) -> None:
    open_cases(web_services)
    public = new_browser()
    # Before the minutes are published the public has nothing to read.
    assert public.get(f"{PAGE}/protokol").status_code == 404
    assert public.get(f"{PAGE}/protokol.html").status_code == 404
    assert public.get(f"{PAGE}/protokol?udgave=fuld", follow_redirects=False).status_code == 303
    assert public.get(PAGE, follow_redirects=False).status_code == 303
    browser.sign_in("aase")  # a case officer: neither the cycle nor the full protocol
    assert browser.get(PAGE).status_code == 403
    assert browser.get(f"{PAGE}/protokol?udgave=fuld").status_code == 403
    assert browser.get(f"{PAGE}/protokol.docx").status_code == 404
    browser.client.cookies.clear()
    browser.sign_in("sofie")
    page = _ok(browser.get(PAGE))
    # A planned meeting offers booking, closing and sending; not yet the minutes' steps.
    for button in ("Book de planlagte sager", "Luk dagsordenen", "Udsend dagsordenen"):
        assert button in page
    assert "Offentliggør protokollen" not in page and "Registrér fravær" not in page
    # A step out of order is refused in one line, and nothing changes.
    refused = browser.post(PAGE, f"{PAGE}/trin", trin="publish")
    assert "flash-error" in refused.text
    refused = browser.post(PAGE, f"{PAGE}/trin", trin="explode")
    assert "flash-error" in refused.text
