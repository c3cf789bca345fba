"""The ports the service layer needs, as Protocols: a unit of work, repositories and a clock.

Adapters implement them (``casework.adapters.sql``); ``casework.testing`` ships in-memory fakes.
One contract test suite runs against both, so they cannot drift apart.

The ports of the other use cases, with the records that cross them, have a module each and are
re-exported here: reminders (:mod:`.reminders`), OParl import and export (:mod:`.oparl`), web
accounts (:mod:`.accounts`), agenda publishing (:mod:`.agendas`) and the meetings' records
(:mod:`.meetings`). Adapters import this package and nothing else of ``casework.services``
(import-linter holds that).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from casework.domain.case import Case
from casework.domain.events import CaseEvent
from casework.domain.workflow import CaseStatus, WorkflowDefinition
from casework.services.ports.accounts import AccountStore, TokenInfo
from casework.services.ports.agendas import StepDeadline
from casework.services.ports.audit import StoredWorkflow
from casework.services.ports.meetings import MeetingRepository
from casework.services.ports.oparl import (
    OPARL,
    ImportChanges,
    ImportReport,
    OparlExport,
    OparlList,
    OParlStore,
)
from casework.services.ports.reminders import (
    Channel,
    ChannelFactory,
    DeadlineRow,
    OutboxMessage,
    Recipient,
    ReminderRun,
    ReminderStore,
)


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """Filters for listing cases; every field is optional and they combine with AND."""

    status: CaseStatus | None = CaseStatus.OPEN
    owner: str | None = None
    centre: str | None = None
    workflow: str | None = None
    step: str | None = None  # a template step id: matches "behandling" and "behandling@kb"
    #: Words of the title or the presentation texts (any inflection), or a case number.
    search: str | None = None
    limit: int = 100
    offset: int = 0


class CaseRepository(Protocol):
    """Cases and their events; the only way the services read or write them."""

    def get(self, case_id: str) -> Case:
        """The case's current state. Raises NotFound."""
        ...

    def add(self, case: Case) -> None:
        """Insert a new case with its pending events."""
        ...

    def save(self, case: Case, expected_version: int) -> None:
        """Write the case's new state and pending events if the stored version is
        ``expected_version``; otherwise raise ConcurrentUpdate and write nothing."""
        ...

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in sequence order (empty for an unknown case)."""
        ...

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        """The event recorded with this idempotency key, if any."""
        ...

    def next_number(self, year: int) -> int:
        """The next case number of ``year`` (1, 2, …), reserved inside this unit of work."""
        ...

    def list(self, query: CaseQuery) -> list[Case]:
        """Cases matching ``query``, most recently changed first."""
        ...

    def urgent(self, limit: int) -> builtins.list[Case]:
        """Open cases by nearest due date (cases without one last, oldest first)."""
        ...

    def ids(self) -> Iterator[str]:
        """Every case id that has a row or an event (for the audit)."""
        ...

    def find(self, case_id: str) -> Case | None:
        """The case's current state, or None."""
        ...

    def row_differences(self, case: Case) -> builtins.list[str]:
        """The columns of the case's stored row that differ from the row saving ``case`` would
        write, byte for byte (for the audit: derived columns such as ``due`` and the exact JSON
        text included; a store without rows has none)."""
        ...


class WorkflowRepository(Protocol):
    """The workflow versions that cases pin, kept so they outlive the files in config/."""

    def register(self, definition: WorkflowDefinition, at: str) -> None:
        """Keep ``definition`` (id, version, snapshot); refresh it while no case uses it.

        Raises WorkflowChanged when the stored snapshot of the same id and version differs and
        cases pin that version.
        """
        ...

    def get(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        """The stored definition of that version, if one is kept."""
        ...

    def stored(self) -> list[StoredWorkflow]:
        """Every kept version and every version cases pin, with their case counts (for the
        audit), ordered by workflow id and version."""
        ...


class UnitOfWork(Protocol):
    """One transaction: nothing is written unless :meth:`commit` is called."""

    cases: CaseRepository
    workflows: WorkflowRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class Clock(Protocol):
    """Time, passed in: the domain never reads a clock."""

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware."""
        ...

    def today(self) -> dt.date:
        """Today's date in the municipality's time zone (Europe/Copenhagen)."""
        ...


__all__ = [
    "OPARL",
    "AccountStore",
    "CaseQuery",
    "CaseRepository",
    "Channel",
    "ChannelFactory",
    "Clock",
    "DeadlineRow",
    "ImportChanges",
    "ImportReport",
    "MeetingRepository",
    "OParlStore",
    "OparlExport",
    "OparlList",
    "OutboxMessage",
    "Recipient",
    "ReminderRun",
    "ReminderStore",
    "StepDeadline",
    "StoredWorkflow",
    "TokenInfo",
    "UnitOfWork",
    "WorkflowRepository",
]
