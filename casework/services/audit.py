"""The audit of what the chains do not cover: the workflow versions cases pin.

The case rows and the meetings' records are checked against their events
(:func:`casework.services.handlers.verify_audit`, :mod:`casework.services.meetings`); a workflow
snapshot has no events, so it is checked against its fingerprint and against ``config/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.domain.audit import verify_workflow
from casework.domain.configuration import Configuration
from casework.domain.errors import Finding
from casework.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class WorkflowAudit:
    """What the audit found in the kept workflow versions."""

    versions: int
    findings: tuple[Finding, ...]


def verify_workflows(uow: UnitOfWork, config: Configuration) -> WorkflowAudit:
    """Check every kept workflow version and every version cases pin, in an open unit of work."""
    findings: list[Finding] = []
    kept = uow.workflows.stored()
    for row in kept:
        current = config.workflows.get(row.workflow_id)
        configured = current.fingerprint if current and current.version == row.version else None
        findings.extend(verify_workflow(row, configured))
    return WorkflowAudit(len(kept), tuple(findings))


__all__ = ["WorkflowAudit", "verify_workflows"]
