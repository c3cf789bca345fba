"""The same idempotency key sent twice at the same moment: the second caller gets a replay.

Issue 16, item 9. Sequentially, a command retried with its idempotency key finds the first
event and replays its result. Two calls at the same instant both miss it on the first read;
on PostgreSQL the loser then hit the row lock (CW206, the case's version moved) or the key's
unique index (CW207) and answered with an error in 60 of 100 trials. The application service
now re-reads the first event after such a refusal and answers as the sequential path does.
Two threads, a barrier between them, 100 trials per backend: 100 replays.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import IdempotencyConflict
from casework.testing import FixedClock

TRIALS = 100


def _services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


def _open(key: str | None = None, title: str = "Samtidig nøgle") -> OpenCase:
    return OpenCase(
        workflow="beslutningssag",
        title=title,
        actor="mette",
        route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
        attributes={"politikomraade": "veje"},
        idempotency_key=key,
    )


def _at_the_same_moment(call: Callable[[], Any]) -> list[Any]:
    """Run ``call`` in two threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:  # the test reports what each caller got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.slow
def test_the_same_advance_twice_at_once_replays_the_first(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    case_id = _at_committee(services)
    replays = 0
    errors: list[str] = []
    for trial in range(TRIALS):
        command = AdvanceCase(
            case_id=case_id, action="udsaet", actor="sofie", idempotency_key=f"race-{trial}"
        )
        first, second = _at_the_same_moment(lambda c=command: services.advance(c))
        outcomes = [first, second]
        failed = [r for r in outcomes if isinstance(r, Exception)]
        if failed:
            errors.extend(f"{trial}: {type(e).__name__} {e}" for e in failed)
            continue
        assert sorted(r.replayed for r in outcomes) == [False, True]
        assert first.event.seq == second.event.seq
        assert first.case.version == second.case.version
        replays += 1
    assert (replays, errors[:5]) == (TRIALS, [])
    stored, events = services.case(case_id)
    # every trial wrote exactly one event: five to reach the committee, one postponement each
    assert len(events) == 5 + TRIALS
    assert stored.version == len(events)


@pytest.mark.slow
def test_the_same_case_opened_twice_at_once_is_one_case(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    same = 0
    errors: list[str] = []
    trials = TRIALS // 4
    for trial in range(trials):
        command = _open(key=f"open-race-{trial}", title=f"Samtidig {trial}")
        first, second = _at_the_same_moment(lambda c=command: services.open_case(c))
        failed = [r for r in (first, second) if isinstance(r, Exception)]
        if failed:
            errors.extend(f"{trial}: {type(e).__name__} {e}" for e in failed)
            continue
        assert first.id == second.id
        same += 1
    assert (same, errors[:5]) == (trials, [])
    assert len(services.cases(_query())) == trials


def test_a_different_request_under_a_taken_key_is_still_refused(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    case_id = _at_committee(services)
    services.advance(
        AdvanceCase(case_id=case_id, action="udsaet", actor="sofie", idempotency_key="k1")
    )
    with pytest.raises(IdempotencyConflict):
        services.advance(
            AdvanceCase(case_id=case_id, action="anbefal", actor="sofie", idempotency_key="k1")
        )


def _at_committee(services: App) -> str:
    case = services.open_case(_open())
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def _query() -> Any:
    from casework.services.ports import CaseQuery

    return CaseQuery(limit=1000)
