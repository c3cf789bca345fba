"""Meetings' events on the bus: a feed subscribed to them gets a row per event, in the same
transaction as the meeting's change; the cases' feeds and handlers never see them."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.domain.configuration import Configuration
from casework.domain.meeting_events import MeetingEventKind
from casework.services import bus as event_bus
from casework.services import meetings as records
from casework.testing import FixedClock, InMemoryUnitOfWork

DAY = dt.date(2026, 3, 9)


def test_a_meeting_feed_lists_the_meetings_and_the_case_feed_does_not(
    config: Configuration, clock: FixedClock
) -> None:
    store = InMemoryUnitOfWork()
    bus = event_bus.Bus(lambda: store, clock)
    bus.subscribe(event_bus.CASE_CHANGED, None)
    bus.subscribe("test.sent", None, MeetingEventKind.AGENDA_SENT, meetings=True)
    records.close(bus.uow(), config, clock, "tmu", DAY, actor="sofie")
    records.send(bus.uow(), config, clock, "tmu", DAY, actor="sofie")
    records.send(bus.uow(), config, clock, "oeu", dt.date(2026, 3, 19), actor="sofie")

    # One row per sent agenda (the close is not of the feed's kind), keyed by the meeting.
    assert event_bus.feed_changes(bus.uow, "test.sent", "reader") == (
        ("tmu/2026-03-09", "oeu/2026-03-19"),
        2,
    )
    event_bus.move_cursor(bus.uow, clock, "reader", 2)
    assert event_bus.feed_changes(bus.uow, "test.sent", "reader") == ((), 2)
    # The cases' feed saw no meeting event.
    assert event_bus.feed_changes(bus.uow, event_bus.CASE_CHANGED, "cases") == ((), 0)


def test_no_handler_runs_on_meetings_events(clock: FixedClock) -> None:
    bus = event_bus.Bus(InMemoryUnitOfWork, clock)
    with pytest.raises(ValueError, match="no handler"):
        bus.subscribe("x", lambda uow, event: None, MeetingEventKind.HELD, meetings=True)
