"""``casework case export-docx / import-docx`` end to end through ``main`` on SQLite (issue 14,
item 5): the Word round trip gives identical sections, an edited document becomes new versions
of the changed sections (re-approval after the approval, as every save), bad documents are one
line with a code and write nothing."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


def _case(run: Cli) -> str:
    result = run("case", "new", "--workflow", "beslutningssag", "--title", "Trafikplan",
                 "--as", "mette", "--route", "tmu,kb", "--attr", "beloeb=2000000",
                 "--json")  # fmt: skip
    assert result.code == 0, result.output
    case_id = str(json.loads(result.out)["id"])
    for section, text in [
        ("resume", "Planen gør vejene sikre."),
        ("sagsfremstilling", "Byrådet vedtog en plan i 2021.\n\nDen fornyes nu."),
        ("oekonomi", "Udgiften afholdes af vejpuljen."),
        ("indstilling", "1. at planen godkendes\n2. at der afsættes 2 mio. kr."),
    ]:
        done = run("case", "text", case_id, "--section", section, "--text", text,
                   "--as", "mette")  # fmt: skip
        assert done.code == 0, done.output
    return case_id


def _sections(run: Cli, case_id: str) -> dict[str, str]:
    shown = json.loads(run("case", "presentation", case_id, "--json").out)
    return {s["id"]: s["text"] for s in shown["sections"]}


def test_export_edit_import_round_trip(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    before = _sections(run, case_id)
    path = tmp_path / "trafikplan.docx"
    exported = run("case", "export-docx", case_id, "-o", str(path))
    assert exported.code == 0, exported.output
    assert "version 4" in exported.err and path.stat().st_mode & 0o077 == 0
    # Unchanged, the document re-imports to identical sections and records nothing.
    same = run("case", "import-docx", case_id, str(path), "--as", "mette", "--json")
    assert same.code == 0, same.output
    assert json.loads(same.out)["changed"] == [] and json.loads(same.out)["version"] == 4
    assert _sections(run, case_id) == before
    # Edited in Word: a clause added to the numbered list, the resumé rewritten.
    doc = docx.Document(str(path))
    clauses = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    clauses[-1].insert_paragraph_before("borgerne orienteres", "List Number")
    resume = next(p for p in doc.paragraphs if p.text == "Planen gør vejene sikre.")
    resume.text = "Planen gør vejene sikrere for børn."
    doc.save(str(path))
    imported = run("case", "import-docx", case_id, str(path), "--as", "jonas")
    assert imported.code == 0, imported.output
    assert "Resumé, Indstilling" in imported.err and "version 6" in imported.err
    after = _sections(run, case_id)
    assert after["resume"] == "Planen gør vejene sikrere for børn."
    assert after["indstilling"] == (
        "at planen godkendes\nat borgerne orienteres\nat der afsættes 2 mio. kr."
    )
    assert after["sagsfremstilling"] == before["sagsfremstilling"]
    versions = json.loads(run("case", "versions", case_id, "--json").out)["versions"]
    assert [(v["version"], v["section"], v["author"]) for v in versions][-2:] == [
        (5, "resume", "jonas"), (6, "indstilling", "jonas"),
    ]  # fmt: skip
    assert run("audit", "verify").code == 0


def test_import_after_approval_needs_reapproval(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    path = tmp_path / "p.docx"
    assert run("case", "export-docx", case_id, "-o", str(path)).code == 0
    assert run("case", "advance", case_id, "indsend", "--as", "mette").code == 0
    assert run("case", "advance", case_id, "godkend", "--as", "henrik").code == 0
    doc = docx.Document(str(path))
    next(p for p in doc.paragraphs if p.text.startswith("Udgiften")).text = "Udgiften er 3 mio."
    doc.save(str(path))
    imported = run("case", "import-docx", case_id, str(path), "--as", "mette", "--json")
    assert imported.code == 0, imported.output
    assert json.loads(imported.out)["reapproval"] is True
    refused = run("case", "advance", case_id, "godkend", "--as", "annelise")
    assert refused.code != 0 and "CW873" in refused.err


def _docx_bytes(*paragraphs: tuple[str, str]) -> bytes:
    doc = docx.Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_bad_documents_are_one_danish_line_and_write_nothing(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    other = run("case", "new", "--workflow", "beslutningssag", "--title", "Andet",
                "--as", "mette", "--route", "tmu,kb", "--json")  # fmt: skip
    other_id = str(json.loads(other.out)["id"])
    exported_other = tmp_path / "andet.docx"
    assert run("case", "export-docx", other_id, "-o", str(exported_other)).code == 0
    files = {
        "tom.docx": (b"", "CW881"),
        "rapport.docx": (b"%PDF-1.7\n1 0 obj\n", "CW881"),
        "brudt.docx": (b"PK\x03\x04\x14\x00 not really", "CW881"),
        "ingen.docx": (_docx_bytes(("Normal", "Bare tekst")), "CW882"),
        "ukendt.docx": (_docx_bytes(("Heading 1", "Resumé"), ("Heading 1", "Økonomien")),
                        "CW883"),
        "dobbelt.docx": (_docx_bytes(("Heading 1", "Resumé"), ("Heading 1", "Resume")),
                         "CW884"),
        "styretegn.docx": (_docx_bytes(("Heading 1", "Resumé"), ("Normal", "a\x9bb")), "CW230"),
        "andet.docx": (exported_other.read_bytes(), "CW885"),
    }  # fmt: skip
    before = run("case", "versions", case_id, "--json").out
    for name, (content, code) in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = run("case", "import-docx", case_id, str(path), "--as", "mette")
        assert result.code != 0, name
        assert code in result.err and "Traceback" not in result.err, (name, result.err)
        assert len(result.err.strip().splitlines()) == 1, (name, result.err)
    missing = run("case", "import-docx", case_id, str(tmp_path / "findes-ikke.docx"),
                  "--as", "mette")  # fmt: skip
    assert missing.code != 0 and "kan ikke læse" in missing.err
    assert run("case", "versions", case_id, "--json").out == before
    english = run("--lang", "en", "case", "import-docx", case_id, str(tmp_path / "ingen.docx"),
                  "--as", "mette")  # fmt: skip
    assert "no heading that is a section" in english.err


def test_the_municipality_template_is_used(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    shutil.copytree(os.environ["CASEWORK_CONFIG_DIR"], config)
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(config))
    template = docx.Document()
    template.add_paragraph("Sag {sagsnummer}: {titel}")
    template.add_paragraph("{indhold}")
    template.add_paragraph("Med venlig hilsen")
    template.save(str(config / "presentation.docx"))
    case_id = _case(run)
    path = tmp_path / "p.docx"
    assert run("case", "export-docx", case_id, "-o", str(path)).code == 0
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[0] == f"Sag {case_id}: Trafikplan" and texts[-1] == "Med venlig hilsen"
    same = run("case", "import-docx", case_id, str(path), "--as", "mette", "--json")
    assert same.code == 0 and json.loads(same.out)["changed"] == [], same.output
