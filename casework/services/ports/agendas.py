"""What the agenda use cases hand to the publishing adapters (``casework.adapters.publish``).

Not to be confused with :class:`casework.domain.reminders.StepDeadline`, which carries the
people a reminder goes to; this one is a line of a person's deadline calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StepDeadline:
    """The due date of an open case's current step, for the person responsible."""

    case_id: str
    title: str
    step: str  # concrete step id, e.g. kladde or politisk_behandling@tmu
    step_title: str
    due: dt.date
    closed: bool = False  # proposed closed: calendar files must not show its title


__all__ = ["StepDeadline"]
