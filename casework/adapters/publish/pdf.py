"""An agenda version as PDF (fpdf2) with the DejaVu Sans TrueType font for Danish letters.

One font face only: every face is embedded as its own subset, and one keeps the files small and
their text extractable through a single ToUnicode map. Headings differ by size. Deterministic:
the creation date is fixed to the meeting day, so the same agenda gives the same bytes.

Raises :class:`~casework.domain.agenda.FontMissing` (CW805) when the font is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fpdf import FPDF

from casework.domain.agenda import LATE_TEXT, FontMissing, PublishedAgenda, PublishedItem
from casework.fonts import font_file

#: DejaVu Sans as fontconfig finds it (:mod:`casework.fonts`); missing: CW805 names it.
FONT = font_file()
_FAMILY = "DejaVu"


def render_pdf(agenda: PublishedAgenda, *, font: Path = FONT, compress: bool = True) -> bytes:
    """The agenda version as PDF bytes (``compress=False`` leaves the text streams readable)."""
    if not font.is_file():
        raise FontMissing(path=str(font))
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_creation_date(dt.datetime.combine(agenda.date, agenda.time, tzinfo=dt.UTC))
    pdf.set_title(agenda.title)
    pdf.set_author(agenda.municipality)
    pdf.add_font(_FAMILY, "", str(font))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _text(pdf, agenda.municipality, 10)
    _text(pdf, f"Dagsorden – {agenda.body_name}", 18)
    _text(pdf, agenda.when, 12)
    if agenda.sent_on is not None:
        _text(pdf, f"Udsendt {agenda.sent_on.isoformat()}.", 10)
    if agenda.notice:
        _text(pdf, agenda.notice, 12)
    if agenda.warnings:
        _text(pdf, "Advarsler til sekretariatet", 12)
        for warning in agenda.warnings:
            _text(pdf, f"• {warning}", 10)
    pdf.ln(4)
    for item in agenda.items:
        _text(pdf, f"{item.number}. {item.heading}", 10)
    for item in agenda.items:
        _item(pdf, item)
    return bytes(pdf.output())


def _item(pdf: FPDF, item: PublishedItem) -> None:
    pdf.ln(4)
    _text(pdf, f"{item.number}. {item.heading}", 14)
    if item.late:
        _text(pdf, LATE_TEXT, 10)
    for note in item.notes:
        _text(pdf, note, 10)
    if item.case_number:
        kle = f" · KLE: {item.kle}" if item.kle else ""
        _text(pdf, f"Sagsnr.: {item.case_number}{kle}", 9)
    for heading, body in (
        ("Resumé", item.resume),
        ("Sagsfremstilling", item.sagsfremstilling),
        ("Økonomi", item.oekonomi),
    ):
        if body:
            _text(pdf, heading, 12)
            _text(pdf, body, 10)
    for heading, lines in (
        (
            "Indstilling",
            ("Forvaltningen indstiller,", *_numbered(item.indstilling)) if item.indstilling else (),
        ),
        ("Tidligere beslutninger", item.decisions),
        ("Bilag", (*(f.text for f in item.files), *item.bilag)),
        ("Drøftelsens forløb", item.facilitation),
    ):
        if lines:
            _text(pdf, heading, 12)
            for line in lines:
                _text(pdf, line, 10)


def _numbered(clauses: tuple[str, ...] | list[str]) -> list[str]:
    """The at-clauses numbered as the agenda numbers them: "1. at …"."""
    return [f"{n}. {clause}" for n, clause in enumerate(clauses, start=1)]


def _text(pdf: FPDF, text: str, size: int) -> None:
    """``text`` left-aligned across the page, broken at spaces (a word longer than a line at
    its letters). The lines are broken here and each written as one cell: fpdf2's own
    ``multi_cell`` measures the line again for every letter it adds, which made a page of
    presentation text per item cost seconds on a 40-item agenda (``bench/presentation.py``)."""
    pdf.set_font(_FAMILY, size=size)
    height = size * 0.55
    for line in _wrap(pdf, text, pdf.epw - 2 * pdf.c_margin):
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """The lines ``text`` takes in the current font at ``width`` (its own line breaks kept)."""
    measured: dict[str, float] = {}

    def measure(word: str) -> float:
        if word not in measured:
            measured[word] = pdf.get_string_width(word)
        return measured[word]

    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for given in paragraph.split(" "):
            word, size = given, measure(given)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            while size > width and len(word) > 1:  # longer than a line: broken at its letters
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            used += (space if line else 0.0) + size
            line.append(word)
        lines.append(" ".join(line))
    return lines


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def extract_text(data: bytes) -> str:
    """The text of a PDF that :func:`render_pdf` wrote with ``compress=False``, one line per
    text operation.

    For checks, not a general PDF reader: it relies on the single embedded font, whose
    ToUnicode map turns the two-byte glyph ids of each ``(…) Tj`` string back into text. Used
    to prove that no closed-item content reaches a public PDF.
    """
    cmap = {
        int(gid, 16): chr(int(code, 16))
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S)
        for gid, code in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
    }
    lines = []
    # One line per text object; a justified or kerned line is a TJ array of several strings.
    for block in re.findall(rb"\bBT\b(.*?)\bET\b", data, re.S):
        text = []
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\)", block, re.S):
            glyphs = _unescape(raw)
            ids = (int.from_bytes(glyphs[i : i + 2], "big") for i in range(0, len(glyphs) - 1, 2))
            text.append("".join(cmap.get(gid, "\ufffd") for gid in ids))
        if text:
            lines.append("".join(text))
    return "\n".join(lines)


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        char = raw[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(following, following)
            i += 2
    return bytes(out)
