"""One CLI invocation's context, carried in typer's ``ctx.obj``: language, settings, the App.

The root callback fills it from the global options; commands read it through :func:`of`. The App
is opened on first use (so ``casework --help`` and config-only commands never touch a database)
and closed when the invocation ends, unless it was passed to ``main`` by the caller, who then
owns it (tests pass an App with a fixed clock that way).
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.configuration import Configuration
    from casework.settings import Settings

LANGUAGES = ("da", "en")
#: The options that choose where data and configuration live.
_PLACES = ("data_dir", "config_dir", "database_url")


@dataclass
class CliContext:
    """What the commands of one invocation share; nothing of it outlives the invocation."""

    given: App | None = None
    lang: str = "da"
    #: ``--quiet``: no progress bars (they are shown only on a terminal anyway).
    quiet: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    _app: App | None = field(default=None, repr=False)
    _opened: list[App] = field(default_factory=list, repr=False)

    @property
    def given_app(self) -> App | None:
        """The App passed to ``main``, unless the options point elsewhere (``--data-dir``,
        ``--database-url``, ``--config-dir``): explicit options win."""
        moved = any(self.overrides.get(k) is not None for k in _PLACES)
        return None if moved else self.given

    def settings(self) -> Settings:
        """The settings in force: the given App's (or the environment's), then the options.

        Reading them fixes the language too (``CASEWORK_LANG`` unless ``--lang`` was given).
        """
        from casework.settings import Settings

        chosen = {k: v for k, v in self.overrides.items() if v is not None}
        given = self.given_app
        base = given.settings if given is not None else None
        if base is not None:
            settings = dataclasses.replace(base, **chosen)
        else:
            settings = Settings.from_env(**chosen)
        self.lang = settings.lang
        return settings

    def error_lang(self) -> str:
        """The language to report an error in: the one in force, read from the environment
        when no command has read the settings yet (an input refused before any lookup)."""
        from casework.domain.errors import CaseworkError

        if self.overrides.get("lang") is None:
            with contextlib.suppress(CaseworkError):  # wrong settings: keep the default
                self.settings()
        return self.lang

    def use_lang(self, lang: str | None) -> str:
        """A command's own ``--lang``, as if given before the command; else the one in force."""
        if lang is None:
            self.settings()
            return self.lang
        if lang not in LANGUAGES:
            from casework.domain.errors import InvalidInput

            raise InvalidInput(detail=f"--lang: da | en ({lang})")
        self.overrides["lang"] = lang
        self.lang = lang
        return lang

    @property
    def app(self) -> App:
        """The application service: the given one, or one opened now and closed at the end."""
        given = self.given_app
        if given is not None:
            self.settings()  # the language of the options and the environment
            return given
        if self._app is None:
            from casework.app import open_app

            self._app = open_app(self.settings())
            self._opened.append(self._app)
        return self._app

    def config(self) -> Configuration:
        """The checked configuration, without opening the store (no database needed)."""
        given = self.given_app
        if given is not None:
            self.settings()
            return given.config
        if self._app is not None:
            return self._app.config
        from casework.app import load_config

        return load_config(self.settings())

    def config_dir(self) -> Path:
        """The configuration directory in force."""
        return Path(self.settings().config_dir)

    def adopt(self, app: App) -> App:
        """Use ``app`` (opened by a command, e.g. after ``init``) and close it at the end."""
        self._app = app
        self._opened.append(app)
        return app

    def close(self) -> None:
        """Close what this invocation opened; a given App stays open for its owner."""
        while self._opened:
            self._opened.pop().close()
        self._app = None


def of(ctx: typer.Context) -> CliContext:
    """The invocation's context (a fresh one when a sub-app runs on its own, e.g. in a test)."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliContext):
        root.obj = CliContext()
        root.call_on_close(root.obj.close)
    return root.obj
