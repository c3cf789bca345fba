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


def join(pages: Sequence[bytes], sheet: tuple[float, float], margin: float) -> bytes:
    """One PDF of ``pages`` (one-page PDFs from cairo), each on a ``sheet`` (points).

    Each page's drawing keeps its coordinates; its media box becomes the sheet, moved so that
    the drawing's top left corner sits ``margin`` points in from the sheet's.
    """
    sheet_w, sheet_h = sheet
    body: list[bytes] = []
    kids: list[int] = []
    next_number = 3  # 1 is the catalog, 2 the page tree
    for pdf in pages:
        objects, trailer = _objects(pdf)
        root = _match(_ROOT, trailer)
        tree = _match(_PAGES, objects[root])
        page = _match(_KIDS, objects[tree])
        info = _INFO.search(trailer)
        skip = {root, tree} | ({int(info.group(1))} if info else set())
        shift = next_number - min(objects)
        for number in sorted(objects):
            if number in skip:
                continue
            text = _renumber(objects[number], shift)
            if number == page:
                text = _sheet(text, sheet_w, sheet_h, margin)
                kids.append(number + shift)
            body.append(text)
        next_number = max(objects) + shift + 1
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    head = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj",
        f"2 0 obj\n<< /Type /Pages /Kids [ {refs} ] /Count {len(kids)} >>\nendobj".encode(),
    ]
    return _write([*head, *body], next_number)


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
