"""Open bilag download without sign-in (issue 14, item 5): a citizen following a public agenda's
link gets the open bilag of an approved case; a closed bilag, any bilag of a closed item and
every bilag before the approval answer 404 (not 403: their existence does not show)."""

from __future__ import annotations

from typing import Any

from bilag_files import docx, pdf

from casework.app import App
from casework.app.bilag import AttachBilag
from casework.domain.commands import AdvanceCase, OpenCase

SECRET = "HEMMELIGT-BILAG-OFFENTLIG"


def _case(services: App, *, closed_item: bool = False) -> str:
    attributes = {"politikomraade": "lokalplaner"}
    if closed_item:
        attributes["lukket"] = "true"
    case_id = services.open_case(
        OpenCase(workflow="beslutningssag", title="Belysning", actor="aase",
                 route=[("bpu", "beslutter")], attributes=attributes)
    ).id  # fmt: skip
    services.bilag.attach(AttachBilag(case_id=case_id, actor="aase", filename="kort.pdf",
                                      content=pdf(), title="Kort"))  # fmt: skip
    services.bilag.attach(AttachBilag(case_id=case_id, actor="aase", filename="notat.docx",
                                      content=docx(SECRET), title=SECRET, closed=True,
                                      reason="personforhold"))  # fmt: skip
    return case_id


def _approve(services: App, case_id: str) -> None:
    for action, actor in (("indsend", "aase"), ("godkend", "birgitte")):
        services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))


def _status(browser: Any, url: str) -> tuple[int, bytes]:
    answer = browser.get(url, follow_redirects=False)
    return answer.status_code, answer.content


def test_an_open_bilag_is_public_once_approved(browser: Any, web_services: App) -> None:
    case_id = _case(web_services)
    assert _status(browser, f"/sager/{case_id}/bilag/1")[0] == 404  # not yet approved
    _approve(web_services, case_id)
    assert web_services.presentation(case_id).approved
    code, content = _status(browser, f"/sager/{case_id}/bilag/1")
    assert (code, content) == (200, pdf())
    closed = browser.get(f"/sager/{case_id}/bilag/2", follow_redirects=False)
    assert closed.status_code == 404 and SECRET.encode() not in closed.content
    assert SECRET not in closed.text and "notat" not in closed.text
    for missing in (f"/sager/{case_id}/bilag/9", "/sager/2099-9999/bilag/1"):
        assert _status(browser, missing)[0] == 404


def test_a_closed_items_bilag_are_never_public(
    browser: Any, web_services: App, new_browser: Any
) -> None:
    case_id = _case(web_services, closed_item=True)
    _approve(web_services, case_id)
    for number in (1, 2):
        assert _status(browser, f"/sager/{case_id}/bilag/{number}")[0] == 404
    outsider = new_browser()
    outsider.sign_in("peter")  # signed in, but outside: the same 404 as anyone
    for number in (1, 2):
        assert _status(outsider, f"/sager/{case_id}/bilag/{number}")[0] == 404
    owner = new_browser()
    owner.sign_in("aase")
    assert _status(owner, f"/sager/{case_id}/bilag/2") == (200, docx(SECRET))
