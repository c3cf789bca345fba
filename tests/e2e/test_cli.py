"""The CLI end to end on SQLite: `main([...])` as a user would type it, good input and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casework.entrypoints.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(ROOT / "config"))
    monkeypatch.delenv("CASEWORK_DATABASE_URL", raising=False)
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def new_case(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    code, out, err = run(
        capsys,
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
def ready(env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "Databasen er klar" in out
    return env


def test_a_case_is_opened_advanced_shown_and_audited(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = new_case(capsys)
    assert case["id"] == case["id"] and case["step"] == "kladde" and case["version"] == 1
    case_id = str(case["id"])
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        code, out, err = run(
            capsys, "case", "advance", case_id, action, "--as", actor, "--comment", "ok"
        )
        assert code == 0, err
        assert case_id in out
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    shown = json.loads(out)
    assert shown["step"] == "politisk_behandling@bpu"
    assert shown["version"] == 5
    assert [a["action"] for a in shown["actions"]] == ["anbefal", "udsaet", "send_tilbage"]
    assert len(shown["history"]) == 5
    code, out, _ = run(capsys, "case", "show", case_id)
    assert code == 0 and "Byplanudvalget" not in out and "BPU (indstiller)" in out
    code, out, _ = run(capsys, "case", "history", case_id, "--json")
    assert [e["data"].get("action") for e in json.loads(out)][1:] == [
        "indsend",
        "godkend",
        "godkend",
        "godkend",
    ]
    code, out, _ = run(capsys, "case", "list", "--json", "--step", "politisk_behandling")
    assert [c["id"] for c in json.loads(out)] == [case_id]
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "intakt" in out


def test_english_on_request(ready: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "case", "show", "2026-9999")
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
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    fragment: str,
) -> None:
    case_id = str(new_case(capsys)["id"])
    got, out, err = run(capsys, *(a.replace("{id}", case_id) for a in args))
    assert got == code
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    _, shown, _ = run(capsys, "case", "show", case_id, "--json")
    assert json.loads(shown)["version"] == 1


def test_missing_database_asks_for_init(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "case", "list")
    assert code == 1
    assert "casework init" in err and len(err.strip().splitlines()) == 1


def test_broken_yaml_is_reported_with_file_and_line(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    path = config / "workflows" / "orienteringssag.yaml"
    path.write_text(path.read_text().replace("kind: approval", "kind: [approval", 1))
    code, _, err = run(capsys, "config", "check", str(config))
    assert code == 1
    assert "orienteringssag.yaml:" in err
    assert "Traceback" not in err


def test_config_check_json(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "config", "check", "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_demo_seeds_every_step_once_and_the_board_shows_it(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "demo", "--cases", "40")
    assert code == 0, err
    code, out, _ = run(capsys, "demo")
    assert "springes over" in out
    code, out, _ = run(capsys, "case", "list", "--status", "all", "--json", "--limit", "1000")
    cases = json.loads(out)
    assert len(cases) == 40
    steps = {c["step"].split("@")[0] for c in cases}
    assert {"kladde", "centerchef_godkendelse", "politisk_behandling"} <= steps
    assert any(c["status"] == "closed" for c in cases)
    code, out, _ = run(capsys, "board", "--json")
    board = json.loads(out)
    assert sum(board["by_step"].values()) == sum(c["status"] == "open" for c in cases)
    code, out, _ = run(capsys, "audit", "verify", "--json")
    assert json.loads(out)["ok"] is True
    code, out, _ = run(capsys, "board")
    assert code == 0 and "Sagstavlen" in out


def test_a_case_is_planned_backwards_from_the_meetings(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = str(new_case(capsys)["id"])
    code, out, err = run(capsys, "case", "plan", case_id, "--ready", "2026-03-02", "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert [m["body"] for m in plan["meetings"]] == ["bpu", "oeu", "kb"]
    dates = [m["date"] for m in plan["meetings"]]
    assert dates == sorted(dates)
    assert plan["meetings"][0]["date"] > "2026-03-02"
    code, out, _ = run(capsys, "case", "plan", case_id, "--ready", "2026-03-02")
    assert code == 0
    assert "Tidligste møder: BPU" in out
    run(capsys, "case", "advance", case_id, "traek_tilbage", "--as", "aase")
    code, _, err = run(capsys, "case", "plan", case_id)
    assert code == 1
    assert "[CW208]" in err


def test_the_plan_routes_a_new_case_and_the_secretariat_can_override(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "case", "new", "--title", "Lokalplan 300", "--as", "aase", "--attr",
        "sagstype=lokalplan", "--attr", "politikomraade=lokalplaner", "--json",
    )  # fmt: skip
    assert code == 0, err
    case = json.loads(out)
    assert [r["body"] for r in case["route"]] == ["bpu", "oeu"]
    case_id = case["id"]
    code, out, _ = run(capsys, "case", "show", case_id)
    assert "Byplanudvalget træffer beslutning" in out
    assert "R19" in out
    code, out, err = run(capsys, "case", "set", case_id, "--as", "aase", "--attr", "principiel=ja")
    assert code == 0, err
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    shown = json.loads(out)
    assert [r["body"] for r in shown["route"]] == ["bpu", "oeu", "kb"]
    assert shown["decision"]["rule"] == "R20"
    assert shown["route_source"] == "plan"
    code, _, err = run(
        capsys,
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
        capsys,
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
    code, out, _ = run(capsys, "--lang", "en", "case", "show", case_id)
    assert "changed by the secretariat: Opgaveudvalget følger sagen" in out
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0


def test_minutes_move_the_case_and_accumulate(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = str(new_case(capsys)["id"])  # BPU recommends → ØU recommends → KB decides
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        assert run(capsys, "case", "advance", case_id, action, "--as", actor)[0] == 0
    code, _, err = run(capsys, "case", "decide", case_id, "godkendt", "--as", "sofie")
    assert code == 1
    assert "[CW216]" in err and "recommended" in err  # BPU only recommends
    code, out, err = run(
        capsys,
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
    assert run(capsys, "case", "decide", case_id, "udsat", "--as", "sofie")[0] == 0
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    assert json.loads(out)["step"] == "politisk_behandling@oeu"
    assert run(capsys, "audit", "verify")[0] == 0


def test_a_referral_inserts_the_body_next_in_the_route(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = str(new_case(capsys)["id"])
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        assert run(capsys, "case", "advance", case_id, action, "--as", actor)[0] == 0
    code, out, err = run(
        capsys,
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
        "--json",
    )
    assert code == 0, err
    case = json.loads(out)["case"]
    assert [r["body"] for r in case["route"]] == ["bpu", "tmu", "oeu", "kb"]
    assert case["step"] == "politisk_behandling@tmu"
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    assert json.loads(out)["route_override_reason"].startswith("Oversendt til Teknik")
    assert run(capsys, "audit", "verify")[0] == 0


def test_a_case_is_planned_backwards_from_a_target_meeting(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = str(new_case(capsys)["id"])
    code, _, err = run(
        capsys,
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
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    plan = [e for e in json.loads(out)["history"] if e["kind"] == "case.planned"]
    assert [m["date"] for m in plan[-1]["data"]["meetings"]][-1] == "2026-09-24"
    code, _, err = run(
        capsys,
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
