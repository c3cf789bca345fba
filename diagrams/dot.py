"""A :class:`~diagrams.model.Diagram` as Graphviz DOT text: a swimlane grid.

Pure text, byte for byte the same for the same diagram (the golden tests hold it to that).

Graphviz has no swimlanes, and ``dot`` orders clusters that share a rank as it likes, so the
grid is built from rules ``dot`` does keep:

* **a lane is a rank**: each lane is a cluster whose nodes are ``rank=same``, and invisible
  edges from each lane's header to the next one's fix the lanes top to bottom;
* **a column is a group**: the flow is cut into columns (longest path from the start), every
  lane has one cell per column (the step, or an invisible placeholder), cells of one column are
  chained lane to lane with the same ``group``, which ``dot`` keeps straight, so columns align;
* invisible edges chain each lane's cells left to right, so the flow reads left to right, and a
  last invisible cell makes every band as wide as the diagram.

Labels of edges inside one lane are ``xlabel``s: ``dot`` 2.43 crashes on ordinary labels of
flat edges in clusters.

**The print layout** (``to_dot(diagram, paper)``) is the same grid turned a quarter: with
``rankdir=LR`` a rank is a column, so each lane becomes a column and the flow runs down it. The
width is then the number of lanes, not the length of the flow, and fits a sheet at a readable
scale; a long flow runs on to further sheets instead (see :mod:`diagrams.paper`). ``LR`` puts the
first cell of a rank at the *bottom*, so every chain within a lane is written backwards, and a
visible edge within a lane is written from its target to its source with ``dir=back``: it
still points from source to target, and it agrees with the chain, which ``dot`` needs (two
flat edges in opposite directions form a cycle that ``dot`` breaks unpredictably).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casework.diagrams import palette
from casework.diagrams.model import (
    Diagram,
    Edge,
    EdgeKind,
    EdgeState,
    Lane,
    LegendItem,
    Node,
    NodeKind,
)
from casework.diagrams.paper import Paper, page_attributes
from casework.diagrams.texts import tr

TITLE_WIDTH = 20
DETAIL_WIDTH = 23
EDGE_WIDTH = 26
#: The print layout wraps narrower: a lane column is as wide as its widest step, and an edge
#: label between two lanes widens the gap between their columns.
PRINT_TITLE_WIDTH = 16
PRINT_DETAIL_WIDTH = 18
PRINT_EDGE_WIDTH = 14
#: A lane header's width (inches): on screen a band's left end, in print a column's top.
HEADER_WIDTH = 2.3
PRINT_HEADER_WIDTH = 1.4
LEGEND = "legend"
#: The side of the invisible square a legend's line sample starts in (inches).
SAMPLE = 0.7


@dataclass
class Row:
    """One lane's cells left to right, and the cell that holds each column."""

    cells: list[str]
    columns: dict[int, str] = field(default_factory=dict)


def to_dot(diagram: Diagram, paper: Paper | None = None) -> str:
    """The diagram as DOT text (UTF-8, ``\\n`` line ends, a final newline).

    Without ``paper`` the screen layout (lanes as bands, flow left to right); with it the
    print layout (lanes as columns, flow top to bottom) fitted to that paper.
    """
    columns = layout_columns(diagram, printed=paper is not None)
    # One empty column more than needed: room for a self-loop's label in the last column.
    width = max(columns.values(), default=0) + 1
    rows = {lane.id: index for index, lane in enumerate(diagram.lanes)}
    lane_of = {node.id: rows[node.lane] for node in diagram.nodes}
    links = {n.id for n in diagram.nodes if n.kind is NodeKind.LINK}
    returns = {e.target: e.labels for e in diagram.edges if e.target in links}
    printed = paper is not None
    lanes = len(diagram.lanes) + (1 if diagram.legend else 0)
    lines = [f"digraph {quote(diagram.id)} {{", *_defaults(diagram, paper, (lanes, width))]
    grid: list[Row] = []
    for index, lane in enumerate(diagram.lanes):
        nodes = [n for n in diagram.nodes if n.lane == lane.id]
        row, body = _lane_cells(lane, nodes, columns, width, returns, printed=printed)
        grid.append(row)
        lines += _cluster(index, lane, body, printed=printed)
    if diagram.legend:
        legend = Lane(LEGEND, tr("diagram.legend", diagram.lang))
        row, body = _legend_cells(legend, diagram.legend, printed=printed)
        grid.append(row)
        lines += _cluster(len(diagram.lanes), legend, body, printed=printed)
    lines.append("")
    lines += [f"  {_edge(edge, lane_of, links, printed=printed)}" for edge in diagram.edges]
    lines += _scaffolding(grid, printed=printed)
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- quoting
def quote(text: str) -> str:
    """A DOT double-quoted string; the one place plain text is escaped for DOT.

    Control characters (NUL, ESC …, which ``dot`` cannot read and SVG cannot hold) become
    spaces; a line break is DOT's ``\\n``.
    """
    plain = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    escaped = plain.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def html(text: str) -> str:
    """Text escaped for a Graphviz HTML-like label (control characters become spaces)."""
    return (
        _CONTROL.sub(" ", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


#: Control characters but the line feed, and the Unicode line separators.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _wrap(text: str, width: int) -> list[str]:
    # Long Danish compounds ("Direktionssekretariatet") stay whole: a node grows instead.
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def _attrs(**values: str | float) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
            parts.append(f"{key}={value}")  # an HTML-like label goes in unquoted
        elif isinstance(value, int | float):
            parts.append(f"{key}={value:g}")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]"


# --------------------------------------------------------------------------- columns
def layout_columns(diagram: Diagram, *, printed: bool = False) -> dict[str, int]:
    """The grid column of every node: the longest onward path to it from the start.

    Returns and postponements do not count, nor do edges that close a cycle; a labelled edge
    within one lane counts two (its label needs the room), and so, in the print layout, does
    any edge whose label wraps (the lane columns stand close, so a label of two lines or more
    needs a longer edge beside it); a link marker stands in the column after its source.
    Two nodes of one lane never share a column: the later one in reading order moves right,
    and what follows it moves with it.
    """
    lane_of = {n.id: n.lane for n in diagram.nodes}
    links = {n.id for n in diagram.nodes if n.kind is NodeKind.LINK}
    onward: dict[str, list[tuple[str, int]]] = {n.id: [] for n in diagram.nodes}
    for edge in diagram.edges:
        if edge.kind is not EdgeKind.RETURN and edge.source != edge.target:
            flat = lane_of[edge.source] == lane_of[edge.target] and bool(edge.labels)
            tall = printed and "\n" in _edge_label(edge, PRINT_EDGE_WIDTH)
            onward[edge.source].append((edge.target, 2 if flat or tall else 1))
    for edge in diagram.edges:
        if edge.target in links:
            onward[edge.source].append((edge.target, 1))
    targets = {t for ts in onward.values() for t, _ in ts}
    floor = {n.id: 0 for n in diagram.nodes}
    column: dict[str, int] = {}
    for _ in range(len(diagram.nodes) + 1):  # each round settles at least one collision
        column = {}
        for node in diagram.nodes:
            if node.id not in targets:
                _deepen(
                    node.id,
                    floor[node.id],
                    onward=onward,
                    column=column,
                    floor=floor,
                    path=frozenset(),
                )
        clash = _first_clash(diagram, column)
        if clash is None:
            break
        floor[clash] = column[clash] + 1
    return column


def _first_clash(diagram: Diagram, column: Mapping[str, int]) -> str | None:
    """The later of the first two nodes found sharing a lane and a column."""
    taken: set[tuple[str, int]] = set()
    for node in sorted(diagram.nodes, key=lambda n: (column[n.id], n.order, n.id)):
        cell = (node.lane, column[node.id])
        if cell in taken:
            return node.id
        taken.add(cell)
    return None


def _deepen(
    node: str,
    depth: int,
    *,
    onward: Mapping[str, list[tuple[str, int]]],
    column: dict[str, int],
    floor: Mapping[str, int],
    path: frozenset[str],
) -> None:
    depth = max(depth, floor[node])
    if column.get(node, -1) >= depth:
        return
    column[node] = depth
    for target, step in onward[node]:
        if target not in path:
            _deepen(
                target,
                depth + step,
                onward=onward,
                column=column,
                floor=floor,
                path=path | {node},
            )


# --------------------------------------------------------------------------- graph
def _defaults(
    diagram: Diagram, paper: Paper | None = None, grid: tuple[int, int] = (0, 0)
) -> list[str]:
    title = f'<font point-size="17"><b>{html(diagram.title)}</b></font>'
    sub = "".join(
        f'<br align="left"/><font point-size="11" color="{palette.MUTED}">{html(s)}</font>'
        for s in diagram.subtitle
    )
    font = palette.FONT
    # The screen layout's attributes stay in their order (its output is held byte for byte).
    printed: dict[str, str | float] = {}
    if paper is not None:
        # The scaffolding fixes every lane's order; a last crossing-reduction pass over the
        # clusters would only undo it (it moved return markers above their steps).
        printed = {"remincross": "false", **page_attributes(paper, *grid)}
    graph = _attrs(
        rankdir="TB" if paper is None else "LR",
        newrank="true",
        fontname=font,
        label=f'<{title}{sub}<br align="left"/>>',
        labelloc="t",
        labeljust="l",
        nodesep=0.3 if paper is None else 0.18,
        # In print the ranks are the lane columns, and the action labels between them are
        # xlabels, which take no room of their own: a slightly wider gap leaves them some.
        ranksep=0.22 if paper is None else 0.3,
        pad=0.3,
        bgcolor=palette.WHITE,
        outputorder="edgesfirst",
        forcelabels="true",
        **printed,
    )
    node = _attrs(
        fontname=font,
        fontsize=10.5,
        color=palette.INK,
        fontcolor=palette.INK,
        penwidth=1.2,
        margin="0.12,0.06",
    )
    edge = _attrs(
        fontname=font,
        fontsize=9.5,
        color=palette.INK,
        fontcolor=palette.INK,
        arrowsize=0.75,
        penwidth=1.3,
    )
    return [f"  graph {graph};", f"  node {node};", f"  edge {edge};"]


def _cluster(index: int, lane: Lane, body: list[str], *, printed: bool = False) -> list[str]:
    fill = palette.LANE_FILLS[index % 2]
    margin = 4 if printed else 8
    attrs = _attrs(
        style="filled", fillcolor=fill, color=palette.LANE_BORDER, label="", margin=margin
    )
    return [
        "",
        f"  subgraph {quote(f'cluster_{index:02d}')} {{",
        f"    graph {attrs};",
        *body,
        "  }",
    ]


def _header(lane: Lane, *, printed: bool = False) -> str:
    title = "<br/>".join(html(line) for line in _wrap(lane.title, 18))
    label = f"<b>{title}</b>"
    if lane.subtitle:
        label += f'<br/><font point-size="9" color="{palette.MUTED}">{html(lane.subtitle)}</font>'
    attrs = _attrs(
        label=f"<{label}>",
        shape="box",
        style="filled",
        fillcolor=palette.LANE_HEADER,
        color=palette.LANE_HEADER,
        width=PRINT_HEADER_WIDTH if printed else HEADER_WIDTH,
        fontsize=10.5,
        group="col:header",
    )
    return f"    {quote(f'lane:{lane.id}')} {attrs};"


def _placeholder(name: str, group: str | None) -> str:
    attrs = _attrs(shape="point", style="invis", width=0.05, **({"group": group} if group else {}))
    return f"    {quote(name)} {attrs};"


def _lane_cells(
    lane: Lane,
    nodes: list[Node],
    columns: Mapping[str, int],
    width: int,
    returns: Mapping[str, tuple[str, ...]],
    *,
    printed: bool = False,
) -> tuple[Row, list[str]]:
    """The lane's cells left to right (header, columns, end) and its DOT statements."""
    by_column: dict[int, list[Node]] = {}
    for node in nodes:
        by_column.setdefault(columns[node.id], []).append(node)
    row = Row([f"lane:{lane.id}"])
    body = [_header(lane, printed=printed)]
    for col in range(width):
        here = by_column.get(col, [])
        first = len(row.cells)
        if not here:
            row.cells.append(f"cell:{lane.id}:{col}")
            body.append(_placeholder(row.cells[-1], f"col:{col}"))
        for position, node in enumerate(here):
            # Only the first node of a cell holds the column; a second one sits beside it.
            group = f"col:{col}" if position == 0 else None
            row.cells.append(node.id)
            if node.id in returns:
                label = _link_label(node, returns[node.id], printed=printed)
            else:
                label = None
            body.append(f"    {quote(node.id)} {_node_attrs(node, group, label, printed)};")
        row.columns[col] = row.cells[first]
    row.cells.append(f"lane-end:{lane.id}")
    body.append(_placeholder(row.cells[-1], "col:end"))
    body.append(f"    {{ rank=same; {'; '.join(quote(c) for c in row.cells)}; }}")
    return row, body


# --------------------------------------------------------------------------- nodes
def _node_label(node: Node, *, printed: bool = False) -> str:
    look = palette.NODES[node.kind]
    state = palette.STATES[node.state]
    title_width, detail_width = _text_widths(printed)
    width = 11 if node.kind in {NodeKind.TERMINAL, NodeKind.START} else title_width
    lines = _wrap(node.title, width)
    lines[0] = look.icon + lines[0]  # the icon stays on the title's first line
    title = "<br/>".join(html(line) for line in lines)
    parts = [title if node.kind is NodeKind.START else f"<b>{title}</b>"]
    for detail in node.details:
        text = "<br/>".join(html(line) for line in _wrap(detail, detail_width))
        color = palette.MUTED if state.font == palette.INK else state.font
        if detail.startswith("⚠"):
            text, color = f"<b>{text}</b>", palette.VERMILLION
        elif detail.startswith("▶"):
            text, color = f"<b>{text}</b>", palette.BLUE
        parts.append(f'<font point-size="9" color="{color}">{text}</font>')
    return "<" + "<br/>".join(parts) + ">"


def _text_widths(printed: bool) -> tuple[int, int]:
    """Where titles and details wrap (characters)."""
    return (PRINT_TITLE_WIDTH, PRINT_DETAIL_WIDTH) if printed else (TITLE_WIDTH, DETAIL_WIDTH)


def _link_label(node: Node, actions: tuple[str, ...], *, printed: bool = False) -> str:
    """A return marker's label: the actions that send the case back, then where to."""
    icon = palette.NODES[NodeKind.LINK].icon
    title_width, detail_width = _text_widths(printed)
    lines = [
        "<br/>".join(html(line) for line in _wrap(icon + action, title_width)) for action in actions
    ]
    where = "<br/>".join(html(line) for line in _wrap(f"→ {node.title}", detail_width))
    return f'<<b>{"<br/>".join(lines)}</b><br/><font point-size="9">{where}</font>>'


def _node_attrs(
    node: Node, group: str | None, label: str | None = None, printed: bool = False
) -> str:
    look = palette.NODES[node.kind]
    state = palette.STATES[node.state]
    values: dict[str, str | float] = {
        "label": label or _node_label(node, printed=printed),
        "shape": look.dot_shape,
        "style": look.dot_style + (f",{state.extra_style}" if state.extra_style else ""),
        "fillcolor": palette.node_fill(node.kind, node.state),
        "color": palette.node_border(node.kind, node.state),
    }
    if state.font != palette.INK:
        values["fontcolor"] = state.font
    if state.penwidth != palette.STATES[node.state.PLAIN].penwidth:
        values["penwidth"] = state.penwidth
    if state.peripheries != 1 and node.kind is not NodeKind.TERMINAL:
        values["peripheries"] = state.peripheries
    if node.kind is NodeKind.START:
        values.update(width=0.5, fixedsize="true", fontsize=9)
    elif node.kind is NodeKind.TERMINAL:
        values.update(fontsize=9.5, margin="0.02")
    elif node.kind is NodeKind.LINK:
        values.update(fontsize=9.5, fontcolor=palette.VERMILLION)
    elif node.kind is NodeKind.MEETING:
        values.update(margin="0.02,0.04")
    if group is not None:
        values["group"] = group
    return _attrs(**values)


# --------------------------------------------------------------------------- edges
def _edge_label(edge: Edge, width: int = EDGE_WIDTH) -> str:
    icon = palette.EDGES[edge.kind].icon
    lines: list[str] = []
    for label in edge.labels:
        lines += _wrap(icon + label, width)
    return "\n".join(lines)


def _edge(
    edge: Edge,
    lane_of: Mapping[str, int],
    links: Iterable[str] = (),
    *,
    printed: bool = False,
) -> str:
    look = palette.EDGES[edge.kind]
    color = palette.edge_color(edge.kind, edge.state)
    values: dict[str, str | float] = {}
    flat = edge.source != edge.target and lane_of[edge.source] == lane_of[edge.target]
    # A return's actions are written in its marker, so its short arrow needs no label.
    if edge.labels and edge.target not in links:
        label = _edge_label(edge, PRINT_EDGE_WIDTH if printed else EDGE_WIDTH)
        # In print every label is an xlabel: an ordinary label between two lanes is a rank of
        # its own, and as wide as its text, which would push the lane columns apart.
        values["xlabel" if flat or printed else "label"] = label
    if look.dot_style != "solid":
        values["style"] = look.dot_style
    if color != palette.INK:
        values.update(color=color, fontcolor=color)
    if edge.state is not EdgeState.PLAIN:
        values["penwidth"] = palette.EDGE_WIDTH[edge.state]
    source, target = edge.source, edge.target
    if printed and source == target:
        # A postponement's loop on the step's right, in the gap to the next lane: on top it
        # would meet the label of the edge coming in.
        values.update(tailport="e", headport="e")
    if printed and flat:
        # Written backwards like the lane's chain (see the module docstring), drawn forwards.
        source, target = target, source
        values["dir"] = "back"
    attrs = f" {_attrs(**values)}" if values else ""
    return f"{quote(source)} -> {quote(target)}{attrs};"


# --------------------------------------------------------------------------- legend
def _legend_cells(
    lane: Lane, items: Iterable[LegendItem], *, printed: bool = False
) -> tuple[Row, list[str]]:
    """The legend row: sample nodes, and sample edges that end in their text.

    Its cells keep no columns, so the samples sit close together whatever the grid above.
    """
    row = Row([f"lane:{lane.id}"])
    body = [_header(lane, printed=printed)]
    for index, item in enumerate(items):
        key = f"legend:{index:02d}"
        if item.edge is not None:
            # The sample runs from the centre of an invisible square into its text: long enough
            # to tell solid, dashed and dotted apart without colour, and its arrow points at
            # the words that explain it (the next sample starts after a wide gap).
            end = _attrs(shape="box", style="invis", label="", width=SAMPLE, height=SAMPLE)
            sample = Edge(f"{key}:a", key, item.edge, (), (), item.edge_state)
            text = _attrs(label=item.text, shape="plaintext", fontsize=9.5, margin="0.04,0.02")
            edge = _edge(sample, {sample.source: 0, sample.target: 0}, printed=printed)
            # Unclipped at the square; in print the edge is written backwards (see _edge).
            clip = "headclip=false" if printed else "tailclip=false"
            unclipped = (
                f"{edge.removesuffix('];')}, {clip}];"
                if edge.endswith("];")
                else f"{edge.removesuffix(';')} [{clip}];"
            )
            body += [
                f"    {quote(sample.source)} {end};",
                f"    {quote(key)} {text};",
                f"    {unclipped}",
            ]
            row.cells += [sample.source, key]
            continue
        kind = item.node or NodeKind.TASK
        icon = palette.NODES[kind].icon
        sample_node = Node(key, lane.id, kind, item.text.removeprefix(icon), 0, (), item.node_state)
        body.append(f"    {quote(key)} {_node_attrs(sample_node, None, printed=printed)};")
        row.cells.append(key)
    body.append(f"    {{ rank=same; {'; '.join(quote(c) for c in row.cells)}; }}")
    return row, body


# --------------------------------------------------------------------------- scaffolding
def _scaffolding(grid: list[Row], *, printed: bool = False) -> list[str]:
    """Invisible edges: each row left to right, each column (same group) top to bottom.

    In the print layout each row's chain is written backwards, so that ``rankdir=LR`` puts the
    header at the top of its column and the flow runs down.
    """
    lines = ["", "  edge [style=invis];"]
    for row in grid:
        pairs = itertools.pairwise(row.cells)
        for a, b in pairs:
            if not _sample(a, b):
                first, second = (b, a) if printed else (a, b)
                lines.append(f"  {quote(first)} -> {quote(second)};")
    for upper, lower in itertools.pairwise(grid):
        ends = [(upper.cells[0], lower.cells[0])]
        if lower.columns:  # a lane of the grid, not the legend: align its end and columns
            ends.append((upper.cells[-1], lower.cells[-1]))
            ends += [(upper.columns[c], lower.columns[c]) for c in sorted(lower.columns)]
        # In print a postponement's loop sticks out right of its step: keep it off the legend.
        attrs = "minlen=2, weight=10" if printed and not lower.columns else "weight=10"
        lines += [f"  {quote(a)} -> {quote(b)} [{attrs}];" for a, b in ends]
    return lines


def _sample(a: str, b: str) -> bool:
    # The visible sample edge of a legend item already joins its square and its text.
    return a.endswith(":a") and a[:-2] == b
