"""`casework stats` end to end on SQLite, over imported OParl cases and the demo cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "oparl"


def test_stats_of_imported_cases_as_json_and_table(env: Path, run: Cli) -> None:
    assert run("import", "oparl", str(FIXTURES / "karlsruhe"))[0] == 0
    code, out, err = run("stats", "--by", "quarter", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["by"] == "quarter"
    assert stats["total"]["cases"] == 4
    assert stats["total"]["closed"] == 3
    assert stats["total"]["postponement_rate"] == 0.5
    assert stats["total"]["referral_rate"] == 0.25
    assert [p["period"] for p in stats["periods"]] == ["2017-Q1", "2020-Q4", "2022-Q3", "2024-Q2"]
    patterns = {r["pattern"]: r["cases"] for r in stats["routes"]}
    assert patterns["Gemeinderat (beslutter)"] == 1
    council = next(r for r in stats["bodies"] if r["body"] == "Gemeinderat")
    assert council["cases"] == 4
    assert council["days"]["count"] == 4
    code, out, err = run("stats")
    assert code == 0, err
    assert "Sagsgangsstatistik (4 sager, 3 afsluttede)" in out
    assert "Besluttende organ" in out
    code, out, err = run("--lang", "en", "stats", "--from", "2020-01-01", "--to", "2022-12-31")
    assert code == 0, err
    assert "Process statistics (2 cases, 2 closed)" in out


def test_stats_of_the_demo_cases(env: Path, run: Cli) -> None:
    assert run("init")[0] == 0
    assert run("demo", "--cases", "30")[0] == 0
    code, out, err = run("stats", "--by", "month", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["total"]["cases"] == 30
    steps = {r["step"] for r in stats["steps"]}
    assert "kladde" in steps
    # The table says the roles in words, never their ids, in the run's language.
    patterns = " ".join(r["pattern"] for r in stats["routes"])
    assert "(indstiller)" in patterns and "-" in {r["pattern"] for r in stats["routes"]}
    code, out, err = run("stats", "--top", "50")
    assert code == 0, err
    assert "(indstiller)" in out and "Ingen politisk behandling" in out
    assert "droefter" not in out
    code, out, err = run("--lang", "en", "stats", "--top", "50")
    assert code == 0, err
    assert "(recommends)" in out and "No political step" in out
    assert "(indstiller)" not in out and "(beslutter)" not in out


def test_bad_stats_input_is_one_line(env: Path, run: Cli) -> None:
    assert run("import", "oparl", str(FIXTURES / "karlsruhe"))[0] == 0
    for args in (
        ["--by", "week"],
        ["--from", "2024-13-01"],
        ["--from", "2025-01-01", "--to", "2024-01-01"],
    ):
        code, _, err = run("stats", *args)
        assert code == 1
        assert err.startswith("[CW682]")
        assert len(err.strip().splitlines()) == 1
    code, out, _ = run("stats", "--from", "2030-01-01")
    assert code == 0
    assert "Ingen sager" in out
