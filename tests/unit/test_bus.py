"""Dispatch after commit on the in-memory fakes: follow-ups run once, failures stay visible."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase, PlanCase
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidInput
from casework.domain.events import CaseEvent, EventKind
from casework.services import bus as event_bus
from casework.services import handlers
from casework.services.ports import UnitOfWork
from casework.testing import FixedClock, InMemoryUnitOfWork


def _open_command(title: str = "Trafiksikkerhedsplan 2027") -> OpenCase:
    return OpenCase(
        title=title, actor="mette", workflow="beslutningssag",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
    )  # fmt: skip


class Flaky:
    """A handler that fails its first ``failures`` calls, then records what it was given."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.seen: list[tuple[str, int]] = []

    def __call__(self, uow: UnitOfWork, event: CaseEvent) -> None:
        if self.failures:
            self.failures -= 1
            raise InvalidInput(detail="kalenderen svarer ikke")
        self.seen.append((event.case_id, event.seq))


@pytest.fixture
def store() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


def _bus(store: InMemoryUnitOfWork, clock: FixedClock, handler: Flaky) -> event_bus.Bus:
    bus = event_bus.Bus(lambda: store, clock)
    bus.subscribe("test.opened", handler, EventKind.OPENED, EventKind.ADVANCED)
    return bus


def _open(bus: event_bus.Bus, config: Configuration, clock: FixedClock) -> str:
    return handlers.open_case(bus.uow(), config, clock, _open_command()).id


def test_a_committed_event_reaches_its_handler_once(
    store: InMemoryUnitOfWork, config: Configuration, clock: FixedClock
) -> None:
    handler = Flaky()
    bus = _bus(store, clock, handler)
    case_id = _open(bus, config, clock)
    assert handler.seen == [(case_id, 1)]
    assert bus.pending() == []
    # Retrying finds nothing due: each (event, handler) runs once.
    assert bus.dispatch_pending().done == 0
    assert handler.seen == [(case_id, 1)]


def test_a_failing_handler_is_recorded_and_retried_after_its_backoff(
    store: InMemoryUnitOfWork, config: Configuration, clock: FixedClock
) -> None:
    handler = Flaky(failures=1)
    bus = _bus(store, clock, handler)
    case_id = _open(bus, config, clock)  # the use case itself succeeds
    assert store.cases.get(case_id).version == 1
    [row] = bus.pending()
    assert row.failed and row.attempts == 1 and row.handler == "test.opened"
    assert row.last_error is not None and "kalenderen svarer ikke" in row.last_error
    assert bus.dispatch_pending().done == 0  # not before its next attempt
    clock.advance(minutes=1)
    report = bus.dispatch_pending()
    assert (report.done, report.failed) == (1, 0)
    assert handler.seen == [(case_id, 1)]
    assert bus.pending() == []
    assert bus.dispatch_pending().done == 0
    assert handler.seen == [(case_id, 1)]


def test_a_handler_that_keeps_failing_is_given_up_but_stays_listed(
    store: InMemoryUnitOfWork, config: Configuration, clock: FixedClock
) -> None:
    bus = _bus(store, clock, Flaky(failures=99))
    _open(bus, config, clock)
    for _ in range(event_bus.MAX_ATTEMPTS):
        clock.advance(hours=7)
        bus.dispatch_pending()
    [row] = bus.pending()
    assert row.attempts == event_bus.MAX_ATTEMPTS
    assert row.next_attempt_at is None  # given up: not retried, still shown


def test_nothing_is_dispatched_for_a_rolled_back_unit_of_work(
    store: InMemoryUnitOfWork, config: Configuration, clock: FixedClock
) -> None:
    handler = Flaky()
    bus = _bus(store, clock, handler)
    case_id = _open(bus, config, clock)

    def submit(uow: UnitOfWork) -> None:
        case = uow.cases.get(case_id)
        case.advance(
            graph=handlers.case_graph(config, case, uow), municipality=config.municipality,
            actor="mette", action="indsend", at=clock.now(), today=clock.today(),
        )  # fmt: skip
        uow.cases.save(case, expected_version=1)

    with bus.uow() as uow:
        submit(uow)
        uow.rollback()

    def fails_before_commit() -> None:
        with bus.uow() as uow:
            submit(uow)
            raise RuntimeError("the use case fails before commit")

    with pytest.raises(RuntimeError):
        fails_before_commit()
    assert handler.seen == [(case_id, 1)]
    assert [(d.case_id, d.seq) for d in store.store.dispatches] == [(case_id, 1)]
    assert store.cases.get(case_id).version == 1


def test_rows_committed_by_a_process_that_died_run_once_on_retry(
    store: InMemoryUnitOfWork, config: Configuration, clock: FixedClock
) -> None:
    def dies(uow: UnitOfWork, event: CaseEvent) -> None:
        raise SystemExit("the process is stopped while dispatching")

    dying = event_bus.Bus(lambda: store, clock)
    dying.subscribe("test.opened", dies, EventKind.OPENED)
    with pytest.raises(SystemExit):
        _open(dying, config, clock)
    # The event was committed with its row; the handler's unit of work was not.
    handler = Flaky()
    bus = _bus(store, clock, handler)
    [row] = bus.pending()
    assert not row.failed
    assert bus.dispatch_pending().done == 1
    assert bus.dispatch_pending().done == 0
    assert handler.seen == [(row.case_id, 1)]
    # Writing the same rows again (a retried commit) keeps the first, done row.
    with store:
        store.dispatches.append([(row.case_id, 1, "case.opened", "test.opened")], "later")
        store.commit()
    assert bus.dispatch_pending().done == 0
    assert handler.seen == [(row.case_id, 1)]


def _postpone_planned(services: App) -> str:
    case_id = services.open_case(_open_command()).id
    services.plan(PlanCase(case_id=case_id, actor="sofie"))
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
        ("udsaet", "sofie"),
    ]:
        services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    return case_id


def test_a_re_plan_that_fails_is_recorded_not_swallowed_and_retried(
    memory_services: App, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.services import plans

    original: Callable[..., None] = plans._record_plan
    calls = {"n": 0}

    def failing_once(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the first call plans the case; the second is the re-plan
            raise InvalidInput(detail="ingen møder")
        original(*args, **kwargs)

    monkeypatch.setattr(plans, "_record_plan", failing_once)
    case_id = _postpone_planned(memory_services)
    kinds = [e.kind for e in memory_services.history(case_id)]
    assert kinds[-1] is EventKind.ADVANCED  # the postponement stands, unplanned for now
    [row] = memory_services.pending_dispatches()
    assert (row.handler, row.case_id, row.seq) == (plans.REPLAN, case_id, len(kinds))
    assert row.last_error is not None and "ingen møder" in row.last_error
    clock.advance(minutes=1)
    assert memory_services.dispatch_pending().done == 1
    events = memory_services.history(case_id)
    assert events[-1].kind is EventKind.PLANNED and events[-1].data["reason"] == "udsaet"
    assert memory_services.pending_dispatches() == []


def test_the_feed_lists_only_cases_changed_since_the_last_read(memory_services: App) -> None:
    from casework.services.runs import SCHEDULE_RUNS

    services = memory_services
    first = services.open_case(_open_command("Første sag")).id
    second = services.open_case(_open_command("Anden sag")).id
    full = event_bus.changed_cases(services.uow_factory, SCHEDULE_RUNS)
    assert full.full and set(full.case_ids) == {first, second}
    event_bus.move_cursor(services.uow_factory, services.clock, SCHEDULE_RUNS, full.position)
    assert event_bus.changed_cases(services.uow_factory, SCHEDULE_RUNS).case_ids == ()
    services.advance(AdvanceCase(case_id=second, action="indsend", actor="mette"))
    changed = event_bus.changed_cases(services.uow_factory, SCHEDULE_RUNS)
    assert (changed.case_ids, changed.full) == ((second,), False)
