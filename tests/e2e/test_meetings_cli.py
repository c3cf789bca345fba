"""``casework meetings`` end to end: ``plan``, ``list`` and ``deadlines`` on Eksempel Kommune.

The commands run through ``main([...])`` (the ``run`` fixture), as typed after ``casework``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli, Outcome

from casework.adapters.config.meetings_loader import load_calendar_configuration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tables as a wide terminal shows them, not wrapped at 80 columns.
    monkeypatch.setenv("COLUMNS", "160")


def error_of(result: Outcome) -> str:
    """The one line a refused command printed."""
    assert result.code == 1, result.output
    assert len(result.err.splitlines()) == 1, result.err
    return result.err


# --- plan ------------------------------------------------------------------------------------


def test_plan_shows_the_year_per_month_and_body(run: Cli) -> None:
    result = run("meetings", "plan", "2026")
    assert result.code == 0, result.output
    assert "Mødeplan 2026 – Eksempel Kommune" in result.output
    assert "config/meetings/eksempel-2026.yaml" in result.output
    assert "15+ 29" in result.output  # October: the extra budget meeting and the ordinary one
    assert "Planen overholder alle regler." in result.output


def test_plan_proposes_a_new_year_from_the_latest_rules_in_english(run: Cli) -> None:
    result = run("--lang", "en", "meetings", "plan", "2028")
    assert result.code == 0, result.output
    assert "proposal from the rules in config/meetings/eksempel-2027.yaml" in result.output
    assert "The plan keeps every rule." in result.output


def test_plan_json_lists_meetings_and_findings(run: Cli) -> None:
    result = run("meetings", "plan", "2027", "--json")
    assert result.code == 0, result.output
    data = json.loads(result.output)
    assert (data["year"], data["ok"], data["configured"]) == (2027, True, True)
    assert len(data["meetings"]) == 95
    march = [m for m in data["meetings"] if m["body"] == "kb" and m["date"].startswith("2027-03")]
    assert march == [
        {
            "body": "kb",
            "date": "2027-03-24",
            "time": "17:00",
            "kind": "ordinary",
            "source": "shifted",
            "planned_for": "2027-03-25",
            "capacity": None,
            "note": None,
        }
    ]


def test_written_plan_is_explicit_yaml_that_loads_to_the_same_meetings(
    run: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    written = tmp_path / "adopted-2026.yaml"
    result = run("meetings", "plan", "2026", "--write", str(written))
    assert result.code == 0, result.output
    assert f"skrevet til {written}" in result.output
    text = written.read_text(encoding="utf-8")
    assert "rules:" not in text
    assert '  - {body: kb, date: 2026-10-15, time: "17:00", kind: extra,' in text
    (target / "meetings" / "eksempel-2026.yaml").unlink()
    shutil.copy(written, target / "meetings" / "eksempel-2026.yaml")

    def key(directory: Path) -> list[tuple[object, ...]]:
        plan = load_calendar_configuration(directory).meetings.select(end=dt.date(2026, 12, 31))
        return [(m.body, m.date, m.time, m.kind, m.note) for m in plan]

    assert key(target) == key(ROOT / "config")


def test_plan_with_problems_lists_them_and_fails(run: Cli, tmp_path: Path) -> None:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    plan = target / "meetings" / "eksempel-2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "meetings:\n",
            'meetings:\n  - {body: kb, date: 2026-12-28, time: "17:00", kind: extra}\n',
        ),
        encoding="utf-8",
    )
    result = run("--config-dir", str(target), "meetings", "plan", "2026")
    assert result.code == 1
    assert "1 problem(er) i planen" in result.output
    assert "[CW712]" in result.output and "Juleferie" in result.output


def test_plan_without_any_plan_file_says_what_to_do(run: Cli, tmp_path: Path) -> None:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    shutil.rmtree(target / "meetings")
    result = run("--config-dir", str(target), "meetings", "plan", "2026")
    assert result.code == 1
    assert "config/meetings/" in result.output


# --- list ------------------------------------------------------------------------------------


def test_list_filters_by_body_and_dates(run: Cli) -> None:
    result = run("meetings", "list", "--body", "kb", "--from", "2026-09-01", "--to", "2026-12-31")
    assert result.code == 0, result.output
    assert "tor 2026-10-15" in result.output and "2. behandling af budget 2027" in result.output
    assert "2026-08-27" not in result.output
    data = json.loads(
        run("meetings", "list", "--body", "kb", "--from", "2027-09-01", "--json").output
    )
    assert [m["date"] for m in data] == [
        "2027-09-23",
        "2027-10-14",
        "2027-10-28",
        "2027-11-25",
        "2027-12-16",
    ]
    assert data[0]["source"] == "moved"


def test_list_refuses_an_unknown_body_and_a_bad_date(run: Cli) -> None:
    unknown = error_of(run("meetings", "list", "--body", "kbb"))
    assert unknown.startswith("[CW213]") and "Mente du 'kb'?" in unknown
    bad = error_of(run("meetings", "list", "--from", "2026-13-01"))
    assert "--from" in bad


# --- deadlines ------------------------------------------------------------------------------


def test_deadlines_plan_a_hypothetical_case(run: Cli) -> None:
    result = run("meetings", "deadlines", "--route", "tmu,oeu,kb", "--ready", "2026-03-02")
    assert result.code == 0, result.output
    out = result.output
    assert "Plan for en beslutningssag: TMU → ØU → KB, klar man 2026-03-02" in out
    assert (
        "Tidligste møder: TMU man 2026-05-11 16:00, ØU tor 2026-05-21 16:00, "
        "KB tor 2026-05-28 17:00" in out
    )
    assert "Hvorfor ikke tidligere:" in out
    assert "TMU man 2026-04-13: sagen skulle være hos sekretariatet senest man 2026-03-23" in out


def test_deadlines_json_in_english(run: Cli) -> None:
    result = run(
        "--lang",
        "en",
        "meetings",
        "deadlines",
        "--route",
        "bpu,oeu,kb",
        "--ready",
        "2026-03-02",
        "--json",
    )
    assert result.code == 0, result.output
    data = json.loads(result.output)
    assert data["route"] == [
        {"body": "bpu", "role": "indstiller"},
        {"body": "oeu", "role": "indstiller"},
        {"body": "kb", "role": "beslutter"},
    ]
    assert [m["date"] for m in data["meetings"]] == ["2026-05-12", "2026-05-21", "2026-05-28"]
    assert data["steps"][0]["title"] == "Case officer drafts the item"
    assert data["not_earlier"][0]["message"].startswith("BPU Tue 2026-03-10: the case had to")


def test_deadlines_when_no_meeting_fits(run: Cli) -> None:
    result = run("meetings", "deadlines", "--route", "tmu,oeu,kb", "--ready", "2027-11-01")
    error = error_of(result)
    assert error.startswith("[CW702]")
    assert "TMU man 2027-11-08" in result.output  # the reasons come first


def test_deadlines_refuses_a_bad_route(run: Cli) -> None:
    error = error_of(run("meetings", "deadlines", "--route", "tmuu,kb", "--ready", "2026-03-02"))
    assert error.startswith("[CW209]") and "Mente du 'tmu'?" in error
