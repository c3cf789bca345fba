"""A crafted POST cannot confirm a closed item (issue 14, item 2): only the body's approval of
its agenda sets ``lukket_bekraeftet``; the details form and the new-case form refuse it."""

from __future__ import annotations

from typing import Any

from casework.app import App
from casework.domain.commands import OpenCase


def _open(services: App) -> str:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag", title="Salg af grund", actor="aase",
            route=[("bpu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "lokalplaner", "lukket": "true"},
        )
    ).id  # fmt: skip


def test_a_crafted_post_cannot_confirm_a_closed_item(browser: Any, web_services: App) -> None:
    case_id = _open(web_services)
    browser.sign_in("aase")
    answer = browser.post(
        f"/sager/{case_id}/oplysninger", f"/sager/{case_id}/oplysninger",
        attr_lukket_bekraeftet="true", attr_resume="Nyt resumé",
    )  # fmt: skip
    assert answer.status_code == 200
    assert "CW880" in answer.text and "flash-error" in answer.text
    case, _ = web_services.case(case_id)
    assert "lukket_bekraeftet" not in case.attributes
    assert "resume" not in case.attributes  # nothing of the refused change was written


def test_the_new_case_form_cannot_confirm_a_closed_item(browser: Any, web_services: App) -> None:
    browser.sign_in("aase")
    answer = browser.post(
        "/sager/ny", "/sager/ny", workflow="beslutningssag", title="Salg af grund",
        route="bpu,kb", attr_lukket="true", attr_lukket_bekraeftet="true",
    )  # fmt: skip
    assert "CW880" in answer.text
    assert all("lukket_bekraeftet" not in c.attributes for c in web_services.cases(_all()))


def _all() -> Any:
    from casework.services.ports import CaseQuery

    return CaseQuery(status=None)
