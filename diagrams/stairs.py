"""The forandringstrappe: a new council's four-year term as steps up from the election.

Each step (konstituering, roller, budget, udvikling, innovation: ``calendar.yaml``'s ``term:``)
is a block one stair higher than the one before, with its months of the term under its name and
the secretariat's support activities listed on it. Laid out for one landscape sheet of A4 or
A3, no text below 7 pt, and written by the annual wheel's writers (:mod:`diagrams.wheel`) as SVG
or a one-page PDF.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from casework.diagrams import palette
from casework.diagrams.paper import MARGIN, PAPERS, PT, Paper
from casework.diagrams.texts import tr
from casework.diagrams.wheel import EM, SMALL, Line, Polygon, Shape, Text, Wheel, _box
from casework.domain.messages import register
from casework.domain.term import TermStep

register(
    {
        "diagram.stairs.title": ("Forandringstrappen", "The term as a staircase"),
        "diagram.stairs.subtitle": (
            "{municipality} · kommunalbestyrelsens valgperiode, trin for trin, og hvad "
            "sekretariatet planlægger til hvert trin",
            "{municipality} · the council's four-year term, step by step, and what the "
            "secretariat plans for each step",
        ),
        "diagram.stairs.months": ("måned {start}–{end}", "months {start}–{end}"),
        "diagram.stairs.month": ("måned {start}", "month {start}"),
        "diagram.stairs.election": ("Valg", "Election"),
        "diagram.stairs.none": (
            "Ingen trin i calendar.yaml (term:)",
            "No steps in calendar.yaml (term:)",
        ),
    }
)

STEP_FILLS = ("#E3EEF9", "#E1F3EC", "#FFF3B8", "#F6E4EF", "#EEF1F4")


def stairs(
    steps: Sequence[TermStep], municipality: str, lang: str = "da", paper: Paper = PAPERS["a4"]
) -> Wheel:
    """The staircase of ``steps`` on one landscape sheet of ``paper``."""
    width, height = paper.height * PT, paper.width * PT  # landscape
    margin = MARGIN * PT
    grow = paper.width / PAPERS["a4"].width
    small, normal = SMALL * min(grow, 1.3), 9.0 * min(grow, 1.3)
    shapes: list[Shape] = []
    top = margin + 18 * grow
    shapes.append(Text((margin, top), tr("diagram.stairs.title", lang), 18 * grow, bold=True,
                       anchor="start"))  # fmt: skip
    subtitle = tr("diagram.stairs.subtitle", lang, municipality=municipality)
    shapes.append(Text((margin, top + 16 * grow), subtitle, normal, colour=palette.MUTED,
                       anchor="start"))  # fmt: skip
    if not steps:
        shapes.append(Text((margin, top + 50 * grow), tr("diagram.stairs.none", lang), normal,
                           anchor="start"))  # fmt: skip
        return Wheel("stairs", lang, width, height, tuple(shapes))
    ground = height - margin - small * 2  # the floor line
    left = margin + 40 * grow  # room for the election mark
    count = len(steps)
    tread = (width - margin - left) / count  # each step's width
    riser = (ground - (top + 40 * grow)) / count  # each step's height
    shapes.append(Line((margin, ground), (width - margin, ground), palette.INK, 1.2))
    shapes.append(Text((margin, ground + small * 1.2), tr("diagram.stairs.election", lang),
                       small, bold=True, anchor="start"))  # fmt: skip
    chars = max(12, int((tread - 12) / (EM * small)))
    for index, step in enumerate(steps):
        x = left + index * tread
        y = ground - (index + 1) * riser  # the step's top
        shapes.append(Polygon(_box(x, y, tread, ground - y), STEP_FILLS[index % len(STEP_FILLS)],
                              palette.LANE_BORDER, 0.8))  # fmt: skip
        shapes.append(Text((x + 6, y + normal * 1.3), step.label(lang), normal * 1.15, bold=True,
                           anchor="start"))  # fmt: skip
        when = (
            tr("diagram.stairs.month", lang, start=step.start)
            if step.start == step.end
            else tr("diagram.stairs.months", lang, start=step.start, end=step.end)
        )
        shapes.append(Text((x + 6, y + normal * 2.7), when, small, colour=palette.MUTED,
                           anchor="start"))  # fmt: skip
        line = y + normal * 2.7 + small * 1.8
        for activity in step.support(lang):
            for number, part in enumerate(textwrap.wrap(activity, chars - 2)):
                text = ("• " if number == 0 else "  ") + part
                shapes.append(Text((x + 6, line), text, small, anchor="start"))
                line += small * 1.35
            line += small * 0.3
    return Wheel("stairs", lang, width, height, tuple(shapes))
