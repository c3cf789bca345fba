"""The four boards agree: the CLI's ``board --json``, the API's ``/board``, the page ``/tavle``
and the coordinator's Prefect artifact, given the same cases, name the same steps, counts and
urgent cases, because they render one view model (issue 12, "no use case wired twice")."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world
from markupsafe import escape

from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.entrypoints.cli import main

#: Every case fits on every rendering (the page lists 100, the API up to 500).
LIMIT = 100
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _cases(world: World) -> None:
    """Cases at several steps, bodies and centres; a week later some are past their deadline."""
    world.open_case("Trafikplan for Østervej")
    world.at_meeting("Cykelsti langs Søvej")
    world.at_meeting("Parkering ved Bytorvet")
    world.services.open_case(
        OpenCase(workflow="beslutningssag", title="Skolestruktur 2027", actor="soeren",
                 route=[("buu", "beslutter")], attributes={"politikomraade": "skole"})
    )  # fmt: skip
    world.services.open_case(
        OpenCase(workflow="beslutningssag", title="Lokalplan for Bytorvet", actor="aase",
                 route=[("bpu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                 attributes={"politikomraade": "lokalplaner"})
    )  # fmt: skip
    draft = world.open_case("Vejbelysning i Nordby")
    world.services.advance(AdvanceCase(case_id=draft, action="indsend", actor="mette"))
    world.clock.advance(days=7)


def _cli(capsys: pytest.CaptureFixture[str], world: World) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["board", "--json", "--limit", str(LIMIT)], app=world.services) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


def _page(world: World, person: str) -> str:
    world.accounts.set_password(person, "demo")
    client = world.client
    token = _CSRF.search(client.get("/login").text)
    assert token is not None
    client.post("/login", data={"person": person, "password": "demo",
                                "csrf_token": token.group(1)})  # fmt: skip
    page = client.get("/tavle")
    assert page.status_code == 200, page.text
    return page.text


def _artifact_rows(world: World, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The ``case-board`` table the coordinator flow publishes (Prefect's call captured)."""
    import prefect.artifacts

    from casework.flows.artifacts import BOARD_KEY, publish_board

    tables: dict[str, Any] = {}
    monkeypatch.setattr(prefect.artifacts, "create_table_artifact",
                        lambda table, key, description: tables.setdefault(key, table))  # fmt: skip
    monkeypatch.setattr(prefect.artifacts, "create_markdown_artifact", lambda **_: None)
    # What flows/board.py asks the app for: the coordinators' view, every open case.
    publish_board(world.services.board("da", limit=None), [], "http://casework.test")
    rows: list[dict[str, Any]] = tables[BOARD_KEY]
    return rows


def test_cli_api_page_and_artifact_show_the_same_board(
    tmp_path: Path,
    config: Configuration,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    world = make_world(tmp_path, config)
    _cases(world)

    cli = _cli(capsys, world)
    # Sofie is in the secretariat: she sees every case, as the CLI and the flow do.
    api = world.get("sofie", "/api/v1/board", params={"limit": LIMIT}).json()
    page = _page(world, "sofie")
    artifact = _artifact_rows(world, monkeypatch)

    assert cli["total"] == 6
    urgent = [u["id"] for u in cli["urgent"]]
    assert len(urgent) == 6 and len(set(urgent)) == 6
    assert any(u["board_status"] == "overdue" for u in cli["urgent"])
    assert len(cli["by_step"]) >= 3 and sum(cli["by_step"].values()) == cli["total"]

    # The API: the same counts and urgent cases; each case the same but for Sofie's actions.
    assert {k: api[k] for k in ("total", "by_step", "by_body")} == {
        k: cli[k] for k in ("total", "by_step", "by_body")
    }
    assert [u["id"] for u in api["urgent"]] == urgent
    for mine, theirs in zip(api["urgent"], cli["urgent"], strict=True):
        assert {**mine, "actions": []} == theirs

    # The page: the counts tables, and the cases in the same order.
    assert f"Sager ({len(urgent)} af {cli['total']})" in page
    for label, count in cli["by_step"].items():
        assert re.search(rf"<td>{re.escape(str(escape(label)))}</td><td class=\"num\">{count}</td>",
                         page), label  # fmt: skip
    shorts = {u["body"]: u["body_short"] for u in cli["urgent"] if u["body"]}
    for body, count in cli["by_body"].items():
        name = shorts[body] if body else "(intet organ endnu)"
        assert f'<td>{escape(name)}</td><td class="num">{count}</td>' in page, body
    listed = re.findall(r'<td><a href="/sager/([^"]+)">', page)
    assert listed == urgent

    # The coordinator's artifact: every case, the same order, steps and statuses.
    assert [row["Sag"] for row in artifact] == urgent
    assert Counter(row["Trin"] for row in artifact) == Counter(cli["by_step"])
    assert [row["Trin"] for row in artifact] == [u["step_label"] for u in cli["urgent"]]
    statuses = {"overdue": "Overskredet", "due_today": "Frist i dag", "due_soon": "Frist snart",
                "on_track": "I rute", "no_deadline": "Ingen frist"}  # fmt: skip
    assert [row["Status"] for row in artifact] == [
        statuses[u["board_status"]] for u in cli["urgent"]
    ]


def test_a_person_gets_the_same_narrower_board_from_the_api_and_the_page(
    tmp_path: Path, config: Configuration
) -> None:
    world = make_world(tmp_path, config)
    _cases(world)
    # Aase works in another centre than Mette: she sees her own case, none of Mette's.
    api = world.get("aase", "/api/v1/board", params={"limit": LIMIT}).json()
    everyone = world.get("sofie", "/api/v1/board", params={"limit": LIMIT}).json()
    assert 0 < api["total"] < everyone["total"]
    assert {u["owner"] for u in api["urgent"]} == {"aase"}
    page = _page(world, "aase")
    assert f"Sager ({len(api['urgent'])} af {api['total']})" in page
    assert re.findall(r'<td><a href="/sager/([^"]+)">', page) == [u["id"] for u in api["urgent"]]
