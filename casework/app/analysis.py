"""Looking back over the case histories: process statistics and the mined route map's inputs.

For ``casework stats`` and ``casework diagram mined``. Histories are read in bulk (two scans
rather than two queries per case: an imported council has thousands of cases).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.domain.case import Case
    from casework.domain.stats import Stats
    from casework.domain.workflow import WorkflowDefinition
    from casework.services.ports import UnitOfWork

__all__ = ["case_visits", "imported_bodies", "oparl_workflow", "stats", "workflows"]


def stats(
    app: App,
    *,
    by: str = "year",
    start: dt.date | None = None,
    end: dt.date | None = None,
    top: int = 15,
) -> Stats:
    """Routes by pattern, time per body and step, deciding bodies, postponements, by period.

    Raises:
        StatsInputError: ``by`` is not month, quarter or year, or the period is reversed.
    """
    if app.settings is None:  # a store without a database (tests): through the ports
        from casework.services.stats import process_stats

        return process_stats(_reader(app), by=by, start=start, end=end, top=top)
    from casework.adapters.oparl.store import all_histories
    from casework.adapters.sql.engine import connect, make_engine
    from casework.services.stats import stats_of

    engine = make_engine(app.settings.url)
    try:
        with connect(engine) as connection:
            return stats_of(all_histories(connection), by=by, start=start, end=end, top=top)
    finally:
        engine.dispose()


def _reader(app: App) -> UnitOfWork:
    return (app.reader_factory or app.uow_factory)()


def case_visits(app: App) -> Iterator[tuple[Case, list[tuple[str, str]]]]:
    """Every case with the concrete steps it entered and when."""
    from casework.services.history_export import case_histories, visits

    for case, events in case_histories(_reader(app)):
        yield case, visits(events)


def oparl_workflow() -> WorkflowDefinition:
    """The built-in workflow that cases imported from OParl run on."""
    from casework.adapters.oparl import import_workflow

    return import_workflow()


def workflows(app: App) -> Mapping[str, WorkflowDefinition]:
    """The configured workflows and the OParl import's, by id."""
    definitions = dict(app.config.workflows)
    imported = oparl_workflow()
    definitions.setdefault(imported.id, imported)
    return definitions


def imported_bodies(app: App) -> dict[str, dict[str, Any]]:
    """The organisations imported from OParl, by key."""
    from casework.adapters.oparl import imported_bodies as bodies

    return bodies(app)
