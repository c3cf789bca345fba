"""What every flow run needs from casework: settings and services, built once per process.

A served deployment runs each flow run in a fresh subprocess, which reads the same ``CASEWORK_*``
environment as ``casework serve``; the services are built on first use there. Flows reach the
database only through :mod:`casework.app` (import-linter keeps ``flows`` off the adapters).
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.app import App
    from casework.settings import Settings

#: Where the web app answers; links in artifacts and reminders point there.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@cache
def _settings() -> Settings:
    from casework.settings import Settings

    return Settings.from_env()


@cache
def _services() -> App:
    from casework.app import open_app

    return open_app(settings())


@cache
def _reminders() -> Any:
    return _services().reminders


def base_url() -> str:
    """The web app's address for links, without a trailing slash."""
    return (os.environ.get("CASEWORK_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


_overrides: dict[str, Any] = {}


def override(**parts: Any) -> None:
    """Use these parts instead of building them (tests pass services with a fixed clock)."""
    _overrides.update(parts)


def reset() -> None:
    """Forget the cached and overridden parts (tests switch databases between cases)."""
    _overrides.clear()
    for cached in (_settings, _services, _reminders):
        cached.cache_clear()


def settings() -> Settings:
    """The process's settings, from the ``CASEWORK_*`` environment."""
    return _overrides.get("settings") or _settings()


def services() -> App:
    """The casework services on the configured database (closed when the process ends)."""
    return _overrides.get("services") or _services()


def reminders() -> Any:
    """The reminder service (escalation chain, outbox, notifier channels)."""
    return _overrides.get("reminders") or _reminders()
