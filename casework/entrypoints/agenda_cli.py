"""``casework agenda``: a meeting's agenda on screen, published as HTML, PDF and JSON, and
meetings and deadlines as iCalendar files.

``show BODY DATE`` prints the public agenda (``--full`` the members' version, ``--json`` the
projection with stable keys); ``publish BODY DATE --out DIR`` writes
``<body>-<date>-offentlig.{html,pdf,json}`` and ``<body>-<date>-fuld.{…}``; ``ical meetings BODY``
and ``ical deadlines PERSON`` write ``.ics`` files. Registered in ``cli.py`` as
``app.add_typer(agenda_app, name="agenda")``; commands import what they need inside their bodies
so ``casework --help`` stays quick. Errors are CW8xx (``casework.domain.agenda``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

    from casework.app import App
    from casework.domain.agenda import PublishedAgenda
    from casework.services.ports import UnitOfWork

agenda_app = typer.Typer(
    help="Dagsordener: vis og offentliggør, og møder og frister som iCalendar.",
    no_args_is_help=True,
)
ical_app = typer.Typer(help="iCalendar-filer: et organs møder, en persons frister.")
agenda_app.add_typer(ical_app, name="ical")

FORMATS = ("html", "pdf", "json")

BodyArg = Annotated[str, typer.Argument(help="Body id, e.g. tmu.")]
DateArg = Annotated[str, typer.Argument(help="Meeting date, YYYY-MM-DD.")]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=f"{text!r}: datoen skal skrives som 2026-04-13") from None


def _services() -> App:
    from casework.entrypoints.cli import _services as services

    return services()


def _reader(services: App) -> Callable[[], UnitOfWork]:
    return services.reader_factory or services.uow_factory


def _agenda(body: str, date: str, *, full: bool) -> PublishedAgenda:
    from casework.domain.agenda import Visibility
    from casework.services.agendas import assemble_agenda

    services = _services()
    agenda = assemble_agenda(
        _reader(services), services.config, body, _day(date), services.clock.today()
    )
    return agenda.publish(Visibility.FULL if full else Visibility.PUBLIC)


def _json_text(agenda: PublishedAgenda) -> str:
    return json.dumps(agenda.as_json(), ensure_ascii=False, indent=2) + "\n"


@agenda_app.command("show")
def show(
    body: BodyArg,
    date: DateArg,
    full: Annotated[bool, typer.Option("--full", help="The members' full version.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Vis dagsordenen for et møde (offentlig udgave; --full til medlemmerne)."""
    from casework.adapters.publish.babel_dates import format_date, format_meeting
    from casework.domain.agenda import LATE_TEXT
    from casework.entrypoints.cli import _State

    agenda = _agenda(body, date, full=full)
    if as_json:
        typer.echo(_json_text(agenda), nl=False)
        return
    lang = _State.lang
    lines = [f"Dagsorden – {agenda.body_name} – {format_meeting(agenda.date, agenda.time, lang)}"]
    if agenda.deadline is not None:
        lines.append(f"Frist for dagsordenen: {format_date(agenda.deadline, lang)}")
    lines.append("")
    for item in agenda.items:
        late = f"  [{LATE_TEXT}]" if item.late else ""
        number = f"  ({item.case_number})" if item.case_number else ""
        lines.append(f"{item.number:>3}. {item.heading}{number}{late}")
    if agenda.warnings:
        lines += ["", "Advarsler:", *(f"  ! {w}" for w in agenda.warnings)]
    typer.echo("\n".join(lines))


@agenda_app.command("approve")
def approve(
    body: Annotated[str, typer.Argument(help="Body id, e.g. kb.")],
    date: Annotated[str, typer.Argument(help="Meeting date, YYYY-MM-DD.")],
    actor: Annotated[str, typer.Option("--as", help="Who records the approval.")],
    reopen: Annotated[
        list[str] | None,
        typer.Option("--open", help="A proposed closed item the body takes in open session."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Godkend dagsordenen: bekræft de foreslåede lukkede punkter, eller åbn dem (--open)."""
    from casework.services.agendas import approve_agenda

    services = _services()
    rulings = approve_agenda(
        services.uow_factory, services.config, services.clock, body, _day(date),
        actor=actor, reopen=reopen or [],
    )  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(
            [{"case_id": r.case_id, "confirmed": r.confirmed} for r in rulings], indent=2
        ) + "\n")  # fmt: skip
        return
    for ruling in rulings:
        verdict = "lukket punkt bekræftet" if ruling.confirmed else "behandles åbent"
        typer.echo(f"{ruling.case_id}: {verdict}")
    if not rulings:
        typer.echo("Ingen foreslåede lukkede punkter på dagsordenen.")


@agenda_app.command("publish")
def publish(
    body: BodyArg,
    date: DateArg,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the files to.")],
    fmt: Annotated[str, typer.Option("--format", help="html, pdf, json or all.")] = "all",
) -> None:
    """Skriv den offentlige og den fulde dagsorden som HTML, PDF og/eller JSON."""
    from casework.app import render_agenda
    from casework.domain.agenda import UnknownFormat, Visibility
    from casework.services.agendas import assemble_agenda

    formats = FORMATS if fmt == "all" else (fmt,)
    if fmt != "all" and fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    services = _services()
    agenda = assemble_agenda(
        _reader(services), services.config, body, _day(date), services.clock.today()
    )
    out.mkdir(parents=True, exist_ok=True)
    for visibility in (Visibility.PUBLIC, Visibility.FULL):
        version = agenda.publish(visibility)
        stem = f"{agenda.body}-{agenda.date.isoformat()}-{visibility.value}"
        for kind in formats:
            path = out / f"{stem}.{kind}"
            path.write_bytes(render_agenda(version, kind))
            typer.echo(str(path))


@ical_app.command("meetings")
def ical_meetings(
    body: BodyArg,
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
) -> None:
    """Skriv et organs møder som iCalendar."""
    from casework.adapters.publish.ical import meetings_ical
    from casework.services.agendas import body_meetings

    services = _services()
    config = services.config
    meetings = body_meetings(config, body)
    data = meetings_ical(
        meetings,
        body=body,
        body_name=config.municipality.bodies[body].name,
        stamp=services.clock.now(),
        municipality=config.municipality.name,
    )
    _write(out, data)


@ical_app.command("deadlines")
def ical_deadlines(
    person: Annotated[str, typer.Argument(help="Person id, e.g. mette.")],
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
) -> None:
    """Skriv en persons frister på åbne sager som iCalendar."""
    from casework.adapters.publish.ical import deadlines_ical
    from casework.services.agendas import step_deadlines

    services = _services()
    config = services.config
    deadlines = step_deadlines(_reader(services), config, person)
    data = deadlines_ical(
        deadlines,
        person_name=config.municipality.people[person].name,
        stamp=services.clock.now(),
    )
    _write(out, data)


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    typer.echo(str(out))
