"""The loaded configuration as one frozen object: the municipality and its workflows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casework.domain.errors import UnknownWorkflow, did_you_mean
from casework.domain.organisation import Municipality
from casework.domain.workflow import WorkflowDefinition


@dataclass(frozen=True, eq=False)
class Configuration:
    """Everything ``config/`` says, checked.

    ``workflows`` holds the current version of each workflow; ``archive`` keeps older versions
    that open cases still pin, keyed by (id, version).
    """

    municipality: Municipality
    workflows: Mapping[str, WorkflowDefinition]
    archive: Mapping[tuple[str, int], WorkflowDefinition] = field(default_factory=dict)
    directory: str | None = None

    def workflow(self, workflow_id: str, version: int | None = None) -> WorkflowDefinition:
        """The workflow ``workflow_id`` (a pinned ``version`` when given)."""
        current = self.workflows.get(workflow_id)
        if current is not None and (version is None or current.version == version):
            return current
        if version is not None and (workflow_id, version) in self.archive:
            return self.archive[(workflow_id, version)]
        raise UnknownWorkflow(
            workflow=workflow_id if version is None else f"{workflow_id} v{version}",
            suggestion=did_you_mean(workflow_id, self.workflows) if current is None else None,
        )
