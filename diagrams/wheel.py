"""The annual wheel (*årshjul*) as a wheel: the year round a circle, one ring per strand of it.

Trainers and politicians know the årshjul as a circle, not a table: January at the top, the
months clockwise, and rings inside them for what recurs every year. From the outside in:

* the twelve **months** (alternating fills, names),
* one ring per **body** with its meetings on their days (a small disc with the day of the month;
  an extraordinary meeting has a vermillion rim), the city council outermost,
* the **phases** of the year (shared/docs/domain.md §9): breaks, the election (in election
  years), the accounts, the budget, as arcs with a number that the legend under the wheel
  explains in full,
* **today** as a vermillion line from the centre through every ring, when today is in the year.

The same phases and meetings as the stepped table of :mod:`diagrams.year` (which stays, for
Mermaid and for a month-by-month reading), laid out for one printed page: the geometry is
computed for the chosen paper's printable area, and no text is smaller than 7 pt on it, so
the page prints at 100 % without scaling.

Pure: :func:`wheel` computes :class:`Shape` objects in points; :func:`to_svg` writes them as
SVG text and :func:`to_pdf` (the one function with an import of fpdf2) as a one-page PDF.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from casework.diagrams import palette
from casework.diagrams.paper import MARGIN, PAPERS, PT, Paper
from casework.diagrams.texts import tr
from casework.diagrams.year import (
    _KINDS,
    _MONTHS,
    BREAK_FILL,
    ELECTION_FILL,
    MEETING_FILL,
    PHASE_FILL,
    Phase,
    _span,
    phases,
)
from casework.domain.meetings import Break, MeetingKind, MeetingPlan
from casework.domain.messages import register
from casework.domain.organisation import Municipality

register(
    {
        "diagram.wheel.title": ("Årshjul {year}", "Annual wheel {year}"),
        "diagram.wheel.subtitle": (
            "{municipality} · fra yderst: måneder, organernes møder (dag i måneden), årets faser",
            "{municipality} · from the outside: months, the bodies' meetings (day of the "
            "month), the year's phases",
        ),
        "diagram.wheel.ring.budget": ("Budget", "Budget"),
        "diagram.wheel.ring.accounts": ("Regnskab", "Accounts"),
        "diagram.wheel.ring.election": ("Valg", "Election"),
        "diagram.wheel.ring.breaks": ("Ferier", "Breaks"),
        "diagram.wheel.phases": ("Årets faser", "The year's phases"),
        "diagram.wheel.bodies": ("Organerne", "The bodies"),
        "diagram.wheel.meeting": ("Møde, dag i måneden", "Meeting, day of the month"),
        "diagram.wheel.extra": ("Ekstraordinært møde", "Extraordinary meeting"),
        "diagram.wheel.today": ("I dag: {date}", "Today: {date}"),
    }
)

#: The smallest text on the page, in points as printed: the legibility floor.
SMALL = 7.0
MONTH_FILLS = ("#DCE2E9", "#EEF1F4")
RING_FILLS = ("#F6F8FA", "#FFFFFF")
#: Rough advance of a DejaVu Sans character, in ems (for layout only; the text is real text).
EM = 0.6

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[Point, ...]
    fill: str
    stroke: str = palette.LANE_BORDER
    width: float = 0.5


@dataclass(frozen=True, slots=True)
class Line:
    start: Point
    end: Point
    stroke: str
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Text:
    """Text centred on ``at`` (``anchor`` ``middle``) or starting there (``start``)."""

    at: Point
    text: str
    size: float
    bold: bool = False
    colour: str = palette.INK
    anchor: str = "middle"


Shape = Polygon | Line | Text


@dataclass(frozen=True, slots=True)
class Wheel:
    """A drawn page: its size in points and its shapes, painted in order."""

    id: str
    lang: str
    width: float
    height: float
    shapes: tuple[Shape, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Ring:
    key: str
    label: str


def wheel(  # noqa: PLR0915, PLR0917 - the year's facts, and where to draw them
    year: int,
    plan: MeetingPlan,
    municipality: Municipality,
    breaks: Sequence[Break] = (),
    today: dt.date | None = None,
    lang: str = "da",
    paper: Paper = PAPERS["a4"],
) -> Wheel:
    """The annual wheel of ``year`` on one portrait sheet of ``paper``."""
    width, height = paper.width * PT, paper.height * PT
    margin = MARGIN * PT
    grow = paper.width / PAPERS["a4"].width  # A3 draws larger text, not just a larger wheel
    small, normal = SMALL * min(grow, 1.2), 8.5 * min(grow, 1.2)
    shapes: list[Shape] = []

    # The title block.
    top = margin + 18 * grow
    shapes.append(Text((margin, top), tr("diagram.wheel.title", lang, year=year), 18 * grow,
                       bold=True, anchor="start"))  # fmt: skip
    subtitle = tr("diagram.wheel.subtitle", lang, municipality=municipality.name)
    shapes.append(Text((margin, top + 16 * grow), subtitle, normal, colour=palette.MUTED,
                       anchor="start"))  # fmt: skip

    # What goes in the wheel.
    meetings = plan.select(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))

    def order(body: str) -> tuple[int, str]:
        found = municipality.bodies.get(body)
        return (_KINDS.index(found.kind) if found is not None else len(_KINDS), body)

    bodies = sorted({m.body for m in meetings}, key=order)
    found_phases = [p for p in phases(year, breaks, lang) if p.row != "breaks"]
    found_phases += _breaks(year, breaks, lang)
    phase_rows = [r for r in ("breaks", "election", "accounts", "budget")
                  if any(p.row == r for p in found_phases)]  # fmt: skip
    rings = [_Ring(b, _short(b, municipality)) for b in bodies]
    rings += [_Ring(r, tr(f"diagram.wheel.ring.{r}", lang)) for r in phase_rows]

    # The phases are numbered ring by ring, as the legend lists them.
    numbered = [p for r in phase_rows for p in found_phases if p.row == r]
    number = {id(p): i for i, p in enumerate(numbered, start=1)}

    # The legend's height decides the wheel's size: the wheel takes what is left.
    usable_w = width - 2 * margin
    legend_h, legend = _legend(numbered, bodies, municipality, today, year, lang, usable_w,
                               (small, normal))  # fmt: skip
    usable_h = height - margin - (top + 26 * grow) - legend_h - small * 2
    radius = min(usable_w, usable_h) / 2
    # The wheel right under the title, the legend right under the wheel.
    centre = (width / 2, top + 26 * grow + radius)
    month_band = max(normal * 2.4, radius * 0.08)
    hole = radius * 0.2
    band = (radius - month_band - hole) / max(1, len(rings))

    days = 366 if _leap(year) else 365

    def angle(day: dt.date) -> float:
        """Clockwise from the top, in radians: 1 January at 0."""
        return 2 * math.pi * (day.timetuple().tm_yday - 1) / days

    def month_start(month: int) -> float:
        return angle(dt.date(year, month, 1)) if month <= 12 else 2 * math.pi

    # The months, outermost.
    months = _MONTHS["en" if lang == "en" else "da"]
    outer = radius
    inner = radius - month_band
    for month in range(1, 13):
        a1, a2 = month_start(month), month_start(month + 1)
        shapes.append(Polygon(_sector(centre, inner, outer, a1, a2), MONTH_FILLS[month % 2]))
        shapes.append(Text(_polar(centre, (inner + outer) / 2, (a1 + a2) / 2), months[month - 1],
                           normal, bold=True))  # fmt: skip

    # One ring per body and per phase row, alternating backgrounds.
    for index, ring in enumerate(rings):
        r_out = inner - index * band
        r_in = r_out - band
        mid = (r_in + r_out) / 2
        shapes.append(Polygon(_sector(centre, r_in, r_out, 0, 2 * math.pi), RING_FILLS[index % 2]))
        if ring.key in PHASE_ROWS:
            for phase in (p for p in numbered if p.row == ring.key):
                a1, a2 = angle(phase.start), angle(phase.end) + 2 * math.pi / days
                # A one-day phase (the election) still shows: three days wide at least.
                a2 = max(a2, a1 + 2 * math.pi * 3 / days)
                label_at = (a1 + a2) / 2
                if phase.end < phase.start:  # a break over the new year: one arc round the top
                    a2 = angle(phase.end) + 2 * math.pi / days + 2 * math.pi
                    # Its number after the top, where the rings' names leave room.
                    label_at = (a2 - 2 * math.pi) / 2
                fill = {"breaks": BREAK_FILL, "election": ELECTION_FILL}.get(ring.key, PHASE_FILL)
                shapes.append(Polygon(_sector(centre, r_in + 1, r_out - 1, a1, a2), fill,
                                      palette.GREY))  # fmt: skip
                shapes.append(Text(_polar(centre, mid, label_at), str(number[id(phase)]),
                                   small, bold=True))  # fmt: skip
        else:
            disc = min(band * 0.45, small * 1.1)
            for meeting in (m for m in meetings if m.body == ring.key):
                at = _polar(centre, mid, angle(meeting.date))
                extra = meeting.kind is MeetingKind.EXTRA
                rim = palette.VERMILLION if extra else palette.BLUE
                shapes.append(Polygon(_circle(at, disc), MEETING_FILL, rim, 1.4 if extra else 0.6))
                shapes.append(Text(at, str(meeting.date.day), small))
    # The rings' names at the top, left of the line where the year begins.
    for index, ring in enumerate(rings):
        x, y = _polar(centre, inner - index * band - band / 2, 0)
        label_w = len(ring.label) * EM * small + 4
        shapes.append(Polygon(_box(x - label_w - 4, y - small * 0.7, label_w + 2, small * 1.4),
                              palette.WHITE, palette.WHITE, 0))  # fmt: skip
        shapes.append(Text((x - 4, y), ring.label, small, bold=True, anchor="end"))

    # The year's start and today, over the rings.
    shapes.append(Line(_polar(centre, hole, 0), _polar(centre, radius, 0), palette.INK, 1.0))
    if today is not None and today.year == year:
        now = angle(today)
        inside, outside = _polar(centre, hole * 0.6, now), _polar(centre, radius + 6, now)
        shapes.append(Line(inside, outside, palette.VERMILLION, 1.8))
    shapes.append(Text(centre, str(year), 20 * grow, bold=True))

    # The legend under the wheel.
    legend_top = centre[1] + radius + small * 2
    shapes += [_moved(shape, margin, legend_top) for shape in legend]
    return Wheel(f"wheel-{year}", lang, width, height, tuple(shapes))


PHASE_ROWS = ("breaks", "election", "accounts", "budget")


def _breaks(year: int, breaks: Sequence[Break], lang: str) -> list[Phase]:
    """The calendar's breaks as phases, a break over the new year as one (ending before it
    starts): the wheel draws it as one arc round the top, where the table has two pieces."""
    found = []
    for pause in breaks:
        (m1, d1), (m2, d2) = pause.start, pause.end
        text = f"{pause.label(lang)} {_span(d1, m1, d2, m2, lang)}"
        start, end = dt.date(year, m1, d1), dt.date(year, m2, d2)
        found.append(Phase("breaks", m1, m2, text, BREAK_FILL, start, end))
    return found


def _short(body: str, municipality: Municipality) -> str:
    found = municipality.bodies.get(body)
    return found.short if found is not None else body


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _legend(  # noqa: PLR0917 - the pieces of one legend
    numbered: Sequence[Phase],
    bodies: Sequence[str],
    municipality: Municipality,
    today: dt.date | None,
    year: int,
    lang: str,
    width: float,
    sizes: tuple[float, float],
) -> tuple[float, list[Shape]]:
    """The legend, from (0, 0): the numbered phases in two columns, the bodies in three, and
    the marks. Returns its height and shapes; laid out first, so the wheel gets the rest."""
    small, normal = sizes
    step = small * 1.5
    shapes: list[Shape] = []
    y = 0.0

    def columns(items: Sequence[str], count: int) -> None:
        nonlocal y
        rows = math.ceil(len(items) / count)
        for index, item in enumerate(items):
            column, row = divmod(index, rows)
            shapes.append(Text((column * width / count, y + row * step), item, small,
                               anchor="start"))  # fmt: skip
        y += rows * step + step * 0.4

    shapes.append(Text((0, y), tr("diagram.wheel.phases", lang), normal, bold=True, anchor="start"))
    y += step * 1.2
    texts = [f"{i}  {p.text}" for i, p in enumerate(numbered, start=1)]
    # Two columns when every line fits half the width, else one: a phase is never cut short.
    two = all(len(t) * EM * small < width / 2 - small for t in texts)
    columns(texts if two else [_clip(t, int(width / (EM * small))) for t in texts], 2 if two else 1)
    if bodies:
        heading = tr("diagram.wheel.bodies", lang)
        shapes.append(Text((0, y), heading, normal, bold=True, anchor="start"))
        y += step * 1.2
        names = [f"{_short(b, municipality)}  {_body_title(b, municipality, lang)}" for b in bodies]
        columns([_clip(n, int(width / 3 / (EM * small)) - 1) for n in names], 3)
    # The marks: a meeting disc, an extraordinary one, today's line.
    disc = small * 1.1
    x = disc
    shapes.append(Polygon(_circle((x, y), disc), MEETING_FILL, palette.BLUE, 0.6))
    shapes.append(Text((x, y), "12", small))
    shapes.append(Text((x + disc + 4, y), tr("diagram.wheel.meeting", lang), small, anchor="start"))
    x = width / 3 + disc
    shapes.append(Polygon(_circle((x, y), disc), MEETING_FILL, palette.VERMILLION, 1.4))
    shapes.append(Text((x + disc + 4, y), tr("diagram.wheel.extra", lang), small, anchor="start"))
    if today is not None and today.year == year:
        x = 2 * width / 3
        shapes.append(Line((x, y), (x + 2 * disc, y), palette.VERMILLION, 1.8))
        when = f"{today.day}. {_MONTHS['da'][today.month - 1]} {today.year}"
        if lang == "en":
            when = f"{today.day} {_MONTHS['en'][today.month - 1]} {today.year}"
        shapes.append(Text((x + 2 * disc + 4, y), tr("diagram.wheel.today", lang, date=when),
                           small, anchor="start"))  # fmt: skip
    y += disc
    return y, shapes


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a legend line never runs over."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _body_title(body: str, municipality: Municipality, lang: str) -> str:
    found = municipality.bodies.get(body)
    return found.title(lang) if found is not None else body


def _moved(shape: Shape, dx: float, dy: float) -> Shape:
    def move(point: Point) -> Point:
        return (round(point[0] + dx, 2), round(point[1] + dy, 2))

    if isinstance(shape, Polygon):
        return Polygon(tuple(move(p) for p in shape.points), shape.fill, shape.stroke, shape.width)
    if isinstance(shape, Line):
        return Line(move(shape.start), move(shape.end), shape.stroke, shape.width)
    return Text(move(shape.at), shape.text, shape.size, shape.bold, shape.colour, shape.anchor)


def _polar(centre: Point, radius: float, angle: float) -> Point:
    """The point ``radius`` from ``centre`` at ``angle`` clockwise from the top (y down)."""
    cx, cy = centre
    return (round(cx + radius * math.sin(angle), 2), round(cy - radius * math.cos(angle), 2))


def _sector(centre: Point, r_in: float, r_out: float, a1: float, a2: float) -> tuple[Point, ...]:
    """A ring's piece from angle ``a1`` to ``a2``, its arcs as polylines of at most 2° a step."""
    steps = max(2, math.ceil((a2 - a1) / math.radians(2)))
    arc = [a1 + (a2 - a1) * i / steps for i in range(steps + 1)]
    outer = [_polar(centre, r_out, a) for a in arc]
    inner = [_polar(centre, r_in, a) for a in reversed(arc)]
    return (*outer, *inner)


def _circle(at: Point, radius: float) -> tuple[Point, ...]:
    return tuple(_polar(at, radius, 2 * math.pi * i / 20) for i in range(20))


def _box(x: float, y: float, w: float, h: float) -> tuple[Point, ...]:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


# --------------------------------------------------------------------------- writers
#: Text in SVG names the diagrams' font and its fallbacks (see diagrams.render).
SVG_FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def to_svg(drawn: Wheel) -> str:
    """The page as SVG text (sizes in points, so it prints at the size it was laid out for)."""
    from casework.diagrams.dot import html  # the same escaping as every other diagram's text

    w, h = drawn.width, drawn.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2f}pt" height="{h:.2f}pt" '
        f'viewBox="0 0 {w:.2f} {h:.2f}" font-family="{SVG_FONT}">',
        f'<rect width="{w:.2f}" height="{h:.2f}" fill="{palette.WHITE}"/>',
    ]
    for shape in drawn.shapes:
        if isinstance(shape, Polygon):
            points = " ".join(f"{x:g},{y:g}" for x, y in shape.points)
            out.append(
                f'<polygon points="{points}" fill="{shape.fill}" stroke="{shape.stroke}" '
                f'stroke-width="{shape.width:g}"/>'
            )
        elif isinstance(shape, Line):
            (x1, y1), (x2, y2) = shape.start, shape.end
            out.append(
                f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" '
                f'stroke="{shape.stroke}" stroke-width="{shape.width:g}"/>'
            )
        else:
            x, y = shape.at
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{x:g}" y="{y + 0.35 * shape.size:.2f}" font-size="{shape.size:g}" '
                f'text-anchor="{_ANCHORS[shape.anchor]}" fill="{shape.colour}"{weight}>'
                f"{html(shape.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def to_pdf(drawn: Wheel) -> bytes:
    """The page as a one-page PDF, the font (DejaVu Sans) embedded, text kept as text."""
    from fpdf import FPDF  # the agendas' PDF library; imported only to draw a PDF

    pdf = FPDF(unit="pt", format=(drawn.width, drawn.height))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margin(0)
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # the same bytes every time
    pdf.add_page()
    from casework.fonts import font_file  # DejaVu Sans through fontconfig

    pdf.add_font("DejaVu", "", str(font_file()))
    pdf.add_font("DejaVu", "B", str(font_file("bold")))
    for shape in drawn.shapes:
        if isinstance(shape, Polygon):
            pdf.set_fill_color(*_rgb(shape.fill))
            pdf.set_draw_color(*_rgb(shape.stroke))
            pdf.set_line_width(shape.width)
            pdf.polygon(shape.points, style="DF" if shape.width else "F")
        elif isinstance(shape, Line):
            pdf.set_draw_color(*_rgb(shape.stroke))
            pdf.set_line_width(shape.width)
            (x1, y1), (x2, y2) = shape.start, shape.end
            pdf.line(x1, y1, x2, y2)
        else:
            pdf.set_font("DejaVu", "B" if shape.bold else "", shape.size)
            pdf.set_text_color(*_rgb(shape.colour))
            x, y = shape.at
            width = pdf.get_string_width(shape.text)
            x -= {"start": 0, "middle": width / 2, "end": width}[shape.anchor]
            pdf.text(x, y + 0.35 * shape.size, shape.text)
    return bytes(pdf.output())


#: The PNG's resolution: 150 dpi, enough for a slide or a projector, a page of A4 is 1240 px wide.
PNG_DPI = 150


def png_size(drawn: Wheel, dpi: int = PNG_DPI) -> tuple[int, int]:
    """The PNG's size in pixels: the page's size in points at ``dpi``."""
    return round(drawn.width * dpi / 72), round(drawn.height * dpi / 72)


def to_png(drawn: Wheel, dpi: int = PNG_DPI) -> bytes:
    """The page rasterised at ``dpi`` (for slides): the same shapes as the SVG and the PDF, the
    text in DejaVu Sans (:func:`casework.fonts.font_file`), antialiased by drawing at twice
    the size and scaling down. The same bytes every time (no time stamp in the file)."""
    import io

    from PIL import Image, ImageDraw, ImageFont  # fpdf2's own dependency; only for a PNG

    from casework.fonts import font_file

    final = png_size(drawn, dpi)
    k = 2 * dpi / 72  # points → pixels of the double-size canvas
    image = Image.new("RGB", (final[0] * 2, final[1] * 2), _rgb(palette.WHITE))
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}

    def font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
        key = (bold, size)
        if key not in fonts:
            path = str(font_file("bold")) if bold else str(font_file())
            fonts[key] = ImageFont.truetype(path, max(1, round(size * k)))
        return fonts[key]

    for shape in drawn.shapes:
        if isinstance(shape, Polygon):
            points = [(x * k, y * k) for x, y in shape.points]
            outline = _rgb(shape.stroke) if shape.width else None
            draw.polygon(
                points, fill=_rgb(shape.fill), outline=outline, width=max(1, round(shape.width * k))
            )
        elif isinstance(shape, Line):
            (x1, y1), (x2, y2) = shape.start, shape.end
            draw.line(
                [(x1 * k, y1 * k), (x2 * k, y2 * k)],
                fill=_rgb(shape.stroke),
                width=max(1, round(shape.width * k)),
            )
        else:
            x, y = shape.at
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text(
                (x * k, (y + 0.35 * shape.size) * k),
                shape.text,
                fill=_rgb(shape.colour),
                font=font(shape.bold, shape.size),
                anchor=anchor,
            )
    out = io.BytesIO()
    image.resize(final, Image.Resampling.LANCZOS).save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
