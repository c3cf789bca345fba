"""No reminder lost to an outage (issue 16, item 8): one attempt per message per sweep, given-up
messages requeued by ``reminders retry``, and a sweep that says what it left behind.

Before: a sweep drained the outbox until nothing was due *now*, so a sweep that ran longer than
the backoff (a slow or black-holed server, a big outbox) attempted the same failing message
again and again and burnt its whole budget within one run; a message given up stayed given up
for good. On the in-memory doubles (the SQL outbox keeps the same rules, see
``tests/integration/test_outbox.py`` and ``tests/faults/test_reminders_outage.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework.app import App
from casework.domain.access import AccessDenied, NotSignedIn
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig, RetryPolicy, UnknownReminder
from casework.services.reminders import ReminderService
from casework.testing import FixedClock, InMemoryReminderStore, InMemoryUnitOfWork, RecordingChannel

#: 07:30 Copenhagen on the deadline of cases opened on Mon 2 March 2026.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)


class TickingClock(FixedClock):
    """A wall clock that moves ten minutes on every reading: a sweep that takes hours."""

    def now(self) -> dt.datetime:
        self.instant += dt.timedelta(minutes=10)
        return self.instant


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def store(uow: InMemoryUnitOfWork) -> InMemoryReminderStore:
    return InMemoryReminderStore(uow)


def open_cases(uow: InMemoryUnitOfWork, config: Configuration, owners: list[str]) -> list[str]:
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    services = App(config=config, uow_factory=lambda: uow, clock=clock)
    return [
        services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Sag for {owner}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        ).id
        for owner in owners
    ]


def service(
    store: InMemoryReminderStore,
    config: Configuration,
    channel: RecordingChannel,
    clock: FixedClock,
    worker: str = "w1",
    **settings: object,
) -> ReminderService:
    reminder_config = dataclasses.replace(ReminderConfig(channels=("test",)), **settings)  # type: ignore[arg-type]
    return ReminderService(
        config=config,
        settings=reminder_config,
        store=store,
        channels=channel,
        clock=clock,
        worker=worker,
    )


def test_a_long_sweep_attempts_a_failing_message_once_and_leaves_it_for_a_later_sweep(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration
) -> None:
    open_cases(uow, config, ["mette", "aase", "jonas"])
    channel = RecordingChannel()
    channel.fail()
    clock = TickingClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    retry = RetryPolicy(max_attempts=3, base_seconds=60, cap_seconds=60)
    reminders = service(store, config, channel, clock, retry=retry, batch_size=2, parallel=1)
    report = reminders.sweep(now=ON_DUE)
    # Six messages, each tried once although the backoff ran out many times during the sweep.
    assert len(channel.attempts) == 6
    assert sorted(set(channel.attempts)) == sorted(channel.attempts)
    assert (report.failed, report.gave_up, report.sent) == (6, 0, 0)
    assert {(m.status, m.attempts) for m in store.outbox.values()} == {("failed", 1)}
    assert report.waiting == 6
    # The next sweep (the server is back) sends each of them once.
    channel.recover()
    again = service(store, config, channel, clock, retry=retry, worker="w2").sweep(now=ON_DUE)
    assert (again.sent, again.failed, again.waiting) == (6, 0, 0)
    assert sorted(channel.keys) == sorted(store.outbox)


def test_given_up_messages_are_requeued_by_retry_and_sent_once_by_the_next_sweep(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration
) -> None:
    open_cases(uow, config, ["mette", "aase"])
    channel = RecordingChannel()
    channel.fail()
    wall = FixedClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    retry = RetryPolicy(max_attempts=2, base_seconds=60, cap_seconds=60)
    reminders = service(store, config, channel, wall, retry=retry)
    assert reminders.sweep(now=ON_DUE).failed == 4
    wall.advance(minutes=5)
    outage = reminders.sweep(now=ON_DUE)
    assert (outage.gave_up, outage.given_up) == (4, 4)
    wall.advance(days=1)
    channel.recover()
    assert reminders.sweep(now=ON_DUE).sent == 0  # given up waits for a person's decision
    # One reminder's messages by its key, then the rest with --all.
    first = sorted(store.outbox)[0]
    reminder_key = store.outbox[first].reminder_key
    result = reminders.retry([reminder_key], actor="sofie")
    assert result.requeued == sorted(
        k for k, m in store.outbox.items() if m.reminder_key == reminder_key
    )
    assert result.not_given_up == []
    assert {(m.status, m.attempts) for k, m in store.outbox.items() if k in result.requeued} == {
        ("pending", 0)
    }
    rest = reminders.retry(None, actor="sofie")
    assert len(rest.requeued) == 2
    assert not set(rest.requeued) & set(result.requeued)
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.given_up) == (4, 0)
    assert sorted(channel.keys) == sorted(store.outbox)  # each exactly once
    # Nothing is given up any more: a second retry requeues nothing and sends nothing twice.
    assert reminders.retry(None, actor="sofie").requeued == []
    again = reminders.retry([first], actor="sofie")
    assert (again.requeued, again.not_given_up) == ([], [first])
    assert reminders.sweep(now=ON_DUE).sent == 0
    assert sorted(channel.keys) == sorted(store.outbox)


def test_retry_is_for_the_secretariat_and_refuses_what_is_not_a_key(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration
) -> None:
    reminders = service(store, config, RecordingChannel(), FixedClock())
    with pytest.raises(AccessDenied):
        reminders.retry(None, actor="mette")
    with pytest.raises(NotSignedIn):
        reminders.retry(None, actor="nobody")
    with pytest.raises(UnknownReminder):
        reminders.retry(["not-a-key"], actor="sofie")


def test_the_sweep_counts_messages_held_by_another_sweeps_lease(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration
) -> None:
    open_cases(uow, config, ["mette", "aase"])
    channel = RecordingChannel()
    channel.unavailable = True
    wall = FixedClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    reminders = service(store, config, channel, wall)
    reminders.sweep(now=ON_DUE)
    wall.advance(minutes=2)
    now = wall.now()
    store.claim("another", now, now + dt.timedelta(minutes=5), 3)
    channel.recover()
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.held, report.waiting, report.given_up) == (1, 3, 0, 0)


def test_a_channel_found_down_is_not_connected_to_again_in_the_same_sweep(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration
) -> None:
    open_cases(uow, config, ["mette", "aase", "jonas"])

    class Unreachable(RecordingChannel):
        # A server that does not answer: every connect costs a timeout (30 s by default).
        def __init__(self) -> None:
            super().__init__()
            self.connects = 0

        def __enter__(self) -> Unreachable:
            self.connects += 1
            return super().__enter__()

    channel = Unreachable()
    channel.unavailable = True
    wall = FixedClock(dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC))
    reminders = service(store, config, channel, wall, batch_size=2, parallel=1)
    report = reminders.sweep(now=ON_DUE)
    assert (report.failed, report.waiting, channel.connects) == (6, 6, 1)
    # The next sweep tries again (once), and sends everything when the server is back.
    channel.recover()
    wall.advance(minutes=2)
    assert reminders.sweep(now=ON_DUE).sent == 6
    assert channel.connects == 4  # three batches of two
