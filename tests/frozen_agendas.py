"""Run the agenda tests against frozen snapshots (issue 13's done criterion).

With ``CASEWORK_FROZEN_AGENDAS=1`` every agenda that would be assembled from the cases is instead
booked onto an in-memory meeting record, *sent* through :meth:`MeetingRecord.send`, stored in the
row's form and read back, and the frozen agenda of that record is what the caller gets (with the
sent date left out, so texts that print it stay comparable). An agenda test that passes both
ways shows that sending keeps everything the agenda shows: items, numbering, late and closed
items, the presentation texts, decisions and warnings.

``scripts/test.sh`` runs the agenda tests a second time this way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest

from casework.domain.agenda import Agenda
from casework.domain.configuration import Configuration
from casework.domain.meeting_record import MeetingRecord, record_from_row
from casework.services import agendas as agenda_service
from casework.services import meetings as meeting_service
from casework.services.ports import UnitOfWork

ENABLED = os.environ.get("CASEWORK_FROZEN_AGENDAS") == "1"

_assemble_in = agenda_service.assemble_in


def frozen_assemble_in(
    uow: UnitOfWork, config: Configuration, body: str, day: dt.date, today: dt.date | None
) -> Agenda:
    """The assembled agenda, as a record that was sent today would show it."""
    meeting, header = agenda_service.agenda_header(config, body, day)
    # What a real send freezes: each case's content as case_candidate gives it (the services'
    # send does the same), for the cases the assembled agenda holds.
    candidates = {
        case.id: agenda_service.case_candidate(uow, config, case, entered)
        for case, _, entered in agenda_service._derived(uow, config, meeting, today)
    }
    live = _assemble_in(uow, config, body, day, today)
    at = dt.datetime.combine(today or day, dt.time(9), tzinfo=dt.UTC)
    record = MeetingRecord(body, day)
    lates: dict[str, bool] = {}
    for item in live.items:
        if item.content is None:
            continue
        case_id = item.content.case_id
        lates[case_id] = item.late
        record.book(candidates[case_id], at=at, actor="test")
    # Booked before the close, every item would be on time; keep the lateness the live agenda
    # found (entered after the deadline), which is what the snapshot must preserve.
    record.items = tuple(dataclasses.replace(i, late=lates[i.case_id]) for i in record.items)
    record.send(candidates, header, today=today or day, at=at, actor="test")
    stored = record_from_row(
        body,
        day.isoformat(),
        record.state.value,
        record.version,
        record.head_hash,
        record.updated_at,
        record.moved_to,
        record.data_json(),
    )
    return dataclasses.replace(stored.frozen_agenda(), sent_on=None)


@pytest.fixture(autouse=True)
def _frozen_agendas(monkeypatch: pytest.MonkeyPatch) -> None:
    if ENABLED:
        monkeypatch.setattr(meeting_service, "assemble_in", frozen_assemble_in)
        monkeypatch.setattr(agenda_service, "assemble_in", frozen_assemble_in)
