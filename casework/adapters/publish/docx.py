"""The presentation as a Word document (DOCX) with python-docx, and an edited one read back
(issue 14, item 5). What the document says is :mod:`casework.domain.presentation_docx`'s; this
module only writes and reads the file.

**The template.** The municipality's own Word template, ``config/presentation.docx`` when it
exists, else python-docx's plain one. The presentation is written where a paragraph of the
template reads ``{indhold}`` (that paragraph is replaced), else at the end of the body;
``{sagsnummer}`` and ``{titel}`` in the template's paragraphs, tables, headers and footers become
the case's number and title. Paragraph styles are the template's: ``Title``, ``Heading 1`` and
``List Number`` (Word's built-in names, whatever the language Word shows them in); a template
without one falls back to a heading style it has, or to the normal style with the clause's
number written out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.domain.bilag import DOCX, sniff
from casework.domain.messages import Msg
from casework.domain.presentation_docx import (
    DocxTemplateInvalid,
    DocxUnreadable,
    Kind,
    Paragraph,
    WordDocument,
)

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

#: The uncompressed size a document may unpack to (a zip bomb is refused, not unpacked).
MAX_UNPACKED = 200 * 1024 * 1024
_PLACEHOLDER = "{indhold}"
_HEADING = re.compile(r"(?i)^(?:heading|overskrift)\s*(\d)$")
_TITLE = re.compile(r"(?i)^(?:title|titel)$")
#: Characters XML 1.0 cannot hold (a text may hold U+FFFE or U+FFFF; they become U+FFFD).
_NOT_XML = re.compile("[\ufffe\uffff]")


def _open(source: Any, name: str, why_key: str = "docx.why.broken") -> DocumentObject:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(source)
    # lxml's XMLSyntaxError is a SyntaxError
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        raise DocxUnreadable(name=name, why=Msg(why_key)) from None


def _check_bytes(data: bytes, name: str, limit: int) -> None:
    if len(data) > limit:
        raise DocxUnreadable(name=name, why=Msg("docx.why.size", size=len(data), limit=limit))
    if sniff(data) != DOCX:
        raise DocxUnreadable(name=name, why=Msg("docx.why.kind"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):  # pragma: no cover - sniff opened it already
        raise DocxUnreadable(name=name, why=Msg("docx.why.broken")) from None
    if unpacked > MAX_UNPACKED:
        raise DocxUnreadable(name=name, why=Msg("docx.why.broken"))


def _style(doc: DocumentObject, *names: str) -> Any:
    for name in names:
        try:
            return doc.styles[name]
        except KeyError:
            continue
    return None


def _replace(paragraph: Any, values: dict[str, str]) -> None:
    text = paragraph.text
    if not any(key in text for key in values):
        return
    for key, value in values.items():
        text = text.replace(key, value)
    runs = paragraph.runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""


def _all_paragraphs(doc: DocumentObject) -> Iterator[Any]:
    def of(container: Any) -> Iterator[Any]:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from of(cell)

    yield from of(doc)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):  # fmt: skip
            if not part.is_linked_to_previous:
                yield from of(part)


def _template(template: Path | None) -> DocumentObject:
    if template is None:
        return _open(None, "default")
    try:
        data = template.read_bytes()
    except OSError as exc:
        raise DocxTemplateInvalid(path=str(template), why=exc.strerror or str(exc)) from None
    try:
        _check_bytes(data, template.name, MAX_UNPACKED)
        return _open(io.BytesIO(data), template.name)
    except DocxUnreadable as exc:
        raise DocxTemplateInvalid(path=str(template), why=exc.params["why"]) from None


def write_docx(document: WordDocument, template: Path | None = None) -> bytes:
    """The document as DOCX bytes, from ``template`` (python-docx's own when None).

    Raises DocxTemplateInvalid (CW886) when the template cannot be read as a Word document.
    """
    doc = _template(template)
    anchor = next((p for p in doc.paragraphs if p.text.strip() == _PLACEHOLDER), None)
    values = {"{sagsnummer}": document.case_id, "{titel}": _xml(document.title)}
    for paragraph in _all_paragraphs(doc):
        if paragraph is not anchor:
            _replace(paragraph, values)
    title = _style(doc, "Title", "Heading 1")
    heading = _style(doc, "Heading 1", "Heading 2")
    numbered = _style(doc, "List Number")
    clause = 0
    for para in document.paragraphs:
        text = _xml(para.text)
        style = None
        if para.kind is Kind.TITLE:
            style = title
        elif para.kind is Kind.HEADING:
            style, clause = heading, 0
        elif para.kind is Kind.CLAUSE:
            clause += 1
            style = numbered
            if numbered is None:
                text = f"{clause}. {text}"
        if anchor is not None:
            anchor.insert_paragraph_before(text, style)
        else:
            doc.add_paragraph(text, style)
    if anchor is not None:
        element = anchor._element
        element.getparent().remove(element)
    props = doc.core_properties
    props.identifier = document.identifier
    props.title = _xml(document.title)[:255]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template_tail(template: Path | None, case_id: str, title: str) -> tuple[str, ...]:
    """The body paragraphs of the template after its ``{indhold}`` paragraph, as an exported
    document has them (the placeholders filled): empty without a template or placeholder."""
    if template is None:
        return ()
    doc = _template(template)
    paragraphs = list(doc.paragraphs)
    at = next((i for i, p in enumerate(paragraphs) if p.text.strip() == _PLACEHOLDER), None)
    if at is None:
        return ()
    values = {"{sagsnummer}": case_id, "{titel}": _xml(title)}
    tail = []
    for paragraph in paragraphs[at + 1 :]:
        text = paragraph.text
        for key, value in values.items():
            text = text.replace(key, value)
        tail.append(text)
    return tuple(tail)


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _kind(paragraph: Any) -> tuple[Kind, int]:
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    if _TITLE.match(name):
        return Kind.TITLE, 0
    if match := _HEADING.match(name):
        return Kind.HEADING, int(match.group(1))
    return Kind.TEXT, 0


def read_docx(data: bytes, name: str, limit: int) -> tuple[tuple[Paragraph, ...], str | None]:
    """The paragraphs of a DOCX file in order (a table's rows as lines, cells separated by a
    tab) and its identifier property.

    Raises DocxUnreadable (CW881): larger than ``limit``, not a DOCX by its content, damaged.
    """
    from docx.table import Table

    _check_bytes(data, name, limit)
    doc = _open(io.BytesIO(data), name)
    found: list[Paragraph] = []
    try:
        for block in doc.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = [" ".join(cell.text.split()) for cell in row.cells]
                    found.append(Paragraph(Kind.TEXT, "\t".join(cells)))
                continue
            kind, level = _kind(block)
            for line in block.text.split("\n"):
                found.append(Paragraph(kind, line, level))
        identifier = doc.core_properties.identifier
    except (KeyError, ValueError, AttributeError):
        raise DocxUnreadable(name=name, why=Msg("docx.why.broken")) from None
    return tuple(found), identifier
