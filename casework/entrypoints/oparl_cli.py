"""``casework import oparl / export oparl``: OParl 1.0/1.1 in and OParl 1.1 out (issue 7).

Registered from cli.py through :func:`register`; imports only typer at module level, so
``casework --help`` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    # --- OParl export (exporter helper): `casework export oparl`, see oparl_export_cli.py
    from casework.entrypoints.oparl_export_cli import register_export

    register_export(app)
    # --- end OParl export
    # --- OParl import (importer helper): `casework import oparl`, defined below
    app.add_typer(import_app, name="import")
    # --- end OParl import


# =========================================================================== OParl import
# `casework import oparl SOURCE [--mapping FILE] [--json]` (importer helper, issue 7 items 1-2).
# Everything below belongs to the import; the export lives in oparl_export_cli.py.

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
    "out_of_order": ("organ allerede passeret", "body already passed"),
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
    from casework.app import import_oparl
    from casework.entrypoints.cli import _console, _print_json, _settings, _State

    settings = _settings()
    lang = _State.lang
    # upgrade, as `casework init` does: the import may be the database's first use.
    report = import_oparl(settings, source, mapping=mapping, upgrade=True)
    if as_json:
        _print_json(report.as_json())
        return
    _print_report(_console(), report.as_json(), lang)


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


# =========================================================================== end OParl import
