"""The reminder outbox and the sweep on SQLite and PostgreSQL, with a recording channel.

Real databases (the ``engine`` fixture), the real service and SQL store; only the channel is a
test double, so that failures can be switched on. The processes-and-SMTP proof of exactly-once
is in ``test_reminders_exactly_once.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from types import TracebackType
from typing import Self

import pytest
from sqlalchemy import Connection, Engine, event, inspect

from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import NotificationFailed, ReminderConfig, RetryPolicy
from casework.services.ports import OutboxMessage, Recipient
from casework.services.reminders import ReminderService
from casework.testing import FixedClock

#: Cases opened on Mon 2 March 2026 get their first step due on Mon 16 March.
DUE = dt.date(2026, 3, 16)
#: 07:30 Copenhagen on the deadline: the "due" reminder (officer + centre head) is due.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)
#: 07:30 on Wed 11 March: the "before" reminder (3 hverdage ahead) is due.
BEFORE = dt.datetime(2026, 3, 11, 6, 30, tzinfo=dt.UTC)


class Recorder:
    """A channel that records what it is given and fails while ``failing`` says so."""

    name = "test"

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.failing: str | None = None
        self.permanent = False
        self.unavailable = False

    def __call__(self, _name: str) -> Self:
        return self

    def __enter__(self) -> Self:
        if self.unavailable:
            raise NotificationFailed(channel="test", detail="connection refused")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        if self.failing is not None and self.failing in message.key:
            raise NotificationFailed(
                channel="test", detail="451 try again", permanent=self.permanent
            )
        self.sent.append(message.key)


#: Stores made by a test, closed after it (on PostgreSQL they hold sending connections).
_STORES: list[SqlReminderStore] = []


@pytest.fixture(autouse=True)
def _close_stores(engine: Engine) -> Iterator[None]:
    # Depends on ``engine`` so that the stores close before the engine is disposed of.
    yield
    while _STORES:
        _STORES.pop().close()


def store_on(engine: Engine) -> SqlReminderStore:
    store = SqlReminderStore(engine)
    _STORES.append(store)
    return store


@pytest.fixture
def wall() -> FixedClock:
    """The outbox's own clock (leases, backoff, sent_at)."""
    return FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))


def open_cases(engine: Engine, config: Configuration, owners: list[str]) -> list[str]:
    services = App(
        config=config,
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    ids = []
    for owner in owners:
        case = services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Sag for {owner}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )
        assert case.due == DUE.isoformat()
        ids.append(case.id)
    return ids


def service(
    engine: Engine,
    config: Configuration,
    channel: Recorder,
    clock: FixedClock,
    worker: str = "w1",
    **settings: object,
) -> ReminderService:
    reminder_config = dataclasses.replace(ReminderConfig(channels=("test",)), **settings)  # type: ignore[arg-type]
    return ReminderService(
        config=config,
        settings=reminder_config,
        store=store_on(engine),
        channels=channel,
        clock=clock,
        worker=worker,
    )


def test_migration_creates_the_outbox_tables(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"outbox", "reminder_runs"} <= names


def test_a_sweep_sends_each_due_reminder_once_and_a_second_sweep_nothing(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    open_cases(engine, config, ["mette", "aase"])
    channel = Recorder()
    first = service(engine, config, channel, wall).sweep(now=ON_DUE)
    second = service(engine, config, channel, wall, worker="w2").sweep(now=ON_DUE)
    assert first.cases_scanned == 2
    assert (first.reminders_due, first.enqueued, first.sent) == (2, 4, 4)
    assert sorted(k.split(":")[4] for k in channel.sent) == [
        "aase",
        "birgitte",
        "henrik",
        "mette",
    ]
    assert (second.enqueued, second.skipped_already_queued, second.sent) == (0, 4, 0)
    assert len(channel.sent) == 4


def test_nothing_is_due_before_the_first_reminder_fires(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    open_cases(engine, config, ["mette"])
    report = service(engine, config, Recorder(), wall).sweep(
        now=dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    )
    assert (report.cases_scanned, report.reminders_due, report.sent) == (0, 0, 0)


def test_a_failed_send_is_retried_with_backoff_and_never_marked_sent(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    channel = Recorder()
    channel.failing = ":henrik:"
    reminders = service(engine, config, channel, wall)
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.failed) == (1, 1)
    failed = next(m for m in reminders.outbox(case_id) if m.recipient == "henrik")
    assert failed.sent_at is None
    assert failed.attempts == 1
    assert failed.status == "failed"
    assert failed.next_attempt_at == "2026-03-02T09:01:00.000000Z"  # 60 s later
    assert "451" in (failed.last_error or "")
    # Within the backoff nothing is retried; after it, the message goes out once.
    assert reminders.sweep(now=ON_DUE).sent == 0
    channel.failing = None
    wall.advance(seconds=61)
    assert reminders.sweep(now=ON_DUE).sent == 1
    assert channel.sent.count(failed.key) == 1
    assert all(m.status == "sent" for m in reminders.outbox(case_id))


def test_a_permanent_failure_gives_up_without_marking_sent(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    channel = Recorder()
    channel.failing, channel.permanent = ":mette:", True
    reminders = service(engine, config, channel, wall, retry=RetryPolicy(max_attempts=3))
    assert reminders.sweep(now=ON_DUE).gave_up == 1
    given_up = next(m for m in reminders.outbox(case_id) if m.recipient == "mette")
    assert (given_up.status, given_up.sent_at) == ("gave_up", None)


def test_an_unavailable_channel_fails_the_batch_for_a_later_retry(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    channel = Recorder()
    channel.unavailable = True
    reminders = service(engine, config, channel, wall)
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.failed) == (0, 2)
    assert {m.status for m in reminders.outbox(case_id)} == {"failed"}


def test_a_reminder_queued_before_the_case_moved_on_is_not_sent(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    channel = Recorder()
    channel.unavailable = True
    reminders = service(engine, config, channel, wall)
    reminders.sweep(now=ON_DUE)  # queued, not sent
    App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=wall).advance(
        AdvanceCase(case_id=case_id, action="indsend", actor="mette")
    )
    channel.unavailable = False
    wall.advance(seconds=120)
    report = reminders.sweep(now=ON_DUE)
    assert report.obsolete == 2
    # What went out is about the new step only (its own deadline has passed by now).
    assert channel.sent
    assert not [k for k in channel.sent if ":kladde:" in k]
    old = [m for m in reminders.outbox(case_id) if m.step == "kladde"]
    assert {m.status for m in old} == {"obsolete"}


def test_claims_are_disjoint_and_expire(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    open_cases(engine, config, ["mette", "aase", "soeren"])
    channel_down = Recorder()
    channel_down.unavailable = True
    store = store_on(engine)
    # A sweep whose channel is down leaves six messages; then their backoff passes.
    service(engine, config, channel_down, wall).sweep(now=ON_DUE)
    wall.advance(seconds=61)
    now = wall.now()
    lease = now + dt.timedelta(minutes=5)
    first = store.claim("a", now, lease, 4)
    second = store.claim("b", now, lease, 4)
    assert len(first) == 4
    assert len(second) == 2
    assert not {m.key for m in first} & {m.key for m in second}
    assert store.claim("c", now, lease, 10) == []
    # Only the holder can mark a message sent.
    assert not store.mark_sent(first[0].key, "b", now)
    assert store.mark_sent(first[0].key, "a", now)
    # Past the lease the rest can be claimed again (a sweep that died).
    later = lease + dt.timedelta(seconds=1)
    again = store.claim("c", later, later + dt.timedelta(minutes=5), 10)
    assert {m.key for m in again} == {m.key for m in first[1:]} | {m.key for m in second}


def test_enqueue_ignores_keys_already_there(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    store = store_on(engine)
    message = OutboxMessage(
        key="2026-0001:kladde:due:2026-03-16:mette:test",
        reminder_key="2026-0001:kladde:due:2026-03-16",
        case_id="2026-0001",
        step="kladde",
        kind="due",
        due="2026-03-16",
        recipient="mette",
        channel="test",
        subject="Frist i dag",
        body="…",
        fire_at="2026-03-16T06:00:00.000000Z",
        created_at="2026-03-16T06:00:00.000000Z",
        next_attempt_at="2026-03-16T06:00:00.000000Z",
    )
    assert store.enqueue([message]) == 1
    assert store.enqueue([message, dataclasses.replace(message, subject="other")]) == 0
    (stored,) = store.messages(case_id="2026-0001")
    assert stored.subject == "Frist i dag"
    # An obsolete, unsent message comes back when the reminder is due again; a sent one never.
    at = dt.datetime(2026, 3, 16, 7, 0, tzinfo=dt.UTC)
    assert store.mark_obsolete([message.key], at) == 1
    assert store.enqueue([message]) == 1
    (revived,) = store.messages(case_id="2026-0001")
    assert revived.status == "pending"
    (claimed,) = store.claim("w", at, at + dt.timedelta(minutes=5), 10)
    assert store.mark_sent(claimed.key, "w", at)
    assert store.mark_obsolete([message.key], at) == 0
    assert store.enqueue([message]) == 0


def test_fire_sends_once_and_knows_obsolete_and_not_due(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    channel = Recorder()
    reminders = service(engine, config, channel, wall)
    key = f"{case_id}:kladde:before:{DUE.isoformat()}"
    assert reminders.fire(key, now=BEFORE - dt.timedelta(days=1)) == "not_due"
    assert reminders.fire(key, now=BEFORE) == "sent"
    assert reminders.fire(key, now=BEFORE) == "already_sent"
    assert channel.sent == [f"{key}:mette:test"]
    # A run scheduled for an old date (re-planned since) does nothing.
    assert reminders.fire(f"{case_id}:kladde:before:2026-03-20", now=BEFORE) == "obsolete"
    # Once the "due" reminder's time has come, a late "before" run is superseded.
    assert reminders.fire(key, now=ON_DUE) in {"obsolete", "already_sent"}
    App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=wall).advance(
        AdvanceCase(case_id=case_id, action="indsend", actor="mette")
    )
    assert reminders.fire(f"{case_id}:kladde:due:{DUE.isoformat()}", now=ON_DUE) == "obsolete"


def test_upcoming_runs_and_overdue(engine: Engine, config: Configuration, wall: FixedClock) -> None:
    (case_id,) = open_cases(engine, config, ["mette"])
    reminders = service(engine, config, Recorder(), wall)
    upcoming = reminders.upcoming(case_id, now=BEFORE + dt.timedelta(hours=1))
    assert [(r.kind.value, r.recipients) for r in upcoming] == [
        ("due", ("mette", "henrik")),
        ("overdue", ("annelise", "rasmus", "sofie")),
    ]
    assert upcoming[0].fire_at == dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC)
    reminders.record_run(upcoming[0].key, "run-1", upcoming[0].fire_at)
    reminders.record_run(upcoming[0].key, "run-2", upcoming[0].fire_at)
    (run,) = reminders.runs_for_case(case_id)
    assert (run.key, run.flow_run_id) == (upcoming[0].key, "run-2")
    late = reminders.overdue(now=dt.datetime(2026, 3, 19, 9, 0, tzinfo=dt.UTC))
    assert [(c.case_id, c.responsible, c.workdays_overdue) for c in late] == [
        (case_id, ("mette",), 3)
    ]
    assert reminders.overdue(now=ON_DUE) == []


def test_a_claim_after_a_large_enqueue_refreshes_the_outbox_statistics(engine: Engine) -> None:
    # Without it, PostgreSQL plans the claim for the one pending row its stale statistics
    # promise and spends 35 s per claim at 200,000 pending rows (bench/scale.py, issue 21).
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    from casework.adapters.sql.outbox import ANALYZE_AFTER

    def estimated_rows() -> float:
        with engine.connect() as connection:
            return float(
                connection.exec_driver_sql(
                    "SELECT reltuples FROM pg_class WHERE relname = 'outbox'"
                ).scalar_one()
            )

    store = store_on(engine)
    at = "2026-03-16T06:00:00.000000Z"

    def message(n: int) -> OutboxMessage:
        return OutboxMessage(
            key=f"2026-{n:04d}:kladde:due:2026-03-16:mette:test",
            reminder_key=f"2026-{n:04d}:kladde:due:2026-03-16", case_id=f"2026-{n:04d}",
            step="kladde", kind="due", due="2026-03-16", recipient="mette", channel="test",
            subject="Frist i dag", body="…", fire_at=at, created_at=at, next_attempt_at=at,
        )  # fmt: skip

    messages = [message(n) for n in range(ANALYZE_AFTER + 200)]
    assert store.enqueue(messages) == len(messages)
    assert estimated_rows() < len(messages)  # never analysed since the table was created
    claimed = store.claim("w", ON_DUE, ON_DUE + dt.timedelta(minutes=5), 500)
    assert len(claimed) == 500
    assert estimated_rows() == len(messages)


def test_a_sent_mark_waits_for_the_wal_flush(
    engine: Engine, config: Configuration, wall: FixedClock
) -> None:
    # With synchronous_commit off a crash of the PostgreSQL server (pg_ctl stop -m immediate)
    # lost the "sent" marks of the WAL writer's last fraction of a second, and the sweep after
    # the recovery sent those messages again (test_scale_pg_restart.py[crash], issue 21).
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    open_cases(engine, config, ["mette"])
    store = store_on(engine)
    channel_down = Recorder()  # the sweep only enqueues; the test marks one message sent
    channel_down.unavailable = True
    service(engine, config, channel_down, wall).sweep(now=ON_DUE)
    wall.advance(seconds=61)
    at = wall.now()
    (claimed, *_) = store.claim("w", at, at + dt.timedelta(minutes=5), 10)
    marking: list[Connection] = []

    def seen(conn: Connection, _cursor: object, statement: str, *_: object) -> None:
        if statement.startswith("UPDATE outbox SET") and "sent_at=" in statement:
            marking.append(conn)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert store.mark_sent(claimed.key, "w", at)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    (connection,) = marking
    setting = connection.exec_driver_sql("SHOW synchronous_commit").scalar_one()
    assert setting in {"on", "remote_write", "remote_apply", "local"}, setting
