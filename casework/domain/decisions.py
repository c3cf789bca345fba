"""When a body's decision from the minutes may be recorded: the meeting, and once per meeting.

A decision belongs to a meeting that took place. :func:`held_meeting` checks the meeting a
decision names: a date must be given, it must be today or earlier, and the body the case is at
must meet that day in the meeting plan; each refusal names the meetings that would fit.
:func:`earlier_decision` finds what a body already decided on the case at the same meeting, so a
retried form cannot move the case twice: the same decision again is a repetition, a different
one is refused. A postponed item taken up again at a later meeting is a new decision (another
date). Pure: the meeting plan, the history and today come in as arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casework.domain.errors import (
    MeetingNotHeld,
    MeetingRequired,
    NoMeetingOfBody,
)
from casework.domain.event_types import CaseAdvanced, DecisionTaken
from casework.domain.events import CaseEvent
from casework.domain.meetings import MeetingPlan
from casework.domain.messages import Msg, register

register({
    "outcome.decided": ("godkendt", "decided"),
    "outcome.recommended": ("anbefales", "recommended"),
    "outcome.noted": ("taget til efterretning", "noted"),
    "outcome.postponed": ("udsat", "postponed"),
    "outcome.returned": ("tilbagesendt", "returned"),
    "outcome.rejected": ("afvist", "rejected"),
    "outcome.referred": ("oversendt", "referred"),
})  # fmt: skip

__all__ = [
    "EarlierDecision",
    "decisions_on",
    "earlier_decision",
    "held_meeting",
    "outcome_text",
    "same_decision",
]


def outcome_text(outcome: str) -> Msg:
    """An outcome as the minutes say it, in the reader's language."""
    return Msg(f"outcome.{outcome}")


def held_meeting(
    plan: MeetingPlan | None, body: str, short: str, day: dt.date | None, today: dt.date
) -> dt.date:
    """The date of the meeting at which ``body`` (called ``short``) took the decision.

    Without a meeting plan only the date's presence and that it is not in the future are checked.

    Raises:
        MeetingRequired: no date was given.
        MeetingNotHeld: the date is after ``today``.
        NoMeetingOfBody: the meeting plan has no meeting of ``body`` that day.
    """
    meetings = sorted({m.date for m in plan.for_body(body)}) if plan is not None else []
    last = max((d for d in meetings if d <= today), default=None)
    latest = last.isoformat() if last is not None else "–"
    if day is None:
        raise MeetingRequired(body=short, last=latest)
    if day > today:
        raise MeetingNotHeld(body=short, day=day.isoformat(), today=today.isoformat(), last=latest)
    if plan is not None and day not in meetings:
        before = max((d for d in meetings if d < day), default=None)
        after = min((d for d in meetings if d > day), default=None)
        near = ", ".join(d.isoformat() for d in (before, after) if d is not None) or "–"
        raise NoMeetingOfBody(body=short, day=day.isoformat(), near=near)
    return day


def same_decision(earlier: DecisionTaken, minutes: DecisionTaken) -> bool:
    """Whether ``minutes`` repeats ``earlier`` (outcome, text, votes, meeting and referral)."""
    keys = ("outcome", "text", "votes", "meeting", "to_body")
    return all(getattr(earlier, k) == getattr(minutes, k) for k in keys)


@dataclass(frozen=True, slots=True)
class EarlierDecision:
    """A decision in a case's history: its event, the step it was taken at, the minutes."""

    event: CaseEvent
    step: str
    minutes: DecisionTaken


def decisions_on(events: Sequence[CaseEvent], day: dt.date) -> list[EarlierDecision]:
    """Every decision in the history recorded for a meeting on ``day``, oldest first."""
    found = []
    for event in events:
        payload = event.payload
        if not isinstance(payload, CaseAdvanced) or payload.minutes is None:
            continue
        if payload.minutes.meeting == day.isoformat():
            found.append(EarlierDecision(event, payload.from_step, payload.minutes))
    return found


def earlier_decision(
    events: Sequence[CaseEvent], body_of: Callable[[str], str | None], body: str, day: dt.date
) -> EarlierDecision | None:
    """The last decision ``body`` recorded on the case at its meeting on ``day``, if any.

    ``body_of`` names the body of a step of the case's graph (None for a step without one).
    """
    mine = [d for d in decisions_on(events, day) if body_of(d.step) == body]
    return mine[-1] if mine else None
