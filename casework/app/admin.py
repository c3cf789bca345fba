"""Setting casework up and checking it: the database schema, the configuration, the demo.

Use cases of the ``casework init``, ``config check`` and ``demo`` commands, here so that entry
points reach the schema migrations and the YAML loaders only through the application service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casework.services.ports import CaseQuery

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.domain.configuration import Configuration
    from casework.services.ports import Clock
    from casework.settings import Settings


def upgrade_database(settings: Settings) -> None:
    """Create the schema, or bring it up to date (``alembic upgrade head``)."""
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade

    engine = make_engine(settings.url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def initialise(app: App) -> None:
    """``casework init`` on an open app: the schema up to date, the workflow versions kept."""
    if app.settings is not None:
        upgrade_database(app.settings)
    app.register_workflows()


def open_initialised(settings: Settings, *, clock: Clock | None = None) -> App:
    """``casework init`` from nothing: create the database, then open the app on it."""
    from casework.app.core import load_config, open_app

    config = load_config(settings)  # a broken configuration is refused before the database
    upgrade_database(settings)
    app = open_app(settings, config=config, clock=clock)
    app.register_workflows()
    return app


def check_config(directory: str | Path) -> Configuration:
    """Parse and check every file of ``directory``; DefinitionError lists every finding."""
    from casework.adapters.config.full import load_full_configuration

    return load_full_configuration(directory)


def core_config(directory: str | Path) -> Configuration:
    """The municipality and workflows only, freshly parsed (no snapshot, no calendar).

    For commands that load the meeting or delegation plans themselves, so that a broken plan is
    reported by the command about plans rather than refused before it.
    """
    from casework.adapters.config import load_configuration

    return load_configuration(directory)


def config_counts(config: Configuration) -> dict[str, object]:
    """What a configuration holds, for ``init`` and ``config check``."""
    municipality = config.municipality
    return {
        "workflows": len(config.workflows),
        "bodies": len(municipality.bodies),
        "people": len(municipality.people),
        "directory": config.directory or "",
    }


def safe_url(url: str) -> str:
    """A database URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What ``seed_demo`` did: the cases already there, and the ids it opened (none: skipped)."""

    existing: int
    opened: tuple[str, ...]


def seed_demo(
    app: App,
    *,
    cases: int,
    seed: int,
    force: bool = False,
    progress: Callable[[int, int], object] | None = None,
) -> DemoResult:
    """Open ``cases`` demo cases at every step, ending at the app's clock.

    Skipped when the store already has cases, unless ``force``; a forced run shifts the seed by
    the cases already there, so it adds different cases. ``progress(done, cases)`` is called as
    each case is opened (the CLI's progress bar).
    """
    from casework.services.demo import seed_demo as seed_cases

    existing = len(app.cases(CaseQuery(status=None, limit=100_000)))
    if existing and not force:
        return DemoResult(existing, ())
    ids = seed_cases(
        app.uow_factory,
        app.config,
        cases=cases,
        seed=seed + existing,
        end=app.clock.now(),
        progress=progress,
    )
    return DemoResult(existing, tuple(ids))


def system_clock() -> Clock:
    """The real clock (Copenhagen's today), for commands that open no store."""
    from casework.adapters.clock import SystemClock

    return SystemClock()
