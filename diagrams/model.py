"""The diagram model: lanes, nodes and edges, frozen, with every text already in one language.

:mod:`diagrams.extract` and :mod:`diagrams.journey` build it from domain objects; the renderers
(:mod:`diagrams.dot`, :mod:`diagrams.mermaid`) only lay it out as text. Keeping this small
intermediate form is what lets one extraction feed two output languages, and what the golden
and property tests inspect.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NodeKind(StrEnum):
    """What a node stands for; each kind has one shape in every renderer."""

    START = "start"
    TASK = "task"
    APPROVAL = "approval"
    MEETING = "meeting"
    HEARING = "hearing"
    #: Citizen involvement (borgermøde, høring of councils, internal høring): issue 20.
    INVOLVEMENT = "involvement"
    WAIT = "wait"
    TERMINAL = "terminal"
    #: A reference back to an earlier step ("↩ back to …"), so that returns stay short arrows
    #: instead of long curves across every lane.
    LINK = "link"


class NodeState(StrEnum):
    """Where a node stands in a case's journey (``PLAIN`` in a workflow diagram)."""

    PLAIN = "plain"
    DONE = "done"
    CURRENT = "current"
    OVERDUE = "overdue"
    FUTURE = "future"


class EdgeKind(StrEnum):
    """How an edge moves the case; mirrors the domain's transition kinds."""

    FORWARD = "forward"
    RETURN = "return"
    POSTPONE = "postpone"


class EdgeState(StrEnum):
    """Whether a case took an edge (journeys only)."""

    PLAIN = "plain"
    TAKEN = "taken"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class Lane:
    """A swimlane: one role of the administration, or one political body of the route."""

    id: str
    title: str
    subtitle: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """A step (or a start, end or link marker) in one lane.

    ``order`` is the node's place along the flow, used to sort the output so that the layout
    engine meets the steps in reading order. ``step`` is the workflow's template step id and
    ``target`` the step a link node points back to.
    """

    id: str
    lane: str
    kind: NodeKind
    title: str
    order: int
    details: tuple[str, ...] = ()
    state: NodeState = NodeState.PLAIN
    step: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow; parallel actions between the same two nodes share it, one label line each.

    ``actions`` are the action ids drawn by this arrow, in the order of ``labels``.
    """

    source: str
    target: str
    kind: EdgeKind
    labels: tuple[str, ...]
    actions: tuple[str, ...]
    state: EdgeState = EdgeState.PLAIN


@dataclass(frozen=True, slots=True)
class LegendItem:
    """One line of the legend: a sample node or edge and what it means."""

    text: str
    node: NodeKind | None = None
    node_state: NodeState = NodeState.PLAIN
    edge: EdgeKind | None = None
    edge_state: EdgeState = EdgeState.PLAIN


@dataclass(frozen=True, slots=True)
class Diagram:
    """A whole diagram: a title, lanes top to bottom, nodes, edges and a legend."""

    id: str
    title: str
    subtitle: tuple[str, ...]
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendItem, ...]
    lang: str = "da"

    def node(self, node_id: str) -> Node:
        """The node with ``node_id``."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)
