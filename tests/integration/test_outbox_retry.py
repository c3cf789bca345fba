"""Retries over time on the SQL outbox (SQLite and PostgreSQL): one attempt per message per
sweep, given-up messages requeued by ``retry`` and sent once, and the sweep's account of what
it left behind (issue 16, item 8). The same scenarios on the in-memory doubles are in
``tests/unit/test_reminders_retry.py``; with processes and a real SMTP server in
``tests/faults/test_reminders_outage.py``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from casework.adapters.sql.outbox import SqlReminderStore
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig, RetryPolicy
from casework.services.reminders import ReminderService
from casework.testing import FixedClock, RecordingChannel

ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)


class TickingClock(FixedClock):
    """Ten minutes pass on every reading: a sweep that takes hours."""

    def now(self) -> dt.datetime:
        self.instant += dt.timedelta(minutes=10)
        return self.instant


def _seed(engine: Engine, config: Configuration, owners: list[str]) -> None:
    services = App(
        config=config,
        uow_factory=lambda: SqlUnitOfWork(engine),
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    for owner in owners:
        services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Sag for {owner}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )


def _service(
    engine: Engine, config: Configuration, channel: RecordingChannel, clock: FixedClock
) -> ReminderService:
    return ReminderService(
        config=config,
        settings=ReminderConfig(
            channels=("test",),
            batch_size=2,
            parallel=1,
            retry=RetryPolicy(max_attempts=2, base_seconds=60, cap_seconds=60),
        ),
        store=SqlReminderStore(engine),
        channels=channel,
        clock=clock,
        worker="w1",
    )


def test_an_outage_gives_up_and_retry_sends_each_message_once(
    engine: Engine, config: Configuration
) -> None:
    _seed(engine, config, ["mette", "aase", "jonas"])
    channel = RecordingChannel()
    channel.fail()
    clock = TickingClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    reminders = _service(engine, config, channel, clock)
    try:
        first = reminders.sweep(now=ON_DUE)
        # a long sweep: one attempt each, however often the backoff ran out meanwhile
        assert (first.failed, first.gave_up, first.waiting, len(channel.attempts)) == (6, 0, 6, 6)
        second = reminders.sweep(now=ON_DUE)
        assert (second.gave_up, second.given_up, second.waiting) == (6, 6, 0)
        channel.recover()
        assert reminders.sweep(now=ON_DUE).sent == 0
        key = sorted(m.key for m in reminders.outbox())[0]
        reminder_key = key.rsplit(":", 2)[0]
        some = reminders.retry([reminder_key, "2026-0099:kladde:due:2026-03-16"], actor="sofie")
        assert all(k.startswith(reminder_key + ":") for k in some.requeued)
        assert some.requeued and some.not_given_up == ["2026-0099:kladde:due:2026-03-16"]
        rest = reminders.retry(None, actor="sofie")
        assert len(some.requeued) + len(rest.requeued) == 6
        third = reminders.sweep(now=ON_DUE)
        assert (third.sent, third.given_up, third.waiting, third.held) == (6, 0, 0, 0)
        assert reminders.retry(None, actor="rasmus").requeued == []
        assert reminders.sweep(now=ON_DUE).sent == 0
        assert sorted(channel.keys) == sorted(m.key for m in reminders.outbox())
    finally:
        reminders.close()


def test_the_sweep_counts_what_another_sweep_holds(engine: Engine, config: Configuration) -> None:
    _seed(engine, config, ["mette", "aase"])
    channel = RecordingChannel()
    channel.unavailable = True
    wall = FixedClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    reminders = _service(engine, config, channel, wall)
    try:
        reminders.sweep(now=ON_DUE)
        wall.advance(minutes=2)
        now = wall.now()
        assert len(reminders.store.claim("other", now, now + dt.timedelta(minutes=5), 3)) == 3
        channel.recover()
        report = reminders.sweep(now=ON_DUE)
        assert (report.sent, report.held, report.waiting, report.given_up) == (1, 3, 0, 0)
    finally:
        reminders.close()
