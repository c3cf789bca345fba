"""``casework diagram``: draw a workflow, a case's journey, the training pack, or the analyses.

The analyses are the route map mined from the case histories (``mined``), the shift of deciding
bodies between two delegation plans (``delegation``) and the annual wheel (``year``).

Thin commands over :mod:`diagrams`: load the configuration (and, for a case, the store), build the
diagram, and write DOT or Mermaid text to stdout, or SVG, PNG or PDF to ``--out`` through
:mod:`diagrams.render`. Registered in ``cli.py`` as ``app.add_typer(diagram_app, name="diagram")``;
the shared CLI state (language, settings, services) is imported from there inside each command,
because ``cli.py`` imports this module.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.configuration import Configuration
    from casework.settings import Settings
    from diagrams.figure import Figure
    from diagrams.model import Diagram
    from diagrams.paper import Paper

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


class PaperSize(StrEnum):
    """What ``--paper`` can ask for: the print layout fitted to an ISO sheet."""

    A4 = "a4"
    A3 = "a3"


PaperOpt = Annotated[
    PaperSize | None,
    typer.Option(
        "--paper",
        help="a4 | a3: print layout (lanes as columns, flow top to bottom) fitted to the sheet; "
        "default: the screen layout.",
    ),
]


@diagram_app.command("workflow")
def workflow(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    workflow_id: Annotated[str, typer.Argument(help="Workflow id, e.g. beslutningssag.")],
    route: Annotated[
        str | None,
        typer.Option(help="Bodies in order, e.g. 'tmu,oeu,kb'; default: the typical route."),
    ] = None,
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: PaperOpt = None,
) -> None:
    """Tegn et workflow som svømmebaner langs en sagsgang."""
    from casework.app import load_config
    from casework.domain.routes import build_route, parse_route
    from diagrams.extract import workflow_diagram

    language = _lang(lang)
    config = load_config(_settings())
    definition = config.workflow(workflow_id)
    chosen = None
    if route is not None:
        chosen = build_route(parse_route(route), definition, config.municipality)
    diagram = workflow_diagram(definition, config.municipality, chosen, lang=language)
    _emit(diagram, fmt, out, paper)


@diagram_app.command("case")
def case(
    case_id: Annotated[str, typer.Argument(help="Case id, e.g. 2026-0061.")],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: PaperOpt = None,
) -> None:
    """Tegn en sags forløb: udførte trin, hvor sagen er nu, og hvad der venter."""
    from diagrams.journey import journey_diagram

    language = _lang(lang)
    services = _services()
    found, events = services.case(case_id)
    # A case imported from OParl (issue 7) names bodies that are not configured.
    from casework.domain.oparl import with_route_bodies

    diagram = journey_diagram(
        found,
        events,
        services.graph(found),
        with_route_bodies(services.config.municipality, found.route),
        services.clock.today(),
        lang=language,
    )
    _emit(diagram, fmt, out, paper)


@diagram_app.command("training")
def training(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the pack.")],
    lang: LangOpt = None,
) -> None:
    """Skriv undervisningsmaterialet: alle workflows som SVG og en printbar HTML-oversigt."""
    from casework.app import load_config
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


@diagram_app.command("mined")
def mined(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    start: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")
    ] = None,
    body: Annotated[
        str | None, typer.Option(help="Only cases whose route includes this body, e.g. oeu.")
    ] = None,
    workflow_id: Annotated[
        str | None, typer.Option("--workflow", help="Only cases of this workflow.")
    ] = None,
    level: Annotated[
        str, typer.Option(help="template: one node per step; concrete: per step and body.")
    ] = "template",
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """Tegn sagsgangen, som sagerne faktisk gik: hyppigheder, ventetider og afvigelser."""
    from casework.domain.errors import InvalidInput
    from casework.services.history_export import case_histories, visits
    from diagrams.mined import Filters, Level, Trace, mine, mined_figure

    language = _lang(lang)
    if level not in {"template", "concrete"}:
        raise InvalidInput(detail=f"--level: template | concrete ({level})")
    services = _services()
    config = services.config
    # Cases imported from OParl (issue 7) run on the built-in "oparl" workflow, not one of
    # config/, and their bodies are the imported organisations.
    from casework.adapters.oparl import import_workflow, imported_bodies

    if workflow_id is not None and workflow_id != import_workflow().id:
        config.workflow(workflow_id)  # an unknown id gets CW211 with a "did you mean"
    known = body is None or body in config.municipality.bodies
    if not known and body not in imported_bodies(services):
        raise InvalidInput(detail=f"--body: {body}")
    filters = Filters(_day(start, "--from"), _day(end, "--to"), body, workflow_id)
    reader = (services.reader_factory or services.uow_factory)()
    traces = (
        Trace(case.id, case.workflow_id, case.route, visits(events))
        for case, events in case_histories(reader)
    )
    definitions = dict(config.workflows)
    definitions.setdefault(import_workflow().id, import_workflow())
    found = mine(
        traces,
        definitions,
        level=Level(level),
        filters=filters,
        calendar=config.work_calendar,
    )
    figure = mined_figure(found, definitions, config.municipality, language)
    _emit_figure(figure, fmt, out)


@diagram_app.command("delegation")
def delegation(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    plan_a: Annotated[str, typer.Argument(help="The current plan (file, name or id@version).")],
    plan_b: Annotated[str, typer.Argument(help="The plan to compare with, e.g. a draft.")],
    cases: Annotated[
        str,
        typer.Option(help="Cases as CSV (header row) or JSON, or 'db' for the cases in casework."),
    ],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """Tegn hvilke organer der beslutter sagerne under plan A og under plan B."""
    from casework.adapters.config.delegation_loader import find_plan, read_cases
    from casework.domain.delegation import bound_plan
    from casework.domain.delegation_compiled import CompiledPlan, case_columns, what_if
    from casework.entrypoints.delegation_cli import _database_cases
    from diagrams.shift import Shift, shift_figure

    language = _lang(lang)
    settings = _settings()
    municipality = _load_config().municipality
    a, b = (find_plan(name, settings.config_dir, municipality) for name in (plan_a, plan_b))
    # The same evaluation as `casework delegation compare`, so the picture and the table agree.
    rows = _database_cases() if cases == "db" else read_cases(cases)
    compiled = [CompiledPlan(bound_plan(p, municipality)) for p in (a, b)]
    columns = case_columns(rows, [c.bound for c in compiled], source=str(cases))
    result = what_if(compiled[0], compiled[1], columns, len(rows), keep_changed=False)
    figure = shift_figure(Shift(a.title, b.title, result.matrix), municipality, language)
    _emit_figure(figure, fmt, out)


@diagram_app.command("year")
def year(
    year: Annotated[int, typer.Argument(min=1900, max=2200, help="The year, e.g. 2026.")],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """Tegn årshjulet: organernes møder måned for måned og årets budget- og regnskabsfaser."""
    from casework.domain.meetings import MeetingPlan
    from diagrams.year import year_figure

    language = _lang(lang)
    config = _load_config()
    calendar = config.calendar
    plan = calendar.meetings if calendar is not None else MeetingPlan()
    breaks = calendar.breaks if calendar is not None else ()
    figure = year_figure(year, plan, config.municipality, breaks, language)
    _emit_figure(figure, fmt, out)


# --------------------------------------------------------------------------- helpers
def _load_config() -> Configuration:
    from casework.app import load_config

    return load_config(_settings())


def _day(text: str | None, option: str) -> dt.date | None:
    from casework.domain.errors import InvalidInput

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=f"{option}: YYYY-MM-DD ({text})") from None


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


def _services() -> App:
    from casework.entrypoints.cli import _services as services

    return services()


def _emit(diagram: Diagram, fmt: Format, out: Path | None, paper: PaperSize | None = None) -> None:
    """Write ``diagram`` as ``fmt``: text to stdout or ``out``, pictures to ``out``.

    ``paper`` chooses the print layout for DOT and the pictures; Mermaid has no pages and
    ignores it.
    """
    from diagrams.dot import to_dot
    from diagrams.mermaid import to_mermaid
    from diagrams.paper import PAPERS

    sheet = PAPERS[paper.value] if paper is not None else None
    _write(
        lambda: to_dot(diagram, sheet), lambda: to_mermaid(diagram), diagram.lang, fmt, out, sheet
    )


def _emit_figure(figure: Figure, fmt: Format, out: Path | None) -> None:
    """Write an analytical figure (mined map, delegation shift, annual wheel) as ``fmt``."""
    _write(lambda: figure.dot, lambda: figure.mermaid, figure.lang, fmt, out)


def _write(  # noqa: PLR0917 - the pieces of one output, passed straight through
    dot: Callable[[], str],
    mermaid: Callable[[], str],
    lang: str,
    fmt: Format,
    out: Path | None,
    paper: Paper | None = None,
) -> None:
    # Text is built only in the format asked for: a workflow's Mermaid costs nothing unused.
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.texts import t
    from diagrams.render import render

    if fmt in {Format.DOT, Format.MERMAID}:
        text = dot() if fmt is Format.DOT else mermaid()
        if out is None:
            sys.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
    else:
        if out is None and fmt is not Format.SVG:
            raise InvalidInput(detail=Msg("diagram.needs_out", format=fmt.value))
        data = render(dot(), fmt.value, paper)  # type: ignore[arg-type]  # an SVG/PNG/PDF member
        if out is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        out.write_bytes(data)
    _say(t("diagram.written", lang, path=str(out)))


def _say(text: str) -> None:
    # Confirmations go to stderr, so `--format dot > file` and pipes get the diagram only.
    sys.stderr.write(text + "\n")
