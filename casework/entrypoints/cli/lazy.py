"""The root command builds only the command it runs.

typer turns every registered command into click objects (parameters converted, callbacks
wrapped) before it dispatches one; for casework's ~110 commands that was most of what
``casework case show`` did before reading the case. :class:`LazyGroup` is the root's click
group: it knows the top-level names from :data:`COMMANDS` without importing their modules, and
imports and builds a command or group the first time it is asked for. A help screen, the
catalogue walk of :func:`casework.entrypoints.cli.language.walk` and shell completion read every
command through the same mapping, so they see the whole tree as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
import typer.main
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer import _click
    from typer.models import CommandInfo

#: Every top-level command and group in the order the help lists it (the commands, then the
#: groups, as typer orders them), with the module whose ``register(app)`` adds it.
COMMANDS: dict[str, str] = {
    "init": "setup",
    "backup": "setup",
    "restore": "setup",
    "board": "board",
    "demo": "board",
    "serve": "serve",
    "stats": "stats",
    "completion": "completion",
    "config": "setup",
    "case": "cases",
    "audit": "board",
    "agenda": "agenda",
    "delegation": "delegation",
    "diagram": "diagram",
    "meetings": "meetings",
    "meeting": "meeting",
    "minutes": "minutes",
    "reminders": "reminders",
    "import": "oparl",
    "export": "oparl",
    "user": "accounts",
    "token": "accounts",
    "training": "training",
    "taskcommittee": "task_committees",
    "opgaveudvalg": "task_committees",
}

#: typer's default, which the root app keeps (it shows no pretty exceptions at all).
_PRETTY_EXCEPTIONS_SHORT = True

#: Each module's commands, registered once per process on an app of their own.
_registered: dict[str, typer.Typer] = {}


def registered(module: str) -> typer.Typer:
    """The app holding what ``casework.entrypoints.cli.<module>`` registers."""
    app = _registered.get(module)
    if app is None:
        app = typer.Typer()
        importlib.import_module(f"casework.entrypoints.cli.{module}").register(app)
        _registered[module] = app
    return app


def names(app: typer.Typer) -> list[str]:
    """The top-level names ``app`` holds, commands before groups (as typer builds them)."""
    commands = [_name(info) for info in app.registered_commands]
    return [*commands, *(str(info.name) for info in app.registered_groups)]


def _name(command: CommandInfo) -> str:
    return command.name or typer.main.get_command_name(getattr(command.callback, "__name__", ""))


class _Commands(MutableMapping[str, "_click.Command"]):
    """The root's commands by name: every name known at once, each built on first access."""

    def __init__(
        self, build: Callable[[str], _click.Command], given: Mapping[str, _click.Command]
    ) -> None:
        self._build = build
        self._built: dict[str, _click.Command] = dict(given)

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"casework's command {name!r} cannot be removed")

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._built)


class LazyGroup(TyperGroup):
    """The root group (``typer.Typer(cls=LazyGroup)``): ``get_command`` builds only the command
    asked for, ``list_commands`` names them all without building any."""

    def __init__(self, *, commands: Any = None, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self._build, dict(commands or {}))

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def _build(self, name: str) -> _click.Command:
        app = registered(COMMANDS[name])
        for command in app.registered_commands:
            if _name(command) == name:
                return typer.main.get_command_from_info(
                    command,
                    pretty_exceptions_short=_PRETTY_EXCEPTIONS_SHORT,
                    rich_markup_mode=self.rich_markup_mode,
                )
        for group in app.registered_groups:
            if group.name == name:
                return typer.main.get_group_from_info(
                    group,
                    pretty_exceptions_short=_PRETTY_EXCEPTIONS_SHORT,
                    suggest_commands=self.suggest_commands,
                    rich_markup_mode=self.rich_markup_mode,
                )
        raise LookupError(f"casework.entrypoints.cli.{COMMANDS[name]} registers no {name!r}")


__all__ = ["COMMANDS", "LazyGroup", "names", "registered"]
