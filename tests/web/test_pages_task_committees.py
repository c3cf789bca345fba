"""The task committees on the web and in the JSON API (issue 20): the facilitator runs a sprint
through the forms (CSRF like every form) to the recommendation case; others see the board
without the forms and are refused (CW901) if they post anyway; an unknown committee is 404; a
closed recommendation's title is on no page and in no API answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.app import App
from casework.domain.configuration import Configuration
from tests.web.conftest import Browser

SECRET = "SECRET-OPGAVEUDVALG-WEB-5521"
PAGE = "/opgaveudvalg/obu"


def _flash(response: object) -> str:
    found = re.search(r'class="flash[^"]*"[^>]*>(.*?)<', response.text, re.S)  # type: ignore[attr-defined]
    return found.group(1).strip() if found else ""


def _sprint_through_the_forms(browser: Browser) -> None:
    browser.sign_in("jonas")
    for title, hours in (("Fælles ladestandere", "20"), ("Grønne tage", "30")):
        done = browser.post(PAGE, f"{PAGE}/ideer", title=title, description="", hours=hours)
        assert "tilføjet bagkataloget" in _flash(done), done.text
    refused = browser.client.post(
        f"{PAGE}/sprint",
        data={"csrf_token": _csrf(browser), "goal": "Begge", "idea": ["1", "2"]},
    )
    assert "[CW903]" in _flash(refused)  # 50 hours do not fit the 40 of a sprint
    started = browser.post(PAGE, f"{PAGE}/sprint", goal="Ladestandere til alle", idea="1")
    assert "Sprint 1 er startet" in _flash(started)
    logged = browser.post(PAGE, f"{PAGE}/sprint/log", entry="Workshop med Boligselskabet Engen")
    assert "Sprintloggen er skrevet" in _flash(logged)
    evaluation = {"met-1": "ja", "met-2": "ja", "note-3": "Økonomien mangler"}
    closed = browser.post(PAGE, f"{PAGE}/sprint/luk", done="1", results="Et forslag",
                          **evaluation)  # fmt: skip
    assert "lukket og evalueret" in _flash(closed), closed.text


def _csrf(browser: Browser) -> str:
    from tests.web.conftest import csrf_of

    return csrf_of(browser.get(PAGE).text)


def test_a_sprint_to_its_recommendation_through_the_pages(
    browser: Browser, web_services: App
) -> None:
    _sprint_through_the_forms(browser)
    page = browser.get(PAGE).text
    assert "Workshop med Boligselskabet Engen" in page and "Økonomien mangler" in page
    assert 'data-met="nej"' in page and "Boligselskabet Engen (Boligsektor)" in page
    made = browser.post(PAGE, f"{PAGE}/indstilling", sprint="1")
    assert made.url.path.startswith("/sager/2026-")
    case_id = made.url.path.rsplit("/", 1)[1]
    assert "Indstillingen er sag" in _flash(made) and "Teknik- og Miljøudvalget" in _flash(made)
    case, _ = web_services.case(case_id)
    assert [(e.body, e.role.value) for e in case.route] == [("tmu", "beslutter")]
    page = browser.get(PAGE).text
    assert f'href="/sager/{case_id}"' in page and "Skriv indstillingen som sag" not in page
    assert f"Jonas Holm: Indstillingen fra sprint 1 er sag {case_id}" in page  # the history
    programme = browser.get(f"{PAGE}/program?dato=2026-04-01")
    assert programme.status_code == 200 and "<time>17:00</time>" in programme.text
    assert "Grønne tage" in programme.text  # the backlog to choose from


def test_who_does_not_run_the_committee_sees_no_forms_and_is_refused(browser: Browser) -> None:
    browser.sign_in("mette")
    page = browser.get(PAGE)
    assert page.status_code == 200 and "Bagkatalogstavle" in page.text
    assert f'action="{PAGE}/ideer"' not in page.text
    refused = browser.client.post(f"{PAGE}/ideer", data={
        "csrf_token": _csrf(browser), "title": "Idé", "hours": "5"})  # fmt: skip
    assert _flash(refused).startswith("[CW901]")
    assert browser.get("/opgaveudvalg/tmu").status_code == 404
    no_token = browser.client.post(f"{PAGE}/ideer", data={"title": "Idé", "hours": "5"})
    assert no_token.status_code == 403


def test_pages_need_a_signed_in_person(browser: Browser) -> None:
    answer = browser.get(PAGE, follow_redirects=False)
    assert answer.status_code in {302, 303} and "/login" in answer.headers["location"]


def test_a_closed_recommendation_is_named_by_its_heading_only(
    browser: Browser, web_services: App
) -> None:
    _sprint_through_the_forms(browser)
    made = web_services.task_committees.recommend(
        "obu", sprint=1, actor="jonas", title=f"Indstilling {SECRET}"
    )
    from casework.domain.commands import ChangeAttributes

    web_services.change_attributes(ChangeAttributes(
        case_id=made.case.id, actor="jonas",
        attributes={"lukket": True, "lukket_grund": "personforhold"},
    ))  # fmt: skip
    for url in ("/opgaveudvalg", PAGE, f"{PAGE}/program", f"{PAGE}/program?dato=2026-04-01"):
        text = browser.get(url).text
        assert SECRET not in text, url
    assert "Lukket punkt" in browser.get(PAGE).text


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_the_api_serves_the_same_view_models(world: World) -> None:
    tc = world.services.task_committees
    tc.add_idea("obu", title="Fælles ladestandere", hours=20, actor="jonas")
    tc.start_sprint("obu", goal="Ladestandere", ideas=[1], actor="jonas")
    tc.close_sprint("obu", done=[1], results="R", met=[True, True, True], actor="jonas")
    made = tc.recommend("obu", sprint=1, actor="jonas", title=f"Indstilling {SECRET}")
    from casework.domain.commands import ChangeAttributes

    world.services.change_attributes(ChangeAttributes(
        case_id=made.case.id, actor="jonas",
        attributes={"lukket": True, "lukket_grund": "personforhold"},
    ))  # fmt: skip
    listing = world.get("mette", "/api/v1/task-committees")
    assert listing.status_code == 200
    assert listing.json()["task_committees"][0]["committee"] == "obu"
    one = world.get("mette", "/api/v1/task-committees/obu")
    assert one.json() == tc.show("obu", viewer="mette").as_json()
    assert one.json()["sprints"][0]["recommendation"] == made.case.id
    history = world.get("mette", "/api/v1/task-committees/obu/history").json()["history"]
    assert [h["kind"] for h in history][-1] == "recommendation.created"
    programme = world.get("mette", "/api/v1/task-committees/obu/programme?day=2026-04-01")
    assert programme.json()["blocks"][0]["starts"] == "17:00"
    for answer in (listing, one, programme,
                   world.get("jonas", "/api/v1/task-committees/obu")):  # fmt: skip
        assert SECRET not in answer.text
    assert world.get("mette", "/api/v1/task-committees/tmu").json()["error"]["code"] == "CW900"
    assert world.get("mette", "/api/v1/task-committees/tmu").status_code == 404
    assert world.get(None, "/api/v1/task-committees").status_code == 401


def test_the_meeting_plan_links_the_committee_s_programme_not_an_agenda(browser: Browser) -> None:
    browser.sign_in("sofie")
    plan = browser.get("/moeder?body=obu").text
    assert 'href="/opgaveudvalg/obu/program?dato=2026-04-01"' in plan
    assert "/moeder/obu-2026-04-01/dagsorden?udgave=offentlig" not in plan
    other = browser.get("/moeder?body=tmu").text
    assert "dagsorden?udgave=offentlig" in other and "/program?dato=" not in other


def test_the_pages_in_english(browser: Browser) -> None:
    browser.sign_in("jonas")
    browser.post("/", "/sprog", lang="en", next=PAGE)
    page = browser.get(PAGE).text
    assert "Backlog board" in page and "Technical and Environmental Committee" in page
    assert "Knowledge institution" in page
    refused = browser.post(PAGE, f"{PAGE}/sprint", goal="G", idea="9")
    assert _flash(refused) == "[CW904] idea 9 is not in the backlog (unknown or already chosen)"


def test_a_closed_case_on_the_committee_s_agenda_is_on_the_programme_by_heading(
    browser: Browser, web_services: App, world: World
) -> None:
    from casework.domain.commands import AdvanceCase, OpenCase

    for app in (web_services, world.services):
        case = app.open_case(OpenCase(title=f"Klimaplan {SECRET}", actor="jonas", attributes={
            "sagstype": "klimaplan", "politikomraade": "klima", "lukket": True,
            "lukket_grund": "udbud"}))  # fmt: skip
        for action, actor in (("indsend", "jonas"), ("godkend", "henrik"),
                              ("godkend", "annelise"), ("godkend", "sofie")):  # fmt: skip
            app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    browser.sign_in("sofie")
    page = browser.get(f"{PAGE}/program?dato=2026-04-01").text
    assert "Lukket punkt: Udbud og tilbud" in page and SECRET not in page
    answer = world.get("sofie", "/api/v1/task-committees/obu/programme?day=2026-04-01")
    assert [c.split(". ", 1)[1] for c in answer.json()["cases"]] == [
        "Lukket punkt: Udbud og tilbud"
    ]
    assert SECRET not in answer.text
