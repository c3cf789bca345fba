"""The print layout's arithmetic (diagrams.paper) and the joining of PDF pages (diagrams.pdf_pages).

Pure: no Graphviz. The end-to-end test renders real PDFs and checks their sheets.
"""

from __future__ import annotations

import re

import pytest

from casework.diagrams.paper import MIN_SCALE, OVERLAP, PAPERS, PT, breaks, page_attributes, plan
from casework.diagrams.pdf_pages import join

A3, A4 = PAPERS["a3"], PAPERS["a4"]


def test_a_small_drawing_is_never_enlarged() -> None:
    chosen = plan(A4, (5 * PT, 4 * PT))
    assert chosen.scale == 1.0 and chosen.pages == 1


def test_a_drawing_that_fits_at_a_readable_size_gets_one_sheet() -> None:
    chosen = plan(A3, (19 * PT, 12 * PT))
    assert chosen.pages == 1 and chosen.landscape
    assert MIN_SCALE <= chosen.scale < 1
    assert chosen.text_pt >= 7


def test_a_drawing_too_big_for_one_sheet_runs_on_at_7_pt_or_more() -> None:
    lanes = [(x * 2.4 * PT, (x * 2.4 + 2.1) * PT) for x in range(8)]
    chosen = plan(A4, (19.2 * PT, 12 * PT), keep_x=lanes)
    assert chosen.pages > 1 and chosen.text_pt >= 7
    # Page breaks across fall between lanes, never inside one.
    for left in chosen.columns[1:]:
        assert not any(low < left < high for low, high in lanes)


def test_breaks_go_where_fewest_spans_are_cut() -> None:
    assert breaks(100, 100, []) == (0.0,)
    assert breaks(250, 100, []) == (0.0, 100.0, 200.0)
    # A span across the natural break (90-110) moves the break to its start.
    assert breaks(150, 100, [(90, 110)]) == (0.0, 90.0)


def test_viewports_cover_the_drawing_and_overlap_where_sheets_meet() -> None:
    width, height = 30 * PT, 20 * PT
    chosen = plan(A4, (width, height))
    parts = chosen.viewports(width, height)
    assert len(parts) == chosen.pages > 1
    strip = OVERLAP * PT / chosen.scale  # the overlap, in the drawing's points
    for part in parts:
        marks = part.marks
        assert marks is not None and marks.sheets == chosen.pages
        (w, h), scale = part.size, chosen.scale
        # A sheet with a neighbour to the right shows up to its cut and the strip past it.
        if marks.cut_x is not None:
            assert w / scale == pytest.approx(marks.cut_x / scale + strip)
        if marks.cut_y is not None:
            assert h / scale == pytest.approx(marks.cut_y / scale + strip)
        assert w <= chosen.printable[0] + 0.01 and h <= chosen.printable[1] + 0.01
    # The parts, less the repeated strips, cover the drawing exactly once.
    covered = (
        sum(
            (p.marks.cut_x if p.marks and p.marks.cut_x is not None else p.size[0])
            * (p.marks.cut_y if p.marks and p.marks.cut_y is not None else p.size[1])
            for p in parts
        )
        / chosen.scale**2
    )
    assert covered == pytest.approx(width * height)
    assert [p.marks.sheet for p in parts if p.marks] == list(range(1, chosen.pages + 1))


def test_a_drawing_that_fits_one_sheet_has_no_overlap() -> None:
    chosen = plan(A4, (5 * PT, 4 * PT))
    (part,) = chosen.viewports(5 * PT, 4 * PT)
    assert part.marks is not None and part.marks.cut_x is None and part.marks.cut_y is None


def test_the_scale_follows_the_drawings_own_smallest_text() -> None:
    # 8 pt text may shrink to 7/8, not to 7/9: a print that fits at 0.84 takes two sheets.
    tight = plan(A3, (19.5 * PT, 10 * PT), smallest=8.0)
    assert tight.text_pt >= 7
    loose = plan(A3, (19.5 * PT, 10 * PT))
    assert loose.pages == 1 and loose.scale < tight.scale
    # Text below 7 pt at natural size is enlarged to 7 pt.
    assert plan(A4, (3 * PT, 3 * PT), smallest=6.0).text_pt == pytest.approx(7)


def test_page_attributes_fit_the_printable_area() -> None:
    attrs = page_attributes(A3, lanes=8, rows=12)
    assert attrs == {"size": "15.74,10.89", "page": "16.54,11.69", "margin": 0.4}
    assert page_attributes(A4, lanes=2, rows=20)["page"] == "8.27,11.69"  # tall: portrait


def _one_page_pdf(width: int, height: int, text: bytes) -> bytes:
    """A minimal one-page PDF as cairo writes them: plain objects, classic xref."""
    objects = [
        b"1 0 obj\n<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>\nendobj\n",
        b"2 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(text), text),
        b"3 0 obj\n<< /Type /Page /Parent 1 0 R /MediaBox [ 0 0 %d %d ] /Contents 2 0 R >>"
        b"\nendobj\n" % (width, height),
        b"4 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n",
    ]
    out = b"%PDF-1.5\n"
    offsets = []
    for obj in objects:
        offsets.append(len(out))
        out += obj
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return out


def test_join_puts_each_page_on_a_whole_sheet() -> None:
    sheet = (A4.width * PT, A4.height * PT)
    # "3 0 R" inside a stream is drawing data, not a reference: it must stay as it is.
    pages = [_one_page_pdf(500, 700, b"BT (3 0 R) Tj ET"), _one_page_pdf(400, 300, b"q Q")]
    joined = join(pages, sheet, 28.8)
    assert b"/Count 2" in joined and b"Helvetica" in joined and joined.count(b"/Type /Page ") == 2
    assert b"BT (3 0 R) Tj ET" in joined
    boxes = re.findall(rb"/MediaBox \[ ([^\]]+) \]", joined)
    for box in boxes:
        llx, lly, urx, ury = (float(v) for v in box.split())
        assert (urx - llx, ury - lly) == pytest.approx(sheet)
        assert llx == -28.8  # the drawing's left edge sits one margin in
    # Every object the xref lists is where it says.
    start = int(re.findall(rb"startxref\n(\d+)", joined)[0])
    for number, entry in enumerate(joined[start:].split(b"\n")[2:], start=0):
        if entry.endswith(b"n "):
            assert joined[int(entry[:10]) :].startswith(b"%d 0 obj" % number)
        if b"trailer" in entry:
            break
