"""Workflow definitions back from their stored snapshots.

Cases pin the workflow version they started on. When the file in ``config/workflows/`` moves on
to a new version, the old version lives on as the snapshot stored with the cases (table
``workflow_versions``); this module turns such a snapshot back into a definition.
"""

from __future__ import annotations

import json

from casework.adapters.config.schema import WorkflowFile
from casework.domain.workflow import WorkflowDefinition


def definition_from_snapshot(snapshot: str, source: str | None = None) -> WorkflowDefinition:
    """The definition a snapshot was taken of (checked when it was first loaded)."""
    return WorkflowFile.model_validate(json.loads(snapshot)).to_domain(source=source)
