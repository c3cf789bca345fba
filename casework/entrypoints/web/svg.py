"""The case page's route diagram: the case's main line of steps as an inline SVG.

Drawn here, without Graphviz, because it sits on the hot path of the case page (the benchmark
asks p95 <= 100 ms with 10,000 cases): a left-to-right chain of the workflow's onward steps
along the case's own route, each marked done, current (or overdue) or ahead. The full journey
with returns and postponements is the Graphviz diagram behind the link under it
(``/sager/{id}/forloeb.svg``), rendered on demand.

Every text goes through :func:`html.escape`; the SVG is inserted into the page as markup.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from casework.domain.events import EventKind
from casework.domain.workflow import CaseStatus, TransitionKind

if TYPE_CHECKING:
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent
    from casework.domain.organisation import Municipality
    from casework.domain.workflow import CaseGraph

BOX_W, BOX_H, GAP, PER_ROW, ROW_GAP = 160, 64, 26, 5, 30
#: Fill, stroke and text colours per state; contrast of text on fill is at least 4.5:1.
COLOURS = {
    "done": ("#e3f1e6", "#2e7d3a", "#14401c"),
    "current": ("#dbe8fb", "#0b4fa8", "#0a2f66"),
    "overdue": ("#fde2e1", "#b3261e", "#6b0f0a"),
    "future": ("#ffffff", "#6b7280", "#374151"),
}


@dataclass(frozen=True, slots=True)
class Stop:
    """One step on the case's main line."""

    step: str
    title: str
    body: str | None
    state: str  # done, current, overdue, future


def main_line(graph: CaseGraph) -> list[str]:
    """The steps from the start along the first onward action of each, up to a terminal."""
    line = [graph.start]
    seen = {graph.start}
    while True:
        onward = [
            e
            for e in graph.actions(line[-1]).values()
            if e.transition.kind is TransitionKind.FORWARD and e.target not in seen
        ]
        if not onward:
            return line
        line.append(onward[0].target)
        seen.add(onward[0].target)


def stops(  # noqa: PLR0917 - the pieces of one case page, passed straight through
    case: Case,
    events: Sequence[CaseEvent],
    graph: CaseGraph,
    municipality: Municipality,
    today: dt.date,
    lang: str,
) -> list[Stop]:
    """The main line marked with where the case has been and where it is now."""
    visited = set(_visited(events))
    line = main_line(graph)
    if case.step not in line:  # e.g. withdrawn: show where it ended, after what it passed
        line = [s for s in line if s in visited] + [case.step]
    overdue = case.status is CaseStatus.OPEN and case.due is not None and case.due < str(today)
    here = line.index(case.step)
    found: list[Stop] = []
    for index, step_id in enumerate(line):
        node = graph.steps[step_id]
        if index < here:
            state = "done"
        elif index == here:
            state = "done" if case.status is CaseStatus.CLOSED else (
                "overdue" if overdue else "current"
            )  # fmt: skip
        else:
            state = "future"
        body = None
        if node.body is not None:  # a body imported from OParl may be missing from the config
            known = municipality.bodies.get(node.body)
            body = known.short if known is not None else node.body
        found.append(Stop(step_id, node.step.label(lang), body, state))
    return found


def _visited(events: Iterable[CaseEvent]) -> Iterable[str]:
    for event in events:
        if event.kind is EventKind.ADVANCED:
            yield str(event.data.get("from"))
            yield str(event.data.get("to"))


def route_svg(route: Sequence[Stop], label: str) -> str:
    """The stops as an SVG chain; ``label`` is its accessible description."""
    rows = max(1, -(-len(route) // PER_ROW))
    width = PER_ROW * BOX_W + (PER_ROW - 1) * GAP + 8
    height = rows * BOX_H + (rows - 1) * ROW_GAP + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="route" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="route-title">',
        f'<title id="route-title">{escape(label)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4b5563"/></marker></defs>',
    ]
    for index, stop in enumerate(route):
        row, col = divmod(index, PER_ROW)
        x, y = 4 + col * (BOX_W + GAP), 4 + row * (BOX_H + ROW_GAP)
        fill, stroke, ink = COLOURS[stop.state]
        weight = 3 if stop.state in {"current", "overdue"} else 1.5
        dash = ' stroke-dasharray="5 3"' if stop.state == "future" else ""
        parts.append(
            f'<g class="stop stop-{stop.state}" data-step="{escape(stop.step)}">'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{weight}"{dash}/>'
        )
        lines = textwrap.wrap(stop.title, 21)[:2]
        if stop.body:
            lines.append(stop.body)
        top = y + BOX_H / 2 - (len(lines) - 1) * 7.5 + 4.5  # the lines centred in the box
        for number, text in enumerate(lines):
            bold = ' font-weight="bold"' if stop.body and number == len(lines) - 1 else ""
            parts.append(
                f'<text x="{x + BOX_W / 2}" y="{top + number * 15}" text-anchor="middle" '
                f'font-size="12.5" fill="{ink}"{bold}>{escape(text)}</text>'
            )
        parts.append("</g>")
        if index + 1 < len(route):
            if col + 1 < PER_ROW:
                x1, y1 = x + BOX_W, y + BOX_H / 2
                parts.append(_arrow(x1, y1, x1 + GAP, y1))
            else:  # down to the next row's first box
                parts.append(_arrow(x + BOX_W / 2, y + BOX_H, 4 + BOX_W / 2, y + BOX_H + ROW_GAP))
    parts.append("</svg>")
    return "".join(parts)


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2 - 1}" y2="{y2 - 1}" stroke="#4b5563" '
        'stroke-width="1.5" marker-end="url(#arrow)"/>'
    )
