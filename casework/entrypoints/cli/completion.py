"""``casework completion SHELL``: the shell's script for completing casework's commands.

The script calls ``casework`` back with ``_CASEWORK_COMPLETE`` set; typer's completion (run
before any command, in the vendored click's ``main``) answers it from the command tree, so the
completions are the commands and options of the installed version.
"""

from __future__ import annotations

from typing import Annotated

import typer

SHELLS = ("bash", "zsh", "fish", "powershell")


def register(app: typer.Typer) -> None:
    """Add ``casework completion`` to the root app."""
    app.command("completion")(completion)


def completion(
    shell: Annotated[str, typer.Argument(help="The shell: bash, zsh, fish or powershell.")],
) -> None:
    """Skriv skriptet til kommandofuldførelse for en skal (bash, zsh, fish eller powershell)."""
    if shell not in SHELLS:
        from casework.domain.errors import InvalidInput

        raise InvalidInput(detail=f"{shell!r}: {' | '.join(SHELLS)}")
    from typer._completion_shared import get_completion_script

    script = get_completion_script(
        prog_name="casework", complete_var="_CASEWORK_COMPLETE", shell=shell
    )
    typer.echo(script)
