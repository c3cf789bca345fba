"""The presentation through the JSON API (issue 14): the same view models as the CLI's --json,
and a closed case's presentation only to whoever may see the case."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.domain.configuration import Configuration
from casework.domain.presentation_commands import SaveText


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def _save(world: World, case_id: str, section: str, text: str) -> None:
    world.services.presentations.save(
        SaveText(case_id=case_id, actor="mette", section=section, text=text)
    )


def test_the_api_renders_the_presentation_and_the_check(world: World) -> None:
    case_id = world.open_case()
    _save(world, case_id, "resume", "Kort.")
    _save(world, case_id, "resume", "Kortere.")
    latest = world.get("mette", f"/api/v1/cases/{case_id}/presentation")
    assert latest.status_code == 200, latest.text
    assert latest.json() == world.services.presentation(case_id).as_json()
    first = world.get("mette", f"/api/v1/cases/{case_id}/presentation", params={"version": 1})
    assert first.json()["sections"][0]["text"] == "Kort."
    missing = world.get("mette", f"/api/v1/cases/{case_id}/presentation", params={"version": 9})
    assert missing.status_code >= 400 and "CW875" in missing.text
    check = world.get("mette", f"/api/v1/cases/{case_id}/check").json()
    assert check["ok"] is False
    assert {f["code"] for f in check["findings"]} >= {"Q001"}


def test_a_closed_case_s_presentation_is_not_served_to_who_may_not_see_it(world: World) -> None:
    secret = "Xyzzy"
    case_id = world.open_case(f"Køb af {secret}gården", lukket="ja", lukket_grund="ejendomshandel")
    _save(world, case_id, "sagsfremstilling", f"Prisen på {secret} er fortrolig.")
    hidden = 0
    for person in world.tokens:
        seen = world.get(person, f"/api/v1/cases/{case_id}")
        hidden += seen.status_code != 200
        for url in (f"/api/v1/cases/{case_id}/presentation", f"/api/v1/cases/{case_id}/check"):
            answer = world.get(person, url)
            if seen.status_code != 200:
                assert secret not in answer.text, (person, url)
                assert answer.status_code == seen.status_code, (person, url)
    assert hidden > 0  # some people may not see a closed case at all
