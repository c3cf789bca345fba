"""``casework taskcommittee …`` (also ``casework opgaveudvalg …``): a § 17, stk. 4 task
committee's kommissorium, backlog board, sprints and written recommendation (issue 20).

Every command is one use case of ``App.task_committees`` and prints its view model: a Rich
table or lines for people, ``--json`` for scripts. Refusals are one-line errors (CW900–CW918)
and write nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.messages import register as register_messages
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from casework.app.task_committees import CommitteeView

register_messages(
    {
        "cli.task.none": (
            "Ingen opgaveudvalg har et kommissorium (config/opgaveudvalg/).",
            "No task committee has a kommissorium (config/opgaveudvalg/).",
        ),
        "cli.task.list_title": ("Opgaveudvalg (§ 17, stk. 4)", "Task committees (§ 17(4))"),
        "cli.task.list_columns": (
            "Udvalg|Navn|Indstiller til|Facilitator|Periode|Idéer|Sprints|Åben sprint",
            "Committee|Name|Reports to|Facilitator|Period|Ideas|Sprints|Open sprint",
        ),
        "cli.task.kommissorium": ("Kommissorium", "Kommissorium"),
        "cli.task.mandate": ("Opgave", "Mandate"),
        "cli.task.goals": ("Mål", "Goals"),
        "cli.task.period": ("Periode", "Period"),
        "cli.task.reports_to": ("Indstiller til", "Reports to"),
        "cli.task.facilitator": ("Facilitator", "Facilitator"),
        "cli.task.members": ("Medlemmer af kommunalbestyrelsen", "Council members"),
        "cli.task.partners": ("Eksterne medlemmer", "External members"),
        "cli.task.resources": ("Ressourcer pr. sprint: {hours} timer", "Per sprint: {hours} hours"),
        "cli.task.board_columns": ("Nr.|Idé|Timer|Sprint", "No.|Idea|Hours|Sprint"),
        "cli.task.sprint": (
            "Sprint {number} ({state}): {goal} — {planned} af {capacity} timer",
            "Sprint {number} ({state}): {goal} — {planned} of {capacity} hours",
        ),
        "cli.task.sprint_ideas": ("Valgt", "Chosen"),
        "cli.task.sprint_log": ("Sprintlog", "Sprint log"),
        "cli.task.sprint_results": ("Resultater", "Results"),
        "cli.task.sprint_done": ("Færdige", "Done"),
        "cli.task.evaluation": ("Evaluering", "Evaluation"),
        "cli.task.recommendation": (
            "Indstilling: sag {case} {title}",
            "Recommendation: case {case} {title}",
        ),
        "cli.task.idea_added": (
            "Idé {number} tilføjet bagkataloget for {committee}: {title}",
            "Idea {number} added to {committee}'s backlog: {title}",
        ),
        "cli.task.started": (
            "Sprint {number} startet for {committee}: {planned} af {capacity} timer.",
            "Sprint {number} started for {committee}: {planned} of {capacity} hours.",
        ),
        "cli.task.logged": (
            "Sprintloggen for sprint {number} er skrevet.",
            "Sprint {number}'s log written.",
        ),
        "cli.task.closed": (
            "Sprint {number} lukket og evalueret: {met} af {goals} mål opfyldt.",
            "Sprint {number} closed and evaluated: {met} of {goals} goals met.",
        ),
        "cli.task.recommended": (
            "Indstillingen fra sprint {sprint} er sag {case} ({workflow}), rute: {route}.",
            "The recommendation of sprint {sprint} is case {case} ({workflow}), route: {route}.",
        ),
        "cli.task.programme": (
            "Visuelt program for {title} (i stedet for en formel dagsorden)",
            "Visual programme of {title} (instead of a formal agenda)",
        ),
        "cli.task.choose_from": (
            "Bagkataloget at vælge fra (ressourcer: {capacity} timer)",
            "The backlog to choose from (resources: {capacity} hours)",
        ),
        "cli.task.cases": (
            "Sager, udvalget afgiver indstilling om:",
            "Cases the committee gives its recommendation on:",
        ),
        "cli.task.history": ("Historik for {committee}", "History of {committee}"),
        "cli.task.history_columns": ("Nr.|Tid (UTC)|Hvem|Hvad", "No.|Time (UTC)|Who|What"),
        "cli.task.bad_met": (
            "ja eller nej (én pr. mål), ikke '{value}'",
            "yes or no (one per goal), not '{value}'",
        ),
    }
)

committee_app = typer.Typer(
    help="§ 17, stk. 4-opgaveudvalg: kommissorium, bagkatalog, sprints og indstilling.",
    no_args_is_help=True,
)

CommitteeArg = Annotated[str, typer.Argument(help="The task committee's body id, e.g. obu.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (the facilitator or secretariat).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    """Add ``casework taskcommittee`` (and the Danish ``opgaveudvalg``) to the root app."""
    app.add_typer(committee_app, name="taskcommittee")
    app.add_typer(committee_app, name="opgaveudvalg", hidden=True)


@committee_app.command("list")
def committee_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Vis opgaveudvalgene med kommissorium."""
    from rich.table import Table

    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    rows = context.app.task_committees.committees(context.lang)
    if as_json:
        print_json({"task_committees": [r.as_json() for r in rows]})
        return
    if not rows:
        console().print(t("cli.task.none", context.lang))
        return
    table = Table(title=t("cli.task.list_title", context.lang))
    for column in t("cli.task.list_columns", context.lang).split("|"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.committee, r.title, r.reports_to, r.facilitator, r.period, str(r.ideas),
                      str(r.sprints), str(r.open_sprint or "–"))  # fmt: skip
    console().print(table)


@committee_app.command("show")
def committee_show(ctx: typer.Context, committee: CommitteeArg, as_json: JsonOpt = False) -> None:
    """Vis kommissoriet, bagkatalogstavlen og sprintene."""
    from casework.entrypoints.cli.output import print_json

    context = of(ctx)
    view = context.app.task_committees.show(committee, context.lang)
    if as_json:
        print_json(view.as_json())
        return
    _print_kommissorium(view, context.lang)
    _print_board(view, context.lang)
    _print_sprints(view, context.lang)


@committee_app.command("backlog")
def committee_backlog(
    ctx: typer.Context, committee: CommitteeArg, as_json: JsonOpt = False
) -> None:
    """Vis bagkatalogstavlen: bagkatalog, i sprint, færdig."""
    from casework.entrypoints.cli.output import print_json

    context = of(ctx)
    view = context.app.task_committees.show(committee, context.lang)
    if as_json:
        print_json({"committee": committee, "board": [c.as_json() for c in view.board]})
        return
    _print_board(view, context.lang)


@committee_app.command("history")
def committee_history(
    ctx: typer.Context, committee: CommitteeArg, as_json: JsonOpt = False
) -> None:
    """Vis udvalgets historik: hvem gjorde hvad hvornår (dets hændelser)."""
    from rich.table import Table

    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    lines = context.app.task_committees.history(committee, context.lang)
    if as_json:
        print_json({"committee": committee, "history": [line.as_json() for line in lines]})
        return
    table = Table(title=t("cli.task.history", context.lang, committee=committee))
    for column in t("cli.task.history_columns", context.lang).split("|"):
        table.add_column(column)
    for line in lines:
        table.add_row(str(line.seq), line.at, line.actor_name, line.text)
    console().print(table)


@committee_app.command("idea")
def committee_idea(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    committee: CommitteeArg,
    title: Annotated[str, typer.Argument(help="The idea in a line.")],
    hours: Annotated[int, typer.Option(help="What it takes, in hours.")],
    actor: ActorOpt,
    description: Annotated[str, typer.Option(help="More about the idea.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Tilføj en idé til bagkataloget."""
    from casework.entrypoints.cli.output import print_json, say, terminal_text
    from casework.entrypoints.texts import t

    context = of(ctx)
    state = context.app.task_committees.add_idea(
        committee, title=title, description=description, hours=hours, actor=actor
    )
    idea = state.ideas[-1]
    if as_json:
        print_json({"committee": committee, "idea": idea.number, "version": state.version})
        return
    say(terminal_text(t("cli.task.idea_added", context.lang, number=idea.number,
                        committee=committee, title=idea.title)))  # fmt: skip


@committee_app.command("sprint-start")
def committee_sprint_start(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    committee: CommitteeArg,
    goal: Annotated[str, typer.Option(help="The sprint's goal.")],
    idea: Annotated[list[int], typer.Option(help="An idea of the backlog (repeat).")],
    actor: ActorOpt,
    capacity: Annotated[
        int | None, typer.Option(help="Hours (default: the kommissorium's sprint_hours).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Sprintmødet: vælg idéer fra bagkataloget, der passer til ressourcerne."""
    from casework.entrypoints.cli.output import print_json, say

    context = of(ctx)
    tc = context.app.task_committees
    state = tc.start_sprint(committee, goal=goal, ideas=idea, capacity=capacity, actor=actor)
    sprint = state.sprints[-1]
    planned = sum(i.hours for i in state.ideas if i.number in sprint.ideas)
    if as_json:
        print_json({"committee": committee, "sprint": sprint.number, "planned_hours": planned,
                    "capacity": sprint.capacity, "version": state.version})  # fmt: skip
        return
    from casework.entrypoints.texts import t

    say(t("cli.task.started", context.lang, number=sprint.number, committee=committee,
          planned=planned, capacity=sprint.capacity))  # fmt: skip


@committee_app.command("sprint-log")
def committee_sprint_log(
    ctx: typer.Context,
    committee: CommitteeArg,
    entry: Annotated[str, typer.Argument(help="What the sprint group did.")],
    actor: ActorOpt,
) -> None:
    """Skriv i den åbne sprints log."""
    from casework.entrypoints.cli.output import say
    from casework.entrypoints.texts import t

    context = of(ctx)
    state = context.app.task_committees.log_sprint(committee, entry=entry, actor=actor)
    say(t("cli.task.logged", context.lang, number=state.sprints[-1].number))


def _yes(value: str) -> bool:
    from casework.domain.messages import Msg
    from casework.domain.task_committee import BadCommitteeInput

    word = value.strip().lower()
    if word in {"ja", "yes", "j", "y", "true", "1"}:
        return True
    if word in {"nej", "no", "n", "false", "0"}:
        return False
    raise BadCommitteeInput(field="--met", detail=Msg("cli.task.bad_met", value=value))


@committee_app.command("sprint-close")
def committee_sprint_close(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    committee: CommitteeArg,
    results: Annotated[str, typer.Option(help="What the sprint arrived at.")],
    met: Annotated[list[str], typer.Option(help="Each goal met? ja/nej, in order (repeat).")],
    actor: ActorOpt,
    done: Annotated[list[int] | None, typer.Option(help="An idea finished (repeat).")] = None,
    note: Annotated[list[str] | None, typer.Option(help="A note per goal (repeat).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Luk sprintloggen og evaluér resultaterne mod kommissoriets mål."""
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    answers = [_yes(m) for m in met]
    state = context.app.task_committees.close_sprint(
        committee, done=done or [], results=results, met=answers, notes=note or [], actor=actor
    )
    sprint = state.sprints[-1]
    if as_json:
        print_json({"committee": committee, "sprint": sprint.number, "done": list(sprint.done),
                    "evaluation": [{"goal": e.goal, "met": e.met, "note": e.note}
                                   for e in sprint.evaluation],
                    "version": state.version})  # fmt: skip
        return
    say(t("cli.task.closed", context.lang, number=sprint.number,
          met=sum(e.met for e in sprint.evaluation), goals=len(sprint.evaluation)))  # fmt: skip


@committee_app.command("recommend")
def committee_recommend(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    committee: CommitteeArg,
    sprint: Annotated[int, typer.Option(help="The closed sprint whose results it rests on.")],
    actor: ActorOpt,
    title: Annotated[str | None, typer.Option(help="The case's title.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Skriv udvalgets indstilling fra en sprints resultater som en sag til det stående udvalg."""
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    made = context.app.task_committees.recommend(committee, sprint=sprint, actor=actor, title=title)
    case = made.case
    route = ", ".join(f"{e.body}:{e.role.value}" for e in case.route)
    if as_json:
        stops = [{"body": e.body, "role": e.role.value} for e in case.route]
        print_json({"committee": committee, "sprint": sprint, "case": case.id,
                    "workflow": case.workflow_id, "route": stops})  # fmt: skip
        return
    say(t("cli.task.recommended", context.lang, sprint=sprint, case=case.id,
          workflow=case.workflow_id, route=route))  # fmt: skip


@committee_app.command("programme")
def committee_programme(
    ctx: typer.Context,
    committee: CommitteeArg,
    start: Annotated[str, typer.Option(help="When the meeting starts (HH:MM).")] = "16:00",
    day: Annotated[
        str | None, typer.Option("--date", help="A meeting of the plan (YYYY-MM-DD).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis sprintmødets visuelle program (i stedet for en formel dagsorden)."""
    from rich.table import Table

    from casework.domain.errors import InvalidInput
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    parts = start.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[0]) > 23 or int(
        parts[1]
    ) > 59:  # fmt: skip
        raise InvalidInput(detail=f"--start {start}: HH:MM")
    view = context.app.task_committees.programme(committee, context.lang, start=start, day=day)
    if as_json:
        print_json(view.as_json())
        return
    out = console()
    table = Table(title=t("cli.task.programme", context.lang, title=view.title))
    for column in ("", "", ""):
        table.add_column(column)
    for block in view.blocks:
        table.add_row(block.starts, f"{block.minutes} min",
                      block.title + (f"\n{block.note}" if block.note else ""))  # fmt: skip
    out.print(table)
    if view.cases:
        out.print(t("cli.task.cases", context.lang))
        for case in view.cases:
            out.print(f"  {case}")
    out.print(t("cli.task.choose_from", context.lang, capacity=view.capacity))
    for card in view.choose_from:
        out.print(f"  {card.number}. {card.title} ({card.hours} t)")


# ----------------------------------------------------------------------------- printing
def _print_kommissorium(view: CommitteeView, lang: str) -> None:
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    out = console()
    out.print(f"{view.title} ({view.legal_basis})")
    out.print(f"{t('cli.task.mandate', lang)}: {view.mandate}")
    out.print(f"{t('cli.task.goals', lang)}:")
    for goal in view.goals:
        out.print(f"  - {goal}")
    out.print(f"{t('cli.task.period', lang)}: {view.period}")
    out.print(f"{t('cli.task.reports_to', lang)}: {view.reports_to_name} ({view.reports_to})")
    out.print(f"{t('cli.task.facilitator', lang)}: {view.facilitator_name}")
    out.print(f"{t('cli.task.members', lang)}: {', '.join(view.council_members)}")
    out.print(f"{t('cli.task.partners', lang)}:")
    for name, organisation, _, sector in view.partners:
        out.print(f"  - {name}, {organisation} ({sector})")
    out.print(t("cli.task.resources", lang, hours=view.sprint_hours))


def _print_board(view: CommitteeView, lang: str) -> None:
    from rich.table import Table

    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    out = console()
    for column in view.board:
        table = Table(title=f"{column.title} ({len(column.cards)})")
        for heading in t("cli.task.board_columns", lang).split("|"):
            table.add_column(heading)
        for card in column.cards:
            table.add_row(str(card.number), card.title, str(card.hours), str(card.sprint or ""))
        out.print(table)


def _print_sprints(view: CommitteeView, lang: str) -> None:
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    out = console()
    for s in view.sprints:
        out.print(t("cli.task.sprint", lang, number=s.number, state=s.state_text, goal=s.goal,
                    planned=s.planned_hours, capacity=s.capacity))  # fmt: skip
        out.print(f"  {t('cli.task.sprint_ideas', lang)}: {'; '.join(s.ideas)}")
        for entry in s.log:
            out.print(f"  {t('cli.task.sprint_log', lang)}: {entry}")
        if not s.open:
            out.print(f"  {t('cli.task.sprint_done', lang)}: {'; '.join(s.done) or '–'}")
            out.print(f"  {t('cli.task.sprint_results', lang)}: {s.results}")
            for goal, _, met_text, note in s.evaluation:
                out.print(f"  {t('cli.task.evaluation', lang)}: {goal}: {met_text}"
                          + (f" ({note})" if note else ""))  # fmt: skip
        if s.recommendation:
            out.print("  " + t("cli.task.recommendation", lang, case=s.recommendation,
                               title=s.recommendation_title or ""))  # fmt: skip
