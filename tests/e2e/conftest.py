"""Shared fixtures of the end-to-end tests: a data directory, the example configuration, a
fixed clock, and ``run``, which calls ``main([...], app=...)`` as a user types the command.

``run`` passes every command an App opened on the test's data directory with a
:class:`~casework.testing.FixedClock` (Monday 2 March 2026, 09:00 UTC, so cases meet Eksempel
Kommune's 2026 meeting plan), the database created first as ``casework init`` does. The App
follows the settings: a test that points ``CASEWORK_DATA_DIR`` or ``CASEWORK_CONFIG_DIR``
elsewhere gets an App there. Nothing patches the system clock or the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from casework.app import App, open_app
from casework.app.admin import upgrade_database
from casework.domain.errors import CaseworkError
from casework.entrypoints.cli import main
from casework.settings import Settings
from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
#: The tests' today: a Monday with the year's meeting plan ahead.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Outcome(NamedTuple):
    """What a command did: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        """Both streams, for assertions that do not care where a line went."""
        return self.out + self.err


class Cli:
    """Runs ``casework`` commands in-process against the test's App."""

    def __init__(self, capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
        self._capsys = capsys
        self.clock = clock
        self._apps: dict[tuple[object, ...], App] = {}

    def __call__(self, *args: str) -> Outcome:
        """Run ``casework ARGS`` with the App of the current settings."""
        return self._run(list(args), self.app())

    def bare(self, *args: str) -> Outcome:
        """Run ``casework ARGS`` as a fresh process would: no App given, nothing created."""
        return self._run(list(args), None)

    def app(self) -> App | None:
        """The App on the current settings' database (created on first use), or None when the
        settings cannot give one (a broken configuration): the command then reports why."""
        settings = Settings.from_env()
        key = (settings.data_dir, settings.config_dir, settings.database_url)
        if key not in self._apps:
            try:
                upgrade_database(settings)
                app = open_app(settings, clock=self.clock)
            except CaseworkError:
                return None
            app.register_workflows()
            self._apps[key] = app
        return self._apps[key]

    def close(self) -> None:
        """Close every App opened."""
        for app in self._apps.values():
            app.close()
        self._apps.clear()

    def _run(self, argv: list[str], app: App | None) -> Outcome:
        self._capsys.readouterr()  # what earlier steps printed is not this command's output
        code = main(argv, app=app)
        out, err = self._capsys.readouterr()
        return Outcome(code, out, err)


@pytest.fixture
def clock() -> FixedClock:
    """The tests' clock; ``clock.advance(days=…)`` moves it on."""
    return FixedClock(NOW)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory in ``tmp_path``, the example configuration, Danish, SQLite."""
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(CONFIG_DIR))
    for name in ("CASEWORK_DATABASE_URL", "CASEWORK_LANG", "CASEWORK_NOTIFY_CHANNELS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def run(env: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock) -> Iterator[Cli]:
    """``run("case", "show", ID)`` → (code, out, err), with the App of the test's settings."""
    cli = Cli(capsys, clock)
    yield cli
    cli.close()
