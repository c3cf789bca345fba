"""``casework case text / presentation / versions / diff / check / tick / reapprove``: the
sagsfremstilling from the shell (issue 14), rendering the application service's view models
(:mod:`casework.app.presentation`); ``--json`` prints their ``as_json()``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casework.domain.messages import register
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

if TYPE_CHECKING:
    from casework.app.presentation import CheckView, PresentationView

register(
    {
        "cli.text.saved": (
            "Afsnittet {section} på sag {case_id} gemt som version {version}.",
            "Section {section} of case {case_id} saved as version {version}.",
        ),
        "cli.text.unchanged": (
            "Afsnittet {section} på sag {case_id} er uændret; intet gemt.",
            "Section {section} of case {case_id} is unchanged; nothing saved.",
        ),
        "cli.text.reapproval": (
            "Sagen var godkendt: den skal godkendes igen (casework case reapprove {case_id}).",
            "The case was approved: it must be approved again (casework case reapprove "
            "{case_id}).",
        ),
        "cli.text.one_source": (
            "angiv teksten med enten --text eller --file (- for standard-input)",
            "give the text with either --text or --file (- for standard input)",
        ),
        "cli.text.unreadable": ("kan ikke læse {path}: {why}", "cannot read {path}: {why}"),
        "cli.presentation.head": (
            "Sagsfremstilling for sag {case_id}: {title} (version {version} af {latest})",
            "Presentation of case {case_id}: {title} (version {version} of {latest})",
        ),
        "cli.presentation.empty": ("(ikke skrevet)", "(not written)"),
        "cli.presentation.by": ("version {version}, {author}, {at}",
                                "version {version}, {author}, {at}"),
        "cli.presentation.executed": ("ekspederet af {who} {at}", "executed by {who} {at}"),
        "cli.presentation.approved": ("Godkendt.", "Approved."),
        "cli.presentation.reapproval": (
            "Venter på ny godkendelse efter en ændring.",
            "Waiting for a new approval after a change.",
        ),
        "cli.versions.none": (
            "Sag {case_id} har ingen gemte afsnit.",
            "Case {case_id} has no saved sections.",
        ),
        "cli.diff.none": (
            "Version {a} og {b} af sag {case_id} er ens.",
            "Versions {a} and {b} of case {case_id} are the same.",
        ),
        "cli.check.ok": (
            "Kvalitetssikring af sag {case_id}: ingen fejl.",
            "Quality check of case {case_id}: no errors.",
        ),
        "cli.check.errors": (
            "Kvalitetssikring af sag {case_id}: fejl; blokerer {blocks}.",
            "Quality check of case {case_id}: errors; blocks {blocks}.",
        ),
        "cli.check.no_block": ("intet", "nothing"),
        "cli.tick.done": (
            "At-sætning {clause} på sag {case_id} er ekspederet.",
            "At-clause {clause} of case {case_id} is executed.",
        ),
        "cli.docx.written": (
            "Sagsfremstillingen for sag {case_id} (version {version}) skrevet til {path}.",
            "The presentation of case {case_id} (version {version}) written to {path}.",
        ),
        "cli.docx.imported": (
            "{path} indlæst på sag {case_id}: {sections} gemt som version {version}.",
            "{path} imported into case {case_id}: {sections} saved as version {version}.",
        ),
        "cli.docx.unchanged": (
            "{path} er som sagsfremstillingen på sag {case_id}; intet gemt.",
            "{path} is the same as case {case_id}'s presentation; nothing saved.",
        ),
        "cli.docx.unreadable": ("kan ikke læse {path}: {why}", "cannot read {path}: {why}"),
        "cli.reapprove.done": ("Sag {case_id} er godkendt igen.",
                               "Case {case_id} is approved again."),
    }
)  # fmt: skip

CaseArg = Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (person id from the config).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register_commands(app: typer.Typer) -> None:
    """Add the presentation commands to ``casework case``."""
    app.command("text")(case_text)
    app.command("presentation")(case_presentation)
    app.command("versions")(case_versions)
    app.command("diff")(case_diff)
    app.command("check")(case_check)
    app.command("tick")(case_tick)
    app.command("reapprove")(case_reapprove)
    app.command("export-docx")(case_export_docx)
    app.command("import-docx")(case_import_docx)


def _read_text(text: str | None, file: Path | None) -> str:
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg

    if (text is None) == (file is None):
        raise InvalidInput(detail=Msg("cli.text.one_source"))
    if text is not None:
        return text
    assert file is not None
    try:
        return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise InvalidInput(detail=Msg("cli.text.unreadable", path=str(file), why=why)) from None


def case_text(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    section: Annotated[str, typer.Option(help="The section: resume, sagsfremstilling, …")],
    actor: ActorOpt,
    text: Annotated[str | None, typer.Option(help="The section's new text.")] = None,
    file: Annotated[Path | None, typer.Option(help="Read the text from a file (- stdin).")] = None,
    expected_version: Annotated[
        int | None, typer.Option(help="Refuse if the case changed since.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Gem en ny version af et afsnit af sagsfremstillingen."""
    from casework.domain.presentation_commands import SaveText
    from casework.entrypoints.cli.output import command, print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    cmd = command(
        SaveText, case_id=case_id, actor=actor, section=section, text=_read_text(text, file),
        expected_version=expected_version,
    )  # fmt: skip
    saved = context.app.presentations.save(cmd)
    view = context.app.presentation(case_id, lang=context.lang)
    if as_json:
        print_json({**view.as_json(), "changed": saved.changed, "reapproval": saved.reapproval})
        return
    key = "cli.text.saved" if saved.changed else "cli.text.unchanged"
    say(t(key, context.lang, section=section, case_id=case_id, version=view.latest))
    if saved.reapproval:
        say(t("cli.text.reapproval", context.lang, case_id=case_id))


def case_presentation(
    ctx: typer.Context,
    case_id: CaseArg,
    version: Annotated[int | None, typer.Option(help="An earlier version (1, 2, …).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis sagsfremstillingen (seneste version, eller --version N)."""
    from casework.entrypoints.cli.output import print_json

    context = of(ctx)
    view = context.app.presentation(case_id, version, lang=context.lang)
    if as_json:
        print_json(view.as_json())
        return
    _print_presentation(view, context.lang)


def _print_presentation(view: PresentationView, lang: str) -> None:
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    out = console()
    out.print(t("cli.presentation.head", lang, case_id=view.case_id, title=view.title,
                version=view.version, latest=view.latest), style="bold")  # fmt: skip
    if view.needs_reapproval:
        out.print(t("cli.presentation.reapproval", lang), style="yellow")
    elif view.approved:
        out.print(t("cli.presentation.approved", lang))
    for section in view.sections:
        out.print()
        out.print(section.title, style="bold underline")
        if section.version is not None:
            by = t("cli.presentation.by", lang, version=section.version,
                   author=section.author, at=section.at)  # fmt: skip
            out.print(by, style="dim")
        if section.clauses:
            for clause in section.clauses:
                done = (
                    "  ["
                    + t(
                        "cli.presentation.executed",
                        lang,
                        who=clause.executed_by,
                        at=clause.executed_at,
                    )
                    + "]"
                    if clause.executed_by
                    else ""
                )
                out.print(f"{clause.number}. {clause.text}{done}")
        elif section.text:
            out.print(section.text)
        else:
            out.print(t("cli.presentation.empty", lang), style="dim")


def case_versions(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Vis hver gemt version: afsnit, forfatter, tidspunkt."""
    from rich.table import Table

    from casework.entrypoints.cli.output import console, print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    view = context.app.presentations.history(case_id, context.lang)
    if as_json:
        print_json(view.as_json())
        return
    if not view.rows:
        say(t("cli.versions.none", context.lang, case_id=case_id))
        return
    table = Table("#", "Afsnit" if context.lang == "da" else "Section",
                  "Forfatter" if context.lang == "da" else "Author",
                  "Tid" if context.lang == "da" else "Time", "Tegn" if context.lang == "da"
                  else "Chars", "SHA-256")  # fmt: skip
    for row in view.rows:
        table.add_row(str(row.version), row.title, row.author_name, row.at, str(row.chars),
                      row.sha256[:12])  # fmt: skip
    console().print(table)


def case_diff(
    ctx: typer.Context,
    case_id: CaseArg,
    a: Annotated[int, typer.Argument(help="The older version.")],
    b: Annotated[int, typer.Argument(help="The newer version.")],
    as_json: JsonOpt = False,
) -> None:
    """Vis forskellen mellem to versioner af sagsfremstillingen."""
    from casework.entrypoints.cli.output import console, print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    view = context.app.presentations.diff(case_id, a, b, context.lang)
    if as_json:
        print_json(view.as_json())
        return
    if not view.sections:
        say(t("cli.diff.none", context.lang, case_id=case_id, a=a, b=b))
        return
    out = console()
    for section in view.sections:
        out.print(section.title, style="bold")
        for line in section.lines:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            out.print(line, style=style)


def case_check(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Kvalitetssikring: påkrævede afsnit, resumé, at-sætninger, økonomi, bilag, LIX, sprog."""
    from casework.entrypoints.cli.output import print_json

    context = of(ctx)
    view = context.app.presentations.check(case_id, context.lang)
    if as_json:
        print_json(view.as_json())
    else:
        _print_check(view, context.lang)
    if not view.ok:
        raise typer.Exit(1)


def _print_check(view: CheckView, lang: str) -> None:
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    out = console()
    for finding in view.findings:
        style = {"error": "red", "warning": "yellow"}.get(finding.severity)
        out.print(f"{finding.code} {finding.severity}: {finding.message}", style=style)
    for section, figure in view.lix.items():
        out.print(f"LIX {section}: {figure}", style="dim")
    if view.ok:
        out.print(t("cli.check.ok", lang, case_id=view.case_id))
    else:
        blocks = ", ".join(view.blocks) or t("cli.check.no_block", lang)
        out.print(t("cli.check.errors", lang, case_id=view.case_id, blocks=blocks))


def case_tick(
    ctx: typer.Context,
    case_id: CaseArg,
    clause: Annotated[int, typer.Argument(help="The at-clause's number (1, 2, …).")],
    actor: ActorOpt,
    note: Annotated[str | None, typer.Option(help="How it was executed.")] = None,
) -> None:
    """Markér en at-sætning i indstillingen som ekspederet."""
    from casework.domain.presentation_commands import TickClause
    from casework.entrypoints.cli.output import command, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    cmd = command(TickClause, case_id=case_id, actor=actor, clause=clause, note=note)
    context.app.presentations.tick(cmd)
    say(t("cli.tick.done", context.lang, clause=clause, case_id=case_id))


def case_reapprove(
    ctx: typer.Context,
    case_id: CaseArg,
    actor: ActorOpt,
    comment: Annotated[str | None, typer.Option(help="A comment for the history.")] = None,
) -> None:
    """Godkend sagen igen efter en ændring af teksten eller beslutningsgrundlaget."""
    from casework.domain.presentation_commands import Reapprove
    from casework.entrypoints.cli.output import command, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    context.app.presentations.reapprove(
        command(Reapprove, case_id=case_id, actor=actor, comment=comment)
    )
    say(t("cli.reapprove.done", context.lang, case_id=case_id))


def case_export_docx(
    ctx: typer.Context,
    case_id: CaseArg,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Where to write (default sagsfremstilling-CASE.docx)."),
    ] = None,
    version: Annotated[int | None, typer.Option(help="An earlier version (1, 2, …).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Skriv sagsfremstillingen som Word-dokument (DOCX) fra kommunens skabelon."""
    from casework.app.files import write_published
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    presentations = context.app.presentations
    found = presentations.export_docx(case_id, version, lang=context.lang)
    shown = context.app.presentation(case_id, version, lang=context.lang).version
    path = output or Path(found.filename)
    # The text of a case in progress is not public: the file is its owner's only.
    write_published(path, found.content, full=True)
    if as_json:
        print_json({"case": case_id, "version": shown, "path": str(path),
                    "size": len(found.content)})  # fmt: skip
        return
    say(t("cli.docx.written", context.lang, case_id=case_id, version=shown, path=path))


def case_import_docx(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    file: Annotated[Path, typer.Argument(help="The edited Word document (DOCX).")],
    actor: ActorOpt,
    expected_version: Annotated[
        int | None, typer.Option(help="Refuse if the case changed since.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Indlæs et redigeret Word-dokument i afsnittene (overskrifterne er afsnittene)."""
    from casework.domain.errors import InvalidInput
    from casework.domain.messages import Msg
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    try:
        data = file.read_bytes()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InvalidInput(detail=Msg("cli.docx.unreadable", path=str(file), why=why)) from None
    result = context.app.presentations.import_docx(
        case_id, actor, data, file.name, expected_version=expected_version
    )
    view = context.app.presentation(case_id, lang=context.lang)
    if as_json:
        print_json({**result.as_json(), "version": view.latest})
        return
    if not result.changed:
        say(t("cli.docx.unchanged", context.lang, path=file, case_id=case_id))
        return
    titles = {s.id: s.title for s in view.sections}
    sections = ", ".join(titles.get(s, s) for s in result.changed)
    say(t("cli.docx.imported", context.lang, path=file, case_id=case_id, sections=sections,
          version=view.latest))  # fmt: skip
    if result.reapproval:
        say(t("cli.text.reapproval", context.lang, case_id=case_id))
