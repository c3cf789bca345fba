"""``casework meetings``: meeting plans (mødeplaner) and deadline planning on the command line.

``plan YEAR`` proposes a year's plan for adoption (a table per month and body, ``--json``, and
``--write FILE`` for the explicit YAML the council adopts), ``list`` shows the configured
meetings, and ``deadlines`` plans a hypothetical case: the earliest meetings its route can make,
every step's due date and why earlier meetings were out of reach. Registered in ``cli.py`` as
``app.add_typer(meetings_app, name="meetings")``; like the rest of the CLI it imports what it
needs inside each command, so ``casework --help`` stays quick.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casework.domain.errors import InvalidInput, did_you_mean
from casework.domain.messages import register, render

if TYPE_CHECKING:
    from rich.console import Console

    from casework.adapters.config.meetings_loader import YearProposal
    from casework.domain.configuration import Configuration
    from casework.domain.meetings import Meeting
    from casework.domain.organisation import Municipality
    from casework.domain.planning import CasePlan, PlannedStep

register(
    {
        "mcli.plan_title": (
            "Mødeplan {year} – {name}",
            "Meeting plan {year} – {name}",
        ),
        "mcli.based_on_file": ("efter {file}", "from {file}"),
        "mcli.based_on_rules": (
            "forslag ud fra reglerne i {file}",
            "proposal from the rules in {file}",
        ),
        "mcli.no_rules": (
            "Ingen mødeplan at bygge på: læg en fil i config/meetings/.",
            "No meeting plan to build on: add a file to config/meetings/.",
        ),
        "mcli.legend": (
            "* rykket fra helligdag · → flyttet · + ekstra møde",
            "* shifted off a holiday · → moved · + extra meeting",
        ),
        "mcli.findings": ("{count} problem(er) i planen:", "{count} problem(s) in the plan:"),
        "mcli.plan_ok": ("Planen overholder alle regler.", "The plan keeps every rule."),
        "mcli.written": (
            "Mødeplanen er skrevet til {file}.",
            "The meeting plan was written to {file}.",
        ),
        "mcli.month": ("Måned", "Month"),
        "mcli.date": ("Dato", "Date"),
        "mcli.time": ("Tid", "Time"),
        "mcli.body": ("Organ", "Body"),
        "mcli.kind": ("Art", "Kind"),
        "mcli.note": ("Bemærkning", "Note"),
        "mcli.no_meetings": ("Ingen møder.", "No meetings."),
        "mcli.bad_date": (
            "{option} skal være en dato som 2026-03-02 (fik '{text}')",
            "{option} must be a date like 2026-03-02 (got '{text}')",
        ),
        "mcli.unknown_body": ("ukendt organ '{body}'", "unknown body '{body}'"),
        "mcli.replanned": (
            "{count} sag(er) planlagt igen: {ids}",
            "{count} case(s) planned again: {ids}",
        ),
        "mcli.case_title": (
            "Plan for en {workflow}: {route}, klar {ready}",
            "Plan for a {workflow}: {route}, ready {ready}",
        ),
        "mcli.chain": ("Tidligste møder: {meetings}", "Earliest meetings: {meetings}"),
        "mcli.slack": (
            "Luft: {slack} hverdage fra sagen er klar til første trin senest skal begynde.",
            "Slack: {slack} working days from ready to the latest start of the first step.",
        ),
        "mcli.not_earlier": ("Hvorfor ikke tidligere:", "Why not earlier:"),
        "mcli.step": ("Trin", "Step"),
        "mcli.responsible": ("Ansvarlig", "Responsible"),
        "mcli.start": ("Senest start", "Latest start"),
        "mcli.due": ("Frist", "Due"),
        "mcli.rule": ("Regel og grundlag", "Rule and basis"),
        "mcli.statutory": ("lovbestemt", "statutory"),
        "mcli.yaml_header": (
            "Mødeplan {year} for {name} – forslag til vedtagelse, skrevet af "
            "'casework meetings plan {year} --write'. Alle møder står med fast dato.",
            "Meeting plan {year} for {name} – proposed for adoption, written by "
            "'casework meetings plan {year} --write'. Every meeting has a fixed date.",
        ),
    }
)

meetings_app = typer.Typer(
    help="Mødeplaner og frister: foreslå en årsplan, list møder, planlæg en sag baglæns.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")]
_MARK = {"shifted": "*", "moved": "→", "explicit": ""}
_MONTHS = (
    ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


# --------------------------------------------------------------------------- plumbing
def _lang() -> str:
    from casework.entrypoints.cli import _State

    return _State.lang


def _context() -> tuple[Path, Configuration]:
    # The municipality and workflows only: these commands load the meeting plans themselves,
    # so that a broken plan is reported by the plan command rather than refused before it.
    from casework.adapters.config import load_configuration
    from casework.entrypoints.cli import _settings

    settings = _settings()
    return settings.config_dir, load_configuration(settings.config_dir)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _print_json(value: Any) -> None:
    from casework.entrypoints.cli import _print_json as print_json

    print_json(value)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            detail=render("mcli.bad_date", _lang(), option=option, text=text)
        ) from None


def _short(municipality: Municipality, body: str) -> str:
    known = municipality.bodies.get(body)
    return known.short if known is not None else body


def _day(day: dt.date, lang: str) -> str:
    return render(f"cal.weekday.{day.weekday()}", lang) + " " + day.isoformat()


# --------------------------------------------------------------------------- plan
@meetings_app.command("plan")
def plan(
    year: Annotated[int, typer.Argument(min=1900, max=2200, help="The year, e.g. 2027.")],
    write: Annotated[
        Path | None, typer.Option("--write", help="Write the plan as explicit YAML to FILE.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Foreslå årets mødeplan til vedtagelse (regler, helligdage og undtagelser)."""
    from casework.adapters.config.meetings_loader import propose_year

    directory, config = _context()
    municipality = config.municipality
    proposal = propose_year(directory, year, municipality)
    lang = _lang()
    if write is not None:
        write.write_text(_plan_yaml(proposal, municipality, lang), encoding="utf-8")
    if as_json:
        _print_json(
            {
                "year": year,
                "based_on": proposal.based_on,
                "configured": proposal.configured,
                "ok": not proposal.findings,
                "meetings": [m.as_json() for m in proposal.meetings],
                "findings": [f.as_dict(lang) for f in proposal.findings],
            }
        )
    else:
        _print_plan(_console(), proposal, municipality, lang)
        if write is not None:
            _console().print(render("mcli.written", lang, file=str(write)))
    if proposal.findings or proposal.based_on is None:
        raise typer.Exit(1)


def _print_plan(
    console: Console, proposal: YearProposal, municipality: Municipality, lang: str
) -> None:
    from rich.table import Table

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
        table.add_column(_short(municipality, body), justify="right")
    cells: dict[tuple[int, str], list[str]] = {}
    for meeting in proposal.meetings:
        cells.setdefault((meeting.date.month, meeting.body), []).append(_cell(meeting))
    for month in range(1, 13):
        row = [cells.get((month, body), []) for body in bodies]
        table.add_row(_MONTHS[lang == "en"][month - 1], *(" ".join(c) or "·" for c in row))
    console.print(table)
    console.print(render("mcli.legend", lang))
    _print_findings(console, proposal, lang)


def _cell(meeting: Meeting) -> str:
    mark = "+" if meeting.kind.value == "extra" else _MARK.get(meeting.source.value, "")
    return f"{meeting.date.day}{mark}"


def _print_findings(console: Console, proposal: YearProposal, lang: str) -> None:
    if not proposal.findings:
        console.print(render("mcli.plan_ok", lang))
        return
    console.print(render("mcli.findings", lang, count=len(proposal.findings)))
    for finding in proposal.findings:
        console.print("  " + finding.message(lang), markup=False)


def _plan_yaml(proposal: YearProposal, municipality: Municipality, lang: str) -> str:
    """The plan with every meeting as an explicit entry, ready to adopt and commit."""
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
    body: Annotated[str | None, typer.Option(help="Only this body, e.g. kb.")] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="From this date on (YYYY-MM-DD).")
    ] = None,
    to: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List møderne i de vedtagne mødeplaner."""
    from casework.adapters.config.meetings_loader import load_calendar_configuration

    directory, config = _context()
    start, end = _date(from_, "--from"), _date(to, "--to")
    municipality = config.municipality
    lang = _lang()
    if body is not None and body not in municipality.bodies:
        raise InvalidInput(
            detail=render("mcli.unknown_body", lang, body=body),
            suggestion=did_you_mean(body, municipality.bodies),
        )
    calendar = load_calendar_configuration(directory, municipality)
    meetings = calendar.meetings.select(body=body, start=start, end=end)
    if as_json:
        _print_json([m.as_json() for m in meetings])
        return
    _print_meetings(_console(), meetings, municipality, lang)


def _print_meetings(
    console: Console, meetings: Sequence[Meeting], municipality: Municipality, lang: str
) -> None:
    from rich.table import Table

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
            _day(m.date, lang),
            m.time.strftime("%H:%M"),
            _short(municipality, m.body),
            kind,
            m.note or "",
        )
    console.print(table)


# --------------------------------------------------------------------------- deadlines
@meetings_app.command("replan")
def replan(
    actor: Annotated[str, typer.Option("--as", help="Who records the new plans.")],
    as_json: JsonOpt = False,
) -> None:
    """Planlæg de sager igen, hvis planlagte møder er flyttet eller aflyst i mødeplanen."""
    from casework.entrypoints.cli import _services

    ids = _services().replan_stale(actor)
    if as_json:
        _print_json({"replanned": ids})
        return
    _console().print(render("mcli.replanned", _lang(), count=len(ids), ids=", ".join(ids) or "–"))


@meetings_app.command("deadlines")
def deadlines(  # noqa: PLR0917 - typer commands take their CLI options as parameters
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
    from casework.adapters.config.meetings_loader import load_calendar_configuration
    from casework.domain.planning import NoFeasibleChain, Planner
    from casework.domain.routes import build_route, parse_route

    directory, config = _context()
    day = _date(ready, "--ready")
    assert day is not None  # a required option
    municipality = config.municipality
    definition = config.workflow(workflow)
    chosen = build_route(parse_route(route), definition, municipality)
    calendar = load_calendar_configuration(directory, municipality, years=[day.year])
    planner = Planner(
        calendar.calendar,
        calendar.meetings,
        calendar.rules,
        include_extra=extra,
        names={b.id: b.short for b in municipality.bodies.values()},
    )
    lang = _lang()
    try:
        case_plan = planner.plan(definition, chosen, day, from_step=from_step)
    except NoFeasibleChain as exc:
        if not as_json:
            for rejection in exc.rejections:
                _console().print("  " + rejection.message(lang), markup=False)
        raise
    if as_json:
        data = case_plan.as_json(lang)
        data["route"] = [{"body": e.body, "role": e.role.value} for e in chosen]
        _print_json(data)
        return
    heading = render(
        "mcli.case_title",
        lang,
        workflow=((definition.title_en if lang == "en" else None) or definition.title).lower(),
        route=" → ".join(_short(municipality, e.body) for e in chosen),
        ready=_day(day, lang),
    )
    print_case_plan(_console(), heading, case_plan, municipality, lang)


def print_case_plan(
    console: Console, heading: str, case_plan: CasePlan, municipality: Municipality, lang: str
) -> None:
    from rich.table import Table

    console.print(heading)
    chain = ", ".join(
        f"{_short(municipality, m.body)} {_day(m.date, lang)} {m.time.strftime('%H:%M')}"
        for m in case_plan.meetings
    )
    if chain:
        console.print(render("mcli.chain", lang, meetings=chain))
    table = Table()
    for key in ("mcli.step", "mcli.responsible", "mcli.start", "mcli.due", "mcli.rule"):
        table.add_column(render(key, lang))
    for step in case_plan.steps:
        table.add_row(*_step_cells(step, municipality, lang))
    console.print(table)
    console.print(render("mcli.slack", lang, slack=case_plan.slack))
    if case_plan.rejections:
        console.print(render("mcli.not_earlier", lang))
        for rejection in case_plan.rejections:
            console.print("  • " + rejection.message(lang), markup=False)


def _step_cells(step: PlannedStep, municipality: Municipality, lang: str) -> list[str]:
    title = step.label(lang)
    if step.body is not None and step.kind != "agenda":
        title += f" – {_short(municipality, step.body)}"
    role = municipality.roles.get(step.role)
    due = _day(step.due, lang)
    if step.due_time is not None:
        due += f" {step.due_time.strftime('%H:%M')}"
    rule = ""
    if step.spec is not None:
        direction = "duration" if step.kind not in {"meeting", "agenda"} else "before"
        described = step.spec.describe(direction)
        rule = render(described.key, lang, **described.params)
        if step.spec.basis:
            rule += f"; {step.spec.basis}"
    return [
        title,
        role.label(lang) if role is not None else step.role,
        _day(step.start, lang) if step.start else "",
        due,
        rule,
    ]
