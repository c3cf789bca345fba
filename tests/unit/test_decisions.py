"""The rules of :mod:`casework.domain.decisions`: which meeting a decision may name."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.domain.decisions import held_meeting
from casework.domain.errors import MeetingNotHeld, MeetingRequired, NoMeetingOfBody
from casework.domain.meetings import Meeting, MeetingPlan

D = dt.date.fromisoformat
PLAN = MeetingPlan.of(
    Meeting("kb", D(day), dt.time(17)) for day in ("2026-11-26", "2026-12-17", "2027-01-28")
)
TODAY = D("2026-12-17")


def test_a_held_meeting_of_the_body_is_its_date() -> None:
    assert held_meeting(PLAN, "kb", "KB", D("2026-11-26"), TODAY) == D("2026-11-26")
    assert held_meeting(PLAN, "kb", "KB", TODAY, TODAY) == TODAY  # in session today


@pytest.mark.parametrize(
    ("day", "error", "params"),
    [
        (None, MeetingRequired, {"body": "KB", "last": "2026-12-17"}),
        ("2027-01-28", MeetingNotHeld, {"day": "2027-01-28", "last": "2026-12-17"}),
        ("2026-12-10", NoMeetingOfBody, {"near": "2026-11-26, 2026-12-17"}),
        ("2026-01-21", NoMeetingOfBody, {"near": "2026-11-26"}),
    ],
)
def test_refusals_name_the_meetings_that_would_fit(
    day: str | None, error: type[Exception], params: dict[str, str]
) -> None:
    with pytest.raises(error) as caught:
        held_meeting(PLAN, "kb", "KB", D(day) if day else None, TODAY)
    assert params.items() <= caught.value.params.items()  # type: ignore[attr-defined]


def test_a_body_without_meetings_and_no_plan() -> None:
    with pytest.raises(NoMeetingOfBody) as caught:
        held_meeting(PLAN, "tmu", "TMU", D("2026-12-01"), TODAY)
    assert caught.value.params["near"] == "–"
    # Without a meeting plan only the date's presence and the clock are checked.
    assert held_meeting(None, "kb", "KB", D("2026-12-01"), TODAY) == D("2026-12-01")
    with pytest.raises(MeetingNotHeld):
        held_meeting(None, "kb", "KB", D("2026-12-18"), TODAY)
