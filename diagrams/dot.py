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
  last invisible cell makes every band as wide as the diagram;
* **every lane is one size** (issue 19, item 6): the labels are measured in DejaVu Sans
  (:mod:`diagrams.metrics`) and every lane header made as high as the highest step (screen) or
  as wide as the widest (print, texts wrapped to fit), see :func:`_sizing`;
* **edges stay within their lanes**: ``dot`` cannot route an edge through a lane that is not one
  of its ends (each lane is a cluster spanning the flow), so an edge that crosses lanes, or
  skips cells within one, runs through the grid's empty cells, replacing the invisible edges it
  runs along (:func:`_routes`); where an edge within a lane has to pass a step, every lane
  gets a row of empty cells above its own (its headroom) for the edge to pass over the step.

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
import math
import re
import textwrap
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from casework.diagrams import palette
from casework.diagrams.metrics import text_width
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
#: The print layout's lanes are columns of one width: as wide as the widest step needs, at
#: most :data:`PRINT_LANE_MAX` and at least :data:`PRINT_LANE_MIN` points inside. Texts wrap to
#: fit (measured in DejaVu Sans, :mod:`diagrams.metrics`), so no step widens its lane.
PRINT_LANE_MAX = 146.0
PRINT_LANE_MIN = 112.0
#: A meeting's hexagon in print holds its text in this much of the lane's width (points).
PRINT_MEETING_TEXT = 96.0
#: A node's text margin (points across, points down): on screen and in print.
SCREEN_MARGIN = (0.12 * 72, 0.06 * 72)
PRINT_MARGIN = (0.08 * 72, 0.05 * 72)
#: What every estimate of a size adds to be safe (points): Graphviz rounds sizes up.
SLACK = 2.0
LEGEND = "legend"
#: The side of the invisible square a legend's line sample starts in (inches).
SAMPLE = 0.7
#: The weight of an edge's segment that runs along a column of the grid (see :func:`_segments`),
#: ten times the invisible column links' (``weight=10``), so a visible run stays straight.
ROUTE_WEIGHT = 100
#: Steps of one lane stand this far apart in print (inches): ``dot`` draws a loop this high.
PRINT_NODESEP = 0.18
#: How far a postponement's label turns from its loop's last leg in print (degrees, clockwise
#: negative): up, over the loop (see :func:`_loop_label`).
LOOP_LABEL_ANGLE = -15
#: How far a postponement's label stands from its loop's arrow tip on screen (tens of points),
#: at ``dot``'s default head label angle: below the loop, clear of a return marker's line.
SCREEN_LOOP_LABEL_DISTANCE = 2.5
#: A line of an edge label (points): Graphviz sets lines 1.2 font sizes apart, 9.5 pt here.
EDGE_LINE = 1.2 * 9.5


@dataclass
class Row:
    """One lane's cells left to right, and the cell that holds each column."""

    cells: list[str]
    columns: dict[int, str] = field(default_factory=dict)
    #: The lane's headroom (see :func:`_routes`): a row of invisible cells just above its
    #: cells, header to end, and the one of each column; empty where the drawing needs none.
    room: list[str] = field(default_factory=list)
    room_columns: dict[int, str] = field(default_factory=dict)


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
    sizing = _sizing(diagram, returns, printed=printed)
    headroom = _needs_headroom(diagram, lane_of, columns)
    grid: list[Row] = []
    for index, lane in enumerate(diagram.lanes):
        nodes = [n for n in diagram.nodes if n.lane == lane.id]
        row, body = _lane_cells(lane, nodes, columns, width, sizing, headroom=headroom)
        grid.append(row)
        lines += _cluster(index, lane, body, printed=printed)
    if diagram.legend:
        legend = Lane(LEGEND, tr("diagram.legend", diagram.lang))
        row, body = _legend_cells(legend, diagram.legend, printed=printed)
        grid.append(row)
        lines += _cluster(len(diagram.lanes), legend, body, printed=printed)
    lines.append("")
    scaffold = _scaffold_pairs(grid, printed=printed)
    position = {cell: at for row in grid for at, cell in enumerate(row.cells)}
    routes = _routes(diagram, grid, lane_of, columns)
    shared = _shared(diagram, routes, columns) if printed else {}
    sent_back = {e.source for e in diagram.edges if e.target in links}
    # With headroom, each lane's rank and its headroom's just above: 2 i + 1 and 2 i.
    ranks: dict[str, int] = {}
    if headroom:
        ranks = {cell: 2 * i + 1 for i, row in enumerate(grid) for cell in row.cells}
        ranks |= {cell: 2 * i for i, row in enumerate(grid) for cell in row.room}
    replaced: set[frozenset[str]] = set()
    for index, (edge, path) in enumerate(zip(diagram.edges, routes, strict=True)):
        lines += [
            f"  {statement}"
            for statement in _edge(
                edge,
                lane_of,
                links,
                printed=printed,
                path=path,
                scaffold=scaffold,
                taken=replaced,
                position=position,
                ranks=ranks,
                label_at=shared.get(index),
                sent_back=sent_back,
            )
        ]
    lines += _scaffolding(scaffold, replaced)
    lines.append("}")
    level = ranks or {cell: i for i, row in enumerate(grid) for cell in row.cells}
    joints = _joints(diagram, routes, level, printed=printed)
    joints |= _tall_cells(diagram, routes) if printed else {}
    if joints:
        lines = [_joint_line(line, joints) for line in lines]
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


def _lines(text: str, size: float, *, bold: bool, chars: int, fit: float | None) -> list[str]:
    """``text`` wrapped: at ``chars`` characters on screen, to ``fit`` points in print."""
    return _wrap(text, chars) if fit is None else _wrap_pt(text, fit, size, bold=bold)


def _wrap_pt(text: str, fit: float, size: float, *, bold: bool) -> list[str]:
    """``text`` wrapped to lines at most ``fit`` points wide (DejaVu Sans at ``size``).

    Breaks at spaces (not at no-break spaces) and after hyphens; a word wider than a line is
    hyphenated (:func:`_hyphenate`), so a lane keeps its width.
    """
    lines: list[str] = []
    current, sep = "", ""
    for match in re.finditer(r"[^ ]+?-(?=[^ ])|[^ ]+", text):
        token = match.group(0)
        candidate = current + sep + token if current else token
        if text_width(candidate, size, bold=bold) > fit:
            if current:
                # A long compound starts on this line where it has a joint that fits the rest
                # of it ("✓ Dagsordens-" rather than "✓" alone).
                room = fit - text_width(current + sep, size, bold=bold)
                head, tail = _hyphenate(token, room, size, bold=bold)
                if text_width(token, size, bold=bold) > fit and _is_joint(head):
                    lines.append(current + sep + head)
                    token = tail
                else:
                    lines.append(current)
            candidate = token
            while text_width(candidate, size, bold=bold) > fit and len(candidate) > 2:
                head, candidate = _hyphenate(candidate, fit, size, bold=bold)
                lines.append(head)
        current = candidate
        # After a hyphen inside a word ("Plan-/Byudvalget") the next piece joins without space.
        inside = text[match.end() : match.end() + 1] not in {"", " "}
        sep = "" if token.endswith("-") and inside else " "
    lines.append(current)
    return lines


def _is_joint(head: str) -> bool:
    """Whether a hyphenated head ends at a linking "s" ("Dagsordens-")."""
    return len(head) >= 5 and head.endswith("s-")


def _hyphenate(word: str, fit: float, size: float, *, bold: bool) -> tuple[str, str]:
    """``word`` cut with a hyphen where its first part fits ``fit`` points: after a Danish
    linking "s" where one is near ("Dagsordens-gennemgang", "Direktions-sekretariatet"), else
    as late as fits."""
    fits = [
        i
        for i in range(2, len(word) - 2)
        if text_width(word[:i] + "-", size, bold=bold) <= fit and word[i - 1].isalpha()
    ]
    if not fits:
        return word[:1], word[1:]
    last = fits[-1]
    # Not after a double s: "Direktions-sekretariatet" is the linking s and the next word's.
    joints = [
        i for i in fits if word[i - 1] == "s" and word[i - 2] != "s" and i >= 4 and i >= last * 0.4
    ]
    cut = joints[-1] if joints else last
    return word[:cut] + "-", word[cut:]


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
    """The later of the first two nodes found sharing a lane and a column.

    A step with actions both to and from another step of its lane comes first: the two then
    stand next to each other, so the pair of edges need not bow round a step between them.
    """
    taken: set[tuple[str, int]] = set()
    lane = {n.id: n.lane for n in diagram.nodes}
    pairs = {(e.source, e.target) for e in diagram.edges if lane[e.source] == lane[e.target]}
    mutual = {a for a, b in pairs if a != b and (b, a) in pairs}
    for node in sorted(
        diagram.nodes, key=lambda n: (column[n.id], n.id not in mutual, n.order, n.id)
    ):
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
        nodesep=0.3 if paper is None else PRINT_NODESEP,
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
        # In print the lanes are narrow columns: a little less margin leaves the text room.
        margin="0.12,0.06" if paper is None else "0.08,0.05",
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


def _header_label(lane: Lane, fit: float | None = None) -> Label:
    """A lane header's text: the title (wrapped to ``fit`` points in print), the subtitle."""
    text = _Text()
    text.add(_lines(lane.title, 10.5, bold=True, chars=18, fit=fit), 10.5, bold=True)
    if lane.subtitle:
        subtitle = _lines(lane.subtitle, 9, bold=False, chars=len(lane.subtitle), fit=fit)
        text.add(subtitle, 9, color=palette.MUTED)
    return text.label()


def _header(lane: Lane, sizing: Sizing | None = None, *, printed: bool = False) -> str:
    """A lane's header cell. With ``sizing`` it gives the lane its one size: in print a
    column's width, on screen a band's height (every lane of the drawing the same)."""
    fit = sizing.fit if sizing is not None and sizing.printed else None
    size: dict[str, str | float] = {"width": PRINT_HEADER_WIDTH if printed else HEADER_WIDTH}
    if sizing is not None and sizing.printed:
        size["width"] = round(sizing.lane / 72, 4)
        size["height"] = round(sizing.header / 72, 4)
    elif sizing is not None:
        size["height"] = round(sizing.lane / 72, 4)
    attrs = _attrs(
        label=_header_label(lane, fit).html,
        shape="box",
        style="filled",
        fillcolor=palette.LANE_HEADER,
        color=palette.LANE_HEADER,
        **size,
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
    sizing: Sizing,
    *,
    headroom: bool = False,
) -> tuple[Row, list[str]]:
    """The lane's cells left to right (header, columns, end) and its DOT statements; with
    ``headroom`` a row of invisible cells above them too, one per column (see :func:`_routes`)."""
    by_column: dict[int, list[Node]] = {}
    for node in nodes:
        by_column.setdefault(columns[node.id], []).append(node)
    row = Row([f"lane:{lane.id}"])
    body = [_header(lane, sizing, printed=sizing.printed)]
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
            label = sizing.labels[node.id].html
            outline = sizing.shapes.get(node.id)
            attrs = _node_attrs(node, group, label, sizing.printed, outline=outline)
            body.append(f"    {quote(node.id)} {attrs};")
        row.columns[col] = row.cells[first]
    row.cells.append(f"lane-end:{lane.id}")
    body.append(_placeholder(row.cells[-1], "col:end"))
    body.append(f"    {{ rank=same; {'; '.join(quote(c) for c in row.cells)}; }}")
    if headroom:
        for key, group in [("header", "col:header")] + [(str(c), f"col:{c}") for c in range(width)]:
            row.room.append(f"cell:{lane.id}:{key}^")
            body.append(_placeholder(row.room[-1], group))
        row.room_columns = {c: row.room[1 + c] for c in range(width)}
        row.room.append(f"cell:{lane.id}:end^")
        body.append(_placeholder(row.room[-1], "col:end"))
        body.append(f"    {{ rank=same; {'; '.join(quote(c) for c in row.room)}; }}")
    return row, body


# --------------------------------------------------------------------------- nodes
@dataclass(frozen=True, slots=True)
class Label:
    """A node's HTML-like label, and the size of each of its lines (points, top down)."""

    html: str
    lines: tuple[tuple[float, float], ...]

    @property
    def width(self) -> float:
        """The widest line."""
        return max((w for w, _ in self.lines), default=0.0)

    @property
    def height(self) -> float:
        """All lines."""
        return sum(h for _, h in self.lines)


class _Text:
    """A label built line by line: its HTML and its measured lines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lines: list[tuple[float, float]] = []

    def add(
        self, lines: list[str], size: float, *, bold: bool = False, color: str | None = None
    ) -> None:
        text = "<br/>".join(html(line) for line in lines)
        if bold:
            text = f"<b>{text}</b>"
        if size != 10.5 or color is not None:
            colour = f' color="{color}"' if color is not None else ""
            text = f'<font point-size="{size:g}"{colour}>{text}</font>'
        self.parts.append(text)
        # Graphviz sets a line about as high as its point size; one point more to be safe.
        self.lines += [(text_width(line, size, bold=bold), size + 1) for line in lines]

    def label(self) -> Label:
        return Label("<" + "<br/>".join(self.parts) + ">", tuple(self.lines))


def _title_size(kind: NodeKind) -> float:
    return {NodeKind.START: 9, NodeKind.TERMINAL: 9.5, NodeKind.LINK: 9.5}.get(kind, 10.5)


def _node_label(node: Node, *, printed: bool = False, fit: float | None = None) -> Label:
    """A node's label; in print (``fit``: the room for its text, in points) wrapped to fit."""
    look = palette.NODES[node.kind]
    state = palette.STATES[node.state]
    title_width, detail_width = _text_widths(printed)
    size = _title_size(node.kind)
    bold = node.kind is not NodeKind.START
    text = _Text()
    if node.kind in {NodeKind.TERMINAL, NodeKind.START} or fit is None:
        width = 11 if node.kind in {NodeKind.TERMINAL, NodeKind.START} else title_width
        lines = _wrap(node.title, width)
        lines[0] = look.icon + lines[0]  # the icon stays on the title's first line
    else:
        lines = _wrap_pt(look.icon + node.title, fit, size, bold=bold)
    # The title in the node's own size (written without a font tag, as before).
    text.parts.append("<br/>".join(html(line) for line in lines))
    if bold:
        text.parts[-1] = f"<b>{text.parts[-1]}</b>"
    text.lines += [(text_width(line, size, bold=bold), size + 1) for line in lines]
    for detail in node.details:
        color = palette.MUTED if state.font == palette.INK else state.font
        strong = detail.startswith(("⚠", "▶"))
        if detail.startswith("⚠"):
            color = palette.VERMILLION
        elif detail.startswith("▶"):
            color = palette.BLUE
        wrapped = _lines(detail, 9, bold=strong, chars=detail_width, fit=fit)
        text.add(wrapped, 9, bold=strong, color=color)
    return text.label()


@dataclass(frozen=True, slots=True)
class Sizing:
    """The one size of every lane of a drawing, and every node's label and outline."""

    printed: bool
    #: In print every lane column's width, on screen every band's height (points).
    lane: float
    #: In print, the room for a step's text (points); None on screen (texts wrap by length).
    fit: float | None
    labels: Mapping[str, Label]
    #: The outlines (width, height in points) of the steps drawn as hexagons, parallelograms
    #: and houses: fixed, with the text inside, rather than grown round the text by Graphviz.
    shapes: Mapping[str, tuple[float, float]]
    #: In print, the height of every lane header (points), so the columns' heads line up.
    header: float = 0.0


#: The shapes whose outline is computed (:func:`_shape_size`) rather than left to Graphviz,
#: which grows them round their text by up to twice its width.
_SHAPES = frozenset({"hexagon", "parallelogram", "house"})
#: The room a text keeps from a computed outline (points).
_PAD = 3.0


def _sizing(diagram: Diagram, returns: Mapping[str, tuple[str, ...]], *, printed: bool) -> Sizing:
    """Every lane one size (issue 19, item 6).

    In print a lane is a column: its width is the widest step's (texts wrapped to fit
    :data:`PRINT_LANE_MAX`), and every lane header is made that wide, so every column is. On
    screen a lane is a band: every header is made as high as the highest step. Both measure
    the texts in DejaVu Sans (:mod:`diagrams.metrics`) and add :data:`SLACK`, so Graphviz,
    which measures them itself, never finds a step larger than its lane.
    """
    mx, my = PRINT_MARGIN if printed else SCREEN_MARGIN
    fit = PRINT_LANE_MAX - 2 * mx - SLACK if printed else None
    labels: dict[str, Label] = {}
    for node in diagram.nodes:
        if node.id in returns:
            labels[node.id] = _link_label(node, returns[node.id], printed=printed, fit=fit)
            continue
        shape = palette.NODES[node.kind].dot_shape
        room = fit
        if room is not None and shape in _SHAPES:
            # A hexagon is narrower at the top and the bottom: its text keeps to the middle.
            room = PRINT_MEETING_TEXT
        elif room is not None and node.kind is NodeKind.TERMINAL:
            room *= 0.6  # a circle round its text is a third wider than the text
        elif room is not None:
            room -= _rings(node)
        labels[node.id] = _node_label(node, printed=printed, fit=room)
    outlined = {n.id: palette.NODES[n.kind].dot_shape for n in diagram.nodes}
    outlined = {k: v for k, v in outlined.items() if v in _SHAPES and k not in returns}
    natural = [
        _natural_size(n, labels[n.id], (mx, my)) for n in diagram.nodes if n.id not in outlined
    ]
    headers = [_header_label(lane, fit) for lane in diagram.lanes]
    if printed:
        widest = max([w for w, _ in natural] + [h.width + 2 * mx + 1 for h in headers], default=0.0)
        lane = min(PRINT_LANE_MAX, max(PRINT_LANE_MIN, widest + SLACK))
        # A parallelogram's slanted sides reach 3.7 % beyond the width it is given.
        across = {
            k: (lane - SLACK) / (1.037 if v == "parallelogram" else 1) for k, v in outlined.items()
        }
        shapes = {k: _shape_size(v, labels[k], across[k]) for k, v in outlined.items()}
    else:
        shapes = {k: _shape_size(v, labels[k]) for k, v in outlined.items()}
        tallest = max(
            [h for _, h in natural]
            + [h for _, h in shapes.values()]
            + [h.height + 2 * my + 1 for h in headers],
            default=0.0,
        )
        lane = tallest + SLACK
    header = max((h.height + 2 * my + 1 for h in headers), default=0.0) if printed else 0.0
    return Sizing(printed, round(lane, 1), fit, labels, shapes, round(header, 1))


def _rings(node: Node) -> float:
    """What a node's extra borders add across (points): Graphviz draws each 4 pt outside the
    last (an overdue step's double border)."""
    peripheries = palette.STATES[node.state].peripheries
    return 8.0 * (peripheries - 1) if node.kind is not NodeKind.TERMINAL else 0.0


def _natural_size(node: Node, label: Label, margin: tuple[float, float]) -> tuple[float, float]:
    """How large Graphviz makes a box, a circle or a double circle round ``label`` (points,
    an estimate on the safe side)."""
    if node.kind is NodeKind.START:
        return 36.0, 36.0
    if node.kind is NodeKind.TERMINAL:
        # As Graphviz sizes an ellipse (shapes.c, poly_init) at least 0.5 in high, made round,
        # with a second ring 4 pt outside.
        across, up = label.width + 2 * 1.44, label.height + 2 * 1.44
        if up * math.sqrt(2) < 36:
            across *= math.sqrt(1 / (1 - (up / 36) ** 2))
            up = 36.0
        else:
            across, up = across * math.sqrt(2), up * math.sqrt(2)
        side = max(across, up, 36.0) + 8 + SLACK
        return side, side
    mx, my = margin
    rings = _rings(node)
    return (
        max(54.0, label.width + 2 * mx + 1) + rings,
        max(36.0, label.height + 2 * my + 1) + rings,
    )


def _shape_size(shape: str, label: Label, width: float | None = None) -> tuple[float, float]:
    """A fixed outline for ``label``: ``width`` (or one in proportion to the text) and the
    lowest height at which every line stays inside the shape, :data:`_PAD` from its edge."""
    if width is None:
        widest = label.width
        width = {
            "hexagon": widest * 1.5 + 8,
            "parallelogram": (widest / 2 + _PAD) / 0.3,
            "house": widest + 16,
        }[shape]
    height = label.height + 2 * _PAD
    while not _fits(shape, width, height, label) and height < 10 * label.height + 100:
        height += 1
    return round(width, 1), height


def _fits(shape: str, width: float, height: float, label: Label) -> bool:
    """Whether every line of ``label``, centred in the shape, is inside it."""
    y = label.height / 2  # the top of the first line, from the centre, upwards
    for line_width, line_height in label.lines:
        for edge in (y, y - line_height):
            if line_width / 2 + _PAD > _half_width(shape, width, height, edge):
                return False
        y -= line_height
    return True


def _half_width(shape: str, width: float, height: float, y: float) -> float:
    """How far the shape reaches each side of its centre line at height ``y`` from its
    centre, for a text centred in it (Graphviz's outlines, measured from ``-Txdot``)."""
    if abs(y) > height / 2:
        return -1.0
    if shape == "hexagon":  # corners at (±w/2, 0), (±w/4, ±h/2)
        return width / 2 * (1 - abs(y) / height)
    if shape == "parallelogram":  # sides 0.825 w long, shifted 0.2125 w from bottom to top
        return 0.4125 * width - 0.2125 * width * abs(y) / height
    # A house: walls from 0.0955 h to 0.654 h above its foot, a roof above.
    if y < -0.4045 * height:
        return -1.0
    if y <= 0.154 * height:
        return width / 2
    return width / 2 * (1 - (y - 0.154 * height) / (0.346 * height))


def _text_widths(printed: bool) -> tuple[int, int]:
    """Where titles and details wrap (characters)."""
    return (PRINT_TITLE_WIDTH, PRINT_DETAIL_WIDTH) if printed else (TITLE_WIDTH, DETAIL_WIDTH)


def _link_label(
    node: Node, actions: tuple[str, ...], *, printed: bool = False, fit: float | None = None
) -> Label:
    """A return marker's label: the actions that send the case back, then where to."""
    icon = palette.NODES[NodeKind.LINK].icon
    title_width, detail_width = _text_widths(printed)
    lines = [
        line
        for action in actions
        for line in _lines(icon + action, 9.5, bold=True, chars=title_width, fit=fit)
    ]
    where = _lines(f"→ {node.title}", 9, bold=False, chars=detail_width, fit=fit)
    text = _Text()
    text.parts.append(f"<b>{'<br/>'.join(html(line) for line in lines)}</b>")
    text.lines += [(text_width(line, 9.5, bold=True), 10.5) for line in lines]
    text.add(where, 9)
    return text.label()


def _node_attrs(
    node: Node,
    group: str | None,
    label: str | None = None,
    printed: bool = False,
    *,
    outline: tuple[float, float] | None = None,
) -> str:
    """A node's DOT attributes; ``outline`` fixes its shape's size (points, see
    :func:`_shape_size`): Graphviz would grow the shape round its text by up to twice its
    width, and its text is inside it at that size."""
    look = palette.NODES[node.kind]
    state = palette.STATES[node.state]
    values: dict[str, str | float] = {
        "label": label or _node_label(node, printed=printed).html,
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
    if outline is not None:
        values.update(fixedsize="true", width=round(outline[0] / 72, 4))
        values["height"] = round(outline[1] / 72, 4)
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


def _loop_label(label: str) -> dict[str, str | float]:
    """A postponement's label in print, as the head label of its loop: ``dot`` sets it from
    the arrow's tip back up the loop's last leg, turned :data:`LOOP_LABEL_ANGLE`, so far that
    its lowest line clears the loop's top (a nodesep above the step) by 4 pt. The head's leg,
    not the tail's: up left of the loop is where the action into the step has its label."""
    lines = label.count("\n") + 1
    reach = PRINT_NODESEP * 72 + lines * EDGE_LINE / 2 + 4
    return {
        "headlabel": label,
        "labelangle": LOOP_LABEL_ANGLE,
        "labeldistance": round(reach / 10, 2),
    }


def _edge(
    edge: Edge,
    lane_of: Mapping[str, int],
    links: Iterable[str] = (),
    *,
    printed: bool = False,
    path: Sequence[str] | None = None,
    scaffold: Mapping[frozenset[str], Scaffold] | None = None,
    taken: set[frozenset[str]] | None = None,
    position: Mapping[str, int] | None = None,
    ranks: Mapping[str, int] | None = None,
    label_at: int | None = None,
    sent_back: Container[str] = (),
) -> list[str]:
    """The edge's DOT statements: one edge, or one per segment of its route (see
    :func:`_routes`). A segment that runs beside an invisible scaffolding edge takes its place,
    written the scaffolding's way (``dir`` keeps the arrow pointing on), so ``dot`` draws it
    straight instead of bending it round its invisible twin. ``label_at`` is the segment that
    carries the label, if not the one :func:`_segments` chooses (see :func:`_shared`).
    ``sent_back`` holds the steps with a return marker (see :func:`_loop_label`)."""
    look = palette.EDGES[edge.kind]
    color = palette.edge_color(edge.kind, edge.state)
    values: dict[str, str | float] = {}
    source, target = edge.source, edge.target
    flat = edge.source != edge.target and lane_of[edge.source] == lane_of[edge.target]
    # A return's actions are written in its marker, so its short arrow needs no label.
    if edge.labels and edge.target not in links:
        label = _edge_label(edge, PRINT_EDGE_WIDTH if printed else EDGE_WIDTH)
        # In print every label is an xlabel: an ordinary label between two lanes is a rank of
        # its own, and as wide as its text, which would push the lane columns apart.
        values["xlabel" if flat or printed else "label"] = label
        if printed and source == target:
            # But dot gives an xlabel no room in a loop: it draws the loop a nodesep high and
            # set "↻ Udsat" across its leg. A head label is set where it is told: above it.
            del values["xlabel"]
            values |= _loop_label(label)
        elif source == target and source in sent_back:
            # On screen dot sets a loop's label right of the loop, where the line to the
            # step's return marker runs: through "↻ Udsat". A head label stands below it.
            del values["label"]
            values |= {"headlabel": label, "labeldistance": SCREEN_LOOP_LABEL_DISTANCE}
    if look.dot_style != "solid":
        values["style"] = look.dot_style
    if color != palette.INK:
        values.update(color=color, fontcolor=color)
    if edge.state is not EdgeState.PLAIN:
        values["penwidth"] = palette.EDGE_WIDTH[edge.state]
    route = list(path) if path is not None else [source, target]
    if (len(route) == 2 and not (scaffold and frozenset(route) in scaffold)) or source == target:
        if flat and _against_chain(source, target, position, printed=printed):
            # Written the way the lane's chain runs (see the module docstring), drawn the way it
            # goes: two flat edges in opposite directions would be a cycle dot breaks as it likes.
            source, target = target, source
            values["dir"] = "back"
        attrs = f" {_attrs(**values)}" if values else ""
        return [f"{quote(source)} -> {quote(target)}{attrs};"]
    taken = taken if taken is not None else set()
    return _segments(route, values, scaffold or {}, taken, ranks or {}, label_at=label_at)


def _segments(
    route: Sequence[str],
    values: Mapping[str, str | float],
    scaffold: Mapping[frozenset[str], Scaffold],
    taken: set[frozenset[str]],
    ranks: Mapping[str, int] | None = None,
    *,
    label_at: int | None = None,
) -> list[str]:
    """One edge per segment of a route: the label on segment ``label_at`` if given, else on the
    first (by the step the action is taken at) that leaves the lane, if any does, the arrow on
    the last, each written as the scaffolding edge it replaces (recorded in ``taken``), through
    a waypoint's centre so the line runs on without a gap.

    In a drawing with headroom (see :func:`_routes`) ``ranks`` holds each cell's rank (a
    lane's cells 2 i + 1, its headroom 2 i): a label between two ranks of one lane would make
    that lane higher than the others, and a segment that runs up is written downwards (``dir``
    keeping the arrow right), as the grid's own edges are: a segment up from a lane's cells
    into its headroom would otherwise close a cycle with the grid, which ``dot`` broke by
    moving a lane onto its neighbour's rank. Without headroom ``dot`` breaks such cycles well,
    and those drawings stay as they were."""
    common = {k: v for k, v in values.items() if k not in {"label", "xlabel"}}
    label = {k: v for k, v in values.items() if k in {"label", "xlabel"}}
    rank = ranks or {}
    pairs = list(itertools.pairwise(route))
    at = next(
        (i for i, (a, b) in enumerate(pairs) if rank.get(a, 0) // 2 != rank.get(b, 0) // 2), 0
    )
    if label_at is not None:
        at = label_at
    statements = []
    for index, (a, b) in enumerate(pairs):
        segment = {**common, **(label if index == at else {})}
        first, second = a, b
        twin = scaffold.get(frozenset((a, b)))
        if twin is not None:
            taken.add(frozenset((a, b)))
            first, second = twin.first, twin.second
            segment.update(twin.attrs)
            if "weight" in twin.attrs:
                # A segment along a column holds its two cells in line more firmly than the
                # invisible column links do: where ``dot`` cannot keep a whole column straight
                # (a wide step pushes one lane's cell aside), it gives way on an invisible link,
                # not 1 pt to the side between two lanes of a visible edge.
                segment["weight"] = ROUTE_WEIGHT
        elif rank.get(a, 0) > rank.get(b, 0):
            first, second = b, a
        if index < len(route) - 2:
            segment["dir"] = "none"
        elif (first, second) != (a, b):
            segment["dir"] = "back"
        if first.startswith("cell:"):
            segment["tailclip"] = "false"
        if second.startswith("cell:"):
            segment["headclip"] = "false"
        attrs = f" {_attrs(**segment)}" if segment else ""
        statements.append(f"{quote(first)} -> {quote(second)}{attrs};")
    return statements


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
            (edge,) = _edge(sample, {sample.source: 0, sample.target: 0}, printed=printed)
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
@dataclass(frozen=True, slots=True)
class Scaffold:
    """One invisible edge of the grid: written from ``first`` to ``second``, with ``attrs``."""

    first: str
    second: str
    attrs: Mapping[str, str | float] = field(default_factory=dict)


def _against_chain(
    source: str, target: str, position: Mapping[str, int] | None, *, printed: bool
) -> bool:
    """Whether an edge within a lane runs against the lane's invisible chain: on screen the
    chain runs left to right, in print it is written backwards (see the module docstring).
    Without positions (a legend sample), as an edge forwards along the lane."""
    forwards = position is None or position[source] < position[target]
    return forwards == printed


def _scaffold_pairs(grid: list[Row], *, printed: bool = False) -> dict[frozenset[str], Scaffold]:
    """The grid's invisible edges, by the pair of cells they join (in the order written):
    each row left to right, each column (same group) top to bottom.

    In the print layout each row's chain is written backwards, so that ``rankdir=LR`` puts the
    header at the top of its column and the flow runs down.
    """
    pairs: dict[frozenset[str], Scaffold] = {}
    for row in grid:
        for a, b in itertools.chain(itertools.pairwise(row.cells), itertools.pairwise(row.room)):
            if not _sample(a, b):
                first, second = (b, a) if printed else (a, b)
                pairs[frozenset((a, b))] = Scaffold(first, second)
        if row.room:  # the headroom just above the lane's cells, column by column
            above = [(row.room[0], row.cells[0]), (row.room[-1], row.cells[-1])]
            above += [(row.room_columns[c], row.columns[c]) for c in sorted(row.columns)]
            for a, b in above:
                pairs[frozenset((a, b))] = Scaffold(a, b, {"weight": 10})
    for upper, lower in itertools.pairwise(grid):
        # A lane with headroom is entered at its headroom.
        top, top_columns = (
            (lower.room, lower.room_columns) if lower.room else (lower.cells, lower.columns)
        )
        ends = [(upper.cells[0], top[0])]
        if lower.columns:  # a lane of the grid, not the legend: align its end and columns
            ends.append((upper.cells[-1], top[-1]))
            ends += [(upper.columns[c], top_columns[c]) for c in sorted(lower.columns)]
        # In print a postponement's loop sticks out right of its step: keep it off the legend.
        attrs: dict[str, str | float] = {"weight": 10}
        if printed and not lower.columns:
            attrs = {"minlen": 2, "weight": 10}
        for a, b in ends:
            pairs[frozenset((a, b))] = Scaffold(a, b, attrs)
    return pairs


def _scaffolding(
    pairs: Mapping[frozenset[str], Scaffold], replaced: Iterable[frozenset[str]] = ()
) -> list[str]:
    """The invisible edges, but those a visible edge runs along instead."""
    lines = ["", "  edge [style=invis];"]
    skip = set(replaced)
    for pair, twin in pairs.items():
        if pair in skip:
            continue
        attrs = f" {_attrs(**twin.attrs)}" if twin.attrs else ""
        lines.append(f"  {quote(twin.first)} -> {quote(twin.second)}{attrs};")
    return lines


# --------------------------------------------------------------------------- routes
def _routes(
    diagram: Diagram,
    grid: list[Row],
    lane_of: Mapping[str, int],
    columns: Mapping[str, int],
) -> list[list[str]]:
    """Each edge's way through the grid, so that it stays inside the lanes it joins.

    Every lane spans the whole flow, so an edge that ``dot`` routes freely between two lanes
    that are not neighbours has no room inside the lanes between (their clusters are closed to
    it) and runs round their ends; an edge within a lane that skips cells bows out of the lane.
    So such an edge goes through the grid's own empty cells (invisible points):

    * within a lane, through the empty cells between its ends;
    * across lanes, through the empty cell of every lane in between, in the target's column
      (else the source's, else the nearest column between them, else the nearest beyond them,
      where all are empty): straight across the lanes, then into the target.

    An edge within a lane whose ends have a step between them cannot stay in the lane that way:
    ``dot`` routes such an edge above its rank, which is the top of the lane. So where a drawing
    has one, every lane gets a headroom (:func:`_needs_headroom`): a row of empty cells above
    its cells, inside its band, all lanes alike so they stay one size. The edge then runs up to
    the headroom cell above the middle step between its ends and down again, and every edge
    across lanes runs through the headroom of the lanes it enters or passes, as through their
    empty cells.

    Each empty cell carries one edge, or two between the same steps one each way. An edge
    with no such way keeps its two ends. The path of an edge is its node ids, ends included.
    """
    used: dict[str, frozenset[str]] = {}
    position = {
        cell: (index, at) for index, row in enumerate(grid) for at, cell in enumerate(row.cells)
    }
    headroom = any(row.room for row in grid)

    def across(a: int, b: int, col: int) -> list[str | None]:
        # The cells between lane a's and lane b's in one column, in order from a to b: with
        # headroom the ranks are each lane's headroom (2 l) and its cells (2 l + 1).
        if not headroom:
            step = 1 if b > a else -1
            return [grid[lane].columns.get(col) for lane in range(a + step, b, step)]
        first, last = 2 * a + 1, 2 * b + 1
        step = 1 if last > first else -1
        rows = [(grid[r // 2], r % 2) for r in range(first + step, last, step)]
        return [(row.columns if odd else row.room_columns).get(col) for row, odd in rows]

    def free(cell: str | None, ends: frozenset[str]) -> bool:
        # Two actions between the same two steps, one each way, may share their cells: drawn
        # side by side, rather than the second one bowing out of the lane.
        return cell is not None and cell.startswith("cell:") and used.get(cell, ends) == ends

    routes = []
    for edge in diagram.edges:
        source, target = edge.source, edge.target
        path, ends = [source, target], frozenset((source, target))
        a, b = lane_of.get(source), lane_of.get(target)
        if source != target and a is not None and b is not None:
            if a == b:
                (_, i), (_, j) = position[source], position[target]
                step = 1 if j > i else -1
                between = grid[a].cells[i + step : j : step]
                if between and all(free(c, ends) for c in between):
                    path = [source, *between, target]
                elif between and headroom:
                    low, high = sorted((columns[source], columns[target]))
                    middle = (low + high) / 2
                    over = sorted(range(low + 1, high), key=lambda c: (abs(c - middle), c))
                    room = [grid[a].room_columns[c] for c in over]
                    path = next(([source, c, target] for c in room if free(c, ends)), path)
            elif abs(a - b) > 1 or headroom:
                end, start = columns[target], columns[source]
                low, high = min(start, end), max(start, end)
                # Then any other column, the nearest first: a detour inside the lanes.
                others = [c for c in range(len(grid[a].columns)) if c not in {start, end}]
                tried = [
                    end,
                    start,
                    *sorted(others, key=lambda c: (not low < c < high, abs(c - end))),
                ]
                for col in tried:
                    cells = across(a, b, col)
                    if all(free(c, ends) for c in cells):
                        path = [source, *(c for c in cells if c is not None), target]
                        break
        used.update(dict.fromkeys(path[1:-1], ends))
        routes.append(path)
    return routes


#: How long a joint is (points, along the edge): it covers ``dot``'s 1 pt on either side.
JOINT = 3.0


def _joints(
    diagram: Diagram, routes: Sequence[Sequence[str]], level: Mapping[str, int], *, printed: bool
) -> dict[str, str]:
    """The waypoints (see :func:`_routes`) an edge would show a gap at, quoted, each with the
    DOT attributes that draw it as a short piece of that edge (a joint).

    ``dot`` ends an unclipped edge between two ranks 1 pt short of the node's centre, on the
    edge's side (dotsplines.c, beginpath/endpath: the end is moved 1 pt into the route's first
    box), so where an edge runs through a waypoint into another rank its two segments stop
    2 pt apart: wherever a long edge passes a lane, a gap about a pixel long. A joint
    is the waypoint drawn in the edge's colour, as wide as its line and :data:`JOINT` long
    along it (down a column on screen, across a row in print), so the line runs on unbroken.
    Only a solid edge that has the waypoint to itself gets one: a dash pattern has gaps of its
    own, and two actions sharing their cells are drawn side by side, not through its centre.
    """
    through: dict[str, list[Edge]] = {}
    crossing: set[str] = set()
    for edge, path in zip(diagram.edges, routes, strict=True):
        for before, cell, after in zip(path, path[1:], path[2:], strict=False):
            through.setdefault(cell, []).append(edge)
            # Passed from the rank above to the one below (or back): where both segments
            # stay on one side they start at the same point, and where one stays in the rank
            # it ends at the centre, a gap narrower than the line.
            here = level.get(cell, 0)
            if (level.get(before, 0) - here) * (level.get(after, 0) - here) < 0:
                crossing.add(cell)
    joints: dict[str, str] = {}
    for cell in sorted(crossing):
        edges = through[cell]
        if len(edges) != 1 or palette.EDGES[edges[0].kind].dot_style != "solid":
            continue
        edge = edges[0]
        colour = palette.edge_color(edge.kind, edge.state)
        # Graphviz sizes a node in whole points: the box is the line's width rounded down,
        # and its outline, drawn half outside, makes up the rest.
        line = palette.EDGE_WIDTH[edge.state]
        box = max(1, math.floor(line))
        along, across = JOINT / 72, box / 72
        width, height = (along, across) if printed else (across, along)
        joints[quote(cell)] = _attrs(
            shape="box",
            style="filled",
            color=colour,
            fillcolor=colour,
            penwidth=round(line - box, 2),
            label="",
            fixedsize="true",
            width=round(width, 4),
            height=round(height, 4),
        )[1:-1]
    return joints


#: A grid's empty cell as :func:`_placeholder` writes it.
_PLACEHOLDER = re.compile(
    r'^    ("cell:(?:[^"\\]|\\.)*") \[shape="point", style="invis", width=0\.05(.*)\];$'
)


def _joint_line(line: str, joints: Mapping[str, str]) -> str:
    """``line``, or the joint a waypoint is drawn as (see :func:`_joints`) if it declares one,
    or the tall cell it is (see :func:`_tall_cells`)."""
    found = _PLACEHOLDER.match(line)
    if found is None:
        return line
    attrs = joints.get(found.group(1))
    return line if attrs is None else f"    {found.group(1)} [{attrs}{found.group(2)}];"


def _shared(
    diagram: Diagram, routes: Sequence[Sequence[str]], columns: Mapping[str, int]
) -> dict[int, int]:
    """In print, the segment that carries the label of each action (by its index) through an
    empty cell it shares with another (two actions between the same steps, one each way, see
    :func:`_routes`): the one between the cell and the earlier step.

    Both labels then sit on one straight line, one each side of it. ``dot`` draws the two
    segments between the cell and the earlier step as one line (their tail, written as the
    print layout's chain, is the cell, and it spreads them over the cell's height), and bows
    the two to the later step round each other (their tail is the step). A label on a bow
    stood out beside the step, where in a drawing with headroom the line that passes the step
    runs (``droeftelsessag``: "Høringen er afsluttet" on "Træk sagen tilbage")."""
    at: dict[int, int] = {}
    for pair in _labelled_pairs(diagram, routes).values():
        for index in pair:
            edge, path = diagram.edges[index], routes[index]
            earlier = columns[edge.source] <= columns[edge.target]
            at[index] = 0 if earlier else len(path) - 2
    return at


def _labelled_pairs(
    diagram: Diagram, routes: Sequence[Sequence[str]]
) -> dict[str, tuple[int, int]]:
    """The empty cells that two labelled actions share, each with the two (by index)."""
    through: dict[str, list[int]] = {}
    for index, path in enumerate(routes):
        for cell in path[1:-1]:
            through.setdefault(cell, []).append(index)
    return {
        cell: (edges[0], edges[1])
        for cell, edges in sorted(through.items())
        if len(edges) == 2 and all(diagram.edges[i].labels for i in edges)
    }


def _tall_cells(diagram: Diagram, routes: Sequence[Sequence[str]]) -> dict[str, str]:
    """In print, each empty cell two labelled actions share (see :func:`_shared`), quoted,
    with the DOT attributes that make it as long, down the flow, as the taller label is high:
    the labels sit beside the line from the earlier step to the cell's centre, so that line is
    long enough for them, and they stay clear of the bows to the later step."""
    cells: dict[str, str] = {}
    for cell, pair in _labelled_pairs(diagram, routes).items():
        lines = [len(_edge_label(diagram.edges[i], PRINT_EDGE_WIDTH).split("\n")) for i in pair]
        height = max(lines) * EDGE_LINE + SLACK
        attrs = _attrs(
            shape="box", style="invis", label="", fixedsize="true", width=0.05,
            height=round(height / 72, 4),
        )  # fmt: skip
        cells[quote(cell)] = attrs[1:-1]
    return cells


def _needs_headroom(
    diagram: Diagram, lane_of: Mapping[str, int], columns: Mapping[str, int]
) -> bool:
    """Whether an action within a lane has to pass a step of its lane (see :func:`_routes`):
    in a discussion case the draft has three neighbours in the case officer's lane, so one of
    its actions ("Træk sagen tilbage") passes the involvement step."""
    taken: dict[int, set[int]] = {}
    for node in diagram.nodes:
        taken.setdefault(lane_of[node.id], set()).add(columns[node.id])
    for edge in diagram.edges:
        lane = lane_of.get(edge.source)
        if edge.source == edge.target or lane is None or lane != lane_of.get(edge.target):
            continue
        low, high = sorted((columns[edge.source], columns[edge.target]))
        if any(low < col < high for col in taken[lane]):
            return True
    return False


def _sample(a: str, b: str) -> bool:
    # The visible sample edge of a legend item already joins its square and its text.
    return a.endswith(":a") and a[:-2] == b
