"""The reminder use cases on the shipped doubles: sweep, claim, obsolete, backoff, exactly once.

``casework.testing.InMemoryReminderStore`` over an in-memory unit of work and a
``RecordingChannel``: no SQL and no SMTP. The store keeps the SQL outbox's rules (the contract
suite in ``tests/integration/test_reminder_store_contract.py`` holds both to them), so what is
shown here holds on the real store; the SQL specifics are in ``tests/integration/test_outbox.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter

import pytest

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import NotFound
from casework.domain.reminders import ReminderConfig, RetryPolicy, UnknownReminder
from casework.services.reminders import ReminderService
from casework.testing import (
    FixedClock,
    InMemoryReminderStore,
    InMemoryUnitOfWork,
    RecordingChannel,
    deadline_row,
)

#: Cases opened on Mon 2 March 2026 get their first step due on Mon 16 March.
DUE = dt.date(2026, 3, 16)
#: 07:30 Copenhagen on the deadline: the "due" reminder (officer + centre head) is due.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)
#: 07:30 on Wed 11 March: the "before" reminder (3 hverdage ahead) is due.
BEFORE = dt.datetime(2026, 3, 11, 6, 30, tzinfo=dt.UTC)


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def store(uow: InMemoryUnitOfWork) -> InMemoryReminderStore:
    return InMemoryReminderStore(uow)


@pytest.fixture
def wall() -> FixedClock:
    """The outbox's own clock (leases, backoff, sent_at)."""
    return FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))


def app(uow: InMemoryUnitOfWork, config: Configuration, clock: FixedClock) -> App:
    return App(config=config, uow_factory=lambda: uow, clock=clock)


def open_cases(uow: InMemoryUnitOfWork, config: Configuration, owners: list[str]) -> list[str]:
    services = app(uow, config, FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)))
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


# --------------------------------------------------------------------------- the sweep
def test_a_sweep_sends_each_due_reminder_once_and_a_second_sweep_nothing(
    uow: InMemoryUnitOfWork,
    store: InMemoryReminderStore,
    config: Configuration,
    wall: FixedClock,
) -> None:
    open_cases(uow, config, ["mette", "aase"])
    channel = RecordingChannel()
    first = service(store, config, channel, wall).sweep(now=ON_DUE)
    second = service(store, config, channel, wall, worker="w2").sweep(now=ON_DUE)
    assert (first.cases_scanned, first.reminders_due, first.enqueued, first.sent) == (2, 2, 4, 4)
    assert sorted(recipient.id for _, recipient in channel.sent) == [
        "aase",
        "birgitte",
        "henrik",
        "mette",
    ]
    # The recipient's name and address come from the configuration.
    assert all(recipient.name and recipient.email for _, recipient in channel.sent)
    assert (second.enqueued, second.skipped_already_queued, second.sent) == (0, 4, 0)
    assert len(channel.sent) == 4
    assert {m.status for m in store.outbox.values()} == {"sent"}
    assert first.per_channel == {"test": {"sent": 4}}


def test_nothing_is_due_before_the_first_reminder_fires(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    open_cases(uow, config, ["mette"])
    report = service(store, config, RecordingChannel(), wall).sweep(
        now=dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    )
    assert (report.cases_scanned, report.reminders_due, report.sent) == (0, 0, 0)
    assert store.outbox == {}


def test_a_case_whose_workflow_is_gone_is_skipped_and_the_others_still_go_out(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    row = deadline_row(uow.store.cases[case_id])
    store.put(dataclasses.replace(row, case_id="2026-9999", workflow_id="nedlagt"))
    channel = RecordingChannel()
    report = service(store, config, channel, wall).sweep(now=ON_DUE)
    assert (report.cases_scanned, report.cases_skipped, report.sent) == (2, 1, 2)
    assert {m.case_id for m, _ in channel.sent} == {case_id}


# --------------------------------------------------------------------------- failures
def test_a_failed_send_is_retried_after_its_backoff_and_never_marked_sent(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.fail(":henrik:")
    reminders = service(store, config, channel, wall)
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.failed) == (1, 1)
    failed = next(m for m in reminders.outbox(case_id) if m.recipient == "henrik")
    assert (failed.status, failed.sent_at, failed.attempts) == ("failed", None, 1)
    assert failed.next_attempt_at == "2026-03-02T09:01:00.000000Z"  # 60 s later
    assert "451" in (failed.last_error or "")
    assert failed.claimed_by is None
    # Within the backoff nothing is attempted; after it, the message goes out once.
    assert reminders.sweep(now=ON_DUE).sent == 0
    assert channel.attempts.count(failed.key) == 1
    channel.recover()
    wall.advance(seconds=61)
    assert reminders.sweep(now=ON_DUE).sent == 1
    assert channel.keys.count(failed.key) == 1
    assert {m.status for m in reminders.outbox(case_id)} == {"sent"}


def test_the_backoff_grows_and_the_last_attempt_gives_up(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.fail(":mette:")
    retry = RetryPolicy(max_attempts=3)
    reminders = service(store, config, channel, wall, retry=retry)
    waits = []
    for attempt in (1, 2):
        report = reminders.sweep(now=ON_DUE)
        assert (report.failed, report.gave_up) == (1, 0)
        message = next(m for m in reminders.outbox(case_id) if m.recipient == "mette")
        assert message.attempts == attempt
        waits.append(retry.delay(attempt))
        wall.advance(seconds=retry.delay(attempt).total_seconds() + 1)
    assert waits[1] > waits[0]
    assert reminders.sweep(now=ON_DUE).gave_up == 1
    given_up = next(m for m in reminders.outbox(case_id) if m.recipient == "mette")
    assert (given_up.status, given_up.sent_at, given_up.attempts) == ("gave_up", None, 3)
    wall.advance(days=1)
    channel.recover()
    assert reminders.sweep(now=ON_DUE).sent == 0  # given up is final
    assert given_up.key not in channel.keys


def test_a_permanent_failure_gives_up_at_once(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.fail(":mette:", permanent=True)
    reminders = service(store, config, channel, wall, retry=RetryPolicy(max_attempts=5))
    report = reminders.sweep(now=ON_DUE)
    assert (report.gave_up, report.sent) == (1, 1)
    given_up = next(m for m in reminders.outbox(case_id) if m.recipient == "mette")
    assert (given_up.status, given_up.attempts) == ("gave_up", 1)


def test_an_unavailable_channel_fails_the_batch_for_a_later_retry(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.unavailable = True
    reminders = service(store, config, channel, wall)
    report = reminders.sweep(now=ON_DUE)
    assert (report.sent, report.failed) == (0, 2)
    assert {m.status for m in reminders.outbox(case_id)} == {"failed"}
    channel.recover()
    wall.advance(seconds=61)
    assert reminders.sweep(now=ON_DUE).sent == 2


# --------------------------------------------------------------------------- obsolete
def test_a_reminder_queued_before_the_case_moved_on_is_not_sent(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.unavailable = True
    reminders = service(store, config, channel, wall)
    reminders.sweep(now=ON_DUE)  # queued, not sent
    app(uow, config, wall).advance(AdvanceCase(case_id=case_id, action="indsend", actor="mette"))
    channel.recover()
    wall.advance(seconds=120)
    report = reminders.sweep(now=ON_DUE)
    assert report.obsolete == 2
    assert channel.sent  # about the new step only
    assert not [k for k in channel.keys if ":kladde:" in k]
    old = [m for m in reminders.outbox(case_id) if m.step == "kladde"]
    assert {m.status for m in old} == {"obsolete"}


def test_a_closed_case_gets_no_reminder(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    row = deadline_row(uow.store.cases[case_id])
    store.put(dataclasses.replace(row, status="closed"))
    channel = RecordingChannel()
    report = service(store, config, channel, wall).sweep(now=ON_DUE)
    assert (report.cases_scanned, report.sent) == (0, 0)
    assert reminders_of(store, case_id) == []


def reminders_of(store: InMemoryReminderStore, case_id: str) -> list[str]:
    return sorted(m.key for m in store.outbox.values() if m.case_id == case_id)


# --------------------------------------------------------------------------- exactly once
def test_two_sweeps_at_once_send_every_message_exactly_once(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    open_cases(uow, config, ["mette"] * 12 + ["aase"] * 12)
    channel = RecordingChannel()
    sweeps = [
        service(store, config, channel, wall, worker=f"w{n}", batch_size=5, parallel=3)
        for n in range(2)
    ]
    start = threading.Barrier(len(sweeps))
    reports = []

    def run(reminders: ReminderService) -> None:
        start.wait()
        reports.append(reminders.sweep(now=ON_DUE))

    threads = [threading.Thread(target=run, args=(s,)) for s in sweeps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(reports) == 2
    assert len(store.outbox) == 48  # 24 cases, officer and centre head
    assert Counter(channel.keys) == Counter(dict.fromkeys(store.outbox, 1))
    assert sum(r.sent for r in reports) == 48
    assert sum(r.enqueued for r in reports) == 48


def test_a_sweep_that_died_holding_claims_is_finished_after_its_lease(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    open_cases(uow, config, ["mette", "aase"])
    channel = RecordingChannel()
    channel.unavailable = True
    reminders = service(store, config, channel, wall, lease_seconds=300.0)
    reminders.sweep(now=ON_DUE)  # four messages queued, waiting for their backoff
    wall.advance(seconds=61)
    now = wall.now()
    died = store.claim("died", now, now + dt.timedelta(seconds=300), 3)
    assert len(died) == 3
    channel.recover()
    # While the dead sweep's lease runs, only the unclaimed message goes.
    assert reminders.sweep(now=ON_DUE).sent == 1
    wall.advance(seconds=301)
    assert reminders.sweep(now=ON_DUE).sent == 3
    assert Counter(channel.keys) == Counter(dict.fromkeys(store.outbox, 1))


def test_a_message_whose_claim_was_lost_is_counted_not_marked_sent(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])

    class Stealing(RecordingChannel):
        # Another sweep takes over while this one sends (its lease ran out unnoticed).
        def send(self, message, recipient):  # type: ignore[no-untyped-def]
            store.release([message.key], "w1")
            store.claim("w2", wall.now(), wall.now() + dt.timedelta(minutes=5), 10, [message.key])
            super().send(message, recipient)

    report = service(store, config, Stealing(), wall, parallel=1).sweep(now=ON_DUE)
    assert (report.sent, report.lost_claims) == (0, 2)
    assert {m.claimed_by for m in store.messages(case_id=case_id)} == {"w2"}
    assert {m.sent_at for m in store.messages(case_id=case_id)} == {None}


# --------------------------------------------------------------------------- one reminder
def test_fire_sends_once_and_knows_obsolete_and_not_due(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    reminders = service(store, config, channel, wall)
    key = f"{case_id}:kladde:before:{DUE.isoformat()}"
    assert reminders.fire(key, now=BEFORE - dt.timedelta(days=1)) == "not_due"
    assert reminders.fire(key, now=BEFORE) == "sent"
    assert reminders.fire(key, now=BEFORE) == "already_sent"
    assert channel.keys == [f"{key}:mette:test"]
    assert reminders.fire(f"{case_id}:kladde:before:2026-03-20", now=BEFORE) == "obsolete"
    app(uow, config, wall).advance(AdvanceCase(case_id=case_id, action="indsend", actor="mette"))
    assert reminders.fire(f"{case_id}:kladde:due:{DUE.isoformat()}", now=ON_DUE) == "obsolete"
    with pytest.raises(UnknownReminder):
        reminders.fire("not-a-key")


def test_a_failing_fire_says_so_and_leaves_the_message_for_a_retry(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    channel.fail()
    reminders = service(store, config, channel, wall)
    key = f"{case_id}:kladde:before:{DUE.isoformat()}"
    assert reminders.fire(key, now=BEFORE) == "failed"
    assert store.pending_keys(key) == [f"{key}:mette:test"]


# --------------------------------------------------------------------------- what is coming
def test_upcoming_runs_and_overdue(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    (case_id,) = open_cases(uow, config, ["mette"])
    reminders = service(store, config, RecordingChannel(), wall)
    upcoming = reminders.upcoming(case_id, now=BEFORE + dt.timedelta(hours=1))
    assert [(r.kind.value, r.recipients) for r in upcoming] == [
        ("due", ("mette", "henrik")),
        ("overdue", ("annelise", "rasmus", "sofie")),
    ]
    reminders.record_run(upcoming[0].key, "run-1", upcoming[0].fire_at)
    reminders.record_run(upcoming[0].key, "run-2", upcoming[0].fire_at)
    (run,) = reminders.runs_for_case(case_id)
    assert (run.key, run.flow_run_id) == (upcoming[0].key, "run-2")
    late = reminders.overdue(now=dt.datetime(2026, 3, 19, 9, 0, tzinfo=dt.UTC))
    assert [(c.case_id, c.responsible, c.workdays_overdue) for c in late] == [
        (case_id, ("mette",), 3)
    ]
    assert reminders.overdue(now=ON_DUE) == []
    with pytest.raises(NotFound):
        reminders.upcoming("2026-9999")


def test_close_releases_the_store(store: InMemoryReminderStore, config: Configuration) -> None:
    service(store, config, RecordingChannel(), FixedClock()).close()
    assert store.closed


# ------------------------------------------------------------------------ the organisation's line
def _at_seven_thirty(day: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    local = dt.datetime.fromisoformat(f"{day[:10]}T07:30").replace(
        tzinfo=ZoneInfo("Europe/Copenhagen")
    )
    return local.astimezone(dt.UTC)


def _advanced(
    uow: InMemoryUnitOfWork, config: Configuration, wall: FixedClock, steps: list[tuple[str, str]]
) -> tuple[str, str]:
    (case_id,) = open_cases(uow, config, ["mette"])
    services = app(uow, config, FixedClock(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)))
    for action, actor in steps:
        services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    case = uow.store.cases[case_id]
    due = deadline_row(case).due
    assert due is not None
    return case_id, due


def test_a_directors_step_escalates_to_the_municipal_director(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    case_id, due = _advanced(uow, config, wall, [("indsend", "mette"), ("godkend", "henrik")])
    assert uow.store.cases[case_id].step == "direktoer_godkendelse"
    channel = RecordingChannel()
    service(store, config, channel, wall).sweep(now=_at_seven_thirty(due))
    # Anne-Lise directs the case's centre; her superior is Kirsten (municipal director), not
    # Henrik, the case's centre head, whose own step this is not.
    assert sorted(recipient.id for _, recipient in channel.sent) == ["annelise", "kirsten"]


def test_the_secretariats_step_escalates_to_its_head(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    steps = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise")]
    case_id, due = _advanced(uow, config, wall, steps)
    assert uow.store.cases[case_id].step == "kvalitetssikring"
    channel = RecordingChannel()
    service(store, config, channel, wall).sweep(now=_at_seven_thirty(due))
    assert sorted(recipient.id for _, recipient in channel.sent) == ["mads", "rasmus", "sofie"]


def test_a_due_reminder_sent_late_never_says_today(
    uow: InMemoryUnitOfWork, store: InMemoryReminderStore, config: Configuration, wall: FixedClock
) -> None:
    open_cases(uow, config, ["mette"])
    channel = RecordingChannel()
    # The sweep first runs on Tue 17 March, the hverdag after the deadline (Mon 16 March),
    # before the overdue reminder fires (Wed 18 March): the due reminder goes out late.
    service(store, config, channel, wall).sweep(now=_at_seven_thirty("2026-03-17"))
    bodies = [m.body for m in store.outbox.values()]
    assert bodies
    for body in bodies:
        assert "i dag" not in body
        assert "Fristen var mandag den 16. marts 2026 og er overskredet med 1 hverdag." in body
