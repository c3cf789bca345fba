"""``casework case attach / detach / bilag / bilag-sweep`` end to end, through ``main``."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from bilag_files import docx, pdf

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


def _case(run: Cli) -> str:
    result = run("case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan 212",
                 "--as", "nanna", "--route", "tmu,kb", "--json")  # fmt: skip
    assert result.code == 0, result.output
    return str(json.loads(result.out)["id"])


def test_attach_list_get_detach_and_audit(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    (tmp_path / "kort.pdf").write_bytes(pdf())
    (tmp_path / "aftale.docx").write_bytes(docx("SECRET"))
    done = run("case", "attach", case_id, str(tmp_path / "kort.pdf"), "--as", "nanna",
               "--title", "Kort over området")  # fmt: skip
    assert done.code == 0, done.output
    assert "Bilag 1 vedhæftet" in done.err
    done = run("case", "attach", case_id, str(tmp_path / "aftale.docx"), "--as", "nanna",
               "--closed", "--reason", "ejendomshandel", "--json")  # fmt: skip
    assert json.loads(done.out)["category"] == "Ejendomssag"
    listing = json.loads(run("case", "bilag", case_id, "--json").out)["bilag"]
    assert [(b["number"], b["kind"], b["closed"]) for b in listing] == [
        (1, "PDF", False), (2, "DOCX", True),
    ]  # fmt: skip
    table = run("case", "bilag", case_id).out
    assert "Kort over" in table and "Ejendomssag" in table
    target = tmp_path / "ud.docx"
    assert run("case", "bilag", case_id, "--get", "2", "-o", str(target)).code == 0
    assert target.read_bytes() == docx("SECRET")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert run("case", "detach", case_id, "1", "--as", "nanna").code == 0
    listing = json.loads(run("case", "bilag", case_id, "--json").out)["bilag"]
    assert [b["number"] for b in listing] == [2]
    history = " ".join(run("case", "show", case_id).out.replace("│", " ").split())
    assert "fjernet" in history and "Lukket" in history
    assert "SECRET" not in history
    assert run("audit", "verify").code == 0
    # Nothing but the two files in the store; a stray file is swept.
    store = tmp_path / "data" / "bilag"
    stray = store / "00" / "00" / ("00" * 32)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"orphan")
    swept = run("case", "bilag-sweep", "--json")
    assert json.loads(swept.out)["orphans"] == ["00" * 32]
    assert not stray.exists()
    assert run("audit", "verify").code == 0


def test_bad_files_are_one_line_refusals_that_write_nothing(run: Cli, tmp_path: Path) -> None:
    case_id = _case(run)
    (tmp_path / "fake.pdf").write_bytes(docx())
    (tmp_path / "notes.txt").write_text("hej")
    (tmp_path / "kort.pdf").write_bytes(pdf())
    for argv, code in [
        ((str(tmp_path / "fake.pdf"),), "CW862"),
        ((str(tmp_path / "notes.txt"),), "CW860"),
        ((str(tmp_path / "missing.pdf"),), "CW860"),
        ((str(tmp_path / "kort.pdf"), "--closed"), "CW864"),
        ((str(tmp_path / "kort.pdf"), "--reason", "udbud"), "CW864"),
        ((str(tmp_path / "kort.pdf"), "--title", "a\x1b[31mb"), "CW230"),
    ]:
        result = run("case", "attach", case_id, *argv, "--as", "nanna")
        assert result.code == 1, result.output
        assert result.err.strip().startswith(f"[{code}]"), result.err
        assert len(result.err.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    assert run("case", "detach", case_id, "7", "--as", "nanna").err.startswith("[CW863]")
    assert json.loads(run("case", "bilag", case_id, "--json").out)["bilag"] == []
    assert not (tmp_path / "data" / "bilag").exists()


def test_the_size_limit_comes_from_the_settings(
    run: Cli, tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("CASEWORK_BILAG_MAX_BYTES", "100")
    case_id = _case(run)
    (tmp_path / "kort.pdf").write_bytes(pdf())
    result = run("case", "attach", case_id, str(tmp_path / "kort.pdf"), "--as", "nanna")
    assert result.code == 1 and result.err.startswith("[CW861]"), result.output
