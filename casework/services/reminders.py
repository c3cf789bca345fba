"""Use cases for reminders: the deadline sweep, one scheduled reminder, what is coming, overdue.

The sweep reads the open cases whose deadline is near or past (one index range, streamed, only
the columns it needs), asks the domain which reminder of the escalation chain is due for each,
and enqueues one outbox message per recipient and channel under a unique key (insert-or-ignore).
It then drains the outbox in batches: claim a batch with a lease, drop what became obsolete,
send through the channel, and commit ``sent_at`` for each message as soon as the channel has
accepted it. A failure is recorded with exponential backoff and never marks the message as
sent. That gives exactly-once delivery under concurrent sweeps (claims are disjoint) and under a
sweep killed midway (unsent rows are claimed again once the lease runs out), except for the one
window no outbox can close: a kill after the channel accepted a message and before our commit.
The message's identity (the e-mail ``Message-ID``, the webhook's ``Idempotency-Key``, the file
name) is derived from its key, so a repeat from that window can be recognised downstream.

No I/O here: the store and the channels are ports (``casework.services.ports.reminders``), the
clock is passed in, and the adapters live in ``casework.adapters.sql.outbox`` and
``casework.adapters.notify`` (``casework.testing`` has in-memory doubles of both).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from casework.domain.access import public_title
from casework.domain.configuration import Configuration
from casework.domain.errors import UnknownWorkflow
from casework.domain.events import format_instant
from casework.domain.organisation import Municipality
from casework.domain.reminders import (
    KIND_ORDER,
    CurrentState,
    NotificationFailed,
    NoWorkCalendar,
    Organisation,
    Reminder,
    ReminderConfig,
    ReminderKind,
    StepDeadline,
    UnknownReminder,
    due_reminders,
    is_obsolete,
    parse_key,
    reminders_for,
    render_reminder,
    sweep_horizon,
    upcoming_reminders,
    workdays_overdue,
)
from casework.domain.text_rules import plain_line
from casework.domain.workdays import CalendarRangeError, WorkCalendar
from casework.domain.workflow import CaseGraph, route_from_json
from casework.services.ports import Clock
from casework.services.ports.progress import OnProgress, Ticker
from casework.services.ports.reminders import (
    ChannelFactory,
    DeadlineRow,
    OutboxMessage,
    Recipient,
    ReminderRun,
    ReminderStore,
)


# --------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class OverdueCase:
    """An open case past its deadline, for the coordinators' board."""

    case_id: str
    title: str
    step: str
    step_title: str
    responsible: tuple[str, ...]
    due: dt.date
    workdays_overdue: int

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        data = dataclasses.asdict(self)
        data["due"] = self.due.isoformat()
        data["responsible"] = list(self.responsible)
        return data


@dataclass(slots=True)
class SweepReport:
    """What one sweep (or one fired reminder) did; counts of outbox messages unless named."""

    now: str = ""
    cases_scanned: int = 0
    reminders_due: int = 0
    enqueued: int = 0
    skipped_already_queued: int = 0
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    obsolete: int = 0
    lost_claims: int = 0
    cases_skipped: int = 0
    per_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    #: The outbox after the sweep: unsent messages claimed by another sweep (its lease), failed
    #: ones waiting for a later sweep, and all given up (waiting for ``reminders retry``).
    held: int = 0
    waiting: int = 0
    given_up: int = 0

    def count(self, channel: str, outcome: str, n: int = 1) -> None:
        """Add ``n`` to ``outcome`` (``sent``, ``failed`` …) of ``channel``."""
        counts = self.per_channel.setdefault(channel, {})
        counts[outcome] = counts.get(outcome, 0) + n

    def model_dump(self) -> dict[str, object]:
        """A JSON-ready form (named like pydantic's, which the flows use for artifacts)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class RetryResult:
    """What ``reminders retry`` did: the outbox keys requeued, and the ids asked for that had
    no given-up message (sent, obsolete, still being retried, or no such message)."""

    requeued: list[str]
    not_given_up: list[str]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "requeued": list(self.requeued),
            "count": len(self.requeued),
            "not_given_up": list(self.not_given_up),
        }


#: What :meth:`ReminderService.fire` can answer.
FIRE_OUTCOMES = ("sent", "obsolete", "already_sent", "not_due", "failed", "in_progress")


# --------------------------------------------------------------------------- the service
class ReminderService:
    """The reminder use cases over one store, the configured channels and a clock.

    Args:
        config: the loaded configuration (municipality, workflows, calendar).
        settings: ``reminders.yaml`` with the environment's overrides.
        store: the outbox and case reads.
        channels: a channel by name, fresh for each batch.
        clock: the real clock for the outbox's own bookkeeping (leases, backoff, ``sent_at``);
            the ``now`` given to :meth:`sweep` and :meth:`fire` decides only which reminders
            are due, so a sweep "as of" another instant still keeps leases in real time.
        worker: this process's name in claims (default: a random one).
    """

    def __init__(
        self,
        *,
        config: Configuration,
        settings: ReminderConfig,
        store: ReminderStore,
        channels: ChannelFactory,
        clock: Clock,
        worker: str | None = None,
    ) -> None:
        self.config = config
        self.settings = settings
        self.store = store
        self.channels = channels
        self.clock = clock
        self.worker = worker or f"sweep-{uuid.uuid4().hex[:12]}"
        self.organisation = Organisation(config.municipality, settings.policy.roles)
        self._graphs: dict[tuple[str, int, str], CaseGraph] = {}
        self._steps: dict[tuple[str, int, str, str], tuple[str, str] | None] = {}
        self._lock = threading.Lock()  # the report is shared by the sending lanes
        #: Channels found unavailable in this drain (no connection), with the error: their
        #: later batches fail at once rather than wait for another connect timeout each.
        self._down: dict[str, NotificationFailed] = {}
        #: Counts the messages this drain handled, for ``on_progress`` (None: nobody asks).
        self._ticker: Ticker | None = None

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()

    # ------------------------------------------------------------------ use cases
    def sweep(
        self,
        now: dt.datetime | None = None,
        batch_size: int | None = None,
        on_progress: OnProgress | None = None,
    ) -> SweepReport:
        """Enqueue every reminder due at ``now`` and send what the outbox holds.

        Safe to run twice at once and to rerun after a crash: see the module docstring.
        ``on_progress(done, total)`` counts the messages handled (sent, failed or found
        obsolete) of those due when sending begins, once the cases are read.
        """
        started = time.perf_counter()
        now = now or self.clock.now()
        calendar = self._calendar()
        today = calendar.local_date(now)
        report = SweepReport(now=now.isoformat())
        horizon = sweep_horizon(today, self.settings.policy, calendar)
        pending: list[OutboxMessage] = []
        for row in self.store.open_deadlines(horizon):
            report.cases_scanned += 1
            try:
                deadline = self._current_deadline(row)
                if deadline is None:
                    continue
                due = due_reminders(
                    deadline, self.settings.policy, calendar, self.organisation, now
                )
                for reminder in due:
                    report.reminders_due += 1
                    pending.extend(self._messages(reminder, deadline, today, calendar))
            except (CalendarRangeError, UnknownWorkflow, KeyError, ValueError):
                # A case the calendar does not cover, or whose workflow or step is gone, is
                # not a reason to hold back everybody else's reminders.
                report.cases_skipped += 1
            if len(pending) >= _ENQUEUE_BATCH:
                self._enqueue(pending, report)
        self._enqueue(pending, report)
        self._drain(report, batch_size or self.settings.batch_size, on_progress=on_progress)
        left = self.store.outbox_counts(self.clock.now())
        report.held, report.waiting = left.get("held", 0), left.get("waiting", 0)
        report.given_up = left.get("given_up", 0)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def retry(self, ids: Sequence[str] | None, *, actor: str) -> RetryResult:
        """Requeue given-up messages for the next sweep, with a fresh retry budget.

        ``ids`` are outbox keys (``case:step:kind:due:recipient:channel``) or reminder keys
        (all of that reminder's messages); None requeues every given-up message. A message that
        was sent, is obsolete or is still being retried is left alone (listed in
        ``not_given_up``), so a retry never sends a message twice.

        Raises:
            NotSignedIn, AccessDenied: ``actor`` is not someone of the secretariat.
            UnknownReminder: an id does not have the shape of a key; nothing is requeued.
        """
        from casework.domain import access

        access.require(self.config.municipality, actor, access.Permission.MANAGE_REMINDERS)
        wanted = None if ids is None else list(dict.fromkeys(ids))
        for key in wanted or ():
            _check_key(key)
        requeued = sorted(self.store.requeue(wanted, self.clock.now()))
        done = set(requeued)
        not_given_up = [
            key
            for key in wanted or ()
            if key not in done and not any(k.startswith(f"{key}:") for k in done)
        ]
        return RetryResult(requeued=requeued, not_given_up=not_given_up)

    def fire(self, key: str, now: dt.datetime | None = None) -> str:
        """Send one scheduled reminder if it is still wanted; the outcome (``FIRE_OUTCOMES``).

        The case is read afresh: a case that moved on, closed or was re-planned makes the
        reminder ``obsolete`` and nothing is sent; so does a later kind of the chain that is
        already due (the sweep sends that one). Messages already sent are not sent again.
        """
        return self.fire_report(key, now)[0]

    def fire_report(  # noqa: PLR0911 - one return per outcome reads best
        self, key: str, now: dt.datetime | None = None
    ) -> tuple[str, SweepReport]:
        """:meth:`fire` with the counts of what was done."""
        try:
            parsed = parse_key(key)
        except ValueError:
            raise UnknownReminder(key=key) from None
        now = now or self.clock.now()
        report = SweepReport(now=now.isoformat())
        calendar = self._calendar()
        row = self.store.deadline(parsed.case_id)
        state = _state(row) if row is not None else None
        if row is None or is_obsolete(parsed, state):
            report.obsolete += self.store.mark_obsolete(
                self.store.pending_keys(key), self.clock.now()
            )
            return "obsolete", report
        deadline = self._current_deadline(row)
        chain = (
            reminders_for(deadline, self.settings.policy, calendar, self.organisation)
            if deadline is not None
            else []
        )
        reminder = next((r for r in chain if r.key == key), None)
        later = [
            r
            for r in chain
            if KIND_ORDER.index(r.kind) > KIND_ORDER.index(parsed.kind) and r.fire_at <= now
        ]
        if reminder is None or deadline is None or later:
            report.obsolete += self.store.mark_obsolete(
                self.store.pending_keys(key), self.clock.now()
            )
            return "obsolete", report
        if reminder.fire_at > now:
            return "not_due", report
        messages = self._messages(reminder, deadline, calendar.local_date(now), calendar)
        self._enqueue(list(messages), report)
        self._drain(report, self.settings.batch_size, keys=[m.key for m in messages])
        statuses = {m.key: m.status for m in self.store.messages(reminder_key=key, limit=1000)}
        if report.failed or report.gave_up:
            return "failed", report
        if all(statuses.get(m.key) == "sent" for m in messages):
            return ("sent" if report.sent else "already_sent"), report
        if any(statuses.get(m.key) in {"failed", "gave_up"} for m in messages):
            return "failed", report
        return "in_progress", report

    def upcoming(self, case_id: str, now: dt.datetime | None = None) -> list[Reminder]:
        """The case's reminders still to fire after ``now`` (current step and planned steps),
        by firing time: what the flows schedule as one-off runs. Empty for a closed case.

        Raises:
            NotFound: no such case.
        """
        from casework.domain.errors import NotFound

        now = now or self.clock.now()
        calendar = self._calendar()
        row = self.store.deadline(case_id)
        if row is None:
            raise NotFound(case_id=case_id)
        if row.status != "open":
            return []
        deadlines: list[StepDeadline] = []
        current = self._current_deadline(row)
        if current is not None:
            deadlines.append(current)
        planned: dict[str, str] = json.loads(row.planned or "{}")
        for step, due in sorted(planned.items()):
            if step == row.step:
                continue
            found = self._deadline(row, step, dt.date.fromisoformat(due[:10]))
            if found is not None:
                deadlines.append(found)
        safe: list[StepDeadline] = []
        for deadline in deadlines:
            try:
                reminders_for(deadline, self.settings.policy, calendar, self.organisation)
            except CalendarRangeError:
                continue
            safe.append(deadline)
        return upcoming_reminders(safe, self.settings.policy, calendar, self.organisation, now)

    def record_run(self, key: str, flow_run_id: str, scheduled_for: dt.datetime | str) -> None:
        """Remember the one-off flow run scheduled for reminder ``key`` (replacing an older)."""
        try:
            parsed = parse_key(key)
        except ValueError:
            raise UnknownReminder(key=key) from None
        when = (
            format_instant(scheduled_for)
            if isinstance(scheduled_for, dt.datetime)
            else scheduled_for
        )
        self.store.record_run(
            ReminderRun(
                key=key,
                case_id=parsed.case_id,
                flow_run_id=str(flow_run_id),
                scheduled_for=when,
                created_at=format_instant(self.clock.now()),
            )
        )

    def runs_for_case(self, case_id: str) -> list[ReminderRun]:
        """The one-off runs recorded for the case's reminders."""
        return self.store.runs_for_case(case_id)

    def overdue(self, now: dt.datetime | None = None) -> list[OverdueCase]:
        """Open cases past their deadline, most overdue first, with hverdage overdue."""
        now = now or self.clock.now()
        calendar = self._calendar()
        today = calendar.local_date(now)
        found: list[OverdueCase] = []
        for row in self.store.open_deadlines(today - dt.timedelta(days=1)):
            deadline = self._current_deadline(row)
            if deadline is None:
                continue
            try:
                late = workdays_overdue(deadline.due, today, calendar)
            except CalendarRangeError:
                late = (today - deadline.due).days
            found.append(
                OverdueCase(
                    case_id=row.case_id,
                    title=row.title,
                    step=row.step,
                    step_title=deadline.step_title,
                    responsible=deadline.responsible,
                    due=deadline.due,
                    workdays_overdue=late,
                )
            )
        return sorted(found, key=lambda c: (c.due, c.case_id))

    def outbox(self, case_id: str | None = None, limit: int = 100) -> list[OutboxMessage]:
        """The outbox's messages, newest first (one case's when ``case_id`` is given)."""
        return self.store.messages(case_id=case_id, limit=limit)

    # ------------------------------------------------------------------ internals
    def _calendar(self) -> WorkCalendar:
        calendar = self.config.work_calendar
        if calendar is None or calendar.zone is None:
            raise NoWorkCalendar()
        return calendar

    def _current_deadline(self, row: DeadlineRow) -> StepDeadline | None:
        if row.due is None:
            return None
        return self._deadline(row, row.step, dt.date.fromisoformat(row.due[:10]))

    def _deadline(self, row: DeadlineRow, step: str, due: dt.date) -> StepDeadline | None:
        info = self._step_info(row, step)
        if info is None:
            return None
        role, step_title = info
        return StepDeadline(
            case_id=row.case_id,
            # What the e-mail may say: a closed item (KSL § 10) by its public agenda heading
            # only, as the public agenda names it; any title on one line (a header).
            title=plain_line(public_title(row.title, json.loads(row.attributes))),
            step=step,
            due=due,
            centre=row.centre,
            responsible=self._responsible(role, row.owner, row.centre),
            step_title=step_title,
        )

    def _step_info(self, row: DeadlineRow, step: str) -> tuple[str, str] | None:
        # Tens of thousands of cases share a few hundred (workflow, route, step) combinations:
        # expand each graph once and remember the step's role and title.
        cache_key = (row.workflow_id, row.workflow_version, row.route, step)
        if cache_key not in self._steps:
            graph = self._graph(row)
            node = graph.steps.get(step)
            if node is None:
                self._steps[cache_key] = None
            else:
                title = node.step.label(self.settings.lang)
                if node.body is not None:
                    body = self.config.municipality.bodies.get(node.body)
                    title += f" ({body.short if body else node.body})"
                self._steps[cache_key] = (node.step.role, title)
        return self._steps[cache_key]

    def _graph(self, row: DeadlineRow) -> CaseGraph:
        key = (row.workflow_id, row.workflow_version, row.route)
        graph = self._graphs.get(key)
        if graph is None:
            try:
                definition = self.config.workflow(row.workflow_id, row.workflow_version)
            except UnknownWorkflow:
                kept = self.store.workflow(row.workflow_id, row.workflow_version)
                if kept is None:
                    raise
                definition = kept
            graph = definition.expand(route_from_json(json.loads(row.route)))
            self._graphs[key] = graph
        return graph

    def _responsible(self, role: str, owner: str, centre: str) -> tuple[str, ...]:
        # As domain.case.responsible_people: the owner for their own role's steps, else the
        # role's holders in the case's centre.
        person = self.config.municipality.people.get(owner)
        if person is not None and role in person.roles:
            return (owner,)
        return self.organisation.holders(role, centre)

    def _messages(
        self, reminder: Reminder, deadline: StepDeadline, today: dt.date, calendar: WorkCalendar
    ) -> list[OutboxMessage]:
        municipality: Municipality = self.config.municipality
        if reminder.kind is ReminderKind.OVERDUE or today > reminder.due:
            days = workdays_overdue(reminder.due, today, calendar)
        elif today < reminder.due:
            days = calendar.count_hverdage(today, reminder.due)
        else:
            days = 0
        created = format_instant(self.clock.now())
        fire_at = format_instant(reminder.fire_at)
        messages: list[OutboxMessage] = []
        for person_id in reminder.recipients:
            person = municipality.people.get(person_id)
            text = render_reminder(
                reminder,
                recipient=person_id,
                recipient_name=person.name if person else person_id,
                responsible=deadline.responsible,
                days=days,
                base_url=self.settings.base_url,
                sender=f"{self.settings.sender_name} – {municipality.name}",
                lang=self.settings.lang,
                today=today,
            )
            for channel in self.settings.channels:
                messages.append(
                    OutboxMessage(
                        key=f"{reminder.key}:{person_id}:{channel}",
                        reminder_key=reminder.key,
                        case_id=reminder.case_id,
                        step=reminder.step,
                        kind=reminder.kind.value,
                        due=reminder.due.isoformat(),
                        recipient=person_id,
                        channel=channel,
                        subject=text.subject,
                        body=text.body,
                        fire_at=fire_at,
                        created_at=created,
                        next_attempt_at=created,
                    )
                )
        return messages

    def _enqueue(self, pending: list[OutboxMessage], report: SweepReport) -> None:
        if not pending:
            return
        inserted = self.store.enqueue(pending)
        report.enqueued += inserted
        report.skipped_already_queued += len(pending) - inserted
        pending.clear()

    def _recipient(self, person_id: str) -> Recipient:
        person = self.config.municipality.people.get(person_id)
        if person is None:
            return Recipient(person_id, person_id, None)
        return Recipient(person.id, person.name, person.email)

    def _drain(
        self,
        report: SweepReport,
        batch_size: int,
        keys: Sequence[str] | None = None,
        on_progress: OnProgress | None = None,
    ) -> None:
        """Claim, check and send batches until nothing is left to attempt now."""
        # Only what was due when the drain began: a message that fails now waits for its
        # backoff *and* a later sweep, so a long sweep (a slow or black-holed server, a big
        # outbox) never burns a message's whole budget in one run (issue 16).
        began = self.clock.now()
        self._down.clear()
        if on_progress is not None:
            self._ticker = Ticker(on_progress, self.store.due_count(began))
            self._ticker.start()
        try:
            self._drain_from(report, batch_size, keys, began)
        finally:
            if self._ticker is not None:
                self._ticker.finish()
                self._ticker = None

    def _drain_from(
        self,
        report: SweepReport,
        batch_size: int,
        keys: Sequence[str] | None,
        began: dt.datetime,
    ) -> None:
        lease = dt.timedelta(seconds=self.settings.lease_seconds)
        while True:
            claimed_at = self.clock.now()
            # Stop sending well before the lease runs out: past it another sweep may claim the
            # same rows, and only the claim keeps two senders apart.
            deadline = time.monotonic() + self.settings.lease_seconds * 0.8
            batch = self.store.claim(self.worker, began, claimed_at + lease, batch_size, keys=keys)
            if not batch:
                return
            states = self.store.states({m.case_id for m in batch})
            stale = [m for m in batch if is_obsolete(m.reminder_key, states.get(m.case_id))]
            if stale:
                report.obsolete += self.store.mark_obsolete(
                    [m.key for m in stale], self.clock.now()
                )
                self._handled(len(stale))
            stale_keys = {m.key for m in stale}
            live = [m for m in batch if m.key not in stale_keys]
            by_channel: dict[str, list[OutboxMessage]] = {}
            for message in live:
                by_channel.setdefault(message.channel, []).append(message)
            for name, messages in by_channel.items():
                if not self._send_lanes(name, messages, report, deadline):
                    return  # out of lease time: what is left was released for the next run

    def _send_lanes(
        self, name: str, messages: list[OutboxMessage], report: SweepReport, deadline: float
    ) -> bool:
        # A message costs a few round trips to the mail server, mostly spent waiting; a few
        # connections side by side (``delivery.parallel``) keep both ends busy. Each lane has
        # its own channel (SMTP connection) and commits each message as it goes.
        lanes = max(1, min(self.settings.parallel, len(messages)))
        if lanes == 1:
            return self._send_all(name, messages, report, deadline)
        with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="reminders") as pool:
            done = pool.map(
                lambda lane: self._send_all(name, lane, report, deadline),
                [messages[i::lanes] for i in range(lanes)],
            )
            return all(list(done))

    def _send_all(
        self, name: str, messages: list[OutboxMessage], report: SweepReport, deadline: float
    ) -> bool:
        done = 0
        down = self._down.get(name)
        if down is not None:
            for message in messages:
                self._failed(message, down, report)
            return True
        try:
            with self.channels(name) as channel:
                for message in messages:
                    if time.monotonic() > deadline:
                        self.store.release([m.key for m in messages[done:]], self.worker)
                        return False
                    try:
                        channel.send(message, self._recipient(message.recipient))
                    except NotificationFailed as exc:
                        self._failed(message, exc, report)
                    else:
                        marked = self.store.mark_sent(message.key, self.worker, self.clock.now())
                        with self._lock:
                            if marked:
                                report.sent += 1
                                report.count(name, "sent")
                            else:
                                report.lost_claims += 1
                            self._handled()
                    done += 1
        except NotificationFailed as exc:
            # The channel itself is unavailable (no SMTP connection, unknown channel): every
            # message not yet attempted fails this round and waits for its backoff and the next
            # sweep, and so do the channel's messages in this sweep's later batches.
            self._down[name] = exc
            for message in messages[done:]:
                self._failed(message, exc, report)
        return True

    def _failed(self, message: OutboxMessage, exc: NotificationFailed, report: SweepReport) -> None:
        now = self.clock.now()
        attempts = message.attempts + 1
        retry = self.settings.retry
        give_up = exc.permanent or attempts >= retry.max_attempts
        self.store.mark_failed(
            message.key,
            self.worker,
            exc.message("en")[:500],
            now + retry.delay(attempts),
            now if give_up else None,
        )
        with self._lock:
            if give_up:
                report.gave_up += 1
                report.count(message.channel, "gave_up")
            else:
                report.failed += 1
                report.count(message.channel, "failed")
            self._handled()

    def _handled(self, count: int = 1) -> None:
        """``count`` more messages were handled (called under the lock by the lanes)."""
        if self._ticker is not None:
            self._ticker.add(count)


#: Messages gathered before one insert round trip.
_ENQUEUE_BATCH = 1000


def _check_key(key: str) -> None:
    """Refuse what is neither a reminder key nor an outbox key (a reminder key, recipient and
    channel)."""
    head, *tail = key.rsplit(":", 2) if key.count(":") == 5 else (key,)
    try:
        parse_key(head)
    except ValueError:
        raise UnknownReminder(key=key) from None
    if not all(tail):
        raise UnknownReminder(key=key)


def _state(row: DeadlineRow) -> CurrentState:
    return CurrentState(
        open=row.status == "open",
        step=row.step,
        due=dt.date.fromisoformat(row.due[:10]) if row.due else None,
    )


__all__ = [
    "FIRE_OUTCOMES",
    "OverdueCase",
    "ReminderService",
    "RetryResult",
    "SweepReport",
]
