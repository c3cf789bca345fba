"""A case that meets the same body twice, end to end (issue 13, item 7).

ØU, KB's first reading, ØU again, KB's second reading (the budget's shape): ``case new --route``
takes the repeat, every pass is its own step (``politisk_behandling@kb`` then ``…@kb#2``), and
``case show``, ``diagram case`` and ``stats`` show both. A referral back to a body the case has
already had ("oversendt til BPU" from ØU) is a new pass at BPU, not a refusal.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

TO_MEETING = [("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise"),
              ("godkend", "sofie")]  # fmt: skip
TWICE = "oeu,kb:indstiller,oeu,kb:beslutter"


def _new(run: Cli, route: str) -> str:
    assert run("init")[0] == 0
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Budget 2027", "--as", "aase",
        "--route", route, "--attr", "politikomraade=lokalplaner", "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = str(json.loads(out)["id"])
    for action, actor in TO_MEETING:
        code, _, err = run("case", "advance", case_id, action, "--as", actor)
        assert code == 0, err
    return case_id


def _show(run: Cli, case_id: str) -> dict[str, object]:
    code, out, err = run("case", "show", case_id, "--json")
    assert code == 0, err
    shown: dict[str, object] = json.loads(out)
    return shown


def test_a_second_council_pass_is_walked_shown_drawn_and_counted(
    env: Path, run: Cli, tmp_path: Path
) -> None:
    case_id = _new(run, TWICE)
    shown = _show(run, case_id)
    assert [(r["body"], r["role"]) for r in shown["route"]] == [  # type: ignore[attr-defined]
        ("oeu", "indstiller"), ("kb", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter"),
    ]  # fmt: skip
    walked = []
    for action in ("anbefal", "anbefal", "anbefal"):
        code, _, err = run("case", "advance", case_id, action, "--as", "sofie")
        assert code == 0, err
        walked.append(_show(run, case_id)["step"])
    assert walked == [
        "politisk_behandling@kb",
        "politisk_behandling@oeu#2",
        "politisk_behandling@kb#2",
    ]
    code, out, err = run("case", "show", case_id)
    assert code == 0, err
    assert "KB (2. behandling)" in out
    assert out.count("ØU") >= 2 and out.count("KB") >= 2
    code, drawn, err = run("diagram", "case", case_id, "--format", "mermaid")
    assert code == 0, err
    for node in ("n_politisk_behandling_kb", "n_politisk_behandling_kb_2",
                 "n_politisk_behandling_oeu", "n_politisk_behandling_oeu_2"):  # fmt: skip
        assert f"{node}{{{{" in drawn, node  # a meeting node of its own per pass
    assert "KB (2. behandling) – beslutter" in drawn and "ØU (2. behandling)" in drawn
    assert "KB · indstiller, beslutter" in drawn  # the lane names both parts
    assert "n_politisk_behandling_kb ==>|" in drawn and "| n_politisk_behandling_kb_2\n" in drawn
    code, _, err = run("case", "advance", case_id, "godkend", "--as", "sofie")
    assert code == 0, err
    code, out, err = run("stats", "--json")
    assert code == 0, err
    patterns = [r["pattern"] for r in json.loads(out)["routes"]]
    assert patterns == ["oeu (indstiller) → kb (indstiller) → oeu (indstiller) → kb (beslutter)"]
    bodies = {r["body"]: r["stays"] for r in json.loads(out)["bodies"]}
    assert bodies["kb"] == 2 and bodies["oeu"] == 2


def test_case_route_adds_a_second_pass_and_refuses_one_in_a_row(env: Path, run: Cli) -> None:
    case_id = _new(run, "bpu,kb")
    code, out, err = run("case", "route", case_id, "--route", "bpu,kb:indstiller,bpu,kb:beslutter",
                         "--reason", "KB sender sagen tilbage til BPU",
                         "--as", "sofie")  # fmt: skip
    assert code == 0, err
    assert len(_show(run, case_id)["route"]) == 4  # type: ignore[arg-type]
    before = _show(run, case_id)
    code, out, err = run("case", "route", case_id, "--route", "bpu,bpu,kb",
                         "--reason", "to gange BPU", "--as", "sofie")  # fmt: skip
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "'bpu' står to gange i træk som indstiller" in err
    assert _show(run, case_id) == before


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_referral_back_to_a_body_already_passed_is_a_new_pass(
    env: Path, run: Cli, lang: str
) -> None:
    case_id = _new(run, "bpu,oeu,kb")
    run.clock.instant = dt.datetime(2026, 3, 10, 18, tzinfo=dt.UTC)  # BPU has met
    code, _, err = run("case", "decide", case_id, "anbefales", "--meeting", "2026-03-10",
                       "--as", "sofie")  # fmt: skip
    assert code == 0, err
    run.clock.instant = dt.datetime(2026, 3, 19, 18, tzinfo=dt.UTC)  # ØU has met
    code, out, err = run("--lang", lang, "case", "decide", case_id, "oversendt", "--to", "bpu",
                         "--meeting", "2026-03-19", "--as", "sofie", "--json")  # fmt: skip
    assert code == 0, err
    decided = json.loads(out)
    assert [r["body"] for r in decided["case"]["route"]] == ["bpu", "oeu", "bpu", "kb"]
    assert decided["case"]["step"] == "politisk_behandling@bpu#2"
    assert decided["event"]["data"]["minutes"]["to_body"] == "bpu"


def test_an_exported_return_is_a_consultation_per_pass_and_imports_back(
    env: Path, run: Cli
) -> None:
    from casework.adapters.oparl import imported_routes

    case_id = _new(run, "bpu,oeu,kb")
    run.clock.instant = dt.datetime(2026, 3, 10, 18, tzinfo=dt.UTC)
    code, _, err = run("case", "decide", case_id, "anbefales", "--meeting", "2026-03-10",
                       "--as", "sofie")  # fmt: skip
    assert code == 0, err
    run.clock.instant = dt.datetime(2026, 3, 19, 18, tzinfo=dt.UTC)
    code, _, err = run("case", "decide", case_id, "oversendt", "--to", "bpu",
                       "--meeting", "2026-03-19", "--as", "sofie")  # fmt: skip
    assert code == 0, err
    out = env / "oparl"
    code, _, err = run("export", "oparl", str(out))
    assert code == 0, err
    paper = json.loads((out / "papers" / f"{case_id}.json").read_text(encoding="utf-8"))
    ids = [c["id"].rsplit("/", 1)[1] for c in paper["consultation"]]
    # The first pass keeps the URL it always had; the second pass at BPU has its own.
    assert ids == [f"{case_id}-bpu", f"{case_id}-oeu", f"{case_id}-bpu-2", f"{case_id}-kb"]
    held = [c.get("meeting", "").rsplit("/", 1)[-1] for c in paper["consultation"]]
    assert held[:2] == ["bpu-2026-03-10", "oeu-2026-03-19"]
    imported = env / "imported"
    code, _, err = run("--data-dir", str(imported), "import", "oparl", str(out), "--json")
    assert code == 0, err
    routes = imported_routes(f"sqlite:///{imported / 'casework.db'}")
    [route] = [r for paper_id, r in routes.items() if paper_id.endswith(f"/papers/{case_id}")]
    names = [body for body, _ in route]
    assert names == [
        "Byplanudvalget", "Økonomiudvalget", "Byplanudvalget", "Kommunalbestyrelsen",
    ]  # fmt: skip
