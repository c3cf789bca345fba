"""How ``casework diagram`` writes what it draws: text to stdout or a file, pictures to a file.

Text is built only in the format asked for: a workflow's Mermaid costs nothing unused. The
confirmation goes to stderr, so ``--format dot > file`` and pipes get the diagram only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.diagrams.figure import Figure
    from casework.diagrams.model import Diagram
    from casework.diagrams.paper import Paper


class Format(StrEnum):
    """What ``--format`` can ask for."""

    DOT = "dot"
    MERMAID = "mermaid"
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"


class PaperSize(StrEnum):
    """What ``--paper`` can ask for: the print layout fitted to an ISO sheet."""

    A4 = "a4"
    A3 = "a3"


def emit(diagram: Diagram, fmt: Format, out: Path | None, paper: PaperSize | None = None) -> None:
    """Write ``diagram`` as ``fmt``; ``paper`` chooses the print layout (Mermaid has no pages)."""
    from casework.diagrams.dot import to_dot
    from casework.diagrams.mermaid import to_mermaid
    from casework.diagrams.paper import PAPERS

    sheet = PAPERS[paper.value] if paper is not None else None
    write(lambda: to_dot(diagram, sheet), lambda: to_mermaid(diagram), diagram.lang, fmt, out,
          sheet)  # fmt: skip


def emit_figure(
    figure: Figure, fmt: Format, out: Path | None, paper: PaperSize | None = None
) -> None:
    """Write an analytical figure (mined map, delegation shift, annual wheel) as ``fmt``.

    A figure has one layout for screen and paper; ``paper`` decides how SVG, PNG and PDF are
    scaled and, for PDF, cut into sheets.
    """
    from casework.diagrams.paper import PAPERS

    sheet = PAPERS[paper.value] if paper is not None else None
    write(lambda: figure.dot, lambda: figure.mermaid, figure.lang, fmt, out, sheet)


def write(  # noqa: PLR0917 - the pieces of one output, passed straight through
    dot: Callable[[], str],
    mermaid: Callable[[], str],
    lang: str,
    fmt: Format,
    out: Path | None,
    paper: Paper | None = None,
) -> None:
    """Write the text or the rendered picture, and say where."""
    from casework.diagrams.render import render
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    if fmt in {Format.DOT, Format.MERMAID}:
        text = dot() if fmt is Format.DOT else mermaid()
        if out is None:
            sys.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
    else:
        if out is None and fmt is not Format.SVG:
            raise InvalidInput(detail=Msg("diagram.needs_out", format=fmt.value))
        data = render(dot(), fmt.value, paper, lang)  # type: ignore[arg-type]  # an SVG/PNG/PDF member
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        out.write_bytes(data)
    say(t("diagram.written", lang, path=str(out)))
