"""``casework case link / answer / involvement``: issue 20 from the shell.

``link`` records that a discussion case produced a decision case (both histories); ``answer``
records a party's answer in a citizen involvement; ``involvement`` lists the parties and their
answers. ``case show`` prints the same panel (:func:`print_panel`) under the case.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.messages import register
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from rich.console import Console

    from casework.app.discussions import DiscussionPanel

register(
    {
        "cli.link.done": (
            "Sag {case_id} har nu drøftelsessag {origin} som oprindelse.",
            "Case {case_id} now has discussion case {origin} as its origin.",
        ),
        "cli.answer.done": (
            "Svar fra {party} registreret på sag {case_id} ({received}).",
            "Answer from {party} recorded on case {case_id} ({received}).",
        ),
        "cli.panel.origin": ("Oprindelse", "Origin"),
        "cli.panel.produced": ("Førte til", "Led to"),
        "cli.panel.involvement": ("Inddragelse", "Involvement"),
        "cli.panel.answered": (
            "svar {received}{by}: {summary}",
            "answer {received}{by}: {summary}",
        ),
        "cli.panel.waiting": ("afventer svar", "awaiting an answer"),
        "cli.panel.due": ("svarfrist {due}", "deadline {due}"),
        "cli.panel.none": (
            "Sag {case_id} har ingen inddragelse.",
            "Case {case_id} has no involvement.",
        ),
    }
)

CaseArg = Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (person id from the config).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
JSON_LANG = "da"


def register_commands(app: typer.Typer) -> None:
    """Add the commands to ``casework case``."""
    app.command("link")(case_link)
    app.command("answer")(case_answer)
    app.command("involvement")(case_involvement)


def case_link(
    ctx: typer.Context,
    case_id: CaseArg,
    origin: Annotated[str, typer.Option(help="The discussion case it came from.")],
    actor: ActorOpt,
    as_json: JsonOpt = False,
) -> None:
    """Knyt en beslutningssag til drøftelsessagen, den udsprang af (begge historikker)."""
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    result = context.app.discussions.link(case_id, origin, actor)
    if as_json:
        print_json(result.as_json())
    else:
        say(t("cli.link.done", context.lang, case_id=case_id, origin=origin))


def case_answer(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    party: Annotated[str, typer.Option(help="The party answering, e.g. aeldreraad.")],
    summary: Annotated[str, typer.Option(help="A summary of the answer.")],
    actor: ActorOpt,
    received: Annotated[
        str | None, typer.Option(help="The day the answer came, YYYY-MM-DD (default today).")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who answered for the party.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Registrér et svar i sagens borgerinddragelse eller høring."""
    from casework.domain.errors import InvalidInput
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    day = None
    if received is not None:
        try:
            day = dt.date.fromisoformat(received)
        except ValueError:
            raise InvalidInput(detail=f"--received: {received!r} (YYYY-MM-DD)") from None
    event = context.app.discussions.answer(case_id, party, summary, actor, received=day, by=by)
    if as_json:
        print_json(event.as_json())
    else:
        say(t("cli.answer.done", context.lang, party=party, case_id=case_id,
              received=event.data["received"]))  # fmt: skip


def case_involvement(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Vis sagens inddragelse: hvem er spurgt, hvem har svaret, hvornår og hvad."""
    from casework.entrypoints.cli.output import console, print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    app = context.app
    lang = JSON_LANG if as_json else context.lang
    case, events = app.case(case_id)
    panel = app.discussions.panel(case, events, lang)
    if as_json:
        print_json([i.as_json() for i in panel.involvement])
        return
    if not panel.involvement:
        say(t("cli.panel.none", lang, case_id=case_id))
        return
    print_panel(console(), panel, lang)


def print_panel(out: Console, panel: DiscussionPanel | None, lang: str) -> None:
    """The links, the kit and the involvement under ``case show`` (nothing when empty)."""
    from rich.text import Text

    from casework.entrypoints.cli.output import terminal_text
    from casework.entrypoints.texts import t

    if panel is None or panel.empty:
        return

    def line(text: str, style: str = "") -> None:
        out.print(Text(terminal_text(text), style=style))

    if panel.committee is not None:
        link = panel.committee
        line(f"{link.text}: casework taskcommittee show {link.committee}", "bold")
    if panel.origin is not None:
        o = panel.origin
        line(f"{t('cli.panel.origin', lang)}: {o.id} {o.title} ({o.workflow}; {o.step_title})",
             "bold")  # fmt: skip
    if panel.produced:
        line(t("cli.panel.produced", lang) + ":", "bold")
        for c in panel.produced:
            line(f"  {c.id} {c.title} ({c.workflow}; {c.step_title})")
    if panel.kit is not None:
        kit_lines = panel.kit.lines(lang)
        line(kit_lines[0], "bold")
        for text in kit_lines[1:]:
            line(text)
    for inv in panel.involvement:
        due = f" · {t('cli.panel.due', lang, due=inv.due)}" if inv.due else ""
        line(f"{t('cli.panel.involvement', lang)}: {inv.title} ({inv.form}){due}", "bold")
        for p in inv.parties:
            if p.answered:
                by = f", {p.by}" if p.by else ""
                said = t("cli.panel.answered", lang, received=p.received, by=by,
                         summary=p.summary)  # fmt: skip
                line(f"  ✓ {p.name}: {said}")
            else:
                line(f"  … {p.name}: {t('cli.panel.waiting', lang)}")
