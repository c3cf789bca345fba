"""``casework meetings``: meeting plans (mødeplaner) and deadline planning on the command line.

``plan YEAR`` proposes a year's plan for adoption (a table per month and body, ``--json``, and
``--write FILE`` for the explicit YAML the council adopts), ``list`` shows the configured
meetings, ``deadlines`` plans a hypothetical case: the earliest meetings its route can make,
every step's due date and why earlier meetings were out of reach, and ``replan`` plans again
the cases whose meetings moved. The use cases are :mod:`casework.app.planning`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.entrypoints.cli import meeting_texts as _texts  # noqa: F401 - registers the texts
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from rich.console import Console

    from casework.app.planning import YearProposal
    from casework.domain.configuration import Configuration
    from casework.domain.meetings import Meeting
    from casework.domain.organisation import Municipality
    from casework.entrypoints.cli.context import CliContext

meetings_app = typer.Typer(
    help="Mødeplaner og frister: foreslå en årsplan, list møder, planlæg en sag baglæns.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
_MARK = {"shifted": "*", "moved": "→", "explicit": ""}
_MONTHS = (
    ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def register(app: typer.Typer) -> None:
    """Add ``casework meetings`` to the root app."""
    app.add_typer(meetings_app, name="meetings")


def _setup(ctx: typer.Context) -> tuple[CliContext, Path, Configuration]:
    # The municipality and workflows only: these commands load the meeting plans themselves,
    # so that a broken plan is reported by the plan command rather than refused before it.
    from casework.app import admin

    context = of(ctx)
    directory = context.config_dir()
    return context, directory, admin.core_config(directory)


def _date(text: str | None, option: str, lang: str) -> dt.date | None:
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import render

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=render("mcli.bad_date", lang, option=option, text=text)) from None


# --------------------------------------------------------------------------- plan
@meetings_app.command("plan")
def plan(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=1900, max=2200, help="The year, e.g. 2027.")],
    write: Annotated[
        Path | None, typer.Option("--write", help="Write the plan as explicit YAML to FILE.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Foreslå årets mødeplan til vedtagelse (regler, helligdage og undtagelser)."""
    from casework.app import planning
    from casework.domain.messages import render
    from casework.entrypoints.cli.output import console, print_json

    context, directory, config = _setup(ctx)
    municipality = config.municipality
    proposal = planning.propose_year(directory, year, config)
    lang = context.lang
    if write is not None:
        write.write_text(_plan_yaml(proposal, municipality, lang), encoding="utf-8")
    if as_json:
        print_json({"year": year, "based_on": proposal.based_on,
                    "configured": proposal.configured, "ok": not proposal.findings,
                    "meetings": [m.as_json() for m in proposal.meetings],
                    "findings": [f.as_dict(lang) for f in proposal.findings]})  # fmt: skip
    else:
        _print_plan(console(), proposal, municipality, lang)
        if write is not None:
            console().print(render("mcli.written", lang, file=str(write)))
    if proposal.findings or proposal.based_on is None:
        raise typer.Exit(1)


def _print_plan(
    console: Console, proposal: YearProposal, municipality: Municipality, lang: str
) -> None:
    from rich.table import Table

    from casework.domain.messages import render
    from casework.entrypoints.cli.render import short

    if proposal.based_on is None:
        console.print(render("mcli.no_rules", lang))
        return
    origin = "mcli.based_on_file" if proposal.configured else "mcli.based_on_rules"
    title = render("mcli.plan_title", lang, year=proposal.year, name=municipality.name)
    console.print(f"{title} ({render(origin, lang, file=proposal.based_on)})")
    table = Table()
    used = {m.body for m in proposal.meetings}
    bodies = [b for b in municipality.bodies if b in used]
    bodies += sorted(used - set(bodies))
    table.add_column(render("mcli.month", lang))
    for body in bodies:
        table.add_column(short(municipality, body), justify="right")
    cells: dict[tuple[int, str], list[str]] = {}
    for meeting in proposal.meetings:
        cells.setdefault((meeting.date.month, meeting.body), []).append(_cell(meeting))
    for month in range(1, 13):
        row = [cells.get((month, body), []) for body in bodies]
        table.add_row(_MONTHS[lang == "en"][month - 1], *(" ".join(c) or "·" for c in row))
    console.print(table)
    console.print(render("mcli.legend", lang))
    if not proposal.findings:
        console.print(render("mcli.plan_ok", lang))
        return
    console.print(render("mcli.findings", lang, count=len(proposal.findings)))
    for finding in proposal.findings:
        console.print("  " + finding.message(lang), markup=False)


def _cell(meeting: Meeting) -> str:
    mark = "+" if meeting.kind.value == "extra" else _MARK.get(meeting.source.value, "")
    return f"{meeting.date.day}{mark}"


def _plan_yaml(proposal: YearProposal, municipality: Municipality, lang: str) -> str:
    """The plan with every meeting as an explicit entry, ready to adopt and commit."""
    from casework.domain.messages import render

    header = render("mcli.yaml_header", lang, year=proposal.year, name=municipality.name)
    lines = [f"# {line}" for line in textwrap.wrap(header, 96)]
    lines += ["schema_version: 1", f"year: {proposal.year}"]
    lines.append(f"title: {_quote(f'Mødeplan {proposal.year} for {municipality.name}')}")
    lines.append("meetings:" if proposal.meetings else "meetings: []")
    for m in proposal.meetings:
        fields = [
            f"body: {m.body}",
            f"date: {m.date.isoformat()}",
            f'time: "{m.time.strftime("%H:%M")}"',
        ]
        if m.kind.value != "ordinary":
            fields.append(f"kind: {m.kind.value}")
        if m.capacity is not None:
            fields.append(f"capacity: {m.capacity}")
        if m.note:
            fields.append(f"note: {_quote(m.note)}")
        if m.allow_in_break:
            fields.append("allow_in_break: true")
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    # Double-quoted YAML scalars take JSON string escapes, so notes with colons, quotes or
    # "# " survive the round trip.
    import json

    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------- list
@meetings_app.command("list")
def list_meetings(
    ctx: typer.Context,
    body: Annotated[str | None, typer.Option(help="Only this body, e.g. kb.")] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="From this date on (YYYY-MM-DD).")
    ] = None,
    to: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List møderne i de vedtagne mødeplaner."""
    from casework.app import planning
    from casework.domain.errors import InvalidInput, did_you_mean
    from casework.domain.messages import render
    from casework.entrypoints.cli.output import console, print_json

    context, directory, config = _setup(ctx)
    lang = context.lang
    start, end = _date(from_, "--from", lang), _date(to, "--to", lang)
    municipality = config.municipality
    if body is not None and body not in municipality.bodies:
        raise InvalidInput(
            detail=render("mcli.unknown_body", lang, body=body),
            suggestion=did_you_mean(body, municipality.bodies),
        )
    meetings = planning.meetings(directory, config, body=body, start=start, end=end)
    if as_json:
        print_json([m.as_json() for m in meetings])
        return
    _print_meetings(console(), meetings, municipality, lang)


def _print_meetings(
    console: Console, meetings: list[Meeting], municipality: Municipality, lang: str
) -> None:
    from rich.table import Table

    from casework.domain.messages import render
    from casework.entrypoints.cli.render import short, weekday

    if not meetings:
        console.print(render("mcli.no_meetings", lang))
        return
    table = Table()
    for key in ("mcli.date", "mcli.time", "mcli.body", "mcli.kind", "mcli.note"):
        table.add_column(render(key, lang))
    for m in meetings:
        kind = render(f"meetings.kind.{m.kind.value}", lang)
        if m.source.value in {"shifted", "moved"}:
            kind += f" ({render(f'meetings.source.{m.source.value}', lang)})"
        table.add_row(
            weekday(m.date, lang), m.time.strftime("%H:%M"), short(municipality, m.body), kind,
            m.note or "",
        )  # fmt: skip
    console.print(table)


# --------------------------------------------------------------------------- deadlines
@meetings_app.command("replan")
def replan(
    ctx: typer.Context,
    actor: Annotated[str, typer.Option("--as", help="Who records the new plans.")],
    as_json: JsonOpt = False,
) -> None:
    """Planlæg de sager igen, hvis planlagte møder er flyttet eller aflyst i mødeplanen."""
    from casework.domain.messages import render
    from casework.entrypoints.cli.output import console, print_json

    context = of(ctx)
    ids = context.app.replan_stale(actor)
    if as_json:
        print_json({"replanned": ids})
        return
    console().print(render("mcli.replanned", context.lang, count=len(ids),
                           ids=", ".join(ids) or "–"))  # fmt: skip


@meetings_app.command("deadlines")
def deadlines(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    route: Annotated[str, typer.Option(help="Bodies in order, e.g. 'tmu,oeu,kb'.")],
    ready: Annotated[str, typer.Option(help="The day the case is ready (YYYY-MM-DD).")],
    workflow: Annotated[str, typer.Option(help="Workflow id.")] = "beslutningssag",
    from_step: Annotated[
        str | None, typer.Option(help="The step the case is at (default: the start).")
    ] = None,
    extra: Annotated[bool, typer.Option("--extra", help="Also plan onto extra meetings.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Planlæg en tænkt sag baglæns: tidligste møder, alle frister og hvorfor ikke før."""
    from casework.app import planning
    from casework.domain.messages import render
    from casework.domain.planning import NoFeasibleChain
    from casework.entrypoints.cli import render as show
    from casework.entrypoints.cli.output import console, print_json

    context, directory, config = _setup(ctx)
    lang = context.lang
    day = _date(ready, "--ready", lang)
    assert day is not None  # a required option
    try:
        found = planning.hypothetical_plan(directory, config, workflow=workflow, route=route,
                                           ready=day, from_step=from_step,
                                           include_extra=extra)  # fmt: skip
    except NoFeasibleChain as exc:
        if not as_json:
            for rejection in exc.rejections:
                console().print("  " + rejection.message(lang), markup=False)
        raise
    if as_json:
        data = found.plan.as_json(lang)
        data["route"] = [{"body": e.body, "role": e.role.value} for e in found.route]
        print_json(data)
        return
    municipality = config.municipality
    definition = found.definition
    heading = render(
        "mcli.case_title",
        lang,
        workflow=((definition.title_en if lang == "en" else None) or definition.title).lower(),
        route=" → ".join(show.short(municipality, e.body) for e in found.route),
        ready=show.weekday(day, lang),
    )
    show.case_plan(console(), heading, found.plan, municipality, lang)
