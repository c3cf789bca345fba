"""Issue 22, item 5: the coordinator's flow map artifact (``flow-map``) from the flow-over-time
view model, and the top-down Mermaid that keeps the Prefect UI's diagrams legible.

The browser measures the rendered text in ``tests/e2e/test_serve.py``; here the pure builders:
what the Markdown says, that a closed item's title never reaches it, and that a hostile step
title stays one label.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.app import App
from casework.app.flow_history import FlowHistoryView, StepLoad
from casework.diagrams.mermaid import to_mermaid
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.flow_history import BANDS, FlowWeek
from casework.flows.artifacts import case_route_markdown, flow_map_markdown
from casework.testing import FixedClock, InMemoryUnitOfWork

SECRET = "Xyzzy"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
#: The lines the flow map's Mermaid may have: its own syntax, nothing a title could add.
MAP_GRAMMAR = re.compile(
    r'^(flowchart TB|  %% [^%{}<>]*|  classDef \w+ [\w#:,.\- ]+|  subgraph r\d+\[" "\]|'
    r"    direction LR|    s\d\d\(\"[^\"]*\"\)|    s\d\d --> s\d\d|  end|"
    r"  style r\d+ fill:none,stroke:none|  r\d+ --> r\d+|  class [s\d,]+ \w+)$"
)


def _step(workflow: str, order: int, title: str, count: int, **more: object) -> StepLoad:
    values: dict[str, object] = {
        "workflow": workflow,
        "workflow_title": workflow.capitalize(),
        "step": f"trin{order}",
        "title": title,
        "order": order,
        "count": count,
        "overdue": 0,
        "median_wait": None,
        "longest_wait": None,
        **more,
    }
    return StepLoad(**values)  # type: ignore[arg-type]


def _week(monday: dt.date, opened: int, finished: int) -> FlowWeek:
    return FlowWeek(monday, tuple((b, 0) for b in BANDS), opened, finished)


def _view(lang: str = "da") -> FlowHistoryView:
    steps = (
        _step("beslutning", 0, "Udarbejdelse", 4, median_wait=2.5, longest_wait=6),
        _step("beslutning", 1, "Godkendelse", 8, overdue=3, median_wait=5.0, longest_wait=9),
        _step("beslutning", 2, "Sekretariat", 2, median_wait=1.0, longest_wait=1),
        _step("beslutning", 3, "Politisk behandling", 0),
        _step("orientering", 0, "Orientering udarbejdes", 1, median_wait=3.0, longest_wait=3),
    )
    weeks = (_week(dt.date(2026, 2, 23), 3, 1), _week(dt.date(2026, 3, 2), 2, 2))
    return FlowHistoryView(lang=lang, today=dt.date(2026, 3, 4), weeks=weeks, steps=steps)


def _diagrams(markdown: str) -> list[str]:
    return [part.split("```", 1)[0] for part in markdown.split("```mermaid\n")[1:]]


def test_the_flow_map_draws_each_workflow_with_counts_waits_and_overdue() -> None:
    text = flow_map_markdown(_view())
    assert text.startswith("# Flow over tid · 4. marts 2026\n")
    assert "### Beslutning\n\nÅbne sager: 14 · 3 overskredne\n" in text
    assert "### Orientering\n\nÅbne sager: 1\n" in text
    beslutning, orientering = _diagrams(text)
    assert beslutning.startswith("flowchart TB\n")
    # Each step: its title, its open cases, the median wait in Danish, the overdue ones.
    assert 's00("Udarbejdelse<br/>Åbne sager: 4<br/>median 2,5 hverdage")' in beslutning
    assert 's01("Godkendelse<br/>Åbne sager: 8<br/>median 5 hverdage<br/>3 overskredne")' in (
        beslutning
    )
    assert 's03("Politisk behandling<br/>Åbne sager: 0")' in beslutning
    # Rows of three steps, each row left to right, the rows top down, the steps in order.
    assert beslutning.count("subgraph r") == 2 and "  r0 --> r1" in beslutning
    assert re.findall(r"s\d\d --> s\d\d", beslutning) == ["s00 --> s01", "s01 --> s02"]
    # The fullest step darkest, an empty one dashed, the overdue one with a thick border.
    assert "class s01 high" in beslutning and "class s03 empty" in beslutning
    assert "class s00 mid" in beslutning and "class s02 low" in beslutning
    assert beslutning.rstrip().endswith("class s01 late")
    assert "subgraph r1" not in orientering and "-->" not in orientering
    for diagram in (beslutning, orientering):
        assert all(MAP_GRAMMAR.match(line) for line in diagram.splitlines()), diagram
    table = text.split("## Gennemløb pr. uge\n", 1)[1]
    assert "| 2026-W09 | 3 | 1 |\n| 2026-W10 | 2 | 2 |" in table
    assert "I gennemsnit 1,5 afsluttede sager pr. uge over 2 uger." in table


def test_the_flow_map_in_english_and_without_open_cases() -> None:
    text = flow_map_markdown(_view("en"))
    assert text.startswith("# Flow over time · 2026-03-04\n")
    assert "median 2.5 working days" in text and "3 overdue" in text
    assert "| Week | Opened | Finished |" in text
    empty = flow_map_markdown(FlowHistoryView("da", dt.date(2026, 3, 4), (), ()))
    assert "Ingen åbne sager." in empty and "```mermaid" not in empty and "Gennemløb" not in empty


def test_a_hostile_step_title_stays_one_label() -> None:
    hostile = 'Trin") --> s99\n%%{init: {"theme": "dark"}}%%\nclick s00 "https://ond.example" <img>'
    view = FlowHistoryView(
        "da", dt.date(2026, 3, 4), (), (_step("ond", 0, hostile, 1), _step("ond", 1, "B", 0))
    )
    (diagram,) = _diagrams(flow_map_markdown(view))
    assert "%%{" not in diagram and "<img" not in diagram and '"https' not in diagram
    # One node: the title's lines (a fake edge, directive and click) are lines of its label.
    assert diagram.count("\n    s00(") == 1 and "s99" not in re.findall(r"s\d\d --> s\d\d", diagram)
    assert all(MAP_GRAMMAR.match(line) for line in diagram.splitlines()), diagram


@pytest.fixture
def services(config: Configuration) -> App:
    uow = InMemoryUnitOfWork()
    return App(config=config, uow_factory=lambda: uow, clock=FixedClock(START))


def test_the_flow_map_of_real_cases_never_names_a_closed_item(services: App) -> None:
    for title, more in (
        (f"Køb af {SECRET}gården", {"lukket": True, "lukket_grund": "ejendomshandel",
                                    "sagsfremstilling": f"Prisen på {SECRET} er fortrolig."}),
        ("Ny cykelsti", {}),
    ):  # fmt: skip
        services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=title,
                actor="mette",
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                attributes={"politikomraade": "ejendomme", **more},
            )
        )
    view = services.flow_history("da")
    text = flow_map_markdown(view)
    assert SECRET not in text and "cykelsti" not in text
    # The same figures as the view model the board's page draws: both cases at the first step.
    first = next(s for s in view.steps if s.workflow == "beslutningssag" and s.order == 0)
    assert first.count == 2
    assert f"{first.title}<br/>Åbne sager: 2" in text


def test_a_route_artifact_runs_top_down_with_each_lane_cut_into_its_runs(services: App) -> None:
    case_id = services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Ny cykelsti",
            actor="mette",
            route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "veje"},
        )
    ).id
    route = case_route_markdown(services, case_id, "http://casework.test")
    (diagram,) = _diagrams(route)
    assert diagram.startswith("flowchart TB\n")
    # The caseworker drafts, and executes after the meetings: two boxes, not one spanning all.
    lanes = re.findall(r'subgraph lane_\d\d\["([^"]*)"\]', diagram)
    assert lanes.count("Sagsbehandler") == 2 and lanes[0] == lanes[-1] == "Sagsbehandler"
    assert all(line.strip() == "direction TB" for line in diagram.splitlines()
               if "direction" in line)  # fmt: skip
    # Left to right (the default, the golden files) keeps one swimlane per lane.
    case, events = services.case(case_id)
    wide = to_mermaid(services.views.journey(case, events, "da", public=True))
    assert wide.startswith("flowchart LR\n")
    assert re.findall(r'subgraph lane_\d\d\["([^"]*)"\]', wide).count("Sagsbehandler") == 1
