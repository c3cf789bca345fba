"""What the reminder sweep counts for its progress (issue 18's leftover): ``due_count(at)`` is
how many messages a claim at ``at`` could take, on the SQL store (SQLite and PostgreSQL) as on
the in-memory double; and a sweep on the SQL store counts its messages up to that number."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine

from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig
from casework.services.ports import OutboxMessage, ReminderStore
from casework.services.reminders import ReminderService
from casework.testing import FixedClock, InMemoryReminderStore, InMemoryUnitOfWork, RecordingChannel

AT = dt.datetime(2026, 3, 16, 7, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
#: 07:30 Copenhagen on the deadline of cases opened on Mon 2 March 2026.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)


def _message(n: int, next_attempt: dt.datetime) -> OutboxMessage:
    stamp = next_attempt.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    return OutboxMessage(
        key=f"2026-{n:04d}:kladde:due:2026-03-16:mette:test",
        reminder_key=f"2026-{n:04d}:kladde:due:2026-03-16",
        case_id=f"2026-{n:04d}",
        step="kladde",
        kind="due",
        due="2026-03-16",
        recipient="mette",
        channel="test",
        subject="Frist i dag",
        body="…",
        fire_at=stamp,
        created_at=stamp,
        next_attempt_at=stamp,
    )


def _due_count_is_what_a_claim_could_take(store: ReminderStore) -> None:
    due = [_message(n, AT - MINUTE) for n in range(1, 8)]
    later = [_message(n, AT + MINUTE) for n in range(8, 10)]  # backing off: not yet
    assert store.enqueue(due + later) == 9
    assert store.due_count(AT) == 7
    sent, failed, gave_up, obsolete, held = due[0], due[1], due[2], due[3], due[4]
    claimed = store.claim("w", AT, AT + 5 * MINUTE, 4)  # the four oldest: all but held
    assert {m.key for m in claimed} == {m.key for m in (sent, failed, gave_up, obsolete)}
    assert store.due_count(AT) == 3  # claimed by a running lease
    assert store.mark_sent(sent.key, "w", AT)
    store.mark_failed(failed.key, "w", "451", AT + MINUTE, None)
    store.mark_failed(gave_up.key, "w", "550", AT + MINUTE, AT)
    assert store.mark_obsolete([obsolete.key], AT) == 1
    assert store.due_count(AT) == 3  # the failed one waits for its backoff
    (briefly,) = store.claim("w", AT, AT + MINUTE, 1)
    assert briefly.key == held.key
    assert store.due_count(AT) == 2
    # Past its lease and the backoffs: held, the failed one and the two later ones are due again.
    assert store.due_count(AT + 2 * MINUTE) == 6
    assert len(store.claim("v", AT + 2 * MINUTE, AT + 5 * MINUTE, 100)) == 6


def test_due_count_on_the_sql_store(engine: Engine) -> None:
    store = SqlReminderStore(engine)
    try:
        _due_count_is_what_a_claim_could_take(store)
    finally:
        store.close()


def test_due_count_on_the_in_memory_double() -> None:
    _due_count_is_what_a_claim_could_take(InMemoryReminderStore(InMemoryUnitOfWork()))


def test_a_sweep_on_the_sql_store_counts_up_to_the_messages_due(
    engine: Engine, config: Configuration
) -> None:
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    services = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock)
    for owner in ("mette", "aase", "jonas"):
        services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Sag for {owner}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )
    channel = RecordingChannel()
    channel.fail("jonas")
    store = SqlReminderStore(engine)
    settings = dataclasses.replace(ReminderConfig(channels=("test",)), batch_size=2, parallel=2)
    service = ReminderService(
        config=config, settings=settings, store=store, channels=channel, clock=FixedClock(ON_DUE)
    )
    calls: list[tuple[int, int | None]] = []
    try:
        report = service.sweep(now=ON_DUE, on_progress=lambda d, t: calls.append((d, t)))
    finally:
        store.close()
    handled = report.sent + report.failed + report.gave_up
    assert report.sent > 0 and report.failed > 0 and handled == report.enqueued
    assert calls[0] == (0, handled) and calls[-1] == (handled, handled)
    done = [d for d, _ in calls]
    assert done == sorted(done) and {t for _, t in calls} == {handled}
