"""``casework agenda``: a meeting's agenda on screen, published as HTML, PDF and JSON, and
meetings and deadlines as iCalendar files.

``show BODY DATE`` prints the public agenda (``--full`` the members' version, ``--json`` the
projection with stable keys); ``publish BODY DATE --out DIR`` writes
``<body>-<date>-offentlig.{html,pdf,json}`` and ``<body>-<date>-fuld.{…}``; ``ical meetings BODY``
and ``ical deadlines PERSON`` write ``.ics`` files. Errors are CW8xx
(``casework.domain.agenda``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

agenda_app = typer.Typer(
    help="Dagsordener: vis og offentliggør, og møder og frister som iCalendar.",
    no_args_is_help=True,
)
ical_app = typer.Typer(help="iCalendar-filer: et organs møder, en persons frister.")
agenda_app.add_typer(ical_app, name="ical")

FORMATS = ("html", "pdf", "json")

BodyArg = Annotated[str, typer.Argument(help="Body id, e.g. tmu.")]
DateArg = Annotated[str, typer.Argument(help="Meeting date, YYYY-MM-DD.")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    """Add ``casework agenda`` to the root app."""
    app.add_typer(agenda_app, name="agenda")


def _day(text: str) -> dt.date:
    from casework.domain.errors import InvalidInput

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=f"{text!r}: datoen skal skrives som 2026-04-13") from None


@agenda_app.command("show")
def show(
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    full: Annotated[bool, typer.Option("--full", help="The members' full version.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Vis dagsordenen for et møde (offentlig udgave; --full til medlemmerne)."""
    from casework.app.dates import format_date, format_meeting
    from casework.domain.agenda import LATE_TEXT, Visibility
    from casework.entrypoints.cli.minutes import decision_lines

    context = of(ctx)
    agendas = context.app.agendas
    visibility = Visibility.FULL if full else Visibility.PUBLIC
    agenda = agendas.published(body, _day(date), visibility)
    if as_json:
        typer.echo(agendas.render(agenda, "json").decode("utf-8"), nl=False)
        return
    from casework.entrypoints.cli import meeting_texts  # noqa: F401 - registers the texts
    from casework.entrypoints.texts import t

    lang = context.lang
    when = format_meeting(agenda.date, agenda.time, lang)
    lines = [t("mcli.agenda_title", lang, body=agenda.body_name, when=when)]
    if agenda.deadline is not None:
        lines.append(t("mcli.agenda_deadline", lang, date=format_date(agenda.deadline, lang)))
    if agenda.sent_on is not None:
        lines.append(t("mcli.agenda_sent", lang, date=format_date(agenda.sent_on, lang)))
    if agenda.notice:
        lines.append(agenda.notice)
    lines.append("")
    # A held meeting's items say what was decided (from its minutes, in the same version; a
    # public closed item has neither a case number nor a decision there).
    decided = {
        entry.case_number: entry
        for entry in agendas.protocol(body, agenda.date).publish(visibility).items
        if entry.outcome is not None and entry.case_number is not None
    }
    for item in agenda.items:
        late = (
            f"  [{LATE_TEXT if lang == 'da' else t('mcli.agenda_late', lang)}]" if item.late else ""
        )
        number = f"  ({item.case_number})" if item.case_number else ""
        lines.append(f"{item.number:>3}. {item.heading}{number}{late}")
        lines += [f"       [{note}]" for note in item.notes]
        if full and item.resume:
            lines.append(f"       {t('mcli.agenda_resume', lang)}: {item.resume}")
        if item.case_number in decided:
            lines += [f"       {line}" for line in decision_lines(decided[item.case_number], lang)]
    if agenda.warnings:
        lines += ["", t("mcli.agenda_warnings", lang), *(f"  ! {w}" for w in agenda.warnings)]
    typer.echo("\n".join(lines))


@agenda_app.command("approve")
def approve(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: Annotated[str, typer.Argument(help="Body id, e.g. kb.")],
    date: DateArg,
    actor: Annotated[str, typer.Option("--as", help="Who records the approval.")],
    reopen: Annotated[
        list[str] | None,
        typer.Option("--open", help="A proposed closed item the body takes in open session."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Godkend dagsordenen: bekræft de foreslåede lukkede punkter, eller åbn dem (--open)."""
    from casework.entrypoints.cli import meeting_texts  # noqa: F401 - registers the texts
    from casework.entrypoints.cli.output import print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    agendas = context.app.agendas
    rulings = agendas.approve(body, _day(date), actor=actor, reopen=reopen or [])
    if as_json:
        print_json([{"case_id": r.case_id, "confirmed": r.confirmed} for r in rulings])
        return
    lang = context.lang
    for ruling in rulings:
        verdict = t("mcli.closed_confirmed" if ruling.confirmed else "mcli.taken_open", lang)
        typer.echo(f"{ruling.case_id}: {verdict}")
    if not rulings:
        typer.echo(t("mcli.no_proposed_closed", lang))


@agenda_app.command("publish")
def publish(
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the files to.")],
    fmt: Annotated[str, typer.Option("--format", help="html, pdf, json or all.")] = "all",
) -> None:
    """Skriv den offentlige og den fulde dagsorden som HTML, PDF og/eller JSON."""
    from casework.domain.agenda import UnknownFormat, Visibility

    formats = FORMATS if fmt == "all" else (fmt,)
    if fmt != "all" and fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    from casework.app.files import write_published

    agendas = of(ctx).app.agendas
    agenda = agendas.agenda(body, _day(date))
    out.mkdir(parents=True, exist_ok=True)
    for visibility in (Visibility.PUBLIC, Visibility.FULL):
        version = agenda.publish(visibility)
        stem = f"{agenda.body}-{agenda.date.isoformat()}-{visibility.value}"
        for kind in formats:
            path = out / f"{stem}.{kind}"
            # The full version holds the closed items' content: owner only (0600).
            write_published(path, agendas.render(version, kind), full=visibility is Visibility.FULL)
            typer.echo(str(path))


@ical_app.command("meetings")
def ical_meetings(
    ctx: typer.Context,
    body: BodyArg,
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
) -> None:
    """Skriv et organs møder som iCalendar."""
    _write(out, of(ctx).app.agendas.meetings_ical(body))


@ical_app.command("deadlines")
def ical_deadlines(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Person id, e.g. mette.")],
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
) -> None:
    """Skriv en persons frister på åbne sager som iCalendar."""
    _write(out, of(ctx).app.agendas.deadlines_ical(person))


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    typer.echo(str(out))
