"""A beslutningsprotokol as PDF (fpdf2), laid out like its HTML (:mod:`.protocol_html`).

The agenda PDF's font handling (:mod:`.pdf`): DejaVu Sans, one face, text extractable through
its ToUnicode map (:func:`~casework.adapters.publish.pdf.extract_text` reads it back in tests).
Deterministic: the creation date is the meeting's start, so the same protocol gives the same
bytes. Raises :class:`~casework.domain.agenda.FontMissing` (CW805) without the font.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

from casework.adapters.publish.babel_dates import format_date, format_meeting
from casework.adapters.publish.pdf import _FAMILY, FONT, _text
from casework.adapters.publish.protocol_html import labels
from casework.domain.agenda import FontMissing, Visibility
from casework.domain.protocol import PublishedProtocol, PublishedProtocolItem


def render_protocol_pdf(
    protocol: PublishedProtocol, *, lang: str = "da", font: Path = FONT, compress: bool = True
) -> bytes:
    """The protocol version as PDF bytes (``compress=False`` leaves the text streams readable)."""
    if not font.is_file():
        raise FontMissing(path=str(font))
    lang = "en" if lang == "en" else "da"
    words = labels(lang)
    when = format_meeting(protocol.date, protocol.time, lang)
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_creation_date(dt.datetime.combine(protocol.date, protocol.time, tzinfo=dt.UTC))
    pdf.set_title(f"{words['title']} – {protocol.body_name} – {when}")
    pdf.set_author(protocol.municipality)
    pdf.add_font(_FAMILY, "", str(font))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _text(pdf, protocol.municipality, 10)
    _text(pdf, f"{words['title']} – {protocol.body_name}", 18)
    _text(pdf, f"{words['date']}: {when}", 12)
    public = protocol.visibility is Visibility.PUBLIC
    _text(pdf, words["public" if public else "full"], 9)
    if protocol.absent:
        _text(pdf, f"{words['absent']}: {'; '.join(protocol.absent)}", 10)
    if protocol.approved_on:
        day = format_date(protocol.approved_on, lang, weekday=False)
        _text(pdf, f"{words['approved']} {day}.", 9)
    if protocol.published_on:
        day = format_date(protocol.published_on, lang, weekday=False)
        _text(pdf, f"{words['published']} {day}.", 9)
    pdf.ln(4)
    for item in protocol.items:
        _text(pdf, f"{item.number}. {item.heading}", 10)
    decided_in = (
        f"{words['decision_in']} {protocol.body_name} {words['on']} "
        f"{format_date(protocol.date, lang, weekday=False)}"
    )
    for item in protocol.items:
        _item(pdf, item, words, decided_in)
    return bytes(pdf.output())


def _item(pdf: FPDF, item: PublishedProtocolItem, words: dict[str, str], decided_in: str) -> None:
    pdf.ln(4)
    _text(pdf, f"{item.number}. {item.heading}", 14)
    if item.case_number:
        _text(pdf, f"{words['case_number']}: {item.case_number}", 9)
    for note in item.notes:
        _text(pdf, note, 9)
    if item.indstilling:
        _text(pdf, words["indstilling"], 12)
        numbered = (f"{n}. {clause}" for n, clause in enumerate(item.indstilling, start=1))
        for line in (words["recommends"], *numbered):
            _text(pdf, line, 10)
    if item.files:
        _text(pdf, words["bilag"], 12)
        for file in item.files:
            _text(pdf, file.text, 10)
    if item.outcome_text:
        _text(pdf, decided_in, 12)
        _text(pdf, item.outcome_text, 10)
        if item.decision_text:
            _text(pdf, item.decision_text, 10)
        for line in item.votes:
            _text(pdf, line, 10)
        for text in item.minority:
            _text(pdf, f"{words['minority']}: {text}", 10)
        for text in item.entries:
            _text(pdf, f"{words['entry']}: {text}", 10)
