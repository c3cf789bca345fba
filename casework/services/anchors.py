"""The audit anchors' use cases: make one, and check the store against the anchors.

An anchor is read in one read transaction (every case's head and the anchors before it, one
snapshot) and written in a short write transaction of its own, so making one never holds the
write lock while the heads are read, and never touches a case transition. Heads only grow, so
an anchor of a moment a little earlier is still true; a number taken meanwhile by another
anchor is read again. See :mod:`casework.domain.anchors` for what an anchor is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from casework.domain.anchors import (
    Anchor,
    compare_exported,
    fold,
    make_anchor,
    verify_chain,
    verify_heads,
)
from casework.domain.errors import Finding
from casework.domain.events import format_instant
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.anchors import AnchorStore, AnchorTaken, MemoryAnchorStore

#: How many (case, seq) places one query looks up.
BATCH = 400


def anchors_of(uow: UnitOfWork) -> AnchorStore:
    """The unit of work's anchor store; a unit of work without one (the in-memory fake, or a
    wrapper around it) gets one that reads the heads through its cases."""
    inner: Any = getattr(uow, "inner", uow)
    store: AnchorStore | None = getattr(inner, "anchors", None)
    if store is None:
        store = MemoryAnchorStore(inner)
        inner.anchors = store
    return store


@dataclass(frozen=True, slots=True)
class Made:
    """The anchor made (or today's, when one a day was asked for and it exists)."""

    anchor: Anchor
    made: bool


def make(
    reader: Callable[[], UnitOfWork],
    writer: Callable[[], UnitOfWork],
    clock: Clock,
    *,
    once_a_day: bool = False,
) -> Made:
    """Anchor every case's head now; with ``once_a_day``, today's anchor if there is one."""
    day = clock.today().isoformat()
    for _ in range(5):
        with reader() as uow:
            store = anchors_of(uow)
            previous = store.anchors()
            if once_a_day and previous and previous[-1].day == day:
                return Made(previous[-1], made=False)
            anchor = make_anchor(
                previous, store.heads(), day=day, made_at=format_instant(clock.now())
            )
        with writer() as uow:
            try:
                anchors_of(uow).append(anchor)
                uow.commit()
            except AnchorTaken:
                continue
        return Made(anchor, made=True)
    raise AnchorTaken()


@dataclass(frozen=True, slots=True)
class AnchorAudit:
    """What the check against the anchors found, and how much it covered."""

    anchors: int
    cases: int
    findings: tuple[Finding, ...]


def verify(uow: UnitOfWork, exported: Sequence[Anchor] = ()) -> AnchorAudit:
    """Check the anchor chain, and every anchored case head against the events now (in an
    open unit of work); with ``exported`` anchors (from their files), also that the database
    holds each unchanged and that the heads they name are still there."""
    store = anchors_of(uow)
    stored = store.anchors()
    findings = verify_chain(stored)
    folds = [fold(stored)]
    for anchor in exported:
        findings.extend(compare_exported(anchor, stored))
    if exported:
        # The files' own heads are checked on their own: they count even if the table was
        # rewritten to agree with a rewritten chain.
        folds.append(fold(sorted(exported, key=lambda a: a.seq)))
    heads = store.heads()
    current = {head.case_id: head.seq for head in heads}
    # A case not touched since its anchor has its anchored event as its head: looked up only
    # are the events of the cases that moved on (a day's work, not the whole store).
    hashes = {(head.case_id, head.seq): head.hash for head in heads}
    places = sorted({
        (c, a.head.seq) for f in folds for c, a in f.items()
        if c in current and (c, a.head.seq) not in hashes
    })  # fmt: skip
    for batch in _batches(places):
        hashes.update(store.hashes_at(batch))
    seen: set[tuple[str, object]] = set()
    for anchored in folds:
        for finding in verify_heads(anchored, current, hashes):
            if (finding.code, finding.params["case_id"]) not in seen:
                seen.add((finding.code, finding.params["case_id"]))
                findings.append(finding)
    cases = len(set().union(*folds))
    return AnchorAudit(len(stored), cases, tuple(findings))


def _batches(places: list[tuple[str, int]]) -> Iterator[list[tuple[str, int]]]:
    for start in range(0, len(places), BATCH):
        yield places[start : start + BATCH]


__all__ = ["AnchorAudit", "Made", "anchors_of", "make", "verify"]
