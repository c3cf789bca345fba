"""``casework export oparl`` end to end on SQLite: the demo plus closed cases with planted secrets,
exported as a static tree that validates against the OParl 1.1 schemas, resolves every URL,
holds no closed content, is byte-for-byte reproducible, and imports back with the same routes.

The App's clock (``run.clock``) starts on 1 April 2026 and is moved to the meetings the minutes
come from, so that the cases meet Eksempel Kommune's 2026 meeting plan (TMU on 9 March).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "fixtures" / "oparl-schema"
_spec = importlib.util.spec_from_file_location("oparl_validate", SCHEMAS / "oparl_validate.py")
assert _spec is not None and _spec.loader is not None
oparl_validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oparl_validate)

BASE = "http://127.0.0.1:8000/oparl/v1"
ROUTE = "tmu:indstiller,oeu:indstiller,kb:beslutter"
SECRETS = ("SECRET-TITLE", "SECRET-RESUME", "SECRET-INDSTILLING", "SECRET-BILAG", "SECRET-REF")
NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)  # the demo reaches back 70 days


@pytest.fixture
def clock() -> FixedClock:
    """The tests' clock, a month on: the demo reaches back 70 days."""
    return FixedClock(NOW)


@pytest.fixture
def seeded(env: Path, run: Cli) -> dict[str, str]:
    """The demo, an open case and a closed one (secrets in its fields) on TMU's agenda."""
    code, _, err = run("demo", "--cases", "30")
    assert code == 0, err
    ids = {}
    for key, title, attrs in [
        ("open", "Trafikplan for bymidten", []),
        (
            "closed",
            "SECRET-TITLE",
            [
                "resume=SECRET-RESUME",
                "indstilling=SECRET-INDSTILLING",
                "bilag=SECRET-BILAG.pdf",
                "lukket=ja",
                "lukket_grund=personforhold",
            ],
        ),
    ]:
        argv = ["case", "new", "--title", title, "--as", "mette", "--workflow", "beslutningssag"]
        argv += ["--route", ROUTE, "--attr", "politikomraade=veje", "--json"]
        if key == "closed":
            argv += ["--reference", "SECRET-REF"]
        for attr in attrs:
            argv += ["--attr", attr]
        code, out, err = run(*argv)
        assert code == 0, err
        ids[key] = json.loads(out)["id"]
        for action, actor in [
            ("indsend", "mette"),
            ("godkend", "henrik"),
            ("godkend", "annelise"),
            ("godkend", "sofie"),
        ]:
            assert run("case", "advance", ids[key], action, "--as", actor)[0] == 0
    return ids


def _tree(out: Path) -> dict[str, Any]:
    """Every JSON file of the tree by its path relative to ``out`` (without ``.json``)."""
    return {
        p.relative_to(out).as_posix().removesuffix(".json"): json.loads(p.read_text("utf-8"))
        for p in sorted(out.rglob("*.json"))
        if p.name != "index.json" or p.parent != out
    }


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "id" in node and "type" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def _urls(node: Any) -> Iterator[str]:
    if isinstance(node, str) and node.startswith(BASE):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from _urls(value)


def test_the_exported_tree_is_valid_oparl_closed_to_secrets_and_reproducible(
    env: Path, seeded: dict[str, str], run: Cli
) -> None:
    out = env / "oparl"
    code, stdout, err = run("export", "oparl", str(out), "--json")
    assert code == 0, err
    report = json.loads(stdout)
    tree = _tree(out)
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert sorted(index["json"]) == sorted(f"{path}.json" for path in tree)
    assert report["counts"] == index["counts"]
    assert report["counts"]["Paper"] >= 20 and report["counts"]["Meeting"] > 100
    assert report["closed_papers"] == 1
    # Every object, standalone, in a list page or embedded, validates against its schema.
    problems = [
        p for doc in tree.values() for obj in _objects(doc) for p in oparl_validate.errors(obj)
    ]
    assert problems == []
    # Every list page has OParl's three parts; every standalone object sits at its id's path.
    for path, doc in tree.items():
        if "data" in doc:
            assert set(doc) == {"data", "pagination", "links"}, path
        else:
            assert doc["id"] == f"{BASE}/{path}"
    # Every URL resolves to a file of the tree (JSON or a document).
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    paths = {u.removeprefix(f"{BASE}/") for doc in tree.values() for u in _urls(doc)}
    assert {p for p in paths if p not in files and f"{p}.json" not in files} == set()
    # No secret of the closed case anywhere, not even the public category of its reason.
    everything = "\n".join(p.read_text("utf-8") for p in sorted(out.rglob("*")) if p.is_file())
    assert "Trafikplan for bymidten" in everything
    for marker in (*SECRETS, "personforhold", "Personsag"):
        assert marker not in everything, marker
    closed = tree[f"papers/{seeded['closed']}"]
    assert closed["name"] == "Lukket punkt" and "reference" not in closed
    # The same data exports to the same bytes: the tree can be diffed.
    before = {p: (out / p).read_bytes() for p in files}
    code, _, err = run("export", "oparl", str(out), "--json")
    assert code == 0, err
    assert {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    } == before


def test_the_counts_are_printed_in_danish_or_english(
    env: Path, seeded: dict[str, str], run: Cli
) -> None:
    code, out, err = run("export", "oparl", str(env / "a"), "--person", "camilla")
    assert code == 0, err
    assert "OParl 1.1-eksporten er skrevet til" in out
    assert any(line.split() == ["Person", "1"] for line in out.splitlines())
    assert "1 lukkede sager er eksporteret uden indhold" in out
    assert json.loads((env / "a" / "people" / "camilla.json").read_text("utf-8"))["name"]
    code, out, err = run("--lang", "en", "export", "oparl", str(env / "b"))
    assert code == 0, err
    assert "The OParl 1.1 export was written to" in out
    assert any(line.split() == ["Person", "0"] for line in out.splitlines())


def test_a_folder_that_is_not_an_export_is_refused_and_left_alone(
    env: Path, seeded: dict[str, str], run: Cli
) -> None:
    out = env / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    code, _, err = run("export", "oparl", str(out))
    assert code == 1
    assert err.startswith("[CW696]") and len(err.strip().splitlines()) == 1
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert not [p for p in env.iterdir() if p.name.startswith(".mine")]


def test_bad_input_is_one_line_and_writes_nothing(
    env: Path, seeded: dict[str, str], run: Cli
) -> None:
    out = env / "x"
    code, _, err = run("export", "oparl", str(out), "--base-url", "ftp://x.dk/oparl")
    assert code == 1 and err.startswith("[CW695]") and len(err.strip().splitlines()) == 1
    code, _, err = run("export", "oparl", str(out), "--person", "camila")
    assert code == 1 and "camilla" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


# --- export → import -------------------------------------------------------------------------


def _open(run: Cli, title: str, route: str, *, closed: bool) -> str:
    officer = "soeren" if route.startswith("buu") else "mette"
    argv = ["case", "new", "--title", title, "--as", officer, "--workflow", "beslutningssag"]
    area = "skole" if officer == "soeren" else "veje"
    argv += ["--route", route, "--attr", f"politikomraade={area}", "--json"]
    if closed:
        argv += ["--attr", "lukket=ja", "--attr", "lukket_grund=udbud"]
    code, out, err = run(*argv)
    assert code == 0, err
    case_id = str(json.loads(out)["id"])
    head, director = ("karsten", "peter") if officer == "soeren" else ("henrik", "annelise")
    steps = [("indsend", officer), ("godkend", head), ("godkend", director), ("godkend", "sofie")]
    for action, actor in steps:
        code, _, err = run("case", "advance", case_id, action, "--as", actor)
        assert code == 0, err
    return case_id


def _meeting(run: Cli, body: str, after: dt.date) -> dt.date:
    """``body``'s first ordinary meeting on or after ``after``."""
    code, out, err = run("meetings", "list", "--body", body, "--json")
    assert code == 0, err
    days = [dt.date.fromisoformat(m["date"]) for m in json.loads(out) if m["kind"] == "ordinary"]
    return min(d for d in days if d >= after)


def _decide(run: Cli, body: str, after: dt.date, *cases: tuple[str, str]) -> dt.date:
    """Record each (case, outcome) from the minutes of ``body``'s next meeting; its day."""
    day = _meeting(run, body, after)
    run.clock.instant = dt.datetime.combine(day, dt.time(18, 0), tzinfo=dt.UTC)
    for case_id, outcome in cases:
        argv = ["case", "decide", case_id, outcome, "--as", "sofie", "--meeting", day.isoformat()]
        code, _, err = run(*argv)
        assert code == 0, err
    return day


def _routes(run: Cli) -> dict[str, list[tuple[str, str]]]:
    from casework.adapters.config.full import load_full_configuration

    code, stdout, err = run("case", "list", "--status", "all", "--limit", "1000", "--json")
    assert code == 0, err
    bodies = load_full_configuration(ROOT / "config").municipality.bodies
    return {
        f"{BASE}/papers/{c['id']}": [(bodies[r["body"]].name, r["role"]) for r in c["route"]]
        for c in json.loads(stdout)
        if c["route"]
    }


def _import(run: Cli, out: Path, env: Path) -> dict[str, list[tuple[str, str]]]:
    from casework.adapters.oparl import imported_routes

    imported = env / "imported"
    code, _, err = run("--data-dir", str(imported), "import", "oparl", str(out), "--json")
    assert code == 0, err
    routes = imported_routes(f"sqlite:///{imported / 'casework.db'}")
    return {paper: [tuple(step) for step in route] for paper, route in routes.items()}


def test_export_then_import_round_trips_every_route(env: Path, run: Cli) -> None:
    """Cases moved by the minutes of real meetings of the plan (recommended, postponed, decided,
    informed, one closed) are exported, imported into a second database by ``casework import
    oparl``, and every case's route (ordered bodies and their roles) comes back equal."""
    run.clock.instant = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    start = run.clock.instant.date()
    plan = _open(run, "Trafikplan for bymidten", "tmu,oeu,kb", closed=False)
    closed = _open(run, "Udbud af vintertjeneste", "tmu,oeu,kb", closed=True)
    informed = _open(run, "Klimaplan 2030", "tmu,oeu,kb,obu:orienteres", closed=False)
    school = _open(run, "Ny skolestruktur i Virum", "buu:beslutter", closed=False)
    pending = _open(run, "Cykelsti langs Ringvejen", "tmu,oeu,kb", closed=False)
    tmu = _decide(
        run, "tmu", start, (plan, "anbefales"), (closed, "anbefales"), (informed, "anbefales")
    )
    buu = _decide(run, "buu", start, (school, "udsat"))
    oeu = _decide(
        run, "oeu", tmu, (plan, "anbefales"), (closed, "anbefales"), (informed, "anbefales")
    )
    _decide(run, "kb", oeu, (plan, "godkendt"), (closed, "godkendt"), (informed, "godkendt"))
    _decide(run, "buu", buu + dt.timedelta(days=1), (school, "godkendt"))
    run.clock.instant = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    out = env / "oparl"
    assert run("export", "oparl", str(out))[0] == 0
    original = _routes(run)
    assert len(original) == 5 and pending
    assert _import(run, out, env) == original


def test_the_demo_round_trips_every_route(env: Path, seeded: dict[str, str], run: Cli) -> None:
    """The demo's bodies act at their meetings, so every consultation a case has passed names
    the meeting that held it, and every route (ordered bodies and roles) comes back equal."""
    out = env / "oparl"
    assert run("export", "oparl", str(out))[0] == 0
    original = _routes(run)
    assert len(original) > 20
    assert _import(run, out, env) == original
