"""The presentation's editor on the web (issue 14, items 5 and 6): a text area per section with
its preview, the quality checks inline with the CLI's codes, "Kontrollér" without saving, "Gem"
as new versions, the Word document down and up, CSRF as on every form, and a closed item's
presentation nowhere for whoever may not see it."""

from __future__ import annotations

import io
import re
from typing import Any

import docx

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.presentation_commands import SaveText
from tests.web.conftest import csrf_of

SECRET = "HEMMELIG-SAGSFREMSTILLING"


def _open(services: App, *, closed: bool = False, title: str = "Tilskud til belysning") -> str:
    attributes = {"politikomraade": "lokalplaner"}
    if closed:
        attributes["lukket"] = "true"
    return services.open_case(
        OpenCase(workflow="beslutningssag", title=title, actor="aase",
                 route=[("bpu", "beslutter")], attributes=attributes)
    ).id  # fmt: skip


def _sections(services: App, case_id: str) -> dict[str, str]:
    return {s.id: s.text for s in services.presentation(case_id).sections}


def test_the_editor_checks_a_draft_and_saves_versions(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}/sagsfremstilling")
    assert page.status_code == 200
    html = page.text
    for section in ("resume", "sagsfremstilling", "oekonomi", "indstilling"):
        assert f'name="text_{section}"' in html
    # The saved (empty) presentation's checks inline, with the CLI's codes.
    cli_codes = {f.code for f in web_services.presentations.check(case_id).findings}
    assert all(code in html for code in cli_codes)
    draft = {
        "text_resume": "I henhold til planen fornyes belysningen, se bilag 3.",
        "text_sagsfremstilling": "Lamperne er gamle.\n\nDe skiftes i 2027 <b>nu</b>.",
        "text_indstilling": "1. planen godkendes\n2. at der gives tilskud",
    }
    checked = browser.post(f"/sager/{case_id}/sagsfremstilling",
                           f"/sager/{case_id}/sagsfremstilling", do="check", **draft)  # fmt: skip
    assert checked.status_code == 200
    assert "Kvalitetssikring af udkastet" in checked.text
    assert "<li>at planen godkendes</li>" in checked.text  # the preview numbers the clauses
    assert "&lt;b&gt;nu&lt;/b&gt;" in checked.text and "<b>nu</b>" not in checked.text
    assert _sections(web_services, case_id)["resume"] == ""  # nothing saved by a check
    draft_codes = {
        f.code
        for f in web_services.presentations.check(
            case_id, draft={k[5:]: v for k, v in draft.items()}
        ).findings
    }
    assert {"Q005", "Q007"} <= draft_codes  # bilag 3 the case lacks; plainer wording
    assert all(code in checked.text for code in draft_codes)
    assert "finding-error" in checked.text and "Ingen fejl" not in checked.text
    saved = browser.post(f"/sager/{case_id}/sagsfremstilling",
                         f"/sager/{case_id}/sagsfremstilling", do="save", **draft)  # fmt: skip
    assert saved.status_code == 200 and "Gemt: Resumé, Sagsfremstilling, Indstilling" in saved.text
    texts = _sections(web_services, case_id)
    assert texts["indstilling"] == "at planen godkendes\nat der gives tilskud"
    assert web_services.presentation(case_id).latest == 3
    again = browser.post(f"/sager/{case_id}/sagsfremstilling",
                         f"/sager/{case_id}/sagsfremstilling", do="save", **draft)  # fmt: skip
    assert "Intet ændret" in again.text and web_services.presentation(case_id).latest == 3


def test_a_bad_text_is_refused_and_kept_in_the_form(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    answer = browser.post(f"/sager/{case_id}/sagsfremstilling",
                          f"/sager/{case_id}/sagsfremstilling", do="save",
                          text_resume="Godt", text_oekonomi="a\x9bb")  # fmt: skip
    assert answer.status_code == 200 and "CW230" in answer.text and "flash-error" in answer.text
    assert "Godt" in answer.text  # the draft stays in the form
    assert web_services.presentation(case_id).latest == 0


def test_posts_need_the_csrf_token_and_the_right(
    browser: Any, web_services: App, new_browser: Any
) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    forged = browser.client.post(f"/sager/{case_id}/sagsfremstilling",
                                 data={"do": "save", "text_resume": "x"})  # fmt: skip
    assert forged.status_code == 403
    assert web_services.presentation(case_id).latest == 0
    outsider = new_browser()
    outsider.sign_in("peter")  # another centre: may not change aase's case
    answer = outsider.post("/", f"/sager/{case_id}/sagsfremstilling", do="save", text_resume="x")
    assert answer.status_code in {403, 404}
    assert web_services.presentation(case_id).latest == 0


def test_word_document_down_and_up(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    web_services.presentations.save(SaveText(case_id=case_id, actor="aase",
                                             section="resume", text="Kort."))  # fmt: skip
    browser.sign_in("aase")
    down = browser.get(f"/sager/{case_id}/sagsfremstilling.docx")
    assert down.status_code == 200
    assert down.headers["content-disposition"].startswith("attachment")
    doc = docx.Document(io.BytesIO(down.content))
    next(p for p in doc.paragraphs if p.text == "Kort.").text = "Kort og godt."
    out = io.BytesIO()
    doc.save(out)
    page = browser.get(f"/sager/{case_id}/sagsfremstilling")
    token = csrf_of(page.text)
    up = browser.client.post(
        f"/sager/{case_id}/sagsfremstilling.docx", data={"csrf_token": token},
        files={"file": ("redigeret.docx", out.getvalue(), "application/octet-stream")},
    )  # fmt: skip
    assert up.status_code == 200 and "Gemt: Resumé" in up.text
    assert _sections(web_services, case_id)["resume"] == "Kort og godt."
    bad = browser.client.post(
        f"/sager/{case_id}/sagsfremstilling.docx", data={"csrf_token": token},
        files={"file": ("rapport.docx", b"%PDF-1.7\n", "application/pdf")},
    )  # fmt: skip
    assert "CW881" in bad.text and "flash-error" in bad.text


def test_bilag_upload_from_the_editor_returns_to_it(browser: Any, web_services: App) -> None:
    from bilag_files import pdf

    case_id = _open(web_services)
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}/sagsfremstilling")
    assert "data-progress" in page.text
    up = browser.client.post(
        f"/sager/{case_id}/bilag",
        data={"csrf_token": csrf_of(page.text), "back": "sagsfremstilling", "title": "Kort"},
        files={"file": ("kort.pdf", pdf(), "application/pdf")},
    )  # fmt: skip
    assert up.status_code == 200 and str(up.url).endswith("/sagsfremstilling")
    assert "Bilag 1 er vedhæftet" in up.text and "Bilag 1: Kort" in up.text


def test_a_closed_items_presentation_is_not_found_for_others(
    browser: Any, web_services: App, new_browser: Any
) -> None:
    case_id = _open(web_services, closed=True, title=f"Salg {SECRET}")
    web_services.presentations.save(SaveText(case_id=case_id, actor="aase",
                                             section="resume", text=SECRET))  # fmt: skip
    for action, actor in (("indsend", "aase"),):
        web_services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    browser.sign_in("aase")
    assert SECRET in browser.get(f"/sager/{case_id}/sagsfremstilling").text
    for person in ("jonas", "mette", "peter", None):
        other = new_browser()
        if person:
            other.sign_in(person)
        for url in (
            f"/sager/{case_id}/sagsfremstilling",
            f"/sager/{case_id}/sagsfremstilling.docx",
        ):
            answer = other.get(url)
            assert SECRET not in answer.text, (person, url)
            assert SECRET.encode() not in answer.content
            if answer.status_code != 200:
                assert answer.status_code == 404, (person, url, answer.status_code)


def test_the_case_page_links_the_editor(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    html = browser.get(f"/sager/{case_id}").text
    assert re.search(rf'href="/sager/{case_id}/sagsfremstilling"', html)
