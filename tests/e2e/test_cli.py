"""The CLI end to end on SQLite: `main([...])` as a user would type it, good input and bad."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


ROOT = Path(__file__).resolve().parents[2]


def new_case(run: Cli, *extra: str) -> dict[str, object]:
    code, out, err = run(
        "case",
        "new",
        "--workflow",
        "beslutningssag",
        "--title",
        "Lokalplan 212",
        "--as",
        "aase",
        "--route",
        "bpu,oeu,kb",
        "--attr",
        "politikomraade=lokalplaner",
        "--attr",
        "beloeb=1500000",
        "--json",
        *extra,
    )
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def ready(env: Path, run: Cli) -> Path:
    code, out, err = run("init")
    assert code == 0, err
    assert "Databasen er klar" in out
    return env


def test_a_case_is_opened_advanced_shown_and_audited(ready: Path, run: Cli) -> None:
    case = new_case(run)
    assert case["id"] == case["id"] and case["step"] == "kladde" and case["version"] == 1
    case_id = str(case["id"])
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        code, out, err = run("case", "advance", case_id, action, "--as", actor, "--comment", "ok")
        assert code == 0, err
        assert case_id in out
    code, out, _ = run("case", "show", case_id, "--json")
    shown = json.loads(out)
    assert shown["step"] == "politisk_behandling@bpu"
    assert shown["version"] == 5
    assert [a["action"] for a in shown["actions"]] == ["anbefal", "udsaet", "send_tilbage"]
    assert len(shown["history"]) == 5
    code, out, _ = run("case", "show", case_id)
    assert code == 0 and "Byplanudvalget" not in out and "BPU (indstiller)" in out
    code, out, _ = run("case", "history", case_id, "--json")
    assert [e["data"].get("action") for e in json.loads(out)][1:] == [
        "indsend",
        "godkend",
        "godkend",
        "godkend",
    ]
    code, out, _ = run("case", "list", "--json", "--step", "politisk_behandling")
    assert [c["id"] for c in json.loads(out)] == [case_id]
    code, out, _ = run("audit", "verify")
    assert code == 0 and "intakt" in out


def test_english_on_request(ready: Path, run: Cli) -> None:
    code, _, err = run("--lang", "en", "case", "show", "2026-9999")
    assert code == 1
    assert err.strip() == "[CW201] Case '2026-9999' does not exist."


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("case", "show", "2026-9999"), 1, "[CW201] Sagen '2026-9999' findes ikke."),
        (("case", "advance", "{id}", "godkend", "--as", "aase"), 1, "[CW202]"),
        (("case", "advance", "{id}", "indsend", "--as", "mette"), 1, "[CW204]"),
        (("case", "advance", "{id}", "indsend", "--as", "sofie"), 1, "[CW203]"),
        (
            ("case", "advance", "{id}", "indsend", "--as", "aase", "--expected-version", "7"),
            1,
            "[CW206]",
        ),
        (("case", "advance", "{id}", "indsend", "--as", "nobody"), 1, "[CW210]"),
        (("case", "new", "--workflow", "x", "--title", "Abc", "--as", "aase"), 1, "[CW211]"),
        (
            (
                "case",
                "new",
                "--workflow",
                "beslutningssag",
                "--title",
                "Abc",
                "--as",
                "aase",
                "--route",
                "bpu",
                "--attr",
                "beloeb",
            ),
            1,
            "[CW213]",
        ),
        (
            (
                "case",
                "new",
                "--workflow",
                "beslutningssag",
                "--title",
                "Abc",
                "--as",
                "aase",
                "--route",
                "bpu",
                "--deadline",
                "tomorrow",
            ),
            1,
            "[CW213]",
        ),
        (("case", "frobnicate"), 2, "Forkert brug"),
        (("case", "list", "--status", "maybe"), 1, "[CW213]"),
    ],
)
def test_bad_input_gives_one_line_and_changes_nothing(
    ready: Path,
    run: Cli,
    args: tuple[str, ...],
    code: int,
    fragment: str,
) -> None:
    case_id = str(new_case(run)["id"])
    got, out, err = run(*(a.replace("{id}", case_id) for a in args))
    assert got == code
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    _, shown, _ = run("case", "show", case_id, "--json")
    assert json.loads(shown)["version"] == 1


def test_print_id_prints_the_number_alone_and_a_retry_the_same(ready: Path, run: Cli) -> None:
    # What `sag=$(casework case new … --print-id)` in the README tour relies on.
    args = ("case", "new", "--title", "Lokalplan 212", "--as", "aase", "--attr",
            "sagstype=lokalplan", "--attr", "politikomraade=lokalplaner", "--key", "print-id-1",
            "--print-id")  # fmt: skip
    code, out, err = run(*args)
    assert code == 0, err
    case_id = out.strip()
    assert out == f"{case_id}\n" and case_id[:4].isdigit() and case_id[4] == "-"
    assert run(*args)[1] == out  # the idempotency key finds the same case
    code, _, err = run(*args[:-1], "--key", "print-id-2", "--print-id", "--json")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "brug enten --print-id eller --json" in err
    code, _, err = run("--lang", "en", *args[:-1], "--key", "print-id-2", "--print-id", "--json")
    assert code == 1 and "use either --print-id or --json" in err
    _, listed, _ = run("case", "list", "--json")
    assert [c["id"] for c in json.loads(listed)] == [case_id]


def test_missing_database_asks_for_init(env: Path, run: Cli) -> None:
    code, _, err = run.bare("case", "list")
    assert code == 1
    assert "casework init" in err and len(err.strip().splitlines()) == 1


def test_broken_yaml_is_reported_with_file_and_line(env: Path, tmp_path: Path, run: Cli) -> None:
    import shutil

    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    path = config / "workflows" / "orienteringssag.yaml"
    path.write_text(path.read_text().replace("kind: approval", "kind: [approval", 1))
    code, _, err = run("config", "check", str(config))
    assert code == 1
    assert "orienteringssag.yaml:" in err
    assert "Traceback" not in err


def test_config_check_json(env: Path, run: Cli) -> None:
    code, out, _ = run("config", "check", "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_demo_seeds_every_step_once_and_the_board_shows_it(ready: Path, run: Cli) -> None:
    code, out, err = run("demo", "--cases", "40")
    assert code == 0, err
    code, out, _ = run("demo")
    assert "springes over" in out
    code, out, _ = run("case", "list", "--status", "all", "--json", "--limit", "1000")
    cases = json.loads(out)
    assert len(cases) == 40
    steps = {c["step"].split("@")[0] for c in cases}
    assert {"kladde", "centerchef_godkendelse", "politisk_behandling"} <= steps
    assert any(c["status"] == "closed" for c in cases)
    code, out, _ = run("board", "--json")
    board = json.loads(out)
    assert sum(board["by_step"].values()) == sum(c["status"] == "open" for c in cases)
    code, out, _ = run("audit", "verify", "--json")
    assert json.loads(out)["ok"] is True
    code, out, _ = run("board")
    assert code == 0 and "Sagstavlen" in out


def test_a_case_is_planned_backwards_from_the_meetings(ready: Path, run: Cli) -> None:
    case_id = str(new_case(run)["id"])
    code, out, err = run("case", "plan", case_id, "--ready", "2026-03-02", "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert [m["body"] for m in plan["meetings"]] == ["bpu", "oeu", "kb"]
    dates = [m["date"] for m in plan["meetings"]]
    assert dates == sorted(dates)
    assert plan["meetings"][0]["date"] > "2026-03-02"
    code, out, _ = run("case", "plan", case_id, "--ready", "2026-03-02")
    assert code == 0
    assert "Tidligste møder: BPU" in out
    run("case", "advance", case_id, "traek_tilbage", "--as", "aase")
    code, _, err = run("case", "plan", case_id)
    assert code == 1
    assert "[CW208]" in err


def test_the_plan_routes_a_new_case_and_the_secretariat_can_override(ready: Path, run: Cli) -> None:
    code, out, err = run(
        "case", "new", "--title", "Lokalplan 300", "--as", "aase", "--attr",
        "sagstype=lokalplan", "--attr", "politikomraade=lokalplaner", "--json",
    )  # fmt: skip
    assert code == 0, err
    case = json.loads(out)
    assert [r["body"] for r in case["route"]] == ["bpu", "oeu"]
    case_id = case["id"]
    code, out, _ = run("case", "show", case_id)
    assert "Byplanudvalget træffer beslutning" in out
    assert "R19" in out
    code, out, err = run("case", "set", case_id, "--as", "aase", "--attr", "principiel=ja")
    assert code == 0, err
    code, out, _ = run("case", "show", case_id, "--json")
    shown = json.loads(out)
    assert [r["body"] for r in shown["route"]] == ["bpu", "oeu", "kb"]
    assert shown["decision"]["rule"] == "R20"
    assert shown["route_source"] == "plan"
    code, _, err = run(
        "case",
        "route",
        case_id,
        "--route",
        "bpu,oeu,kb,obu:orienteres",
        "--reason",
        "Opgaveudvalget følger sagen",
        "--as",
        "aase",
    )
    assert code == 1
    assert "[CW215]" in err
    code, _, err = run(
        "case",
        "route",
        case_id,
        "--route",
        "bpu,oeu,kb,obu:orienteres",
        "--reason",
        "Opgaveudvalget følger sagen",
        "--as",
        "sofie",
    )
    assert code == 0, err
    code, out, _ = run("--lang", "en", "case", "show", case_id)
    assert "changed by the secretariat: Opgaveudvalget følger sagen" in out
    code, out, _ = run("audit", "verify")
    assert code == 0


def test_minutes_move_the_case_and_accumulate(ready: Path, run: Cli) -> None:
    case_id = str(new_case(run)["id"])  # BPU recommends → ØU recommends → KB decides
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        assert run("case", "advance", case_id, action, "--as", actor)[0] == 0
    code, _, err = run("case", "decide", case_id, "godkendt", "--as", "sofie")
    assert code == 1
    assert "[CW216]" in err and "anbefales" in err  # BPU only recommends
    run.clock.instant = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)  # BPU has met
    code, out, err = run(
        "case",
        "decide",
        case_id,
        "anbefales",
        "--as",
        "sofie",
        "--text",
        "Anbefales over for ØU.",
        "--votes",
        "For: 5, imod: 2",
        "--meeting",
        "2026-03-10",
        "--json",
    )
    assert code == 0, err
    moved = json.loads(out)
    assert moved["case"]["step"] == "politisk_behandling@oeu"
    assert moved["event"]["data"]["minutes"] == {
        "outcome": "recommended",
        "text": "Anbefales over for ØU.",
        "votes": "For: 5, imod: 2",
        "meeting": "2026-03-10",
    }
    run.clock.instant = dt.datetime(2026, 3, 19, 18, 0, tzinfo=dt.UTC)  # and ØU
    postponed = run("case", "decide", case_id, "udsat", "--as", "sofie", "--meeting", "2026-03-19")
    assert postponed[0] == 0, postponed.err
    code, out, _ = run("case", "show", case_id, "--json")
    assert json.loads(out)["step"] == "politisk_behandling@oeu"
    assert run("audit", "verify")[0] == 0


def test_a_referral_inserts_the_body_next_in_the_route(ready: Path, run: Cli) -> None:
    case_id = str(new_case(run)["id"])
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        assert run("case", "advance", case_id, action, "--as", actor)[0] == 0
    run.clock.instant = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)  # BPU has met
    code, out, err = run(
        "case",
        "decide",
        case_id,
        "oversendt",
        "--to",
        "tmu",
        "--text",
        "Oversendt til Teknik- og Miljøudvalget til udtalelse",
        "--as",
        "sofie",
        "--meeting",
        "2026-03-10",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["event"]["data"]["minutes"]["outcome"] == "referred"
    case = json.loads(out)["case"]
    assert [r["body"] for r in case["route"]] == ["bpu", "tmu", "oeu", "kb"]
    assert case["step"] == "politisk_behandling@tmu"
    code, out, _ = run("case", "show", case_id, "--json")
    assert json.loads(out)["route_override_reason"].startswith("Oversendt til Teknik")
    assert run("audit", "verify")[0] == 0


def test_a_case_is_planned_backwards_from_a_target_meeting(ready: Path, run: Cli) -> None:
    case_id = str(new_case(run)["id"])
    code, _, err = run(
        "case",
        "plan",
        case_id,
        "--ready",
        "2026-03-02",
        "--target-meeting",
        "kb:2026-09-24",
        "--as",
        "sofie",
        "--json",
    )
    assert code == 0, err
    code, out, _ = run("case", "show", case_id, "--json")
    plan = [e for e in json.loads(out)["history"] if e["kind"] == "case.planned"]
    assert [m["date"] for m in plan[-1]["data"]["meetings"]][-1] == "2026-09-24"
    code, _, err = run(
        "case",
        "plan",
        case_id,
        "--ready",
        "2026-03-02",
        "--target-meeting",
        "kb:2026-03-26",
        "--as",
        "sofie",
    )
    assert code == 1
    assert "[CW217]" in err


def test_input_refused_before_any_lookup_is_reported_in_the_users_language(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_LANG", "en")
    code, _, err = run.bare("case", "new", "--title", "x", "--as", "lise")
    assert code == 1
    assert err.startswith("[CW213] Invalid input: title") and len(err.splitlines()) == 1


def test_casework_alone_prints_the_help_and_no_error_line(run: Cli) -> None:
    code, out, err = run.bare()
    assert code == 2
    assert "Brug: casework" in out + err and "Forkert brug" not in err


def test_a_stored_cases_decision_is_explained_from_its_record_not_decided_again(
    ready: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        "case", "new", "--title", "Lokalplan 301", "--as", "aase", "--attr",
        "sagstype=lokalplan", "--attr", "politikomraade=lokalplaner", "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = json.loads(out)["id"]
    shown = json.loads(run("case", "show", case_id, "--json").out)

    from casework.domain import delegation

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("explaining a recorded decision must not decide again")

    monkeypatch.setattr(delegation, "decide_with", refuse)
    code, out, err = run("delegation", "explain", case_id)
    assert code == 0, err
    assert "Beslutning: Byplanudvalget træffer beslutning" in out and "✓ R19" in out
    code, out, err = run("delegation", "explain", case_id, "--json")
    assert code == 0, err
    assert json.loads(out) == shown["decision"]
    code, out, _ = run("case", "show", case_id)
    assert code == 0 and "Byplanudvalget træffer beslutning" in out
