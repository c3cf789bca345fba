"""The task committees' writes through the JSON API (issue 20's closing note): add an idea,
start, log and close a sprint, write the recommendation as a case — the use cases the CLI and
the pages run, as the token's person. Who does not run the committee is refused (403, CW901)
and nothing is written; the committee's state refuses with 409, bad input with 422, each as the
API's other errors (CW code, Danish or English message). The recommendation case links back to
its committee in the API's case view and on the case page."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.app import App
from casework.domain.configuration import Configuration
from tests.web.conftest import Browser

BASE = "/api/v1/task-committees/obu"
LINK_TEXT = "Indstilling fra opgaveudvalget Opgaveudvalget for bæredygtighed (sprint 1)"


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def _events(world: World) -> int:
    return len(world.services.task_committees.history("obu"))


def test_a_sprint_to_its_recommendation_through_the_api(world: World) -> None:
    idea = world.post("jonas", f"{BASE}/ideas", {"title": "Fælles ladestandere", "hours": 20})
    assert idea.status_code == 201, idea.text
    assert idea.json() == {"committee": "obu", "idea": 1, "version": 1}
    tage = {"title": "Grønne tage", "description": "Med skolerne", "hours": 30}
    second = world.post("sofie", f"{BASE}/ideas", tage)  # the secretariat runs it too
    assert second.status_code == 201 and second.json()["idea"] == 2

    over = world.post("jonas", f"{BASE}/sprints", {"goal": "Begge", "ideas": [1, 2]})
    assert over.status_code == 422 and over.json()["error"]["code"] == "CW903"
    started = world.post("jonas", f"{BASE}/sprints", {"goal": "Ladestandere", "ideas": [1]})
    assert started.status_code == 201, started.text
    assert started.json() == {"committee": "obu", "sprint": 1, "planned_hours": 20,
                              "capacity": 40, "version": 3}  # fmt: skip
    twice = world.post("jonas", f"{BASE}/sprints", {"goal": "Tage", "ideas": [2]})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "CW902"

    logged = world.post("jonas", f"{BASE}/sprints/open/log", {"entry": "Workshop med Engen"})
    assert logged.status_code == 200, logged.text
    assert logged.json()["log"] == ["Workshop med Engen"]
    early = world.post("jonas", f"{BASE}/recommendations", {"sprint": 1})
    assert early.status_code == 409 and early.json()["error"]["code"] == "CW906"
    short = world.post("jonas", f"{BASE}/sprints/open/close", {"results": "R", "met": [True]})
    assert short.status_code == 422 and short.json()["error"]["code"] == "CW916"
    closed = world.post("jonas", f"{BASE}/sprints/open/close", {
        "results": "Et forslag om 40 opgange", "met": [True, True, False], "done": [1],
        "notes": ["", "", "Økonomien mangler"]})  # fmt: skip
    assert closed.status_code == 200, closed.text
    assert closed.json()["evaluation"][2]["note"] == "Økonomien mangler"
    no_sprint = world.post("jonas", f"{BASE}/sprints/open/log", {"entry": "Efter lukning"})
    assert no_sprint.status_code == 409 and no_sprint.json()["error"]["code"] == "CW905"

    made = world.post("jonas", f"{BASE}/recommendations", {"sprint": 1})
    assert made.status_code == 201, made.text
    case = made.json()["case"]
    assert case["owner"] == "jonas" and case["route"][0]["body"] == "tmu"
    assert world.services.task_committees.state("obu").sprint(1).recommendation == case["id"]  # type: ignore[union-attr]
    again = world.post("jonas", f"{BASE}/recommendations", {"sprint": 1})
    assert again.status_code == 409 and again.json()["error"]["code"] == "CW907"

    # The same record as the CLI's and the pages' use cases leave, and the case links back.
    view = world.get("mette", BASE).json()
    assert view == world.services.task_committees.show("obu", viewer="mette").as_json()
    assert [[i["number"] for i in c["ideas"]] for c in view["board"]] == [[2], [], [1]]
    detail = world.get("jonas", f"/api/v1/cases/{case['id']}").json()
    assert detail["task_committee"]["url"] == "/opgaveudvalg/obu"
    assert detail["task_committee"]["text"] == LINK_TEXT
    assert world.services.verify_audit().ok


def test_who_does_not_run_the_committee_is_refused_and_nothing_is_written(world: World) -> None:
    world.services.task_committees.add_idea("obu", title="Idé", hours=5, actor="jonas")
    before = _events(world)
    writes = (
        (f"{BASE}/ideas", {"title": "Min idé", "hours": 5}),
        (f"{BASE}/sprints", {"goal": "G", "ideas": [1]}),
        (f"{BASE}/sprints/open/log", {"entry": "x"}),
        (f"{BASE}/sprints/open/close", {"results": "R", "met": [True, True, True]}),
        (f"{BASE}/recommendations", {"sprint": 1}),
    )
    for url, body in writes:
        refused = world.post("mette", url, body)
        assert refused.status_code == 403, (url, refused.text)
        assert refused.json()["error"]["code"] == "CW901"
        assert world.post(None, url, body).status_code == 401
        assert _events(world) == before
    headers = {**world.headers("mette"), "Accept-Language": "en"}
    english = world.client.post(f"{BASE}/ideas", json={"title": "Idé", "hours": 5}, headers=headers)
    assert english.status_code == 403 and "facilitator" in english.json()["error"]["message"]
    unknown = world.post("jonas", "/api/v1/task-committees/tmu/ideas", {"title": "x", "hours": 5})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "CW900"
    for body in ({"title": "Idé"}, {"title": "Idé", "hours": "mange"},
                 {"title": "Idé", "hours": 5, "extra": 1}):  # fmt: skip
        bad = world.post("jonas", f"{BASE}/ideas", body)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "CW213", body
    blank = world.post("jonas", f"{BASE}/ideas", {"title": "  ", "hours": 5})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "CW916"
    assert _events(world) == before


def test_the_writes_are_in_the_openapi_description(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    for path in ("/ideas", "/sprints", "/sprints/open/log", "/sprints/open/close",
                 "/recommendations"):  # fmt: skip
        operation = paths[f"/api/v1/task-committees/{{committee}}{path}"]["post"]
        assert operation["summary"] and operation["requestBody"]["required"]
        assert {"401", "403", "404", "409", "422"} <= set(operation["responses"]), path


def test_the_case_page_links_the_recommendation_to_its_committee(
    browser: Browser, web_services: App
) -> None:
    tc = web_services.task_committees
    tc.add_idea("obu", title="Fælles ladestandere", hours=20, actor="jonas")
    tc.start_sprint("obu", goal="Ladestandere", ideas=[1], actor="jonas")
    tc.close_sprint("obu", done=[1], results="R", met=[True, True, True], actor="jonas")
    made = tc.recommend("obu", sprint=1, actor="jonas")
    browser.sign_in("jonas")
    page = browser.get(f"/sager/{made.case.id}").text
    assert f'<a href="/opgaveudvalg/obu">{LINK_TEXT}</a>' in page
    browser.post("/", "/sprog", lang="en", next="/")
    english = browser.get(f"/sager/{made.case.id}").text
    assert "Recommendation from the task committee Task Committee on Sustainability" in english
