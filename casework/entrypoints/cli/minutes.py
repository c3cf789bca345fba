"""``casework minutes``: the minutes of a held meeting (beslutningsprotokollen).

``show BODY DATE`` prints the protocol (the public version; ``--full`` the members' version
with closed items), ``--json`` the same view model as JSON; ``--format html|pdf|json -o FILE``
writes it as a document (``casework.app.protocols.render_protocol``, the web app's and the
Prefect run's too), Danish unless ``--lang en``. The secretariat records who was
absent (``absent MEMBER [--substitute NAME]``, ``--present`` takes it back), takes a decided
item up again (``reopen ITEM --reason``), writes under a fixed item (``note NUMBER TEXT``,
e.g. Meddelelser), approves (``approve``, signed: nothing is recorded
after) and publishes the minutes (``publish``), each ``--as PERSON``. The decisions themselves
are recorded by ``casework case decide``. The use cases are ``App.agendas``
(:mod:`casework.app.agendas`); the view model is
:class:`~casework.domain.protocol.PublishedProtocol`; errors are CW82x.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.messages import register as register_texts
from casework.domain.messages import render
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    import datetime as dt

    from casework.app.agendas import Agendas
    from casework.domain.protocol import PublishedProtocol, PublishedProtocolItem
    from casework.entrypoints.cli.context import CliContext

register_texts(
    {
        "minutes.cli.title": ("Beslutningsprotokol", "Minutes"),
        "minutes.cli.state": ("Tilstand: {state}", "State: {state}"),
        "minutes.cli.absent": ("Fraværende: {names}", "Absent: {names}"),
        "minutes.cli.none_absent": ("Fraværende: ingen", "Absent: none"),
        "minutes.cli.approved": (
            "Protokollen godkendt {day} af {by}",
            "Minutes approved on {day} by {by}",
        ),
        "minutes.cli.not_approved": ("Protokollen er ikke godkendt.", "Minutes not approved."),
        "minutes.cli.published": ("Offentliggjort {day}", "Published on {day}"),
        "minutes.cli.indstilling": ("Indstilling:", "Recommendation:"),
        "minutes.cli.decision": ("Beslutning: {outcome}", "Decision: {outcome}"),
        "minutes.cli.undecided": ("Ingen beslutning registreret", "No decision recorded"),
        "minutes.cli.minority": ("Mindretalsudtalelse: {text}", "Minority statement: {text}"),
        "minutes.cli.entry": ("Protokoltilførsel: {text}", "Protocol entry: {text}"),
        "minutes.cli.no_items": ("Ingen punkter.", "No items."),
        "minutes.cli.referred_to": ("oversendt til {body}", "referred to {body}"),
        "minutes.cli.done": ("{body} {day}: {state}", "{body} {day}: {state}"),
    }
)

minutes_app = typer.Typer(
    help="Beslutningsprotokollen: vis, registrér fravær, genoptag, godkend og offentliggør.",
    no_args_is_help=True,
)

BodyArg = Annotated[str, typer.Argument(help="Organ, fx tmu.")]
DateArg = Annotated[str, typer.Argument(help="Mødets dato, ÅÅÅÅ-MM-DD.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Hvem i sekretariatet der gør det.")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    """Add ``casework minutes`` to the root app."""
    app.add_typer(minutes_app, name="minutes")


def _meeting(ctx: typer.Context, date: str) -> tuple[CliContext, Agendas, dt.date]:
    from casework.entrypoints.cli.output import parse_day

    context = of(ctx)
    return context, context.app.agendas, parse_day(date, "DATO")


def _done(context: CliContext, agendas: Agendas, body: str, day: dt.date) -> None:
    from casework.domain.meeting_record import MeetingState

    protocol = agendas.protocol(body, day)
    state = render(f"meeting.state.{MeetingState(protocol.state).value}", context.lang, to="")
    typer.echo(render("minutes.cli.done", context.lang, body=protocol.body_name,
                      day=day.isoformat(), state=state))  # fmt: skip


@minutes_app.command("show")
def show(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    full: Annotated[
        bool, typer.Option("--full", help="Medlemmernes udgave, med de lukkede punkter.")
    ] = False,
    as_json: JsonOpt = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Skriv protokollen som dokument: html, pdf eller json."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Filen, dokumentet skrives til.")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Sprog: da eller en.")] = None,
) -> None:
    """Vis beslutningsprotokollen (offentlig udgave; --full med lukkede punkter), eller skriv den
    som HTML, PDF eller JSON (--format … -o FIL)."""
    from casework.domain.agenda import Visibility
    from casework.entrypoints.cli.output import print_json

    context, agendas, day = _meeting(ctx, date)
    language = context.use_lang(lang)
    if fmt is not None or out is not None:
        _check_document(fmt, out)
    visibility = Visibility.FULL if full else Visibility.PUBLIC
    protocol = agendas.protocol(body, day).publish(visibility)
    if fmt is not None and out is not None:
        _write_document(protocol, fmt, out, language, full=full)
        return
    if as_json:
        print_json(protocol.as_json())
        return
    typer.echo("\n".join(protocol_lines(protocol, language)))


def _check_document(fmt: str | None, out: Path | None) -> None:
    """Both --format and --out, a known format, a file that can be written: or nothing is."""
    from casework.app.protocols import FORMATS
    from casework.domain.agenda import UnknownFormat
    from casework.domain.errors import InvalidInput

    if fmt is None or out is None:
        raise InvalidInput(detail="--format og --out hører sammen: --format pdf -o protokol.pdf")
    if fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    if out.is_dir():
        raise InvalidInput(detail=f"--out {out}: er en mappe; angiv en fil")


def _write_document(
    protocol: PublishedProtocol, fmt: str, out: Path, lang: str, *, full: bool
) -> None:
    """Render first, then write in one go (a failure leaves no half file); the full protocol,
    with the closed items' content, owner only (0600)."""
    from casework.app.files import write_published
    from casework.app.protocols import render_protocol

    data = render_protocol(protocol, fmt, lang)
    write_published(out, data, full=full)
    typer.echo(str(out))


def protocol_lines(protocol: PublishedProtocol, lang: str) -> list[str]:
    """The protocol as terminal lines, in ``lang`` (the recorded texts stay as written)."""
    from casework.app.dates import format_date, format_meeting
    from casework.domain.meeting_record import MeetingState

    title = render("minutes.cli.title", lang)
    state = render(f"meeting.state.{MeetingState(protocol.state).value}", lang, to="")
    when = format_meeting(protocol.date, protocol.time, lang)
    lines = [f"{title} – {protocol.body_name} – {when}",
             render("minutes.cli.state", lang, state=state)]  # fmt: skip
    if protocol.absent:
        lines.append(render("minutes.cli.absent", lang, names="; ".join(protocol.absent)))
    else:
        lines.append(render("minutes.cli.none_absent", lang))
    if protocol.approved_on is not None:
        lines.append(render("minutes.cli.approved", lang, day=format_date(protocol.approved_on,
                            lang), by=protocol.approved_by or "-"))  # fmt: skip
    else:
        lines.append(render("minutes.cli.not_approved", lang))
    if protocol.published_on is not None:
        lines.append(render("minutes.cli.published", lang,
                            day=format_date(protocol.published_on, lang)))  # fmt: skip
    lines.append("")
    if not protocol.items:
        lines.append(render("minutes.cli.no_items", lang))
    for item in protocol.items:
        number = f"  ({item.case_number})" if item.case_number else ""
        lines.append(f"{item.number:>3}. {item.heading}{number}")
        lines += [f"       [{note}]" for note in item.notes]
        if item.fixed and item.decision_text:
            lines.append(f"       {item.decision_text}")
        if item.fixed or item.case_number is None:
            continue
        if item.indstilling:
            lines.append(f"       {render('minutes.cli.indstilling', lang)}")
            lines += [f"         - {clause}" for clause in item.indstilling]
        lines += [f"       {line}" for line in decision_lines(item, lang)]
    return lines


def decision_lines(item: PublishedProtocolItem, lang: str) -> list[str]:
    """An item's decision as lines: the outcome, the text, the vote, statements and entries."""
    if item.outcome is None:
        return [render("minutes.cli.undecided", lang)]
    outcome = item.outcome_text or item.outcome
    if lang != "da":  # the protocol's own text is Danish; the outcome's word is translated
        outcome = render(f"outcome.{item.outcome}", lang)
        if item.outcome_text and " til " in item.outcome_text:
            body = item.outcome_text.split(" til ", 1)[1]
            outcome = render("minutes.cli.referred_to", lang, body=body)
    lines = [render("minutes.cli.decision", lang, outcome=outcome)]
    if item.decision_text:
        lines.append(item.decision_text)
    lines += list(item.votes)
    lines += [render("minutes.cli.minority", lang, text=t) for t in item.minority]
    lines += [render("minutes.cli.entry", lang, text=t) for t in item.entries]
    return lines


@minutes_app.command("absent")
def absent(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    member: Annotated[str, typer.Argument(help="Medlemmet, der var fraværende.")],
    actor: ActorOpt,
    substitute: Annotated[
        str | None, typer.Option("--substitute", help="Stedfortræderen, der mødte i stedet.")
    ] = None,
    present: Annotated[
        bool, typer.Option("--present", help="Tag et registreret fravær tilbage.")
    ] = False,
) -> None:
    """Registrér et medlem som fraværende på det afholdte møde (evt. med stedfortræder)."""
    context, agendas, day = _meeting(ctx, date)
    agendas.record_attendance(
        body, day, member, actor=actor, substitute=substitute, absent=not present
    )
    _done(context, agendas, body, day)


@minutes_app.command("reopen")
def reopen(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    item: Annotated[str, typer.Argument(help="Sagsnummer (2026-0012) eller punktets nummer.")],
    actor: ActorOpt,
    reason: Annotated[str, typer.Option("--reason", help="Hvorfor punktet genoptages.")],
) -> None:
    """Genoptag et besluttet punkt på mødet: en ny beslutning kan derefter registreres."""
    context, agendas, day = _meeting(ctx, date)
    agendas.reopen_item(body, day, item, actor=actor, reason=reason)
    _done(context, agendas, body, day)


@minutes_app.command("note")
def note(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    body: BodyArg,
    date: DateArg,
    number: Annotated[int, typer.Argument(help="Det faste punkts nummer, fx 3 (Meddelelser).")],
    text: Annotated[str, typer.Argument(help="Hvad protokollen skal sige under punktet.")],
    actor: ActorOpt,
) -> None:
    """Før tekst til protokol under et fast punkt (fx Meddelelser) på det afholdte møde."""
    context, agendas, day = _meeting(ctx, date)
    agendas.note_fixed_item(body, day, number, text, actor=actor)
    _done(context, agendas, body, day)


@minutes_app.command("approve")
def approve(ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt) -> None:
    """Godkend (underskriv) protokollen; derefter registreres intet mere på mødet."""
    context, agendas, day = _meeting(ctx, date)
    agendas.approve_minutes(body, day, actor=actor)
    _done(context, agendas, body, day)


@minutes_app.command("publish")
def publish(ctx: typer.Context, body: BodyArg, date: DateArg, actor: ActorOpt) -> None:
    """Offentliggør den godkendte protokol."""
    context, agendas, day = _meeting(ctx, date)
    agendas.publish_minutes(body, day, actor=actor)
    _done(context, agendas, body, day)
