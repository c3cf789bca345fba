"""The workflow versions cases pin, kept in ``workflow_versions`` beside the cases.

Not a hot path: a version is registered when a case is opened on it and read back only for cases
whose version has left ``config/``, so plain Core statements on the unit of work's connection do.
"""

from __future__ import annotations

import functools

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import describe
from casework.adapters.sql.rows import STORED_WORKFLOWS
from casework.adapters.sql.tables import cases, workflow_versions
from casework.domain.errors import StorageError, WorkflowChanged
from casework.domain.workflow import WorkflowDefinition
from casework.services.ports import StoredWorkflow

_INSERT = text(
    "INSERT INTO workflow_versions (workflow_id, version, fingerprint, snapshot, registered_at) "
    "VALUES (:workflow_id, :version, :fingerprint, :snapshot, :registered_at) "
    "ON CONFLICT (workflow_id, version) DO NOTHING"
)


class SqlWorkflowRepository:
    """:class:`~casework.services.ports.WorkflowRepository` on a unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def register(self, definition: WorkflowDefinition, at: str) -> None:
        """Keep ``definition``; refuse a changed definition under a version cases pin."""
        if definition.snapshot is None:
            return  # built in code, not from a file: nothing to keep
        key = (workflow_versions.c.workflow_id == definition.id) & (
            workflow_versions.c.version == definition.version
        )
        try:
            stored = self._connection.execute(
                select(workflow_versions.c.fingerprint).where(key)
            ).scalar_one_or_none()
            if stored is None:
                self._connection.execute(_INSERT, {
                    "workflow_id": definition.id, "version": definition.version,
                    "fingerprint": definition.fingerprint, "snapshot": definition.snapshot,
                    "registered_at": at,
                })  # fmt: skip
                return
            if stored == definition.fingerprint:
                return
            pinned = self._connection.execute(
                select(func.count())
                .select_from(cases)
                .where(
                    cases.c.workflow_id == definition.id,
                    cases.c.workflow_version == definition.version,
                )
            ).scalar_one()
            if pinned:
                raise WorkflowChanged(
                    workflow=definition.id,
                    version=definition.version,
                    cases=pinned,
                    file=definition.source or f"{definition.id}.yaml",
                )
            # No case runs on the old content yet: the author is still editing, so keep the new.
            self._connection.execute(
                update(workflow_versions)
                .where(key)
                .values(
                    fingerprint=definition.fingerprint,
                    snapshot=definition.snapshot,
                    registered_at=at,
                )
            )
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None

    def get(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        """The stored definition of that version, if one is kept."""
        try:
            snapshot = self._connection.execute(
                select(workflow_versions.c.snapshot).where(
                    workflow_versions.c.workflow_id == workflow_id,
                    workflow_versions.c.version == version,
                )
            ).scalar_one_or_none()
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        if snapshot is None:
            return None
        return _definition(snapshot, f"{workflow_id} v{version} (database)")

    def stored(self) -> list[StoredWorkflow]:
        """Every kept version and every version cases pin, with their case counts."""
        try:
            rows = self._connection.execute(text(STORED_WORKFLOWS)).all()
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        return [StoredWorkflow(*row) for row in rows]


@functools.lru_cache(maxsize=64)
def _definition(snapshot: str, source: str) -> WorkflowDefinition:
    # Cached so that the concrete graphs expanded from it are cached too (they key on it).
    from casework.adapters.config.snapshot import definition_from_snapshot

    return definition_from_snapshot(snapshot, source)
