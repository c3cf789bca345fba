"""`casework import oparl` end to end on SQLite: the report, re-import, errors, and the imported
cases through `case show`, `case history`, `audit verify` and `diagram mined`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "oparl"


def _case_of(run: Cli, paper: str) -> dict[str, object]:
    code, out, err = run("case", "list", "--status", "all", "--json")
    assert code == 0, err
    return next(c for c in json.loads(out) if c["attributes"]["oparl_id"].endswith(paper))


def test_import_prints_a_danish_report_and_again_nothing_changes(env: Path, run: Cli) -> None:
    code, out, err = run("import", "oparl", str(FIXTURES / "karlsruhe"))
    assert code == 0, err
    assert "Vorlagen (sager)" in out
    assert "slettet (deleted: true)" in out
    assert "4 sager oprettet" in out
    code, out, err = run("import", "oparl", str(FIXTURES / "karlsruhe"), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["changed"] is False
    assert report["counts"]["paper"]["unchanged"] == 4
    code, out, _ = run("--lang", "en", "import", "oparl", str(FIXTURES / "karlsruhe"))
    assert "Nothing changed" in out


def test_imported_cases_show_their_route_history_and_pass_the_audit(env: Path, run: Cli) -> None:
    assert run("import", "oparl", str(FIXTURES / "karlsruhe"))[0] == 0
    case = _case_of(run, "vo/47495")
    assert [r["name"] for r in case["route"]] == [  # type: ignore[index]
        "Sozialausschuss",
        "Haupt- und Finanzausschuss",
        "Gemeinderat",
    ]
    code, out, err = run("case", "show", str(case["id"]))
    assert code == 0, err
    assert "Sozialausschuss (indstiller) → Haupt- und Finanzausschuss (beslutter)" in " ".join(
        out.split()
    )
    assert "Importeret sag (OParl)" in out
    code, out, err = run("case", "history", str(case["id"]), "--json")
    assert code == 0, err
    events = json.loads(out)
    assert [e["data"].get("minutes", {}).get("decision") for e in events] == [
        None,
        "postponed",
        "recommended",
        "approved",
    ]
    open_case = _case_of(run, "vo/50275")
    code, out, err = run("case", "show", str(open_case["id"]), "--json")
    assert code == 0, err
    assert json.loads(out)["body"] == "Schulausschuss"
    code, out, err = run("audit", "verify")
    assert code == 0, err
    code, out, err = run("diagram", "case", str(case["id"]), "--format", "mermaid")
    assert code == 0, err
    assert "Haupt- und Finanzausschuss" in out
    code, out, err = run("diagram", "mined", "--workflow", "oparl", "--format", "mermaid")
    assert code == 0, err
    assert "Behandling" in out
    code, out, err = run(
        "diagram", "mined", "--body", "Schulausschuss", "--level", "concrete",
        "--format", "mermaid",
    )  # fmt: skip
    assert code == 0, err
    assert "Schulausschuss" in out
    code, _, err = run("diagram", "mined", "--body", "Nirgendwo")
    assert code == 1
    assert "--body" in err


def test_the_huertgenwald_archive_imports(env: Path, run: Cli) -> None:
    code, out, err = run("import", "oparl", str(FIXTURES / "huertgenwald.tar.xz"), "--json")
    assert code == 0, err
    assert json.loads(out)["cases"]["created"] == 4


def test_bad_input_is_one_line_and_a_non_zero_exit(env: Path, run: Cli) -> None:
    code, out, err = run("import", "oparl", str(env / "nowhere"))
    assert code == 1
    assert err.startswith("[CW681]")
    assert len(err.strip().splitlines()) == 1
    bad = env / "mapping.yaml"
    bad.write_text("schema_version: 1\nresults:\n  - {match: x, decision: maybe}\n")
    code, _, err = run("import", "oparl", str(FIXTURES / "karlsruhe"), "--mapping", str(bad))
    assert code == 1
    assert f"{bad}:3" in err
    assert "Traceback" not in err
    # Nothing was imported: the mapping is checked before anything is written.
    code, out, _ = run("case", "list", "--status", "all", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_export_then_import_round_trips_the_routes(
    env: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.adapters.config.full import load_full_configuration
    from casework.adapters.oparl import imported_routes

    assert run("init")[0] == 0
    assert run("demo", "--cases", "25")[0] == 0
    code, out, err = run("case", "list", "--status", "all", "--json")
    assert code == 0, err
    bodies = load_full_configuration(ROOT / "config").municipality.bodies
    routes = {
        c["id"]: [(bodies[r["body"]].name, r["role"]) for r in c["route"]] for c in json.loads(out)
    }
    code, _, err = run("export", "oparl", str(env / "export"))
    assert code == 0, err
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(env / "imported"))
    code, out, err = run("import", "oparl", str(env / "export"), "--json")
    assert code == 0, err
    imported = imported_routes(f"sqlite:///{env / 'imported' / 'casework.db'}")
    assert imported
    by_case = {paper.rsplit("/", 1)[1]: route for paper, route in imported.items()}
    assert by_case == {case: route for case, route in routes.items() if case in by_case}
    assert set(by_case) == {case for case, route in routes.items() if route}
