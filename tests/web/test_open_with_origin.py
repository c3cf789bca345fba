"""A decision case opened already linked to its discussion (issue 20) through the web's new-case
form and the JSON API's ``POST /api/v1/cases``: one use case (``App.discussions.
open_with_origin``) for both, as for ``case new --origin``. A bad origin — unknown, not a
discussion, a closed item the person may not see — opens nothing and links nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.services.ports import CaseQuery
from tests.web.conftest import Browser

SECRET = "HEMMELIG-OPRINDELSE-20"
NEW = {"title": "Vision for bymidten", "workflow": "beslutningssag", "route": "tmu,kb"}


def _discussion(app: App, title: str = "Temadrøftelse: fremtidens bymidte", **attrs: object) -> str:
    return app.open_case(OpenCase(
        workflow="droeftelsessag", title=title, actor="mette",
        attributes={"politikomraade": "veje", **attrs},
    )).id  # fmt: skip


def _state(app: App) -> list[tuple[str, int]]:
    """Every case with its number of events: what a refused write must leave as it was."""
    cases = app.cases(CaseQuery(status=None, limit=10_000))
    return sorted((c.id, c.version) for c in cases)


# ----------------------------------------------------------------------------- the web form
def test_the_new_case_form_opens_the_case_linked_to_its_origin(
    browser: Browser, web_services: App
) -> None:
    discussion = _discussion(web_services)
    browser.sign_in("mette")
    page = browser.get(f"/sager/{discussion}")
    assert f'href="/sager/ny?oprindelse={discussion}"' in page.text  # from the discussion
    form = browser.get(f"/sager/ny?oprindelse={discussion}")
    assert f'name="origin" value="{discussion}"' in form.text
    made = browser.post("/sager/ny", "/sager/ny", **NEW, attr_politikomraade="veje",
                        origin=discussion)  # fmt: skip
    assert made.url.path.startswith("/sager/2026-"), made.text
    case_id = made.url.path.rsplit("/", 1)[1]
    assert f'data-origin="{discussion}"' in made.text
    _, events = web_services.case(case_id)
    assert [e.kind.value for e in events] == ["case.opened", "case.linked"]
    discussion_page = browser.get(f"/sager/{discussion}").text
    assert f'data-produced="{case_id}"' in discussion_page


def test_a_bad_origin_in_the_form_opens_nothing_and_says_so_at_the_field(
    browser: Browser, web_services: App
) -> None:
    discussion = _discussion(web_services)
    decision = web_services.open_case(OpenCase(
        workflow="beslutningssag", title="Trafikplan", actor="mette",
        route=[("tmu", "indstiller"), ("kb", "beslutter")], attributes={"politikomraade": "veje"},
    )).id  # fmt: skip
    closed = _discussion(web_services, f"Grundkøb {SECRET}", lukket=True,
                         lukket_grund="ejendomshandel")  # fmt: skip
    before = _state(web_services)
    for person, origin, code in (("mette", "2026-0999", "CW201"), ("mette", decision, "CW920"),
                                 ("jonas", closed, "CW201")):  # fmt: skip
        browser.sign_in(person)
        refused = browser.post("/sager/ny", "/sager/ny", **NEW, attr_politikomraade="veje",
                               origin=origin)  # fmt: skip
        assert refused.status_code == 400, (origin, refused.text)
        assert 'id="err-origin"' in refused.text and f"[{code}]" in refused.text, origin
        assert 'aria-invalid="true"' in refused.text
        assert SECRET not in refused.text
        assert _state(web_services) == before
    # A discussion cannot come from a discussion (CW921): the same, at the same field.
    browser.sign_in("mette")
    again = browser.post("/sager/ny", "/sager/ny", title="Ny drøftelse",
                         workflow="droeftelsessag", attr_politikomraade="veje",
                         origin=discussion)  # fmt: skip
    assert again.status_code == 400 and "[CW921]" in again.text
    assert _state(web_services) == before
    assert web_services.verify_audit().ok


def test_the_form_in_english(browser: Browser, web_services: App) -> None:
    browser.sign_in("mette")
    browser.post("/", "/sprog", lang="en", next="/sager/ny")
    form = browser.get("/sager/ny").text
    assert "Origin: discussion case (case number, optional)" in form
    refused = browser.post("/sager/ny", "/sager/ny", **NEW, attr_politikomraade="veje",
                           origin="2026-0999")  # fmt: skip
    assert "Case &#39;2026-0999&#39; does not exist." in refused.text, refused.text


# ----------------------------------------------------------------------------- the JSON API
@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_the_api_opens_the_case_linked_to_its_origin(world: World) -> None:
    app = world.services
    discussion = _discussion(app)
    body = {**NEW, "attributes": {"politikomraade": "veje"}, "origin": discussion}
    made = world.post("jonas", "/api/v1/cases", body)
    assert made.status_code == 201, made.text
    case_id = made.json()["id"]
    detail = world.get("jonas", f"/api/v1/cases/{case_id}").json()
    assert detail["origin"]["id"] == discussion
    assert [e["kind"] for e in detail["history"]] == ["case.opened", "case.linked"]
    produced = world.get("mette", f"/api/v1/cases/{discussion}").json()["produced"]
    assert [c["id"] for c in produced] == [case_id]
    # A retry with the same key answers with the same case, opened and linked once.
    keyed = {**body, "idempotency_key": "bymidte-1"}
    first = world.post("jonas", "/api/v1/cases", keyed).json()["id"]
    again = world.post("jonas", "/api/v1/cases", keyed)
    assert again.status_code == 201 and again.json()["id"] == first
    produced = world.get("mette", f"/api/v1/cases/{discussion}").json()["produced"]
    assert [c["id"] for c in produced] == [case_id, first]


def test_a_bad_origin_in_the_api_opens_nothing(world: World) -> None:
    app = world.services
    decision = world.open_case("Trafikplan")
    closed = _discussion(app, f"Grundkøb {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    before = _state(app)
    body = {**NEW, "attributes": {"politikomraade": "veje"}}
    for person, origin, status, code in (("mette", "2026-0999", 404, "CW201"),
                                         ("mette", decision, 422, "CW920"),
                                         ("jonas", closed, 404, "CW201")):  # fmt: skip
        refused = world.post(person, "/api/v1/cases", {**body, "origin": origin})
        assert refused.status_code == status, refused.text
        assert refused.json()["error"]["code"] == code
        assert SECRET not in refused.text
        assert _state(app) == before
    english = world.client.post(
        "/api/v1/cases",
        json={**body, "origin": decision},
        headers={**world.headers("mette"), "Accept-Language": "en"},
    )
    assert "is not a discussion case" in english.json()["error"]["message"]
    blank = world.post("mette", "/api/v1/cases", {**body, "origin": ""})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "CW213"
    assert _state(app) == before
    assert app.verify_audit().ok
    schema = world.client.get("/openapi.json").json()["components"]["schemas"]
    assert "origin" in schema["OpenCaseRequest"]["properties"]
