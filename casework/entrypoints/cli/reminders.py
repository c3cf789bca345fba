"""``casework reminders``: the deadline sweep, the outbox and the escalation chain (issue 5).

``sweep`` enqueues the reminders due now (or ``--now``) and sends what the outbox holds;
``list`` shows the outbox; ``upcoming CASE`` shows a case's reminders still to come (what the
flows schedule as one-off runs); ``overdue`` lists the open cases past their deadline;
``fire KEY`` sends one scheduled reminder if it is still wanted; ``retry`` requeues given-up
messages (the secretariat, after a mail outage).

The use cases are ``App.reminders``; this module parses the options and prints. Imports only
typer (and the message catalogue) at module level, so ``casework --help`` stays quick.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from casework.domain.errors import InvalidInput
from casework.domain.messages import register as register_messages
from casework.domain.messages import render
from casework.entrypoints.cli.context import of

register_messages(
    {
        "rcli.bad_now": (
            "--now skal være et tidspunkt som 2026-03-02T07:00:00+01:00 (fik '{text}')",
            "--now must be an instant like 2026-03-02T07:00:00+01:00 (got '{text}')",
        ),
        "rcli.swept": (
            "{scanned} sager gennemgået, {due} påmindelser forfaldne: {enqueued} nye beskeder, "
            "{sent} sendt, {failed} fejlede (prøves igen), {gave_up} opgivet, {obsolete} "
            "forældede, {skipped} allerede i udbakken ({seconds} s).",
            "{scanned} cases scanned, {due} reminders due: {enqueued} new messages, {sent} sent, "
            "{failed} failed (will retry), {gave_up} given up, {obsolete} obsolete, {skipped} "
            "already in the outbox ({seconds} s).",
        ),
        "rcli.left": (
            "I udbakken: {held} holdes af en anden omgang (lease), {waiting} prøves igen ved en "
            "senere omgang, {given_up} opgivet i alt.",
            "In the outbox: {held} held by another run (lease), {waiting} to be retried by a "
            "later run, {given_up} given up in all.",
        ),
        "rcli.retry_hint": (
            "Send de opgivne igen: casework reminders retry --all --as PERSON",
            "Requeue the given-up ones: casework reminders retry --all --as PERSON",
        ),
        "rcli.requeued": (
            "{count} opgivne beskeder lagt i kø igen; næste omgang sender dem.",
            "{count} given-up messages requeued; the next run sends them.",
        ),
        "rcli.not_given_up": (
            "{key}: ingen opgivet besked (sendt, forældet, prøves stadig eller findes ikke)",
            "{key}: no given-up message (sent, obsolete, still retried or no such message)",
        ),
        "rcli.retry_what": (
            "Angiv nøgler (sag:trin:art:frist[:modtager:kanal]) eller --all",
            "Give keys (case:step:kind:due[:recipient:channel]) or --all",
        ),
        "rcli.fired": ("{key}: {outcome}", "{key}: {outcome}"),
        "rcli.empty": ("Udbakken er tom.", "The outbox is empty."),
        "rcli.none_upcoming": (
            "Ingen kommende påmindelser for {case}.",
            "No upcoming reminders for {case}.",
        ),
        "rcli.none_overdue": ("Ingen sager har overskredet fristen.", "No case is overdue."),
        "rcli.col.key": ("Nøgle", "Key"),
        "rcli.col.case": ("Sag", "Case"),
        "rcli.col.kind": ("Art", "Kind"),
        "rcli.col.to": ("Til", "To"),
        "rcli.col.channel": ("Kanal", "Channel"),
        "rcli.col.status": ("Status", "Status"),
        "rcli.col.attempts": ("Forsøg", "Attempts"),
        "rcli.col.fire_at": ("Sendes", "Fires"),
        "rcli.col.due": ("Frist", "Due"),
        "rcli.col.step": ("Trin", "Step"),
        "rcli.col.title": ("Titel", "Title"),
        "rcli.col.responsible": ("Ansvarlig", "Responsible"),
        "rcli.col.late": ("Hverdage over", "Working days late"),
        "rcli.kind.before": ("før fristen", "before"),
        "rcli.kind.due": ("på fristen", "due"),
        "rcli.kind.overdue": ("overskredet", "overdue"),
        "rcli.status.sent": ("sendt", "sent"),
        "rcli.status.pending": ("venter", "pending"),
        "rcli.status.failed": ("fejlet", "failed"),
        "rcli.status.gave_up": ("opgivet", "given up"),
        "rcli.status.obsolete": ("forældet", "obsolete"),
    }
)

reminders_app = typer.Typer(
    help="Påmindelser: frist-sweep, udbakke, kommende påmindelser og overskredne frister.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")]
NowOpt = Annotated[
    str | None, typer.Option("--now", help="Som om klokken var (ISO 8601), fx 2026-03-02T07:00Z.")
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(reminders_app, name="reminders")


# --------------------------------------------------------------------------- plumbing
def _now(text: str | None, lang: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(detail=render("rcli.bad_now", lang, text=text)) from None
    if value.tzinfo is None:
        raise InvalidInput(detail=render("rcli.bad_now", lang, text=text))
    return value.astimezone(dt.UTC)


def _table(headers: list[str], rows: list[list[str]]) -> None:
    from rich.table import Table

    from casework.entrypoints.cli.output import console

    table = Table(show_header=True, header_style="bold")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    console().print(table)  # titles as text: no markup, no control characters


def _echo(text: str) -> None:
    typer.echo(text)


# --------------------------------------------------------------------------- commands
@reminders_app.command("sweep")
def sweep(ctx: typer.Context, now: NowOpt = None, as_json: JsonOpt = False) -> None:
    """Find forfaldne påmindelser, læg dem i udbakken og send dem (præcis én gang)."""
    from casework.entrypoints.cli.progress import progress

    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    moment = _now(now, lang)
    with progress("progress.sweep", lang, quiet=context.quiet) as advance:
        report = service.sweep(now=moment, on_progress=advance)
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json(report.model_dump())
        return
    _echo(
        render(
            "rcli.swept",
            lang,
            scanned=report.cases_scanned,
            due=report.reminders_due,
            enqueued=report.enqueued,
            sent=report.sent,
            failed=report.failed,
            gave_up=report.gave_up,
            obsolete=report.obsolete,
            skipped=report.skipped_already_queued,
            seconds=report.seconds,
        )
    )
    _echo(
        render(
            "rcli.left", lang, held=report.held, waiting=report.waiting, given_up=report.given_up
        )
    )
    if report.given_up:
        _echo(render("rcli.retry_hint", lang))


@reminders_app.command("retry")
def retry(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="Beskedens nøgle, eller påmindelsens (alle dens beskeder)."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Alle opgivne beskeder.")] = False,
    actor: Annotated[str, typer.Option("--as", help="Hvem i sekretariatet der gør det.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Læg opgivne beskeder i kø igen (efter et nedbrud hos mailserveren); næste omgang sender."""
    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    if bool(keys) == all_:
        raise InvalidInput(detail=render("rcli.retry_what", lang))
    result = service.retry(None if all_ else keys, actor=actor)
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json(result.as_dict())
        return
    _echo(render("rcli.requeued", lang, count=len(result.requeued)))
    for key in result.not_given_up:
        _echo(render("rcli.not_given_up", lang, key=key))


@reminders_app.command("fire")
def fire(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Påmindelsens nøgle: sag:trin:art:frist.")],
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Send én planlagt påmindelse, hvis den stadig gælder."""
    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    outcome, report = service.fire_report(key, now=_now(now, lang))
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json({"key": key, "outcome": outcome, "report": report.model_dump()})
        return
    _echo(render("rcli.fired", lang, key=key, outcome=outcome))


@reminders_app.command("list")
def list_outbox(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help="Kun denne sags beskeder.")] = None,
    limit: Annotated[int, typer.Option(help="Højst så mange beskeder.", min=1)] = 100,
    as_json: JsonOpt = False,
) -> None:
    """Vis udbakken: hver besked med modtager, kanal og status."""
    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    messages = service.outbox(case_id=case, limit=limit)
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([m.as_dict() for m in messages])
        return
    if not messages:
        _echo(render("rcli.empty", lang))
        return
    _table(
        [render(f"rcli.col.{c}", lang) for c in ("case", "kind", "due", "to", "channel")]
        + [render(f"rcli.col.{c}", lang) for c in ("status", "attempts")],
        [
            [
                m.case_id,
                render(f"rcli.kind.{m.kind}", lang),
                m.due,
                m.recipient,
                m.channel,
                render(f"rcli.status.{m.status}", lang),
                str(m.attempts),
            ]
            for m in messages
        ],
    )


@reminders_app.command("upcoming")
def upcoming(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help="Sagsnummer, fx 2026-0061.")],
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis en sags kommende påmindelser (dem, der planlægges som engangskørsler)."""
    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    reminders = service.upcoming(case, now=_now(now, lang))
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([r.as_dict() for r in reminders])
        return
    if not reminders:
        _echo(render("rcli.none_upcoming", lang, case=case))
        return
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Copenhagen")
    _table(
        [render(f"rcli.col.{c}", lang) for c in ("fire_at", "kind", "step", "due", "to", "key")],
        [
            [
                r.fire_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                render(f"rcli.kind.{r.kind.value}", lang),
                r.step_title or r.step,
                r.due.isoformat(),
                ", ".join(r.recipients),
                r.key,
            ]
            for r in reminders
        ],
    )


@reminders_app.command("overdue")
def overdue(ctx: typer.Context, now: NowOpt = None, as_json: JsonOpt = False) -> None:
    """Vis de åbne sager, hvis frist er overskredet, med antal hverdage over fristen."""
    context = of(ctx)
    service = context.app.reminders
    lang = context.lang
    cases = service.overdue(now=_now(now, lang))
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([c.as_dict() for c in cases])
        return
    if not cases:
        _echo(render("rcli.none_overdue", lang))
        return
    _table(
        [
            render(f"rcli.col.{c}", lang)
            for c in ("case", "title", "step", "responsible", "due", "late")
        ],
        [
            [
                c.case_id,
                c.title,
                c.step_title or c.step,
                ", ".join(c.responsible),
                c.due.isoformat(),
                str(c.workdays_overdue),
            ]
            for c in cases
        ],
    )
