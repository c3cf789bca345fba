"""The JSON API's CW213 in Danish (issue 15, item 6): pydantic's English never reaches a
Danish reader; ``Accept-Language: en`` gets English. The translation is the CLI's
(``casework/domain/validation_text.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world

from casework.domain.configuration import Configuration

ENGLISH = ("String should", "should have at least", "Field required", "Input should",
           "Value error", "Extra inputs", "is not a valid", "must be")  # fmt: skip

BAD_BODIES: tuple[dict[str, Any], ...] = (
    {"title": "x"},
    {},
    {"title": "Cykelsti", "deadline": "2026-13-01"},
    {"title": "Cykelsti", "actor": "sofie"},
    {"title": 7},
)


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


@pytest.mark.parametrize("body", BAD_BODIES)
def test_the_apis_validation_errors_are_danish(world: World, body: dict[str, Any]) -> None:
    answer = world.post("mette", "/api/v1/cases", body)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "CW213"
    found = [phrase for phrase in ENGLISH if phrase.lower() in error["message"].lower()]
    assert not found, error["message"]


def test_english_on_request(world: World) -> None:
    answer = world.client.post(
        "/api/v1/cases",
        json={"title": "x"},
        headers={**world.headers("mette"), "Accept-Language": "en"},
    )
    assert "title: needs at least 3 characters" in answer.json()["error"]["message"]
    danish = world.post("mette", "/api/v1/cases", {"title": "x"}).json()["error"]["message"]
    assert "title: skal have mindst 3 tegn" in danish
