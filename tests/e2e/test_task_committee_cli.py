"""``casework taskcommittee …`` end to end, through ``main`` on SQLite: a task committee from
its kommissorium through one sprint to its recommendation as a case; refusals as one line that
write nothing; ``--json`` on every listing; a closed recommendation's title in no output."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

SECRET = "SECRET-OPGAVEUDVALG-7731"


def _ok(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.code == 0, result.output
    return result.out


def _sprint(run: Cli) -> None:
    _ok(run, "taskcommittee", "idea", "obu", "Fælles ladestandere i boligområder", "--hours",
        "20", "--as", "jonas")  # fmt: skip
    _ok(run, "opgaveudvalg", "idea", "obu", "Grønne tage på skolerne", "--hours", "30",
        "--description", "Med Professionshøjskolen", "--as", "sofie")  # fmt: skip
    _ok(run, "taskcommittee", "sprint-start", "obu", "--goal", "Ladestandere til alle",
        "--idea", "1", "--as", "jonas")  # fmt: skip
    _ok(run, "taskcommittee", "sprint-log", "obu", "Workshop med Boligselskabet Engen",
        "--as", "jonas")  # fmt: skip
    _ok(run, "taskcommittee", "sprint-close", "obu", "--results", "Et forslag om 40 opgange",
        "--met", "ja", "--met", "ja", "--met", "nej", "--done", "1", "--note", "", "--note",
        "", "--note", "Økonomien mangler", "--as", "jonas")  # fmt: skip


def test_kommissorium_through_a_sprint_to_the_recommendation(run: Cli) -> None:
    listing = json.loads(_ok(run, "taskcommittee", "list", "--json"))["task_committees"]
    assert [(r["committee"], r["reports_to"], r["facilitator"]) for r in listing] == [
        ("obu", "tmu", "jonas")
    ]
    shown = _ok(run, "taskcommittee", "show", "obu")
    assert "KSL § 17, stk. 4" in shown and "Boligselskabet Engen (Boligsektor)" in shown
    _sprint(run)
    board = json.loads(_ok(run, "taskcommittee", "backlog", "obu", "--json"))["board"]
    assert [[i["number"] for i in column["ideas"]] for column in board] == [[2], [], [1]]
    made = json.loads(_ok(run, "taskcommittee", "recommend", "obu", "--sprint", "1", "--as",
                          "jonas", "--json"))  # fmt: skip
    assert made["workflow"] == "beslutningssag"
    assert made["route"] == [{"body": "tmu", "role": "beslutter"}]
    case = json.loads(_ok(run, "case", "show", made["case"], "--json"))
    assert case["owner"] == "jonas" and "Opgaveudvalget for bæredygtighed" in case["title"]
    view = json.loads(_ok(run, "taskcommittee", "show", "obu", "--json"))
    assert view["sprints"][0]["recommendation"] == made["case"]
    assert view["sprints"][0]["evaluation"][2] == {
        "goal": "Forslagenes økonomi og CO2-effekt er beskrevet", "met": False,
        "note": "Økonomien mangler",
    }  # fmt: skip
    programme = json.loads(_ok(run, "taskcommittee", "programme", "obu", "--json"))
    assert (
        programme["blocks"][0]["starts"] == "16:00" and programme["choose_from"][0]["number"] == 2
    )
    assert "Visuelt program" in _ok(run, "taskcommittee", "programme", "obu", "--start", "9:30")
    history = json.loads(_ok(run, "taskcommittee", "history", "obu", "--json"))["history"]
    assert [(h["kind"], h["actor"]) for h in history] == [
        ("idea.added", "jonas"), ("idea.added", "sofie"), ("sprint.started", "jonas"),
        ("sprint.logged", "jonas"), ("sprint.closed", "jonas"),
        ("recommendation.created", "jonas"),
    ]  # fmt: skip
    assert history[-1]["text"] == f"Indstillingen fra sprint 1 er sag {made['case']}"
    assert "Sofie Lindberg" in _ok(run, "taskcommittee", "history", "obu")
    assert run("audit", "verify").code == 0


def test_refusals_are_one_line_and_write_nothing(run: Cli) -> None:
    _ok(run, "taskcommittee", "idea", "obu", "Idé", "--hours", "20", "--as", "jonas")
    for args, code in (
        (("idea", "obu", "Idé", "--hours", "5", "--as", "mette"), "CW901"),
        (("idea", "tmu", "Idé", "--hours", "5", "--as", "jonas"), "CW900"),
        (("idea", "obu", "   ", "--hours", "5", "--as", "jonas"), "CW916"),
        (("sprint-start", "obu", "--goal", "G", "--idea", "1", "--capacity", "10", "--as",
          "jonas"), "CW903"),
        (("sprint-start", "obu", "--goal", "G", "--idea", "7", "--as", "jonas"), "CW904"),
        (("sprint-close", "obu", "--results", "R", "--met", "ja", "--as", "jonas"), "CW905"),
        (("recommend", "obu", "--sprint", "1", "--as", "jonas"), "CW906"),
    ):  # fmt: skip
        result = run("taskcommittee", *args)
        assert result.code == 1, result.output
        assert result.err.startswith(f"[{code}]") and result.err.count("\n") == 1, result.err
        assert "Traceback" not in result.output
    _ok(run, "taskcommittee", "sprint-start", "obu", "--goal", "G", "--idea", "1", "--as",
        "jonas")  # fmt: skip
    result = run("taskcommittee", "sprint-close", "obu", "--results", "R", "--met", "måske",
                 "--met", "ja", "--met", "ja", "--as", "jonas")  # fmt: skip
    assert result.code == 1 and result.err.startswith("[CW916]") and "måske" in result.err
    english = run("--lang", "en", "taskcommittee", "sprint-start", "obu", "--goal", "G",
                  "--idea", "1", "--as", "jonas")  # fmt: skip
    assert english.err.startswith("[CW902] sprint 1 is still open")
    view = json.loads(_ok(run, "taskcommittee", "show", "obu", "--json"))
    assert view["version"] == 2  # the idea and the sprint: nothing else was written


def test_a_closed_recommendation_shows_only_its_heading(run: Cli) -> None:
    _sprint(run)
    made = json.loads(_ok(run, "taskcommittee", "recommend", "obu", "--sprint", "1", "--as",
                          "jonas", "--title", f"Indstilling om {SECRET}", "--json"))  # fmt: skip
    _ok(run, "case", "set", made["case"], "--as", "jonas", "--attr", "lukket=ja", "--attr",
        "lukket_grund=personforhold")  # fmt: skip
    outputs = [
        _ok(run, "taskcommittee", *args)
        for args in (("list",), ("list", "--json"), ("show", "obu"), ("show", "obu", "--json"),
                     ("history", "obu"), ("history", "obu", "--json"),
                     ("backlog", "obu"), ("backlog", "obu", "--json"), ("programme", "obu"),
                     ("programme", "obu", "--json"))
    ]  # fmt: skip
    outputs.append(_ok(run, "--lang", "en", "taskcommittee", "show", "obu", "--json"))
    for output in outputs:
        assert SECRET not in output
    view = json.loads(outputs[3])
    assert view["sprints"][0]["recommendation"] == made["case"]
    assert view["sprints"][0]["recommendation_title"].startswith("Lukket punkt")


def test_the_recommendation_case_names_its_committee(run: Cli) -> None:
    """``case show`` (people and --json) links the recommendation back to its task committee;
    any other case names none."""
    _sprint(run)
    made = json.loads(_ok(run, "taskcommittee", "recommend", "obu", "--sprint", "1", "--as",
                          "jonas", "--json"))  # fmt: skip
    shown = json.loads(_ok(run, "case", "show", made["case"], "--json"))
    assert shown["task_committee"] == {
        "committee": "obu", "title": "Opgaveudvalget for bæredygtighed", "sprint": 1,
        "url": "/opgaveudvalg/obu",
        "text": "Indstilling fra opgaveudvalget Opgaveudvalget for bæredygtighed (sprint 1)",
    }  # fmt: skip
    page = _ok(run, "case", "show", made["case"])
    assert "Indstilling fra opgaveudvalget Opgaveudvalget for bæredygtighed (sprint 1)" in page
    assert "casework taskcommittee show obu" in page
    english = _ok(run, "--lang", "en", "case", "show", made["case"])
    assert "Recommendation from the task committee Task Committee on Sustainability" in english
    other = _ok(run, "case", "new", "--title", "Trafikplan", "--workflow", "beslutningssag",
                "--route", "tmu,kb", "--attr", "politikomraade=veje", "--as", "mette",
                "--print-id").strip()  # fmt: skip
    assert json.loads(_ok(run, "case", "show", other, "--json"))["task_committee"] is None
    assert "opgaveudvalget" not in _ok(run, "case", "show", other)
