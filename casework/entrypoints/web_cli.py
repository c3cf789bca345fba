"""``casework user / token``: web sign-in passwords and API tokens (issue 8).

Registered from cli.py through :func:`register`; imports only typer at module level, so
``casework --help`` stays quick.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
