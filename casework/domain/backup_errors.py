"""What ``casework backup`` and ``casework restore`` refuse (CW310–CW316), with their messages.

Storage codes (CW3xx, ``docs/errors.md``): a backup or restore either finishes or leaves the
target as it was, so each refusal says what was not touched. Pure.
"""

from __future__ import annotations

from casework.domain.errors import StorageError
from casework.domain.messages import register

register(
    {
        "error.backup.target_exists": (
            "{path} findes allerede; vælg et nyt filnavn (en sikkerhedskopi overskriver aldrig).",
            "{path} already exists; choose a new file name (a backup never overwrites).",
        ),
        "error.backup.tool_missing": (
            "{tool} findes ikke på denne maskine; installér PostgreSQL-klientværktøjerne i samme "
            "hovedversion som serveren (fx 'apt-get install postgresql-client'), eller sæt "
            "CASEWORK_PG_BIN til mappen med {tool}. Se docs/operations.md.",
            "{tool} is not installed here; install the PostgreSQL client tools of the server's "
            "major version (e.g. 'apt-get install postgresql-client'), or set CASEWORK_PG_BIN to "
            "the directory holding {tool}. See docs/operations.md.",
        ),
        "error.backup.tool_failed": (
            "{tool} fejlede: {detail}",
            "{tool} failed: {detail}",
        ),
        "error.backup.not_a_backup": (
            "{path} er ikke en sikkerhedskopi af en casework-database ({detail}).",
            "{path} is not a backup of a casework database ({detail}).",
        ),
        "backup.no_file": ("filen findes ikke", "no such file"),
        "backup.unknown_format": ("ukendt format", "unknown format"),
        "backup.no_schema": ("intet casework-skema", "no casework schema"),
        "backup.damaged": ("filen er beskadiget: {check}", "the file is damaged: {check}"),
        "error.backup.target_not_empty": (
            "Databasen {url} indeholder allerede data ({rows} rækker); gendannelse ville "
            "overskrive dem. Brug --force for at erstatte dem, eller gendan i en ny datamappe.",
            "The database {url} already holds data ({rows} rows); restoring would overwrite it. "
            "Use --force to replace it, or restore into a new data directory.",
        ),
        "error.backup.too_new": (
            "{path} er taget af en nyere casework (skemaversion {revision}; denne kender op til "
            "{head}); opdatér casework, før du gendanner. Intet er ændret.",
            "{path} was taken by a newer casework (schema revision {revision}; this one knows up "
            "to {head}); upgrade casework before restoring. Nothing was changed.",
        ),
        "error.backup.wrong_backend": (
            "{path} er en sikkerhedskopi fra {found}, men databasen er {expected}.",
            "{path} is a backup from {found}, but the database is {expected}.",
        ),
    }
)


class BackupTargetExists(StorageError):
    """The backup's destination exists; nothing was written."""

    code = "CW310"
    key = "error.backup.target_exists"


class BackupToolMissing(StorageError):
    """``pg_dump`` or ``pg_restore`` is not installed (PostgreSQL only)."""

    code = "CW311"
    key = "error.backup.tool_missing"


class BackupToolFailed(StorageError):
    """``pg_dump`` or ``pg_restore`` exited non-zero; its first error line is the detail."""

    code = "CW312"
    key = "error.backup.tool_failed"


class NotABackup(StorageError):
    """The restore source is missing, unreadable, or not a casework database."""

    code = "CW313"
    key = "error.backup.not_a_backup"


class RestoreTargetNotEmpty(StorageError):
    """The database to restore into already holds data and ``--force`` was not given."""

    code = "CW314"
    key = "error.backup.target_not_empty"


class BackupWrongBackend(StorageError):
    """A SQLite backup given to a PostgreSQL database, or the other way round."""

    code = "CW315"
    key = "error.backup.wrong_backend"


class BackupTooNew(StorageError):
    """The backup's schema is newer than this casework knows; nothing is changed."""

    code = "CW316"
    key = "error.backup.too_new"


__all__ = [
    "BackupTargetExists",
    "BackupTooNew",
    "BackupToolFailed",
    "BackupToolMissing",
    "BackupWrongBackend",
    "NotABackup",
    "RestoreTargetNotEmpty",
]
