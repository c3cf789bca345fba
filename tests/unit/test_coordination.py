"""The coordinator's rows: status against the next deadline in Danish working days, most urgent
first, and the coming agendas with what is missing from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from casework.app import coordination
from casework.app.coordination import BoardStatus, _status
from casework.domain.configuration import Configuration
from casework.services.agendas import calendar_of
from casework.services.demo import seed_demo
from casework.testing import InMemoryUnitOfWork

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def store(config: Configuration) -> Callable[[], InMemoryUnitOfWork]:
    uow = InMemoryUnitOfWork()
    seed_demo(lambda: uow, config, cases=40,
              end=dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC))  # fmt: skip
    return lambda: uow


def test_rows_count_working_days_and_put_the_overdue_first(
    store: Callable[[], InMemoryUnitOfWork], config: Configuration
) -> None:
    rows = coordination.board(store, config, TODAY)
    assert rows
    calendar = calendar_of(config).calendar
    for row in rows:
        if row.due is None:
            assert row.status is BoardStatus.NO_DEADLINE and row.workdays_left is None
        else:
            assert row.workdays_left == calendar.count_hverdage(TODAY, row.due)
            assert row.status is _status(TODAY, row.due, row.workdays_left)
    order = list(BoardStatus)
    ranks = [order.index(r.status) for r in rows]
    assert ranks == sorted(ranks)
    late = coordination.overdue(rows)
    assert [r.status for r in late] == [BoardStatus.OVERDUE] * len(late)
    assert [r.workdays_left for r in late] == sorted(r.workdays_left or 0 for r in late)


@pytest.mark.parametrize(
    ("due", "left", "status"),
    [
        (dt.date(2026, 11, 26), -1, BoardStatus.OVERDUE),
        (TODAY, 0, BoardStatus.DUE_TODAY),
        (dt.date(2026, 12, 2), 3, BoardStatus.DUE_SOON),
        (dt.date(2026, 12, 3), 4, BoardStatus.ON_TRACK),
        (None, None, BoardStatus.NO_DEADLINE),
    ],
)
def test_status_against_the_deadline(
    due: dt.date | None, left: int | None, status: BoardStatus
) -> None:
    assert _status(TODAY, due, left) is status
    assert coordination.STATUS_DA[status] and coordination.STATUS_EN[status]


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
