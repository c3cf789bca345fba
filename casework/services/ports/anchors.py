"""The port of the audit anchors: the append-only anchor table and the cases' heads it pins.

A unit of work that keeps anchors carries an ``anchors`` store beside ``cases``; one without
(the in-memory fake) gets :class:`MemoryAnchorStore`, which reads the heads through ``cases``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from casework.domain.anchors import Anchor, CaseHead


class AnchorTaken(Exception):
    """Another anchor with the same number was written first (the caller reads again)."""


class AnchorStore(Protocol):
    """The anchors and the heads they pin; the only way the services read or write them."""

    def anchors(self) -> list[Anchor]:
        """Every anchor, oldest first."""
        ...

    def append(self, anchor: Anchor) -> None:
        """Write ``anchor``; AnchorTaken when its number is taken already."""
        ...

    def heads(self) -> list[CaseHead]:
        """Every case's last event (case id, sequence number, hash), in case id order."""
        ...

    def hashes_at(self, places: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The hash of the event at each (case id, sequence number) that exists."""
        ...


class MemoryAnchorStore:
    """Anchors in a list, heads read through the unit of work's cases (the in-memory fake)."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow
        self.stored: list[Anchor] = []

    def anchors(self) -> list[Anchor]:
        """Every anchor."""
        return list(self.stored)

    def append(self, anchor: Anchor) -> None:
        """Keep ``anchor``."""
        if any(a.seq == anchor.seq for a in self.stored):
            raise AnchorTaken()
        self.stored.append(anchor)

    def heads(self) -> list[CaseHead]:
        """Every case's last event."""
        heads = []
        for case_id in sorted(self._uow.cases.ids()):
            events = self._uow.cases.events(case_id)
            if events:
                heads.append(CaseHead(case_id, events[-1].seq, events[-1].hash))
        return heads

    def hashes_at(self, places: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The hash of each event that exists."""
        found = {}
        for case_id, seq in places:
            for event in self._uow.cases.events(case_id):
                if event.seq == seq:
                    found[case_id, seq] = event.hash
        return found


__all__ = ["AnchorStore", "AnchorTaken", "MemoryAnchorStore"]
