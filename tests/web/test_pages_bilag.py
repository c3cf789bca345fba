"""The case page's bilag: upload with CSRF, the list with public/closed marks, the download's
access check, removal; a closed bilag is read only by who may read closed content."""

from __future__ import annotations

from typing import Any

from bilag_files import docx, pdf

from casework.app import App
from casework.domain.commands import OpenCase
from tests.web.conftest import csrf_of

SECRET = "SECRET-WEB-BILAG"


def _open(services: App) -> str:
    return services.open_case(
        OpenCase(workflow="beslutningssag", title="Skolestruktur", actor="aase",
                 route=[("buu", "indstiller"), ("kb", "beslutter")])
    ).id  # fmt: skip


def _upload(browser: Any, case_id: str, name: str, content: bytes, **fields: str) -> Any:
    page = browser.get(f"/sager/{case_id}")
    assert page.status_code == 200, page.text
    return browser.client.post(
        f"/sager/{case_id}/bilag",
        data={"csrf_token": csrf_of(page.text), **fields},
        files={"file": (name, content, "application/octet-stream")},
    )


def test_upload_list_download_and_remove(browser: Any, new_browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    done = _upload(browser, case_id, "kort.pdf", pdf(), title="Kort over skoledistrikter")
    assert done.status_code == 200
    assert "Bilag 1 er vedhæftet" in done.text
    done = _upload(browser, case_id, "notat.docx", docx(SECRET), title=SECRET, closed="on",
                   reason="personforhold")  # fmt: skip
    assert "Bilag 2 er vedhæftet" in done.text
    assert f'href="/sager/{case_id}/bilag/1"' in done.text
    assert SECRET in done.text  # the owner reads the closed bilag's title
    assert "Lukket bilag" in done.text
    got = browser.get(f"/sager/{case_id}/bilag/2")
    assert got.status_code == 200 and got.content == docx(SECRET)
    assert "attachment" in got.headers["content-disposition"]
    # A director over the centre sees the case and the closed bilag; a case officer of the
    # secretariat's scope who may not see closed content sees its category only.
    director = new_browser()
    director.sign_in("annelise")
    assert director.get(f"/sager/{case_id}/bilag/2").content == docx(SECRET)
    colleague = new_browser()
    colleague.sign_in("birgitte")  # the centre head: may see closed content of her centre
    assert colleague.get(f"/sager/{case_id}/bilag/1").status_code == 200
    outsider = new_browser()
    outsider.sign_in("mette")  # another centre's case officer
    assert outsider.get(f"/sager/{case_id}/bilag/1").status_code in {403, 404}
    assert outsider.get(f"/sager/{case_id}/bilag/2").status_code == 404
    anonymous = new_browser()
    answer = anonymous.get(f"/sager/{case_id}/bilag/1", follow_redirects=False)
    assert answer.status_code == 404  # public only once approved for the agenda
    page = browser.get(f"/sager/{case_id}")
    removed = browser.client.post(f"/sager/{case_id}/bilag/1/fjern",
                                  data={"csrf_token": csrf_of(page.text)})  # fmt: skip
    assert "Bilag 1 er fjernet" in removed.text
    assert [b.number for b in web_services.bilag.rows(case_id)] == [2]


def test_the_secretariat_reads_a_closed_bilag_title(
    browser: Any, new_browser: Any, web_services: App
) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    _upload(browser, case_id, "notat.docx", docx(SECRET), title=SECRET, closed="on",
            reason="personforhold")  # fmt: skip
    secretariat = new_browser()
    secretariat.sign_in("sofie")  # the secretariat sees every case, and closed content
    assert SECRET in secretariat.get(f"/sager/{case_id}").text


def test_bad_uploads_are_refused_in_one_line_and_write_nothing(
    browser: Any, web_services: App
) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    for name, content, fields, code in [
        ("fake.pdf", docx(), {}, "CW862"),
        ("noter.txt", b"hej", {}, "CW860"),
        ("kort.pdf", pdf(), {"closed": "on"}, "CW864"),
    ]:
        answer = _upload(browser, case_id, name, content, **fields)
        assert answer.status_code == 200
        assert f"[{code}]" in answer.text
    assert web_services.bilag.rows(case_id) == []
    # Without the CSRF token nothing is read at all.
    upload = {"file": ("kort.pdf", pdf(), "application/pdf")}
    answer = browser.client.post(f"/sager/{case_id}/bilag", files=upload)
    assert answer.status_code == 403
    assert web_services.bilag.rows(case_id) == []
