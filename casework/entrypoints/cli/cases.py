"""``casework case``: open, show, list, advance, decide, change and plan cases.

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
    """Add ``casework case`` to the root app."""
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
    key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Opret en ny sag (og planlæg den baglæns fra et møde med --target-meeting)."""
    from casework.domain.commands import OpenCase, PlanCase
    from casework.domain.routes import parse_route
    from casework.entrypoints.cli.output import command, parse_attrs, parse_target, print_json

    context = of(ctx)
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
    case = app.open_case(cmd)
    if target is not None:
        plan = command(
            PlanCase, case_id=case.id, actor=actor, target_body=target[0], target_date=target[1]
        )
        case = app.plan(plan)
    if as_json:
        print_json(_json(app, case))
        return
    _say(context, "cli.case_opened", case_id=case.id, title=case.title,
         step=app.views.row(case, context.lang).step_title)  # fmt: skip


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
    )
    context = of(ctx)
    _report_advance(context, context.app.advance(cmd), as_json=as_json)


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    case_id: CaseArg,
    actor: Annotated[
        str | None, typer.Option("--as", help="Show only the actions this person may take.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis en sag: trin, sagsgang, frister, mulige handlinger og historik."""
    context = of(ctx)
    app = context.app
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json(app.case_view(case_id, JSON_LANG, actor=actor).as_json())
        return
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import console

    view = app.case_view(case_id, context.lang, actor=actor)
    render.case_page(console(), view, app.clock.today())


@case_app.command("decide")
def case_decide(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    outcome: Annotated[
        str,
        typer.Argument(
            help="godkendt, anbefales, taget_til_efterretning, udsat, tilbagesendt, afvist, "
            "oversendt (or decided, recommended, noted, postponed, returned, rejected, referred)."
        ),
    ],
    actor: ActorOpt,
    text: Annotated[str | None, typer.Option(help="The decision's text in the minutes.")] = None,
    votes: Annotated[
        str | None, typer.Option(help="Vote lines, e.g. 'For: 5, imod: 2 (C)'.")
    ] = None,
    meeting: Annotated[str | None, typer.Option(help="The meeting's date, YYYY-MM-DD.")] = None,
    to: Annotated[str | None, typer.Option(help="'oversendt': the body referred to.")] = None,
    key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Registrér et organs beslutning fra beslutningsprotokollen; den flytter sagen videre."""
    from casework.domain.commands import Minutes, RecordDecision
    from casework.entrypoints.cli.output import command

    minutes = command(Minutes, outcome=outcome, text=text, votes=votes, meeting=meeting, to_body=to)
    cmd = command(RecordDecision, case_id=case_id, actor=actor, minutes=minutes,
                  idempotency_key=key)  # fmt: skip
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


@case_app.command("plan")
def case_plan(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    ready: Annotated[
        str | None, typer.Option(help="Day the case is ready to move on (default: today).")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Record the plan in the case's history (needs --as).")
    ] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Who records the plan.")] = None,
    target_meeting: Annotated[
        str | None,
        typer.Option(help="Plan backwards from this meeting, e.g. 'kb:2027-04-29' (records)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Planlæg sagen baglæns fra møderne: de tidligste møder og fristen for hvert trin.

    Med --record gemmes planen i sagens historik: trinnenes frister følger planen, og en
    udsættelse eller tilbagesendelse planlægger sagen igen.
    """
    from casework.domain.errors import InvalidInput
    from casework.domain.planning import NoFeasibleChain
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import (
        command,
        console,
        optional_day,
        parse_target,
        print_json,
    )

    context = of(ctx)
    app = context.app
    case, _ = app.case(case_id)
    day = optional_day(ready, "--ready") or app.clock.today()
    target = parse_target(target_meeting)
    if record or target is not None:
        from casework.domain.commands import PlanCase

        if actor is None:
            raise InvalidInput(detail="--record / --target-meeting: --as PERSON")
        case = app.plan(
            command(PlanCase, case_id=case.id, actor=actor, ready=day,
                    target_body=target[0] if target else None,
                    target_date=target[1] if target else None)
        )  # fmt: skip
    lang = context.lang
    try:
        plan = app.preview_plan(case, day, target)
    except NoFeasibleChain as exc:
        if not as_json:
            for rejection in exc.rejections:
                console().print("  " + rejection.message(lang), markup=False)
        raise
    if as_json:
        print_json({"case": case.id, **plan.as_json(lang)})
        return
    render.case_plan(console(), f"{case.id}  {case.title}", plan, app.config.municipality, lang)


@case_app.command("list")
def case_list(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="open, closed or all.")] = "open",
    owner: Annotated[str | None, typer.Option(help="Case officer id.")] = None,
    centre: Annotated[str | None, typer.Option(help="Centre id.")] = None,
    step: Annotated[str | None, typer.Option(help="Step id (template).")] = None,
    workflow: Annotated[str | None, typer.Option(help="Workflow id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List sager, nyeste ændring først."""
    from casework.app import CaseQuery
    from casework.domain.errors import InvalidInput
    from casework.domain.workflow import CaseStatus

    statuses = {"open": CaseStatus.OPEN, "closed": CaseStatus.CLOSED, "all": None}
    if status not in statuses:
        raise InvalidInput(detail=f"--status: open | closed | all ({status})")
    context = of(ctx)
    app = context.app
    query = CaseQuery(status=statuses[status], owner=owner, centre=centre, step=step,
                      workflow=workflow, limit=limit)  # fmt: skip
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([row.as_json() for row in app.case_rows(query, JSON_LANG)])
        return
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import console

    rows = app.case_rows(query, context.lang)
    render.cases(console(), rows, context.lang, app.clock.today())


@case_app.command("history")
def case_history(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Vis sagens historik (hændelser med hash-kæde)."""
    context = of(ctx)
    app = context.app
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([e.as_json() for e in app.history(case_id)])
        return
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import console

    view = app.case_view(case_id, context.lang)
    render.history(console(), view.history, context.lang)
