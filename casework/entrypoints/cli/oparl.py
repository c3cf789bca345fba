"""``casework import oparl`` and ``casework export oparl``: OParl 1.0/1.1 in, OParl 1.1 out.

The import reads Vorlagen with their Beratungen as cases with routes and history
(``casework.app.import_oparl``; the database is created or brought up to date first, as the
import may be its first use); the export writes casework's bodies, meetings, agendas and cases
as a static OParl 1.1 tree (:mod:`casework.app.oparl_export`, see docs/oparl-export.md). Imports
only typer (and the message catalogue) at module level, so ``casework --help`` stays quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from casework.domain.messages import register as register_messages
from casework.domain.messages import render
from casework.entrypoints.cli.context import of


def register(app: typer.Typer) -> None:
    """Add ``casework import`` and ``casework export`` to the root app."""
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")


# =========================================================================== import
import_app = typer.Typer(
    help="Import: OParl 1.0/1.1 (Vorlagen, Beratungen, Sitzungen) som sager.",
    no_args_is_help=True,
)

_KINDS = {
    "organization": ("Organisationer (organer)", "Organisations (bodies)"),
    "meeting": ("Møder", "Meetings"),
    "agenda_item": ("Dagsordenspunkter", "Agenda items"),
    "paper": ("Vorlagen (sager)", "Papers (cases)"),
    "consultation": ("Beratungen (behandlinger)", "Consultations"),
    "document": ("Filer/dokumenter", "Files/documents"),
}
_REASONS = {
    "deleted": ("slettet (deleted: true)", "deleted (deleted: true)"),
    "malformed_json": ("ugyldig JSON", "malformed JSON"),
    "malformed_record": ("ugyldig post", "malformed record"),
    "missing_field": ("mangler påkrævet felt", "missing required field"),
    "unknown_reference": ("ukendt reference", "unknown reference"),
    "unreadable_archive": ("ulæseligt arkiv", "unreadable archive"),
    "not_held": ("aldrig afholdt (senere behandling fandt sted)", "never held (a later one was)"),
    "history_changed": ("historikken er ændret i kilden", "history changed at the source"),
    "route_changed": ("ruten kan ikke ændres", "route cannot change"),
    "closed_case_rerouted": ("afsluttet sag fik nye organer", "closed case gained bodies"),
    "closed_case_continued": ("afsluttet sag fik nye møder", "closed case gained meetings"),
}
_TEXTS = {
    "title": ("OParl-import fra {source}", "OParl import from {source}"),
    "kind": ("Type", "Type"),
    "imported": ("Importeret", "Imported"),
    "updated": ("Opdateret", "Updated"),
    "unchanged": ("Uændret", "Unchanged"),
    "skipped": ("Sprunget over", "Skipped"),
    "reason": ("Årsag", "Reason"),
    "count": ("Antal", "Count"),
    "examples": ("Eksempler på oversprungne poster:", "Examples of skipped records:"),
    "summary": (
        "{created} sager oprettet, {updated} opdateret, {events} hændelser tilføjet.",
        "{created} cases created, {updated} updated, {events} events appended.",
    ),
    "nothing": (
        "Intet ændret: kilden er allerede importeret (alt uændret).",
        "Nothing changed: the source is already imported (everything unchanged).",
    ),
    "duplicates": (
        "Læst mere end én gang (samme id, talt én gang, nyeste beholdt): {copies}",
        "Read more than once (same id, counted once, newest kept): {copies}",
    ),
    "other": (
        "Andre OParl-typer læst, men ikke brugt: {types}",
        "Other OParl types read, not used: {types}",
    ),
}


def _text(table: dict[str, tuple[str, str]], key: str, lang: str, **params: object) -> str:
    da, en = table.get(key, (key, key))
    return (en if lang == "en" else da).format(**params)


@import_app.command("oparl")
def import_oparl_command(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="Folder, tar archive or JSON file (OParl 1.0/1.1).")
    ],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="Mapping YAML (result texts, roles); default: German."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Importér Vorlagen med deres Beratungen som sager med sagsgang og historik."""
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.cli.progress import progress

    context = of(ctx)
    with progress("progress.oparl_import", context.error_lang(), quiet=context.quiet) as advance:
        if context.given_app is not None:
            report = context.given_app.import_oparl(source, mapping, on_progress=advance)
        else:
            from casework.app import import_oparl

            # upgrade, as `casework init` does: the import may be the database's first use.
            report = import_oparl(
                context.settings(), source, mapping=mapping, upgrade=True, on_progress=advance
            )
    if as_json:
        print_json(report.as_json())
        return
    _print_report(console(), report.as_json(), context.lang)


def _print_report(console: Any, data: dict[str, Any], lang: str) -> None:
    from rich.table import Table

    table = Table(title=_text(_TEXTS, "title", lang, source=data["source"]))
    table.add_column(_text(_TEXTS, "kind", lang))
    for what in ("imported", "updated", "unchanged", "skipped"):
        table.add_column(_text(_TEXTS, what, lang), justify="right")
    for kind, counts in data["counts"].items():
        table.add_row(
            _text(_KINDS, kind, lang),
            *(str(counts[w]) for w in ("imported", "updated", "unchanged", "skipped")),
        )
    console.print(table)
    if data["skipped"]:
        reasons = Table()
        reasons.add_column(_text(_TEXTS, "kind", lang))
        reasons.add_column(_text(_TEXTS, "reason", lang))
        reasons.add_column(_text(_TEXTS, "count", lang), justify="right")
        for kind, by_reason in data["skipped"].items():
            for reason, count in by_reason.items():
                reasons.add_row(
                    _text(_KINDS, kind, lang), _text(_REASONS, reason, lang), str(count)
                )
        console.print(reasons)
    if data["examples"]:
        console.print(_text(_TEXTS, "examples", lang))
        for example in data["examples"][:10]:
            detail = f" ({example['detail']})" if example["detail"] else ""
            console.print(
                f"  {_text(_KINDS, example['kind'], lang)}: "
                f"{_text(_REASONS, example['reason'], lang)} – {example['id']}{detail}",
                markup=False,
            )
    if data["duplicates"]:
        copies = ", ".join(f"{_text(_KINDS, k, lang)} {v}" for k, v in data["duplicates"].items())
        console.print(_text(_TEXTS, "duplicates", lang, copies=copies))
    if data["other_types"]:
        types = ", ".join(f"{k} {v}" for k, v in data["other_types"].items())
        console.print(_text(_TEXTS, "other", lang, types=types))
    if data["changed"]:
        console.print(
            _text(
                _TEXTS,
                "summary",
                lang,
                created=data["cases"]["created"],
                updated=data["cases"]["updated"],
                events=data["events"],
            )
        )
    else:
        console.print(_text(_TEXTS, "nothing", lang))


# =========================================================================== export
register_messages(
    {
        "oparl_export.written": (
            "OParl 1.1-eksporten er skrevet til {out} ({files} filer); indgang: {system}",
            "The OParl 1.1 export was written to {out} ({files} files); entry point: {system}",
        ),
        "oparl_export.type": ("Type", "Type"),
        "oparl_export.count": ("Antal", "Count"),
        "oparl_export.closed": (
            "{count} lukkede sager er eksporteret uden indhold (navn: «Lukket punkt»).",
            "{count} closed cases were exported without their content (name: «Lukket punkt»).",
        ),
    }
)

export_app = typer.Typer(
    help="Eksport: casework som OParl 1.1 (statisk JSON).", no_args_is_help=True
)

#: OParl types in the order a reader meets them (the counts table follows it).
_ORDER = (
    "System", "Body", "LegislativeTerm", "Organization", "Person", "Meeting", "AgendaItem",
    "Paper", "Consultation", "File",
)  # fmt: skip


@export_app.command("oparl")
def export_oparl_command(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Argument(metavar="OUT_DIR", help="Folder to write the static OParl tree to.")
    ],
    base_url: Annotated[
        str,
        typer.Option("--base-url", help="Where the tree will be served; ids are URLs under it."),
    ] = "http://127.0.0.1:8000/oparl/v1",
    person: Annotated[
        list[str] | None,
        typer.Option("--person", help="Publish this person (id) as an OParl Person; repeatable."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")] = False,
) -> None:
    """Eksportér kommunens organer, møder, dagsordener og sager som OParl 1.1 (statisk JSON)."""
    from casework.app import oparl_export

    base = oparl_export.check_base_url(base_url)  # before anything is read: a typo costs nothing
    from casework.entrypoints.cli.progress import progress

    context = of(ctx)
    with progress("progress.oparl_export", context.error_lang(), quiet=context.quiet) as advance:
        export = oparl_export.export_oparl(context.app, base, public_people=person or ())
        files = oparl_export.write_export(export, out, on_progress=advance)
    counts = export.counts()
    closed = oparl_export.closed_papers(export)
    if as_json:
        report = {"out": str(out), "files": files, "system": export.system, "counts": counts}
        sys.stdout.write(json.dumps(report | {"closed_papers": closed}, indent=2) + "\n")
        return
    lang = context.lang
    lines = [render("oparl_export.written", lang, out=out, files=files, system=export.system)]
    lines.append(f"{render('oparl_export.type', lang):<16} {render('oparl_export.count', lang):>7}")
    for kind in _ORDER:
        lines.append(f"{kind:<16} {counts.get(kind, 0):>7}")
    if closed:
        lines.append(render("oparl_export.closed", lang, count=closed))
    typer.echo("\n".join(lines))
