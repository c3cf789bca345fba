"""Issue 16, items 2 and 3 on the web: the forms and the API refuse what the commands refuse,
and a case stored before the rules with odd characters or an unbounded amount still shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world

from casework.app import App
from casework.domain import commands, organisation
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.services.ports import CaseQuery

ODD_TITLE = 'Vej\x00projekt \x1b[31m<b>fed</b>\x1b[0m "citat" \x7f slut'


def _stored_before_the_rules(services: App, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as before:
        before.setattr(organisation, "within_limit", lambda _n: True)
        before.setattr(organisation, "check_number", lambda value, _field="": value)
        before.setattr(commands, "check_number", lambda value, _field="": value)
        before.setattr(commands, "check_one_line", lambda text, _field="": text)
        return services.open_case(
            OpenCase(
                title=ODD_TITLE,
                actor="aase",
                attributes={
                    "politikomraade": "lokalplaner",
                    "sagstype": "tillaegsbevilling",
                    "beloeb": "1e309",
                },
            )
        ).id


def test_a_stored_odd_case_shows_on_every_page(
    browser: Any, web_services: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _stored_before_the_rules(web_services, monkeypatch)
    browser.sign_in("aase")
    page = browser.get(f"/sager/{case_id}")
    assert page.status_code == 200, page.text
    assert "1E+309" in page.text and "<b>fed</b>" not in page.text
    journey = browser.get(f"/sager/{case_id}/forloeb.svg")
    assert journey.status_code == 200, journey.text
    assert "<svg" in journey.text and "\x00" not in journey.text and "\x1b" not in journey.text
    for url in ("/tavle", "/"):
        assert browser.get(url).status_code == 200, url


def test_the_new_case_form_refuses_control_characters_and_writes_nothing(
    browser: Any, web_services: App
) -> None:
    browser.sign_in("aase")
    for fields, field, text in (
        ({"title": "Vejprojekt\x1b[31m"}, "title", "styretegn (U+001B ESC)"),
        ({"title": "Vejprojekt", "attr_beloeb": "1e309"}, "attr_beloeb", "ikke et gyldigt tal"),
    ):
        answer = browser.post("/sager/ny", "/sager/ny", attr_politikomraade="lokalplaner", **fields)
        assert answer.status_code == 400, answer.text
        assert "Sagen blev ikke oprettet" in answer.text  # the form again, the error at its field
        assert f'id="err-{field}">' in answer.text and text in answer.text
    assert web_services.cases(CaseQuery(limit=10)) == []


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_the_api_refuses_control_characters_and_infinite_amounts(world: World) -> None:
    base = {"title": "Cykelsti", "workflow": "beslutningssag", "route": "tmu,kb"}
    nul = world.post("mette", "/api/v1/cases", {**base, "title": "Cykel\x00sti"})
    assert nul.status_code == 422 and nul.json()["error"]["code"] == "CW230"
    # JSON's 1e309 reads as infinity in Python: refused, not stored.
    body = (
        '{"title": "Cykelsti", "workflow": "beslutningssag", "route": "tmu,kb",'
        ' "attributes": {"politikomraade": "veje", "beloeb": 1e309}}'
    )
    assert json.loads(body)["attributes"]["beloeb"] == float("inf")
    infinite = world.client.post(
        "/api/v1/cases",
        headers={**world.headers("mette"), "content-type": "application/json"},
        content=body.encode(),
    )
    assert infinite.status_code == 422, infinite.text
    assert infinite.json()["error"]["code"] == "CW231"
    listed = world.get("mette", "/api/v1/cases").json()
    assert all(case["title"] != "Cykelsti" for case in listed), listed
