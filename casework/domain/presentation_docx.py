"""The presentation as a Word document and back (issue 14, item 5): the text model.

A DOCX adapter turns a :class:`WordDocument` into a file (from the municipality's template) and
reads a file back into :class:`Paragraph` values; everything that decides what the document
says, and which section an edited document's text belongs to, lives here, without I/O.

The document: the case's number and title as its title, then one heading per section of the
template (its Danish or English title), each followed by the section's lines as paragraphs;
the indstilling's at-clauses as a numbered list, one clause a paragraph. Reading an edited
document back, a heading that names a section (by its Danish or English title or its id, in
any case) starts that section; the paragraphs up to the next such heading are its text, one
line each. Text before the first section heading (the title, a letterhead) is not part of any
section. A heading of level 1 or 2 after the first section that names no section is refused
(it would otherwise be read as text of the section above); deeper headings are text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from casework.domain.errors import CaseworkError
from casework.domain.messages import register
from casework.domain.presentation import PresentationConfig, SectionSpec, normalise

#: The document property that names the case the document was exported from.
CASE_PROPERTY_PREFIX = "casework:"


class Kind(StrEnum):
    """What a paragraph of the document is."""

    TITLE = "title"
    HEADING = "heading"
    TEXT = "text"
    CLAUSE = "clause"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: a heading (``level`` 0 for a title, 1, 2, …), plain text, or an item of
    a numbered list (an at-clause)."""

    kind: Kind
    text: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class WordDocument:
    """What an exported document says, in order."""

    case_id: str
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def identifier(self) -> str:
        """The value of the document's identifier property: which case it is."""
        return f"{CASE_PROPERTY_PREFIX}{self.case_id}"


def document_of(
    case_id: str,
    title: str,
    config: PresentationConfig,
    texts: Mapping[str, str],
    lang: str = "da",
) -> WordDocument:
    """The document of a case's presentation: every section of the template under its heading
    (an empty section as its heading alone), the at-clauses as numbered paragraphs."""
    paragraphs: list[Paragraph] = [Paragraph(Kind.TITLE, f"{case_id}: {title}")]
    for spec in config.sections:
        paragraphs.append(Paragraph(Kind.HEADING, spec.label(lang), 1))
        text = texts.get(spec.id, "")
        if not text:
            continue
        kind = Kind.CLAUSE if spec.clauses else Kind.TEXT
        paragraphs.extend(Paragraph(kind, line) for line in text.split("\n"))
    return WordDocument(case_id, title, tuple(paragraphs))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(":")


def _section_names(config: PresentationConfig) -> dict[str, SectionSpec]:
    names: dict[str, SectionSpec] = {}
    for spec in config.sections:
        for name in (spec.title, spec.title_en, spec.id):
            if name:
                names.setdefault(_key(name), spec)
    return names


def sections_from(paragraphs: Sequence[Paragraph], config: PresentationConfig) -> dict[str, str]:
    """The section texts of an edited document, normalised as a save normalises them, for the
    sections whose heading it has (a section without its heading is not in the result).

    Raises:
        DocxNoSections: no heading names a section of the template.
        DocxUnknownHeading: a level 1-2 heading after the first section names none.
        DocxDuplicateSection: two headings name the same section.
    """
    names = _section_names(config)
    lines: dict[str, list[str]] = {}
    current: SectionSpec | None = None
    for para in paragraphs:
        heading = para.kind in (Kind.HEADING, Kind.TITLE)
        spec = names.get(_key(para.text)) if heading else None
        if spec is not None:
            if spec.id in lines:
                raise DocxDuplicateSection(heading=para.text.strip(), section=spec.id)
            current = spec
            lines[spec.id] = []
            continue
        if current is None:
            continue  # the title, a letterhead: before the first section
        if heading and para.level <= 2:
            known = [s.title for s in config.sections]
            close = difflib.get_close_matches(para.text.strip(), known, n=1, cutoff=0.6)
            raise DocxUnknownHeading(
                heading=para.text.strip(), known=", ".join(known),
                suggestion=close[0] if close else None,
            )  # fmt: skip
        lines[current.id].append(para.text)
    if not lines:
        raise DocxNoSections(known=", ".join(s.title for s in config.sections))
    return {sid: normalise(config.section(sid), "\n".join(found)) for sid, found in lines.items()}


def without_tail(paragraphs: Sequence[Paragraph], tail: Sequence[str]) -> tuple[Paragraph, ...]:
    """The paragraphs less the template's text after the presentation (``tail``: a closing, a
    signature), when the document still ends with it; it is no section's text."""
    found = tuple(paragraphs)
    while found and not found[-1].text.strip():
        found = found[:-1]
    wanted = [line for line in tail if line.strip()]
    if not wanted:
        return found
    texts = [p.text.strip() for p in found if p.text.strip()]
    if texts[-len(wanted) :] != [line.strip() for line in wanted]:
        return found
    cut, left = len(found), len(wanted)
    while left:
        cut -= 1
        if found[cut].text.strip():
            left -= 1
    return found[:cut]


_CASE_ID = re.compile(rf"^{re.escape(CASE_PROPERTY_PREFIX)}(.+)$")


def exported_case(identifier: str | None) -> str | None:
    """The case a document was exported from, by its identifier property (None: unknown)."""
    match = _CASE_ID.match((identifier or "").strip())
    return match.group(1) if match else None


def check_case(identifier: str | None, case_id: str) -> None:
    """Refuse a document exported from another case (CW885); one without the property (made
    by hand from the template) is taken."""
    other = exported_case(identifier)
    if other is not None and other != case_id:
        raise DocxOtherCase(case_id=case_id, other=other)


# --------------------------------------------------------------------------------- errors
class DocxUnreadable(CaseworkError):
    """The file is not a Word document (DOCX) that can be read, or is too large."""

    code = "CW881"
    key = "docx.unreadable"


class DocxNoSections(CaseworkError):
    """No heading of the document names a section of the template."""

    code = "CW882"
    key = "docx.no_sections"


class DocxUnknownHeading(CaseworkError):
    """A heading (level 1 or 2) after the first section names no section."""

    code = "CW883"
    key = "docx.unknown_heading"


class DocxDuplicateSection(CaseworkError):
    """Two headings name the same section."""

    code = "CW884"
    key = "docx.duplicate"


class DocxOtherCase(CaseworkError):
    """The document was exported from another case."""

    code = "CW885"
    key = "docx.other_case"


class DocxTemplateInvalid(CaseworkError):
    """The municipality's template (``config/presentation.docx``) cannot be used."""

    code = "CW886"
    key = "docx.template"


register(
    {
        "docx.unreadable": (
            "{name} er ikke et Word-dokument (DOCX), der kan læses: {why}",
            "{name} is not a Word document (DOCX) that can be read: {why}",
        ),
        "docx.why.kind": (
            "indholdet er ikke en DOCX-fil",
            "its content is not a DOCX file",
        ),
        "docx.why.broken": ("filen er beskadiget", "the file is damaged"),
        "docx.why.size": (
            "den fylder {size} byte, højst {limit} byte",
            "it is {size} bytes, at most {limit} bytes",
        ),
        "docx.no_sections": (
            "dokumentet har ingen overskrift, der er et afsnit af sagsfremstillingen; "
            "brug overskrifterne {known}",
            "the document has no heading that is a section of the presentation; "
            "use the headings {known}",
        ),
        "docx.unknown_heading": (
            "overskriften »{heading}« er ikke et afsnit af sagsfremstillingen (afsnittene: "
            "{known})",
            "the heading '{heading}' is not a section of the presentation (the sections: {known})",
        ),
        "docx.duplicate": (
            "afsnittet {section} står to gange i dokumentet (overskriften »{heading}«)",
            "the section {section} appears twice in the document (the heading '{heading}')",
        ),
        "docx.other_case": (
            "dokumentet er hentet fra sag {other}, ikke sag {case_id}",
            "the document was exported from case {other}, not case {case_id}",
        ),
        "docx.template": (
            "skabelonen {path} kan ikke bruges: {why}",
            "the template {path} cannot be used: {why}",
        ),
    }
)
