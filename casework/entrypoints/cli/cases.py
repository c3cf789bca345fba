"""``casework case``: open, advance, decide and change cases (reading them: :mod:`.case_views`).

Each command parses its options into a domain command, calls the application service and
renders the view model it gets back: a Rich table for people, ``as_json`` with stable keys for
scripts (``--json`` values are Danish, whatever ``--lang`` says, so scripts can rely on them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case
    from casework.entrypoints.cli.context import CliContext

case_app = typer.Typer(help="Sager: opret, vis, list, avancer, historik.", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (person id from the config).")]
KeyOpt = Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")]
VersionOpt = Annotated[int | None, typer.Option(help="Refuse if the case changed since.")]
CaseArg = Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")]
#: ``--json`` is for scripts: its texts stay Danish whatever the language of the tables.
JSON_LANG = "da"


def register(app: typer.Typer) -> None:
    """Add ``casework case`` to the root app, with the reading commands of :mod:`.case_views`."""
    from casework.entrypoints.cli import bilag, case_views, discussions, presentation

    case_views.register(case_app)
    bilag.register_commands(case_app)
    discussions.register_commands(case_app)
    presentation.register_commands(case_app)
    app.add_typer(case_app, name="case")


def _json(app: App, case: Case, actor: str | None = None) -> dict[str, object]:
    return app.views.row(case, JSON_LANG, actor=actor).as_json()


@case_app.command("new")
def case_new(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    title: Annotated[str, typer.Option(help="The case's title.")],
    actor: ActorOpt,
    workflow: Annotated[
        str | None,
        typer.Option(help="Workflow id, e.g. beslutningssag (default: as the plan decides)."),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            help="Bodies in order, e.g. 'tmu,oeu,kb' or 'tmu:indstiller,kb:beslutter' "
            "(default: the delegation plan decides)."
        ),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option("--attr", help="Attribute name=value (repeatable).")
    ] = None,
    deadline: Annotated[str | None, typer.Option(help="Done-by date, YYYY-MM-DD.")] = None,
    reference: Annotated[str | None, typer.Option(help="ESDH case number.")] = None,
    target_meeting: Annotated[
        str | None,
        typer.Option(help="Plan backwards from this meeting, e.g. 'kb:2027-04-29'."),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="The discussion case it came from."),
    ] = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
    print_id: Annotated[
        bool,
        typer.Option(
            "--print-id",
            help="Print only the case id, for scripts: sag=$(casework case new … --print-id).",
        ),
    ] = False,
) -> None:
    """Opret en ny sag (og planlæg den baglæns fra et møde med --target-meeting).

    Med --origin oprettes den knyttet til drøftelsessagen, den udspringer af, i samme
    transaktion: afvises oprindelsen, oprettes intet.
    """
    from casework.domain.commands import OpenCase
    from casework.domain.routes import parse_route
    from casework.entrypoints.cli.output import command, parse_attrs, parse_target, print_json

    context = of(ctx)
    if print_id and as_json:
        from casework.domain.errors import InvalidInput
        from casework.domain.messages import Msg

        raise InvalidInput(detail=Msg("cli.print_id_or_json"))
    cmd = command(
        OpenCase,
        workflow=workflow,
        title=title,
        actor=actor,
        route=parse_route(route) if route is not None else None,
        attributes=parse_attrs(attr or [], context.lang),
        deadline=deadline,
        reference=reference,
        idempotency_key=key,
    )
    target = parse_target(target_meeting)
    app = context.app
    # Opened, planned and linked to its origin in one unit of work: a case that cannot be
    # planned, or whose origin is refused, is not opened.
    if origin is not None:
        case = app.discussions.open_with_origin(cmd, origin, target=target)
    else:
        case = app.open_case(cmd, target=target)
    if print_id:
        # The id alone, as `docker run -q` does: a retry with the same --key prints the same id.
        typer.echo(case.id)
        return
    if as_json:
        print_json(_json(app, case))
        return
    _say(context, "cli.case_opened", case_id=case.id, title=case.title,
         step=app.views.row(case, context.lang).step_title)  # fmt: skip
    if workflow is None:  # why this workflow: the delegation plan's table, like the route
        from casework.app.delegation import workflow_reason

        reason = workflow_reason(app, case.id, context.lang)
        if reason is not None:
            typer.echo(reason)


#: The secretariat's override of a step's minimum period (a hearing, the klagefrist), with why.
OverrideOpt = Annotated[
    str | None,
    typer.Option(
        "--override-minimum",
        metavar="BEGRUNDELSE",
        help="Leave the step before its minimum period has passed (the secretariat only); "
        "the reason is kept on the event.",
    ),
]


@case_app.command("advance")
def case_advance(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    action: Annotated[str, typer.Argument(help="Action, e.g. godkend.")],
    actor: ActorOpt,
    comment: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    expected_version: VersionOpt = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
    override_minimum: OverrideOpt = None,
) -> None:
    """Udfør en handling på en sag."""
    from casework.domain.commands import AdvanceCase
    from casework.entrypoints.cli.output import command

    cmd = command(
        AdvanceCase,
        case_id=case_id,
        action=action,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        idempotency_key=key,
        override_minimum=override_minimum,
    )
    context = of(ctx)
    _report_advance(context, context.app.advance(cmd), as_json=as_json)


@case_app.command("decide")
def case_decide(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    outcome: Annotated[
        str,
        typer.Argument(
            help="godkendt, anbefales, taget_til_efterretning, udsat, tilbagesendt, afvist "
            "(ikke_godkendt), oversendt (or decided, recommended, noted, postponed, returned, "
            "rejected, referred)."
        ),
    ],
    actor: ActorOpt,
    text: Annotated[str | None, typer.Option(help="The decision's text in the minutes.")] = None,
    votes: Annotated[
        str | None,
        typer.Option(help="Who voted how (names or parties), e.g. 'For: A, B, F; imod: C'."),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(help="The date of the body's meeting that decided, YYYY-MM-DD (required)."),
    ] = None,
    to: Annotated[str | None, typer.Option(help="'oversendt': the body referred to.")] = None,
    in_favour: Annotated[
        int | None, typer.Option("--for", min=0, help="Votes for (For stemte).")
    ] = None,
    against: Annotated[
        int | None, typer.Option("--against", min=0, help="Votes against (Imod stemte).")
    ] = None,
    abstain: Annotated[
        int | None, typer.Option("--abstain", min=0, help="Abstained (Undlod at stemme).")
    ] = None,
    minority: Annotated[
        list[str] | None,
        typer.Option("--minority", help="A minority statement (mindretalsudtalelse); repeatable."),
    ] = None,
    entry: Annotated[
        list[str] | None,
        typer.Option("--entry", help="A protocol entry (protokoltilførsel); repeatable."),
    ] = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
    override_minimum: OverrideOpt = None,
) -> None:
    """Registrér et organs beslutning fra beslutningsprotokollen; den flytter sagen videre og
    står i mødets protokol."""
    from casework.domain.commands import Minutes, RecordDecision
    from casework.entrypoints.cli.output import command

    minutes = command(
        Minutes, outcome=outcome, text=text, votes=votes, meeting=meeting, to_body=to,
        in_favour=in_favour, against=against, abstaining=abstain, minority=minority or [],
        entries=entry or [],
    )  # fmt: skip
    cmd = command(RecordDecision, case_id=case_id, actor=actor, minutes=minutes,
                  idempotency_key=key, override_minimum=override_minimum)  # fmt: skip
    context = of(ctx)
    _report_advance(context, context.app.decide(cmd), as_json=as_json)


@case_app.command("set")
def case_set(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    actor: ActorOpt,
    attr: Annotated[
        list[str], typer.Option("--attr", help="Attribute name=value; name= clears it.")
    ],
    comment: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    expected_version: VersionOpt = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ret sagens attributter; en sag routet af delegationsplanen vurderes igen."""
    from casework.domain.commands import ChangeAttributes
    from casework.entrypoints.cli.output import command, parse_attrs

    context = of(ctx)
    values = {k: (v or None) for k, v in parse_attrs(attr, context.lang).items()}
    cmd = command(
        ChangeAttributes,
        case_id=case_id,
        actor=actor,
        attributes=values,
        comment=comment,
        expected_version=expected_version,
        idempotency_key=key,
    )
    _report_changed(context, context.app.change_attributes(cmd), as_json=as_json)


@case_app.command("route")
def case_route(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    route: Annotated[str, typer.Option(help="The new route, e.g. 'tmu,oeu,kb'.")],
    reason: Annotated[str, typer.Option(help="Why the route changes (kept in the history).")],
    actor: ActorOpt,
    expected_version: VersionOpt = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ændr sagens sagsgang (sekretariatet), med en begrundelse der bliver i historikken."""
    from casework.domain.commands import ChangeRoute
    from casework.domain.routes import parse_route
    from casework.entrypoints.cli.output import command

    cmd = command(
        ChangeRoute,
        case_id=case_id,
        actor=actor,
        route=parse_route(route),
        reason=reason,
        expected_version=expected_version,
        idempotency_key=key,
    )
    context = of(ctx)
    _report_changed(context, context.app.change_route(cmd), as_json=as_json)


def _report_advance(context: CliContext, result: Any, *, as_json: bool) -> None:
    """What an advance (or a decision from the minutes) did, for people or as JSON."""
    from casework.entrypoints.cli.output import print_json

    app = context.app
    case, event = result.case, result.event
    if as_json:
        print_json({"replayed": result.replayed, "event": event.as_json(),
                    "case": _json(app, case)})  # fmt: skip
    elif result.replayed and event.data.get("minutes"):
        meeting = event.data["minutes"].get("meeting") or "–"
        _say(context, "cli.decision_replayed", case_id=case.id, meeting=meeting)
    elif result.replayed:
        _say(context, "cli.case_replayed", case_id=case.id)
    else:
        step = app.views.row(case, context.lang).step_title
        _say(context, "cli.case_advanced", case_id=case.id, action=event.data["action"],
             step=step, version=case.version)  # fmt: skip


def _report_changed(context: CliContext, case: Case, *, as_json: bool) -> None:
    from casework.entrypoints.cli.output import print_json

    if as_json:
        print_json(_json(context.app, case))
    else:
        _say(context, "cli.case_changed", case_id=case.id, version=case.version)


def _say(context: CliContext, key: str, **params: object) -> None:
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    console().print(t(key, context.lang, **params))
