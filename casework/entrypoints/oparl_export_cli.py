"""``casework export oparl OUT_DIR``: casework's data as a static OParl 1.1 tree (issue 7).

Hooked into the root app by ``oparl_cli.register`` through :func:`register_export`; imports only
typer at module level, so ``casework --help`` stays quick. Prints the number of exported objects
per OParl type (Danish; ``--lang en``; ``--json`` for scripts). See docs/oparl-export.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from casework.domain.messages import register, render

register(
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
    from casework.adapters.oparl.export_files import write_export
    from casework.adapters.publish.html import render_html
    from casework.entrypoints.cli import _services, _State
    from casework.services.oparl_export import CLOSED_NAME, check_base_url, export_oparl

    base = check_base_url(base_url)  # before anything is read: a typo costs nothing
    services = _services()
    export = export_oparl(
        services.reader_factory or services.uow_factory,
        services.config,
        base_url=base,
        today=services.clock.today(),
        public_people=person or (),
        render=lambda agenda: render_html(agenda).encode("utf-8"),
    )
    files = write_export(export, out)
    counts = export.counts()
    closed = sum(
        1
        for obj in export.objects.values()
        if obj["type"].endswith("/Paper") and obj.get("name") == CLOSED_NAME
    )
    if as_json:
        report = {"out": str(out), "files": files, "system": export.system, "counts": counts}
        sys.stdout.write(json.dumps(report | {"closed_papers": closed}, indent=2) + "\n")
        return
    lang = _State.lang
    lines = [render("oparl_export.written", lang, out=out, files=files, system=export.system)]
    lines.append(f"{render('oparl_export.type', lang):<16} {render('oparl_export.count', lang):>7}")
    for kind in _ORDER:
        lines.append(f"{kind:<16} {counts.get(kind, 0):>7}")
    if closed:
        lines.append(render("oparl_export.closed", lang, count=closed))
    typer.echo("\n".join(lines))


def register_export(app: typer.Typer) -> None:
    """Add ``casework export`` (with ``oparl``) to the root app."""
    app.add_typer(export_app, name="export")
