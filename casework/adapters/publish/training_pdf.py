"""The role-play pack as PDF (fpdf2), laid out like its HTML (:mod:`.training_html`).

The agenda PDF's font handling (:mod:`.pdf`): DejaVu Sans, one face, text extractable through
its ToUnicode map (:func:`~casework.adapters.publish.pdf.extract_text` reads it back in tests).
Deterministic: the creation date is the fictive meeting's start, so the same pack gives the same
bytes. Raises :class:`~casework.domain.agenda.FontMissing` (CW805) without the font. Each part
(agenda and presentations, role cards, manuscript, quiz, answer key) starts on a new page, so
the parts can be handed out separately.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

from casework.adapters.publish.babel_dates import format_meeting
from casework.adapters.publish.pdf import _FAMILY, FONT, _text
from casework.domain.agenda import FontMissing
from casework.domain.messages import render
from casework.domain.training import RolePlay


def render_roleplay_pdf(pack: RolePlay, *, font: Path = FONT, compress: bool = True) -> bytes:
    """The pack as PDF bytes (``compress=False`` leaves the text streams readable)."""
    if not font.is_file():
        raise FontMissing(path=str(font))
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_creation_date(dt.datetime.combine(pack.date, pack.time, tzinfo=dt.UTC))
    pdf.set_title(pack.title())
    pdf.set_author(pack.municipality)
    pdf.add_font(_FAMILY, "", str(font))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _front(pdf, pack)
    _presentations(pdf, pack)
    pdf.add_page()
    _roles_and_manuscript(pdf, pack)
    pdf.add_page()
    _quiz(pdf, pack)
    return bytes(pdf.output())


def _front(pdf: FPDF, pack: RolePlay) -> None:
    lang = pack.lang
    when = format_meeting(pack.date, pack.time, lang)
    _text(pdf, render("training.pack.fictive", lang), 9)
    _text(pdf, pack.municipality, 10)
    _text(pdf, pack.title(), 18)
    _text(pdf, render("training.pack.when", lang, when=when), 12)
    intro = render("training.pack.intro", lang, municipality=pack.municipality, seed=pack.seed)
    _text(pdf, intro, 10)
    pdf.ln(3)
    _text(pdf, f"{render('training.agenda', lang)} – {pack.body_name}", 14)
    for item in pack.items:
        _text(pdf, f"{item.number}. {item.heading}", 10)


def _presentations(pdf: FPDF, pack: RolePlay) -> None:
    lang = pack.lang
    pdf.ln(3)
    _text(pdf, render("training.presentations", lang), 14)
    for item in pack.items:
        if item.case is None:
            continue
        pdf.ln(2)
        _text(pdf, f"{item.number}. {item.heading}", 12)
        if item.closed:
            _text(pdf, render("training.closed_note", lang), 9)
            continue
        for fact in item.facts:
            _text(pdf, fact, 9)
        if item.presenter:
            _text(pdf, render("training.presenter", lang, who=item.presenter), 9)
        for text in item.presentation:
            _text(pdf, text, 10)
        _text(pdf, render("training.indstilling", lang), 11)
        recommends = render("training.recommends", lang)
        for line in (recommends, *(f"• {c}" for c in item.indstilling)):
            _text(pdf, line, 10)


def _roles_and_manuscript(pdf: FPDF, pack: RolePlay) -> None:
    lang = pack.lang
    _text(pdf, render("training.roles", lang), 14)
    for role in pack.roles:
        pdf.ln(2)
        _text(pdf, role.title, 12)
        _text(pdf, role.player, 9)
        _text(pdf, role.brief, 10)
    pdf.add_page()
    _text(pdf, render("training.manuscript", lang), 14)
    titles = {r.id: r.title for r in pack.roles}
    section: str | None = None
    for line in pack.manuscript:
        if line.section != section:
            section = line.section
            pdf.ln(2)
            _text(pdf, section, 12)
        _text(pdf, f"{titles.get(line.role, line.role)}: {line.text}", 10)


def _quiz(pdf: FPDF, pack: RolePlay) -> None:
    lang = pack.lang
    _text(pdf, render("training.quiz", lang), 14)
    for question in pack.quiz:
        pdf.ln(2)
        _text(pdf, f"{question.number}. {question.question}", 11)
        for i, option in enumerate(question.options):
            _text(pdf, f"   {'ABCDEFGH'[i]}. {option}", 10)
    pdf.add_page()
    _text(pdf, render("training.answers", lang), 14)
    for question in pack.quiz:
        answer = question.options[question.answer]
        _text(pdf, f"{question.number}. {question.letter}. {answer} – {question.why}", 10)
    pdf.ln(3)
    _text(pdf, render("training.workflows", lang), 14)
    _text(pdf, render("training.workflows.intro", lang), 10)
    for workflow in pack.workflows:
        steps = render("training.workflows.steps", lang, count=workflow.steps)
        _text(pdf, f"• {workflow.title} ({steps}): {workflow.matters}", 10)


__all__ = ["render_roleplay_pdf"]
