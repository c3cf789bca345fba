"""``casework board``, ``casework audit verify`` and ``casework demo``: the whole store at once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.entrypoints.cli.context import of

if TYPE_CHECKING:
    from casework.app.flow_history import FlowHistoryView
from casework.entrypoints.cli.output import JSON_HELP

audit_app = typer.Typer(help="Revisionsspor: kontrollér hændelseskæderne.", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    """Add ``board``, ``demo`` and ``audit`` to the root app."""
    app.add_typer(audit_app, name="audit")
    app.command("board")(board)
    app.command("demo")(demo)


class BoardBy(StrEnum):
    """Which part of the board the table shows."""

    URGENT = "urgent"
    MEETING = "meeting"
    STEP = "step"
    TIME = "time"


def board(  # noqa: PLR0917 - the board's options
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Cases shown per list.")] = 15,
    by: Annotated[
        BoardBy,
        typer.Option(
            "--by",
            help="urgent: most urgent cases; meeting: flow toward the coming "
            "meetings; step: flow by step along the route; time: flow over the last weeks "
            "and the open cases' route map.",
        ),
    ] = BoardBy.URGENT,
    centre: Annotated[str, typer.Option(help="Only this centre's cases.")] = "",
    workflow: Annotated[str, typer.Option(help="Only this workflow's cases.")] = "",
    body: Annotated[str, typer.Option(help="Only cases at (or meetings of) this body.")] = "",
    person: Annotated[str, typer.Option(help="Only cases this person is responsible for.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Sagstavlen: åbne sager pr. trin og pr. organ, de mest presserende, flow mod møderne."""
    from casework.app.board import BoardFilters

    context = of(ctx)
    app = context.app
    filters = BoardFilters(centre=centre, workflow=workflow, body=body, person=person)
    if by is BoardBy.TIME:
        _flow_over_time(context.lang, app.flow_history(context.lang, filters=filters), as_json)
        return
    # The coordinators' whole view, read afresh.
    view = app.board(context.lang, limit=limit, filters=filters)
    if as_json:
        from casework.entrypoints.cli.output import print_json

        print_json(view.as_json())
        return
    from casework.entrypoints.cli import render
    from casework.entrypoints.cli.output import console

    if by is BoardBy.MEETING:
        render.board_meetings(console(), view)
    elif by is BoardBy.STEP:
        render.board_flow(console(), view)
    else:
        render.board(console(), view)


def _flow_over_time(lang: str, view: FlowHistoryView, as_json: bool) -> None:
    """``board --by time``: the weeks of the cumulative flow and the route map's steps."""
    from casework.entrypoints.cli.output import console, print_json

    if as_json:
        print_json(view.as_json())
        return
    from casework.entrypoints.cli import render

    render.board_time(console(), view)


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    case_id: Annotated[list[str] | None, typer.Argument(help="Only these cases.")] = None,
    anchor: Annotated[
        list[Path] | None,
        typer.Option(
            "--anchor",
            help="An exported audit anchor (from 'casework audit anchor --out'): check that the "
            "database still holds it and the cases it names. May be given again, for every "
            "kept file.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Kontrollér hash-kæden og at hver sag svarer til genafspilningen af dens hændelser."""
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    report = context.app.verify_audit(case_id or None, anchors=anchor or ())
    lang = context.lang
    if as_json:
        print_json({"ok": report.ok, "cases": report.cases, "events": report.events,
                    "findings": [f.as_dict(lang) for f in report.findings]})  # fmt: skip
    elif report.ok:
        console().print(t("cli.audit_ok", lang, cases=report.cases, events=report.events))
    else:
        out = console()
        out.print(t("cli.audit_bad", lang, count=len(report.findings), cases=report.cases))
        for finding in report.findings:
            out.print("  " + finding.message(lang), markup=False)
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("anchor")
def audit_anchor(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the anchor as JSON to this file (or into this folder), to keep "
            "outside the database.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Lav et revisionsanker: hver sags seneste hændelse og hash, fastholdt i en kæde.

    'audit verify' finder så en hel sag, der er slettet, eller en kæde, der er skrevet om. Gem
    filen fra --out uden for databasen (fx i arkivet).
    """
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    made, written = context.app.anchor(out=out)
    anchor = made.anchor
    if as_json:
        print_json(anchor.as_json())
        return
    lang = context.lang
    out_console = console()
    out_console.print(t("cli.anchor_made", lang, anchor=anchor.seq, day=anchor.day,
                        cases=anchor.cases, events=anchor.events, changed=len(anchor.heads)),
                      markup=False)  # fmt: skip
    if written is not None:
        out_console.print(t("cli.anchor_written", lang, path=written), markup=False)


def demo(
    ctx: typer.Context,
    cases: Annotated[int, typer.Option(min=1, max=100_000, help="How many cases.")] = 60,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same cases).")] = 2026,
    force: Annotated[bool, typer.Option(help="Add cases even if some exist.")] = False,
) -> None:
    """Fyld databasen med demosager for Eksempel Kommune, på alle trin og med historik."""
    from casework.app import admin
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.cli.progress import progress
    from casework.entrypoints.texts import t

    context = of(ctx)
    with progress("progress.demo", context.lang, quiet=context.quiet, total=cases) as advance:
        result = admin.seed_demo(context.app, cases=cases, seed=seed, force=force, progress=advance)
    if not result.opened:
        console().print(t("cli.demo_skipped", context.lang, count=result.existing))
        return
    console().print(t("cli.demo_done", context.lang, count=len(result.opened)))
