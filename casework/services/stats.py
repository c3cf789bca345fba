"""The ``casework stats`` use case: every case with its history, folded into figures.

:func:`process_stats` reads through the ports only (``history_export.case_histories``, two
queries per case), so it works on every store; :func:`stats_of` takes
histories an adapter read in bulk (the CLI uses two scans, ``all_histories``). Both check the
input and leave the figures to :func:`casework.domain.stats.compute`. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from casework.domain.case import Case
from casework.domain.errors import StatsInputError
from casework.domain.events import CaseEvent
from casework.domain.stats import Period, Stats, compute
from casework.services.history_export import case_histories
from casework.services.ports import UnitOfWork


def process_stats(
    uow: UnitOfWork,
    *,
    by: str = "year",
    start: dt.date | None = None,
    end: dt.date | None = None,
    top: int = 15,
) -> Stats:
    """The process statistics of the cases opened from ``start`` to ``end`` (both included),
    read through the unit of work's ports.

    Raises:
        StatsInputError: ``by`` is not month, quarter or year, or the period is reversed.
    """
    period = _period(by, start, end)
    return compute(case_histories(uow), by=period, start=start, end=end, top=top)


def stats_of(
    histories: Iterable[tuple[Case, Sequence[CaseEvent]]],
    *,
    by: str = "year",
    start: dt.date | None = None,
    end: dt.date | None = None,
    top: int = 15,
) -> Stats:
    """The same over histories an adapter read in bulk; the input is checked first."""
    period = _period(by, start, end)
    return compute(histories, by=period, start=start, end=end, top=top)


def _period(by: str, start: dt.date | None, end: dt.date | None) -> Period:
    try:
        period = Period(by)
    except ValueError:
        raise StatsInputError(detail=f"--by: month | quarter | year ({by})") from None
    if start is not None and end is not None and start > end:
        raise StatsInputError(detail=f"--from {start} > --to {end}")
    return period
