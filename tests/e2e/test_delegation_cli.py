"""``casework delegation`` end to end: check, explain and compare as a secretary would run them.

The commands run through ``main([...])`` (the ``run`` fixture), as typed after ``casework``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

from casework.domain.delegation import UnknownPlan
from casework.domain.errors import InvalidAttribute

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
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tables as a secretary's wide terminal shows them, not wrapped at 80 columns.
    monkeypatch.setenv("COLUMNS", "200")


# --- check ----------------------------------------------------------------------------------------


def test_check_passes_the_example_plans(run: Cli) -> None:
    result = run("delegation", "check")
    assert result.code == 0, result.output
    assert "eksempel v1 (config/delegation/eksempel-2026.yaml): 42 regler" in result.output
    assert "Delegationsplanerne er i orden (2 planer)." in result.output


def test_check_as_json_for_ci(run: Cli) -> None:
    result = run("delegation", "check", "--json")
    data = json.loads(result.output)
    assert data["ok"] is True
    assert [(p["id"], p["version"], p["draft"]) for p in data["plans"]] == [
        ("eksempel", 1, False),
        ("eksempel", 2, True),
    ]
    assert data["errors"] == data["warnings"] == []


def test_check_names_file_and_line_of_an_appropriation_given_away(run: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    plan = config / "delegation" / "eksempel-2026.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "    when: {sagstype: tillaegsbevilling}\n    decides: kb\n"
    assert old in text
    plan.write_text(text.replace(old, old.replace("decides: kb", "decides: oeu")), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 2
    result = run("delegation", "check", str(config), "--lang", "en")
    assert result.code == 1
    assert f"config/delegation/eksempel-2026.yaml:{line} (rules[2].decides)" in result.output
    assert "[CW620]" in result.output and "KSL § 40, stk. 2" in result.output
    data = json.loads(run("delegation", "check", str(config), "--json").output)
    assert data["ok"] is False and data["errors"][0]["line"] == line


# --- explain --------------------------------------------------------------------------------------


def test_explain_in_danish_for_a_committee_secretary(run: Cli) -> None:
    result = run("delegation", "explain", *LOKALPLAN)
    assert result.code == 0, result.output
    out = result.output
    assert "Beslutning: Kommunalbestyrelsen træffer beslutning (B)." in out
    assert "Sagsgang: Byplanudvalget (indstiller) → Økonomiudvalget (indstiller) → " in out
    assert "✓ R22 ramte: sagstype = Lokalplan og principiel = nej" in out
    assert "beløb ≥ 5 mio. kr." in out
    assert "✗ R19 ramte ikke: kræver beløb < 5 mio. kr. (sagen: 6 mio. kr.)" in out


def test_explain_in_english(run: Cli) -> None:
    out = run("delegation", "explain", *LOKALPLAN, "--lang", "en").output
    assert "Decision: City Council decides (B)." in out
    assert "✓ R22 matched: matter type = Local plan" in out


def test_explain_with_the_draft_plan_and_every_rule(run: Cli) -> None:
    out = run("delegation", "explain", *LOKALPLAN, "--plan", "eksempel-2027-udkast", "--all").output
    assert "UDKAST, ikke vedtaget" in out
    assert "Beslutning: Byplanudvalget træffer beslutning (B)." in out
    assert "✗ R01 ramte ikke" in out


def test_explain_as_json(run: Cli) -> None:
    data = json.loads(run("delegation", "explain", *LOKALPLAN, "--json").output)
    assert data["decider"] == "kb"
    assert data["plan"]["id"] == "eksempel" and data["plan"]["version"] == 1
    assert [e["body"] for e in data["route"]] == ["bpu", "oeu", "kb"]


def test_explain_refuses_a_misspelt_attribute_instead_of_ignoring_it(run: Cli) -> None:
    result = run(
        "delegation", "explain", "--attr", "sagstype=lokalplan", "--attr", "beloab=6000000"
    )
    assert result.code == 1
    assert result.err.startswith(f"[{InvalidAttribute.code}]") and "beloeb" in result.err


# --- compare --------------------------------------------------------------------------------------


def test_compare_shows_who_gains_and_loses_agenda_items(run: Cli) -> None:
    result = run(
        "delegation", "compare", "eksempel-2026", "eksempel-2027-udkast", "--cases", str(CASES)
    )
    assert result.code == 0, result.output
    out = result.output
    assert "Sammenligning af eksempel v1 og eksempel v2 over 200 sager" in out
    assert "Beslutningskompetence: fra (rækker) → til (kolonner)" in out
    assert "Dagsordenspunkter pr. år pr. organ" in out
    assert "får en anden beslutningskompetence" in out


def test_compare_as_json_adds_up(run: Cli) -> None:
    result = run(
        "delegation",
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


def test_compare_as_csv_lists_the_changed_cases_with_routes_to_paste(run: Cli) -> None:
    result = run(
        "delegation",
        "compare",
        "eksempel-2026",
        "eksempel-2027-udkast",
        "--cases",
        str(CASES),
        "--csv",
    )
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


def test_compare_with_an_unknown_plan_suggests_one(run: Cli) -> None:
    result = run("delegation", "compare", "eksempel-2062", "eksempel-2026", "--cases", str(CASES))
    assert result.code == 1
    assert result.err.startswith(f"[{UnknownPlan.code}]") and UnknownPlan.code == "CW656"


# --- as a user types it ---------------------------------------------------------------------------


def test_the_language_can_be_chosen_before_the_group(run: Cli) -> None:
    result = run("--lang", "en", "delegation", "explain", *LOKALPLAN)
    assert result.code == 0, result.err
    assert "Decision: City Council decides (B)." in result.out
    result = run("delegation", "explain", "--attr", "beloab=1")
    assert result.code == 1 and "beloeb" in result.err


# --- the workflow a new case follows, and its minimum periods (issue 15) ----------------------


def test_case_new_picks_the_local_plan_workflow_and_says_why(run: Cli) -> None:
    opened = run(
        "case",
        "new",
        "--title",
        "Lokalplan 212 for Virum Bytorv",
        "--as",
        "aase",
        "--attr",
        "sagstype=lokalplan",
        "--attr",
        "politikomraade=lokalplaner",
    )
    assert opened.code == 0, opened.err
    assert "Arbejdsgang: Lokalplan (sagstype = lokalplan)" in opened.out
    english = run(
        "--lang",
        "en",
        "case",
        "new",
        "--title",
        "Medlemsforslag om busser",
        "--as",
        "sofie",
        "--attr",
        "sagstype=medlemsforslag",
        "--attr",
        "politikomraade=veje",
    )
    assert "Workflow: Member's proposal (sagstype = medlemsforslag)" in english.out
    given = run(
        "case",
        "new",
        "--title",
        "Lokalplan som beslutningssag",
        "--as",
        "aase",
        "--workflow",
        "beslutningssag",
        "--attr",
        "sagstype=lokalplan",
        "--attr",
        "politikomraade=lokalplaner",
    )
    assert given.code == 0 and "Arbejdsgang" not in given.out
    explained = run(
        "delegation",
        "explain",
        "--attr",
        "sagstype=lokalplan",
        "--attr",
        "politikomraade=lokalplaner",
        "--date",
        "2026-05-04",
    )
    assert "Arbejdsgang: lokalplan (sagstype = lokalplan)" in explained.out


def test_a_hearing_closed_early_is_one_line_and_the_override_is_kept(run: Cli) -> None:
    sag = run(
        "case",
        "new",
        "--title",
        "Lokalplan 212",
        "--as",
        "aase",
        "--print-id",
        "--attr",
        "sagstype=lokalplan",
        "--attr",
        "politikomraade=lokalplaner",
    ).out.strip()
    for action, person in [
        ("indsend", "aase"),
        ("godkend", "birgitte"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("godkend", "sofie"),
        ("offentliggoer", "aase"),
    ]:
        assert run("case", "advance", sag, action, "--as", person).code == 0
    early = run("case", "advance", sag, "afslut_hoering", "--as", "aase")
    assert early.code != 0
    assert early.err.startswith("[CW226]") and len(early.err.strip().splitlines()) == 1
    assert "Traceback" not in early.err
    not_hers = run(
        "case", "advance", sag, "afslut_hoering", "--as", "aase", "--override-minimum", "Travlt"
    )
    assert not_hers.err.startswith("[CW227]")
    done = run(
        "case",
        "advance",
        sag,
        "afslut_hoering",
        "--as",
        "sofie",
        "--json",
        "--override-minimum",
        "Høringen er holdt på borgermødet",
    )
    assert done.code == 0, done.err
    history = json.loads(run("case", "history", sag, "--json").out)
    assert history[-1]["data"]["override"] == "Høringen er holdt på borgermødet"
