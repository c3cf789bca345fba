"""Sending an agenda keeps what it shows: the frozen snapshot equals the live agenda.

``tests/frozen_agendas.py`` lets ``scripts/test.sh`` run every agenda test a second time against
frozen snapshots; this test holds the property itself on the demo's meetings, and shows the
snapshot path is really taken (the frozen agenda of a record read back from its row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from frozen_agendas import frozen_assemble_in

from casework.domain.configuration import Configuration
from casework.services import agendas as agenda_service
from casework.services.demo import seed_demo
from casework.testing import InMemoryUnitOfWork

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def test_every_coming_agenda_of_the_demo_is_the_same_once_sent(config: Configuration) -> None:
    uow = InMemoryUnitOfWork()
    seed_demo(lambda: uow, config, cases=40, end=NOW)
    assert config.calendar is not None
    meetings = config.calendar.meetings.select(
        start=NOW.date(), end=NOW.date() + dt.timedelta(days=120)
    )
    compared = items = 0
    with uow:
        for meeting in meetings:
            live = agenda_service.assemble_in(uow, config, meeting.body, meeting.date, NOW.date())
            frozen = frozen_assemble_in(uow, config, meeting.body, meeting.date, NOW.date())
            # The day a case entered the step orders the live agenda and is shown nowhere; the
            # snapshot keeps the order it gave, not the day.
            shown = tuple(dataclasses.replace(i, entered=None) for i in live.items)
            assert frozen == dataclasses.replace(live, items=shown), meeting
            compared += 1
            items += sum(1 for i in live.items if i.content is not None)
    # Every meeting compared, and real items among them (closed ones: the agenda tests, frozen).
    assert (compared, items >= 5) == (len(meetings), True)
