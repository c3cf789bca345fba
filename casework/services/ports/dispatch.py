"""The bus's port: the outbox of committed events per handler, and the change feed it gives.

Implemented by ``casework.adapters.sql.dispatch`` and by ``casework.testing`` (the in-memory
unit of work carries one); ``casework.services.bus`` is its only user in the service layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from casework.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Dispatch:
    """One committed event handed to one handler: a row of the bus's outbox (``event_dispatch``).

    Instants are fixed-width UTC text (:func:`~casework.domain.events.format_instant`). A row is
    pending until ``done_at`` is set; a pending row with attempts behind it has failed (the
    error in ``last_error``) and is retried from ``next_attempt_at``, or never again when that is
    None (given up: it stays listed until someone looks).
    """

    id: int
    case_id: str
    seq: int
    kind: str
    handler: str
    created_at: str
    attempts: int = 0
    next_attempt_at: str | None = None
    done_at: str | None = None
    last_error: str | None = None

    @property
    def failed(self) -> bool:
        """True for a pending row whose handler has failed at least once."""
        return self.done_at is None and self.attempts > 0


class DispatchOutbox(Protocol):
    """The bus's outbox: one row per (committed event, subscribed handler), in the unit of work's
    transaction, so a handler hears of exactly the events that were committed."""

    def append(
        self, rows: Sequence[tuple[str, int, str, str]], at: str, *, done: bool = False
    ) -> None:
        """Add a row per (case id, seq, kind, handler), created at ``at`` and due then (or done
        then, for a feed); a row that exists already is kept as it is."""
        ...

    def find(self, case_id: str, seq: int, handler: str) -> Dispatch | None:
        """The row of that event and handler, if there is one."""
        ...

    def claim(self, dispatch_id: int, at: str) -> bool:
        """Mark the row done at ``at`` if it is still pending; False if it was done already.

        Called in the handler's own unit of work, so the mark and the handler's writes are
        committed together: a handler's effect happens once per row, even when two dispatchers
        race (the loser finds the row done and rolls back).
        """
        ...

    def record_failure(self, dispatch_id: int, error: str, next_attempt_at: str | None) -> None:
        """Count a failed attempt, keep its error text and when to try again (None: give up)."""
        ...

    def due(self, now: str, limit: int) -> list[Dispatch]:
        """Pending rows whose next attempt is at or before ``now``, oldest first."""
        ...

    def pending(self, limit: int) -> list[Dispatch]:
        """Every row not done (waiting, failing or given up), oldest first."""
        ...

    def changes(self, handler: str, after: int, limit: int) -> list[tuple[int, str]]:
        """(row id, case id) of ``handler``'s rows with an id above ``after``, by id: the change
        feed of the cases whose events that handler was given."""
        ...

    def last_id(self) -> int:
        """The highest row id so far (0 when there is none)."""
        ...

    def cursor(self, name: str) -> int | None:
        """How far consumer ``name`` has read the change feed; None before its first run."""
        ...

    def move_cursor(self, name: str, position: int, at: str) -> None:
        """Remember that consumer ``name`` has read the feed up to ``position``."""
        ...


class OutboxUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the bus's outbox, in the same transaction."""

    dispatches: DispatchOutbox


__all__ = ["Dispatch", "DispatchOutbox", "OutboxUnitOfWork"]
