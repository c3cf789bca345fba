"""Case-route diagrams ("Vi tegner sagsgangen"): pure functions from domain objects to text.

The pipeline is extract → model → text:

* :func:`workflow_diagram` (a workflow along a route of bodies) and :func:`journey_diagram`
  (one case's route so far and ahead) build a frozen :class:`~diagrams.model.Diagram`;
* :func:`to_dot` and :func:`to_mermaid` write it as Graphviz DOT or Mermaid ``flowchart`` text,
  byte for byte the same for the same input;
* only :mod:`diagrams.render` runs Graphviz, to turn DOT into SVG, PNG or PDF.

The package reads the domain only (an import-linter contract): no store, no YAML, no Prefect.
"""

from __future__ import annotations

from casework.diagrams.dot import to_dot
from casework.diagrams.extract import workflow_diagram
from casework.diagrams.journey import journey_diagram
from casework.diagrams.mermaid import to_mermaid
from casework.diagrams.model import Diagram
from casework.diagrams.route_kinds import route_kinds, typical_route

__all__ = [
    "Diagram",
    "journey_diagram",
    "route_kinds",
    "to_dot",
    "to_mermaid",
    "typical_route",
    "workflow_diagram",
]
