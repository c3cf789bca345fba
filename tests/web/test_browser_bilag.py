"""Bilag in a real browser (Playwright driving Debian's Chromium): the case officer uploads an
open and a closed bilag on the case page, the case goes through approval onto an agenda, and the
public agenda links the open bilag while the closed one is nowhere on it; the link downloads the
file for the secretariat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bilag_files import docx, pdf

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.services.agendas import body_meetings
from tests.web.test_browser import _person, chromium, live_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow
SECRET = "SECRET-LUKKET-BILAG"


def test_open_bilag_linked_on_the_agenda_closed_one_absent(
    chromium: Any,  # noqa: F811 - the fixture imported above
    live_url: str,  # noqa: F811
    web_services: App,
    tmp_path: Path,
) -> None:
    base = live_url
    case_id = web_services.open_case(
        OpenCase(workflow="beslutningssag", title="Tilskud til gadebelysningen i Virum",
                 actor="aase", route=[("bpu", "beslutter")],
                 attributes={"politikomraade": "lokalplaner"})
    ).id  # fmt: skip
    (tmp_path / "kort.pdf").write_bytes(pdf())
    (tmp_path / "notat.docx").write_bytes(docx(SECRET))

    aase = _person(chromium, base, "aase")
    aase.goto(f"{base}/sager/{case_id}")
    for path, title, closed in ((tmp_path / "kort.pdf", "Kort over belysningen", False),
                                (tmp_path / "notat.docx", SECRET, True)):  # fmt: skip
        aase.get_by_text("Vedhæft et bilag").click()
        aase.get_by_label("Fil (PDF, DOCX, XLSX, PNG eller JPEG)").set_input_files(str(path))
        aase.get_by_label("Titel (valgfri)").fill(title)
        if closed:
            aase.get_by_label("Lukket bilag (KSL § 10)").check()
            aase.get_by_label("Grund til lukning").select_option("personforhold")
        aase.get_by_role("button", name="Vedhæft", exact=True).click()
        assert "er vedhæftet" in aase.get_by_role("status").inner_text()
    listing = aase.locator("ul.bilag").inner_text()
    assert "Kort over belysningen" in listing and SECRET in listing and "Lukket bilag" in listing

    for action, actor in (("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise")):
        web_services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    sofie = _person(chromium, base, "sofie")
    sofie.goto(f"{base}/sager/{case_id}")
    sofie.get_by_role("button", name="Sæt på dagsorden").click()
    meeting = next(m for m in body_meetings(web_services.config, "bpu")
                   if m.date >= web_services.clock.today())  # fmt: skip
    public = chromium.new_context().new_page()
    public.goto(f"{base}/moeder/bpu-{meeting.date.isoformat()}/dagsorden?udgave=offentlig")
    content = public.content()
    assert "Bilag 1: Kort over belysningen (PDF," in content
    assert f'href="/sager/{case_id}/bilag/1"' in content
    assert SECRET not in content and "notat.docx" not in content
    full = sofie
    full.goto(f"{base}/moeder/bpu-{meeting.date.isoformat()}/dagsorden?udgave=fuld")
    assert SECRET not in full.content()  # a closed bilag is on no agenda, not even the full one
    with full.expect_download() as download:
        full.get_by_role("link", name="Bilag 1: Kort over belysningen", exact=False).click()
    saved = tmp_path / "hentet.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == pdf()
