"""The kinds of route a workflow is drawn for: fagudvalg → ØU → KB, a committee alone, and so on.

A workflow's meeting steps only take shape along a route of bodies, so a workflow diagram is
always drawn for one. These are the typical chains of domain primer section 2, built from the
municipality's own bodies (its first standing committee, its finance committee, its council) and
kept only where the workflow's route policy accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.diagrams.texts import tr
from casework.domain.errors import InvalidRoute
from casework.domain.organisation import BodyKind, Municipality
from casework.domain.routes import build_route
from casework.domain.workflow import Route, RouteRole, WorkflowDefinition

_R, _D, _I = RouteRole.RECOMMENDS, RouteRole.DECIDES, RouteRole.INFORMED
_T = RouteRole.DISCUSSES

#: Candidate shapes, most telling first: (id, [(kind of body, its part)]).
_CANDIDATES: tuple[tuple[str, tuple[tuple[BodyKind, RouteRole], ...]], ...] = (
    ("chain", ((BodyKind.STANDING, _R), (BodyKind.FINANCE, _R), (BodyKind.COUNCIL, _D))),
    (
        "chain_informed",
        (
            (BodyKind.STANDING, _R),
            (BodyKind.FINANCE, _R),
            (BodyKind.COUNCIL, _D),
            (BodyKind.TASK, _I),
        ),
    ),
    ("alone", ((BodyKind.STANDING, _D),)),
    ("informed", ((BodyKind.STANDING, _I),)),
    ("discussed", ((BodyKind.STANDING, _T),)),
    ("none", ()),
)
#: The main teaching case's shape: a standing committee and the finance committee recommend,
#: the council decides (the decision case through committee → ØU → KB).
MAIN_SHAPE = _CANDIDATES[0][1]


@dataclass(frozen=True, slots=True)
class RouteKind:
    """A named example route of one workflow."""

    id: str
    title: str
    route: Route


def route_kinds(
    definition: WorkflowDefinition, municipality: Municipality, lang: str = "da"
) -> tuple[RouteKind, ...]:
    """Every candidate route the workflow accepts, best first (possibly none)."""
    first: dict[BodyKind, str] = {}
    for body in municipality.bodies.values():
        first.setdefault(body.kind, body.id)
    kinds: list[RouteKind] = []
    for kind_id, shape in _CANDIDATES:
        if any(body_kind not in first for body_kind, _ in shape):
            continue
        pairs = [(first[body_kind], role.value) for body_kind, role in shape]
        try:
            route = build_route(pairs, definition, municipality)
        except InvalidRoute:
            continue
        kinds.append(RouteKind(kind_id, tr(f"diagram.kind.{kind_id}", lang), route))
    return tuple(kinds)


def typical_route(definition: WorkflowDefinition, municipality: Municipality) -> Route:
    """The route that shows the most of the workflow: every step and action it can.

    Ties go to the earlier, more typical candidate; with no valid candidate, the empty route.
    """
    best: Route = ()
    best_score = (-1, -1)
    for kind in route_kinds(definition, municipality):
        graph = definition.expand(kind.route)
        steps = {node.step.id for node in graph.steps.values()}
        actions = {
            (edge.transition.source, edge.action)
            for edges in graph.outgoing.values()
            for edge in edges.values()
        }
        score = (len(steps), len(actions))
        if score > best_score:
            best, best_score = kind.route, score
    return best
