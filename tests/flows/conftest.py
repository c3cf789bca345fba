"""Flow tests: one Prefect test server for the whole session, and a seeded casework database.

``prefect_test_harness`` starts a temporary server (SQLite, random port) once; entering takes
about ten seconds, so it is session-scoped and autouse only here. The heartbeat is off (it adds
about a second to every sync flow run; shared/docs/prefect.md, section 4). Each test gets its
own copy of a demo database seeded once, with a fixed clock, and the flows are pointed at it
through :func:`flows.runtime.override`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.app import App, open_app, reminder_service
from casework.settings import Settings
from casework.testing import FixedClock

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG_DIR = ROOT / "config"
#: Friday 27 November 2026, 08:00 UTC (09:00 in Copenhagen): a hverdag.
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    """A temporary Prefect server for the session, heartbeat off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_test_harness(server_startup_timeout=90),
    ):
        yield


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a demo database (40 cases, seeded up to ``NOW``)."""
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade
    from casework.services.demo import seed_demo

    data = tmp_path_factory.mktemp("seeded")
    settings = Settings(data_dir=data, config_dir=CONFIG_DIR)
    engine = make_engine(settings.url)
    upgrade(engine)
    engine.dispose()
    services = open_app(settings, clock=FixedClock(NOW))
    try:
        services.register_workflows()
        seed_demo(services.uow_factory, services.config, cases=40, end=NOW)
    finally:
        services.close()
    return data


@pytest.fixture
def clock() -> FixedClock:
    """The flows' clock, at ``NOW``."""
    return FixedClock(NOW)


@pytest.fixture
def casework(
    seeded: Path, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[App]:
    """App on a fresh copy of the seeded database; the flows use them."""
    from casework.flows import runtime

    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(data))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(CONFIG_DIR))
    monkeypatch.setenv("CASEWORK_BASE_URL", "http://casework.test")
    # The embedded default: reminders as .eml files in <data dir>/outbox.
    monkeypatch.setenv("CASEWORK_NOTIFY_CHANNELS", "file")
    settings = Settings(data_dir=data, config_dir=CONFIG_DIR)
    services = open_app(settings, clock=clock)
    reminders = reminder_service(settings, config=services.config, clock=clock)
    runtime.reset()
    runtime.override(settings=settings, services=services, reminders=reminders)
    try:
        yield services
    finally:
        runtime.reset()
        reminders.close()
        services.close()
