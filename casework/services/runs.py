"""Which one-off reminder runs to create or cancel, read from the cases that changed.

``schedule-runs`` used to read every case every few minutes. Now it asks the bus's change feed
(:func:`casework.services.bus.changed_cases`) for the cases with events since its last run and
looks only at those; its first run, without a position, reads every case. The daily deadline
sweep stays the safety net: it sends whatever is due, one-off run or not. This module decides;
the flow talks to Prefect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from casework.domain.errors import NotFound
from casework.services.bus import changed_cases, move_cursor
from casework.services.ports import Clock, UnitOfWork

#: The feed consumer name of the ``schedule-runs`` flow (its cursor row).
SCHEDULE_RUNS = "schedule-runs"


class ReminderSource(Protocol):
    """What the run planning needs of the reminder use cases."""

    def upcoming(self, case_id: str, now: dt.datetime | None = None) -> list[Any]:
        """The case's reminders still to fire after ``now`` (objects with key and fire_at)."""
        ...

    def runs_for_case(self, case_id: str) -> list[Any]:
        """The runs recorded for the case (objects with key and scheduled_for)."""
        ...


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What ``schedule-runs`` should do now, and the feed position to store once it has.

    ``create`` holds reminders without a run, ``cancel`` recorded runs whose reminder is no
    longer wanted and whose time is still to come. ``cases_read`` counts the cases looked at;
    ``full`` says they were all of them (a first run).
    """

    create: tuple[Any, ...]
    cancel: tuple[Any, ...]
    cases_read: int
    position: int
    full: bool


def plan_reminder_runs(
    uow_factory: Callable[[], UnitOfWork],
    reminders: ReminderSource,
    *,
    now: dt.datetime,
    until: dt.datetime,
    consumer: str = SCHEDULE_RUNS,
) -> RunPlan:
    """The runs to create and cancel for the cases changed since ``consumer``'s last run."""
    changes = changed_cases(uow_factory, consumer)
    create: list[Any] = []
    cancel: list[Any] = []
    for case_id in changes.case_ids:
        try:
            wanted = {r.key: r for r in reminders.upcoming(case_id, now=now) if r.fire_at <= until}
        except NotFound:  # an id with events but no row (the audit lists those)
            continue
        known = {run.key: run for run in reminders.runs_for_case(case_id)}
        create += [r for key, r in wanted.items() if key not in known]
        cancel += [run for key, run in known.items()
                   if key not in wanted and _instant(run.scheduled_for) > now]  # fmt: skip
    return RunPlan(tuple(create), tuple(cancel), len(changes.case_ids), changes.position,
                   changes.full)  # fmt: skip


def reminder_runs_scheduled(
    uow_factory: Callable[[], UnitOfWork],
    clock: Clock,
    plan: RunPlan,
    consumer: str = SCHEDULE_RUNS,
) -> None:
    """Store that ``plan`` was carried out: the next run starts after its feed position."""
    move_cursor(uow_factory, clock, consumer, plan.position)


def _instant(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


__all__ = [
    "SCHEDULE_RUNS",
    "ReminderSource",
    "RunPlan",
    "plan_reminder_runs",
    "reminder_runs_scheduled",
]
