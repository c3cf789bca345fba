"""Issue 14's done criterion as a story in a real browser (Playwright driving Debian's Chromium).

The case officer writes the presentation in the web editor (two at-clauses), sees the checks
inline (an error first: the text refers to a bilag the case lacks), saves it, attaches two bilag
with the progress form (one closed, with a planted secret in its title and content), and the
checks pass. The centre head and the director approve it through their buttons, the secretariat
plans it and sends the agenda, so it lands frozen on the agenda. The public agenda carries the
text with the indstilling as numbered at-clauses and links the open bilag, which a citizen
downloads without signing in; the closed one answers 404. The Word document downloaded from the
editor re-imports to identical sections. The planted secret appears in no public output: the
agenda's HTML, PDF and JSON, the web pages, the JSON API, the OParl export (every object and file
it links), iCal, the Prefect artifacts' content and the reminder e-mails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from bilag_files import docx, pdf

from casework.app import App
from casework.domain.agenda import Visibility
from casework.domain.commands import OpenCase
from casework.services.agendas import body_meetings
from tests.web.test_browser import IMAGES, _person, chromium, live_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

SECRET = "HEMMELIGT-NOTAT-4711"
TITLE = "Tilskud til gadebelysningen i Virum"
TEXTS = {
    "Resumé": "Kommunen giver tilskud til at bevare den gamle gadebelysning i Virum.",
    "Sagsfremstilling": "Lamperne er fra 1930'erne. Kortet over området er bilag 1.\n\n"
    "Ejerforholdet er beskrevet i et lukket bilag.",
    "Økonomi": "Tilskuddet er 200.000 kr. fra puljen til bevaring.",
    "Indstilling": "1. tilskuddet bevilges\n2. forvaltningen følger op om et år",
}
CLAUSES = ["at tilskuddet bevilges", "at forvaltningen følger op om et år"]


def _crawl_oparl(page: Any, base: str) -> list[bytes]:
    """Every OParl object and file the export links, from the system object on."""
    seen: set[str] = set()
    bodies: list[bytes] = []
    queue = deque([f"{base}/oparl/v1"])
    while queue and len(seen) < 600:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        answer = page.request.get(url)
        body = answer.body()
        bodies.append(body)
        if "json" not in (answer.headers.get("content-type") or ""):
            continue
        for found in re.findall(rf'"({re.escape(base)}/oparl/v1[^"]*)"', body.decode()):
            if found not in seen:
                queue.append(found)
    assert len(seen) > 5, "the OParl export was not crawled"
    return bodies


def test_presentation_story(
    chromium: Any,  # noqa: F811 - the fixture imported above
    live_url: str,  # noqa: F811
    web_services: App,
    tmp_path: Path,
) -> None:
    base = live_url
    app = web_services
    case_id = app.open_case(
        OpenCase(workflow="beslutningssag", title=TITLE, actor="aase", route=[("bpu", "beslutter")],
                 attributes={"politikomraade": "lokalplaner", "beloeb": "200000"})
    ).id  # fmt: skip

    # The case officer writes the presentation in the editor; the preview follows the typing.
    aase = _person(chromium, base, "aase")
    aase.goto(f"{base}/sager/{case_id}")
    aase.get_by_role("link", name="Skriv sagsfremstillingen").click()
    for label, text in TEXTS.items():
        aase.get_by_role("textbox", name=label, exact=True).fill(text)
    assert aase.locator("#preview-indstilling li").all_inner_texts() == CLAUSES
    aase.get_by_role("button", name="Kontrollér").click()
    draft_checks = aase.locator("#findings-sagsfremstilling").inner_text()
    assert "Q005" in draft_checks  # "bilag 1": the case has no bilag yet
    # The documentation's picture: the draft checked, its findings and preview beside the text.
    aase.locator("#h-checks").scroll_into_view_if_needed()
    aase.evaluate("window.scrollTo(0, 0)")
    aase.screenshot(path=str(IMAGES / "web-presentation-editor.png"))
    assert app.presentation(case_id).latest == 0  # a check saves nothing
    aase.get_by_role("button", name="Gem").click()
    assert "Gemt: Resumé, Sagsfremstilling, Økonomi, Indstilling" in (
        aase.get_by_role("status").inner_text()
    )

    # Two bilag through the progress form, one closed with the planted secret.
    (tmp_path / "kort.pdf").write_bytes(pdf())
    (tmp_path / "notat.docx").write_bytes(docx(SECRET))
    for number, (path, title, closed) in enumerate(
        ((tmp_path / "kort.pdf", "Kort over belysningen", False),
         (tmp_path / "notat.docx", f"Ejerforhold {SECRET}", True)), start=1,
    ):  # fmt: skip
        aase.get_by_label("Fil (PDF, DOCX, XLSX, PNG eller JPEG)").set_input_files(str(path))
        aase.get_by_label("Titel (valgfri)").fill(title)
        if closed:
            aase.get_by_label("Lukket bilag (KSL § 10)").check()
            aase.get_by_label("Grund til lukning").select_option("personforhold")
        sent = f"{base}/sager/{case_id}/bilag"
        with aase.expect_request(lambda r, u=sent: r.url == u and r.resource_type == "xhr"):
            aase.get_by_role("button", name="Vedhæft", exact=True).click()  # the progress form
        status = aase.get_by_role("status")
        status.filter(has_text=f"Bilag {number} er vedhæftet").wait_for()
        assert aase.url.endswith(f"/sager/{case_id}/sagsfremstilling")
    assert aase.locator("#checks").inner_text().count("Ingen fejl.") == 1
    assert app.presentations.check(case_id).ok
    mails = _mails(app, case_id)  # the reminders while it waits at the case officer's step

    # Approval through the buttons, then the secretariat plans it and sends the agenda.
    aase.goto(f"{base}/sager/{case_id}")
    aase.get_by_role("button", name="Send til centerchef").click()
    for person in ("birgitte", "annelise"):
        page = _person(chromium, base, person)
        page.goto(f"{base}/sager/{case_id}")
        page.get_by_role("button", name="Godkend").click()
        assert "Godkend:" in page.get_by_role("status").inner_text()
    assert app.presentation(case_id).approved
    sofie = _person(chromium, base, "sofie")
    sofie.goto(f"{base}/sager/{case_id}")
    sofie.get_by_role("button", name="Sæt på dagsorden").click()
    meeting = next(m for m in body_meetings(app.config, "bpu") if m.date >= app.clock.today())
    meeting_id = f"bpu-{meeting.date.isoformat()}"
    sofie.goto(f"{base}/moeder/{meeting_id}")
    if sofie.get_by_role("button", name="Book de planlagte sager").count():
        sofie.get_by_role("button", name="Book de planlagte sager").click()
    sofie.get_by_role("button", name="Udsend dagsordenen").click()
    assert app.agendas.record("bpu", meeting.date, "da").state == "agenda_sent"  # frozen

    # The public agenda: the text, the numbered at-clauses, the open bilag linked.
    citizen = chromium.new_context().new_page()
    public_url = f"{base}/moeder/{meeting_id}/dagsorden?udgave=offentlig"
    citizen.goto(public_url)
    item = citizen.locator("li.item", has_text=TITLE)
    assert item.locator("ol.clauses li").all_inner_texts() == CLAUSES
    assert TEXTS["Resumé"] in item.inner_text()
    link = item.get_by_role("link", name="Bilag 1: Kort over belysningen", exact=False)
    assert link.get_attribute("href") == f"/sager/{case_id}/bilag/1"
    with citizen.expect_download() as download:
        link.click()
    saved = tmp_path / "hentet.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == pdf()  # no sign-in needed for an open bilag
    assert citizen.request.get(f"{base}/sager/{case_id}/bilag/2").status == 404

    # The Word document re-imports to identical sections.
    aase.goto(f"{base}/sager/{case_id}/sagsfremstilling")
    with aase.expect_download() as word:
        aase.get_by_role("link", name="Hent som Word-dokument").click()
    document = tmp_path / "sagsfremstilling.docx"
    word.value.save_as(document)
    sections = {s.id: s.text for s in app.presentation(case_id).sections}
    assert app.presentations.read_docx(case_id, document.read_bytes(), "s.docx") == sections
    aase.get_by_label("Word-dokument (DOCX)").set_input_files(str(document))
    aase.get_by_role("button", name="Indlæs").click()
    aase.get_by_role("status").filter(has_text="Intet ændret").wait_for()
    assert {s.id: s.text for s in app.presentation(case_id).sections} == sections

    # The planted secret in no public output.
    outputs: dict[str, bytes] = {}
    outputs["web agenda"] = citizen.content().encode()
    citizen.goto(f"{base}/moeder")
    outputs["web meetings"] = citizen.content().encode()
    published = app.agendas.published("bpu", meeting.date, Visibility.PUBLIC)
    for kind in ("html", "pdf", "json"):
        outputs[f"agenda {kind}"] = app.agendas.render(published, kind)
    outputs["agenda as_json"] = json.dumps(published.as_json(), ensure_ascii=False).encode()
    outputs["iCal"] = app.agendas.meetings_ical("bpu")
    for path in (f"/api/v1/meetings/bpu/{meeting.date.isoformat()}/agenda",
                 f"/api/v1/cases/{case_id}", f"/api/v1/cases/{case_id}/history",
                 f"/api/v1/cases/{case_id}/presentation"):  # fmt: skip
        outputs[f"API {path} (anonymous)"] = citizen.request.get(base + path).body()
    for n, body in enumerate(_crawl_oparl(citizen, base)):
        outputs[f"OParl {n}"] = body
    outputs.update(_artifacts(app, case_id))
    outputs.update(mails)
    leaks = [name for name, data in outputs.items() if SECRET.encode() in data]
    assert not leaks, leaks
    # The marker is there to be found: the owner's case page lists the closed bilag by title.
    aase.goto(f"{base}/sager/{case_id}")
    assert SECRET in aase.content()


def _artifacts(app: App, case_id: str) -> dict[str, bytes]:
    """What the Prefect flows publish: their artifacts' content, from the same functions."""
    from casework.app.coordination import outlook_of
    from casework.flows.artifacts import agendas_markdown, board_table, case_route_markdown

    found: dict[str, bytes] = {}
    view = app.board("da", limit=None)
    found["artifact board"] = repr(board_table(view.rows, "http://x")).encode()
    found["artifact route"] = case_route_markdown(app, case_id, "http://x").encode()
    today = app.clock.today()
    outlooks = [
        outlook_of(app.agendas.agenda("bpu", m.date), public=True)
        for m in body_meetings(app.config, "bpu")
        if today <= m.date <= today + dt.timedelta(days=60)
    ]
    found["artifact agendas"] = agendas_markdown(outlooks, today).encode()
    return found


def _mails(app: App, case_id: str) -> dict[str, bytes]:
    """The reminder e-mails about the case that daily sweeps send up to a week past the due
    date of its current step (the case officer's)."""
    from casework.domain.reminders import ReminderConfig
    from casework.services.reminders import ReminderService
    from casework.testing import FixedClock, InMemoryReminderStore, RecordingChannel

    found: dict[str, bytes] = {}
    today = app.clock.today()
    case, _ = app.case(case_id)
    assert case.due is not None
    days = (dt.date.fromisoformat(str(case.due)) - today).days + 8
    channel = RecordingChannel()
    reminders = ReminderService(
        config=app.config,
        settings=dataclasses.replace(ReminderConfig(channels=("test",)), base_url="http://x"),
        store=InMemoryReminderStore(app.uow_factory()),  # type: ignore[arg-type]
        channels=channel,
        clock=FixedClock(app.clock.now()),
    )
    for day in range(days):  # 07:30 in Copenhagen each day: "due" and "overdue" reminders
        reminders.sweep(now=dt.datetime.combine(today + dt.timedelta(days=day), dt.time(6, 30),
                                                tzinfo=dt.UTC))  # fmt: skip
    mails = [m for m, _ in channel.sent if m.case_id == case_id]
    assert mails, "no reminder e-mail about the case to look into"
    for n, message in enumerate(mails):
        found[f"e-mail {n}"] = f"{message.subject}\n{message.body}".encode()
    return found
