"""The minutes on the meeting's record: decisions, attendance, reopening, approval, publication,
the replay invariant, and the beslutningsprotokol's public and full versions."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.agenda import Candidate, CaseContent, Visibility
from casework.domain.audit import verify_meeting
from casework.domain.errors import CaseworkError
from casework.domain.meeting_errors import (
    ItemAlreadyDecided,
    ItemNotOnMeeting,
    MeetingNotHeldYet,
    MeetingNotYet,
    MeetingStateError,
    MinutesClosed,
    MinutesNeedText,
    NotFixedItem,
    NothingToReopen,
)
from casework.domain.meeting_events import MeetingEventKind
from casework.domain.meeting_payloads import ItemDecided, MeetingHeld, Votes, payload_from_data
from casework.domain.meeting_record import (
    AgendaHeader,
    MeetingRecord,
    MeetingState,
    record_from_row,
    replay_meeting,
)
from casework.domain.protocol import protocol_of

DAY = dt.date(2026, 3, 9)
AT = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
HEADER = AgendaHeader("Teknik- og Miljøudvalget", dt.time(16, 0), dt.date(2026, 3, 3), "Eksempel")
SECRET = "HEMMELIG-KØBESUM-4711"


def candidate(case_id: str, *, closed: bool = False, secret: str = "") -> Candidate:
    content = CaseContent(
        case_id=case_id,
        case_number=f"REF-{case_id}",
        title=f"Sag {case_id} {secret}".strip(),
        case_type="beslutning",
        resume=f"Resumé {secret}",
        indstilling=(f"at sagen godkendes {secret}".strip(),),
    )
    reason = "ejendomshandel" if closed else None
    return Candidate(content=content, entered=DAY, closed=closed, closed_reason=reason)


def held(*cases: Candidate) -> MeetingRecord:
    record = MeetingRecord("tmu", DAY)
    for c in cases:
        record.book(c, at=AT, actor="sofie")
    record.send({c.content.case_id: c for c in cases}, HEADER, today=DAY, at=AT, actor="sofie")
    record.hold(today=DAY, at=AT, actor="sofie")
    return record


def decision(case_id: str, outcome: str = "decided", **extra: object) -> ItemDecided:
    return ItemDecided(case_id=case_id, outcome=outcome, case_seq=4, case_hash="h", **extra)  # type: ignore[arg-type]


def decide(record: MeetingRecord, d: ItemDecided, today: dt.date = DAY) -> list[object]:
    return list(record.decide(d, candidate=None, today=today, at=AT, actor="sofie"))


def assert_row_is_replay(record: MeetingRecord) -> None:
    events = record.pending
    replayed = replay_meeting(events)
    assert replayed.state_dict() == record.state_dict()
    row = record_from_row(
        record.body, record.date.isoformat(), record.state.value, record.version,
        record.head_hash, record.updated_at, record.moved_to, record.data_json(),
    )  # fmt: skip
    assert row.state_dict() == record.state_dict()
    assert verify_meeting(record.key, row, events) == []
    for event in events:  # every payload reads back to the text that was hashed
        assert payload_from_data(event.kind, json.loads(event.data_json)).to_data() == event.data


def test_a_whole_cycle_folds_and_replays() -> None:
    record = held(candidate("A"), candidate("B"))
    votes = Votes(5, 2, 0, "For: A, B, F; imod: O")
    minority, entries = ("O ønsker sagen afvist",), ("C: tilførsel",)
    decide(record, decision("A", text="Godkendt", votes=votes, minority=minority, entries=entries))
    decide(record, decision("B", "referred", to_body="oeu"))
    record.record_absence("Anna Berg", substitute="Bo Lund", at=AT, actor="sofie")
    record.approve_minutes(today=DAY, by="sofie", at=AT, actor="sofie")
    record.publish_minutes(today=DAY, at=AT, actor="sofie")
    assert record.state is MeetingState.PUBLISHED
    assert record.item_of("A").decision is not None
    assert [e.kind for e in record.pending][-5:] == [
        MeetingEventKind.DECISION_RECORDED,
        MeetingEventKind.DECISION_RECORDED,
        MeetingEventKind.ATTENDANCE_RECORDED,
        MeetingEventKind.MINUTES_APPROVED,
        MeetingEventKind.MINUTES_PUBLISHED,
    ]
    assert_row_is_replay(record)


def test_the_same_decision_again_records_nothing_and_another_needs_reopening() -> None:
    record = held(candidate("A"))
    decide(record, decision("A", "postponed"))
    assert decide(record, decision("A", "postponed")) == []
    with pytest.raises(ItemAlreadyDecided) as refused:
        decide(record, decision("A", "decided"))
    assert refused.value.code == "CW822"
    with pytest.raises(MinutesNeedText):
        record.reopen("A", reason="  ", at=AT, actor="sofie")
    record.reopen("A", reason="Taget op igen efter pausen", at=AT, actor="sofie")
    with pytest.raises(NothingToReopen):
        record.reopen("A", reason="igen", at=AT, actor="sofie")
    decide(record, decision("A", "decided"))
    item = record.item_of("A")
    assert [d.payload.outcome for d in item.decisions] == ["postponed", "decided"]
    assert item.decision is not None and item.decision.outcome == "decided"
    assert_row_is_replay(record)


def test_refusals_of_the_minutes() -> None:
    record = held(candidate("A"))
    with pytest.raises(ItemNotOnMeeting):
        decide(record, decision("Z"))
    with pytest.raises(MeetingStateError):  # publish before approval
        record.publish_minutes(today=DAY, at=AT, actor="sofie")
    record.approve_minutes(today=DAY, by="sofie", at=AT, actor="sofie")
    with pytest.raises(MinutesClosed) as closed:
        decide(record, decision("A"))
    assert closed.value.code == "CW823"
    with pytest.raises(MinutesClosed):
        record.record_absence("Anna Berg", at=AT, actor="sofie")
    booked = MeetingRecord("tmu", DAY)
    booked.book(candidate("A"), at=AT, actor="sofie")
    with pytest.raises(MeetingNotHeldYet):  # booked, never sent
        decide(booked, decision("A"))
    with pytest.raises(MeetingStateError):  # approve before held
        booked.approve_minutes(today=DAY, by="sofie", at=AT, actor="sofie")
    with pytest.raises(MeetingStateError):  # absence before held
        booked.record_absence("Anna Berg", at=AT, actor="sofie")


def test_a_sent_meeting_is_held_by_its_first_decision_on_the_day() -> None:
    record = MeetingRecord("tmu", DAY)
    record.book(candidate("A"), at=AT, actor="sofie")
    record.send({"A": candidate("A")}, HEADER, today=DAY, at=AT, actor="sofie")
    with pytest.raises(MeetingNotYet):
        decide(record, decision("A"), today=DAY - dt.timedelta(days=1))
    events = record.decide(decision("A"), candidate=None, today=DAY, at=AT, actor="sofie")
    assert next(e.payload for e in events) == MeetingHeld(implicit=True)
    assert record.held_implicitly and record.state is MeetingState.HELD
    assert_row_is_replay(record)


def test_a_meeting_not_run_on_casework_is_recorded_by_its_decisions() -> None:
    record = MeetingRecord("tmu", DAY)
    first = record.decide(decision("A"), candidate=candidate("A"), today=DAY, at=AT, actor="s")
    assert [e.kind for e in first] == [
        MeetingEventKind.ITEM_BOOKED, MeetingEventKind.HELD, MeetingEventKind.DECISION_RECORDED,
    ]  # fmt: skip
    second = record.decide(decision("B"), candidate=candidate("B"), today=DAY, at=AT, actor="s")
    assert [e.kind for e in second] == [
        MeetingEventKind.ITEM_BOOKED, MeetingEventKind.DECISION_RECORDED,
    ]  # fmt: skip
    assert [(i.case_id, i.implicit, i.current.number) for i in record.active()] == [  # type: ignore[union-attr]
        ("A", True, 1), ("B", True, 2),
    ]  # fmt: skip
    protocol = protocol_of(record, HEADER)
    assert protocol.held_implicitly
    assert [(i.number, i.outcome_text) for i in protocol.items] == [
        (1, "Godkendt"),
        (2, "Godkendt"),
    ]
    assert_row_is_replay(record)


def test_rows_written_before_the_minutes_still_read() -> None:
    record = held(candidate("A"))
    data = json.loads(record.data_json())
    for key in ("attendance", "approved", "published_on", "held_implicitly"):
        del data[key]
    for item in data["items"]:
        for key in ("decisions", "reopened", "implicit"):
            del item[key]
    row = record_from_row(
        record.body, record.date.isoformat(), record.state.value, record.version,
        record.head_hash, record.updated_at, record.moved_to, json.dumps(data),
    )  # fmt: skip
    assert row.state_dict() == record.state_dict()
    assert MeetingHeld.from_data({}) == MeetingHeld()


# --- the protocol ------------------------------------------------------------------------------
def minuted() -> MeetingRecord:
    record = held(candidate("A"), candidate("S", closed=True, secret=SECRET))
    decide(record, decision("A", "referred", to_body="oeu", text="Oversendes",
                            votes=Votes(5, 2, 0, "For: A; imod: O")))  # fmt: skip
    secret = {"minority": (f"Mindretal {SECRET}",), "entries": (f"Tilført {SECRET}",)}
    decide(record, decision("S", text=f"Købet {SECRET}", votes=Votes(4, 3, 0, SECRET), **secret))
    record.record_absence("Anna Berg", substitute="Bo Lund", at=AT, actor="sofie")
    record.approve_minutes(today=DAY, by="Sofie Sekretær", at=AT, actor="sofie")
    return record


def test_the_full_protocol_holds_every_decision() -> None:
    protocol = protocol_of(minuted(), body_names={"oeu": "Økonomiudvalget"})
    case_items = [i for i in protocol.items if not i.fixed]
    referred = next(i for i in case_items if i.case_id == "A")
    assert referred.outcome_text == "Oversendt til Økonomiudvalget"
    assert referred.indstilling == ("at sagen godkendes",)
    assert referred.vote_lines() == (
        "For stemte: 5", "Imod stemte: 2", "Undlod at stemme: 0", "For: A; imod: O",
    )  # fmt: skip
    assert protocol.approved_on == DAY and protocol.approved_by == "Sofie Sekretær"
    full = protocol.publish(Visibility.FULL)
    text = json.dumps(full.as_json(), ensure_ascii=False)
    assert SECRET in text and "Anna Berg (stedfortræder: Bo Lund)" in text
    assert full.title.startswith("Beslutningsprotokol – Teknik- og Miljøudvalget – mandag")


def test_the_public_protocol_shows_a_closed_item_by_number_and_public_heading_only() -> None:
    protocol = protocol_of(minuted())
    public = protocol.publish(Visibility.PUBLIC)
    assert SECRET not in json.dumps(public.as_json(), ensure_ascii=False)
    assert SECRET not in repr(public)
    closed = next(i for i in public.items if i.closed)
    assert closed.heading == "Lukket punkt: Ejendomssag"
    assert dataclasses.astuple(closed)[2:] == (
        False, True, "Ejendomssag", None, (), None, None, None, (), (), (), (), (),
    )  # fmt: skip
    numbers = [i.number for i in public.items]
    assert numbers == sorted(numbers) and closed.number == numbers[-1]
    opened = next(i for i in public.items if i.outcome == "referred")
    assert opened.decision_text == "Oversendes" and opened.votes[0] == "For stemte: 5"


def test_the_audit_catches_an_edited_decision() -> None:
    record = minuted()
    events = list(record.pending)
    index = next(i for i, e in enumerate(events) if e.kind is MeetingEventKind.DECISION_RECORDED)
    forged = events[index].data_json.replace('"in_favour":5', '"in_favour":7')
    assert forged != events[index].data_json
    events[index] = dataclasses.replace(events[index], data_json=forged)
    findings = verify_meeting(record.key, record, events)
    assert [f.code for f in findings] == ["CW401"]


def test_the_minutes_say_something_under_a_fixed_item() -> None:
    record = held(candidate("A"))
    fixed = [s.number for s in record.sent.fixed]  # type: ignore[union-attr]
    case_number = record.item_of("A").current.number  # type: ignore[union-attr]
    with pytest.raises(NotFixedItem) as refused:
        record.note_fixed_item(case_number, "Ikke et fast punkt", at=AT, actor="sofie")
    assert refused.value.code == "CW827"
    record.note_fixed_item(fixed[-2], "Borgmesteren orienterede om vejarbejdet.", at=AT, actor="s")
    record.note_fixed_item(fixed[-2], "Formanden orienterede om vejarbejdet.", at=AT, actor="s")
    assert_row_is_replay(record)
    public = protocol_of(record).publish(Visibility.PUBLIC)
    noted = next(i for i in public.items if i.number == fixed[-2])
    assert noted.fixed and noted.decision_text == "Formanden orienterede om vejarbejdet."


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_sequence_of_minutes_replays_to_the_stored_row(data: st.DataObject) -> None:
    """Whatever the secretariat does in whatever order, the row equals the replay, and nothing
    changes the minutes once they were approved."""
    record = MeetingRecord("tmu", DAY)
    verbs = ["book", "send", "hold", "decide", "reopen", "absent", "note", "approve", "publish"]
    for step in range(data.draw(st.integers(min_value=0, max_value=30))):
        verb = data.draw(st.sampled_from(verbs))
        case_id = data.draw(st.sampled_from(["A", "B", "C"]))
        at = AT + dt.timedelta(minutes=step)
        approved = record.state in (MeetingState.MINUTES_APPROVED, MeetingState.PUBLISHED)
        before = len(record.pending)
        with contextlib.suppress(CaseworkError):
            if verb == "book":
                record.book(candidate(case_id), at=at, actor="s")
            elif verb == "send":
                contents = {i.case_id: candidate(i.case_id) for i in record.active()}
                record.send(contents, HEADER, today=DAY, at=at, actor="s")
            elif verb == "hold":
                record.hold(today=DAY, at=at, actor="s")
            elif verb == "decide":
                outcome = data.draw(st.sampled_from(["decided", "postponed"]))
                d = decision(case_id, outcome, votes=Votes(data.draw(st.integers(0, 7))))
                record.decide(d, candidate=candidate(case_id), today=DAY, at=at, actor="s")
            elif verb == "reopen":
                record.reopen(case_id, reason="Genoptaget", at=at, actor="s")
            elif verb == "absent":
                record.record_absence(f"Medlem {case_id}", substitute=None, at=at, actor="s")
            elif verb == "note":
                record.note_fixed_item(1, f"Note {step}", at=at, actor="s")
            elif verb == "approve":
                record.approve_minutes(today=DAY, by="Sofie", at=at, actor="s")
            else:
                record.publish_minutes(today=DAY, at=at, actor="s")
        if approved:
            kinds = [e.kind for e in record.pending[before:]]
            assert kinds in ([], [MeetingEventKind.MINUTES_PUBLISHED])
    if record.pending:
        assert_row_is_replay(record)
        protocol = protocol_of(record, HEADER)
        decided = [i for i in record.items if i.decision is not None]
        assert len([i for i in protocol.items if i.decided]) == len(decided)
