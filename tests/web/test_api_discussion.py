"""Issue 20 through the JSON API: GET /api/v1/cases/{id} carries the origin of a decision case,
what a discussion produced, its facilitation kit and its involvement; a linked closed item is
named by its public heading to whoever may not see it (secret marker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration

SECRET = "HEMMELIG-API-20"


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_origin_and_produced_in_the_api(world: World) -> None:
    app = world.services
    discussion = app.open_case(
        OpenCase(workflow="droeftelsessag", title="Temadrøftelse: fremtidens bymidte",
                 actor="mette",
                 attributes={"politikomraade": "veje", "droeftelsesformat": "dilemmavaerksted"})
    ).id  # fmt: skip
    decision = world.open_case("Vision for bymidten")
    closed = world.open_case(f"Køb af grund {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    app.discussions.link(decision, discussion, "mette")
    app.discussions.link(closed, discussion, "mette")

    detail = world.get("jonas", f"/api/v1/cases/{decision}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["origin"]["id"] == discussion
    assert detail.json()["history"][-1]["data"] == {"case": discussion, "relation": "origin"}

    for person, sees in (("mette", True), ("jonas", False)):
        body = world.get(person, f"/api/v1/cases/{discussion}")
        assert body.status_code == 200, body.text
        produced = body.json()["produced"]
        assert [c["id"] for c in produced] == [decision, closed]
        assert (SECRET in body.text) is sees, person
        if not sees:
            assert produced[1]["title"] == "Lukket punkt: Ejendomssag"
        assert body.json()["facilitation"]["title"] == "Dilemmaværksted"
        assert [i["step"] for i in body.json()["involvement"]] == ["inddragelse"]
