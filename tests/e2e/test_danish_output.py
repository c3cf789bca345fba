"""Danish in Danish (issue 15, item 6): booleans as ja/nej, decimal commas, titles not ids.

``stats`` prints "1,0 %" and the steps' titles and bodies' short names; ``case show`` shows a
boolean attribute as ja/nej; refusals name the step and role by their titles
("Dagsordensgennemgang hos direktør", "Direktør"), never their ids ("direktoer_godkendelse",
"direktoer", "sekretariat"). English keeps the point and the English titles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

STEP_IDS = ("kladde", "centerchef_godkendelse", "direktoer_godkendelse", "kvalitetssikring")


@pytest.fixture
def ready(env: Path, run: Cli) -> Path:
    code, _, err = run("init")
    assert code == 0, err
    return env


def test_stats_writes_decimal_commas_and_titles(ready: Path, run: Cli) -> None:
    assert run("demo", "--cases", "30")[0] == 0
    code, out, err = run("stats")
    assert code == 0, err
    assert re.search(r"\d,\d %", out), out
    assert not re.search(r"\d\.\d %", out), out
    assert not [step for step in STEP_IDS if re.search(rf"│ {step}\b", out)], out
    assert "oeu (" not in out and "ØU (" in out
    code, out, err = run("--lang", "en", "stats")
    assert code == 0, err
    assert re.search(r"\d\.\d %", out) and not re.search(r"\d,\d %", out), out


def test_case_show_writes_booleans_as_ja_nej(ready: Path, run: Cli) -> None:
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti", "--as", "mette",
        "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje", "--attr", "principiel=ja",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = json.loads(out)["id"]
    code, out, err = run("case", "show", case_id)
    assert code == 0, err
    assert "principiel=ja" in out and "True" not in out
    code, out, err = run("--lang", "en", "case", "show", case_id)
    assert "principiel=yes" in out


def test_refusals_name_steps_and_roles_by_their_titles(ready: Path, run: Cli) -> None:
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Ny cykelsti", "--as", "mette",
        "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje", "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = json.loads(out)["id"]
    assert run("case", "advance", case_id, "indsend", "--as", "mette")[0] == 0
    assert run("case", "advance", case_id, "godkend", "--as", "henrik")[0] == 0
    _, _, wrong_role = run("case", "advance", case_id, "godkend", "--as", "mette")
    _, _, wrong_step = run("case", "advance", case_id, "indsend", "--as", "annelise")
    _, _, wrong_centre = run("case", "advance", case_id, "godkend", "--as", "peter")
    assert "[CW203] Mette Sørensen" in wrong_role and "rollen Direktør." in wrong_role
    assert "i trinnet 'Dagsordensgennemgang hos direktør'" in wrong_step
    assert "hører til Center for Miljø og Teknik" in wrong_centre
    _, _, wrong_decision = run("case", "decide", case_id, "godkendt", "--as", "sofie",
                               "--meeting", "2026-03-26")  # fmt: skip
    assert "[CW216]" in wrong_decision
    assert "i trinnet 'Dagsordensgennemgang hos direktør'" in wrong_decision
    for text in (wrong_role, wrong_step, wrong_centre, wrong_decision):
        assert not re.search(r"direktoer|sekretariat\b|'cmt'|\bcmt\b|\bmette\b", text), text
    assert run("case", "advance", case_id, "godkend", "--as", "annelise")[0] == 0
    _, _, secretariat = run("case", "advance", case_id, "godkend", "--as", "mette")
    assert "Borgmester- og Direktionssekretariatet" in secretariat
