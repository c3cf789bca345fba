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
    #: Bilag files copied beside the backup (``<path>.bilag/``), and that directory.
    bilag: int = 0
    bilag_path: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {"path": self.path, "backend": self.backend, "bytes": self.size,
                "counts": dict(self.counts),
                "bilag": {"files": self.bilag, "path": self.bilag_path}}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What ``restore`` did: from where to where, the rows it replaced and now holds, and the
    audit of the restored store."""

    path: str
    url: str
    replaced: int
    counts: dict[str, int]
    audit: AuditReport
    #: Bilag files put back into the store from ``<path>.bilag/``.
    bilag: int = 0

    @property
    def ok(self) -> bool:
        """True when the restored audit trail is intact."""
        return self.audit.ok

    def as_json(self, lang: str) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "path": self.path, "url": self.url, "replaced_rows": self.replaced,
            "counts": dict(self.counts), "bilag": {"files": self.bilag}, "ok": self.audit.ok,
            "audit": {"cases": self.audit.cases, "events": self.audit.events,
                      "findings": [f.as_dict(lang) for f in self.audit.findings]},
        }  # fmt: skip


def backup(settings: Settings, dest: Path) -> BackupReport:
    """Write a backup of the store in ``settings`` to ``dest`` (a new file, owner only), and
    the bilag files beside it in ``<dest>.bilag/``.

    The files are copied after the database: a file is stored before the event that names it
    commits, so every file the backup names is there to copy.

    Raises:
        BackupTargetExists: ``dest`` (or ``<dest>.bilag``) exists.
        BackupToolMissing, BackupToolFailed: PostgreSQL without a working ``pg_dump``.
        StorageError: the store cannot be read.
    """
    from casework.adapters.sql import backup as store
    from casework.app.bilag import store_for
    from casework.domain.backup_errors import BackupTargetExists

    files = _bilag_dir(dest)
    if files.exists():
        raise BackupTargetExists(path=str(files))
    database = _sqlite_path(settings)
    if database is not None:
        counts = store.backup_sqlite(database, dest)
        backend = "SQLite"
    else:
        counts = store.backup_postgres(settings.url, dest)
        backend = "PostgreSQL"
    copied = store.copy_bilag(store_for(settings), files)
    return BackupReport(str(dest), backend, dest.stat().st_size, counts, copied,
                        str(files) if copied else None)  # fmt: skip


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
    from casework.app.bilag import store_for
    from casework.app.core import open_app

    database = _sqlite_path(settings)
    if database is not None:
        replaced = store.restore_sqlite(source, database, force=force)
    else:
        replaced = store.restore_postgres(source, settings.url, force=force)
    upgrade_database(settings)  # a backup from an older casework gets this one's schema
    files = _bilag_dir(source)
    put = store.restore_bilag(files, store_for(settings)) if files.is_dir() else 0
    app = open_app(settings, clock=clock)
    try:
        audit = app.verify_audit()
    finally:
        app.close()
    counts = store.counts(settings.url)
    return RestoreReport(str(source), safe_url(settings.url), replaced, counts, audit, put)


def _bilag_dir(backup: Path) -> Path:
    """Where the bilag files of the backup ``backup`` are kept: ``<backup>.bilag/``."""
    return backup.with_name(backup.name + ".bilag")


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
