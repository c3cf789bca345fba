"""A § 17, stk. 4 task committee in a real browser (Playwright driving Debian's Chromium): the
facilitator opens the committee's kommissorium, fills the backlog, holds the sprint meeting
(the ideas that fit the resources), logs and closes the sprint with its evaluation against the
goals, and writes the recommendation as a case; the delegation plan routes it to the standing
committee (TMU decides), the administration approves it, the secretariat puts it on TMU's
agenda, and it is there as a decision case. The committee page is saved as
``docs/images/web-task-committee.png`` and the visual programme as
``docs/images/web-task-programme.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casework.app import App
from casework.domain.commands import AdvanceCase
from tests.web.test_browser import _person, chromium, live_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def _status(page: Any) -> str:
    return str(page.get_by_role("status").inner_text())


def test_kommissorium_through_one_sprint_to_a_decision_case_on_the_agenda(
    chromium: Any,  # noqa: F811 - the fixture imported above
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    base = live_url
    jonas = _person(chromium, base, "jonas")
    jonas.get_by_role("link", name="Opgaveudvalg").click()
    jonas.get_by_role("link", name="Opgaveudvalget for bæredygtighed").click()
    assert "KSL § 17, stk. 4" in jonas.content()
    assert "Boligselskabet Engen (Boligsektor)" in jonas.locator("ul.partners").inner_text()

    for title, hours in (("Fælles ladestandere i boligområderne", "20"),
                         ("Grønne tage på skolerne", "30"),
                         ("Et klimaborgerting", "15")):  # fmt: skip
        jonas.get_by_text("Ny idé til bagkataloget").click()
        jonas.get_by_label("Idé", exact=True).fill(title)
        jonas.get_by_label("Timer", exact=True).fill(hours)
        jonas.get_by_role("button", name="Tilføj").click()
        assert "tilføjet bagkataloget" in _status(jonas)
    backlog = jonas.locator('section.lane[data-status="bagkatalog"]')
    assert backlog.locator("article.idea").count() == 3

    # The sprint meeting: first too much for the 40 hours, then what fits.
    jonas.get_by_label("Sprintmål").fill("Lokal omstilling i boligområderne")
    jonas.get_by_label("1. Fælles ladestandere i boligområderne (20 timer)").check()
    jonas.get_by_label("2. Grønne tage på skolerne (30 timer)").check()
    jonas.get_by_role("button", name="Start sprint").click()
    assert "[CW903]" in jonas.get_by_role("alert").inner_text()
    jonas.get_by_label("Sprintmål").fill("Lokal omstilling i boligområderne")
    jonas.get_by_label("1. Fælles ladestandere i boligområderne (20 timer)").check()
    jonas.get_by_label("3. Et klimaborgerting (15 timer)").check()
    jonas.get_by_role("button", name="Start sprint").click()
    assert "Sprint 1 er startet" in _status(jonas)
    assert jonas.locator('section.lane[data-status="i_sprint"] article.idea').count() == 2

    jonas.get_by_label("Ny linje i sprintloggen").fill("Workshop med Boligselskabet Engen")
    jonas.get_by_role("button", name="Skriv").click()
    assert "Sprintloggen er skrevet" in _status(jonas)
    jonas.get_by_label("1. Fælles ladestandere i boligområderne").check()
    jonas.get_by_label("Resultater").fill("Ladestandere kan deles af 40 opgange i Engen.")
    jonas.get_by_label("Opfyldt: Mindst tre konkrete forslag", exact=False).check()
    jonas.get_by_label("Opfyldt: Forslagene er udviklet sammen", exact=False).check()
    jonas.get_by_label("Note (3)").fill("Økonomien beskrives i næste sprint")
    jonas.get_by_role("button", name="Luk sprint og evaluér").click()
    assert "Sprint 1 er lukket og evalueret" in _status(jonas)
    evaluation = jonas.locator("ul.evaluation").inner_text()
    assert "ikke opfyldt (Økonomien beskrives i næste sprint)" in evaluation
    # The unfinished idea is back in the backlog for the next sprint meeting.
    backlog_text = jonas.locator('section.lane[data-status="bagkatalog"]').inner_text()
    assert "Et klimaborgerting" in backlog_text
    IMAGES.mkdir(parents=True, exist_ok=True)
    jonas.locator("#h-board").scroll_into_view_if_needed()
    jonas.evaluate("document.getElementById('h-board').scrollIntoView()")
    jonas.screenshot(path=str(IMAGES / "web-task-committee.png"))

    jonas.get_by_role("link", name="2026-04-01 17:00", exact=False).click()
    assert jonas.locator("ol.programme li").count() == 6
    assert jonas.locator("ol.programme time").first.inner_text() == "17:00"
    jonas.screenshot(path=str(IMAGES / "web-task-programme.png"))
    jonas.get_by_role("link", name="Tilbage til udvalget").click()

    jonas.get_by_role("button", name="Skriv indstillingen som sag").click()
    assert "Indstillingen er sag" in _status(jonas)
    assert "Teknik- og Miljøudvalget" in _status(jonas)
    case_id = jonas.url.rsplit("/", 1)[1]
    case, _ = web_services.case(case_id)
    assert case.workflow_id == "beslutningssag"
    assert [(e.body, e.role.value) for e in case.route] == [("tmu", "beslutter")]
    assert "Opgaveudvalget for bæredygtighed" in jonas.locator("h1").inner_text()

    for action, actor in (("indsend", "jonas"), ("godkend", "henrik"), ("godkend", "annelise")):
        web_services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    sofie = _person(chromium, base, "sofie")
    sofie.goto(f"{base}/sager/{case_id}")
    sofie.get_by_role("button", name="Sæt på dagsorden").click()
    meeting = next(day for day, _ in _meetings(web_services, "tmu")
                   if day >= web_services.clock.today().isoformat())  # fmt: skip
    agenda = sofie.context.new_page()
    agenda.goto(f"{base}/moeder/tmu-{meeting}/dagsorden?udgave=offentlig")
    content = agenda.content()
    assert "Indstilling fra Opgaveudvalget for bæredygtighed" in content
    assert "Ladestandere kan deles af 40 opgange" in content or case.title in content

    # The recommendation case leads back to the committee that wrote it, and the committee's
    # page to the case.
    jonas.goto(f"{base}/sager/{case_id}")
    jonas.get_by_role("link", name="Indstilling fra opgaveudvalget", exact=False).click()
    assert jonas.url == f"{base}/opgaveudvalg/obu"
    assert f'href="/sager/{case_id}"' in jonas.content()


def _meetings(app: App, body: str) -> list[tuple[str, str]]:
    calendar = app.config.calendar
    assert calendar is not None
    return [
        (m.date.isoformat(), m.time.strftime("%H:%M")) for m in calendar.meetings.for_body(body)
    ]
