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


def _history_lengths(run: Cli) -> dict[str, int]:
    lengths = {}
    for case in _cases(run):
        code, out, _ = run("case", "show", str(case["id"]), "--json")
        assert code == 0
        lengths[str(case["id"])] = len(json.loads(out)["history"])
    return lengths


def test_case_new_with_a_bad_origin_writes_nothing(ready: Path, run: Cli) -> None:
    """``case new --origin`` opens and links in one unit of work (issue 20): an unknown origin,
    a case that is no discussion, or a closed discussion the person may not see leaves no case,
    no used case number and no event, with the same one-line refusal as ``case link``."""
    code, out, err = run("case", "new", "--workflow", "droeftelsessag", "--title",
                         "Drøftelse af grundkøb", "--as", "mette", "--attr",
                         "politikomraade=veje", "--attr", "lukket=true",
                         "--attr", "lukket_grund=ejendomshandel", "--print-id")  # fmt: skip
    assert code == 0, err
    closed = out.strip()
    decision_new = ("case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti",
                    "--route", "tmu,kb", "--attr", "politikomraade=veje")  # fmt: skip
    code, out, err = run(*decision_new, "--as", "mette", "--print-id")
    assert code == 0, err
    decision = out.strip()
    before, histories = _cases(run), _history_lengths(run)
    refusals = (
        ("2026-0999", "mette", "[CW201]"),  # no such case
        (str(decision), "mette", "[CW920]"),  # not a discussion
        (closed, "jonas", "[CW201]"),  # a closed item jonas may not see: as if it did not exist
    )
    for origin, actor, code_text in refusals:
        code, out, err = run(*decision_new, "--as", actor, "--origin", origin)
        assert code == 1, (origin, out)
        assert err.strip().startswith(code_text) and len(err.strip().splitlines()) == 1, err
        assert "Drøftelse af grundkøb" not in err
        assert out == ""
        assert _cases(run) == before
        assert _history_lengths(run) == histories
    # The same refusal as `case link` gives for the same origin.
    code, _, err = run("case", "link", str(decision), "--origin", closed, "--as", "jonas")
    assert code == 1 and err.strip().startswith("[CW201]")
    assert _history_lengths(run) == histories
    assert run("audit", "verify")[0] == 0
    # The case numbers were not used up.
    code, out, err = run(*decision_new, "--as", "mette", "--print-id")
    assert code == 0, err
    assert out.strip() == "2026-0003"
