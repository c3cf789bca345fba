"""`casework diagram` end to end: real SVG, PNG and PDF files, a case's journey, the training pack.

Only these tests (and diagrams.render's) need Graphviz; they are skipped where ``dot`` is missing,
except the one that checks what a user sees then.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

from casework.diagrams.render import dot_available

ROOT = Path(__file__).resolve().parents[2]
needs_dot = pytest.mark.skipif(not dot_available(), reason="Graphviz's dot is not installed")


def test_workflow_dot_goes_to_stdout(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "workflow", "beslutningssag", "--route", "tmu,oeu,kb")
    assert code == 0, err
    assert out.startswith('digraph "beslutningssag--tmu-oeu-kb" {')
    assert "Økonomiudvalget" in out and err == ""


def test_workflow_mermaid_in_english(env: Path, run: Cli) -> None:
    code, out, err = run(
        "--lang", "en", "diagram", "workflow", "orienteringssag", "--format", "mermaid"
    )
    assert code == 0, err
    assert out.startswith("flowchart LR\n")
    assert '"Technical and Environmental Committee · TMU · is informed"' in out


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_workflow_renders_to_a_valid_file(env: Path, run: Cli, fmt: str) -> None:
    target = env / f"beslutningssag.{fmt}"
    code, _, err = run("diagram", "workflow", "beslutningssag", "-f", fmt, "--out", str(target))
    assert code == 0, err
    assert str(target) in err
    data = target.read_bytes()
    if fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert "Økonomiudvalget" in data.decode("utf-8")
        # Every text names generic fallbacks: Windows PCs have no DejaVu Sans (issue 19).
        families = set(re.findall(r'font-family="([^"]*)"', data.decode("utf-8")))
        assert families == {"DejaVu Sans, Arial, Helvetica, sans-serif"}
    elif fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert data.startswith(b"%PDF")


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, from its /MediaBox."""
    boxes = re.findall(rb"/MediaBox \[\s*([-\d.\s]+?)\s*\]", pdf)
    sizes = []
    for box in boxes:
        llx, lly, urx, ury = (float(v) for v in box.split())
        sizes.append((urx - llx, ury - lly))
    return sizes


A4 = (595.3, 841.9)  # 210 × 297 mm in points
A3 = (841.9, 1190.6)  # 297 × 420 mm in points


@needs_dot
def test_print_layout_pdf_is_on_a4_sheets(env: Path, run: Cli) -> None:
    for workflow in ("orienteringssag", "lokalplan"):  # one sheet, and several
        target = env / f"{workflow}-a4.pdf"
        code, _, err = run(
            "diagram", "workflow", workflow, "--paper", "a4", "-f", "pdf", "-o", str(target)
        )
        assert code == 0, err
        data = target.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        sizes = _page_sizes(data)
        count = int(re.findall(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", data)[0])
        assert len(sizes) == count >= 1
        for width, height in sizes:
            # Portrait or landscape, within a few points of A4.
            assert sorted((width, height)) == pytest.approx(A4, abs=3), (workflow, sizes)
        assert b"DejaVuSans" in data  # the text stays text, in the diagrams' font
    assert count > 1  # lokalplan does not fit one A4 sheet at 7 pt


def test_print_layout_dot_sets_the_page(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "workflow", "beslutningssag", "--paper", "a3")
    assert code == 0, err
    assert 'rankdir="LR"' in out and 'size="15.74,10.89"' in out and 'page="16.54,11.69"' in out
    screen = run("diagram", "workflow", "beslutningssag")[1]
    assert 'rankdir="TB"' in screen and ' size="' not in screen
    code, _, err = run("diagram", "workflow", "beslutningssag", "--paper", "a5")
    assert code != 0 and "a5" in err


def test_binary_formats_need_an_output_file(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "workflow", "beslutningssag", "--format", "png")
    assert code == 1 and out == ""
    assert err.startswith("[CW213]") and "--out" in err and err.count("\n") == 1


def test_unknown_workflow_and_route_get_one_line(env: Path, run: Cli) -> None:
    code, _, err = run("diagram", "workflow", "beslutnignssag")
    assert code == 1 and err.startswith("[CW211]") and "beslutningssag" in err
    code, _, err = run("diagram", "workflow", "beslutningssag", "--route", "tmu,xyz")
    assert code == 1 and err.startswith("[CW209]")


def test_missing_dot_says_how_to_install_it(
    env: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(env / "empty"))
    code, _, err = run(
        "diagram", "workflow", "beslutningssag", "-f", "svg", "-o", str(env / "x.svg")
    )
    assert code == 1
    assert err == (
        "[CW501] Graphviz-programmet 'dot' blev ikke fundet; installér det med: "
        "sudo apt-get install graphviz\n"
    )
    assert not (env / "x.svg").exists()


@needs_dot
def test_a_cases_journey_is_drawn_from_the_store(env: Path, run: Cli) -> None:
    assert run("init")[0] == 0
    code, out, err = run(
        *("case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan 212"),
        *("--as", "aase", "--route", "bpu,oeu,kb", "--attr", "politikomraade=lokalplaner"),
        "--json",
    )
    assert code == 0, err
    case_id = json.loads(out)["id"]
    for action, actor in [("indsend", "aase"), ("send_tilbage", "birgitte"), ("indsend", "aase")]:
        assert run("case", "advance", case_id, action, "--as", actor)[0] == 0
    code, out, err = run("diagram", "case", case_id, "--format", "mermaid")
    assert code == 0, err
    assert "Birgitte Møller" in out  # who the case is with now
    assert "↩ Send tilbage til sagsbehandler" in out
    target = env / "journey.svg"
    code, _, err = run("diagram", "case", case_id, "-f", "svg", "-o", str(target))
    assert code == 0, err
    svg = target.read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert "Økonomiudvalget" in svg and "Lokalplan 212" in svg
    printed = env / "journey.pdf"
    code, _, err = run("diagram", "case", case_id, "--paper", "a4", "-f", "pdf", "-o", str(printed))
    assert code == 0, err
    for size in _page_sizes(printed.read_bytes()):
        assert sorted(size) == pytest.approx(A4, abs=3)
    code, _, err = run("diagram", "case", "2099-9999")
    assert code == 1 and err.startswith("[CW201]")


@needs_dot
@pytest.mark.parametrize(("lang", "heading"), [("da", "Vi tegner sagsgangen"), ("en", "Drawing")])
def test_training_pack_is_an_offline_page_with_every_workflow(
    env: Path, run: Cli, lang: str, heading: str
) -> None:
    pack = env / "pack"
    code, _, err = run("diagram", "training", "--out", str(pack), "--lang", lang)
    assert code == 0, err
    index = (pack / "index.html").read_text(encoding="utf-8")
    assert heading in index
    svgs = sorted(p.name for p in pack.glob("*.svg") if not p.name.endswith("-a4.svg"))
    # The delegation plan's routes: one per rule family (issue 19, item 2).
    assert svgs == [
        "administrativ_beslutning--none.svg",
        "administrativ_beslutning--oeu.svg",
        "administrativ_beslutning--tmu.svg",
        "beslutningssag--bpu.svg",
        "beslutningssag--obu-tmu-oeu-kb.svg",
        "beslutningssag--oeu-bpu.svg",
        "beslutningssag--oeu-kb.svg",
        "beslutningssag--oeu.svg",
        "beslutningssag--tmu-oeu-kb.svg",
        "droeftelsessag--tmu.svg",
        "lokalplan--bpu-oeu-kb.svg",
        "lokalplan--bpu-oeu.svg",
        "medlemsforslag--kb.svg",
        "orienteringssag--oeu.svg",
    ]
    # The main teaching case first, labelled with its rule.
    assert index.index("beslutningssag--tmu-oeu-kb-a4.svg") < index.index("lokalplan--bpu-oeu")
    assert ("R04 " if lang == "da" else "R04 Capital") in index
    for name in svgs:
        stem = name.removesuffix(".svg")
        # The page shows the print layout and links the full-size SVG, a PNG for slides and
        # the PDF for handouts (issue 19, item 2).
        assert f'src="{stem}-a4.svg"' in index and f'href="{name}"' in index
        assert f'href="{stem}.png"' in index and f'href="{stem}-a4.pdf"' in index
        ET.fromstring((pack / name).read_bytes())
        ET.fromstring((pack / f"{stem}-a4.svg").read_bytes())
        assert (pack / f"{stem}.png").read_bytes().startswith(b"\x89PNG")
        for size in _page_sizes((pack / f"{stem}-a4.pdf").read_bytes()):
            assert sorted(size) == pytest.approx(A4, abs=3)
    assert "http" not in index.replace("http://www.w3.org", "")  # nothing to fetch


@needs_dot
def test_golden_diagrams_lay_out_without_graphviz_warnings() -> None:
    for path in sorted((ROOT / "tests" / "golden").glob("*.dot")):
        result = subprocess.run(
            ["dot", "-Tsvg", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0 and result.stderr == "", (path.name, result.stderr)


def test_documentation_images_exist_and_stay_small() -> None:
    images = sorted((ROOT / "docs" / "images").glob("*.png"))
    # The diagram images; the web and Prefect screenshots beside them come from the browser tests.
    assert {
        "delegation-shift.png",
        "journey-lokalplan.png",
        "mined-beslutningssag.png",
        "print-beslutningssag-a3.png",
        "workflow-beslutningssag-tmu-oeu-kb.png",
        "year-2026.png",
    } <= {p.name for p in images}
    for image in images:
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < 400_000, image.name


# --------------------------------------------------------------------------- analyses
def _two_cases(run: Cli) -> list[str]:
    assert run("init")[0] == 0
    ids = []
    for route in ("bpu,oeu,kb", "tmu,oeu,kb"):
        code, out, err = run(
            *("case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan"),
            *("--as", "aase", "--route", route, "--attr", "politikomraade=lokalplaner"),
            "--json",
        )
        assert code == 0, err
        ids.append(json.loads(out)["id"])
    for action, actor in [("indsend", "aase"), ("send_tilbage", "birgitte"), ("indsend", "aase")]:
        assert run("case", "advance", ids[0], action, "--as", actor)[0] == 0
    return ids


def test_mined_map_is_drawn_from_the_case_histories(env: Path, run: Cli) -> None:
    _two_cases(run)
    code, out, err = run("diagram", "mined")
    assert code == 0, err
    assert out.startswith('digraph "mined--all--template" {')
    assert "2 sager, 5 hændelser" in out
    assert '"kladde" -> "centerchef_godkendelse" [label="2 ×' in out
    assert '"centerchef_godkendelse" -> "kladde" [label="1 ×' in out
    code, out, err = run(
        "diagram", "mined", "--body", "bpu", "--level", "concrete", "-f", "mermaid"
    )
    assert code == 0, err
    assert out.startswith("flowchart LR\n") and "1 sag, 4 hændelser" in out
    code, out, _ = run("diagram", "mined", "--from", "2000-01-01", "--to", "2000-12-31")
    assert code == 0 and "Ingen hændelser i det valgte udsnit" in out


def test_mined_map_options_are_checked(env: Path, run: Cli) -> None:
    assert run("init")[0] == 0
    for args, start in [
        (("--level", "body"), "[CW213]"),
        (("--from", "2026-13-01"), "[CW213]"),
        (("--body", "xyz"), "[CW213]"),
        (("--workflow", "beslutnignssag"), "[CW211]"),
    ]:
        code, _, err = run("diagram", "mined", *args)
        assert code == 1 and err.startswith(start), (args, err)


@needs_dot
def test_mined_map_renders_to_png(env: Path, run: Cli) -> None:
    _two_cases(run)
    target = env / "mined.png"
    code, _, err = run("diagram", "mined", "-f", "png", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_delegation_shift_from_a_cases_file(env: Path, run: Cli) -> None:
    cases = str(ROOT / "config" / "delegation" / "eksempel-sager.csv")
    code, out, err = run(
        "diagram", "delegation", "eksempel-2026", "eksempel-2027-udkast", "--cases", cases
    )
    assert code == 0, err
    assert out.startswith('digraph "delegation-shift" {')
    assert "200 sager · 33 skifter besluttende organ" in out
    assert "→ BPU 11" in out


@needs_dot
def test_delegation_shift_from_the_database_as_svg(env: Path, run: Cli) -> None:
    _two_cases(run)
    target = env / "shift.svg"
    code, _, err = run(
        *("diagram", "delegation", "eksempel-2026", "eksempel-2027-udkast", "--cases", "db"),
        *("-f", "svg", "-o", str(target)),
    )
    assert code == 0, err
    ET.fromstring(target.read_bytes())


def test_annual_wheel_as_mermaid_and_pdf(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "year", "2026", "--format", "mermaid", "--lang", "en")
    assert code == 0, err
    assert out.startswith("gantt\n") and "title Annual wheel 2026" in out
    assert "section City Council (KB)" in out
    assert "Summer break 1 Jul–31 Jul :2026-07-01, 2026-08-01" in out
    if dot_available():
        target = env / "year.pdf"
        code, _, err = run("diagram", "year", "2026", "-f", "pdf", "-o", str(target))
        assert code == 0, err
        assert target.read_bytes().startswith(b"%PDF")
        # --paper on every kind: whole sheets of the paper (tests/unit/test_diagrams_print.py
        # measures the text on them).
        for kind in (["year", "2026"], ["mined"]):
            printed = env / f"{kind[0]}-a3.pdf"
            code, _, err = run("diagram", *kind, "--paper", "a3", "-f", "pdf", "-o", str(printed))
            assert code == 0, err
            for size in _page_sizes(printed.read_bytes()):
                assert sorted(size) == pytest.approx(A3, abs=3)


def test_annual_wheel_as_svg_and_one_pdf_page(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "wheel", "2026", "--lang", "en")
    assert code == 0, err
    root = ET.fromstring(out)
    assert root.tag.endswith("svg") and "Annual wheel 2026" in out and ">Jan<" in out
    for paper, size in (("a4", A4), ("a3", A3)):
        target = env / f"wheel-{paper}.pdf"
        code, _, err = run(
            "diagram", "wheel", "2026", "--paper", paper, "-f", "pdf", "-o", str(target)
        )
        assert code == 0, err
        sizes = _page_sizes(target.read_bytes())
        assert len(sizes) == 1 and sorted(sizes[0]) == pytest.approx(size, abs=3)
    code, out, err = run("diagram", "wheel", "2026", "-f", "pdf")
    assert code == 1 and out == "" and err.startswith("[CW213]") and err.count("\n") == 1
    # A PNG for slides (150 dpi), of the wheel and of the staircase.
    for kind in (["wheel", "2026"], ["stairs"]):
        target = env / f"{kind[0]}.png"
        code, _, err = run("diagram", *kind, "--paper", "a3", "-f", "png", "-o", str(target))
        assert code == 0, err
        assert target.read_bytes().startswith(b"\x89PNG")
        portrait = (round(A3[0] * 150 / 72), round(A3[1] * 150 / 72))
        size = struct.unpack(">II", target.read_bytes()[16:24])
        assert sorted(size) == pytest.approx(sorted(portrait), abs=1)
    code, out, err = run("diagram", "stairs", "-f", "png")
    assert code == 1 and out == "" and err.startswith("[CW213]")


#: docs/images drawn by scripts/diagram-images.sh -> the `casework diagram` command that draws
#: the same picture from the example configuration.
DOC_IMAGES = {
    "workflow-beslutningssag-tmu-oeu-kb.png": (
        "workflow", "beslutningssag", "--route", "tmu,oeu,kb", "-f", "png"
    ),
    "print-beslutningssag-a3.png": (
        "workflow", "beslutningssag", "--route", "tmu,oeu,kb", "--paper", "a3", "-f", "png"
    ),
    "delegation-shift.png": (
        "delegation", "eksempel-2026", "eksempel-2027-udkast",
        "--cases", str(ROOT / "config" / "delegation" / "eksempel-sager.csv"), "-f", "png",
    ),
    "year-2026.png": ("year", "2026", "-f", "png"),
}  # fmt: skip


@needs_dot
@pytest.mark.parametrize("image", sorted(DOC_IMAGES))
def test_documentation_images_are_what_the_cli_draws(env: Path, run: Cli, image: str) -> None:
    target = env / image
    code, _, err = run("diagram", *DOC_IMAGES[image], "-o", str(target))
    assert code == 0, err
    assert target.read_bytes() == (ROOT / "docs" / "images" / image).read_bytes(), (
        f"docs/images/{image} is not what the CLI draws: run scripts/diagram-images.sh"
    )


def test_forandringstrappe_from_the_calendar_config(env: Path, run: Cli) -> None:
    code, out, err = run("diagram", "stairs")
    assert code == 0, err
    ET.fromstring(out)
    assert "Forandringstrappen" in out and "Konstituering" in out and "Budgetseminar" in out
    target = env / "stairs.pdf"
    code, _, err = run(
        "diagram", "stairs", "--lang", "en", "--paper", "a3", "-f", "pdf", "-o", str(target)
    )
    assert code == 0, err
    sizes = _page_sizes(target.read_bytes())
    assert len(sizes) == 1 and sizes[0] == pytest.approx((A3[1], A3[0]), abs=3)  # landscape
