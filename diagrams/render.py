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
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import casework.diagrams.texts  # noqa: F401 - registers the message keys DotMissing renders
from casework.diagrams.paper import (
    MARGIN,
    PT,
    SMALLEST_PT,
    Marks,
    Paper,
    Plan,
    Span,
    Viewport,
    plan,
)
from casework.diagrams.pdf_pages import SheetMarks, join
from casework.diagrams.texts import tr
from casework.domain.errors import CaseworkError

Format = Literal["svg", "png", "pdf"]
FORMATS: tuple[Format, ...] = ("svg", "png", "pdf")


class DotMissing(CaseworkError):
    """Graphviz's ``dot`` is not installed (or not on ``PATH``)."""

    code = "CW501"
    key = "error.dot_missing"


def dot_available() -> bool:
    """Whether the ``dot`` program can be found."""
    return shutil.which("dot") is not None


def render(dot_source: str, fmt: Format, paper: Paper | None = None, lang: str = "da") -> bytes:
    """``dot_source`` laid out by ``dot`` and drawn as ``fmt``.

    With ``paper``, a PDF is made of whole sheets of that paper (see :func:`print_plan`),
    numbered and marked for assembly in ``lang`` when there are more than one; SVG
    and PNG have no pages and show the whole drawing at the scale its sheets print at, so its
    text is as legible as on paper.

    Raises:
        DotMissing: Graphviz is not installed.
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    if paper is not None and fmt == "pdf":
        found = _layout(dot_source)
        chosen = found.plan(paper)
        parts = chosen.viewports(found.width, found.height)
        sheets = [_pipe(_with_viewport(dot_source, part), "pdf") for part in parts]
        marks = [sheet_marks(part.marks, lang) for part in parts] if chosen.pages > 1 else []
        return join(sheets, chosen.sheet, MARGIN * PT, marks)
    if paper is not None:
        # No pages in SVG and PNG: the whole drawing at the scale its sheets print at, never
        # shrunk to one sheet below a legible size.
        found = _layout(dot_source)
        scale = found.plan(paper).scale
        data = _pipe(_with_size(dot_source, found.width * scale, found.height * scale), fmt)
        return with_font_fallbacks(data) if fmt == "svg" else data
    data = _pipe(dot_source, fmt)
    return with_font_fallbacks(data) if fmt == "svg" else data


#: What an SVG viewer falls back to where the diagrams' font is missing (DejaVu Sans comes with
#: Linux, not with Windows or macOS): metric-alike sans-serifs first, then the generic family.
FONT_FALLBACKS = ("Arial", "Helvetica", "sans-serif")

_FONT_FAMILY = re.compile(rb'font-family="([^",]+)"')


def with_font_fallbacks(svg: bytes) -> bytes:
    """``svg`` with every single ``font-family`` given its fallbacks (PNG and PDF embed the
    font; an SVG names it, and a municipal Windows PC without it would pick a serif)."""
    stack = ", ".join(FONT_FALLBACKS).encode()
    return _FONT_FAMILY.sub(lambda m: b'font-family="%s, %s"' % (m.group(1), stack), svg)


def sheet_marks(marks: Marks | None, lang: str) -> SheetMarks | None:
    """The words on one sheet of a multi-sheet print: its number and place, and the cuts."""
    if marks is None:
        return None
    footer = tr(
        "diagram.sheet.footer",
        lang,
        sheet=marks.sheet,
        sheets=marks.sheets,
        row=marks.row,
        rows=marks.rows,
        column=marks.column,
        columns=marks.columns,
    )
    right = tr("diagram.sheet.right", lang, sheet=marks.sheet + 1)
    below = tr("diagram.sheet.below", lang, sheet=marks.sheet + marks.columns)
    return SheetMarks(footer, marks.cut_x, right, marks.cut_y, below)


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
    smallest: float

    def plan(self, paper: Paper) -> Plan:
        return plan(paper, (self.width, self.height), self.lanes, self.steps, self.smallest)


def _font_sizes(item: Any) -> Iterator[float]:
    """Every font size the drawing operations (xdot ``F``) of a laid-out graph use."""
    if isinstance(item, dict):
        for key, value in item.items():
            if key.startswith("_") and key.endswith("draw_") and isinstance(value, list):
                yield from (op["size"] for op in value if op.get("op") == "F")
            elif isinstance(value, dict | list):
                yield from _font_sizes(value)
    elif isinstance(item, list):
        for value in item:
            yield from _font_sizes(value)


def _layout(dot_source: str) -> _Layout:
    # "json" is "json0" with the drawing operations, which name every text's font size.
    layout: dict[str, Any] = json.loads(_pipe(dot_source, "json"))
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
    smallest = min(_font_sizes(layout), default=SMALLEST_PT)
    return _Layout(width, height, lanes, steps, smallest)


def _with_viewport(dot_source: str, part: Viewport) -> str:
    """``dot_source`` drawing one page's part of the drawing.

    Appended as a last ``graph`` statement, which overrides the DOT's own ``size`` and pads:
    the sheet's margin is added by :func:`~diagrams.pdf_pages.join`.
    """
    body = dot_source.rstrip().removesuffix("}")
    return f'{body}  graph [size="1000,1000", viewport="{part.dot()}", margin=0, pad=0];\n}}\n'


def _with_size(dot_source: str, width: float, height: float) -> str:
    """``dot_source`` drawn ``width`` by ``height`` points at most (its own ``size`` overridden)."""
    body = dot_source.rstrip().removesuffix("}")
    return f'{body}  graph [size="{width / PT:.2f},{height / PT:.2f}"];\n}}\n'


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
