"""Diagrams are compared byte for byte with the files in tests/golden/.

A change to a golden file is a change to what users see: regenerate on purpose and review the
diff like code::

    CASEWORK_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_diagrams_golden.py

With ``dot`` installed, the same run redraws the PNGs in docs/images/ from the same diagrams.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.diagrams import examples
from casework.diagrams.dot import to_dot
from casework.diagrams.extract import workflow_diagram
from casework.diagrams.journey import journey_diagram
from casework.diagrams.mermaid import to_mermaid
from casework.diagrams.model import Diagram
from casework.diagrams.paper import PAPERS
from casework.diagrams.training import index_html, training_entries
from casework.domain.configuration import Configuration
from casework.domain.routes import build_route, parse_route

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
IMAGES = ROOT / "docs" / "images"
REGENERATE = os.environ.get("CASEWORK_REGENERATE_GOLDEN") == "1"
#: The day whose delegation plan gives the training pack's routes.
TRAINING_DAY = dt.date(2026, 3, 2)


def _workflow(workflow: str, route: str | None, lang: str) -> Callable[[Configuration], Diagram]:
    def build(config: Configuration) -> Diagram:
        definition = config.workflow(workflow)
        chosen = None
        if route is not None:
            chosen = build_route(parse_route(route), definition, config.municipality)
        # As the CLI draws it: meeting steps with the bodies' own deadlines (calendar.yaml),
        # steps with a minimum period with it and its source.
        calendar = config.calendar
        assert calendar is not None
        return workflow_diagram(
            definition,
            config.municipality,
            chosen,
            lang=lang,
            rules=calendar.rules,
            periods=calendar.periods,
        )

    return build


def _journey(
    example: Callable[[Configuration], examples.Example], lang: str
) -> Callable[[Configuration], Diagram]:
    def build(config: Configuration) -> Diagram:
        ex = example(config)
        periods = config.calendar.periods if config.calendar is not None else None
        return journey_diagram(
            ex.case, ex.events, ex.graph, config.municipality, ex.today, lang=lang, periods=periods
        )

    return build


#: name -> (diagram, PNG in docs/images or None)
CASES: dict[str, tuple[Callable[[Configuration], Diagram], str | None]] = {
    "workflow_beslutningssag_tmu-oeu-kb_da": (
        _workflow("beslutningssag", "tmu,oeu,kb", "da"),
        "workflow-beslutningssag-tmu-oeu-kb.png",
    ),
    "workflow_beslutningssag_buu-alone_en": (
        _workflow("beslutningssag", "buu:beslutter", "en"),
        None,
    ),
    "workflow_administrativ_beslutning_default_da": (
        _workflow("administrativ_beslutning", None, "da"),
        None,
    ),
    "workflow_orienteringssag_default_da": (_workflow("orienteringssag", None, "da"), None),
    # The discussion case: the route its bodies discuss it on, the involvement step, and the
    # withdrawal that passes it through the lanes' headroom.
    "workflow_droeftelsessag_default_da": (_workflow("droeftelsessag", None, "da"), None),
    "journey_lokalplan_da": (_journey(examples.lokalplan, "da"), "journey-lokalplan.png"),
    "journey_trafikplan_overdue_en": (_journey(examples.trafikplan, "en"), None),
    "journey_skole_closed_da": (_journey(examples.skole, "da"), None),
}


def _compare(path: Path, actual: str) -> None:
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path.name} is missing; create it with CASEWORK_REGENERATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm="", n=1
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(
            f"{path.name} differs from the golden file (regenerate with "
            f"CASEWORK_REGENERATE_GOLDEN=1 if the change is intended):\n{shown}"
        )


@pytest.mark.parametrize("name", sorted(CASES))
def test_dot_matches_golden_file(config: Configuration, name: str) -> None:
    build, image = CASES[name]
    text = to_dot(build(config))
    _compare(GOLDEN / f"{name}.dot", text)
    if REGENERATE and image is not None:
        from casework.diagrams.render import dot_available, render

        if dot_available():
            (IMAGES / image).write_bytes(render(text, "png"))


#: The print layout (``--paper``): name -> (diagram, paper, PNG in docs/images or None)
PRINTED: dict[str, tuple[Callable[[Configuration], Diagram], str, str | None]] = {
    "print_workflow_beslutningssag_tmu-oeu-kb_a3_da": (
        _workflow("beslutningssag", "tmu,oeu,kb", "da"),
        "a3",
        "print-beslutningssag-a3.png",
    ),
    "print_workflow_lokalplan_default_a4_da": (_workflow("lokalplan", None, "da"), "a4", None),
    "print_workflow_droeftelsessag_default_a3_da": (
        _workflow("droeftelsessag", None, "da"),
        "a3",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_print_layout_matches_golden_file(config: Configuration, name: str) -> None:
    build, paper, image = PRINTED[name]
    text = to_dot(build(config), PAPERS[paper])
    _compare(GOLDEN / f"{name}.dot", text)
    if REGENERATE and image is not None:
        from casework.diagrams.render import dot_available, render

        if dot_available():
            # As `casework diagram … --paper … -f png` draws it: at the scale its sheets print at.
            (IMAGES / image).write_bytes(render(text, "png", PAPERS[paper]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_mermaid_matches_golden_file(config: Configuration, name: str) -> None:
    build, _ = CASES[name]
    _compare(GOLDEN / f"{name}.mmd", to_mermaid(build(config)))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_training_index_matches_golden_file(config: Configuration, lang: str) -> None:
    # The routes come from the delegation plan in force that day (issue 19, item 2).
    html = index_html(config, training_entries(config, lang, TRAINING_DAY), lang)
    _compare(GOLDEN / f"training_index_{lang}.html", html)


def test_training_routes_are_the_delegation_plans(config: Configuration) -> None:
    """One example per rule family, labelled with its rule, drawn along the route the
    delegation engine itself decides for that rule; the main teaching case first."""
    from casework.domain.delegation import decide_with, plan_in_force
    from casework.domain.training import rule_examples

    entries = training_entries(config, "da", TRAINING_DAY)
    first = entries[0]
    assert (first.workflow, first.diagram.id) == ("beslutningssag", "beslutningssag--tmu-oeu-kb")
    assert first.title.startswith("R04 ")  # the plan's first rule of that family
    plan = plan_in_force(config.delegation, TRAINING_DAY)
    examples = {case.rule: case for case in rule_examples(config, plan, TRAINING_DAY)}
    seen_rules: list[str] = []
    for entry in entries:
        assert entry.rules, entry.diagram.id  # every workflow is reached by some rule here
        rule_id, title = entry.rules[0]
        assert entry.title == f"{rule_id} {title}"
        case = examples[rule_id]
        decision = decide_with(plan, case.attributes, config.municipality)
        assert decision.rule == rule_id
        assert case.workflow == entry.workflow
        assert tuple((e.body, e.role.value) for e in entry.route) == tuple(
            (e.body, e.role.value) for e in decision.route
        )
        seen_rules += [r for r, _ in entry.rules]
    # Every rule with a workflow is in exactly one family.
    assert sorted(seen_rules) == sorted(r for r, c in examples.items() if c.workflow)
    routes: dict[str, list[str]] = {e.workflow: [] for e in entries}
    for entry in entries:
        routes[entry.workflow].append(entry.diagram.id.split("--")[1])
    assert routes["lokalplan"] == ["bpu-oeu", "bpu-oeu-kb"]  # BPU, not the first committee
    assert routes["medlemsforslag"] == ["kb"]  # a member's proposal goes to the council
    assert len({e.diagram.id for e in entries}) == len(entries)


def test_training_routes_without_a_plan_in_force_are_the_typical_ones(
    config: Configuration,
) -> None:
    entries = training_entries(config, "da", dt.date(1990, 1, 1))
    assert entries == training_entries(config, "da")
    assert all(not e.rules for e in entries)
    assert [e.workflow for e in entries] == sorted(e.workflow for e in entries)


def test_output_is_the_same_every_time(config: Configuration) -> None:
    for build, _ in CASES.values():
        assert to_dot(build(config)) == to_dot(build(config))
        assert to_dot(build(config), PAPERS["a4"]) == to_dot(build(config), PAPERS["a4"])
        assert to_mermaid(build(config)) == to_mermaid(build(config))
