"""The outer edge of ``diagrams``: DOT text in, SVG, PNG or PDF bytes out, through Graphviz.

The only module that runs ``dot``. Everything else in the package is pure text, so only the
tests of this module (and the end-to-end tests) need Graphviz installed. A missing ``dot``
becomes :class:`DotMissing`, one line with the command that installs it; any other failure of
``dot`` on our own output is a bug and is left to show its traceback.
"""

from __future__ import annotations

import shutil
from typing import Literal

import diagrams.texts  # noqa: F401 - registers the message keys DotMissing renders
from casework.domain.errors import CaseworkError

Format = Literal["svg", "png", "pdf"]
FORMATS: tuple[Format, ...] = ("svg", "png", "pdf")


class DotMissing(CaseworkError):
    """Graphviz's ``dot`` is not installed (or not on ``PATH``)."""

    code = "CW501"
    key = "error.dot_missing"


def dot_available() -> bool:
    """Whether the ``dot`` program can be found."""
    return shutil.which("dot") is not None


def render(dot_source: str, fmt: Format) -> bytes:
    """``dot_source`` laid out by ``dot`` and drawn as ``fmt``.

    Raises:
        DotMissing: Graphviz is not installed.
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    import graphviz  # type: ignore[import-untyped]  # no stubs; imported only to render

    if not dot_available():
        raise DotMissing()
    try:
        # Graphviz's defaults are the right ones: its own SVG writer keeps text as text, so SVGs
        # stay small and searchable; cairo draws PNG with anti-aliased text and embeds the
        # font in PDF.
        data: bytes = graphviz.pipe("dot", fmt, dot_source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise DotMissing() from None
    return data
