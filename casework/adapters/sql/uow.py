"""The SQL unit of work: one connection and one transaction, committed only on request.

Every write of a use case happens inside this transaction, so a failure anywhere leaves nothing
half-written: leaving the ``with`` block without :meth:`SqlUnitOfWork.commit` rolls back. On
SQLite the transaction starts with ``BEGIN IMMEDIATE`` (see ``engine.py``), so a unit of work
holds the write lock from its first read; keep the work inside it short.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.dispatch import SqlDispatchOutbox
from casework.adapters.sql.engine import READ_ONLY, connect, describe
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
    transaction on a fresh pooled connection. After :meth:`commit` or :meth:`rollback` inside the
    block, the next statement begins a new transaction.

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
        self._connection: Connection | None = None
        self._repository: SqlCaseRepository | None = None

    def __enter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already in use")
        connection = connect(self._engine)
        if self._read_only:
            connection = connection.execution_options(**{READ_ONLY: True})
        try:
            connection.begin()
        except DBAPIError as exc:  # on SQLite: another writer held the lock for the whole timeout
            connection.close()
            raise StorageError(detail=describe(exc)) from None
        self._connection = connection
        self._repository = self.cases = SqlCaseRepository(connection)
        self.workflows = SqlWorkflowRepository(connection)
        self.dispatches = SqlDispatchOutbox(connection)
        self.meetings = SqlMeetingRepository(connection)
        self.texts = SqlTextStore(connection)  # issue 14: the presentation's texts
        self.task_committees = SqlCommitteeStore(connection)  # issue 20: task committees
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        repository, self._repository = self._repository, None
        if connection is None:
            return
        try:
            if repository is not None:
                repository.close()
            connection.rollback()  # a no-op after commit(); discards anything not committed
        finally:
            connection.close()

    def commit(self) -> None:
        """Make every write of this unit of work durable, all at once.

        Raises:
            StorageError: the database refused the commit, or a statement of this unit of work
                failed earlier (its transaction was rolled back then); nothing was written.
        """
        connection = self._active()
        if self._repository is not None and self._repository.failure is not None:
            failure, self._repository.failure = self._repository.failure, None
            connection.rollback()
            raise StorageError(
                detail=f"nothing was written; an earlier statement failed: {failure}"
            )
        try:
            connection.commit()
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None

    def rollback(self) -> None:
        """Discard every write since the last commit (and forget an earlier failure)."""
        self._active().rollback()
        if self._repository is not None:
            self._repository.failure = None

    def _active(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside a 'with' block")
        return self._connection


__all__ = ["SqlUnitOfWork"]
