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
from casework.domain.commands import AdvanceCase, OpenCase, PlanCase
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


@pytest.mark.slow
def test_the_same_batch_twice_at_once_replays_the_first(
    engine: Engine, config: Configuration
) -> None:
    """``advance_many`` takes the same path as ``advance``: two identical batches at once give
    one batch of events and one replay of it, never an error."""
    services = _services(engine, config)
    first_case, second_case = _at_committee(services), _at_committee(services)
    replays = 0
    errors: list[str] = []
    trials = TRIALS // 2
    for trial in range(trials):
        batch = [
            AdvanceCase(case_id=case_id, action="udsaet", actor="sofie",
                        idempotency_key=f"batch-race-{trial}-{n}")
            for n, case_id in enumerate((first_case, second_case))
        ]  # fmt: skip
        first, second = _at_the_same_moment(lambda b=batch: services.advance_many(b))
        failed = [r for r in (first, second) if isinstance(r, Exception)]
        if failed:
            errors.extend(f"{trial}: {type(e).__name__} {e}" for e in failed)
            continue
        assert sorted((a.replayed, b.replayed) for a, b in (first, second)) == [
            (False, False),
            (True, True),
        ]
        assert [r.event.seq for r in first] == [r.event.seq for r in second]
        replays += 1
    assert (replays, errors[:5]) == (trials, [])
    for case_id in (first_case, second_case):
        stored, events = services.case(case_id)
        assert len(events) == 5 + trials
        assert stored.version == len(events)
    assert services.verify_audit([first_case, second_case]).ok


def test_a_batch_returns_each_case_with_its_follow_ups(
    engine: Engine, config: Configuration
) -> None:
    """What ``advance_many`` returns is the case as stored after its follow-ups ran, as
    ``advance`` returns it: no stale copy from before the re-plan."""
    services = _services(engine, config)
    case_ids = [_at_committee(services) for _ in range(2)]
    before = [services.plan(PlanCase(case_id=c, actor="sofie")).version for c in case_ids]
    results = services.advance_many(
        [AdvanceCase(case_id=c, action="udsaet", actor="sofie") for c in case_ids]
    )
    for result, version in zip(results, before, strict=True):
        stored, events = services.case(result.case.id)
        # the postponement and the re-plan its follow-up recorded
        assert events[-1].kind.value == "case.planned"
        assert stored.version == version + 2
        assert result.case.version == stored.version
        assert result.case.planned == stored.planned


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
