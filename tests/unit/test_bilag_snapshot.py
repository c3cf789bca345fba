"""The frozen agenda at send keeps the open bilag as links; a snapshot sent before bilag
existed reads back byte for byte; public projections never carry a closed bilag."""

from __future__ import annotations

import datetime as dt
import json

from casework.domain.agenda import BilagLink, Candidate, CaseContent, Visibility
from casework.domain.events import canonical_json
from casework.domain.meeting_payloads import content_data, content_from_data
from casework.domain.meeting_record import AgendaHeader, MeetingRecord, replay_meeting

DAY = dt.date(2026, 3, 9)
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HEADER = AgendaHeader("Teknik- og Miljøudvalget", dt.time(16, 0), dt.date(2026, 3, 3), "Eksempel")
LINK = BilagLink(1, "Kort over området", "PDF", 2048, "/sager/2026-0001/bilag/1")


def _content(*files: BilagLink) -> CaseContent:
    return CaseContent(case_id="2026-0001", case_number="2026-0001", title="Lokalplan",
                       case_type="beslutning", files=files)  # fmt: skip


def test_content_without_bilag_is_stored_as_before_and_with_them_round_trips() -> None:
    plain = content_data(_content())
    assert "files" not in plain  # the stored shape of every snapshot sent before bilag
    assert content_from_data(json.loads(canonical_json(plain))) == _content()
    data = content_data(_content(LINK))
    assert data["files"] == [LINK.as_json()]
    back = content_from_data(json.loads(canonical_json(data)))
    assert back.files == (LINK,)
    assert canonical_json(content_data(back)) == canonical_json(data)


def test_the_sent_agenda_links_the_open_bilag_and_replays_to_the_same_record() -> None:
    candidate = Candidate(content=_content(LINK), entered=DAY)
    record = MeetingRecord("tmu", DAY)
    record.book(candidate, at=AT, actor="sofie")
    record.send({"2026-0001": candidate}, HEADER, today=AT.date(), at=AT, actor="sofie")
    agenda = record.frozen_agenda()
    published = agenda.publish(Visibility.PUBLIC)
    item = next(i for i in published.items if i.case_number == "2026-0001")
    assert item.files == (LINK,)
    assert item.as_json()["files"][0]["href"] == "/sager/2026-0001/bilag/1"
    assert LINK.text == "Bilag 1: Kort over området (PDF, 2 kB)"
    replayed = replay_meeting(record.pending)
    assert replayed.state_dict() == record.state_dict()


def test_a_closed_item_shows_no_bilag_publicly() -> None:
    candidate = Candidate(content=_content(LINK), entered=DAY, closed=True,
                          closed_reason="udbud")  # fmt: skip
    record = MeetingRecord("tmu", DAY)
    record.book(candidate, at=AT, actor="sofie")
    record.send({"2026-0001": candidate}, HEADER, today=AT.date(), at=AT, actor="sofie")
    agenda = record.frozen_agenda()
    public = next(i for i in agenda.publish(Visibility.PUBLIC).items if i.closed)
    assert public.files == ()
    full = next(i for i in agenda.publish(Visibility.FULL).items if i.closed)
    assert full.files == (LINK,)


def test_a_discussions_facilitation_kit_survives_the_sent_snapshot() -> None:
    # The agenda is frozen when it is sent; the kit on a discussion's item must be frozen with it.
    bare = CaseContent(
        case_id="2026-0001", case_number="2026-0001", title="T", case_type="drøftelse"
    )
    assert "facilitation" not in content_data(bare)  # snapshots sent before kits read as sent
    kit = ("Drøftelsesformat: 6 skarpe til strategien", "Program: 1. Oplæg (10 min)")
    content = CaseContent(
        case_id="2026-0001", case_number="2026-0001", title="T", case_type="drøftelse",
        facilitation=kit,
    )  # fmt: skip
    stored = json.loads(canonical_json(content_data(content)))
    assert content_from_data(stored).facilitation == kit
