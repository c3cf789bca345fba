"""``casework minutes show --format`` end to end, and the promise that no closed item's content
reaches any public output of the protocol: the terminal, --json, the HTML, PDF and JSON files
(Danish and English) and the OParl export.

The scripted cycle (:mod:`tests.protocol_cycle`) runs through the App of the test's settings;
the files are written by the command as a user types it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from casework.app import App
from tests.e2e.test_agenda_cli import pdf_text
from tests.protocol_cycle import SECRET, run_cycle

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "protocol_bpu_2026-03-10_public_da"


def _cycle(run: Cli) -> None:
    app = run.app()
    assert isinstance(app, App)
    run_cycle(app, run.clock)


def test_no_closed_item_content_in_any_public_protocol_output(run: Cli, tmp_path: Path) -> None:
    _cycle(run)
    outputs: dict[str, str] = {}
    for argv in (("minutes", "show", "bpu", "2026-03-10"),
                 ("minutes", "show", "bpu", "2026-03-10", "--json"),
                 ("minutes", "show", "bpu", "2026-03-10", "--lang", "en")):  # fmt: skip
        shown = run(*argv)
        assert shown.code == 0, shown.output
        outputs[" ".join(argv)] = shown.out
    for kind in ("html", "pdf", "json"):
        for lang in ("da", "en"):
            path = tmp_path / f"protokol-{lang}.{kind}"
            done = run("minutes", "show", "bpu", "2026-03-10", "--format", kind, "-o", str(path),
                       "--lang", lang)  # fmt: skip
            assert done.code == 0, done.output
            assert done.out.strip() == str(path)
            data = path.read_bytes()
            outputs[path.name] = pdf_text(data) if kind == "pdf" else data.decode("utf-8")
    exported = tmp_path / "oparl"
    assert run("export", "oparl", str(exported)).code == 0
    for file in exported.rglob("*"):
        if file.is_file():
            outputs[str(file)] = file.read_text("utf-8")
    for where, text in outputs.items():
        assert SECRET not in text, f"the closed item leaked into {where}"
    # The outputs are the protocol: the files are the golden ones, the PDF reads the same.
    assert outputs["protokol-da.html"] == GOLDEN.with_suffix(".html").read_text("utf-8")
    assert json.loads(outputs["protokol-da.json"]) == json.loads(
        GOLDEN.with_suffix(".json").read_text("utf-8")
    )
    for name in ("protokol-da.pdf", "minutes show bpu 2026-03-10", "protokol-da.html"):
        assert "Lukket punkt: Ejendomssag" in outputs[name], name
        assert "For stemte: 5" in outputs[name], name
    assert "Decision of Byplanudvalget on 10 March 2026" in outputs["protokol-en.html"]
    assert "<h1>Minutes – Byplanudvalget</h1>" in outputs["protokol-en.html"]
    # The OParl export holds the open items' decisions, not the closed one's.
    items = [
        json.loads(f.read_text("utf-8"))
        for f in exported.rglob("*.json")
        if "agendaitems" in f.parts and "bpu-2026-03-10" in f.name
    ]
    results = sorted(str(item["result"]) for item in items if "result" in item)
    assert results == ["Anbefales", "Oversendt til Teknik- og Miljøudvalget"]
    # The full version holds the closed item (for the members), and only it.
    full = tmp_path / "fuld.html"
    assert run("minutes", "show", "bpu", "2026-03-10", "--full", "--format", "html",
               "-o", str(full)).code == 0  # fmt: skip
    assert f"Udvalget anbefaler købet for {SECRET}." in full.read_text("utf-8")


def test_bad_document_options_write_nothing(run: Cli, tmp_path: Path) -> None:
    _cycle(run)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "protokol.docx"
    for argv, message in (
        (("--format", "docx", "-o", str(target)), "CW806"),
        (("--format", "pdf"), "--format"),
        (("-o", str(target)), "--format"),
        (("--format", "pdf", "-o", str(out)), "mappe"),
        (("--format", "pdf", "-o", str(target), "--lang", "de"), "--lang"),
    ):
        done = run("minutes", "show", "bpu", "2026-03-10", *argv)
        assert done.code != 0, argv
        assert message in done.err, (argv, done.err)
        assert len(done.err.strip().splitlines()) == 1, done.err
        assert "Traceback" not in done.err
    assert not target.exists()
    assert list(out.iterdir()) == []
