"""``casework delegation`` end to end: check, explain and compare as a secretary would run them.

The commands run through ``typer.testing.CliRunner`` on ``delegation_app``; once the main CLI
registers the app, the last test also runs them through ``main([...])``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from casework.domain.delegation import UnknownPlan
from casework.domain.errors import InvalidAttribute
from casework.entrypoints.delegation_cli import delegation_app

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
CASES = CONFIG_DIR / "delegation" / "eksempel-sager.csv"
LOKALPLAN = [
    "--attr",
    "sagstype=lokalplan",
    "--attr",
    "beloeb=6000000",
    "--attr",
    "politikomraade=lokalplaner",
    "--date",
    "2026-05-04",
]


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(CONFIG_DIR))
    monkeypatch.delenv("CASEWORK_LANG", raising=False)
    from casework.entrypoints import cli

    monkeypatch.setattr(cli._State, "lang", "da")
    monkeypatch.setattr(cli._State, "overrides", {})


def run(*args: str) -> Result:
    return CliRunner().invoke(delegation_app, list(args), terminal_width=200)


# --- check ----------------------------------------------------------------------------------------


def test_check_passes_the_example_plans() -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "eksempel v1 (config/delegation/eksempel-2026.yaml): 39 regler" in result.output
    assert "Delegationsplanerne er i orden (2 planer)." in result.output


def test_check_as_json_for_ci() -> None:
    result = run("check", "--json")
    data = json.loads(result.output)
    assert data["ok"] is True
    assert [(p["id"], p["version"], p["draft"]) for p in data["plans"]] == [
        ("eksempel", 1, False),
        ("eksempel", 2, True),
    ]
    assert data["errors"] == data["warnings"] == []


def test_check_names_file_and_line_of_an_appropriation_given_away(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    plan = config / "delegation" / "eksempel-2026.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "    when: {sagstype: tillaegsbevilling}\n    decides: kb\n"
    assert old in text
    plan.write_text(text.replace(old, old.replace("decides: kb", "decides: oeu")), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 2
    result = run("check", str(config), "--lang", "en")
    assert result.exit_code == 1
    assert f"config/delegation/eksempel-2026.yaml:{line} (rules[2].decides)" in result.output
    assert "[CW620]" in result.output and "KSL § 40, stk. 2" in result.output
    data = json.loads(run("check", str(config), "--json").output)
    assert data["ok"] is False and data["errors"][0]["line"] == line


# --- explain --------------------------------------------------------------------------------------


def test_explain_in_danish_for_a_committee_secretary() -> None:
    result = run("explain", *LOKALPLAN)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Beslutning: Kommunalbestyrelsen træffer beslutning (B)." in out
    assert "Sagsgang: Byplanudvalget (indstiller) → Økonomiudvalget (indstiller) → " in out
    assert "✓ R22 ramte: sagstype = Lokalplan og principiel = nej" in out
    assert "beløb ≥ 5 mio. kr." in out
    assert "✗ R19 ramte ikke: kræver beløb < 5 mio. kr. (sagen: 6 mio. kr.)" in out


def test_explain_in_english() -> None:
    out = run("explain", *LOKALPLAN, "--lang", "en").output
    assert "Decision: City Council decides (B)." in out
    assert "✓ R22 matched: matter type = Local plan" in out


def test_explain_with_the_draft_plan_and_every_rule() -> None:
    out = run("explain", *LOKALPLAN, "--plan", "eksempel-2027-udkast", "--all").output
    assert "UDKAST, ikke vedtaget" in out
    assert "Beslutning: Byplanudvalget træffer beslutning (B)." in out
    assert "✗ R01 ramte ikke" in out


def test_explain_as_json() -> None:
    data = json.loads(run("explain", *LOKALPLAN, "--json").output)
    assert data["decider"] == "kb"
    assert data["plan"]["id"] == "eksempel" and data["plan"]["version"] == 1
    assert [e["body"] for e in data["route"]] == ["bpu", "oeu", "kb"]


def test_explain_refuses_a_misspelt_attribute_instead_of_ignoring_it() -> None:
    result = run("explain", "--attr", "sagstype=lokalplan", "--attr", "beloab=6000000")
    assert isinstance(result.exception, InvalidAttribute)
    assert result.exception.suggestion == "beloeb"


# --- compare --------------------------------------------------------------------------------------


def test_compare_shows_who_gains_and_loses_agenda_items() -> None:
    result = run("compare", "eksempel-2026", "eksempel-2027-udkast", "--cases", str(CASES))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sammenligning af eksempel v1 og eksempel v2 over 200 sager" in out
    assert "Beslutningskompetence: fra (rækker) → til (kolonner)" in out
    assert "Dagsordenspunkter pr. år pr. organ" in out
    assert "får en anden beslutningskompetence" in out


def test_compare_as_json_adds_up() -> None:
    result = run(
        "compare",
        "eksempel@1",
        "eksempel@2",
        "--cases",
        str(CASES),
        "--json",
        "--minutes-per-item",
        "15",
    )
    data = json.loads(result.output)
    assert data["cases"] == 200
    assert sum(cell["cases"] for cell in data["matrix"]) == 200
    moved = sum(c["cases"] for c in data["matrix"] if c["from"] != c["to"])
    assert moved == data["decider_changed"] > 0
    assert data["minutes_saved_per_year"] == pytest.approx(data["items_saved_per_year"] * 15, 0.01)
    kb = next(b for b in data["bodies"] if b["body"] == "kb")
    assert kb["delta_per_year"] < 0  # the draft delegates more
    assert len(data["changed"]) == data["route_changed"]


def test_compare_as_csv_lists_the_changed_cases_with_routes_to_paste() -> None:
    result = run("compare", "eksempel-2026", "eksempel-2027-udkast", "--cases", str(CASES), "--csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and set(rows[0]) == {
        "row",
        "case",
        "decider_a",
        "decider_b",
        "rule_a",
        "rule_b",
        "route_a",
        "route_b",
    }
    assert any(r["route_a"].endswith("kb:beslutter") for r in rows)


def test_compare_with_an_unknown_plan_suggests_one() -> None:
    result = run("compare", "eksempel-2062", "eksempel-2026", "--cases", str(CASES))
    assert isinstance(result.exception, UnknownPlan)
    assert result.exception.code == "CW656"


# --- through the main CLI, once it is registered --------------------------------------------------


def test_main_cli_runs_the_delegation_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from casework.entrypoints.cli import app, main

    if not any(group.name == "delegation" for group in app.registered_groups):
        pytest.skip("delegation_app is not registered in casework.entrypoints.cli yet")
    assert main(["--lang", "en", "delegation", "explain", *LOKALPLAN]) == 0
    assert "Decision: City Council decides (B)." in capsys.readouterr().out
    assert main(["delegation", "explain", "--attr", "beloab=1"]) == 1
    assert "beloeb" in capsys.readouterr().err
