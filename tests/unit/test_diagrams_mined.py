"""The mined route map: counts, waits, conformance and filters, and its golden DOT and Mermaid.

Goldens of the analytical diagram kinds are regenerated like the others::

    CASEWORK_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_diagrams_mined.py \
        tests/unit/test_diagrams_shift.py tests/unit/test_diagrams_year.py

and, with ``dot`` installed, the same run redraws their PNGs in docs/images/.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest

from casework.diagrams.figure import Figure
from casework.diagrams.mined import Filters, Level, Trace, mine, mined_figure, template_of
from casework.diagrams.mined_examples import synthetic_traces
from casework.domain.configuration import Configuration
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import Route

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
IMAGES = ROOT / "docs" / "images"
REGENERATE = os.environ.get("CASEWORK_REGENERATE_GOLDEN") == "1"


def compare_golden(name: str, figure: Figure, image: str | None = None) -> None:
    """``figure``'s DOT and Mermaid against tests/golden/``name``.dot/.mmd (and its PNG)."""
    for suffix, actual in ((".dot", figure.dot), (".mmd", figure.mermaid)):
        path = GOLDEN / f"{name}{suffix}"
        if REGENERATE:
            path.write_text(actual, encoding="utf-8")
            continue
        if not path.exists():
            pytest.fail(f"{path.name} is missing; create it with CASEWORK_REGENERATE_GOLDEN=1")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm="", n=1
            )
            pytest.fail(f"{path.name} differs from the golden file:\n" + "\n".join(list(diff)[:60]))
    if REGENERATE and image is not None:
        from casework.diagrams.render import dot_available, render

        if dot_available():
            (IMAGES / image).write_bytes(render(figure.dot, "png"))


def _route(config: Configuration, text: str) -> Route:
    definition = config.workflow("beslutningssag")
    return build_route(parse_route(text), definition, config.municipality)


def _at(day: str, hour: int = 9) -> str:
    return f"{day}T{hour:02d}:00:00.000000Z"


@pytest.fixture
def traces(config: Configuration) -> list[Trace]:
    route = _route(config, "tmu,oeu,kb")
    main = [
        ("kladde", _at("2026-03-02")),  # Monday
        ("centerchef_godkendelse", _at("2026-03-04")),  # 2 hverdage
        ("direktoer_godkendelse", _at("2026-03-05")),  # 1
        ("kvalitetssikring", _at("2026-03-16")),  # 7 (Mon 16 after Thu 5)
        ("politisk_behandling@tmu", _at("2026-03-17")),
    ]
    skip = [
        ("kladde", _at("2026-03-02")),
        ("centerchef_godkendelse", _at("2026-03-06")),  # 4
        ("kvalitetssikring", _at("2026-03-09")),  # skips the director: a deviation
    ]
    back = [
        ("kladde", _at("2026-04-01")),
        ("centerchef_godkendelse", _at("2026-04-02")),  # 1 (before Easter)
        ("kladde", _at("2026-04-07")),  # Easter: Thu 2 → Tue 7 is 1 hverdag
    ]
    return [
        Trace("2026-0001", "beslutningssag", route, tuple(main)),
        Trace("2026-0002", "beslutningssag", route, tuple(skip)),
        Trace("2026-0003", "beslutningssag", _route(config, "bpu:beslutter"), tuple(back)),
    ]


def test_counts_waits_and_open_cases(config: Configuration, traces: list[Trace]) -> None:
    mined = mine(traces, config.workflows, calendar=config.work_calendar)
    assert mined.unit == "hverdage" and mined.cases == 3 and mined.events == 11
    flow = mined.flow("kladde", "centerchef_godkendelse")
    assert flow.count == 3 and flow.deviations == 0
    assert flow.wait is not None and (flow.wait.median, flow.wait.p90) == (2.0, 4.0)
    assert mined.flow("centerchef_godkendelse", "kladde").wait.median == 1.0  # type: ignore[union-attr]
    assert mined.flow("__start__", "kladde").count == 3
    assert mined.flow("__start__", "kladde").wait is None
    kladde = next(a for a in mined.activities if a.id == "kladde")
    assert kladde.visits == 4 and kladde.open == 1


def test_a_move_the_workflow_does_not_allow_is_a_deviation(
    config: Configuration, traces: list[Trace]
) -> None:
    mined = mine(traces, config.workflows, calendar=config.work_calendar)
    deviating = {(f.source, f.target): f.deviations for f in mined.flows if f.deviations}
    assert deviating == {("centerchef_godkendelse", "kvalitetssikring"): 1}
    figure = mined_figure(mined, config.workflows, config.municipality)
    assert "✗ ikke tilladt i workflowet" in figure.dot and "style=dashed" in figure.dot
    assert "Faglig godkendelse hos centerchef → Kvalitetssikring i sekretariatet: 1 ×" in figure.dot


def test_meeting_templates_skipped_by_the_route_are_not_deviations(
    config: Configuration,
) -> None:
    # Without a body to inform, an administrative decision ends straight after the decision:
    # at the template level that skips a step, but the case's own graph allows it.
    traces = synthetic_traces(config, 60, routes=("tmu:beslutter", "tmu,oeu,kb"), deviation_every=0)
    mined = mine(traces, config.workflows)
    assert all(f.deviations == 0 for f in mined.flows)


def test_without_a_calendar_waits_are_calendar_days(
    config: Configuration, traces: list[Trace]
) -> None:
    mined = mine(traces, config.workflows)
    assert mined.unit == "dage"
    back = mined.flow("centerchef_godkendelse", "kladde").wait
    assert back is not None and back.median == 5.0  # 2 → 7 April


def test_filters_by_period_body_and_workflow(config: Configuration, traces: list[Trace]) -> None:
    april = mine(traces, config.workflows, filters=Filters(start=dt.date(2026, 4, 1)))
    assert april.cases == 1 and april.events == 3
    through_bpu = mine(traces, config.workflows, filters=Filters(body="bpu"))
    assert through_bpu.cases == 1
    other = mine(traces, config.workflows, filters=Filters(workflow="orienteringssag"))
    assert other.cases == 0 and other.flows == ()
    figure = mined_figure(other, config.workflows, config.municipality)
    assert "Ingen hændelser i det valgte udsnit" in figure.dot


def test_the_concrete_level_tells_bodies_apart(config: Configuration) -> None:
    traces = list(synthetic_traces(config, 40))
    template = mine(traces, config.workflows)
    concrete = mine(traces, config.workflows, level=Level.CONCRETE)
    assert "politisk_behandling" in {a.id for a in template.activities}
    bodies = {a.id for a in concrete.activities if "@" in a.id}
    assert {"politisk_behandling@oeu", "politisk_behandling@kb"} <= bodies
    assert sum(a.visits for a in concrete.activities) == template.events
    assert {template_of(a) for a in bodies} == {"politisk_behandling", "orientering"}


def test_mined_map_matches_golden_files(config: Configuration) -> None:
    traces = synthetic_traces(config, 120)
    mined = mine(traces, config.workflows, calendar=config.work_calendar)
    figure = mined_figure(mined, config.workflows, config.municipality, "da")
    compare_golden("mined_beslutningssag_da", figure, "mined-beslutningssag.png")


def test_mined_map_in_english_matches_golden_files(config: Configuration) -> None:
    traces = synthetic_traces(config, 40)
    mined = mine(
        traces,
        config.workflows,
        level=Level.CONCRETE,
        filters=Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 9, 30), body="oeu"),
    )
    figure = mined_figure(mined, config.workflows, config.municipality, "en")
    compare_golden("mined_concrete_oeu_en", figure)
