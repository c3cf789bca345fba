"""Backing up and restoring the store: SQLite's online backup API, or ``pg_dump``/``pg_restore``.

A plain copy of a SQLite file while casework writes is a gamble: the copy can take pages from
before and after a commit, and a database in WAL mode keeps its newest commits in ``-wal``, which
a copy of the main file leaves behind. The online backup API copies every page inside one read
transaction, so the copy is one consistent moment; in WAL mode that read does not stop writers.
On PostgreSQL ``pg_dump`` reads one snapshot; the counts reported with it are read in that same
snapshot (``pg_export_snapshot``), so they are the dump's own.

The backup is written beside its destination under a temporary name, owner only (it holds closed
items), and renamed into place once complete; a restore refuses a database that holds data unless
forced. Nothing here opens the application: the app verifies the audit after a restore.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy.engine import make_url

from casework.adapters.files import create_private_file, private_dir
from casework.adapters.sql.revisions import HEAD, REVISIONS
from casework.domain.backup_errors import (
    BackupTargetExists,
    BackupToolFailed,
    BackupToolMissing,
    BackupTooNew,
    BackupWrongBackend,
    NotABackup,
    RestoreTargetNotEmpty,
)
from casework.domain.errors import StorageError
from casework.domain.messages import Msg

if TYPE_CHECKING:
    from psycopg import Connection

    from casework.services.ports.bilag import BlobStore

#: What a backup report counts, table by table.
COUNTED = ("cases", "case_events", "meetings", "meeting_events", "outbox", "web_accounts")
#: Tables ``casework init`` fills by itself: their rows do not make a database "in use".
_SETUP_TABLES = {"alembic_version", "workflow_versions"}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_MAGIC = b"PGDMP"
_BUSY_MS = 30_000


# ------------------------------------------------------------------------------- SQLite
def backup_sqlite(database: Path, dest: Path) -> dict[str, int]:
    """Copy ``database`` to ``dest`` in one consistent step; the copy's row counts.

    Raises:
        BackupTargetExists: ``dest`` exists (nothing written).
        StorageError: the database cannot be read or the destination written.
    """
    if dest.exists():
        raise BackupTargetExists(path=str(dest))
    if not database.exists():
        raise StorageError(detail=f"{database}: no such database")
    with _partial(dest) as part:
        try:
            with (
                contextlib.closing(_open_sqlite(database, read_only=True)) as source,
                contextlib.closing(sqlite3.connect(part)) as copy,
            ):
                # pages=-1: every page in one step, inside one read transaction of the
                # source, so concurrent commits are either wholly in or wholly out.
                source.backup(copy, pages=-1)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                checked = copy.execute("PRAGMA quick_check").fetchone()[0]
                if checked != "ok":
                    raise StorageError(detail=f"{dest}: quick_check: {checked}")
                counts = _sqlite_counts(copy)
        except sqlite3.Error as exc:
            raise StorageError(detail=f"{database}: {exc}") from None
    return counts


def restore_sqlite(source: Path, database: Path, *, force: bool) -> int:
    """Replace ``database`` with the backup ``source``; the rows it held before (0: was empty).

    Raises:
        NotABackup: ``source`` is missing or not a casework database.
        BackupWrongBackend: ``source`` is a PostgreSQL dump.
        RestoreTargetNotEmpty: ``database`` holds data and ``force`` is False (nothing changed).
    """
    _expect_format(source, "SQLite")
    try:
        with contextlib.closing(_open_sqlite(source, read_only=True)) as backup:
            if "alembic_version" not in _sqlite_tables(backup):
                raise NotABackup(path=str(source), detail=Msg("backup.no_schema"))
            _check_integrity(backup, source)
            row = backup.execute("SELECT version_num FROM alembic_version").fetchone()
            _check_revision(source, row[0] if row else None)
            create_private_file(database)
            with contextlib.closing(_open_sqlite(database, read_only=False)) as target:
                rows = _sqlite_rows_in_use(target)
                if rows and not force:
                    raise RestoreTargetNotEmpty(url=str(database), rows=rows)
                # The backup API writes into the live file under its own lock, so a reader never
                # sees half a database; WAL mode first off, as pages of another size would refuse.
                target.execute("PRAGMA journal_mode=DELETE")
                backup.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise StorageError(detail=f"{database}: {exc}") from None
    return rows


def _open_sqlite(path: Path, *, read_only: bool) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}" + ("?mode=ro" if read_only else "")
    connection = sqlite3.connect(uri, uri=True, timeout=_BUSY_MS / 1000)
    connection.isolation_level = None  # autocommit: the backup API takes its own locks
    connection.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
    return connection


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise NotABackup(path=str(path), detail=Msg("backup.damaged", check=result))


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = set(_sqlite_tables(connection))
    return {
        t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in COUNTED
        if t in tables
    }


def _sqlite_rows_in_use(connection: sqlite3.Connection) -> int:
    return sum(
        connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in _sqlite_tables(connection)
        if t not in _SETUP_TABLES
    )


# ------------------------------------------------------------------------------- PostgreSQL
def backup_postgres(url: str, dest: Path) -> dict[str, int]:
    """``pg_dump -Fc`` of the database at ``url`` into ``dest``; the dump's row counts.

    Raises:
        BackupTargetExists: ``dest`` exists (nothing written).
        BackupToolMissing: ``pg_dump`` is not installed.
        BackupToolFailed: ``pg_dump`` exited non-zero (nothing left at ``dest``).
    """
    import psycopg

    if dest.exists():
        raise BackupTargetExists(path=str(dest))
    pg_dump = _tool("pg_dump")
    dsn, env = _libpq(url)
    with _partial(dest) as part:
        try:
            with _pg_connect(dsn, env) as connection:
                connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                connection.read_only = True
                snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()
                counts = _pg_counts(connection)
                # The dump reads the snapshot the counts were read in, held open until it ends.
                _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                      f"--snapshot={snapshot[0] if snapshot else ''}", f"--file={part}",
                      f"--dbname={dsn}"], env, "pg_dump")  # fmt: skip
                connection.rollback()
        except psycopg.Error as exc:
            raise StorageError(detail=" ".join(str(exc).split())) from None
    return counts


def restore_postgres(source: Path, url: str, *, force: bool) -> int:
    """Replace the casework tables at ``url`` with the dump ``source``; the rows held before.

    Raises:
        NotABackup, BackupWrongBackend, BackupToolMissing, BackupToolFailed,
        RestoreTargetNotEmpty: as for SQLite; nothing is changed when refused.
    """
    import psycopg

    _expect_format(source, "PostgreSQL")
    pg_restore = _tool("pg_restore")
    dsn, env = _libpq(url)
    _run([pg_restore, "--list", str(source)], env, "pg_restore")  # readable before anything
    _check_revision(source, _pg_backup_revision(pg_restore, source, env))
    try:
        with _pg_connect(dsn, env) as connection:
            rows = _pg_rows_in_use(connection)
            connection.rollback()
    except psycopg.Error as exc:
        raise StorageError(detail=" ".join(str(exc).split())) from None
    if rows and not force:
        raise RestoreTargetNotEmpty(url=_safe(url), rows=rows)
    # One transaction: a failing restore leaves the database as it was.
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={dsn}", str(source)],
         env, "pg_restore")  # fmt: skip
    return rows


def _pg_backup_revision(pg_restore: str, source: Path, env: Mapping[str, str]) -> str | None:
    """The schema revision in the dump (the rows of ``alembic_version``, read as SQL text)."""
    argv = [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(source)]
    try:
        done = subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupToolFailed(tool="pg_restore", detail=str(exc)) from None
    lines = done.stdout.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("COPY ") and "alembic_version" in line:
            return lines[i + 1].strip() if lines[i + 1].strip() != "\\." else None
    return None


def _pg_connect(dsn: str, env: Mapping[str, str]) -> Connection[Any]:
    import psycopg

    password = env.get("PGPASSWORD")
    if password is not None:
        return psycopg.connect(dsn, password=password)
    return psycopg.connect(dsn)


def _pg_tables(connection: Connection[Any]) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    ).fetchall()
    return [r[0] for r in rows]


def _pg_count(connection: Connection[Any], table: str) -> int:
    row = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return int(row[0]) if row else 0


def _pg_counts(connection: Connection[Any]) -> dict[str, int]:
    tables = set(_pg_tables(connection))
    return {t: _pg_count(connection, t) for t in COUNTED if t in tables}


def _pg_rows_in_use(connection: Connection[Any]) -> int:
    return sum(_pg_count(connection, t) for t in _pg_tables(connection) if t not in _SETUP_TABLES)


def _tool(name: str) -> str:
    directory = os.environ.get("CASEWORK_PG_BIN")
    found = shutil.which(name, path=directory) if directory else shutil.which(name)
    if found is None:
        raise BackupToolMissing(tool=name)
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (which would show in ``ps``), and the environment
    that passes it instead."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed.set(drivername="postgresql", password=None)
    return dsn.render_as_string(hide_password=False), env


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _run(argv: list[str], env: Mapping[str, str], tool: str) -> None:
    try:
        done = subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupToolFailed(tool=tool, detail=str(exc)) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupToolFailed(tool=tool, detail=lines[0] if lines else f"exit {done.returncode}")


# ------------------------------------------------------------------------------- bilag
def copy_bilag(source: BlobStore, directory: Path) -> int:
    """Copy every file of ``source`` into ``directory`` (laid out as the local store, owner
    only), written under a temporary name first; the number of files (0: no directory)."""
    from casework.adapters.bilag import LocalBlobStore

    part = directory.with_name(f".{directory.name}.part")
    try:
        shutil.rmtree(part, ignore_errors=True)  # a run killed before left it
        target = LocalBlobStore(part)
        copied = 0
        for sha256 in source.hashes():
            content = source.get(sha256)
            if content is not None:
                target.put(sha256, content)
                copied += 1
        if copied:
            os.replace(part, directory)
    except OSError as exc:
        raise StorageError(detail=f"{directory}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(part, ignore_errors=True)
    return copied


def restore_bilag(directory: Path, target: BlobStore) -> int:
    """Put every file kept in ``directory`` into ``target``; one whose content no longer hashes
    to its name is left out (the audit then reports it missing). The number put."""
    import hashlib

    from casework.adapters.bilag import LocalBlobStore

    source = LocalBlobStore(directory)
    put = 0
    try:
        for sha256 in source.hashes():
            content = source.get(sha256)
            if content is not None and hashlib.sha256(content).hexdigest() == sha256:
                target.put(sha256, content)
                put += 1
    except OSError as exc:
        raise StorageError(detail=f"{directory}: {exc.strerror or exc}") from None
    return put


# ------------------------------------------------------------------------------- both
def counts(url: str) -> dict[str, int]:
    """The row counts of :data:`COUNTED` in the database at ``url``."""
    from sqlalchemy import text

    from casework.adapters.sql.engine import connect, make_engine

    engine = make_engine(url)
    try:
        with connect(engine) as connection:
            return {
                t: int(connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
                for t in COUNTED
            }
    finally:
        engine.dispose()


def backend_of(path: Path) -> str | None:
    """ "SQLite" or "PostgreSQL" by the file's first bytes; None for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError:
        return None
    if head.startswith(_SQLITE_MAGIC):
        return "SQLite"
    if head.startswith(_PG_MAGIC):
        return "PostgreSQL"
    return None


def _check_revision(source: Path, revision: str | None) -> None:
    """A backup this casework can read: a known schema revision (older ones are upgraded)."""
    if revision is None:
        raise NotABackup(path=str(source), detail=Msg("backup.no_schema"))
    if revision not in REVISIONS:
        raise BackupTooNew(path=str(source), revision=revision, head=HEAD)


def _expect_format(source: Path, expected: str) -> None:
    if not source.is_file():
        raise NotABackup(path=str(source), detail=Msg("backup.no_file"))
    found = backend_of(source)
    if found is None:
        raise NotABackup(path=str(source), detail=Msg("backup.unknown_format"))
    if found != expected:
        raise BackupWrongBackend(path=str(source), found=found, expected=expected)


@contextlib.contextmanager
def _partial(dest: Path) -> Iterator[Path]:
    """A 0600 file beside ``dest`` to write into, renamed to ``dest`` only if all went well."""
    try:
        private_dir(dest.parent)
        part = dest.with_name(f".{dest.name}.part")
        part.unlink(missing_ok=True)  # a run killed before left it
        create_private_file(part)
    except OSError as exc:
        raise StorageError(detail=f"{dest}: {exc.strerror or exc}") from None
    try:
        yield part
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)


__all__ = [
    "COUNTED",
    "backend_of",
    "backup_postgres",
    "backup_sqlite",
    "copy_bilag",
    "counts",
    "restore_bilag",
    "restore_postgres",
    "restore_sqlite",
]
