"""``casework case show / list / history / plan``: cases as the view models show them.

Rich tables for people (:mod:`casework.entrypoints.cli.render`), ``as_json`` with stable keys
for scripts; ``--json`` texts are Danish whatever ``--lang`` says. ``plan`` previews (or with
``--record`` records) the backward plan of a case onto the meeting plan.
"""

from __future__ import annotations

from typing import Annotated

import typer

from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
CaseArg = Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")]
#: ``--json`` is for scripts: its texts stay Danish whatever the language of the tables.
JSON_LANG = "da"


def register(case_app: typer.Typer) -> None:
    """Add the reading commands to ``casework case``."""
    case_app.command("show")(case_show)
    case_app.command("plan")(case_plan)
    case_app.command("list")(case_list)
    case_app.command("history")(case_history)


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
    from casework.entrypoints.cli.discussions import print_panel

    print_panel(console(), view.discussion, context.lang)


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


def case_list(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="open, closed or all.")] = "open",
    owner: Annotated[str | None, typer.Option(help="Case officer id.")] = None,
    centre: Annotated[str | None, typer.Option(help="Centre id.")] = None,
    step: Annotated[str | None, typer.Option(help="Step id (template).")] = None,
    workflow: Annotated[str | None, typer.Option(help="Workflow id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    search: Annotated[
        str | None,
        typer.Option(
            help="Search titles, presentation texts and case numbers (words and their inflections)."
        ),
    ] = None,
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
                      workflow=workflow, search=search, limit=limit)  # fmt: skip
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json([row.as_json() for row in app.case_rows(query, JSON_LANG)])
        return
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import console

    rows = app.case_rows(query, context.lang)
    render.cases(console(), rows, context.lang, app.clock.today())


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
