"""Combined commands write all or nothing (issue 15, item 5).

``case new --target-meeting`` opens a case and plans it backwards from a meeting: one use case,
one unit of work. When the case cannot be planned for that meeting (too soon, CW217) nothing is
written: no case, no case number used, no event. It is the one CLI command that combined two
writes; ``case plan --record`` writes once and then only previews.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_cli import new_case

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


@pytest.fixture
def ready(env: Path, run: Cli) -> Path:
    code, _, err = run("init")
    assert code == 0, err
    return env


def _cases(run: Cli) -> list[dict[str, object]]:
    code, out, err = run("case", "list", "--json")
    assert code == 0, err
    found = json.loads(out)
    return found if isinstance(found, list) else found["cases"]  # type: ignore[no-any-return]


def test_case_new_for_a_meeting_too_soon_writes_nothing(ready: Path, run: Cli) -> None:
    before = _cases(run)
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti", "--as", "mette",
        "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje",
        "--target-meeting", "kb:2026-03-26",
    )  # fmt: skip
    assert code == 1
    assert "[CW217]" in err and len(err.strip().splitlines()) == 1
    assert out == ""
    assert _cases(run) == before
    assert run("audit", "verify")[0] == 0
    # The case number was not used up: the next case gets the next free one.
    opened = new_case(run)
    assert opened["id"] == "2026-0001"


def test_case_new_for_a_meeting_in_reach_is_opened_and_planned_at_once(
    ready: Path, run: Cli
) -> None:
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti", "--as", "mette",
        "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje",
        "--target-meeting", "kb:2026-09-24", "--key", "cykelsti-1", "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = json.loads(out)["id"]
    code, out, _ = run("case", "show", case_id, "--json")
    history = json.loads(out)["history"]
    assert [e["kind"] for e in history] == ["case.opened", "case.planned"]
    assert history[-1]["data"]["meetings"][-1]["date"] == "2026-09-24"
    # A retry with the same key answers with the same case, opened and planned once.
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti", "--as", "mette",
        "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje",
        "--target-meeting", "kb:2026-09-24", "--key", "cykelsti-1", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["id"] == case_id
    code, out, _ = run("case", "show", case_id, "--json")
    assert len(json.loads(out)["history"]) == 2
    assert run("audit", "verify")[0] == 0
