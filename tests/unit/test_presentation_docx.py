"""The presentation as a Word document and back (issue 14, item 5): the text model and the
python-docx adapter. The round trip is a property: any presentation (as a save stores it) written
as DOCX and read back gives the same sections."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.adapters.publish.docx import read_docx, template_tail, write_docx
from casework.domain.presentation import DEFAULT_CONFIG, normalise
from casework.domain.presentation_docx import (
    DocxDuplicateSection,
    DocxNoSections,
    DocxOtherCase,
    DocxTemplateInvalid,
    DocxUnknownHeading,
    DocxUnreadable,
    Kind,
    Paragraph,
    check_case,
    document_of,
    sections_from,
    without_tail,
)

LIMIT = 25 * 1024 * 1024
TEXTS = {
    "resume": "Planen gør vejene sikre.",
    "sagsfremstilling": "Byrådet vedtog en plan i 2021.\n\nDen fornyes nu.\n\tMed et indryk.",
    "oekonomi": "Udgiften afholdes af vejpuljen.",
    "indstilling": "at planen godkendes\nat der afsættes 2 mio. kr.",
}


def _round_trip(texts: dict[str, str], template: Path | None = None) -> dict[str, str]:
    document = document_of("2026-0012", "Trafikplan", DEFAULT_CONFIG, texts)
    data = write_docx(document, template)
    paragraphs, identifier = read_docx(data, "x.docx", LIMIT)
    check_case(identifier, "2026-0012")
    tail = template_tail(template, "2026-0012", "Trafikplan")
    return sections_from(without_tail(paragraphs, tail), DEFAULT_CONFIG)


def _with_empty(texts: dict[str, str]) -> dict[str, str]:
    return {s.id: texts.get(s.id, "") for s in DEFAULT_CONFIG.sections}


def test_export_then_import_gives_the_same_sections() -> None:
    assert _round_trip(TEXTS) == _with_empty(TEXTS)


def test_the_indstilling_is_a_numbered_list_of_at_clauses() -> None:
    document = document_of("2026-0012", "Trafikplan", DEFAULT_CONFIG, TEXTS)
    doc = docx.Document(io.BytesIO(write_docx(document)))
    clauses = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text for p in clauses] == ["at planen godkendes", "at der afsættes 2 mio. kr."]
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [s.title for s in DEFAULT_CONFIG.sections]
    assert doc.core_properties.identifier == "casework:2026-0012"


_XML_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\u2028\u2029\x85"
)
_LINE = st.text(_XML_CHARS | st.just("\t"), max_size=40)
_TEXT = st.lists(_LINE, max_size=5).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({s.id: _TEXT for s in DEFAULT_CONFIG.sections}))
def test_round_trip_property(raw: dict[str, str]) -> None:
    stored = {sid: normalise(DEFAULT_CONFIG.section(sid), text) for sid, text in raw.items()}
    assert _round_trip(stored) == stored


def test_a_municipality_template_keeps_its_letterhead(tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("Aarhus Kommune · Sag {sagsnummer}: {titel}")
    template.add_paragraph("{indhold}")
    template.add_paragraph("Med venlig hilsen, Teknik og Miljø")
    path = tmp_path / "presentation.docx"
    template.save(str(path))
    document = document_of("2026-0012", "Trafikplan", DEFAULT_CONFIG, TEXTS)
    doc = docx.Document(io.BytesIO(write_docx(document, path)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Aarhus Kommune · Sag 2026-0012: Trafikplan"
    assert texts[-1] == "Med venlig hilsen, Teknik og Miljø"
    assert "{indhold}" not in texts
    assert _round_trip(TEXTS, path) == _with_empty(TEXTS)


def test_a_template_that_is_no_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "presentation.docx"
    path.write_bytes(b"%PDF-1.4 not a template")
    with pytest.raises(DocxTemplateInvalid) as refused:
        write_docx(document_of("1", "T", DEFAULT_CONFIG, {}), path)
    assert refused.value.code == "CW886"
    assert "presentation.docx" in refused.value.message("da")


def _docx(build: object) -> bytes:
    doc = docx.Document()
    for style, text in build:  # type: ignore[attr-defined]
        doc.add_paragraph(text, style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _read(data: bytes) -> dict[str, str]:
    paragraphs, _ = read_docx(data, "redigeret.docx", LIMIT)
    return sections_from(paragraphs, DEFAULT_CONFIG)


def test_an_edited_document_maps_headings_to_sections() -> None:
    data = _docx(
        [
            ("Title", "2026-0012: Trafikplan"),
            ("Normal", "Et brevhoved før første afsnit"),
            ("Heading 2", "resumé"),  # any level, any case, Danish or English or the id
            ("Normal", "Kort resumé.  "),
            ("Heading 1", "Recommendation"),
            ("List Number", "planen godkendes"),
            ("List Bullet", "1. at der afsættes midler; at borgerne høres"),
            ("Heading 3", "Et underafsnit"),  # deeper headings are text
        ]
    )
    assert _read(data) == {
        "resume": "Kort resumé.",
        "indstilling": "at planen godkendes\nat der afsættes midler\nat borgerne høres\n"
        "at Et underafsnit",
    }


def test_a_table_is_read_as_lines() -> None:
    doc = docx.Document()
    doc.add_heading("Økonomi", 1)
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([("År", "Beløb"), ("2027", "2 mio. kr.")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    doc.save(out)
    assert _read(out.getvalue()) == {"oekonomi": "År\tBeløb\n2027\t2 mio. kr."}


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (b"", DocxUnreadable, "CW881"),
        (b"%PDF-1.7\n", DocxUnreadable, "CW881"),
        (b"PK\x03\x04 broken zip", DocxUnreadable, "CW881"),
        (_docx([("Normal", "Ingen overskrifter")]), DocxNoSections, "CW882"),
        (_docx([("Heading 1", "Resumé"), ("Heading 1", "Økonomien")]), DocxUnknownHeading,
         "CW883"),
        (_docx([("Heading 1", "Resumé"), ("Heading 2", "Summary")]), DocxDuplicateSection,
         "CW884"),
    ],
)  # fmt: skip
def test_bad_documents_are_refused_with_a_code(
    data: bytes, error: type[Exception], code: str
) -> None:
    with pytest.raises(error) as refused:
        _read(data)
    assert refused.value.code == code  # type: ignore[attr-defined]
    message = refused.value.message("da")  # type: ignore[attr-defined]
    assert "\n" not in message


def test_an_unknown_heading_suggests_the_section() -> None:
    with pytest.raises(DocxUnknownHeading) as refused:
        _read(_docx([("Heading 1", "Resumé"), ("Heading 1", "Økonomien")]))
    assert "Økonomi" in refused.value.message("da")


def test_a_zip_bomb_and_an_other_zip_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (210 * 1024 * 1024) + b"/>")
    with pytest.raises(DocxUnreadable):
        _read(out.getvalue())
    too_big = _docx([("Heading 1", "Resumé")])
    with pytest.raises(DocxUnreadable) as refused:
        read_docx(too_big, "stor.docx", 100)
    assert "100" in refused.value.message("da")


def test_a_document_of_another_case_is_refused() -> None:
    with pytest.raises(DocxOtherCase) as refused:
        check_case("casework:2026-0001", "2026-0012")
    assert refused.value.code == "CW885"
    check_case(None, "2026-0012")  # made by hand from the template: taken
    check_case("Kommunens skabelon", "2026-0012")


def test_the_text_model_in_order() -> None:
    document = document_of("7", "T", DEFAULT_CONFIG, {"resume": "a\nb", "indstilling": "at c"})
    kinds = [(p.kind, p.text) for p in document.paragraphs[:4]]
    assert kinds == [
        (Kind.TITLE, "7: T"), (Kind.HEADING, "Resumé"), (Kind.TEXT, "a"), (Kind.TEXT, "b"),
    ]  # fmt: skip
    assert Paragraph(Kind.CLAUSE, "at c") in document.paragraphs
