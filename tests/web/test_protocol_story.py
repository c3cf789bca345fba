"""Issue 13's done criterion in a real browser: one committee meeting's whole cycle in the web app,
and the public beslutningsprotokol is the golden file.

Playwright drives Debian's Chromium (the fixtures of ``test_browser.py``). The three cases of
:mod:`tests.protocol_cycle` reach BPU's meeting step through the services; from there the
secretariat does everything with the meeting page's buttons and forms: books the planned cases,
closes and sends the agenda, opens the meeting, records an absence, takes the minutes (a vote
with a minority statement and a protocol entry, an oversendt, the closed item), approves and
publishes them. A citizen, not signed in, then fetches the public protocol: byte for byte the
golden HTML and JSON, the closed item by number and heading only. Screenshots go to
``docs/images/web-meeting-cycle.png`` and ``web-protocol-public.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from casework.app import App
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
from tests.web.test_browser import _person, _shot, chromium, live_url

pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "protocol_bpu_2026-03-10_public_da"
__all__ = ["chromium", "live_url"]  # the fixtures, used by name

_LABELS = {
    "text": "Beslutningstekst",
    "in_favour": "For stemte",
    "against": "Imod stemte",
    "abstaining": "Undlod at stemme",
    "votes": "Afstemning",
    "minority": "Mindretalsudtalelser",
    "entries": "Protokoltilførsler",
}


def _press(page: Any, button: str, done: str) -> None:
    page.get_by_role("button", name=button).click()
    assert done in page.get_by_role("status").inner_text()


def test_a_committee_meeting_cycle_in_chromium_publishes_the_golden_protocol(
    chromium: Any, live_url: str, web_services: App
) -> None:
    base = live_url
    clock = web_services.clock
    ids = open_cases(web_services)
    sofie = _person(chromium, base, "sofie")
    sofie.get_by_role("link", name="Møder").click()
    sofie.get_by_label("Organ").select_option("bpu")
    sofie.get_by_role("button", name="Filtrér").click()
    sofie.get_by_role("link", name=f"Mødets gang BPU {MEETING_ID[4:]}").click()
    sofie.wait_for_url(f"{base}/moeder/{MEETING_ID}")

    _press(sofie, "Book de planlagte sager", "booket")
    _press(sofie, "Luk dagsordenen", "lukket")
    _press(sofie, "Udsend dagsordenen", "udsendt")
    clock.instant = HELD  # type: ignore[attr-defined]
    _press(sofie, "Åbn mødet", "åbnet")
    sofie.get_by_label("Medlem").fill(ABSENT[0])
    sofie.get_by_label("Stedfortræder").fill(ABSENT[1])
    _press(sofie, "Registrér fravær", "fraværende")

    sofie.get_by_role("link", name="Referat").first.click()
    for case_id, fields in zip(ids, DECISIONS, strict=True):
        item = sofie.locator("section.minute-item", has_text=case_id)
        item.get_by_label("Beslutning", exact=True).select_option(fields["outcome"])
        for name, label in _LABELS.items():
            if name in fields:
                item.get_by_label(label).fill(fields[name])
        if "to_body" in fields:
            item.get_by_label("Oversendes til").select_option(fields["to_body"])
        if case_id == ids[0]:
            _shot(sofie, "minutes-vote")
        item.get_by_role("button", name="Registrér beslutningen").click()
        assert f"registreret for sag {case_id}" in sofie.get_by_role("status").inner_text()

    sofie.get_by_role("link", name="Mødets gang").first.click()
    clock.instant = APPROVED  # type: ignore[attr-defined]
    _press(sofie, "Godkend protokollen", "godkendt")
    clock.instant = PUBLISHED  # type: ignore[attr-defined]
    _press(sofie, "Offentliggør protokollen", "offentliggjort")
    _shot(sofie, "meeting-cycle")

    # A citizen, not signed in: the public protocol is the golden file, byte for byte.
    citizen = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    url = f"{base}/moeder/{MEETING_ID}/protokol"
    html = citizen.request.get(f"{url}.html?udgave=offentlig")
    assert html.ok
    assert html.text() == GOLDEN.with_suffix(".html").read_text("utf-8")
    data = citizen.request.get(f"{url}.json?udgave=offentlig")
    assert data.json() == json.loads(GOLDEN.with_suffix(".json").read_text("utf-8"))
    citizen.goto(url)
    shown = citizen.content()
    assert "Lukket punkt: Ejendomssag" in shown and "For stemte: 5" in shown
    assert "Oversendt til Teknik- og Miljøudvalget" in shown
    for text in (shown, html.text(), data.text()):
        assert SECRET not in text
    assert citizen.get_by_role("link", name="PDF").get_attribute("href") == (
        f"/moeder/{MEETING_ID}/protokol.pdf?udgave=offentlig"
    )
    _shot(citizen, "protocol-public")
