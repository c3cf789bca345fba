"""``casework delegation``: check the delegation plans, explain a decision, compare two plans.

Thin like the rest of the CLI: parse, call the delegation use cases of the application service,
print (:mod:`casework.entrypoints.cli.delegation_report`). Every command has ``--json``;
``compare`` also has ``--csv``. Texts are Danish by default, English with ``--lang en`` (on the
command or on ``casework``). These commands need no database, except for a stored case
(``explain CASE``) or ``--cases db``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casework.entrypoints.cli import delegation_texts as _texts  # noqa: F401 - registers them
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from casework.domain.delegation_plan import DelegationPlan
    from casework.entrypoints.cli.context import CliContext

delegation_app = typer.Typer(
    help="Delegationsplaner: kontrollér, forklar en afgørelse, sammenlign to planer.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language: da or en.")]
DirOpt = Annotated[
    Path | None, typer.Option("--config-dir", help="Configuration directory (default: settings).")
]


def register(app: typer.Typer) -> None:
    """Add ``casework delegation`` to the root app."""
    app.add_typer(delegation_app, name="delegation")


def _setup(ctx: typer.Context, lang: str | None, config_dir: Path | None) -> tuple[Path, str]:
    """The configuration directory and the language of this command."""
    context = of(ctx)
    chosen = context.use_lang(lang)
    return config_dir or context.config_dir(), chosen


def _municipality(directory: Path) -> Any:
    from casework.app import admin

    return admin.core_config(directory).municipality


@delegation_app.command("check")
def check(
    ctx: typer.Context,
    config_dir: Annotated[Path | None, typer.Argument(help="Configuration directory.")] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Kontrollér alle delegationsplaner: overlap, huller, skyggede regler og lovkrav."""
    from casework.app import delegation
    from casework.entrypoints.cli import delegation_report as report
    from casework.entrypoints.cli.output import print_json

    directory, lang = _setup(ctx, lang, config_dir)
    result = delegation.check(directory, _municipality(directory))
    if as_json:
        print_json(report.check_json(result, lang))
    else:
        report.print_check(result, lang)
    if result.errors:
        raise typer.Exit(1)


@delegation_app.command("explain")
def explain(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: Annotated[
        str | None,
        typer.Argument(
            help="A stored case: the decision its history recorded. With --plan, --attr or"
            " --date, decided anew as a what-if from its attributes and opening day."
        ),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option("--attr", help="Case attribute name=value (repeatable).")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date that selects the plan (default: today).")
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(help="Explain with this plan (file, file name or id@version), e.g. a draft."),
    ] = None,
    every_rule: Annotated[bool, typer.Option("--all", help="Show every rule's result.")] = False,
    config_dir: DirOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Forklar, hvem der træffer beslutning i en sag, ad hvilken sagsgang og hvorfor."""
    from casework.app import delegation
    from casework.entrypoints.cli import delegation_report as report
    from casework.entrypoints.cli.output import console, parse_day, print_json

    directory, lang = _setup(ctx, lang, config_dir)
    context = of(ctx)
    municipality = _municipality(directory)
    case_values: dict[str, Any] = {}
    day = parse_day(on, "--date") if on is not None else None
    if case_id is not None and plan is None and not attr and on is None:
        # A stored case as it stands: its recorded decision, explained without deciding again.
        found = delegation.recorded(context.app, case_id, directory, municipality)
        if found is not None:
            if as_json:
                print_json(found.as_json())
            else:
                console().print(
                    "\n".join(found.lines(lang, every_rule=every_rule)),
                    markup=False,
                    soft_wrap=True,
                )
            return
    if case_id is not None:
        # What if: a stored case's attributes and opening day, under another plan, date or values.
        case_values, opened = delegation.stored_case(context.app, case_id)
        day = day or opened
    if plan is not None:
        chosen = delegation.find_plan(plan, directory, municipality)
    else:
        chosen = delegation.plan_in_force(directory, municipality, day or _today(context))
    read = {i.attribute for i in chosen.inputs}
    attributes = {k: v for k, v in case_values.items() if k in read}
    attributes.update(_attributes(attr or [], chosen, lang))
    explanation = delegation.explain(chosen, attributes, municipality)
    if as_json:
        print_json({"plan": report.plan_json(chosen), **explanation.decision.as_json()})
        return
    lines = explanation.lines(lang, every_rule=every_rule)
    console().print("\n".join(lines), markup=False, soft_wrap=True)


def _today(context: CliContext) -> Any:
    # The given app's clock when there is one; a config-only command opens no store for it.
    if context.given_app is not None:
        return context.given_app.clock.today()
    from casework.app import admin

    return admin.system_clock().today()


def _attributes(items: Sequence[str], plan: DelegationPlan, lang: str) -> dict[str, str]:
    from casework.domain.errors import InvalidAttribute, InvalidInput, did_you_mean
    from casework.domain.messages import Msg, render

    read = {i.attribute for i in plan.inputs}
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InvalidInput(detail=render("delegation.cli.bad_attr", lang, text=item))
        if name not in read:
            # A misspelt attribute would be ignored and the answer silently wrong.
            raise InvalidAttribute(
                attribute=name,
                detail=Msg("delegation.cli.not_read", plan=plan.label),
                suggestion=did_you_mean(name, read),
            )
        values[name] = value.strip()
    return values


@delegation_app.command("compare")
def compare(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    plan_a: Annotated[str, typer.Argument(help="The current plan (file, name or id@version).")],
    plan_b: Annotated[str, typer.Argument(help="The plan to compare with, e.g. a draft.")],
    cases: Annotated[
        str,
        typer.Option(help="Cases as CSV (header row) or JSON, or 'db' for the cases in casework."),
    ],
    minutes_per_item: Annotated[
        float, typer.Option(min=0, help="Meeting minutes an agenda item takes.")
    ] = 10.0,
    years: Annotated[
        float | None,
        typer.Option(min=0.01, help="Years the cases span (default: from a 'dato' column, or 1)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Changed cases shown.")] = 20,
    config_dir: DirOpt = None,
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Output the changed cases as CSV.")] = False,
    lang: LangOpt = None,
) -> None:
    """Sammenlign to planer over en mængde sager: hvem vinder og taber dagsordenspunkter."""
    import sys

    from casework.app import delegation
    from casework.domain.delegation_compiled import summarise
    from casework.entrypoints.cli import delegation_report as report
    from casework.entrypoints.cli.output import console, print_json

    directory, lang = _setup(ctx, lang, config_dir)
    municipality = _municipality(directory)
    a, b = (delegation.find_plan(name, directory, municipality) for name in (plan_a, plan_b))
    rows = delegation.case_rows(of(ctx).app if cases == "db" else None, cases)
    compared = delegation.compare(a, b, rows, municipality, source=str(cases))
    summary = summarise(compared.result, years or report.years_of(rows), minutes_per_item)
    shown = report.CompareReport(a=a, b=b, rows=rows, result=compared.result, summary=summary,
                                 municipality=municipality, lang=lang)  # fmt: skip
    if as_json:
        print_json(shown.as_json())
    elif as_csv:
        sys.stdout.write(shown.as_csv())
    else:
        shown.print(console(), limit)
