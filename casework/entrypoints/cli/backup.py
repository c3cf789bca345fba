"""``casework backup DEST`` and ``casework restore SRC``: thin over :mod:`casework.app.backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casework.domain.messages import register
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP

register(
    {
        "bcli.backup_done": (
            "Sikkerhedskopi skrevet ({backend}): {path}, {size} bytes – {cases} sager, "
            "{events} sagshændelser, {meetings} møder, {meeting_events} mødehændelser.",
            "Backup written ({backend}): {path}, {size} bytes – {cases} cases, "
            "{events} case events, {meetings} meetings, {meeting_events} meeting events.",
        ),
        "bcli.restore_done": (
            "Gendannet fra {path} til {url} – {cases} sager, {events} sagshændelser, "
            "{meetings} møder, {meeting_events} mødehændelser.",
            "Restored from {path} into {url} – {cases} cases, {events} case events, "
            "{meetings} meetings, {meeting_events} meeting events.",
        ),
        "bcli.bilag_copied": (
            "Bilag: {files} filer kopieret til {path}; gem mappen sammen med kopien.",
            "Bilag: {files} files copied to {path}; keep the folder with the backup.",
        ),
        "bcli.bilag_restored": (
            "Bilag: {files} filer lagt tilbage.",
            "Bilag: {files} files put back.",
        ),
        "bcli.replaced": (
            "Erstattede {rows} rækker, som databasen indeholdt før (--force).",
            "Replaced {rows} rows the database held before (--force).",
        ),
    }
)


def register_commands(app: typer.Typer) -> None:
    """Add ``casework backup`` and ``casework restore`` to the root app."""
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="The new backup file (never overwritten).")],
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Tag en sikkerhedskopi af databasen, også mens andre skriver til den.

    SQLite kopieres med SQLites online backup-API (ét konsistent øjeblik); PostgreSQL med
    'pg_dump -Fc'. Bilagsfilerne kopieres til mappen DEST.bilag ved siden af. Kun ejeren kan
    læse kopien.
    """
    from casework.app import backup as backups
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    report = backups.backup(context.settings(), dest)
    if as_json:
        print_json(report.as_json())
        return
    counts = _counts(report.counts)
    text = t("bcli.backup_done", context.lang, backend=report.backend, path=report.path,
             size=report.size, **counts)  # fmt: skip
    console().print(text, markup=False, soft_wrap=True)
    if report.bilag:
        text = t("bcli.bilag_copied", context.lang, files=report.bilag, path=report.bilag_path)
        console().print(text, markup=False, soft_wrap=True)


def restore(
    ctx: typer.Context,
    src: Annotated[Path, typer.Argument(help="A backup made by 'casework backup'.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds data.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Gendan databasen fra en sikkerhedskopi og kontrollér revisionssporet bagefter.

    Afviser at overskrive en database med data uden --force. Bilagsfilerne lægges tilbage fra
    SRC.bilag, hvis mappen findes. Stop casework (serve, web, flows), før du gendanner.
    """
    from casework.app import backup as backups
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    report = backups.restore(context.settings(), src, force=force)
    lang = context.lang
    if as_json:
        print_json(report.as_json(lang))
    else:
        out = console()
        counts = _counts(report.counts)
        text = t("bcli.restore_done", lang, path=report.path, url=report.url, **counts)
        out.print(text, markup=False, soft_wrap=True)
        if report.bilag:
            out.print(t("bcli.bilag_restored", lang, files=report.bilag), markup=False)
        if report.replaced:
            out.print(t("bcli.replaced", lang, rows=report.replaced), markup=False)
        audit = report.audit
        if audit.ok:
            out.print(t("cli.audit_ok", lang, cases=audit.cases, events=audit.events))
        else:
            out.print(t("cli.audit_bad", lang, count=len(audit.findings), cases=audit.cases))
            for finding in audit.findings:
                out.print("  " + finding.message(lang), markup=False)
    if not report.ok:
        raise typer.Exit(1)


def _counts(counts: dict[str, int]) -> dict[str, int]:
    return {
        "cases": counts.get("cases", 0),
        "events": counts.get("case_events", 0),
        "meetings": counts.get("meetings", 0),
        "meeting_events": counts.get("meeting_events", 0),
    }
