"""The SQL unit of work: one connection and one transaction, committed only on request.

Every write of a use case happens inside this transaction, so a failure anywhere leaves nothing
half-written: leaving the ``with`` block without :meth:`SqlUnitOfWork.commit` rolls back. On
SQLite the transaction starts with ``BEGIN IMMEDIATE`` (see ``engine.py``), so a unit of work
holds the write lock from its first read; keep the work inside it short.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
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
    workflows: WorkflowRepository
    #: The bus's outbox, written in this same transaction (``casework.services.bus``).
    dispatches: DispatchOutbox
    #: The meetings' records (issue 13), in the same transaction as the cases.
    meetings: MeetingRepository

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._link: Link | None = None
        self._repository: SqlCaseRepository | None = None

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
        # The other repositories get a stand-in that makes a SQLAlchemy Connection on the same
        # DB-API connection and transaction when they first use it (link.py).
        connection = LazyConnection(link).as_connection()
        self.workflows = SqlWorkflowRepository(connection)
        self.dispatches = SqlDispatchOutbox(connection)
        self.meetings = SqlMeetingRepository(connection)
        self.texts = SqlTextStore(connection)  # issue 14: the presentation's texts
        self.task_committees = SqlCommitteeStore(connection)  # issue 20: task committees
        self.anchors = SqlAnchorStore(connection)  # the audit anchors (issue 16's closing note)
        return self

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
