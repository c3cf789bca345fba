"""Issue 20 in a real browser (Playwright driving Debian's Chromium): the decision case page
shows the discussion it came from, with a link that opens the discussion, whose page lists the
decision case, its facilitation kit and its involvement's answers. A closed decision case
linked to the same discussion is named only by its public heading to a colleague who may not
see it (secret marker)."""

from __future__ import annotations

from typing import Any

import pytest

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from tests.web.test_browser import _person, chromium, live_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow
SECRET = "HEMMELIG-GRUNDKOEB-20"


def test_decision_case_page_shows_its_origin(
    chromium: Any,  # noqa: F811 - the fixture imported above
    live_url: str,  # noqa: F811
    web_services: App,
) -> None:
    app = web_services
    discussion = app.open_case(
        OpenCase(workflow="droeftelsessag", title="Temadrøftelse: fremtidens bymidte",
                 actor="mette",
                 attributes={"politikomraade": "veje", "droeftelsesformat": "visionsarbejde"})
    ).id  # fmt: skip
    app.advance(AdvanceCase(case_id=discussion, action="send_i_hoering", actor="mette"))
    app.discussions.answer(discussion, "aeldreraad", "Flere bænke i bymidten.", "mette")
    decision = app.open_case(
        OpenCase(workflow="beslutningssag", title="Vision for bymidten", actor="mette",
                 route=[("tmu", "indstiller"), ("kb", "beslutter")],
                 attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    closed = app.open_case(
        OpenCase(workflow="beslutningssag", title=f"Køb af grund {SECRET}", actor="mette",
                 route=[("tmu", "beslutter")],
                 attributes={"politikomraade": "veje", "lukket": True,
                             "lukket_grund": "ejendomshandel"})
    ).id  # fmt: skip
    app.discussions.link(closed, discussion, "mette")

    mette = _person(chromium, live_url, "mette")
    # The decision case is linked to its discussion with the case page's form.
    mette.goto(f"{live_url}/sager/{decision}")
    mette.get_by_label("Drøftelsessagen, sagen udspringer af (sagsnummer)").fill(discussion)
    mette.get_by_role("button", name="Knyt til drøftelsen").click()
    assert "som oprindelse" in mette.get_by_role("status").inner_text()
    section = mette.get_by_role("region", name="Drøftelse og inddragelse")
    origin = section.locator("p.origin")
    assert origin.get_attribute("data-origin") == discussion
    assert "Sagen udspringer af drøftelsessag" in origin.inner_text()
    assert "Temadrøftelse: fremtidens bymidte" in origin.inner_text()
    origin.get_by_role("link").click()
    mette.wait_for_url(f"{live_url}/sager/{discussion}")
    produced = mette.locator("ul.produced").inner_text()
    assert decision in produced and "Vision for bymidten" in produced
    assert SECRET in produced  # mette owns the closed case
    page = mette.locator("section.discussion").inner_text()
    assert "Drøftelsesformat: Visionsarbejde" in page and "Procesplan" in page
    row = mette.locator("tr[data-party=aeldreraad]").inner_text()
    assert "Flere bænke i bymidten." in row
    # The handicapråd's answer is recorded with the form under the involvement.
    mette.get_by_text("Registrér et svar").click()
    mette.get_by_label("Part").select_option("handicapraad")
    mette.get_by_label("Resumé af svaret").fill("Trinfri adgang til torvet.")
    mette.get_by_label("Svaret af (valgfri)").fill("næstformand Ib Lund")
    mette.get_by_role("button", name="Registrér svaret").click()
    assert "er registreret" in mette.get_by_role("status").inner_text()
    row = mette.locator("tr[data-party=handicapraad]").inner_text()
    assert "Trinfri adgang til torvet." in row and "næstformand Ib Lund" in row

    jonas = _person(chromium, live_url, "jonas")  # same centre, may not see mette's closed item
    jonas.goto(f"{live_url}/sager/{discussion}")
    assert SECRET not in jonas.content()
    assert "Lukket punkt: Ejendomssag" in jonas.locator("ul.produced").inner_text()
