"""Figures for issue 19, item 6 (lanes share one width; edges stay within lanes); asserts nothing.

For every workflow of the example configuration along its typical route, in the screen layout
and in the A3 print layout, ``dot`` lays the diagram out (``-Tjson0``) and this prints:

* **lanes**: the narrowest and the widest lane (in print, a lane is a column: its width; on
  screen, a band: its height), in points at natural size, and how much wider the whole drawing
  would be if every lane were as wide as the widest (what "one width" costs on paper);
* **edges out of their lanes**: visible edges whose path leaves the box spanned by the lanes of
  their two ends by more than 1 pt, and by how much at most (the loop "Udsat" sticking into the
  neighbouring lane, long edges to "Ekspedition" running outside the lanes).

The legend (the last cluster) is left out. tests/unit/test_diagrams_lanes.py holds the drawings
to the same two figures. Run from the repository root::

    .venv/bin/python bench/diagram_lanes.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Run as a script, this file's own folder comes first on sys.path; keep the packages it measures.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from casework.adapters.config.full import load_full_configuration  # noqa: E402 - after the sys.path fix
from casework.diagrams.dot import to_dot  # noqa: E402 - after the sys.path fix
from casework.diagrams.extract import workflow_diagram  # noqa: E402 - after the sys.path fix
from casework.diagrams.paper import PAPERS  # noqa: E402 - after the sys.path fix

Box = tuple[float, float, float, float]


def _bezier(points: list[tuple[float, float]], steps: int = 12) -> list[tuple[float, float]]:
    """Points along a cubic B-spline path as Graphviz writes it (1 + 3n control points)."""
    out = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for k in range(steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    return out


def measure(dot_text: str, printed: bool) -> tuple[float, float, float, int, float]:
    """(narrowest lane, widest lane, extra width for one lane width, edges out, worst overshoot)."""
    laid = json.loads(
        subprocess.run(
            ["dot", "-Tjson0"], input=dot_text.encode(), capture_output=True, check=True
        ).stdout
    )
    objects = laid["objects"]
    lanes: list[Box] = []
    lane_of: dict[int, int] = {}
    for obj in objects:
        if not obj.get("name", "").startswith("cluster_"):
            continue
        x1, y1, x2, y2 = (float(v) for v in obj["bb"].split(","))
        for node in obj.get("nodes", []):
            lane_of[node] = len(lanes)
        lanes.append((x1, y1, x2, y2))
    lanes = lanes[:-1]  # the legend
    sizes = [(b[2] - b[0]) if printed else (b[3] - b[1]) for b in lanes]
    extra = len(sizes) * max(sizes) - sum(sizes)
    out, worst = 0, 0.0
    for edge in laid.get("edges", []):
        if "invis" in edge.get("style", ""):
            continue
        ends = [lane_of.get(edge["tail"]), lane_of.get(edge["head"])]
        if None in ends or max(e for e in ends if e is not None) >= len(lanes):
            continue
        boxes = [lanes[e] for e in ends if e is not None]
        hull = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        points: list[tuple[float, float]] = []
        for spline in edge.get("pos", "").split(";"):
            controls = []
            for item in spline.split():
                x, y = item.removeprefix("s,").removeprefix("e,").split(",")
                if item.startswith(("s,", "e,")):
                    points.append((float(x), float(y)))  # an arrow's tip: not a control point
                else:
                    controls.append((float(x), float(y)))
            points += _bezier(controls)
        over = max(
            (max(hull[0] - x, x - hull[2], hull[1] - y, y - hull[3], 0.0) for x, y in points),
            default=0.0,
        )
        if over > 1:
            out += 1
            worst = max(worst, over)
    return min(sizes), max(sizes), extra, out, worst


def main() -> None:
    config = load_full_configuration("config")
    # As the CLI draws them: the bodies' own meeting rules and the steps' minimum periods.
    rules = config.calendar.rules if config.calendar is not None else None
    periods = config.calendar.periods if config.calendar is not None else None
    print(f"{'workflow':28} {'layout':7} {'lanes pt':>14} {'one width +pt':>14} {'edges out':>10}")
    for workflow_id in sorted(config.workflows):
        diagram = workflow_diagram(
            config.workflows[workflow_id],
            config.municipality,
            lang="da",
            rules=rules,
            periods=periods,
        )
        for layout, paper in (("screen", None), ("a3", PAPERS["a3"])):
            low, high, extra, out, worst = measure(to_dot(diagram, paper), paper is not None)
            print(
                f"{workflow_id:28} {layout:7} {low:6.1f}–{high:6.1f} {extra:14.1f} "
                f"{out:4d} (≤{worst:5.1f} pt)"
            )


if __name__ == "__main__":
    main()
