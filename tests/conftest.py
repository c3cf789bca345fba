"""Shared fixtures: the example configuration, fake clocks and in-memory services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from frozen_agendas import _frozen_agendas  # noqa: F401 - an autouse fixture, on with its variable

from casework.app import App
from casework.domain.configuration import Configuration
from casework.testing import FixedClock, InMemoryUnitOfWork

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"


@pytest.fixture(scope="session")
def config() -> Configuration:
    """Eksempel Kommune, loaded and checked once per test session."""
    from casework.adapters.config.full import load_full_configuration

    return load_full_configuration(CONFIG_DIR)


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2 March 2026, 09:00 UTC."""
    return FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def memory_services(config: Configuration, clock: FixedClock) -> App:
    """App over one shared in-memory store."""
    uow = InMemoryUnitOfWork()
    factory: Callable[[], InMemoryUnitOfWork] = lambda: uow  # noqa: E731 - one store for all
    return App(config=config, uow_factory=factory, clock=clock)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the flow tests last.

    They share one Prefect test server whose client threads live until the session ends; run
    earlier, those threads would run beside every later test, and Hypothesis fails a test when
    anything touches the global ``random`` module while it draws.
    """
    items.sort(key=lambda item: item.nodeid.replace("\\", "/").startswith("tests/flows/"))
