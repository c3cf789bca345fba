"""``casework init --example NAME [DIR]`` (the example configuration to start from) and
``casework config schema`` (the configuration's JSON Schemas for editors).

``init`` itself lives in :mod:`.setup`; with ``--example`` it first calls
:func:`write_example` here, then creates the database against the configuration it wrote.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from casework.domain.messages import register
from casework.entrypoints.cli.context import CliContext, of
from casework.entrypoints.cli.output import JSON_HELP

register(
    {
        "cli.example_written": (
            "Eksempelkonfigurationen '{name}' er skrevet til {directory} ({count} filer).",
            "The example configuration '{name}' was written to {directory} ({count} files).",
        ),
        "cli.example_elsewhere": (
            "casework læser den, når CASEWORK_CONFIG_DIR={directory} er sat (eller med "
            "--config-dir {directory}).",
            "casework reads it when CASEWORK_CONFIG_DIR={directory} is set (or with "
            "--config-dir {directory}).",
        ),
        "cli.schemas_written": (
            "{count} JSON-skemaer er skrevet til {directory}: {files}",
            "{count} JSON Schemas written to {directory}: {files}",
        ),
    }
)

#: ``casework init``'s option and argument for the example (declared here, used in setup.init).
ExampleOpt = Annotated[
    str | None,
    typer.Option(
        "--example",
        metavar="NAME",
        help="Write the example configuration NAME (eksempel) first, into DIR or ./config.",
    ),
]
ExampleDirArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DIR]",
        help="Where --example writes the configuration (default: --config-dir, "
        "CASEWORK_CONFIG_DIR or ./config).",
        show_default=False,
    ),
]


def register_commands(config_app: typer.Typer) -> None:
    """Add ``casework config schema`` to the ``config`` group."""
    config_app.command("schema")(config_schema)


def write_example(context: CliContext, name: str, directory: Path | None) -> None:
    """Write the example ``name`` (into ``directory``, the configured place or ./config) and
    point this invocation's settings at it, so ``init`` goes on to create the database."""
    from casework.app import scaffold
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t
    from casework.settings import Settings

    explicit = context.overrides.get("config_dir") or os.environ.get("CASEWORK_CONFIG_DIR")
    target = directory or (Path(explicit) if explicit else Path("config"))
    written = scaffold.write_example(name, target)
    context.overrides["config_dir"] = written.directory
    lang = context.settings().lang
    out = console()
    out.print(
        t(
            "cli.example_written",
            lang,
            name=name,
            directory=str(written.directory),
            count=len(written.files),
        ),
        markup=False,
        soft_wrap=True,
    )
    found = Settings.from_env().config_dir  # where a later command without options looks
    if Path(os.path.abspath(found)) != written.directory:
        out.print(
            t("cli.example_elsewhere", lang, directory=str(written.directory)),
            markup=False,
            soft_wrap=True,
        )


def config_schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Directory to write <kind>.schema.json into (default: print them as JSON).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Skriv JSON-skemaerne for alle slags konfigurationsfiler (til editorer).

    Hvert skema beskriver én slags fil (municipality, workflow, calendar, meetings,
    delegation, presentation, reminders); YAML-filerne peger på dem med en
    '# yaml-language-server: $schema=...'-kommentar.

    Eksempel: casework config schema --out config/schemas
    """
    from casework.app import scaffold
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    if out is None:
        print_json(scaffold.config_schemas())
        return
    files = scaffold.write_config_schemas(out)
    if as_json:
        print_json({"directory": str(out), "files": [p.name for p in files]})
        return
    console().print(
        t(
            "cli.schemas_written",
            context.settings().lang,
            count=len(files),
            directory=str(out),
            files=", ".join(p.name for p in files),
        ),
        markup=False,
        soft_wrap=True,
    )


__all__ = ["ExampleDirArg", "ExampleOpt", "register_commands", "write_example"]
