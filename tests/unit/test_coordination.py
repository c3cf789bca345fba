"""The coming agendas the coordinators watch, with what is missing from them (the board they
watch is the one board query: ``tests/unit/test_board.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from casework.app import coordination
from casework.domain.configuration import Configuration
from casework.services.demo import seed_demo
from casework.testing import InMemoryUnitOfWork

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def store(config: Configuration) -> Callable[[], InMemoryUnitOfWork]:
    uow = InMemoryUnitOfWork()
    seed_demo(lambda: uow, config, cases=40,
              end=dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC))  # fmt: skip
    return lambda: uow


def test_coming_agendas_list_ordinary_meetings_with_their_deadlines(
    store: Callable[[], InMemoryUnitOfWork], config: Configuration
) -> None:
    agendas = coordination.coming_agendas(store, config, TODAY, horizon_days=14)
    assert agendas
    assert [a.date for a in agendas] == sorted(a.date for a in agendas)
    for agenda in agendas:
        assert TODAY <= agenda.date <= TODAY + dt.timedelta(days=14)
        assert agenda.deadline is not None and agenda.deadline < agenda.date
        assert len(agenda.missing) <= agenda.items
