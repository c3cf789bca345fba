"""``casework init`` and ``casework config check``: the database and the configuration (``backup``
and ``restore`` are in :mod:`.backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casework.entrypoints.cli import scaffold
from casework.entrypoints.cli.context import of
from casework.entrypoints.cli.output import JSON_HELP
from casework.entrypoints.cli.scaffold import ExampleDirArg, ExampleOpt

config_app = typer.Typer(help="Konfiguration: kontrollér config/.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``casework init``, ``casework config``, ``backup`` and ``restore`` to the root app."""
    from casework.entrypoints.cli import backup

    app.command("init")(init)
    app.add_typer(config_app, name="config")
    scaffold.register_commands(config_app)
    backup.register_commands(app)


def init(ctx: typer.Context, example: ExampleOpt = None, directory: ExampleDirArg = None) -> None:
    """Opret eller opdatér databasen og kontrollér konfigurationen.

    Datamappen, databasen og de fulde dagsordener gøres private (kun ejeren), også hvis de
    fandtes i forvejen med bredere adgang. Med --example skrives først en
    eksempelkonfiguration at starte fra (aldrig over en mappe, der ikke er tom).

    Eksempel: casework init --example eksempel
    """
    from casework.app import admin, files
    from casework.entrypoints.cli.output import console
    from casework.entrypoints.texts import t

    context = of(ctx)
    if example is not None:
        scaffold.write_example(context, example, directory)
    elif directory is not None:
        from casework.domain.scaffold import DirectoryNeedsExample

        raise DirectoryNeedsExample(path=str(directory))
    settings = context.settings()
    given = context.given_app
    if given is not None:
        app = given
        admin.initialise(app)
    else:
        app = context.adopt(admin.open_initialised(settings))
    out = console()
    out.print(t("cli.config_ok", context.lang, **admin.config_counts(app.config)))
    out.print(t("cli.init_done", context.lang, url=admin.safe_url(settings.url)))
    for path in files.tighten_data(settings):
        out.print(
            t("cli.init_tightened", context.lang, path=str(path)), markup=False, soft_wrap=True
        )


@config_app.command("check")
def config_check(
    ctx: typer.Context,
    directory: Annotated[Path | None, typer.Argument(help="Config directory.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Kontrollér hele konfigurationen og vis alle fejl på én gang."""
    from casework.app import admin
    from casework.domain.errors import DefinitionError
    from casework.entrypoints.cli.output import console, print_json
    from casework.entrypoints.texts import t

    context = of(ctx)
    target = directory or context.config_dir()
    try:
        config = admin.check_config(target)
    except DefinitionError as exc:
        if not as_json:
            raise
        print_json({"ok": False, "findings": [f.as_dict(context.lang) for f in exc.findings]})
        raise typer.Exit(1) from None
    if as_json:
        print_json({"ok": True, "findings": [], **admin.config_counts(config)})
    else:
        console().print(t("cli.config_ok", context.lang, **admin.config_counts(config)))
