"""Building SQLAlchemy engines for casework: SQLite tuned for several writing processes, or
PostgreSQL through psycopg 3.

SQLite is the default store for a single municipality; it is safe for several CLI processes and
flows writing at once because every transaction starts with ``BEGIN IMMEDIATE`` (a writer takes
the write lock before it reads, so two writers never deadlock upgrading read locks) and waits up to
:data:`BUSY_TIMEOUT_MS` for that lock. Nothing here connects: errors surface on first use, where
:func:`connect` turns them into :class:`~casework.domain.errors.StorageError`.
"""

from __future__ import annotations

import select
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry

from casework.adapters.files import create_private_file
from casework.domain.errors import StorageError

#: How long a SQLite writer waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 30_000
#: The page size of a new SQLite database (bytes), and the WAL frames between checkpoints;
#: measured in docs/performance.md ("SQLite's pages and checkpoints", issue 17).
PAGE_SIZE = 2048
WAL_AUTOCHECKPOINT = 10_000

#: Execution option that makes a SQLite transaction start with a plain (deferred) ``BEGIN``,
#: for read-only units of work that should not queue behind writers.
READ_ONLY = "casework_read_only"


def default_sqlite_url(data_dir: str | Path) -> str:
    """The URL of the SQLite database ``casework.db`` inside ``data_dir``."""
    return f"sqlite:///{Path(data_dir).expanduser().resolve() / 'casework.db'}"


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (``sqlite:///…``, ``postgresql://…`` or ``postgresql+psycopg://…``).

    Raises:
        StorageError: the URL is malformed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(detail=f"invalid database URL {url!s}: {exc}") from None
    if parsed.get_backend_name() == "postgresql":
        # psycopg 3 is the one PostgreSQL driver we install; a bare postgresql:// would otherwise
        # mean psycopg2.
        if parsed.drivername in {"postgresql", "postgres"}:
            parsed = parsed.set(drivername="postgresql+psycopg")
        return _make_postgresql_engine(parsed, echo=echo)
    if parsed.get_backend_name() == "sqlite":
        return _make_sqlite_engine(parsed, echo=echo)
    raise StorageError(detail=f"unsupported database {parsed.get_backend_name()!r} in {url!s}")


def connect(engine: Engine) -> Connection:
    """A connection from ``engine``, with connection failures as one-line StorageErrors."""
    try:
        return engine.connect()
    except DBAPIError as exc:
        raise StorageError(detail=describe(exc)) from None


def describe(exc: BaseException) -> str:
    """A one-line description of a database error, without SQLAlchemy's background links."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def _create(url: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StorageError(detail=f"cannot use {url.render_as_string()}: {exc}") from None


def _make_postgresql_engine(url: URL, *, echo: bool) -> Engine:
    engine = _create(url, echo=echo)

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: Any) -> None:
        # Instead of pool_pre_ping, whose SELECT 1 is a round trip before every transaction
        # (issue 17): the pool replaces a connection the server has closed with a fresh one.
        if closed_by_server(dbapi_connection):
            raise DisconnectionError("the server closed this connection")

    return engine


def closed_by_server(driver: Any) -> bool:
    """Whether an idle psycopg connection was closed by the server, without a round trip.

    An idle connection's socket has nothing to read. When it has, that is the server's goodbye
    (a restart, ``pg_terminate_backend``, an idle timeout) or the end of the stream, and the
    connection is no use for a transaction.
    """
    if driver.closed or driver.broken:
        return True
    try:
        readable, _, _ = select.select([driver.fileno()], [], [], 0)
    except Exception:  # a socket that cannot be looked at is no use either
        return True
    return bool(readable)


def _make_sqlite_engine(url: URL, *, echo: bool) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        # Owner only, whatever the umask: SQLite gives -wal and -shm the database file's mode.
        try:
            create_private_file(Path(url.database).expanduser())
        except OSError as exc:
            raise StorageError(detail=f"{url.database}: {exc.strerror or exc}") from None
    engine = _create(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from the sqlite3 module, which would otherwise begin
        # transactions lazily (only before DML) and never with IMMEDIATE; see _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # A new database gets 2 KiB pages (an existing one keeps its own; SQLite ignores the
            # pragma once the file has pages). A transition dirties some six B-tree pages, each
            # written whole to the WAL and again at the checkpoint: half the bytes per commit.
            cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
            # WAL lets readers run while one process writes; NORMAL sync is durable across
            # application crashes and only risks the last commits on power loss, in exchange
            # for one fsync per checkpoint rather than per commit.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # A checkpoint every 10,000 frames (20 MB with 2 KiB pages) instead of SQLite's
            # 1,000: each costs two fsyncs and writes back every page it holds once, however
            # often it changed, so ten times fewer of them write back fewer pages in all.
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            # Without a limit the WAL file keeps its high-water size (≈320 MB after loading
            # 100,000 cases) for as long as any connection is open.
            cursor.execute("PRAGMA journal_size_limit=67108864")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
            # A unit of work began its transaction on the DB-API connection (link.py) before it
            # needed this Connection: the Connection joins that transaction.
            return
        # The SQLAlchemy recipe for SQLite transactions ("Enabling Non-Legacy SQLite
        # Transactional Modes"), with IMMEDIATE: a unit of work reads the case and then writes
        # it, and a deferred transaction would have to upgrade its read lock to a write lock,
        # which fails at once with SQLITE_BUSY when another process did the same.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


__all__ = [
    "BUSY_TIMEOUT_MS",
    "READ_ONLY",
    "connect",
    "default_sqlite_url",
    "describe",
    "make_engine",
]
