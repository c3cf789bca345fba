"""Open and plan in one unit of work, on SQLite and PostgreSQL (issue 15, item 5).

A case that cannot be planned for its target meeting is not opened: no row, no event, no case
number used. One that can is stored opened and planned at once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import CaseworkError
from casework.services.ports import CaseQuery
from casework.testing import FixedClock

MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock(MONDAY))


def _command() -> OpenCase:
    return OpenCase(
        workflow="beslutningssag",
        title="Ny cykelsti langs Fuglevadvej",
        actor="mette",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    )


def test_a_case_that_cannot_be_planned_is_not_opened(engine: Engine, config: Configuration) -> None:
    services = _services(engine, config)
    with pytest.raises(CaseworkError) as refused:
        services.open_case(_command(), target=("kb", dt.date(2026, 3, 26)))
    assert refused.value.code == "CW217"
    assert services.cases(CaseQuery()) == []
    assert services.open_case(_command()).id == "2026-0001"


def test_a_case_that_can_be_planned_is_stored_opened_and_planned(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    case = services.open_case(_command(), target=("kb", dt.date(2026, 9, 24)))
    stored, events = services.case(case.id)
    assert [e.kind.value for e in events] == ["case.opened", "case.planned"]
    assert stored.planned["politisk_behandling@kb"] == "2026-09-24"
    assert services.verify_audit().ok
