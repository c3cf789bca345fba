"""Audit of the records: every event's hash, the chain between them, and the state.

Cases and meetings are checked alike: the same hash discipline, a chain per aggregate, and a
stored row that must equal the replay of its events. Pure: the service hands in a stored row and
its events as the store returns them (ordered by sequence number); this module says what is
wrong with them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from casework.domain.case import Case, replay
from casework.domain.errors import Finding
from casework.domain.events import GENESIS, CaseEvent
from casework.domain.meeting_events import MeetingEvent
from casework.domain.meeting_record import MeetingRecord, replay_meeting


class _Chained(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def hash(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    def expected_hash(self) -> str: ...


def verify_case(case_id: str, stored: Case | None, events: Sequence[CaseEvent]) -> list[Finding]:
    """Findings for one case: tampered events, a broken chain, or a state that differs."""
    if stored is None:
        return [Finding("CW406", "audit.orphan_events", {"case_id": case_id})] if events else []
    if not events:
        return [Finding("CW405", "audit.no_events", {"case_id": case_id})]
    head = (stored.head_hash, stored.version)
    return _verify(events, head, "audit", {"case_id": case_id}, lambda: _state_diff(stored, events))


def row_mismatches(case_id: str, columns: Sequence[str]) -> list[Finding]:
    """CW407 for each column of a case's stored row that differs from what its state writes
    (the store compares; a row whose fields equal the replay can still differ there: the
    derived ``due``, or JSON text that reads the same but is not what casework writes)."""
    return [
        Finding("CW407", "audit.state_mismatch", {"case_id": case_id, "field": name})
        for name in columns
    ]


def verify_meeting(
    key: str, stored: MeetingRecord | None, events: Sequence[MeetingEvent]
) -> list[Finding]:
    """Findings for one meeting (``key`` as ``tmu/2026-03-09``), as for a case."""
    params = {"meeting": key}
    if stored is None:
        return [Finding("CW406", "audit.meeting.orphan_events", params)] if events else []
    if not events:
        return [Finding("CW405", "audit.meeting.no_events", params)]

    def differs() -> list[str]:
        mine, theirs = stored.state_dict(), replay_meeting(events).state_dict()
        return [name for name in mine if mine[name] != theirs[name]]

    head = (stored.head_hash, stored.version)
    return _verify(events, head, "audit.meeting", params, differs)


def _verify(
    events: Sequence[_Chained],
    head: tuple[str, int],
    prefix: str,
    params: dict[str, Any],
    differs: Callable[[], list[str]],
) -> list[Finding]:
    """The chain's findings (CW401-CW404), then, if it holds, the fields whose stored value
    differs from the replay (CW407)."""
    findings: list[Finding] = []
    seqs = [e.seq for e in events]
    if seqs != list(range(1, len(events) + 1)):
        findings.append(
            Finding("CW403", f"{prefix}.sequence_gap", {**params, "seqs": _short(seqs)})
        )
    prev = GENESIS
    for event in events:
        if event.expected_hash() != event.hash:
            findings.append(
                Finding("CW401", f"{prefix}.hash_mismatch", {**params, "seq": event.seq})
            )
        if event.prev_hash != prev:
            findings.append(
                Finding("CW402", f"{prefix}.chain_broken", {**params, "seq": event.seq})
            )
        prev = event.hash
    if head != (prev, len(events)):
        findings.append(Finding("CW404", f"{prefix}.head_mismatch", params))
    if findings:
        return findings
    try:
        names = differs()
    except (ValueError, KeyError, TypeError):
        names = ["events"]
    return [Finding("CW407", f"{prefix}.state_mismatch", {**params, "field": n}) for n in names]


def _state_diff(stored: Case, events: Sequence[CaseEvent]) -> list[str]:
    mine, theirs = stored.state(), replay(events).state()
    return [name for name in mine if mine[name] != theirs[name]]


class _KeptVersion(Protocol):
    @property
    def workflow_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def fingerprint(self) -> str | None: ...
    @property
    def snapshot(self) -> str | None: ...
    @property
    def cases(self) -> int: ...


def verify_workflow(kept: _KeptVersion, configured: str | None) -> list[Finding]:
    """Findings for one workflow version the store keeps or cases pin (CW408, CW409).

    The snapshot is what an old case runs on once its file has moved on, so an edit to it changes
    cases silently. It must hash to its fingerprint and name its own id and version, and, while
    cases pin it and ``config/`` still has that version (``configured``: its fingerprint), equal
    the file. A version cases pin that is neither kept nor configured leaves them unable to run.
    """
    params: dict[str, Any] = {"workflow": kept.workflow_id, "version": kept.version}
    if kept.snapshot is None:
        if kept.cases and configured is None:
            return [Finding("CW409", "audit.workflow_missing", {**params, "cases": kept.cases})]
        return []
    digest = hashlib.sha256(kept.snapshot.encode("utf-8")).hexdigest()
    if digest != kept.fingerprint:
        return [Finding("CW408", "audit.workflow_edited", {**params, "field": "snapshot"})]
    try:
        names = json.loads(kept.snapshot)
        own = {"workflow_id": names["id"], "version": names["version"]}
    except (ValueError, KeyError, TypeError):
        own = {}
    findings = [
        Finding("CW408", "audit.workflow_edited", {**params, "field": name})
        for name, value in (("workflow_id", kept.workflow_id), ("version", kept.version))
        if own.get(name) != value
    ]
    if not findings and kept.cases and configured not in (None, kept.fingerprint):
        findings.append(Finding("CW408", "audit.workflow_differs", {**params, "field": "snapshot"}))
    return findings


def _short(seqs: Sequence[int]) -> str:
    text = ", ".join(str(s) for s in seqs[:12])
    return text + (", …" if len(seqs) > 12 else "")
