"""The annual wheel as a wheel (issue 19, item 5): rings, meetings on their days, today, print.

The page is checked as drawn (its shapes), as SVG against a golden file, and as PDF read back
with pypdf: one page of the paper, no text below 7 pt, on A4 and A3, in Danish and English.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from test_diagrams_golden import GOLDEN, IMAGES, REGENERATE, _compare  # tests/unit is on sys.path

from casework.diagrams.paper import MIN_TEXT_PT, PAPERS, PT
from casework.diagrams.wheel import Line, Text, Wheel, png_size, to_pdf, to_png, to_svg, wheel
from casework.domain.configuration import Configuration

TODAY = dt.date(2026, 4, 20)


def _wheel(config: Configuration, year: int = 2026, lang: str = "da", paper: str = "a4") -> Wheel:
    calendar = config.calendar
    assert calendar is not None
    return wheel(
        year, calendar.meetings, config.municipality, calendar.breaks, TODAY, lang, PAPERS[paper]
    )


def _texts(drawn: Wheel) -> list[str]:
    return [s.text for s in drawn.shapes if isinstance(s, Text)]


def test_every_meeting_of_the_year_is_on_the_wheel(config: Configuration) -> None:
    drawn = _wheel(config)
    calendar = config.calendar
    assert calendar is not None
    meetings = calendar.meetings.select(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    days = [t for t in _texts(drawn) if t.isdigit() and len(t) <= 2]
    # Each meeting's day of the month, plus the phase numbers and the legend's sample "12".
    assert len(days) >= len(meetings) > 50
    for body in {m.body for m in meetings}:
        assert config.municipality.bodies[body].short in _texts(drawn)  # a ring per body


def test_phases_are_numbered_on_the_wheel_and_explained_below(config: Configuration) -> None:
    texts = _texts(_wheel(config, 2025, "en"))
    legend = [t for t in texts if "  " in t and t.split("  ")[0].isdigit()]
    assert any("Municipal election 18" in t for t in legend)  # 2025 is an election year
    assert any(t.endswith("Christmas break 22 Dec–3 Jan") for t in legend)  # one arc, not two
    numbers = {t.split("  ")[0] for t in legend}
    assert numbers == {str(n) for n in range(1, len(legend) + 1)}
    assert numbers <= set(texts)  # each number is on the wheel too
    assert not any(m in texts for m in ("jan.", "maj", "okt."))  # English months only


def test_today_is_marked_only_in_its_year(config: Configuration) -> None:
    def today_lines(drawn: Wheel) -> list[Line]:
        return [s for s in drawn.shapes if isinstance(s, Line) and s.stroke == "#D55E00"]

    drawn = _wheel(config)
    assert len(today_lines(drawn)) == 2  # on the wheel and in the legend
    assert "I dag: 20. apr. 2026" in _texts(drawn)
    (line, _) = today_lines(drawn)
    # 20 April is day 110 of 365: a little past four o'clock, clockwise from the top.
    (x1, y1), (x2, y2) = line.start, line.end
    angle = math.atan2(x2 - x1, y1 - y2) % (2 * math.pi)
    assert angle == pytest.approx(2 * math.pi * 109 / 365, abs=0.01)
    assert today_lines(_wheel(config, 2027)) == []


def test_wheel_matches_golden_svg(config: Configuration) -> None:
    svg = to_svg(_wheel(config))
    _compare(GOLDEN / "wheel_2026_a4_da.svg", svg)
    assert 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"' in svg
    # docs/diagrams.md shows the same drawing: regenerated with the golden files, held to it.
    image = IMAGES / "wheel-2026.svg"
    if REGENERATE:
        image.write_text(svg, encoding="utf-8")
    assert image.read_text(encoding="utf-8") == svg


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_wheel_prints_on_one_page_with_no_text_below_7_pt(
    config: Configuration, paper: str, lang: str
) -> None:
    pypdf = pytest.importorskip("pypdf")
    from test_diagrams_print import printed_text

    drawn = _wheel(config, lang=lang, paper=paper)
    pdf = to_pdf(drawn)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(
        (PAPERS[paper].width * PT, PAPERS[paper].height * PT), abs=1
    )
    text = printed_text(pdf)
    _, smallest, words = min(text, key=lambda item: item[1])
    assert smallest >= MIN_TEXT_PT - 0.01, f"{words!r} at {smallest:.2f} pt"
    # Every shape is on the page, inside the margin.
    for shape in drawn.shapes:
        if isinstance(shape, Line):
            points: tuple[tuple[float, float], ...] = (shape.start, shape.end)
        else:
            points = (shape.at,) if isinstance(shape, Text) else shape.points
        for x, y in points:
            assert 0 < x < drawn.width and 0 < y < drawn.height
    assert to_pdf(drawn) == pdf  # the same bytes every time


# --------------------------------------------------------------------------- forandringstrappe
def _stairs(config: Configuration, lang: str = "da", paper: str = "a4") -> Wheel:
    from casework.diagrams.stairs import stairs

    assert config.calendar is not None
    return stairs(config.calendar.term, config.municipality.name, lang, PAPERS[paper])


def test_the_staircase_climbs_through_the_configured_steps(config: Configuration) -> None:
    assert config.calendar is not None
    steps = config.calendar.term
    assert [s.id for s in steps] == ["konstituering", "roller", "budget", "udvikling", "innovation"]
    drawn = _stairs(config, "en")
    texts = _texts(drawn)
    for step in steps:
        assert step.label("en") in texts
    assert "• Budget seminar" in texts and "months 31–48" in texts
    # Each step stands one stair higher than the one before: the tops climb.
    tops = [t.at[1] for t in drawn.shapes if isinstance(t, Text) and t.text in
            {s.label("en") for s in steps}]  # fmt: skip
    assert tops == sorted(tops, reverse=True)


def test_staircase_matches_golden_svg(config: Configuration) -> None:
    _compare(GOLDEN / "stairs_a4_da.svg", to_svg(_stairs(config)))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_staircase_prints_on_one_landscape_page_with_no_text_below_7_pt(
    config: Configuration, paper: str, lang: str
) -> None:
    pypdf = pytest.importorskip("pypdf")
    from test_diagrams_print import printed_text

    drawn = _stairs(config, lang, paper)
    pdf = to_pdf(drawn)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(
        (PAPERS[paper].height * PT, PAPERS[paper].width * PT), abs=1
    )
    _, smallest, words = min(printed_text(pdf), key=lambda item: item[1])
    assert smallest >= MIN_TEXT_PT - 0.01, f"{words!r} at {smallest:.2f} pt"
    for shape in drawn.shapes:  # nothing runs off the page
        if isinstance(shape, Text):
            x, y = shape.at
            assert 0 < x < drawn.width and 0 < y < drawn.height


@pytest.mark.parametrize("kind", ["wheel", "stairs"])
@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_png_for_slides_is_the_page_at_150_dpi_and_not_blank(
    config: Configuration, kind: str, paper: str
) -> None:
    from PIL import Image

    drawn = _wheel(config, paper=paper) if kind == "wheel" else _stairs(config, "da", paper)
    png = to_png(drawn)
    assert png == to_png(drawn)  # the same bytes every time
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.mode == "RGB"
    # The page's size at 150 dpi: A4 portrait is 1240 × 1754 px, within a pixel of rounding.
    width, height = PAPERS[paper].width * PT, PAPERS[paper].height * PT
    expected = (width, height) if kind == "wheel" else (height, width)
    assert image.size == png_size(drawn)
    assert image.size == pytest.approx(tuple(v * 150 / 72 for v in expected), abs=1)
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.1)
    # Not blank: a real share of the page is painted, in the drawing's colours, and the title
    # (dark ink, top left) is there.
    grey = image.convert("L")
    histogram = grey.histogram()
    painted = sum(histogram[:250]) / (image.size[0] * image.size[1])
    assert painted > 0.2, painted
    assert len(image.getcolors(1 << 20) or []) > 100
    margin = round(150 / 2.54)  # 1 cm at 150 dpi
    title = grey.crop((margin, margin, image.size[0] // 3, margin * 3))
    assert sum(title.histogram()[:80]) > 0  # the title's dark ink
