"""What the analytical diagram kinds share: a finished figure as DOT and Mermaid text.

The workflow and journey diagrams are swimlanes and go through :class:`diagrams.model.Diagram`.
The mined route map, the delegation shift and the annual wheel are different shapes (a graph
laid out by ``dot``, a bipartite flow, a table), so each kind writes its own text; this module
holds the small pieces they all use, so that the three look like one family: the font, the
title block and how numbers and waits are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.diagrams import palette
from casework.diagrams.dot import html, quote
from casework.diagrams.texts import tr
from casework.domain.messages import register

register(
    {
        # Nouns as "one|many": a count of 1 takes the first ("1 hverdag", "2 hverdage").
        "diagram.noun.case": ("sag|sager", "case|cases"),
        "diagram.noun.event": ("hændelse|hændelser", "event|events"),
        "diagram.noun.visit": ("besøg|besøg", "visit|visits"),
        "diagram.noun.hverdage": ("hverdag|hverdage", "working day|working days"),
        "diagram.noun.dage": ("kalenderdag|kalenderdage", "calendar day|calendar days"),
    }
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A finished figure: DOT for Graphviz (SVG, PNG, PDF) and Mermaid for the Prefect UI."""

    id: str
    lang: str
    dot: str
    mermaid: str


def graph_defaults(rankdir: str = "LR") -> list[str]:
    """The DOT lines every analytical figure starts with (after ``digraph … {``)."""
    font = quote(palette.FONT)
    return [
        f"  graph [rankdir={rankdir}, fontname={font}, fontsize=11, bgcolor={quote(palette.WHITE)},"
        ' pad="0.3", nodesep="0.35", ranksep="0.7", labelloc="t", labeljust="l"];',
        f"  node [fontname={font}, fontsize=10, color={quote(palette.INK)},"
        f" fontcolor={quote(palette.INK)}];",
        f"  edge [fontname={font}, fontsize=9, color={quote(palette.INK)},"
        f" fontcolor={quote(palette.INK)}];",
    ]


def title_label(title: str, subtitle: tuple[str, ...]) -> str:
    """An HTML-like graph label: a bold title and muted lines under it."""
    rows = [f'<TR><TD ALIGN="LEFT"><B><FONT POINT-SIZE="16">{html(title)}</FONT></B></TD></TR>']
    rows += [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{palette.MUTED}">{html(line)}'
        "</FONT></TD></TR>"
        for line in subtitle
    ]
    return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def number(value: float, lang: str) -> str:
    """A count or a number of days: whole numbers plain, else one decimal (comma in Danish)."""
    if float(value).is_integer():
        # Danish groups thousands with a point: 1.340 sager.
        return f"{int(value):,}".replace(",", "." if lang == "da" else ",")
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "da" else text


def noun(key: str, value: float, lang: str) -> str:
    """``diagram.noun.<key>`` in the singular for exactly 1, else in the plural."""
    one, _, many = tr(f"diagram.noun.{key}", lang).partition("|")
    return one if value == 1 else many


def counted(key: str, value: float, lang: str) -> str:
    """A number with its noun: "1 sag", "1.340 hændelser", "2,5 hverdage"."""
    return f"{number(value, lang)} {noun(key, value, lang)}"


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label; ``#quot;`` is Mermaid's own escape for a double quote."""
    return '"' + text.replace('"', "#quot;").replace("\n", "<br/>") + '"'
