"""What the audit reads beyond the chains: the kept workflow versions and the cases pinning them.

The case rows are compared column by column by the repository itself
(:meth:`~casework.services.ports.CaseRepository.row_differences`), because only the store knows
what it writes; the workflow versions come back as plain rows, and the audit (pure,
:mod:`casework.domain.audit`) decides what is wrong with them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoredWorkflow:
    """One workflow version as the store keeps it, and how many cases pin it.

    A version that cases pin but the store does not keep comes back with ``snapshot`` and
    ``fingerprint`` None; a kept version no case pins has ``cases`` 0.
    """

    workflow_id: str
    version: int
    fingerprint: str | None
    snapshot: str | None
    cases: int


__all__ = ["StoredWorkflow"]
