"""Dispatch after commit on the SQL store, SQLite and PostgreSQL: the outbox is transactional,
a failed follow-up stays on its row and is retried, and the change feed moves with a cursor."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from casework.adapters.sql.tables import event_dispatch
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase, PlanCase
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidInput
from casework.domain.events import CaseEvent, EventKind
from casework.services import bus as event_bus
from casework.services import handlers
from casework.services.ports import UnitOfWork
from casework.testing import FixedClock


def _open_command(title: str = "Trafiksikkerhedsplan 2027") -> OpenCase:
    return OpenCase(
        title=title, actor="mette", workflow="beslutningssag",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    )  # fmt: skip


def _rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(event_dispatch)).scalar())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def services(engine: Engine, config: Configuration, clock: FixedClock) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)


def test_a_postponement_is_re_planned_after_commit_and_its_row_is_done(services: App) -> None:
    case_id = services.open_case(_open_command()).id
    services.plan(PlanCase(case_id=case_id, actor="sofie"))
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie"), ("udsaet", "sofie")]:  # fmt: skip
        result = services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    events = services.history(case_id)
    assert [e.kind for e in events[-2:]] == [EventKind.ADVANCED, EventKind.PLANNED]
    assert events[-1].data["reason"] == "udsaet"
    assert result.case.version == events[-1].seq  # the caller gets the re-planned case
    assert services.pending_dispatches() == []


def test_a_failing_handler_keeps_its_row_pending_and_a_retry_runs_it_once(
    engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    seen: list[int] = []

    def flaky(uow: UnitOfWork, event: CaseEvent) -> None:
        if not seen and clock.instant.minute == 0:
            raise InvalidInput(detail="kalenderen svarer ikke")
        seen.append(event.seq)

    bus = event_bus.Bus(lambda: SqlUnitOfWork(engine), clock)
    bus.subscribe("test.opened", flaky, EventKind.OPENED)
    case_id = handlers.open_case(bus.uow(), config, clock, _open_command()).id
    [row] = bus.pending()
    assert (row.case_id, row.seq, row.attempts) == (case_id, 1, 1)
    assert row.last_error is not None and "kalenderen svarer ikke" in row.last_error
    assert bus.dispatch_pending().done == 0
    clock.advance(minutes=1)
    assert bus.dispatch_pending().done == 1
    assert bus.dispatch_pending().done == 0
    assert seen == [1]
    assert bus.pending() == []
    with SqlUnitOfWork(engine) as uow:  # done: a second claim finds nothing to do
        assert uow.dispatches.claim(row.id, "2026-03-02T09:05:00.000000Z") is False


def test_a_rolled_back_unit_of_work_writes_no_dispatch_row(
    services: App, engine: Engine, config: Configuration, clock: FixedClock
) -> None:
    case_id = services.open_case(_open_command()).id
    before = _rows(engine)
    with services.uow_factory() as uow:
        case = uow.cases.get(case_id)
        case.advance(
            graph=handlers.case_graph(config, case, uow), municipality=config.municipality,
            actor="mette", action="indsend", at=clock.now(), today=clock.today(),
        )  # fmt: skip
        uow.cases.save(case, expected_version=1)
        uow.rollback()
    assert _rows(engine) == before
    # The same rows appended twice (a retried commit) stay one row each.
    with SqlUnitOfWork(engine) as uow:
        uow.dispatches.append([(case_id, 1, "case.opened", event_bus.CASE_CHANGED)], "x")
        uow.commit()
    assert _rows(engine) == before


def test_the_change_feed_lists_only_what_changed_since_the_cursor(services: App) -> None:
    first = services.open_case(_open_command("Første sag")).id
    second = services.open_case(_open_command("Anden sag")).id
    full = event_bus.changed_cases(services.uow_factory, "test")
    assert full.full and set(full.case_ids) == {first, second}
    event_bus.move_cursor(services.uow_factory, services.clock, "test", full.position)
    services.advance(AdvanceCase(case_id=first, action="indsend", actor="mette"))
    changed = event_bus.changed_cases(services.uow_factory, "test")
    assert (changed.case_ids, changed.full) == ((first,), False)
    event_bus.move_cursor(services.uow_factory, services.clock, "test", changed.position)
    assert event_bus.changed_cases(services.uow_factory, "test").case_ids == ()
