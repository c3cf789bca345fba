"""Every diagram kind prints legibly on A4 and A3: its PDF is read back and its text measured.

Issue 19's done criterion: the smallest text of every kind, on either paper, is at least 7 pt
as printed; a print that needs more than one sheet has whole sheets, each numbered, with the
dashed assembly lines where the next sheet goes on. The PDF is parsed with pypdf: each text
operator's font size through the text matrix and the transform in force, as a printer draws it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import pytest
from test_diagrams_golden import CASES, _workflow  # tests/unit is on sys.path
from test_diagrams_shift import example_shift  # noqa: F401 - a fixture, used by name

from casework.diagrams.dot import to_dot
from casework.diagrams.mined import mine, mined_figure
from casework.diagrams.mined_examples import synthetic_traces
from casework.diagrams.paper import MIN_TEXT_PT, PAPERS, PT
from casework.diagrams.render import dot_available, print_plan, render
from casework.diagrams.shift import Shift, shift_figure
from casework.diagrams.year import year_figure
from casework.domain.configuration import Configuration

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(not dot_available(), reason="Graphviz's dot is not installed")

#: name -> DOT on the given paper, for every kind: workflows and journeys in their print layout,
#: the figures (mined map, delegation shift, annual wheel) in their one layout.
Build = Callable[[Configuration, str, Shift], str]


def _swimlane(build: Callable[[Configuration], object]) -> Build:
    return lambda config, paper, _: to_dot(build(config), PAPERS[paper])  # type: ignore[arg-type]


KINDS: dict[str, Build] = {
    **{name: _swimlane(build) for name, (build, _) in CASES.items()},
    "workflow_lokalplan_default_da": _swimlane(_workflow("lokalplan", None, "da")),
    "mined_beslutningssag_da": lambda config, _, __: (
        mined_figure(
            mine(synthetic_traces(config, 120), config.workflows, calendar=config.work_calendar),
            config.workflows,
            config.municipality,
            "da",
        ).dot
    ),
    "shift_eksempel_2026_2027_en": lambda config, _, shift: (
        shift_figure(shift, config.municipality, "en").dot
    ),
    "year_2026_da": lambda config, _, __: (
        year_figure(
            2026,
            config.calendar.meetings,  # type: ignore[union-attr]  # the example has a calendar
            config.municipality,
            config.calendar.breaks,  # type: ignore[union-attr]
            "da",
        ).dot
    ),
}


def printed_text(pdf: bytes) -> list[tuple[int, float, str]]:
    """Every piece of text in ``pdf``: (page number from 1, printed size in points, text)."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, size: float, n: int = number
        ) -> None:
            if not text.strip():
                return
            # The text space's vertical unit, through the text matrix and then the CTM.
            c, d = tm[2:4]
            ca, cb, cc, cd = cm[:4]
            up = (c * ca + d * cc, c * cb + d * cd)
            found.append((n, size * math.hypot(*up), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paper", ["a4", "a3"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_text_below_7_pt_on_paper(
    config: Configuration,
    example_shift: Shift,  # noqa: F811 - the fixture imported above
    kind: str,
    paper: str,
) -> None:
    dot = KINDS[kind](config, paper, example_shift)
    pdf = render(dot, "pdf", PAPERS[paper])
    text = printed_text(pdf)
    assert text, "no text found: the measurement would prove nothing"
    page, smallest, words = min(text, key=lambda item: item[1])
    assert smallest >= MIN_TEXT_PT - 0.01, f"{words!r} on sheet {page} at {smallest:.2f} pt"
    # Whole sheets of the paper, as many as the plan says.
    plan = print_plan(dot, PAPERS[paper])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == plan.pages
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert sorted((width, height)) == pytest.approx(
            sorted((PAPERS[paper].width * PT, PAPERS[paper].height * PT)), abs=1
        )
    # More than one sheet: each says which it is and where the next goes on.
    if plan.pages > 1:
        footers = [t for _, _, t in text if t.startswith("Ark ") and " af " in t]
        assert len(footers) == plan.pages
        assert footers[-1].startswith(f"Ark {plan.pages} af {plan.pages}")
        assert any("fortsætter" in t for _, _, t in text) or kind.endswith("_en")


def test_sheet_marks_follow_the_language(config: Configuration) -> None:
    build = _workflow("lokalplan", None, "en")
    pdf = render(to_dot(build(config), PAPERS["a4"]), "pdf", PAPERS["a4"], lang="en")
    words = [t for _, _, t in printed_text(pdf)]
    assert any(t.startswith("Sheet 1 of ") for t in words)
    assert any("goes on" in t for t in words) and not any(t.startswith("Ark ") for t in words)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_pictures_for_paper_keep_the_print_scale(config: Configuration, fmt: str) -> None:
    """`--paper a4 -f png` no longer shrinks the whole drawing onto one sheet."""
    dot = to_dot(_workflow("lokalplan", None, "da")(config), PAPERS["a4"])
    plan = print_plan(dot, PAPERS["a4"])
    assert plan.pages > 1
    data = render(dot, fmt, PAPERS["a4"])  # type: ignore[arg-type]
    if fmt == "png":
        width = int.from_bytes(data[16:20], "big") * 72 / 96  # PNG at 96 dpi, in points
    else:
        width = float(data.decode().split('<svg width="', 1)[1].split("pt", 1)[0])
    one_sheet = plan.printable[0]
    assert width > one_sheet * 1.2  # larger than one sheet: the text is not shrunk to fit
