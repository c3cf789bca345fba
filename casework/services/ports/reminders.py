"""The reminders' ports and the records that cross them: the outbox store and the channels.

:class:`ReminderStore` is implemented by ``casework.adapters.sql.outbox`` and by
``casework.testing.InMemoryReminderStore``; :class:`Channel` by ``casework.adapters.notify`` and
``casework.testing.RecordingChannel``. One contract suite runs against both stores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from casework.domain.reminders import CurrentState
    from casework.domain.workflow import WorkflowDefinition


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """The columns of a case row a reminder needs; read without building a Case."""

    case_id: str
    title: str
    owner: str
    centre: str
    step: str
    workflow_id: str
    workflow_version: int
    route: str  # canonical JSON, as stored
    due: str | None
    status: str
    planned: str = "{}"  # canonical JSON, as stored
    #: canonical JSON, as stored: whether the case is a closed item (KSL § 10), and its reason
    attributes: str = "{}"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One message of a reminder: one recipient on one channel, under a unique key."""

    key: str
    reminder_key: str
    case_id: str
    step: str
    kind: str
    due: str
    recipient: str
    channel: str
    subject: str
    body: str
    fire_at: str
    created_at: str = ""
    attempts: int = 0
    next_attempt_at: str = ""
    claimed_by: str | None = None
    claim_expires_at: str | None = None
    sent_at: str | None = None
    last_error: str | None = None
    obsolete_at: str | None = None
    gave_up_at: str | None = None

    @property
    def status(self) -> str:
        """``sent``, ``obsolete``, ``gave_up``, ``failed`` (waiting for a retry) or ``pending``."""
        if self.sent_at:
            return "sent"
        if self.obsolete_at:
            return "obsolete"
        if self.gave_up_at:
            return "gave_up"
        if self.attempts:
            return "failed"
        return "pending"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form with stable keys (the body left out: it is long)."""
        data = dataclasses.asdict(self)
        del data["body"]
        data["status"] = self.status
        return data


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a message goes to, as the channels need it."""

    id: str
    name: str
    email: str | None


@dataclass(frozen=True, slots=True)
class ReminderRun:
    """The one-off flow run scheduled for a reminder."""

    key: str
    case_id: str
    flow_run_id: str
    scheduled_for: str
    created_at: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return dataclasses.asdict(self)


class ReminderStore(Protocol):
    """The outbox and what the reminders read of the cases; every call is its own short
    transaction, so a sent message is committed at once."""

    def open_deadlines(self, until: dt.date) -> Iterator[DeadlineRow]:
        """Open cases with a due date on or before ``until``, by due date, streamed."""
        ...

    def deadline(self, case_id: str) -> DeadlineRow | None:
        """One case's row (open or closed), or None."""
        ...

    def states(self, case_ids: Iterable[str]) -> dict[str, CurrentState]:
        """The current state of each of ``case_ids`` that exists."""
        ...

    def workflow(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        """A workflow version kept with the cases (for versions that left ``config/``)."""
        ...

    def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        """Insert the messages whose key is new, or revive one marked obsolete and never sent
        (a case re-planned back to the same date wants it again); the number inserted."""
        ...

    def claim(
        self,
        worker: str,
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        keys: Sequence[str] | None = None,
    ) -> list[OutboxMessage]:
        """Claim up to ``limit`` unsent messages due for an attempt and not claimed by anyone
        else (or whose claim expired), for ``worker`` until ``lease_until``; oldest attempt
        first. Concurrent claims never return the same message."""
        ...

    def due_count(self, at: dt.datetime) -> int:
        """How many messages a claim at ``at`` could take (as :meth:`claim` chooses them)."""
        ...

    def mark_sent(self, key: str, worker: str, at: dt.datetime) -> bool:
        """Record ``key`` as sent, if ``worker`` still holds its claim; whether it did."""
        ...

    def mark_failed(
        self,
        key: str,
        worker: str,
        error: str,
        next_attempt_at: dt.datetime,
        gave_up_at: dt.datetime | None,
    ) -> None:
        """Record a failed attempt (attempts + 1) and release the claim; never marks sent."""
        ...

    def mark_obsolete(self, keys: Sequence[str], at: dt.datetime) -> int:
        """Mark unsent messages obsolete; the number marked."""
        ...

    def release(self, keys: Sequence[str], worker: str) -> None:
        """Give up ``worker``'s claims on ``keys`` without an attempt."""
        ...

    def messages(
        self, *, case_id: str | None = None, reminder_key: str | None = None, limit: int = 100
    ) -> list[OutboxMessage]:
        """Outbox messages, newest first."""
        ...

    def pending_keys(self, reminder_key: str) -> list[str]:
        """The keys of the reminder's messages not yet sent, obsolete or given up."""
        ...

    def requeue(self, keys: Sequence[str] | None, at: dt.datetime) -> list[str]:
        """Make given-up messages (never sent, not obsolete) due again at ``at`` with a fresh
        budget (attempts 0); ``keys`` are outbox keys or reminder keys, None for all. The keys
        requeued; a message that is not given up is left as it is."""
        ...

    def outbox_counts(self, at: dt.datetime) -> dict[str, int]:
        """Unsent messages at ``at``: ``held`` (claimed, lease running), ``waiting`` (failed,
        due for another attempt) and ``given_up``."""
        ...

    def record_run(self, run: ReminderRun) -> None:
        """Remember (or replace) the flow run scheduled for ``run.key``."""
        ...

    def runs_for_case(self, case_id: str) -> list[ReminderRun]:
        """The runs recorded for a case's reminders, by scheduled time."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class Channel(Protocol):
    """A way to deliver a message; entered once per batch (one SMTP connection per batch)."""

    name: str

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        """Deliver ``message``; raise NotificationFailed if the channel did not accept it."""
        ...


#: A fresh channel by name (``smtp``, ``file`` …), for one batch.
ChannelFactory = Callable[[str], Channel]

__all__ = [
    "Channel",
    "ChannelFactory",
    "DeadlineRow",
    "OutboxMessage",
    "Recipient",
    "ReminderRun",
    "ReminderStore",
]
