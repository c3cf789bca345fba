"""schemathesis against the API's OpenAPI description: generated input never gets a 5xx.

Runs every ``/api/v1`` operation with inputs generated from ``/openapi.json`` (valid and
invalid), signed in as the secretariat (who may do the most, so generated requests reach the
deepest code), on a database with a few cases at different steps. ``CASEWORK_FUZZ_EXAMPLES``
raises the number of examples per operation (default 40, to keep the suite quick).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fixtures import World, make_world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from casework.domain.configuration import Configuration

EXAMPLES = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES", "40"))
#: No server error, and every answer as the description says: a documented status, JSON, and
#: a body of the documented shape (errors included).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
_KNOWN: list[dict[str, str]] = [
    {"case_id": "2026-0001"},
    {"case_id": "2026-0002"},
    {"case_id": "2026-0003"},
    {"body": "tmu", "date": "2026-03-09"},
]


@pytest.fixture
def api_world(tmp_path: Path, config: Configuration) -> World:
    world = make_world(tmp_path, config)
    world.open_case()  # 2026-0001, a draft
    world.at_meeting()  # 2026-0002, at TMU's meeting
    world.at_meeting("Køb af Nørregården", lukket="ja", lukket_grund="ejendomshandel")
    return world


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every API operation, read from its OpenAPI description at collection
    time (the router holds its resources' routers, not the operations themselves)."""
    from fastapi import FastAPI

    from casework.entrypoints.web.api import router

    app = FastAPI()
    app.include_router(router)
    return sorted(
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    )


@pytest.mark.parametrize(("method", "path"), _operations(), ids=str)
def test_generated_requests_never_get_a_server_error(
    api_world: World, method: str, path: str
) -> None:
    # schemathesis.pytest.from_fixture does not run under pytest 9 (it reads a node attribute
    # pytest no longer has), so each operation's strategy is driven by Hypothesis directly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = schemathesis.openapi.from_asgi("/openapi.json", api_world.app)
    operation = schema[path][method]
    headers = api_world.headers("sofie")
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    # Random ids find no case; these reach the real ones (a draft, one at a meeting, and a
    # closed item) and the meeting that has an agenda.
    for fixed in _KNOWN:
        wanted = {k: v for k, v in fixed.items() if "{" + k + "}" in path}
        if wanted:
            strategies.append(operation.as_strategy(path_parameters=wanted))

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
