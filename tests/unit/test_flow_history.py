"""The flow over time's counting (issue 22, item 3): bands at each week's end, opened and
finished per week."""

from __future__ import annotations

import datetime as dt

from casework.domain.flow_history import BANDS, flow_weeks, week_starts

TODAY = dt.date(2026, 12, 6)  # a Sunday: the current week is 30 November – 6 December


def test_weeks_end_on_the_current_week() -> None:
    starts = week_starts(TODAY, 3)
    assert starts == [dt.date(2026, 11, 16), dt.date(2026, 11, 23), dt.date(2026, 11, 30)]


def test_a_case_stands_in_the_last_phase_it_entered_before_each_weeks_end() -> None:
    timelines = [
        # Opened in week 1, approvals in week 2, booked in week 3.
        [("drafting", "2026-11-17T09:00:00Z"), ("approvals", "2026-11-24T10:00:00Z"),
         ("booked", "2026-12-01T10:00:00Z")],
        # Opened and finished within week 2.
        [("drafting", "2026-11-23T09:00:00Z"), ("done", "2026-11-27T15:00:00Z")],
        # Opened before the window, finished in week 3.
        [("drafting", "2026-10-01T09:00:00Z"), ("executing", "2026-10-20T09:00:00Z"),
         ("done", "2026-12-02T09:00:00Z")],
        # Opened on the last day of the current week: counted in it.
        [("drafting", "2026-12-06T11:00:00Z")],
    ]  # fmt: skip
    weeks = flow_weeks(timelines, TODAY, 3)
    assert [w.week for w in weeks] == ["2026-W47", "2026-W48", "2026-W49"]
    first, second, third = weeks
    assert (first.count("drafting"), first.count("executing"), first.count("done")) == (1, 1, 0)
    assert (second.count("approvals"), second.count("done"), second.count("executing")) == (1, 1, 1)
    assert (third.count("booked"), third.count("done"), third.count("drafting")) == (1, 2, 1)
    assert [w.opened for w in weeks] == [1, 1, 1]
    assert [w.finished for w in weeks] == [0, 1, 1]
    # Every case that existed at a week's end is in exactly one band.
    assert [sum(c for _, c in w.bands) for w in weeks] == [2, 3, 4]
    assert [b for b, _ in third.bands] == list(BANDS)


def test_an_unknown_phase_counts_as_drafting_and_an_empty_timeline_not_at_all() -> None:
    weeks = flow_weeks([[("hearing", "2026-12-01T09:00:00Z")], []], TODAY, 1)
    assert weeks[0].count("drafting") == 1
    assert sum(c for _, c in weeks[0].bands) == 1
