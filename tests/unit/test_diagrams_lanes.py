"""Issue 19, item 6: the lanes of a drawing share one size, and edges stay within their lanes.

Every workflow of the example configuration is laid out by ``dot`` (``-Tjson0``), in the screen
layout (lanes are bands: one height) and in the A3 print layout (lanes are columns: one width);
bench/diagram_lanes.py prints the same figures.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest
from test_diagrams_golden import _workflow  # tests/unit is on sys.path

from casework.diagrams import examples
from casework.diagrams.dot import _wrap_pt, to_dot
from casework.diagrams.journey import journey_diagram
from casework.diagrams.metrics import text_width
from casework.diagrams.model import Diagram, Edge, EdgeKind, Lane, LegendItem, Node, NodeKind
from casework.diagrams.paper import MIN_TEXT_PT, PAPERS
from casework.diagrams.render import dot_available, print_plan
from casework.domain.configuration import Configuration

pytestmark = pytest.mark.skipif(not dot_available(), reason="Graphviz's dot is not installed")

Box = tuple[float, float, float, float]
WORKFLOWS = [
    "administrativ_beslutning",
    "beslutningssag",
    "droeftelsessag",
    "lokalplan",
    "medlemsforslag",
    "orienteringssag",
]


def _laid_out(dot_text: str) -> dict[str, Any]:
    done = subprocess.run(
        ["dot", "-Tjson0"], input=dot_text.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr, done.stderr.decode()  # no Graphviz warnings either
    laid: dict[str, Any] = json.loads(done.stdout)
    return laid


def _points(pos: str) -> list[tuple[float, float]]:
    """Points along an edge's B-spline path (1 + 3n control points, arrow tips as they are)."""
    points, controls = [], []
    for item in pos.split():
        x, y = (float(v) for v in item.removeprefix("s,").removeprefix("e,").split(","))
        (points if item.startswith(("s,", "e,")) else controls).append((x, y))
    for i in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[i : i + 4]
        for k in range(13):
            t = k / 12
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            points.append((
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            ))  # fmt: skip
    return points


def _lanes_and_strays(laid: dict[str, Any], printed: bool) -> tuple[list[float], dict[Any, float]]:
    """Each lane's size (print: width; screen: height) and the visible edges whose path
    leaves the box of the lanes of their two ends by more than 1 pt (by how much)."""
    objects = laid["objects"]
    boxes: list[Box] = []
    lane_of: dict[int, int] = {}
    for obj in objects:
        if obj.get("name", "").startswith("cluster_"):
            x1, y1, x2, y2 = (float(v) for v in obj["bb"].split(","))
            lane_of.update(dict.fromkeys(obj.get("nodes", []), len(boxes)))
            boxes.append((x1, y1, x2, y2))
    boxes = boxes[:-1]  # the legend
    sizes = [(b[2] - b[0]) if printed else (b[3] - b[1]) for b in boxes]
    strays: dict[Any, float] = {}
    for edge in laid.get("edges", []):
        ends = [lane_of.get(edge["tail"], -1), lane_of.get(edge["head"], -1)]
        if "invis" in edge.get("style", "") or not all(0 <= e < len(boxes) for e in ends):
            continue
        x1 = min(boxes[e][0] for e in ends)
        y1 = min(boxes[e][1] for e in ends)
        x2 = max(boxes[e][2] for e in ends)
        y2 = max(boxes[e][3] for e in ends)
        over = max(
            max(x1 - x, x - x2, y1 - y, y - y2, 0.0) for x, y in _points(edge.get("pos", ""))
        )
        if over > 1:
            name = (objects[edge["tail"]]["name"], objects[edge["head"]]["name"])
            strays[name] = over
    return sizes, strays


def _column_runs(laid: dict[str, Any], printed: bool) -> tuple[int, dict[Any, float]]:
    """How many visible segments run along a column of the grid (both ends in one column's
    ``group``, one of them an empty cell the edge is routed through), and those that are not
    straight: by how far (points) their ends' centres and their path's control points spread
    across the column (on screen in x, in print, where a column is a row, in y)."""
    objects = laid["objects"]
    across = 1 if printed else 0
    runs, bent = 0, {}
    for edge in laid.get("edges", []):
        tail, head = objects[edge["tail"]], objects[edge["head"]]
        group = tail.get("group", "")
        if "invis" in edge.get("style", "") or not group.startswith("col:"):
            continue
        if head.get("group") != group or not any(
            o["name"].startswith("cell:") for o in (tail, head)
        ):
            continue
        runs += 1
        centres = [float(o["pos"].split(",")[across]) for o in (tail, head)]
        controls = [
            float(item.split(",")[across])
            for item in edge["pos"].split()
            if not item.startswith(("s,", "e,"))
        ]
        spread = max(centres + controls) - min(centres + controls)
        if spread > 0.01:
            bent[(tail["name"], head["name"])] = spread
    return runs, bent


@pytest.mark.parametrize("printed", [False, True], ids=["screen", "a3"])
@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_every_lane_one_size_and_edges_within_their_lanes(
    config: Configuration, workflow: str, printed: bool
) -> None:
    diagram = _workflow(workflow, None, "da")(config)
    text = to_dot(diagram, PAPERS["a3"] if printed else None)
    laid = _laid_out(text)
    sizes, strays = _lanes_and_strays(laid, printed)
    assert max(sizes) - min(sizes) < 0.5, sizes
    assert not strays, strays
    _, bent = _column_runs(laid, printed)
    assert not bent, bent


@pytest.mark.parametrize("printed", [False, True], ids=["screen", "a3"])
def test_an_edge_routed_down_a_column_is_straight_through_its_waypoints(
    config: Configuration, printed: bool
) -> None:
    """The local plan's "Taget til efterretning" runs from the ØBU lane up column 18 through
    six lanes' empty cells to "Den vedtagne plan bekendtgøres", the step at the column's top.
    Every waypoint and that step are on one line: ``dot`` had the lower four lanes' cells 1 pt
    beside the upper ones' (the wide step before ØBU's cell pulls the column's invisible link
    below the route aside), a visible jog between two lanes."""
    diagram = _workflow("lokalplan", None, "da")(config)
    laid = _laid_out(to_dot(diagram, PAPERS["a3"] if printed else None))
    objects = laid["objects"]
    at = {o["name"]: o for o in objects if "pos" in o}
    column = at["bekendtgoerelse"]["group"]
    visible = [e for e in laid["edges"] if "invis" not in e.get("style", "")]
    joined = {(objects[e["tail"]]["name"], objects[e["head"]]["name"]) for e in visible}
    # The route, from the step down through every cell of its column that a segment joins.
    route = ["bekendtgoerelse"]
    while True:
        onward = [
            b
            for a, b in joined | {(b, a) for a, b in joined}
            if a == route[-1]
            and b.startswith("cell:")
            and at[b].get("group") == column
            and b not in route
        ]
        if not onward:
            break
        route.append(onward[0])
    assert len(route) >= 6, route  # the step and at least five lanes' waypoints
    across = 1 if printed else 0
    line = {float(at[name]["pos"].split(",")[across]) for name in route}
    assert len(line) == 1, {name: at[name]["pos"] for name in route}
    runs, bent = _column_runs(laid, printed)
    assert runs >= len(route) - 1
    assert not bent, bent
    # dot ends each segment 1 pt short of a waypoint's centre; the waypoint, drawn as a short
    # piece of the line (a joint), covers the ends of both segments, so the line has no gaps.
    along = 0 if printed else 1
    for name in route[1:]:
        cell = at[name]
        assert cell["shape"] == "box" and cell["fillcolor"] == cell["color"], cell
        reach = float(cell["width" if printed else "height"]) * 72 / 2
        centre = float(cell["pos"].split(",")[along])
        ends = [
            points[0 if objects[e["tail"]]["name"] == name else -1]
            for e in visible
            if name in (objects[e["tail"]]["name"], objects[e["head"]]["name"])
            for points in [[p for p in e["pos"].split() if not p.startswith(("s,", "e,"))]]
        ]
        assert len(ends) == 2, (name, ends)
        for end in ends:
            assert abs(float(end.split(",")[along]) - centre) < reach, (name, end, reach)


def _drawn(dot_text: str) -> dict[str, Any]:
    """The drawing as ``dot -Tjson`` gives it: the layout and what is drawn, text included."""
    done = subprocess.run(
        ["dot", "-Tjson"], input=dot_text.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    drawn: dict[str, Any] = json.loads(done.stdout)
    return drawn


def _label_box(edge: dict[str, Any]) -> Box | None:
    """The box round an edge's label text as drawn (its label, xlabel or head or tail label):
    each line from its baseline 0.2 font sizes down to 0.75 up (DejaVu Sans' descent and cap
    height), one point in from every side, so a line that only touches it is not counted."""
    lines: list[Box] = []
    for key in ("_ldraw_", "_xldraw_", "_hldraw_", "_tldraw_"):
        size = 14.0
        for op in edge.get(key, []):
            if op["op"] == "F":
                size = float(op["size"])
            elif op["op"] == "T":
                (x, y), width = op["pt"], float(op["width"])
                left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
                lines.append((left, y - 0.2 * size, left + width, y + 0.75 * size))
    if not lines:
        return None
    return (
        min(b[0] for b in lines) + 1,
        min(b[1] for b in lines) + 1,
        max(b[2] for b in lines) - 1,
        max(b[3] for b in lines) - 1,
    )


def _lines_through_labels(drawn: dict[str, Any]) -> list[tuple[str, str]]:
    """Each visible edge's label and the visible edge whose path runs through it: any other
    edge (another action, or another segment of its own), or the label's own edge where that
    is a loop (a postponement)."""
    objects = drawn["objects"]
    visible = [e for e in drawn.get("edges", []) if "invis" not in e.get("style", "")]
    found = []
    for edge in visible:
        box = _label_box(edge)
        if box is None:
            continue
        x1, y1, x2, y2 = box
        for other in visible:
            if other is edge and edge["tail"] != edge["head"]:
                continue
            if any(x1 < x < x2 and y1 < y < y2 for x, y in _points(other.get("pos", ""))):
                text = next(
                    edge[k] for k in ("label", "xlabel", "headlabel", "taillabel") if edge.get(k)
                )
                ends = f"{objects[other['tail']]['name']} -> {objects[other['head']]['name']}"
                found.append((text, ends))
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_in_print_no_line_runs_through_a_label(config: Configuration, workflow: str) -> None:
    """In print no edge's path crosses a label's text. It did in two places: in a discussion
    case "Træk sagen tilbage", passing the involvement step in the case officer's lane's
    headroom, ran through "Høringen er afsluttet", set left of its bow round the step; and a
    postponement's loop, which ``dot`` draws a nodesep high and gives an xlabel no room in,
    ran through its own "↻ Udsat"."""
    route = "tmu,oeu,kb" if workflow == "beslutningssag" else None
    diagram = _workflow(workflow, route, "da")(config)
    drawn = _drawn(to_dot(diagram, PAPERS["a3"]))
    assert not _lines_through_labels(drawn)
    loops = [e for e in drawn["edges"] if e["tail"] == e["head"]]
    if workflow in {"beslutningssag", "droeftelsessag"}:
        assert loops and all("↻" in e["headlabel"] for e in loops)


#: Screen drawings where a line still runs through a label, with the reason they are left.
SCREEN_EXCEPTIONS = {
    # The involvement step's two actions share an empty cell; dot sets "Høringen er afsluttet"
    # (an xlabel, anchored at the middle of its short segment from the cell to the step) over
    # the bows of the draft's two segments into the cell. A wider cell, the labels on the other
    # segments and ports on the cell were tried: dot still put a label over a bow, or drew
    # arrows backwards into the cell. In print `_shared` fixes it.
    ("droeftelsessag", None),
}
SCREEN_CASES = [
    *((workflow, None, "da") for workflow in WORKFLOWS),
    ("beslutningssag", "tmu,oeu,kb", "da"),
    ("beslutningssag", "buu:beslutter", "en"),
]


@pytest.mark.parametrize(("workflow", "route", "lang"), SCREEN_CASES)
def test_on_screen_no_line_runs_through_a_label(
    config: Configuration, workflow: str, route: str | None, lang: str
) -> None:
    """On screen too no edge's path crosses a label's text: a postponement's label, which dot
    set right of its loop, was crossed by the line to the step's return marker ("↻ Udsat" in
    every meeting step of a decision case and a local plan); it is a head label below the loop
    now. Known exceptions are listed in :data:`SCREEN_EXCEPTIONS` and must still fail."""
    drawn = _drawn(to_dot(_workflow(workflow, route, lang)(config)))
    found = _lines_through_labels(drawn)
    if (workflow, route) in SCREEN_EXCEPTIONS:
        assert found, "fixed: take it off SCREEN_EXCEPTIONS"
    else:
        assert not found


@pytest.mark.parametrize("example", ["lokalplan", "trafikplan", "skole"])
def test_in_a_journey_no_line_runs_through_a_label(config: Configuration, example: str) -> None:
    ex = getattr(examples, example)(config)
    periods = config.calendar.periods if config.calendar is not None else None
    diagram = journey_diagram(
        ex.case, ex.events, ex.graph, config.municipality, ex.today, periods=periods
    )
    assert not _lines_through_labels(_drawn(to_dot(diagram)))


def _passing(*, withdraw: bool = True) -> Diagram:
    """Three lanes; in the middle one a step with three neighbours of its lane (a step before
    it, one it sends to and gets back from, an end), so one action has to pass a step, and
    actions from the lane above and to the lane below, and one up across it."""
    nodes = (
        Node("start", "top", NodeKind.START, "Start", 0),
        Node("w", "mid", NodeKind.TASK, "Forbered", 1),
        Node("x", "mid", NodeKind.TASK, "Udarbejd oplæg", 2),
        Node("y", "mid", NodeKind.INVOLVEMENT, "Høring", 3),
        Node("z", "mid", NodeKind.TERMINAL, "Trukket tilbage", 4),
        Node("v", "low", NodeKind.MEETING, "Møde", 5),
        Node("u", "top", NodeKind.TASK, "Følg op", 6),
        Node("end", "top", NodeKind.TERMINAL, "Afsluttet", 7),
    )
    forward = EdgeKind.FORWARD
    edges = [
        Edge("start", "w", forward, ("Begynd",), ("a1",)),
        Edge("w", "x", forward, (), ("a2",)),
        Edge("x", "y", forward, ("Send i høring",), ("a3",)),
        Edge("y", "x", forward, ("Høringen er afsluttet",), ("a4",)),
        Edge("x", "v", forward, ("Sæt på dagsorden",), ("a6",)),
        Edge("v", "u", forward, ("Drøftet",), ("a7",)),
        Edge("u", "end", forward, (), ("a8",)),
    ]
    if withdraw:
        edges.insert(4, Edge("x", "z", forward, ("Træk sagen tilbage",), ("a5",)))
    lanes = (Lane("top", "Sagsbehandler"), Lane("mid", "Centerchef"), Lane("low", "Udvalg"))
    legend = (LegendItem("Opgave", node=NodeKind.TASK),)
    return Diagram("passing", "Forbi et trin", (), lanes, nodes, tuple(edges), legend)


@pytest.mark.parametrize("printed", [False, True], ids=["screen", "a3"])
def test_an_action_that_passes_a_step_of_its_lane_runs_through_the_lanes_headroom(
    printed: bool,
) -> None:
    """``dot`` routes an action past a step of its lane over the lane's rank, out of the
    lane; with a headroom in every lane it stays inside, and so do the actions across."""
    paper = PAPERS["a3"] if printed else None
    text = to_dot(_passing(), paper)
    # The withdrawal runs up into the middle lane's headroom (written downwards) and on to z.
    assert re.search(r'"cell:mid:\d+\^" -> "x" \[xlabel="Træk sagen', text), text
    assert re.search(r'"cell:mid:\d+\^" -> "z" \[tailclip="false"\]', text), text
    sizes, strays = _lanes_and_strays(_laid_out(text), printed)
    assert len(sizes) == 3
    assert max(sizes) - min(sizes) < 0.5, sizes
    assert not strays, strays
    # A drawing that passes no step has no headroom: its lanes stay as low as they were.
    plain = to_dot(_passing(withdraw=False), paper)
    assert "^" not in plain
    narrow, strays = _lanes_and_strays(_laid_out(plain), printed)
    assert not strays, strays
    assert max(narrow) < min(sizes)


@pytest.mark.parametrize("example", ["lokalplan", "trafikplan", "skole"])
def test_a_journey_has_one_band_height_and_stays_in_its_lanes(
    config: Configuration, example: str
) -> None:
    ex = getattr(examples, example)(config)
    periods = config.calendar.periods if config.calendar is not None else None
    diagram = journey_diagram(
        ex.case, ex.events, ex.graph, config.municipality, ex.today, periods=periods
    )
    for paper in (None, PAPERS["a3"]):
        sizes, strays = _lanes_and_strays(_laid_out(to_dot(diagram, paper)), paper is not None)
        assert max(sizes) - min(sizes) < 0.5, sizes
        assert not strays, strays
    # The local plan's postponement "↻ Udsat · 24. mar. 2026" is two lines above its loop.
    assert not _lines_through_labels(_drawn(to_dot(diagram, PAPERS["a3"])))


def test_the_decision_case_still_prints_on_one_a3_sheet(config: Configuration) -> None:
    """One lane width must not push TMU → ØU → KB onto two sheets: the widest lanes were
    narrowed (texts wrapped to the lane), not every lane widened."""
    diagram = _workflow("beslutningssag", "tmu,oeu,kb", "da")(config)
    plan = print_plan(to_dot(diagram, PAPERS["a3"]), PAPERS["a3"])
    assert plan.pages == 1
    assert plan.smallest * plan.scale >= MIN_TEXT_PT


def test_texts_wrap_to_the_lane_and_long_compounds_break_at_a_joint() -> None:
    fit = 120.0
    lines = _wrap_pt("✓ Dagsordensgennemgang hos direktør", fit, 10.5, bold=True)
    assert lines == ["✓ Dagsordens-", "gennemgang hos", "direktør"]
    assert _wrap_pt("Borgmester- og Direktionssekretariatet", fit, 10.5, bold=True) == [
        "Borgmester- og",
        "Direktions-",
        "sekretariatet",
    ]
    # A reference held by no-break spaces stays on one line.
    text = "mindst 4 uger (planloven §\u00a024,\u00a0stk.\u00a05)"
    assert _wrap_pt(text, 70, 9, bold=False)[-1].endswith("§\u00a024,\u00a0stk.\u00a05)")
    for line in _wrap_pt("Kvalitetssikringsgennemgangsprocedure " * 3, 60, 10.5, bold=True):
        assert text_width(line, 10.5, bold=True) <= 60
