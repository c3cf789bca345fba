"""``casework meeting``: one meeting as a record, run by the secretariat.

``book BODY DATE [CASE…] [--planned]`` puts cases on the meeting (``--planned``: every case its
agenda would hold now, from the recorded plans and the cases waiting at the body), ``withdraw``
takes one off, ``close`` closes the agenda at its deadline, ``send`` sends it (and freezes it),
``correct`` issues a rettelsesblad for a sent item, ``hold`` opens the meeting, ``cancel`` and
``move --to DATE`` as they say; ``show`` prints the record: state, items and history. Every
change needs ``--as PERSON`` with the secretariat's rights. ``casework agenda show`` prints the
agenda itself, frozen from sending on. The use cases are ``App.agendas``
(:mod:`casework.app.agendas`); errors are CW81x.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    import datetime as dt

    from casework.app.agendas import Agendas
    from casework.entrypoints.cli.context import CliContext

meeting_app = typer.Typer(
    help="Et møde som post: book punkter, luk og udsend dagsordenen, ret, åbn, aflys, flyt.",
    no_args_is_help=True,
)

BodyArg = Annotated[str, typer.Argument(help="Organ, fx tmu.")]
DateArg = Annotated[str, typer.Argument(help="Mødets dato, ÅÅÅÅ-MM-DD.")]
ItemArg = Annotated[str, typer.Argument(help="Sagsnummer (2026-0012) eller punktets nummer.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Hvem i sekretariatet der gør det.")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Begrundelsen.")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    """Add ``casework meeting`` to the root app."""
    app.add_typer(meeting_app, name="meeting")


def _meeting(ctx: typer.Context, date: str) -> tuple[CliContext, Agendas, dt.date]:
    from casework.entrypoints.cli.output import parse_day

    context = of(ctx)
    return context, context.app.agendas, parse_day(date, "DATO")


def _done(context: CliContext, agendas: Agendas, body: str, day: dt.date) -> None:
    view = agendas.record(body, day, context.lang)
    typer.echo(f"{view.body_name} {day.isoformat()}: {view.state_text} (version {view.version})")


@meeting_app.command("book")
def book(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    actor: ActorOpt,
    cases: Annotated[list[str] | None, typer.Argument(help="Sagerne der bookes.")] = None,
    planned: Annotated[
        bool, typer.Option("--planned", help="Book alle sager, der er planlagt til mødet.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Book sager på mødets dagsorden (efter fristen: for sent; efter udsendelse: tillæg)."""
    from casework.domain.errors import InvalidInput
    from casework.entrypoints.cli.output import print_json

    context, agendas, day = _meeting(ctx, date)
    if not cases and not planned:
        raise InvalidInput(detail="angiv sager, eller --planned")
    booked = agendas.book(body, day, cases or (), actor=actor, planned=planned)
    if as_json:
        print_json({"booked": booked})
        return
    typer.echo(f"Booket: {', '.join(booked)}" if booked else "Ingen nye sager at booke.")
    _done(context, agendas, body, day)


@meeting_app.command("withdraw")
def withdraw(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    item: ItemArg,
    actor: ActorOpt,
    reason: ReasonOpt = None,
) -> None:
    """Tag et punkt af dagsordenen (efter udsendelse kun som rettelse med --reason)."""
    context, agendas, day = _meeting(ctx, date)
    agendas.withdraw(body, day, item, actor=actor, reason=reason)
    _done(context, agendas, body, day)


@meeting_app.command("close")
def close(ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt) -> None:
    """Luk dagsordenen ved fristen: senere punkter er optaget efter fristen."""
    context, agendas, day = _meeting(ctx, date)
    agendas.close(body, day, actor=actor)
    _done(context, agendas, body, day)


@meeting_app.command("send")
def send(ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt) -> None:
    """Udsend dagsordenen: punkterne fryses, som de står nu (lukker den først, om nødvendigt)."""
    context, agendas, day = _meeting(ctx, date)
    agendas.send(body, day, actor=actor)
    _done(context, agendas, body, day)


@meeting_app.command("correct")
def correct(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    item: ItemArg,
    actor: ActorOpt,
    reason: Annotated[str, typer.Option("--reason", help="Hvad rettelsen retter.")],
) -> None:
    """Rettelsesblad: en ny udgave af et udsendt punkt, fra sagen som den er nu."""
    context, agendas, day = _meeting(ctx, date)
    agendas.correct(body, day, item, actor=actor, reason=reason)
    _done(context, agendas, body, day)


@meeting_app.command("hold")
def hold(ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt) -> None:
    """Åbn mødet (dagsordenen skal være udsendt, og dagen kommet)."""
    context, agendas, day = _meeting(ctx, date)
    agendas.hold(body, day, actor=actor)
    _done(context, agendas, body, day)


@meeting_app.command("cancel")
def cancel(
    ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt, reason: ReasonOpt = None
) -> None:
    """Aflys mødet."""
    context, agendas, day = _meeting(ctx, date)
    agendas.cancel(body, day, actor=actor, reason=reason)
    _done(context, agendas, body, day)


@meeting_app.command("move")
def move(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    to: Annotated[str, typer.Option("--to", help="Den nye dato, ÅÅÅÅ-MM-DD (i mødeplanen).")],
    actor: ActorOpt,
    reason: ReasonOpt = None,
) -> None:
    """Flyt mødet til en anden dato i mødeplanen; punkterne følger med."""
    from casework.entrypoints.cli.output import parse_day

    context, agendas, day = _meeting(ctx, date)
    agendas.move(body, day, parse_day(to, "--to"), actor=actor, reason=reason)
    _done(context, agendas, body, day)


@meeting_app.command("show")
def show(
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    full: Annotated[bool, typer.Option("--full", help="Lukkede punkter med titel.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Vis mødet som post: tilstand, punkter med udgaver, og historikken."""
    from casework.entrypoints.cli.output import print_json

    context, agendas, day = _meeting(ctx, date)
    view = agendas.record(body, day, context.lang, full=full)
    if as_json:
        print_json(view.as_json())
        return
    from casework.entrypoints.cli import meeting_texts  # noqa: F401 - registers the texts
    from casework.entrypoints.texts import t

    lang = context.lang
    lines = [f"{view.body_name} {day.isoformat()}: {view.state_text} (version {view.version})"]
    if view.sent_on is not None:
        lines.append(t("mcli.sent_on", lang, date=view.sent_on.isoformat()))
    if view.note:
        lines.append(t("mcli.reason", lang, note=view.note))
    lines += ["", t("mcli.items", lang)] if view.items else ["", t("mcli.no_items", lang)]
    for item in view.items:
        number = f"{item.number:>3}." if item.number is not None else "   -"
        flags = (("mcli.late", item.late), ("mcli.supplement", item.supplementary))
        marks = [t(key, lang) for key, on in flags if on]
        if item.withdrawn is not None:
            marks.append(
                t("mcli.withdrawn_why", lang, why=item.withdrawn)
                if item.withdrawn
                else t("mcli.withdrawn", lang)
            )
        if item.moved_from:
            marks.append(t("mcli.moved_from", lang, date=item.moved_from))
        mark = f"  [{'; '.join(marks)}]" if marks else ""
        lines.append(f"{number} {item.case_id}  {item.heading}{mark}")
        for version in item.versions[1:]:
            lines.append(f"       version {version.version} ({version.at[:10]}): {version.reason}")
    if view.history:
        lines += ["", t("mcli.history", lang)]
        lines += [f"  {h.seq:>2}. {h.at[:16].replace('T', ' ')}  {h.actor}: {h.text}"
                  for h in view.history]  # fmt: skip
    typer.echo("\n".join(lines))
