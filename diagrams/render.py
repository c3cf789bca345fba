"""The outer edge of ``diagrams``: DOT text in, SVG, PNG or PDF bytes out, through Graphviz.

The only module that runs ``dot``. Everything else in the package is pure text, so only the
tests of this module (and the end-to-end tests) need Graphviz installed. A missing ``dot``
becomes :class:`DotMissing`, one line with the command that installs it; any other failure of
``dot`` on our own output is a bug and is left to show its traceback.

A PDF for paper (``render(..., paper=PAPERS["a4"])``) takes more than one run: ``dot`` first
measures the drawing (``json0``), :func:`diagrams.paper.plan` decides the scale and the sheets,
and each sheet is drawn through a ``viewport`` and joined by :func:`diagrams.pdf_pages.join`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from typing import Any, Literal

import diagrams.texts  # noqa: F401 - registers the message keys DotMissing renders
from casework.domain.errors import CaseworkError
from diagrams.paper import MARGIN, PT, Paper, Plan, Span, Viewport, plan
from diagrams.pdf_pages import join

Format = Literal["svg", "png", "pdf"]
FORMATS: tuple[Format, ...] = ("svg", "png", "pdf")


class DotMissing(CaseworkError):
    """Graphviz's ``dot`` is not installed (or not on ``PATH``)."""

    code = "CW501"
    key = "error.dot_missing"


def dot_available() -> bool:
    """Whether the ``dot`` program can be found."""
    return shutil.which("dot") is not None


def render(dot_source: str, fmt: Format, paper: Paper | None = None) -> bytes:
    """``dot_source`` laid out by ``dot`` and drawn as ``fmt``.

    With ``paper``, a PDF is made of whole sheets of that paper (see :func:`print_plan`); SVG
    and PNG have no pages and are drawn as the DOT says (its ``size``: one sheet).

    Raises:
        DotMissing: Graphviz is not installed.
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    if paper is not None and fmt == "pdf":
        found = _layout(dot_source)
        chosen = found.plan(paper)
        sheets = [
            _pipe(_with_viewport(dot_source, part), "pdf")
            for part in chosen.viewports(found.width, found.height)
        ]
        return join(sheets, chosen.sheet, MARGIN * PT)
    return _pipe(dot_source, fmt)


def print_plan(dot_source: str, paper: Paper) -> Plan:
    """How the drawing of ``dot_source`` goes on ``paper``: scale, orientation, sheets."""
    return _layout(dot_source).plan(paper)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A laid-out drawing: natural size, and its lanes' x and steps' y spans (points).

    Measured before any ``size`` shrinks it; y spans count from the top, as pages do.
    """

    width: float
    height: float
    lanes: list[Span]
    steps: list[Span]

    def plan(self, paper: Paper) -> Plan:
        return plan(paper, (self.width, self.height), self.lanes, self.steps)


def _layout(dot_source: str) -> _Layout:
    layout: dict[str, Any] = json.loads(_pipe(dot_source, "json0"))
    _, _, width, height = (float(v) for v in layout["bb"].split(","))
    lanes: list[Span] = []
    steps: list[Span] = []
    for item in layout.get("objects", []):
        if "bb" in item:  # a cluster: one lane
            left, _, right, _ = (float(v) for v in item["bb"].split(","))
            lanes.append((left, right))
        elif "pos" in item and item.get("style") != "invis":
            y = float(item["pos"].split(",")[1])
            half = float(item["height"]) * PT / 2
            steps.append((height - y - half, height - y + half))
    return _Layout(width, height, lanes, steps)


def _with_viewport(dot_source: str, part: Viewport) -> str:
    """``dot_source`` drawing one page's part of the drawing.

    Appended as a last ``graph`` statement, which overrides the DOT's own ``size`` and pads:
    the sheet's margin is added by :func:`~diagrams.pdf_pages.join`.
    """
    body = dot_source.rstrip().removesuffix("}")
    return f'{body}  graph [size="1000,1000", viewport="{part.dot()}", margin=0, pad=0];\n}}\n'


def _pipe(dot_source: str, fmt: str) -> bytes:
    import graphviz  # type: ignore[import-untyped]  # no stubs; imported only to render

    if not dot_available():
        raise DotMissing()
    try:
        # Graphviz's defaults are the right ones: its own SVG writer keeps text as text, so SVGs
        # stay small and searchable; cairo draws PNG with anti-aliased text and embeds the
        # font in PDF.
        data: bytes = graphviz.pipe("dot", fmt, dot_source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise DotMissing() from None
    return data
