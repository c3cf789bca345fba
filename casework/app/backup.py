"""``casework backup`` and ``casework restore``: a consistent copy of the store, and back.

SQLite is copied with its online backup API (one consistent moment, while writers go on);
PostgreSQL with ``pg_dump -Fc`` of one snapshot. A restore refuses a database that already holds
data unless forced, brings the restored schema up to this casework's revision, and then verifies
the audit trail of what it restored, so an operator learns at once whether the copy can be
trusted. Both report the row counts of the backup moment. ``docs/operations.md`` describes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.app.admin import safe_url

if TYPE_CHECKING:
    from casework.services.handlers import AuditReport
    from casework.services.ports import Clock
    from casework.settings import Settings


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What ``backup`` wrote: the file, the backend, its size and the rows it holds."""

    path: str
    backend: str
    size: int
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {"path": self.path, "backend": self.backend, "bytes": self.size,
                "counts": dict(self.counts)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What ``restore`` did: from where to where, the rows it replaced and now holds, and the
    audit of the restored store."""

    path: str
    url: str
    replaced: int
    counts: dict[str, int]
    audit: AuditReport

    @property
    def ok(self) -> bool:
        """True when the restored audit trail is intact."""
        return self.audit.ok

    def as_json(self, lang: str) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "path": self.path, "url": self.url, "replaced_rows": self.replaced,
            "counts": dict(self.counts), "ok": self.audit.ok,
            "audit": {"cases": self.audit.cases, "events": self.audit.events,
                      "findings": [f.as_dict(lang) for f in self.audit.findings]},
        }  # fmt: skip


def backup(settings: Settings, dest: Path) -> BackupReport:
    """Write a backup of the store in ``settings`` to ``dest`` (a new file, owner only).

    Raises:
        BackupTargetExists: ``dest`` exists.
        BackupToolMissing, BackupToolFailed: PostgreSQL without a working ``pg_dump``.
        StorageError: the store cannot be read.
    """
    from casework.adapters.sql import backup as store

    database = _sqlite_path(settings)
    if database is not None:
        counts = store.backup_sqlite(database, dest)
        backend = "SQLite"
    else:
        counts = store.backup_postgres(settings.url, dest)
        backend = "PostgreSQL"
    return BackupReport(str(dest), backend, dest.stat().st_size, counts)


def restore(
    settings: Settings, source: Path, *, force: bool = False, clock: Clock | None = None
) -> RestoreReport:
    """Restore the backup ``source`` into the store in ``settings``, then verify its audit.

    Raises:
        NotABackup, BackupWrongBackend: ``source`` is not a backup for this store.
        RestoreTargetNotEmpty: the store holds data and ``force`` is False (nothing changed).
        BackupToolMissing, BackupToolFailed, StorageError: the restore could not run.
    """
    from casework.adapters.sql import backup as store
    from casework.app.admin import upgrade_database
    from casework.app.core import open_app

    database = _sqlite_path(settings)
    if database is not None:
        replaced = store.restore_sqlite(source, database, force=force)
    else:
        replaced = store.restore_postgres(source, settings.url, force=force)
    upgrade_database(settings)  # a backup from an older casework gets this one's schema
    app = open_app(settings, clock=clock)
    try:
        audit = app.verify_audit()
    finally:
        app.close()
    counts = store.counts(settings.url)
    return RestoreReport(str(source), safe_url(settings.url), replaced, counts, audit)


def _sqlite_path(settings: Settings) -> Path | None:
    """The SQLite file to copy, or None on PostgreSQL."""
    from casework.app.files import sqlite_path
    from casework.domain.errors import StorageError

    if not settings.url.startswith("sqlite"):
        return None
    path = sqlite_path(settings)
    if path is None:
        raise StorageError(detail=f"{settings.url}: only a SQLite file can be backed up")
    return path


__all__ = ["BackupReport", "RestoreReport", "backup", "restore"]
