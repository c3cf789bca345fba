"""One unit of work's hold on the database: a pooled DB-API connection and its transaction.

The case transitions' hot path (``SqlCaseRepository.find`` / ``save`` and the commit) runs on the
DB-API connection itself; SQLAlchemy's per-transaction machinery (``Connection``, ``begin``, its
events, the commit path and the reset at check-in) cost about 160 µs per transition, several times
what SQLite spends on the statements (issue 17). So a unit of work checks a connection out of the
engine's pool, begins its transaction by hand (``BEGIN IMMEDIATE`` on SQLite, see ``engine.py``;
psycopg begins implicitly before the first statement) and commits on the DB-API connection. A
SQLAlchemy :class:`~sqlalchemy.engine.Connection` on the very same DB-API connection, in the very
same transaction, is made only when a statement outside the hot path needs one
(:class:`LazyConnection`), and from then on it owns the transaction's begin, commit and rollback.

The pool's check-out needs no round trip either: ``engine.py`` tells a PostgreSQL connection the
server has closed by its socket instead of ``pool_pre_ping``'s ``SELECT 1``.

Nor does a unit of work go through the pool every time: the pool's check-out and check-in (the
connection's proxy, its events, the reset) cost about 5 µs, as much as SQLite spends on the
transaction's BEGIN and COMMIT together. A unit of work that ends without a SQLAlchemy
Connection, its transaction committed or rolled back, hands its connection to the engine's next
one (:class:`_Idle`: one connection per engine, whichever thread takes it; the rest stay in the
pool as before; not with SQLite ``:memory:``, whose pool keeps one connection per thread).
``engine.dispose()`` closes it, a forked process never uses its parent's, and
a PostgreSQL connection the server has closed meanwhile is replaced as at the pool's check-out.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any, cast

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import PoolProxiedConnection, SingletonThreadPool

from casework.adapters.sql.engine import READ_ONLY, closed_by_server, describe
from casework.domain.errors import StorageError


class _Idle:
    """The idle connection one unit of work hands to the engine's next (see the module)."""

    __slots__ = ("_lock", "_pid", "enabled", "pooled")

    def __init__(self, *, enabled: bool = True) -> None:
        self._lock = threading.Lock()
        self._pid = 0
        #: False for a pool of one connection per thread (SQLite ``:memory:``): a connection
        #: there may not move to another thread.
        self.enabled = enabled
        self.pooled: PoolProxiedConnection | None = None

    def take(self) -> PoolProxiedConnection | None:
        """The idle connection, now the caller's; None if there is none (or not this process's)."""
        if self.pooled is None:
            return None
        with self._lock:
            pooled, self.pooled = self.pooled, None
        if self._pid != os.getpid():
            return None  # inherited through fork: the parent's connection, never used here
        return pooled

    def give(self, pooled: PoolProxiedConnection) -> bool:
        """Keep ``pooled`` (no transaction open) for the next unit of work, unless one is kept."""
        if self.pooled is not None or not self.enabled:
            return False
        with self._lock:
            if self.pooled is not None:
                return False
            self.pooled, self._pid = pooled, os.getpid()
        return True

    def close(self, _engine: Engine | None = None) -> None:
        """Close the kept connection (at ``engine.dispose()``: its pool is gone)."""
        with self._lock:
            pooled, self.pooled = self.pooled, None
        if pooled is not None and self._pid == os.getpid():
            pooled.detach()  # out of the disposed pool; closing it closes the DB-API connection
            pooled.close()


_IDLE: weakref.WeakKeyDictionary[Engine, _Idle] = weakref.WeakKeyDictionary()
_IDLE_LOCK = threading.Lock()


def _idle(engine: Engine) -> _Idle:
    idle = _IDLE.get(engine)
    if idle is None:
        with _IDLE_LOCK:
            idle = _IDLE.get(engine)
            if idle is None:
                per_thread = isinstance(engine.pool, SingletonThreadPool)
                idle = _IDLE[engine] = _Idle(enabled=not per_thread)
                event.listen(engine, "engine_disposed", idle.close)
    return idle


class Link:
    """The connection and transaction of one unit of work (see the module's docstring)."""

    __slots__ = (
        "_active",
        "_begin_sql",
        "_cursor",
        "_idle",
        "_read_only",
        "_sa",
        "dbapi",
        "dialect",
        "driver",
        "engine",
        "pooled",
        "sqlite",
    )

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self.engine = engine
        self.dialect: Dialect = engine.dialect
        self.dbapi: Any = self.dialect.loaded_dbapi
        self.sqlite = self.dialect.name == "sqlite"
        self._read_only = read_only
        self._begin_sql = "BEGIN" if read_only else "BEGIN IMMEDIATE"
        self._sa: Connection | None = None
        self._active = False
        self._cursor: Any = None
        self._idle = _idle(engine)
        self.pooled = self._checkout()
        self.driver: Any = self.pooled.driver_connection

    def _checkout(self) -> PoolProxiedConnection:
        pooled = self._idle.take()
        if pooled is not None:
            if self.sqlite or not closed_by_server(pooled.driver_connection):
                return pooled
            pooled.invalidate()  # as the pool's check-out does (engine.py), without SELECT 1
            pooled.close()
        try:
            return self.engine.raw_connection()
        except (DBAPIError, self.dbapi.Error) as exc:
            raise StorageError(detail=describe(exc)) from None

    # ------------------------------------------------------------------ the transaction
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this unit of work's connection."""
        if self._sa is not None:
            return self._sa.in_transaction()
        return self._active

    def begin(self) -> None:
        """Begin a transaction (``BEGIN IMMEDIATE`` on SQLite; implicit with psycopg).

        Raises:
            StorageError: on SQLite, another writer held the lock for the whole busy timeout.
        """
        if self._sa is not None:
            try:
                self._sa.begin()
            except DBAPIError as exc:
                raise StorageError(detail=describe(exc)) from None
            return
        if self.sqlite:
            try:
                self.driver.execute(self._begin_sql)
            except self.dbapi.Error as exc:
                raise StorageError(detail=describe(exc)) from None
        self._active = True

    def cursor(self) -> Any:
        """The DB-API cursor of the hot path, inside a transaction (begun if none is open).

        A statement outside a transaction would autocommit on SQLite, and on PostgreSQL it
        would open a transaction nobody commits.
        """
        if not (self._active if self._sa is None else self._sa.in_transaction()):
            self.begin()
        if self._cursor is None:
            self._cursor = self.driver.cursor()
        return self._cursor

    def commit(self) -> None:
        """Commit on the DB-API connection (or through the Connection, once there is one)."""
        if self._sa is not None:
            self._sa.commit()
        else:
            self._active = False
            self.driver.commit()

    def rollback(self) -> None:
        """Roll back; a no-op without an open transaction."""
        if self._sa is not None:
            self._sa.rollback()
        else:
            self._active = False
            self.driver.rollback()

    def failed(self, exc: BaseException) -> None:
        """After a DB-API error of the hot path: discard the connection if it is gone."""
        if _is_disconnect(self.dialect, exc, self.driver, self._cursor):
            if self._sa is not None:
                self._sa.invalidate()
            else:
                self.pooled.invalidate()

    # ------------------------------------------------------------------ SQLAlchemy, lazily
    @property
    def connection(self) -> Connection:
        """A SQLAlchemy Connection on this DB-API connection and in this transaction."""
        if self._sa is None:
            sa = Connection(self.engine, connection=self.pooled)
            if self._read_only:
                sa.execution_options(**{READ_ONLY: True})
            if self._active:
                # Adopt the transaction begun by hand: SQLite's begin listener sees the DB-API
                # connection in a transaction and sends nothing; psycopg's begin is a no-op.
                sa.begin()
            self._sa = sa
        return self._sa

    def close(self) -> None:
        """Roll back anything uncommitted and return the connection to the pool."""
        cursor, self._cursor = self._cursor, None
        try:
            if cursor is not None:
                cursor.close()
        finally:
            if self._sa is not None:
                self._sa.close()  # rolls back an open transaction, then checks in
            else:
                self._release()

    def _release(self) -> None:
        """Hand the connection to the engine's next unit of work, or check it in."""
        pooled, self._active = self.pooled, False
        if pooled.is_valid:
            try:
                # What the pool's reset on check-in does; without a transaction (after a commit)
                # neither driver sends anything.
                self.driver.rollback()
                if self._idle.give(pooled):
                    return
            except self.dbapi.Error:
                pass  # the pool's check-in resets it again, or discards it
        pooled.close()


class ConnectionLink:
    """The hot path's view of a plain SQLAlchemy Connection, for a repository built on one."""

    __slots__ = ("_cursor", "connection", "dbapi", "dialect", "engine", "sqlite")

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.engine = connection.engine
        self.dialect: Dialect = connection.dialect
        self.dbapi: Any = self.dialect.loaded_dbapi
        self.sqlite = self.dialect.name == "sqlite"
        self._cursor: Any = None

    def cursor(self) -> Any:
        """The DB-API cursor, inside the Connection's transaction (begun if none is open)."""
        if not self.connection.in_transaction():
            self.connection.begin()
        if self._cursor is None:
            self._cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        return self._cursor

    def rollback(self) -> None:
        """Roll the Connection's transaction back."""
        self.connection.rollback()

    def failed(self, exc: BaseException) -> None:
        """After a DB-API error of the hot path: discard the connection if it is gone."""
        driver = self.connection.connection.driver_connection
        if _is_disconnect(self.dialect, exc, driver, self._cursor):
            self.connection.invalidate()


def _is_disconnect(dialect: Dialect, exc: BaseException, driver: Any, cursor: Any) -> bool:
    original = getattr(exc, "orig", None) or exc
    if not isinstance(original, dialect.loaded_dbapi.Error):
        return False
    return bool(dialect.is_disconnect(original, driver, cursor))


class LazyConnection:
    """Stands in for a :class:`~sqlalchemy.engine.Connection` until one is used.

    The repositories outside the hot path are built with a Connection at the start of every
    unit of work; this makes the real one (:attr:`Link.connection`) only when one of them runs
    a statement, so a unit of work that only reads and saves a case never pays for one.
    """

    __slots__ = ("_link", "dialect", "engine")

    def __init__(self, link: Link) -> None:
        self._link = link
        self.engine = link.engine
        self.dialect = link.dialect

    def __getattr__(self, name: str) -> Any:
        return getattr(self._link.connection, name)

    def as_connection(self) -> Connection:
        """Typed as the Connection it stands in for."""
        return cast(Connection, self)


__all__ = ["ConnectionLink", "LazyConnection", "Link"]
