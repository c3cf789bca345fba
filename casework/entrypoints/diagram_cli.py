"""``casework diagram``: draw a workflow, a case's journey, or the whole training pack.

Thin commands over :mod:`diagrams`: load the configuration (and, for a case, the store), build the
diagram, and write DOT or Mermaid text to stdout, or SVG, PNG or PDF to ``--out`` through
:mod:`diagrams.render`. Registered in ``cli.py`` as ``app.add_typer(diagram_app, name="diagram")``;
the shared CLI state (language, settings, services) is imported from there inside each command,
because ``cli.py`` imports this module.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from casework.bootstrap import Services
    from casework.settings import Settings
    from diagrams.model import Diagram

diagram_app = typer.Typer(
    help="Diagrammer: sagsgange, en sags forløb og undervisningsmateriale.",
    no_args_is_help=True,
)


class Format(StrEnum):
    """What ``--format`` can ask for."""

    DOT = "dot"
    MERMAID = "mermaid"
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="dot | mermaid | svg | png | pdf.")
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file (needed for png and pdf).")
]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language: da or en.")]


@diagram_app.command("workflow")
def workflow(
    workflow_id: Annotated[str, typer.Argument(help="Workflow id, e.g. beslutningssag.")],
    route: Annotated[
        str | None,
        typer.Option(help="Bodies in order, e.g. 'tmu,oeu,kb'; default: the typical route."),
    ] = None,
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """Tegn et workflow som svømmebaner langs en sagsgang."""
    from casework.bootstrap import load_config
    from casework.domain.routes import build_route, parse_route
    from diagrams.extract import workflow_diagram

    language = _lang(lang)
    config = load_config(_settings())
    definition = config.workflow(workflow_id)
    chosen = None
    if route is not None:
        chosen = build_route(parse_route(route), definition, config.municipality)
    _emit(workflow_diagram(definition, config.municipality, chosen, lang=language), fmt, out)


@diagram_app.command("case")
def case(
    case_id: Annotated[str, typer.Argument(help="Case id, e.g. 2026-0061.")],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """Tegn en sags forløb: udførte trin, hvor sagen er nu, og hvad der venter."""
    from diagrams.journey import journey_diagram

    language = _lang(lang)
    services = _services()
    found, events = services.case(case_id)
    diagram = journey_diagram(
        found,
        events,
        services.graph(found),
        services.config.municipality,
        services.clock.today(),
        lang=language,
    )
    _emit(diagram, fmt, out)


@diagram_app.command("training")
def training(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the pack.")],
    lang: LangOpt = None,
) -> None:
    """Skriv undervisningsmaterialet: alle workflows som SVG og en printbar HTML-oversigt."""
    from casework.bootstrap import load_config
    from casework.entrypoints.texts import t
    from diagrams.dot import to_dot
    from diagrams.render import render
    from diagrams.training import index_html, training_entries

    language = _lang(lang)
    config = load_config(_settings())
    entries = training_entries(config, language)
    out.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (out / entry.file).write_bytes(render(to_dot(entry.diagram), "svg"))
    index = out / "index.html"
    index.write_text(index_html(config, entries, language), encoding="utf-8")
    _say(t("diagram.training_written", language, count=len(entries), index=str(index)))


# --------------------------------------------------------------------------- helpers
def _lang(lang: str | None) -> str:
    """The language: this command's --lang, else the global one (--lang before 'diagram')."""
    from casework.domain.errors import InvalidInput
    from casework.entrypoints.cli import _State

    if lang is None:
        _settings()  # reads CASEWORK_LANG and the global --lang into _State
        return _State.lang
    if lang not in {"da", "en"}:
        raise InvalidInput(detail=f"--lang: da | en ({lang})")
    # As if given before 'diagram': the settings (and so error messages) follow it too.
    _State.overrides = {**_State.overrides, "lang": lang}
    _State.lang = lang
    return lang


def _settings() -> Settings:
    from casework.entrypoints.cli import _settings as settings

    return settings()


def _services() -> Services:
    from casework.entrypoints.cli import _services as services

    return services()


def _emit(diagram: Diagram, fmt: Format, out: Path | None) -> None:
    """Write ``diagram`` as ``fmt``: text to stdout or ``out``, pictures to ``out``."""
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.texts import t
    from diagrams.dot import to_dot
    from diagrams.mermaid import to_mermaid
    from diagrams.render import render

    if fmt in {Format.DOT, Format.MERMAID}:
        text = to_dot(diagram) if fmt is Format.DOT else to_mermaid(diagram)
        if out is None:
            sys.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
    else:
        if out is None and fmt is not Format.SVG:
            raise InvalidInput(detail=Msg("diagram.needs_out", format=fmt.value))
        data = render(to_dot(diagram), fmt.value)  # type: ignore[arg-type]  # an SVG/PNG/PDF member
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        out.write_bytes(data)
    _say(t("diagram.written", diagram.lang, path=str(out)))


def _say(text: str) -> None:
    # Confirmations go to stderr, so `--format dot > file` and pipes get the diagram only.
    sys.stderr.write(text + "\n")
