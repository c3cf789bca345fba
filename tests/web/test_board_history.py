"""The board's flow over time (issue 22, item 3): the page's cumulative-flow diagram,
throughput and live route map, the API and ``board --by time`` render one view model, and a
closed item's title reaches none of them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world

from casework.domain.commands import AdvanceCase
from casework.domain.configuration import Configuration
from casework.entrypoints.cli import main

SECRET = "HEMMELIG-FLOW-7319"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _signed_in(world: World, person: str) -> Any:
    world.accounts.set_password(person, "demo")
    client = world.client
    token = _CSRF.search(client.get("/login").text)
    assert token is not None
    client.post("/login", data={"person": person, "password": "demo",
                                "csrf_token": token.group(1)})  # fmt: skip
    return client


def _cases(world: World) -> dict[str, str]:
    ids = {"draft": world.open_case("Vejbelysning i Nordby")}
    world.clock.advance(days=7)
    ids["booked"] = world.at_meeting("Cykelsti langs Søvej")
    ids["closed"] = world.at_meeting(f"Grundkøb {SECRET}", lukket=True)
    withdrawn = world.open_case(f"Salg af areal {SECRET}", lukket=True)
    world.services.advance(AdvanceCase(case_id=withdrawn, action="traek_tilbage", actor="mette"))
    ids["withdrawn"] = withdrawn
    world.clock.advance(days=1)
    return ids


def test_page_api_and_cli_show_the_same_flow_over_time(
    tmp_path: Path,
    config: Configuration,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    world = make_world(tmp_path, config)
    _cases(world)

    capsys.readouterr()
    assert main(["board", "--by", "time", "--json"], app=world.services) == 0
    cli = json.loads(capsys.readouterr().out)
    api = world.get("sofie", "/api/v1/board/history").json()
    assert api == cli

    last, before = cli["weeks"][-1], cli["weeks"][-2]
    assert last["bands"]["done"] == 1  # the withdrawn case
    assert last["bands"]["booked"] == 2
    assert last["bands"]["drafting"] == 1
    assert sum(last["bands"].values()) == 4
    assert sum(before["bands"].values()) == 1  # only the first draft existed a week earlier
    assert sum(w["opened"] for w in cli["weeks"]) == 4
    assert sum(w["finished"] for w in cli["weeks"]) == 1
    steps = {(s["workflow"], s["step"]): s for s in cli["steps"]}
    assert steps[("beslutningssag", "kladde")]["count"] == 1
    assert steps[("beslutningssag", "politisk_behandling")]["count"] == 2
    assert steps[("beslutningssag", "kladde")]["median_wait_workdays"] == 6  # 8 days, a weekend
    assert steps[("beslutningssag", "centerchef_godkendelse")]["count"] == 0  # shown, empty

    page = _signed_in(world, "sofie").get("/tavle/tid")
    assert page.status_code == 200, page.text
    html = page.text
    assert html.count('class="band band-') == 7
    assert 'class="bar finished"' in html
    assert 'data-step="politisk_behandling" data-count="2"' in html
    assert 'data-step="kladde" data-count="1"' in html
    assert 'href="/tavle/tid"' in _signed_in(world, "sofie").get("/tavle").text

    capsys.readouterr()
    assert main(["board", "--by", "time"], app=world.services) == 0
    table = capsys.readouterr().out
    assert "Rutekort" in table and "Kumulativt flow" in table
    for output in (html, json.dumps(api), json.dumps(cli), table):
        assert SECRET not in output


def test_the_route_map_moves_with_the_case_while_the_weeks_are_kept(
    tmp_path: Path, config: Configuration, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    world = make_world(tmp_path, config)
    draft = world.open_case("Vejbelysning i Nordby")
    client = _signed_in(world, "sofie")
    assert 'data-step="kladde" data-count="1"' in client.get("/tavle/tid").text
    # Through the API, as a person would: the web app's snapshot sees the write at once.
    moved = world.post("mette", f"/api/v1/cases/{draft}/actions", {"action": "indsend"})
    assert moved.status_code == 200, moved.text
    html = client.get("/tavle/tid").text
    assert 'data-step="centerchef_godkendelse" data-count="1"' in html
    assert 'data-step="kladde" data-count="0"' in html


def test_the_api_bounds_the_weeks(tmp_path: Path, config: Configuration) -> None:
    world = make_world(tmp_path, config)
    world.open_case("Vejbelysning i Nordby")
    data = world.get("sofie", "/api/v1/board/history", params={"weeks": 4}).json()
    assert len(data["weeks"]) == 4
    assert world.get("sofie", "/api/v1/board/history", params={"weeks": 99}).status_code == 422
