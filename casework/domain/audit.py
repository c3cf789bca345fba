"""Audit of the case record: every event's hash, the chain between them, and the state.

Pure: the service hands in a case's stored row and its events as the store returns them (ordered
by sequence number); this module says what is wrong with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from casework.domain.case import Case, replay
from casework.domain.errors import Finding
from casework.domain.events import GENESIS, CaseEvent


def verify_case(case_id: str, stored: Case | None, events: Sequence[CaseEvent]) -> list[Finding]:
    """Findings for one case: tampered events, a broken chain, or a state that differs."""
    if stored is None:
        return [Finding("CW406", "audit.orphan_events", {"case_id": case_id})] if events else []
    if not events:
        return [Finding("CW405", "audit.no_events", {"case_id": case_id})]
    findings: list[Finding] = []
    seqs = [e.seq for e in events]
    if seqs != list(range(1, len(events) + 1)):
        findings.append(
            Finding("CW403", "audit.sequence_gap", {"case_id": case_id, "seqs": _short(seqs)})
        )
    prev = GENESIS
    for event in events:
        if event.expected_hash() != event.hash:
            findings.append(
                Finding("CW401", "audit.hash_mismatch", {"case_id": case_id, "seq": event.seq})
            )
        if event.prev_hash != prev:
            findings.append(
                Finding("CW402", "audit.chain_broken", {"case_id": case_id, "seq": event.seq})
            )
        prev = event.hash
    if stored.head_hash != prev or stored.version != len(events):
        findings.append(Finding("CW404", "audit.head_mismatch", {"case_id": case_id}))
    if findings:
        return findings
    try:
        replayed = replay(events)
    except (ValueError, KeyError, TypeError):
        return [Finding("CW407", "audit.state_mismatch", {"case_id": case_id, "field": "events"})]
    mine, theirs = stored.state(), replayed.state()
    findings.extend(
        Finding("CW407", "audit.state_mismatch", {"case_id": case_id, "field": name})
        for name in mine
        if mine[name] != theirs[name]
    )
    return findings


def _short(seqs: Sequence[int]) -> str:
    text = ", ".join(str(s) for s in seqs[:12])
    return text + (", …" if len(seqs) > 12 else "")
