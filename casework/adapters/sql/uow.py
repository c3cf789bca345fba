"""The SQL unit of work: one connection and one transaction, committed only on request.

Every write of a use case happens inside this transaction, so a failure anywhere leaves nothing
half-written: leaving the ``with`` block without :meth:`SqlUnitOfWork.commit` rolls back. On
SQLite the transaction starts with ``BEGIN IMMEDIATE`` (see ``engine.py``), so a unit of work
holds the write lock from its first read; keep the work inside it short.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.anchors import SqlAnchorStore
from casework.adapters.sql.dispatch import SqlDispatchOutbox
from casework.adapters.sql.engine import describe
from casework.adapters.sql.link import LazyConnection, Link
from casework.adapters.sql.meetings import SqlMeetingRepository
from casework.adapters.sql.presentation_texts import SqlTextStore
from casework.adapters.sql.repository import SqlCaseRepository
from casework.adapters.sql.task_committees import SqlCommitteeStore
from casework.adapters.sql.workflows import SqlWorkflowRepository
from casework.domain.errors import StorageError
from casework.services.ports import CaseRepository, WorkflowRepository
from casework.services.ports.dispatch import DispatchOutbox
from casework.services.ports.meetings import MeetingRepository

_R = TypeVar("_R")


class SqlUnitOfWork:
    """:class:`~casework.services.ports.UnitOfWork` on a SQLAlchemy engine.

    A unit of work may be entered again after it has been left; each ``with`` block is a fresh
    transaction on a pooled connection (the engine's previous unit of work's, when it left one
    idle: ``link.py``). After :meth:`commit` or :meth:`rollback` inside the
    block, the next statement begins a new transaction. The transaction runs on the pooled DB-API
    connection itself, with a SQLAlchemy Connection only for the statements outside the case
    transitions' hot path (``link.py``, issue 17).

    Args:
        engine: from :func:`~casework.adapters.sql.engine.make_engine`.
        read_only: on SQLite, begin with a deferred ``BEGIN`` instead of ``BEGIN IMMEDIATE``, so
            a listing does not wait for writers; writing in such a unit of work may fail with
            "database is locked" when another process writes at the same time.
    """

    #: Typed as the ports: a protocol's attribute must match exactly (attributes are invariant).
    cases: CaseRepository

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._link: Link | None = None
        self._repository: SqlCaseRepository | None = None
        #: The repositories outside the hot path, made when first used (:meth:`_made`).
        self._others: dict[str, Any] = {}

    def __enter__(self) -> Self:
        if self._link is not None:
            raise RuntimeError("this unit of work is already in use")
        link = Link(self._engine, read_only=self._read_only)
        try:
            link.begin()
        except StorageError:  # on SQLite: another writer held the lock for the whole timeout
            link.close()
            raise
        self._link = link
        self._repository = self.cases = SqlCaseRepository(link)
        return self

    # The repositories outside the hot path. Each is made on first use in a block, on a
    # stand-in that makes a SQLAlchemy Connection on the same DB-API connection and transaction
    # when it first runs a statement (link.py): a case's transition uses none of them, and
    # making six per unit of work cost about as much as SQLite's BEGIN (issue 17).
    @property
    def workflows(self) -> WorkflowRepository:
        return self._made("workflows", SqlWorkflowRepository)

    @workflows.setter
    def workflows(self, value: WorkflowRepository) -> None:
        self._others["workflows"] = value

    @property
    def dispatches(self) -> DispatchOutbox:
        """The bus's outbox, written in this same transaction (``casework.services.bus``)."""
        return self._made("dispatches", SqlDispatchOutbox)

    @dispatches.setter
    def dispatches(self, value: DispatchOutbox) -> None:
        self._others["dispatches"] = value

    @property
    def meetings(self) -> MeetingRepository:
        """The meetings' records (issue 13), in the same transaction as the cases."""
        return self._made("meetings", SqlMeetingRepository)

    @meetings.setter
    def meetings(self, value: MeetingRepository) -> None:
        self._others["meetings"] = value

    @property
    def texts(self) -> SqlTextStore:
        """The presentation's texts (issue 14)."""
        return self._made("texts", SqlTextStore)

    @property
    def task_committees(self) -> SqlCommitteeStore:
        """The task committees (issue 20)."""
        return self._made("task_committees", SqlCommitteeStore)

    @property
    def anchors(self) -> SqlAnchorStore:
        """The audit anchors (issue 16's closing note)."""
        return self._made("anchors", SqlAnchorStore)

    def _made(self, name: str, make: Callable[[Connection], _R]) -> _R:
        made = self._others.get(name)
        if made is None:
            made = self._others[name] = make(LazyConnection(self._active()).as_connection())
        return cast(_R, made)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        link, self._link = self._link, None
        repository, self._repository = self._repository, None
        if link is None:
            return
        self._others = {}
        if repository is not None:
            repository.forget()
        link.close()  # rolls back whatever was not committed

    def commit(self) -> None:
        """Make every write of this unit of work durable, all at once.

        Raises:
            StorageError: the database refused the commit, or a statement of this unit of work
                failed earlier (its transaction was rolled back then); nothing was written.
        """
        link = self._active()
        if self._repository is not None and self._repository.failure is not None:
            failure, self._repository.failure = self._repository.failure, None
            link.rollback()
            raise StorageError(
                detail=f"nothing was written; an earlier statement failed: {failure}"
            )
        try:
            link.commit()
        except (DBAPIError, link.dbapi.Error) as exc:
            link.failed(exc)
            raise StorageError(detail=describe(exc)) from None

    def rollback(self) -> None:
        """Discard every write since the last commit (and forget an earlier failure)."""
        self._active().rollback()
        if self._repository is not None:
            self._repository.failure = None
            self._repository.forget()

    def _active(self) -> Link:
        if self._link is None:
            raise RuntimeError("use the unit of work inside a 'with' block")
        return self._link


__all__ = ["SqlUnitOfWork"]
