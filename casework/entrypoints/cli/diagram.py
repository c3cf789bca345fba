"""``casework diagram``: draw a workflow, a case's journey, the training pack, or the analyses.

The analyses are the route map mined from the case histories (``mined``), the shift of deciding
bodies between two delegation plans (``delegation``) and the annual wheel (``year``).

Thin commands over :mod:`diagrams`: take the configuration (and, for a case, the store) from the
application service, build the diagram, and write DOT or Mermaid text to stdout, or SVG, PNG or
PDF to ``--out`` through :mod:`diagrams.render` (:mod:`casework.entrypoints.cli.drawing`).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.drawing import Format, PaperSize

if TYPE_CHECKING:
    from casework.diagrams.wheel import Wheel

diagram_app = typer.Typer(
    help="Diagrammer: sagsgange, en sags forløb og undervisningsmateriale.",
    no_args_is_help=True,
)

FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="dot | mermaid | svg | png | pdf.")
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file (needed for png and pdf).")
]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language: da or en.")]
PaperOpt = Annotated[
    PaperSize | None,
    typer.Option(
        "--paper",
        help="a4 | a3: print layout (lanes as columns, flow top to bottom) fitted to the sheet; "
        "default: the screen layout.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``casework diagram`` to the root app."""
    app.add_typer(diagram_app, name="diagram")


@diagram_app.command("workflow")
def workflow(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
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
    from casework.diagrams.extract import workflow_diagram
    from casework.domain.routes import build_route, parse_route
    from casework.entrypoints.cli.drawing import emit

    context = of(ctx)
    language = context.use_lang(lang)
    config = context.config()
    definition = config.workflow(workflow_id)
    chosen = None
    if route is not None:
        chosen = build_route(parse_route(route), definition, config.municipality)
    # The bodies' own deadlines (calendar.yaml), as the planner uses them for meeting steps.
    calendar = config.calendar
    rules = calendar.rules if calendar is not None else None
    # Steps with a minimum period (a hearing, the klagefrist) show it with its legal source.
    periods = calendar.periods if calendar is not None else None
    diagram = workflow_diagram(
        definition, config.municipality, chosen, lang=language, rules=rules, periods=periods
    )
    emit(diagram, fmt, out, paper)


@diagram_app.command("case")
def case(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="Case id, e.g. 2026-0061.")],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: PaperOpt = None,
) -> None:
    """Tegn en sags forløb: udførte trin, hvor sagen er nu, og hvad der venter."""
    from casework.entrypoints.cli.drawing import emit

    context = of(ctx)
    language = context.use_lang(lang)
    app = context.app
    found, events = app.case(case_id)
    diagram = app.views.journey(found, events, language)
    emit(diagram, fmt, out, paper)


@diagram_app.command("training")
def training(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the pack.")],
    lang: LangOpt = None,
    paper: Annotated[
        PaperSize, typer.Option("--paper", help="a4 | a3: the sheets of the pack's PDFs.")
    ] = PaperSize.A4,
) -> None:
    """Skriv undervisningsmaterialet: alle workflows som SVG, PNG og PDF og en printbar oversigt."""
    from casework.app import admin
    from casework.diagrams.dot import to_dot
    from casework.diagrams.paper import PAPERS
    from casework.diagrams.render import render
    from casework.diagrams.training import index_html, training_entries
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    context = of(ctx)
    language = context.use_lang(lang)
    config = context.config()
    given = context.given_app  # tests pass an App with a fixed clock; no store is opened
    today = (given.clock if given is not None else admin.system_clock()).today()
    # The routes are the delegation plan's in force today: one example per rule family.
    entries = training_entries(config, language, today)
    sheet = PAPERS[paper.value]
    out.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        screen, printed = to_dot(entry.diagram), to_dot(entry.diagram, sheet)
        # Full size for the screen, PNG for slides, the print layout on the page and as PDF.
        (out / entry.file).write_bytes(render(screen, "svg"))
        (out / entry.png).write_bytes(render(screen, "png"))
        (out / entry.printed(paper.value)).write_bytes(render(printed, "svg", sheet))
        (out / entry.pdf(paper.value)).write_bytes(render(printed, "pdf", sheet, language))
    index = out / "index.html"
    index.write_text(index_html(config, entries, language, paper.value), encoding="utf-8")
    say(t("diagram.training_written", language, count=len(entries), index=str(index)))


@diagram_app.command("mined")
def mined(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
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
    paper: PaperOpt = None,
) -> None:
    """Tegn sagsgangen, som sagerne faktisk gik: hyppigheder, ventetider og afvigelser."""
    from casework.app import analysis
    from casework.diagrams.mined import Filters, Level, Trace, mine, mined_figure
    from casework.domain.errors import InvalidInput
    from casework.entrypoints.cli.drawing import emit_figure
    from casework.entrypoints.cli.output import optional_day

    context = of(ctx)
    language = context.use_lang(lang)
    if level not in {"template", "concrete"}:
        raise InvalidInput(detail=f"--level: template | concrete ({level})")
    app = context.app
    config = app.config
    # Cases imported from OParl (issue 7) run on the built-in "oparl" workflow, not one of
    # config/, and their bodies are the imported organisations.
    definitions = analysis.workflows(app)
    if workflow_id is not None and workflow_id != analysis.oparl_workflow().id:
        config.workflow(workflow_id)  # an unknown id gets CW211 with a "did you mean"
    known = body is None or body in config.municipality.bodies
    if not known and body not in analysis.imported_bodies(app):
        raise InvalidInput(detail=f"--body: {body}")
    filters = Filters(optional_day(start, "--from"), optional_day(end, "--to"), body, workflow_id)
    traces = (
        Trace(case.id, case.workflow_id, case.route, visits)
        for case, visits in analysis.case_visits(app)
    )
    found = mine(
        traces, definitions, level=Level(level), filters=filters, calendar=config.work_calendar
    )
    emit_figure(mined_figure(found, definitions, config.municipality, language), fmt, out, paper)


@diagram_app.command("delegation")
def delegation(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    plan_a: Annotated[str, typer.Argument(help="The current plan (file, name or id@version).")],
    plan_b: Annotated[str, typer.Argument(help="The plan to compare with, e.g. a draft.")],
    cases: Annotated[
        str,
        typer.Option(help="Cases as CSV (header row) or JSON, or 'db' for the cases in casework."),
    ],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: PaperOpt = None,
) -> None:
    """Tegn hvilke organer der beslutter sagerne under plan A og under plan B."""
    from casework.app import delegation as plans
    from casework.diagrams.shift import Shift, shift_figure
    from casework.entrypoints.cli.drawing import emit_figure

    context = of(ctx)
    language = context.use_lang(lang)
    directory = context.config_dir()
    municipality = context.config().municipality
    a, b = (plans.find_plan(name, directory, municipality) for name in (plan_a, plan_b))
    # The same evaluation as `casework delegation compare`, so the picture and the table agree.
    rows = plans.case_rows(context.app if cases == "db" else None, cases)
    compared = plans.compare(a, b, rows, municipality, source=str(cases), keep_changed=False)
    figure = shift_figure(Shift(a.title, b.title, compared.result.matrix), municipality, language)
    emit_figure(figure, fmt, out, paper)


@diagram_app.command("year")
def year(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=1900, max=2200, help="The year, e.g. 2026.")],
    fmt: FormatOpt = Format.DOT,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: PaperOpt = None,
) -> None:
    """Tegn årshjulet: organernes møder måned for måned og årets budget- og regnskabsfaser."""
    from casework.diagrams.year import year_figure
    from casework.domain.meetings import MeetingPlan
    from casework.entrypoints.cli.drawing import emit_figure

    context = of(ctx)
    language = context.use_lang(lang)
    config = context.config()
    calendar = config.calendar
    plan = calendar.meetings if calendar is not None else MeetingPlan()
    breaks = calendar.breaks if calendar is not None else ()
    figure = year_figure(year, plan, config.municipality, breaks, language)
    emit_figure(figure, fmt, out, paper)


class WheelFormat(StrEnum):
    """The annual wheel is drawn by casework itself (no Graphviz): SVG, PDF or PNG."""

    SVG = "svg"
    PDF = "pdf"
    PNG = "png"


@diagram_app.command("wheel")
def wheel(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=1900, max=2200, help="The year, e.g. 2026.")],
    fmt: Annotated[
        WheelFormat, typer.Option("--format", "-f", help="svg | pdf (one page) | png (150 dpi).")
    ] = WheelFormat.SVG,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: Annotated[
        PaperSize, typer.Option("--paper", help="a4 | a3: the page the wheel is laid out for.")
    ] = PaperSize.A4,
) -> None:
    """Tegn årshjulet som et hjul: måneder, organernes møder, årets faser og dagen i dag."""
    from casework.app import admin
    from casework.diagrams.paper import PAPERS
    from casework.diagrams.wheel import wheel
    from casework.domain.meetings import MeetingPlan

    context = of(ctx)
    language = context.use_lang(lang)
    config = context.config()
    calendar = config.calendar
    plan = calendar.meetings if calendar is not None else MeetingPlan()
    breaks = calendar.breaks if calendar is not None else ()
    given = context.given_app  # tests pass an App with a fixed clock; no store is opened
    today = (given.clock if given is not None else admin.system_clock()).today()
    drawn = wheel(year, plan, config.municipality, breaks, today, language, PAPERS[paper.value])
    _write_page(drawn, fmt, out)


def _write_page(drawn: Wheel, fmt: WheelFormat, out: Path | None) -> None:
    """A page casework draws itself (the wheel, the staircase) as SVG, a one-page PDF or a
    PNG at 150 dpi (for slides)."""
    from casework.diagrams.wheel import to_pdf, to_png, to_svg
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    if fmt is WheelFormat.SVG:
        text = to_svg(drawn)
        if out is None:
            sys.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
    else:
        if out is None:
            raise InvalidInput(detail=Msg("diagram.needs_out", format=fmt.value))
        out.write_bytes(to_pdf(drawn) if fmt is WheelFormat.PDF else to_png(drawn))
    say(t("diagram.written", drawn.lang, path=str(out)))


@diagram_app.command("stairs")
def stairs(
    ctx: typer.Context,
    fmt: Annotated[
        WheelFormat, typer.Option("--format", "-f", help="svg | pdf (one page) | png (150 dpi).")
    ] = WheelFormat.SVG,
    out: OutOpt = None,
    lang: LangOpt = None,
    paper: Annotated[
        PaperSize, typer.Option("--paper", help="a4 | a3: the (landscape) page.")
    ] = PaperSize.A4,
) -> None:
    """Tegn forandringstrappen: valgperiodens trin og sekretariatets støtte til hvert trin."""
    from casework.diagrams.paper import PAPERS
    from casework.diagrams.stairs import stairs as draw

    context = of(ctx)
    language = context.use_lang(lang)
    config = context.config()
    steps = config.calendar.term if config.calendar is not None else ()
    drawn = draw(steps, config.municipality.name, language, PAPERS[paper.value])
    _write_page(drawn, fmt, out)
