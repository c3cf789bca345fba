"""Published minutes in the OParl export: AgendaItem.result and .resolutionText for open items,
nothing for a closed one, and the public protocol as the meeting's resultsProtocol."""

from __future__ import annotations

import json

from casework.adapters.oparl.export_files import served_documents, served_objects
from casework.app import App
from casework.app.oparl_export import export_oparl
from casework.domain.meeting_record import MeetingRecord, replay_meeting
from casework.services.meetings import meetings_of
from tests.unit.test_oparl_export import _objects, oparl_validate
from tests.unit.test_protocol_documents import SECRET, protocol

BASE = "https://raad.eksempel.dk/oparl/v1"
MEETING = f"{BASE}/meetings/tmu-2026-04-13"


def _store(app: App, record: MeetingRecord) -> None:
    with app.uow_factory() as uow:
        meetings_of(uow).save(record, 0)
        uow.commit()


def _items(app: App) -> dict[int, dict[str, object]]:
    meeting = export_oparl(app, BASE).objects[MEETING]
    return {int(str(item["number"])): item for item in meeting["agendaItem"]}


def test_published_minutes_give_open_items_their_result_and_resolution_text(
    memory_services: App,
) -> None:
    _store(memory_services, protocol())
    items = _items(memory_services)
    decided = [item for item in items.values() if "result" in item]
    assert [item["result"] for item in decided] == ["Anbefales", "Oversendt til Byplanudvalget"]
    assert decided[0]["resolutionText"] == (
        "Udvalget anbefaler indstillingen med den ændring, at 30 km/t indføres."
    )
    closed = next(item for item in items.values() if item["public"] is False)
    assert "result" not in closed and "resolutionText" not in closed
    export = export_oparl(memory_services, BASE)
    meeting = export.objects[MEETING]
    assert meeting["resultsProtocol"]["id"] == f"{BASE}/files/tmu-2026-04-13-protokol"
    served = served_objects(export)
    everything = json.dumps(served, ensure_ascii=False) + "".join(
        data.decode("utf-8") for data in served_documents(export).values()
    )
    assert SECRET not in everything
    assert "Ejendomssag" not in everything  # the export leaves out even the category
    problems = [p for obj in _objects(served) for p in oparl_validate.errors(obj)]
    assert problems == []


def test_minutes_not_yet_published_stay_out(memory_services: App) -> None:
    record = protocol()
    # The same minutes, approved but not published: nothing of them is exported.
    unpublished = [e for e in record.pending if str(e.kind) != "meeting.minutes_published"]
    _store(memory_services, replay_meeting(unpublished))
    items = _items(memory_services)
    assert not any("result" in item or "resolutionText" in item for item in items.values())
    assert "resultsProtocol" not in export_oparl(memory_services, BASE).objects[MEETING]
