"""One look for every diagram: font, colours, shapes and line styles, for DOT and Mermaid alike.

Colours come from the Okabe–Ito palette, which stays distinguishable with every common form of
colour blindness, and no meaning rests on colour alone: each node kind has its own shape, each
edge kind its own line (returns dashed, postponements dotted) and icon, and each journey state a
border (thick, double, dashed) and a text marker. Fills are light tints so black text keeps a
contrast above 7:1 on screen and in greyscale print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casework.diagrams.model import EdgeKind, EdgeState, NodeKind, NodeState

#: Installed by scripts/setup.sh (fonts-dejavu-core); it has Æ, Ø, Å and every icon used here.
FONT = "DejaVu Sans"

# Okabe–Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
GREEN = "#009E73"
PURPLE = "#CC79A7"

INK = "#1F2328"
MUTED = "#57606A"
GREY = "#8C959F"
WHITE = "#FFFFFF"
#: Two tints, so that the white gaps between lanes (where labels go) never read as a lane.
LANE_FILLS = ("#F3F5F8", "#EAEEF3")
LANE_BORDER = "#C5CBD3"
LANE_HEADER = "#DCE2E9"


@dataclass(frozen=True, slots=True)
class NodeLook:
    """How one node kind is drawn."""

    dot_shape: str
    dot_style: str
    fill: str
    icon: str = ""
    #: Mermaid's bracket pair for the shape, e.g. ``("(", ")")`` for a rounded box.
    mermaid: tuple[str, str] = ("[", "]")


NODES: dict[NodeKind, NodeLook] = {
    NodeKind.START: NodeLook("circle", "filled", WHITE, "", ("((", "))")),
    NodeKind.TASK: NodeLook("box", "rounded,filled", "#E3EEF9", "", ("(", ")")),
    NodeKind.APPROVAL: NodeLook("box", "filled", "#E1F3EC", "✓ ", ("[", "]")),
    NodeKind.MEETING: NodeLook("hexagon", "filled", "#FDEFD6", "", ("{{", "}}")),
    NodeKind.HEARING: NodeLook("parallelogram", "filled", "#F6E4EF", "", ("[/", "/]")),
    NodeKind.INVOLVEMENT: NodeLook("house", "filled", "#E9E4F6", "", ("[\\", "/]")),
    NodeKind.WAIT: NodeLook("box", "rounded,filled,dashed", "#EEF0F2", "", ("(", ")")),
    NodeKind.TERMINAL: NodeLook("doublecircle", "filled", "#E4E8ED", "", ("((", "))")),
    NodeKind.LINK: NodeLook("box", "rounded,filled,dashed", WHITE, "↩ ", (">", "]")),
}


@dataclass(frozen=True, slots=True)
class StateLook:
    """How a journey state changes a node: border, fill and text colour."""

    fill: str | None
    border: str
    penwidth: float
    extra_style: str = ""
    peripheries: int = 1
    font: str = INK


STATES: dict[NodeState, StateLook] = {
    NodeState.PLAIN: StateLook(None, INK, 1.2),
    NodeState.DONE: StateLook("#D4EDE3", GREEN, 1.6),
    NodeState.CURRENT: StateLook("#FFF3B8", BLUE, 4.0),
    NodeState.OVERDUE: StateLook("#FBE0D0", VERMILLION, 4.0, peripheries=2),
    NodeState.FUTURE: StateLook(WHITE, GREY, 1.2, "dashed", font=MUTED),
}


@dataclass(frozen=True, slots=True)
class EdgeLook:
    """How one edge kind is drawn."""

    dot_style: str
    color: str
    icon: str
    #: Mermaid's arrow and, where its own arrows cannot say it, an SVG dash pattern.
    mermaid_arrow: str
    dasharray: str | None = None


EDGES: dict[EdgeKind, EdgeLook] = {
    EdgeKind.FORWARD: EdgeLook("solid", INK, "", "-->"),
    EdgeKind.RETURN: EdgeLook("dashed", VERMILLION, "↩ ", "-.->", "8 4"),
    EdgeKind.POSTPONE: EdgeLook("dotted", BLUE, "↻ ", "-.->", "2 4"),
}

#: Line width per journey state of an edge; planned edges are also drawn grey.
EDGE_WIDTH = {EdgeState.PLAIN: 1.3, EdgeState.TAKEN: 2.6, EdgeState.PLANNED: 1.1}


def edge_color(kind: EdgeKind, state: EdgeState) -> str:
    """The colour of an edge: its kind's, except grey while it is only planned."""
    return GREY if state is EdgeState.PLANNED else EDGES[kind].color


def node_fill(kind: NodeKind, state: NodeState) -> str:
    """The fill of a node: its state's in a journey, else its kind's."""
    return STATES[state].fill or NODES[kind].fill


def node_border(kind: NodeKind, state: NodeState) -> str:
    """The border colour: a link marker keeps the return colour unless a state overrides it."""
    if kind is NodeKind.LINK and state in {NodeState.PLAIN, NodeState.DONE}:
        return VERMILLION
    return STATES[state].border


# --------------------------------------------------------------------------- mined route maps
#: A move the designed workflow does not allow: red, and always dashed and marked ✗ as well.
DEVIATION = "#C0162B"

#: Median wait in days → (node fill, line colour), shortest first; the last has no upper bound.
#: Fills are the light half of ColorBrewer's YlOrBr (sequential, readable in greyscale and with
#: every common colour-vision deficiency, since lightness carries the order); black text keeps
#: a contrast above 7:1 on every fill. Lines go from grey to dark brown for the same reason.
WAIT_LIMITS: tuple[float, ...] = (2, 5, 10)
WAIT_FILLS = ("#FFFBE0", "#FEE391", "#FEC44F", "#FB9A29")
WAIT_LINES = ("#8C959F", "#D99A00", "#CC4C02", "#7A2E04")
#: A step no case has left yet (no wait measured).
NO_WAIT = ("#FFFFFF", "#8C959F")


def wait_look(median: float | None) -> tuple[str, str]:
    """(fill, line colour) for a median wait in days; None when nothing was measured."""
    if median is None:
        return NO_WAIT
    for index, limit in enumerate(WAIT_LIMITS):
        if median <= limit:
            return WAIT_FILLS[index], WAIT_LINES[index]
    return WAIT_FILLS[-1], WAIT_LINES[-1]


def wait_scale(text: Callable[..., str], lang: str) -> list[tuple[str, str, str]]:
    """The legend of the wait scale: (text, fill, line) per step, texts through ``text``.

    ``text(key, lo=…, hi=…)`` renders ``diagram.mined.scale.0``/``.n``/``.last``.
    """
    del lang  # the numbers are small whole days: the same in Danish and English
    rows = []
    limits = [f"{limit:g}" for limit in WAIT_LIMITS]
    for index, (fill, line) in enumerate(zip(WAIT_FILLS, WAIT_LINES, strict=True)):
        if index == 0:
            label = text("diagram.mined.scale.0", hi=limits[0])
        elif index < len(limits):
            label = text("diagram.mined.scale.n", lo=limits[index - 1], hi=limits[index])
        else:
            label = text("diagram.mined.scale.last", lo=limits[-1])
        rows.append((label, fill, line))
    return rows
