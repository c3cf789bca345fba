"""``casework case attach / detach / bilag``: a case's bilag (attached files) from the shell.

``attach`` reads the file, and the application service checks it (size, kind by content, name)
before anything is written; ``bilag`` lists the case's bilag (``--get N -o FILE`` writes one
out, owner only); ``bilag-sweep`` removes stored files no case names. The CLI runs as whoever
holds the data directory, so it lists closed bilag with their titles, marked closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casework.domain.messages import register
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

register(
    {
        "cli.bilag.attached": (
            "Bilag {number} vedhæftet sag {case_id}: {title} ({kind}, {size} byte{closed}).",
            "Bilag {number} attached to case {case_id}: {title} ({kind}, {size} bytes{closed}).",
        ),
        "cli.bilag.closed_mark": (", lukket: {category}", ", closed: {category}"),
        "cli.bilag.removed": (
            "Bilag {number} fjernet fra sag {case_id}.",
            "Bilag {number} removed from case {case_id}.",
        ),
        "cli.bilag.none": ("Sag {case_id} har ingen bilag.", "Case {case_id} has no bilag."),
        "cli.bilag.title": ("Bilag til sag {case_id}", "Bilag of case {case_id}"),
        "cli.bilag.columns": (
            "Nr.|Titel|Fil|Type|Størrelse|Adgang|Vedhæftet",
            "No.|Title|File|Kind|Size|Access|Attached",
        ),
        "cli.bilag.open": ("åben", "public"),
        "cli.bilag.closed": ("lukket: {category}", "closed: {category}"),
        "cli.bilag.written": (
            "Bilag {number} skrevet til {path}.",
            "Bilag {number} written to {path}.",
        ),
        "cli.bilag.swept": (
            "{count} forældreløse filer fjernet fra bilagslageret.",
            "{count} orphan files removed from the bilag store.",
        ),
        "cli.bilag.to_sweep": (
            "{count} forældreløse filer ville blive fjernet.",
            "{count} orphan files would be removed.",
        ),
    }
)

CaseArg = Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (person id from the config).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register_commands(app: typer.Typer) -> None:
    """Add the bilag commands to ``casework case``."""
    app.command("attach")(case_attach)
    app.command("detach")(case_detach)
    app.command("bilag")(case_bilag)
    app.command("bilag-sweep")(bilag_sweep)


def _read(path: Path) -> bytes:
    from casework.domain.bilag import BilagRefused

    try:
        return path.read_bytes()
    except OSError as exc:
        raise BilagRefused(
            "bilag.file_unreadable", name=str(path), why=exc.strerror or exc
        ) from None


def case_attach(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    case_id: CaseArg,
    file: Annotated[Path, typer.Argument(help="The file: PDF, DOCX, XLSX, PNG or JPEG.")],
    actor: ActorOpt,
    title: Annotated[str | None, typer.Option(help="Title (default: the file name).")] = None,
    closed: Annotated[bool, typer.Option("--closed", help="A closed bilag (lukket).")] = False,
    reason: Annotated[
        str | None,
        typer.Option(help="A closed bilag's category: personforhold, ejendomshandel, udbud, laan."),
    ] = None,
    expected_version: Annotated[
        int | None, typer.Option(help="Refuse if the case changed since.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vedhæft en fil som bilag (lukket med --closed --reason KATEGORI)."""
    from casework.app.bilag import AttachBilag
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    cmd = AttachBilag(
        case_id=case_id, actor=actor, filename=file.name, content=_read(file), title=title,
        closed=closed, reason=reason, expected_version=expected_version,
    )  # fmt: skip
    row = context.app.bilag.attach(cmd)
    if as_json:
        print_json(row.as_json())
        return
    mark = t("cli.bilag.closed_mark", context.lang, category=row.category) if row.closed else ""
    say(t("cli.bilag.attached", context.lang, number=row.number, case_id=case_id,
          title=row.title, kind=row.kind, size=row.size, closed=mark))  # fmt: skip


def case_detach(
    ctx: typer.Context,
    case_id: CaseArg,
    number: Annotated[int, typer.Argument(help="The bilag's number.")],
    actor: ActorOpt,
    as_json: JsonOpt = False,
) -> None:
    """Fjern et bilag fra sagen (filen bliver i lageret; historikken nævner den)."""
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    row = context.app.bilag.remove(case_id, number, actor)
    if as_json:
        print_json(row.as_json())
    else:
        say(t("cli.bilag.removed", context.lang, number=row.number, case_id=case_id))


def case_bilag(
    ctx: typer.Context,
    case_id: CaseArg,
    get: Annotated[int | None, typer.Option("--get", help="Write bilag N to -o FILE.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where --get writes.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis sagens bilag (eller skriv ét ud med --get N -o FIL)."""
    from rich.table import Table

    from casework.entrypoints.cli.output import console, print_json, say, terminal_text
    from casework.entrypoints.texts import t

    context = of(ctx)
    lang = context.lang
    if get is not None:
        from casework.app.files import write_published
        from casework.domain.errors import InvalidInput

        if output is None:
            raise InvalidInput(detail="--get needs -o FILE")
        found = context.app.bilag.read(case_id, get)
        write_published(output, found.content, full=True)
        say(t("cli.bilag.written", lang, number=get, path=output))
        return
    rows = context.app.bilag.rows(case_id)
    if as_json:
        print_json({"case_id": case_id, "bilag": [r.as_json() for r in rows]})
        return
    if not rows:
        console().print(t("cli.bilag.none", lang, case_id=case_id))
        return
    table = Table(title=t("cli.bilag.title", lang, case_id=case_id))
    for column in t("cli.bilag.columns", lang).split("|"):
        table.add_column(column)
    for row in rows:
        access = (
            t("cli.bilag.closed", lang, category=row.category) if row.closed
            else t("cli.bilag.open", lang)
        )  # fmt: skip
        table.add_row(
            str(row.number), terminal_text(row.title), terminal_text(row.filename), row.kind,
            str(row.size), access, row.attached_at,
        )  # fmt: skip
    console().print(table)


def bilag_sweep(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count them.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Fjern filer i bilagslageret, som ingen sags historik nævner (fra afbrudte vedhæftninger)."""
    from casework.entrypoints.cli.output import print_json, say
    from casework.entrypoints.texts import t

    context = of(ctx)
    removed = context.app.bilag.sweep(dry_run=dry_run)
    if as_json:
        print_json({"dry_run": dry_run, "orphans": removed})
    else:
        say(t("cli.bilag.to_sweep" if dry_run else "cli.bilag.swept", context.lang,
              count=len(removed)))  # fmt: skip
