"""``casework training roleplay`` and ``casework training site`` as a user types them (issue 20).

On the fixed copy of Eksempel Kommune's configuration (``tests/fixtures/training_config``) and the
tests' clock (2 March 2026): ``roleplay --seed 1`` prints the golden pack, ``site --out DIR``
writes the golden pages; bad input gets one line and a non-zero exit, nothing half written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casework.adapters.publish.pdf import extract_text

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "training_config"
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture
def fixed(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(FIXTURE))
    return env


def test_roleplay_seed_1_prints_the_golden_pack(fixed: Path, run: Cli) -> None:
    result = run("training", "roleplay", "--seed", "1")
    assert result.code == 0, result.output
    golden = (GOLDEN / "training_roleplay_seed1_da.html").read_text(encoding="utf-8")
    assert result.out == golden
    english = run("--lang", "en", "training", "roleplay", "--seed", "1")
    assert english.out == (GOLDEN / "training_roleplay_seed1_en.html").read_text(encoding="utf-8")


def test_roleplay_as_pdf(fixed: Path, run: Cli) -> None:
    out = fixed / "rollespil.pdf"
    result = run("training", "roleplay", "--seed", "2", "--format", "pdf", "--out", str(out))
    assert result.code == 0, result.output
    assert f"Skrev {out}" in result.err
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    again = fixed / "igen.pdf"
    assert run("training", "roleplay", "--seed", "2", "-f", "pdf", "-o", str(again)).code == 0
    assert again.read_bytes() == data  # deterministic with the seed
    # The readable copy carries the pack's parts (checked on an uncompressed render).
    from casework.adapters.publish.training_pdf import render_roleplay_pdf
    from casework.app import load_config, training
    from casework.settings import Settings

    pack = training.roleplay(load_config(Settings.from_env()), run.clock.today(), 2, "da")
    text = extract_text(render_roleplay_pdf(pack, compress=False))
    for part in ("Dagsorden", "Rollekort", "Drejebog", "Quiz om forretningsordenen", "Facitliste"):
        assert part in text


def test_site_writes_the_golden_pages(fixed: Path, run: Cli) -> None:
    out = fixed / "byraadssal"
    result = run("training", "site", "--out", str(out))
    assert result.code == 0, result.output
    assert "Skrev den virtuelle byrådssal" in result.err
    for page in ("index.html", "quiz.html", "rollespil.html", "sagsgang.html"):
        golden = (GOLDEN / f"training_site_{page}").read_bytes()
        assert (out / page).read_bytes() == golden, page
    assert (out / "rollespil.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "training.css").is_file()
    assert list((out / "diagrammer").glob("*.svg"))


def test_bad_input_is_one_line(fixed: Path, run: Cli) -> None:
    no_out = run("training", "roleplay", "--format", "pdf")
    assert no_out.code != 0
    assert "--out" in no_out.err
    assert "Traceback" not in no_out.output
    a_file = fixed / "fil.txt"
    a_file.write_text("x", encoding="utf-8")
    refused = run("training", "site", "--out", str(a_file))
    assert refused.code == 1
    assert refused.err.strip() == f"[CW943] {a_file} er en fil; --out skal være en mappe"
    assert a_file.read_text(encoding="utf-8") == "x"  # nothing written
    english = run("--lang", "en", "training", "site", "--out", str(a_file))
    assert english.err.strip() == f"[CW943] {a_file} is a file; --out must be a folder"
    bad_date = run("training", "roleplay", "--date", "2026-13-01")
    assert bad_date.code != 0
    assert "Traceback" not in bad_date.output
