"""``casework serve``: the Prefect server, the served deployments and the web app (issues 5, 8).

Imports only typer at module level, so ``casework --help`` stays quick. The work is in
:mod:`casework.entrypoints.serve`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import click
import typer

from casework.entrypoints.cli.context import of


def register(app: typer.Typer) -> None:
    """Add ``casework serve`` to the root app."""
    app.command("serve")(serve)


def serve(  # noqa: PLR0917 - typer commands take their CLI options as parameters
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The web app's address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The web app's port.", min=1, max=65535)] = 8000,
    prefect_host: Annotated[
        str,
        typer.Option(
            help="The local Prefect server's address (default the loopback address, whatever "
            "--host is: its UI has no sign-in; see docs/orchestration.md before opening it)."
        ),
    ] = "127.0.0.1",
    prefect_port: Annotated[
        int, typer.Option(help="The local Prefect server's port.", min=1, max=65535)
    ] = 4200,
    no_web: Annotated[bool, typer.Option("--no-web", help="Do not start the web app.")] = False,
    ready_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for everything to come up.", min=1)
    ] = 90.0,
    role: Annotated[
        str,
        typer.Option(
            help="What to start: all (one machine: Prefect server, runner, web app), api (a "
            "Prefect API server without services), services (Prefect's background services), "
            "worker (a process worker of the pool), web (the web app). See docs/deployment.md.",
            click_type=click.Choice(["all", "api", "services", "worker", "web"]),
            metavar="all|api|services|worker|web",
        ),
    ] = "all",
    web_workers: Annotated[
        int,
        typer.Option(
            help="Web app processes behind the one port (more than one needs CASEWORK_WEB_SECRET).",
            min=1,
            max=64,
        ),
    ] = 1,
    pool: Annotated[str, typer.Option(help="The process work pool of --role worker.")] = "casework",
) -> None:
    """Start Prefect (server, fristkørsler, påmindelser, sagstavle) og webappen; stop med Ctrl-C.

    Uses the Prefect server in PREFECT_API_URL when set; otherwise starts a local one with its
    database under the data directory. --role starts one part of a scaled-out installation.
    """
    from casework.entrypoints.serve import ServeOptions
    from casework.entrypoints.serve import serve as run

    context = of(ctx)
    settings = context.settings()
    options = ServeOptions(
        data_dir=Path(settings.data_dir).resolve(),
        host=host,
        port=port,
        prefect_host=prefect_host,
        prefect_port=prefect_port,
        api_url=os.environ.get("PREFECT_API_URL") or None,
        web=not no_web,
        ready_timeout=ready_timeout,
        lang=context.lang,
        role=role,
        web_workers=web_workers,
        pool=pool,
    )
    code = run(options, typer.echo)
    if code:
        raise typer.Exit(code)
