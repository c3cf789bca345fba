"""The port of the task committees' work (issue 20): each committee's hash-chained events.

A unit of work that keeps task committees carries a ``task_committees`` store beside ``cases``,
in the same transaction, so the recommendation case and the event naming it commit together.
"""

from __future__ import annotations

from typing import Protocol

from casework.domain.task_committee import CommitteeChanged, CommitteeEvent


class CommitteeStore(Protocol):
    """A committee's events; the only way the services read or write them."""

    def events(self, committee: str) -> list[CommitteeEvent]:
        """The committee's events in sequence order (empty when none are recorded)."""
        ...

    def append(self, event: CommitteeEvent) -> None:
        """Write ``event``; CommitteeChanged when its sequence number is taken already."""
        ...

    def committees(self) -> list[str]:
        """Every committee with events, in order (for the audit)."""
        ...


class MemoryCommitteeStore:
    """Events in a dict: the store of a unit of work without one (the in-memory fake)."""

    def __init__(self) -> None:
        self.stored: dict[str, list[CommitteeEvent]] = {}

    def events(self, committee: str) -> list[CommitteeEvent]:
        """The committee's events."""
        return list(self.stored.get(committee, ()))

    def append(self, event: CommitteeEvent) -> None:
        """Keep ``event``."""
        chain = self.stored.setdefault(event.committee, [])
        if len(chain) + 1 != event.seq:
            raise CommitteeChanged()
        chain.append(event)

    def committees(self) -> list[str]:
        """Every committee with events."""
        return sorted(c for c, events in self.stored.items() if events)


__all__ = ["CommitteeStore", "MemoryCommitteeStore"]
