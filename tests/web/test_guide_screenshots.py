"""The screenshots of the three user guides (issue 18, item 6), taken in a real browser.

``docs/guide-case-officer.md``, ``docs/guide-coordinator.md`` and ``docs/guide-trainer.md``
show the pages a case officer, a coordinator (the secretariat) and a trainer use. This test
takes their pictures with the harness of ``test_browser.py`` (Playwright driving Debian's
Chromium, the app under uvicorn on the in-memory store with the fixed clock, Monday 2 March
2026), after filling the store with the demo's cases, and writes them as
``docs/images/guide-*.png``: the first screen of each page (1280 × 800), which keeps each image
small. (The trainer's routes page and role play are ``test_training_site.py``'s pictures.)
Each page is checked for what the guide says is on it, and every guide names only pictures
that exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from casework.app import App, admin
from tests.web.test_browser import IMAGES, _person, chromium, live_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow
DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = ("guide-case-officer.md", "guide-coordinator.md", "guide-trainer.md")


def _shot(page: Any, name: str) -> Path:
    page.set_viewport_size({"width": 1280, "height": 800})
    path = IMAGES / f"guide-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert len(path.read_bytes()) < 400_000, path.name  # the documentation images' limit
    return path


def _text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_guide_screenshots(
    chromium: Any,  # noqa: F811 - the fixture imported above
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    base = live_url
    assert admin.seed_demo(web_services, cases=60, seed=2026).opened

    # The case officer: her cases, a new case, one case and its presentation.
    aase = _person(chromium, base, "aase")
    assert "Mine sager" in aase.content()
    _shot(aase, "sagsbehandler-mine-sager")
    aase.goto(f"{base}/sager/ny")
    assert aase.get_by_role("button", name="Opret sagen").is_visible()
    _shot(aase, "sagsbehandler-ny-sag")
    aase.goto(f"{base}/")
    case_link = aase.locator("main a[href^='/sager/2']").first
    case_path = re.sub(r"[?#].*", "", str(case_link.get_attribute("href")))
    aase.goto(f"{base}{case_path}")
    assert "Historik" in _text(aase) or "Forløb" in _text(aase)
    _shot(aase, "sagsbehandler-sag")
    aase.goto(f"{base}{case_path}/sagsfremstilling")
    assert "Resumé" in _text(aase)
    _shot(aase, "sagsbehandler-sagsfremstilling")

    # The coordinator: the board, the flow over time, the meetings and one agenda.
    sofie = _person(chromium, base, "sofie")
    sofie.goto(f"{base}/tavle")
    assert "Sagstavlen" in sofie.content()
    _shot(sofie, "koordinator-tavle")
    sofie.goto(f"{base}/moeder")
    _shot(sofie, "koordinator-moeder")
    meeting = sofie.locator("main a[href^='/moeder/']").first
    meeting_path = re.sub(r"[?#].*", "", str(meeting.get_attribute("href")))
    sofie.goto(f"{base}{meeting_path}")
    _shot(sofie, "koordinator-moede")

    # The trainer: den virtuelle byrådssal's quiz (no sign-in); its routes page and role play
    # are test_training_site.py's pictures (web-training-*.png).
    trainer = chromium.new_context(locale="da-DK").new_page()
    trainer.goto(f"{base}/byraadssal/index.html")
    assert "Den virtuelle byrådssal" in trainer.content()
    trainer.get_by_role("link", name="Quiz").first.click()
    assert "quiz" in trainer.url
    _shot(trainer, "underviser-quiz")


def test_the_guides_show_existing_pictures_and_are_linked_from_the_readme() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for guide in GUIDES:
        text = (DOCS / guide).read_text(encoding="utf-8")
        assert f"docs/{guide}" in readme, guide
        pictures = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", text)
        assert len(pictures) >= 2, guide
        for picture in pictures:
            assert (DOCS / picture).is_file(), (guide, picture)
