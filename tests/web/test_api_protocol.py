"""The protocol in the JSON API: the same JSON as the golden file and the CLI, public once
published, full for who may read closed items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.domain.configuration import Configuration
from tests.protocol_cycle import SECRET, open_cases, run_cycle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "protocol_bpu_2026-03-10_public_da.json"
URL = "/api/v1/meetings/bpu/2026-03-10/protocol"


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_the_protocol_versions_and_who_reads_them(world: World) -> None:
    open_cases(world.services)
    assert world.get("mette", URL).status_code == 404  # not published yet
    assert world.get("sofie", URL).status_code == 200  # the secretariat reads its draft


def test_published_minutes_are_the_golden_json(tmp_path: Path, config: Configuration) -> None:
    world = make_world(tmp_path, config)
    run_cycle(world.services, world.clock)
    public = world.get("mette", URL)
    assert public.status_code == 200
    assert public.json() == json.loads(GOLDEN.read_text("utf-8"))
    assert SECRET not in public.text
    assert world.get("mette", f"{URL}?udgave=fuld").status_code == 403
    full = world.get("sofie", f"{URL}?udgave=fuld")
    assert full.status_code == 200 and SECRET in full.text
    assert world.client.get(URL).status_code == 401
