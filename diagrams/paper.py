"""Paper sizes for the print layout (``--paper a4|a3``), and how a drawing is put on them.

Pure arithmetic. :func:`page_attributes` gives the print layout's DOT its Graphviz page
attributes (``size``, ``page``, ``margin``), so the DOT alone prints on one sheet. Graphviz's
PDF writer (cairo) ignores ``page`` though: it always writes one page, shrunk to ``size``
however small the text gets. So :mod:`diagrams.render` measures the laid-out drawing and asks
:func:`plan` how to print it: on one sheet when that keeps the smallest text at
:data:`MIN_TEXT_PT` or more, otherwise on as few sheets as keep it there, each drawn by
Graphviz through a ``viewport`` and joined by :mod:`diagrams.pdf_pages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Points per inch.
PT = 72.0
#: Page margin on every side, in inches (about 1 cm: inside what office printers can reach).
MARGIN = 0.4
#: The smallest text of a diagram (details, lane subtitles, edge labels) is set at 9 pt.
SMALLEST_PT = 9.0
#: Printed text should not shrink below this; 7 pt is the usual floor for legible print.
MIN_TEXT_PT = 7.0
#: The smallest scale a drawing is printed at.
MIN_SCALE = MIN_TEXT_PT / SMALLEST_PT
#: Where a drawing spans sheets, each sheet repeats this much of the next one (inches at print
#: size, about 1 cm): the strip to glue under the neighbouring sheet when assembling them.
OVERLAP = 0.4
#: A lane column's width and a grid row's height at natural size, in inches: averages of the
#: print layouts of the shipped workflows, used only to choose the DOT's orientation.
COLUMN_WIDTH = 2.4
ROW_HEIGHT = 0.85


@dataclass(frozen=True, slots=True)
class Paper:
    """An ISO 216 sheet, in inches, portrait."""

    name: str
    width: float
    height: float

    def turned(self, landscape: bool) -> tuple[float, float]:
        """The sheet's (width, height) in inches, portrait or landscape."""
        return (self.height, self.width) if landscape else (self.width, self.height)


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", 8.27, 11.69),
    "a3": Paper("a3", 11.69, 16.54),
}


#: A stretch of the drawing that a page break should not cut (a lane, a step), in points.
Span = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Plan:
    """How a drawing goes on paper: the sheet's orientation, the scale, where pages begin.

    ``columns`` are the left edges of the pages across and ``rows`` the top edges of the
    pages down, in the drawing's points (``rows`` counted from the top).
    """

    paper: Paper
    landscape: bool
    scale: float
    columns: tuple[float, ...]
    rows: tuple[float, ...]
    smallest: float = SMALLEST_PT

    @property
    def pages(self) -> int:
        """How many sheets."""
        return len(self.columns) * len(self.rows)

    @property
    def sheet(self) -> tuple[float, float]:
        """The sheet (width, height) in points."""
        width, height = self.paper.turned(self.landscape)
        return width * PT, height * PT

    @property
    def printable(self) -> tuple[float, float]:
        """The printable area of one sheet (width, height) in points."""
        width, height = self.sheet
        return width - 2 * MARGIN * PT, height - 2 * MARGIN * PT

    @property
    def text_pt(self) -> float:
        """The printed size of the smallest text."""
        return self.smallest * self.scale

    def viewports(self, width: float, height: float) -> list[Viewport]:
        """Each page's part of the drawing, row by row, as Graphviz ``viewport`` values.

        ``width`` and ``height`` are the drawing's natural size. A page shows its part, from
        its break to the next one, and past that break the :data:`OVERLAP` strip of its
        neighbour to the right and below, where the sheets are glued together.
        """
        page_w, page_h = (side / self.scale for side in self.printable)
        extra = OVERLAP * PT / self.scale
        cuts_x = [*self.columns[1:], None]
        cuts_y = [*self.rows[1:], None]
        parts = []
        for row, (top, cut_y) in enumerate(zip(self.rows, cuts_y, strict=True)):
            bottom = min(height, top + page_h if cut_y is None else cut_y + extra)
            for column, (left, cut_x) in enumerate(zip(self.columns, cuts_x, strict=True)):
                right = min(width, left + page_w if cut_x is None else cut_x + extra)
                # Graphviz counts y from the bottom of the drawing.
                centre = ((left + right) / 2, height - (top + bottom) / 2)
                size = ((right - left) * self.scale, (bottom - top) * self.scale)
                marks = Marks(
                    sheet=row * len(self.columns) + column + 1,
                    sheets=self.pages,
                    row=row + 1,
                    column=column + 1,
                    rows=len(self.rows),
                    columns=len(self.columns),
                    cut_x=None if cut_x is None else (cut_x - left) * self.scale,
                    cut_y=None if cut_y is None else (cut_y - top) * self.scale,
                )
                parts.append(Viewport(size, centre, self.scale, marks))
        return parts


@dataclass(frozen=True, slots=True)
class Marks:
    """What a sheet of a multi-sheet print says about its place: number, row, column, cuts.

    ``cut_x`` and ``cut_y`` are where the next sheet to the right and below begins, in printed
    points from the sheet's drawing's left and top edge (``None``: no sheet there). The strip
    past a cut is the overlap, printed on both sheets.
    """

    sheet: int
    sheets: int
    row: int
    column: int
    rows: int
    columns: int
    cut_x: float | None
    cut_y: float | None


@dataclass(frozen=True, slots=True)
class Viewport:
    """One page's part of a drawing: its printed size (points), its centre in the drawing."""

    size: tuple[float, float]
    centre: tuple[float, float]
    scale: float
    marks: Marks | None = None

    def dot(self) -> str:
        """The value of Graphviz's ``viewport`` attribute: ``W,H,Z,x,y``."""
        (width, height), (x, y) = self.size, self.centre
        return f"{width:.2f},{height:.2f},{self.scale:.4f},{x:.2f},{y:.2f}"


def breaks(length: float, page: float, keep: Sequence[Span]) -> tuple[float, ...]:
    """Where the pages along one axis begin.

    A page ends where it cuts the fewest ``keep`` spans (lanes, steps), at the latest such
    place in its second half: at a span's edge, or at its full length. Lanes never overlap,
    so a page across ends between two lanes; steps of different lanes do (the flow runs
    diagonally), so a page down ends where it cuts fewest, ideally none.
    """
    starts = [0.0]
    while starts[-1] + page < length:
        start = starts[-1]
        end = start + page
        edges = (edge for span in keep for edge in span)
        places = [end, *(edge for edge in edges if start + page / 2 <= edge < end)]

        def cuts(place: float) -> int:
            return sum(1 for low, high in keep if low < place < high)

        starts.append(min(places, key=lambda place: (cuts(place), -place)))
    return tuple(starts)


def _starts(length: float, page: float, overlap: float, keep: Sequence[Span]) -> tuple[float, ...]:
    """:func:`breaks` for sheets that repeat ``overlap`` of the next one, when one is not enough."""
    if length <= page:
        return (0.0,)
    return breaks(length, page - overlap, keep)


def plan(
    paper: Paper,
    size: tuple[float, float],
    keep_x: Sequence[Span] = (),
    keep_y: Sequence[Span] = (),
    smallest: float = SMALLEST_PT,
) -> Plan:
    """How to print a drawing of natural ``size`` (width, height in points) on ``paper``.

    ``keep_x`` are the lanes (left to right) and ``keep_y`` the steps (from the top), which page
    breaks go around; ``smallest`` is the size of the drawing's smallest text at natural size
    (measured by :mod:`diagrams.render`). For each orientation the scale is the largest (at
    most 1: text is never enlarged, unless the drawing's own smallest text is below
    :data:`MIN_TEXT_PT`) that needs no more sheets than the floor scale does (the one that
    prints the smallest text at :data:`MIN_TEXT_PT`), so one sheet whenever that keeps the text
    legible. Fewer sheets win, then the larger scale, then landscape (lanes side by side want
    the width).
    """
    width, height = size
    floor = MIN_TEXT_PT / smallest
    top = max(1.0, floor)
    best: Plan | None = None
    for landscape in (True, False):
        sheet_w, sheet_h = paper.turned(landscape)
        print_w, print_h = (sheet_w - 2 * MARGIN) * PT, (sheet_h - 2 * MARGIN) * PT

        def at(
            scale: float, print_w: float = print_w, print_h: float = print_h, turn: bool = landscape
        ) -> Plan:
            columns = _starts(width, print_w / scale, OVERLAP * PT / scale, keep_x)
            rows = _starts(height, print_h / scale, OVERLAP * PT / scale, keep_y)
            return Plan(paper, turn, scale, columns, rows, smallest)

        fewest = at(floor).pages
        # Scales from the top down in steps of 1 %: the first with no more sheets than the floor.
        steps = max(0, round((top - floor) * 100))
        candidate = next(
            (c for i in range(steps + 1) if (c := at(top - i / 100)).pages <= fewest),
            at(floor),
        )
        if best is None or (candidate.pages, -candidate.scale) < (best.pages, -best.scale):
            best = candidate
    assert best is not None  # the loop ran
    return best


def page_attributes(paper: Paper, lanes: int, rows: int) -> dict[str, str | float]:
    """The DOT attributes that print a drawing of ``lanes`` columns and ``rows`` on one sheet.

    The orientation follows an estimate of the drawing's shape (the layout is not known yet);
    ``size`` (without ``!``) shrinks the drawing to the printable area and never enlarges it;
    ``page`` tiles PostScript output by sheets; ``ratio`` stays unset, since every value of it
    stretches the drawing or its spacing.
    """
    landscape = lanes * COLUMN_WIDTH >= rows * ROW_HEIGHT
    width, height = paper.turned(landscape)
    return {
        "size": f"{width - 2 * MARGIN:.2f},{height - 2 * MARGIN:.2f}",
        "page": f"{width:.2f},{height:.2f}",
        "margin": MARGIN,
    }
