"""Join one-page PDFs from Graphviz into one document of whole sheets.

Pure bytes in, bytes out. Graphviz's PDF writer (cairo) writes one page per run, as big as the
drawing, so :mod:`diagrams.render` draws each sheet of a multi-page print in a run of its own
and :func:`join` puts them together, each page set on its sheet (A4, A3) at the margin.

Only what cairo writes is understood, and that is all it has to understand: a classic ``xref``
table, plain ``N 0 obj … endobj`` objects (no object streams), a catalog with one page. Each
document's objects are renumbered past the previous ones; only the dictionaries are touched,
never a stream's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\n")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids \[ *(\d+) 0 R *\]")
_REF = re.compile(rb"(\d+) 0 R\b")
_HEADER = re.compile(rb"^(\d+) 0 obj\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_MEDIABOX = re.compile(rb"/MediaBox \[[^\]]*\]")
_PARENT = re.compile(rb"/Parent \d+ 0 R")
_RESOURCES = re.compile(rb"/Resources (\d+) 0 R")
_CONTENTS = re.compile(rb"/Contents (\d+ 0 R)")


def _objects(pdf: bytes) -> tuple[dict[int, bytes], bytes]:
    """Every object's text (``N 0 obj`` through ``endobj``) by number, and the trailer."""
    found = _STARTXREF.search(pdf)
    if found is None:
        raise ValueError("not a PDF with a classic xref table")
    xref = int(found.group(1))
    trailer_at = pdf.index(b"trailer", xref)
    table = pdf[xref + len(b"xref") : trailer_at]
    offsets: dict[int, int] = {}
    position = 0
    while (section := _SUBSECTION.search(table, position)) is not None:
        first, count = int(section.group(1)), int(section.group(2))
        entries = table[section.end() : section.end() + 20 * count]
        for index in range(count):
            entry = entries[20 * index : 20 * index + 20]
            if entry[17:18] == b"n":
                offsets[first + index] = int(entry[:10])
        position = section.end() + 20 * count
    # An object runs to the next one (or to the table): no need to trust a stream's /Length.
    ends = sorted([*offsets.values(), xref])
    objects = {}
    for number, start in offsets.items():
        end = ends[ends.index(start) + 1]
        text = pdf[start:end]
        objects[number] = text[: text.rindex(b"endobj") + len(b"endobj")]
    return objects, pdf[trailer_at:]


def _renumber(text: bytes, shift: int) -> bytes:
    """``text`` with its object number and the references in its dictionary moved by ``shift``."""
    stream = _STREAM.search(text)
    head, tail = (text[: stream.end()], text[stream.end() :]) if stream else (text, b"")
    head = _HEADER.sub(lambda m: b"%d 0 obj" % (int(m.group(1)) + shift), head)
    head = _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), head)
    return head + tail


@dataclass(frozen=True, slots=True)
class SheetMarks:
    """What is printed on a sheet besides the drawing: a footer line, and the cuts to the
    next sheets (printed points from the drawing's left and top edge) with their labels."""

    footer: str
    cut_x: float | None = None
    right: str = ""
    cut_y: float | None = None
    below: str = ""


#: The font of the sheet marks: one of PDF's standard fonts, so nothing is embedded.
_MARK_FONT = 3
#: Its size: the smallest legible print, as the drawings' own text.
_MARK_PT = 7.0


def join(
    pages: Sequence[bytes],
    sheet: tuple[float, float],
    margin: float,
    marks: Sequence[SheetMarks | None] = (),
) -> bytes:
    """One PDF of ``pages`` (one-page PDFs from cairo), each on a ``sheet`` (points).

    Each page's drawing keeps its coordinates; its media box becomes the sheet, moved so that
    the drawing's top left corner sits ``margin`` points in from the sheet's. ``marks`` (one
    per page, or none) adds a sheet's number in its bottom margin and dashed assembly lines
    where the next sheets begin, in Helvetica (no font to embed) drawn after the drawing.
    """
    sheet_w, sheet_h = sheet
    body: list[bytes] = [
        b"%d 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>\nendobj" % _MARK_FONT
    ]
    kids: list[int] = []
    next_number = 4  # 1 is the catalog, 2 the page tree, 3 the marks' font
    for index, pdf in enumerate(pages):
        mark = marks[index] if index < len(marks) else None
        objects, trailer = _objects(pdf)
        root = _match(_ROOT, trailer)
        tree = _match(_PAGES, objects[root])
        page = _match(_KIDS, objects[tree])
        info = _INFO.search(trailer)
        skip = {root, tree} | ({int(info.group(1))} if info else set())
        shift = next_number - min(objects)
        resources = _RESOURCES.search(objects[page])
        extra = max(objects) + shift + 1  # the marks' content stream, after the page's objects
        for number in sorted(objects):
            if number in skip:
                continue
            text = _renumber(objects[number], shift)
            if number == page:
                height = _height(text)
                text = _sheet(text, sheet_w, sheet_h, margin)
                if mark is not None:
                    drawing = _CONTENTS.search(text)
                    if drawing is None:
                        raise ValueError("a page without contents")
                    wrapped = b"/Contents [ %d 0 R %s %d 0 R ]" % (
                        extra,
                        drawing.group(1),
                        extra + 1,
                    )
                    text = text[: drawing.start()] + wrapped + text[drawing.end() :]
                kids.append(number + shift)
            elif mark is not None and resources and number == int(resources.group(1)):
                text = _with_mark_font(text)
            body.append(text)
        next_number = extra
        if mark is not None:
            if resources is None:
                raise ValueError("a page without a resources object")
            # The drawing between "q" and "Q", so the marks start from the sheet's own
            # coordinates whatever transform cairo's stream leaves behind.
            for number, drawn in enumerate(
                (b"q", b"Q\n" + _mark_stream(mark, height, sheet_w, sheet_h, margin)), extra
            ):
                body.append(
                    b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj"
                    % (number, len(drawn), drawn)
                )
            next_number = extra + 2
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    head = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj",
        f"2 0 obj\n<< /Type /Pages /Kids [ {refs} ] /Count {len(kids)} >>\nendobj".encode(),
    ]
    return _write([*head, *body], next_number)


def _height(page: bytes) -> float:
    box = _MEDIABOX.search(page)
    if box is None:
        raise ValueError("a page without a media box")
    return float(box.group(0)[len(b"/MediaBox [") : -1].split()[3])


def _with_mark_font(resources: bytes) -> bytes:
    """A page's resources object with the marks' font added to its fonts."""
    entry = b"/CWmark %d 0 R" % _MARK_FONT
    if b"/Font <<" in resources:
        return resources.replace(b"/Font <<", b"/Font << " + entry, 1)
    head, _, tail = resources.partition(b"<<")
    return head + b"<< /Font << " + entry + b" >>" + tail


def _pdf_text(text: str) -> bytes:
    """``text`` as a PDF string in WinAnsi (Latin-1 covers æ, ø, å), brackets escaped."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _mark_stream(
    mark: SheetMarks, height: float, sheet_w: float, sheet_h: float, margin: float
) -> bytes:
    """The marks in the page's own coordinates, where the drawing's top left is (0, height):
    dashed lines along the cuts, each labelled with the sheet that goes on, and the footer."""
    grey = b"0.35 0.35 0.35"
    ops = [b"q", grey + b" RG", grey + b" rg", b"0.6 w", b"[4 3] 0 d"]
    label: list[tuple[float, float, str]] = []
    bottom = height + margin - sheet_h  # the sheet's bottom edge
    if mark.cut_x is not None:
        x = mark.cut_x
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x, bottom + margin / 2, x, height + margin / 2))
        # Left of the line, ending at it (Helvetica averages about half an em a letter).
        label.append(
            (x - 3 - 0.5 * _MARK_PT * len(mark.right), height + margin / 2 - 9, mark.right)
        )
    if mark.cut_y is not None:
        y = height - mark.cut_y
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (-margin / 2, y, sheet_w - margin * 1.5, y))
        label.append((0, y - 9, mark.below))
    label.append((0, bottom + margin / 2 - 3, mark.footer))
    for x, y, text in label:
        ops.append(b"BT /CWmark %g Tf %.2f %.2f Td %s Tj ET" % (_MARK_PT, x, y, _pdf_text(text)))
    ops.append(b"Q")
    return b"\n".join(ops)


def _sheet(page: bytes, sheet_w: float, sheet_h: float, margin: float) -> bytes:
    """The page object with the sheet as its media box and the joined tree as its parent."""
    box = _MEDIABOX.search(page)
    if box is None:
        raise ValueError("a page without a media box")
    height = float(box.group(0)[len(b"/MediaBox [") : -1].split()[3])
    # The drawing is at (0, 0)-(w, h); a box starting left of and below it moves it right and
    # down on the sheet, without touching the drawing itself.
    top = height + margin
    media = f"/MediaBox [ {-margin:g} {top - sheet_h:g} {sheet_w - margin:g} {top:g} ]"
    page = _MEDIABOX.sub(media.encode(), page, count=1)
    return _PARENT.sub(b"/Parent 2 0 R", page, count=1)


def _write(objects: list[bytes], size: int) -> bytes:
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for text in objects:
        number = _match(_HEADER, text)
        offsets[number] = len(out)
        out += text + b"\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _match(pattern: re.Pattern[bytes], text: bytes) -> int:
    found = pattern.search(text)
    if found is None:
        raise ValueError(f"no {pattern.pattern!r} in the PDF")
    return int(found.group(1))
