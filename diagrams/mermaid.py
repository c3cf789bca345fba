"""A :class:`~diagrams.model.Diagram` as Mermaid ``flowchart`` text, for the Prefect UI.

Prefect's UI (v2) draws fenced ``mermaid`` blocks in Markdown artifacts, offline and with Danish
letters (shared/docs/prefect.md, section 8), but shows no SVG; so a case's route goes there as
Mermaid. Lanes become subgraphs, node kinds Mermaid shapes, and the line styles match the DOT
output: returns dashed, postponements dotted, the path a case took thick. Every label is quoted
through :func:`label`, so "Økonomiudvalget (ØU)" and quotes survive, and no text (a case title
with a line break, a quote or ``-->``) can add a step, an edge or a link.
"""

from __future__ import annotations

import re
from typing import Literal

from casework.diagrams import palette
from casework.diagrams.model import (
    Diagram,
    Edge,
    EdgeKind,
    EdgeState,
    Lane,
    Node,
    NodeKind,
    NodeState,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def to_mermaid(diagram: Diagram, direction: Literal["LR", "TB"] = "LR") -> str:
    """The diagram as a Mermaid flowchart (no code fence; ``\\n`` line ends, a final newline).

    ``LR`` draws left to right with one swimlane (a subgraph) per lane, as on paper. ``TB``
    draws top down and cuts each lane into its runs along the route (the nodes' order), one
    subgraph per run titled with the lane: a lane that the route leaves and re-enters (the
    caseworker drafts, then executes) would otherwise be one box spanning the route's length
    with its steps side by side. The Prefect UI fits a diagram into a column about 650 px wide
    (at a 1400 px window) by scaling it down, so the artifacts go top down and keep Mermaid's
    14 px labels, which it wraps at 200 px (docs/orchestration.md).
    """
    ids = node_ids(diagram)
    # Comments only after the diagram type: Mermaid detects the type from the first line.
    lines = [
        f"flowchart {direction}",
        f"  %% {comment(diagram.title)}",
        *(f"  %% {comment(line)}" for line in diagram.subtitle),
    ]
    lines += _class_defs()
    for index, (lane, nodes) in enumerate(_lane_groups(diagram, runs=direction == "TB")):
        if lane is None:
            lines += [f"  {_node(n, ids[n.id])}" for n in nodes]
            continue
        title = lane.title + (f" · {lane.subtitle}" if lane.subtitle else "")
        lines.append(f"  subgraph lane_{index:02d}[{label(title)}]")
        lines.append(f"    direction {direction}")
        lines += [f"    {_node(n, ids[n.id])}" for n in nodes]
        lines.append("  end")
    lines += [f"  {_edge(edge, ids)}" for edge in diagram.edges]
    for index, edge in enumerate(diagram.edges):
        style = _link_style(edge)
        if style:
            lines.append(f"  linkStyle {index} {style}")
    for css_class, members in _classes(diagram, ids).items():
        lines.append(f"  class {','.join(members)} {css_class}")
    return "\n".join(lines) + "\n"


def _lane_groups(diagram: Diagram, *, runs: bool) -> list[tuple[Lane | None, list[Node]]]:
    """Each lane with its nodes (``runs``: each run of consecutive nodes in one lane, the
    nodes outside every lane as runs of their own)."""
    if not runs:
        return [(lane, [n for n in diagram.nodes if n.lane == lane.id]) for lane in diagram.lanes]
    lanes = {lane.id: lane for lane in diagram.lanes}
    groups: list[tuple[Lane | None, list[Node]]] = []
    for node in diagram.nodes:
        lane = lanes.get(node.lane)
        if groups and groups[-1][0] is lane:
            groups[-1][1].append(node)
        else:
            groups.append((lane, [node]))
    return groups


def label(text: str) -> str:
    """Text as a quoted Mermaid label: the one place text is escaped for Mermaid.

    ``#`` goes first, because Mermaid's entity codes start with it. Every character that could
    end the label or change what it is becomes an entity code: the quote, ``<``/``>`` and ``&``
    (no HTML), the backtick (no Markdown string), ``|`` (no end of an edge label), ``%``, ``{``
    and ``}`` (no ``%%{init}%%`` directive). A line break is the label's own ``<br/>``; other
    control characters become spaces, so no text can start a line of its own (a step, a
    ``click`` link).
    """
    escaped = _CONTROL.sub(" ", text.replace("\r\n", "\n")).translate(_LABEL_CODES)
    return f'"{escaped.replace(chr(10), "<br/>")}"'


def comment(text: str) -> str:
    """Text for a ``%%`` comment line: one line, nothing a directive (``%%{…}%%``) reads, and
    no ``<``/``>`` (the artifact's reader sees no tag even in the source)."""
    return _CONTROL.sub(" ", text.replace("\n", " ")).translate(_COMMENT_CODES)


#: Control characters but the line feed (which :func:`label` draws as a line break).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LABEL_CODES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "|": "#124;",
        "%": "#37;",
        "{": "#123;",
        "}": "#125;",
    }
)
_COMMENT_CODES = str.maketrans({"%": " ", "{": "(", "}": ")", "<": "‹", ">": "›"})


def node_ids(diagram: Diagram) -> dict[str, str]:
    """A Mermaid-safe id per node, e.g. ``politisk_behandling@oeu`` → ``n_politisk_behandling_oeu``.

    Ids that would clash after cleaning get a number, in node order, so the result is stable.
    """
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in diagram.nodes:
        base = "n_" + _UNSAFE.sub("_", node.id).strip("_")
        candidate, count = base, 2
        while candidate in taken:
            candidate, count = f"{base}_{count}", count + 1
        ids[node.id] = candidate
        taken.add(candidate)
    return ids


def _class_defs() -> list[str]:
    lines = []
    for kind, look in palette.NODES.items():
        ink = palette.VERMILLION if kind is NodeKind.LINK else palette.INK
        dashes = ",stroke-dasharray:5 3" if "dashed" in look.dot_style else ""
        lines.append(f"  classDef {kind.value} fill:{look.fill},stroke:{ink},color:{ink}{dashes}")
    for state in (NodeState.DONE, NodeState.CURRENT, NodeState.OVERDUE, NodeState.FUTURE):
        shown = palette.STATES[state]
        parts = [
            f"fill:{shown.fill}",
            f"stroke:{shown.border}",
            f"stroke-width:{shown.penwidth:g}px",
            f"color:{shown.font}",
        ]
        if shown.extra_style == "dashed":
            parts.append("stroke-dasharray:5 3")
        lines.append(f"  classDef {state.value} {','.join(parts)}")
    return lines


def _node(node: Node, node_id: str) -> str:
    look = palette.NODES[node.kind]
    lines = [look.icon + node.title, *node.details]
    opening, closing = look.mermaid
    return f"{node_id}{opening}{label(chr(10).join(lines))}{closing}"


def _edge(edge: Edge, ids: dict[str, str]) -> str:
    arrow = palette.EDGES[edge.kind].mermaid_arrow
    if edge.state is EdgeState.TAKEN and edge.kind is EdgeKind.FORWARD:
        arrow = "==>"
    icon = palette.EDGES[edge.kind].icon
    text = "\n".join(icon + line for line in edge.labels)
    middle = f"|{label(text)}|" if edge.labels else ""
    return f"{ids[edge.source]} {arrow}{middle} {ids[edge.target]}"


def _link_style(edge: Edge) -> str:
    look = palette.EDGES[edge.kind]
    color = palette.edge_color(edge.kind, edge.state)
    parts = []
    if color != palette.INK:
        parts.append(f"stroke:{color}")
    if look.dasharray:
        parts.append(f"stroke-dasharray:{look.dasharray}")
    if edge.state is not EdgeState.PLAIN:
        parts.append(f"stroke-width:{palette.EDGE_WIDTH[edge.state]:g}px")
    return ",".join(parts)


def _classes(diagram: Diagram, ids: dict[str, str]) -> dict[str, list[str]]:
    """Nodes by class: a journey state wins over the node's kind."""
    classes: dict[str, list[str]] = {}
    for node in diagram.nodes:
        if node.kind is NodeKind.LINK:
            name = NodeKind.LINK.value
        elif node.state is not NodeState.PLAIN:
            name = node.state.value
        else:
            name = node.kind.value
        classes.setdefault(name, []).append(ids[node.id])
    return dict(sorted(classes.items()))
