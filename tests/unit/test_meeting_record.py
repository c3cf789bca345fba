"""The meeting as a record: transitions, the frozen agenda, corrections, and the hash chain."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.agenda import Candidate, CaseContent, Decision, Visibility
from casework.domain.audit import verify_meeting
from casework.domain.errors import CaseworkError
from casework.domain.events import GENESIS
from casework.domain.meeting_errors import (
    AgendaAlreadySent,
    BadMoveTarget,
    CaseAlreadyBooked,
    CaseNotBooked,
    CorrectionNeedsReason,
    MeetingNotYet,
    MeetingStateError,
    NothingToCorrect,
)
from casework.domain.meeting_events import MeetingEventKind
from casework.domain.meeting_record import (
    AgendaHeader,
    MeetingRecord,
    MeetingState,
    record_from_row,
    replay_meeting,
)

DAY = dt.date(2026, 3, 9)
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HEADER = AgendaHeader("Teknik- og Miljøudvalget", dt.time(16, 0), dt.date(2026, 3, 3), "Eksempel")


def candidate(case_id: str, resume: str = "Resumé", **attrs: object) -> Candidate:
    content = CaseContent(
        case_id=case_id,
        case_number=f"REF-{case_id}",
        title=f"Sag {case_id}",
        case_type="beslutning",
        resume=resume,
        indstilling=("at planen godkendes",),
        bilag=("kort.pdf",),
        decisions=(Decision("Økonomiudvalget", dt.date(2026, 2, 2), "Anbefales"),),
    )
    return Candidate(content=content, entered=DAY, **attrs)  # type: ignore[arg-type]


def sent_meeting(*case_ids: str) -> MeetingRecord:
    record = MeetingRecord("tmu", DAY)
    for case_id in case_ids:
        record.book(candidate(case_id), at=AT, actor="sofie")
    record.send({c: candidate(c) for c in case_ids}, HEADER, today=AT.date(), at=AT, actor="sofie")
    return record


def case_items(record: MeetingRecord) -> dict[str, str | None]:
    agenda = record.frozen_agenda()
    return {i.content.case_id: i.content.resume for i in agenda.items if i.content is not None}


# --- transitions ------------------------------------------------------------------------------
def test_booking_before_and_after_the_close_marks_late_items() -> None:
    record = MeetingRecord("tmu", DAY)
    record.book(candidate("A"), at=AT, actor="sofie")
    record.close(deadline=HEADER.deadline, at=AT, actor="sofie")
    record.book(candidate("B"), at=AT, actor="sofie")
    assert [(i.case_id, i.late, i.supplementary) for i in record.active()] == [
        ("A", False, False),
        ("B", True, False),
    ]
    agenda = record.agenda({"A": candidate("A"), "B": candidate("B")}, HEADER)
    assert [(i.number, i.title, i.late) for i in agenda.items] == [
        (1, "Godkendelse af dagsorden", False),
        (2, "Sag A (Beslutning)", False),
        (3, "Sag B (Beslutning)", True),
        (4, "Meddelelser", False),
        (5, "Eventuelt", False),
    ]


def test_sending_freezes_the_items_whatever_the_cases_say_later() -> None:
    record = sent_meeting("A", "B")
    assert record.state is MeetingState.AGENDA_SENT
    kinds = [e.kind for e in record.pending]
    assert kinds[-2:] == [MeetingEventKind.AGENDA_CLOSED, MeetingEventKind.AGENDA_SENT]
    assert record.pending[-2].payload.implicit  # type: ignore[union-attr]
    agenda = record.frozen_agenda()
    assert agenda.sent_on == AT.date()
    assert [i.number for i in agenda.items] == [1, 2, 3, 4, 5]
    assert case_items(record) == {"A": "Resumé", "B": "Resumé"}


def test_a_correction_is_a_new_version_and_the_old_one_is_kept() -> None:
    record = sent_meeting("A")
    record.correct(candidate("A", resume="Nyt resumé"), reason="Forkert beløb", at=AT, actor="x")
    item = record.item_of("A")
    assert [v.snapshot.content.resume for v in item.versions] == ["Resumé", "Nyt resumé"]  # type: ignore[union-attr]
    assert [v.reason for v in item.versions] == [None, "Forkert beløb"]
    published = record.frozen_agenda().publish(Visibility.FULL)
    corrected = next(i for i in published.items if i.case_number == "REF-A")
    assert (corrected.version, corrected.resume) == (2, "Nyt resumé")
    assert corrected.notes == ("Rettelsesblad, version 2: Forkert beløb",)


def test_a_correction_that_changes_nothing_is_refused() -> None:
    record = sent_meeting("A")
    with pytest.raises(NothingToCorrect):
        record.correct(candidate("A"), reason="Ingen ændring", at=AT, actor="x")


def test_a_closed_items_correction_reason_stays_out_of_the_public_version() -> None:
    closed = candidate("A", closed=True, closed_reason="udbud")
    record = MeetingRecord("tmu", DAY)
    record.book(closed, at=AT, actor="sofie")
    record.send({"A": closed}, HEADER, today=AT.date(), at=AT, actor="sofie")
    record.correct(
        dataclasses.replace(closed, content=dataclasses.replace(closed.content, resume="ny")),
        reason="HEMMELIG grund",
        at=AT,
        actor="x",
    )
    public = record.frozen_agenda().publish(Visibility.PUBLIC)
    text = repr(public.as_json())
    assert "HEMMELIG" not in text and "Sag A" not in text
    assert "Rettelsesblad, version 2" in text


def test_booking_after_sending_is_a_supplementary_item_frozen_at_once() -> None:
    record = sent_meeting("A")
    record.book(candidate("B"), at=AT, actor="sofie")
    item = record.item_of("B")
    assert item.supplementary and item.late and item.current is not None
    assert item.current.number == 5  # after the four items sent
    published = record.frozen_agenda().publish(Visibility.FULL)
    assert published.items[-1].notes[0].startswith("Tillægsdagsorden")


def test_withdrawing_before_sending_removes_the_item_after_sending_only_as_a_correction() -> None:
    record = MeetingRecord("tmu", DAY)
    record.book(candidate("A"), at=AT, actor="sofie")
    record.withdraw("A", reason=None, at=AT, actor="sofie")
    assert record.active() == []
    record.book(candidate("A"), at=AT, actor="sofie")  # booked again after withdrawing
    record.send({"A": candidate("A")}, HEADER, today=AT.date(), at=AT, actor="sofie")
    with pytest.raises(CorrectionNeedsReason):
        record.withdraw("A", reason=None, at=AT, actor="sofie")
    record.withdraw("A", reason="Sagen er trukket", at=AT, actor="sofie")
    published = record.frozen_agenda().publish(Visibility.FULL)
    withdrawn = next(i for i in published.items if i.case_number == "REF-A")
    assert withdrawn.withdrawn and withdrawn.notes == ("Punktet er udgået: Sagen er trukket",)


@pytest.mark.parametrize(
    ("setup", "verb", "error"),
    [
        ("cancelled", "book", MeetingStateError),
        ("held", "book", MeetingStateError),
        ("sent", "send", AgendaAlreadySent),
        ("planned", "hold", MeetingStateError),
        ("closed", "close", MeetingStateError),
        ("planned", "correct", MeetingStateError),
        ("held", "cancel", MeetingStateError),
        ("booked", "book", CaseAlreadyBooked),
        ("planned", "withdraw", CaseNotBooked),
        ("moved", "book", MeetingStateError),
    ],
)
def test_transitions_the_state_does_not_allow_are_refused(
    setup: str, verb: str, error: type[CaseworkError]
) -> None:
    record = MeetingRecord("tmu", DAY)
    if setup in {"booked", "closed"}:
        record.book(candidate("A"), at=AT, actor="s")
    if setup == "closed":
        record.close(deadline=None, at=AT, actor="s")
    if setup in {"sent", "held"}:
        record = sent_meeting("A")
    if setup == "held":
        record.hold(today=DAY, at=AT, actor="s")
    if setup == "cancelled":
        record.cancel(reason="Ingen sager", at=AT, actor="s")
    if setup == "moved":
        record.move_to(
            MeetingRecord("tmu", DAY + dt.timedelta(days=7)), reason=None, at=AT, actor="s"
        )
    before = record.state_dict()
    verbs = {
        "book": lambda: record.book(candidate("A"), at=AT, actor="s"),
        "send": lambda: record.send({"A": candidate("A")}, HEADER, today=DAY, at=AT, actor="s"),
        "hold": lambda: record.hold(today=DAY, at=AT, actor="s"),
        "close": lambda: record.close(deadline=None, at=AT, actor="s"),
        "correct": lambda: record.correct(candidate("A"), reason="r", at=AT, actor="s"),
        "cancel": lambda: record.cancel(reason=None, at=AT, actor="s"),
        "withdraw": lambda: record.withdraw("A", reason=None, at=AT, actor="s"),
    }
    with pytest.raises(error) as raised:
        verbs[verb]()
    assert raised.value.code.startswith("CW81")
    assert record.state_dict() == before  # nothing recorded


def test_a_meeting_is_not_opened_before_its_day() -> None:
    record = sent_meeting("A")
    with pytest.raises(MeetingNotYet):
        record.hold(today=DAY - dt.timedelta(days=1), at=AT, actor="s")
    record.hold(today=DAY, at=AT, actor="s")
    assert record.state is MeetingState.HELD


def test_moving_takes_the_items_to_the_new_day() -> None:
    record = MeetingRecord("tmu", DAY)
    record.book(candidate("A"), at=AT, actor="s")
    record.book(candidate("B"), at=AT, actor="s")
    record.withdraw("B", reason=None, at=AT, actor="s")
    target = MeetingRecord("tmu", DAY + dt.timedelta(days=7))
    with pytest.raises(BadMoveTarget):
        record.move_to(MeetingRecord("tmu", DAY), reason=None, at=AT, actor="s")
    record.move_to(target, reason="Sammenfald med KB", at=AT, actor="s")
    assert (record.state, record.moved_to) == (MeetingState.MOVED, "2026-03-16")
    assert [(i.case_id, i.moved_from) for i in target.active()] == [("A", "2026-03-09")]
    assert record.agenda({}, HEADER).notice == "Mødet er flyttet til 16. marts 2026."


# --- the chain --------------------------------------------------------------------------------
def test_events_chain_from_genesis_and_the_audit_finds_an_edit() -> None:
    record = sent_meeting("A", "B")
    events = list(record.pending)
    assert events[0].prev_hash == GENESIS
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))
    assert verify_meeting(record.key, record, events) == []
    sent = events[-1]
    assert sent.kind is MeetingEventKind.AGENDA_SENT
    edited = dataclasses.replace(
        sent, data_json=sent.data_json.replace("Resumé", "Forfalsket"), _payload=None
    )
    codes = {f.code for f in verify_meeting(record.key, record, [*events[:-1], edited])}
    assert "CW401" in codes
    assert {f.code for f in verify_meeting(record.key, record, events[:-1])} == {"CW404"}


# --- replay equals the stored row -------------------------------------------------------------
CASES = ["A", "B", "C"]


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_replaying_the_events_gives_the_stored_row(data: st.DataObject) -> None:
    record = MeetingRecord("tmu", DAY)
    other = MeetingRecord("tmu", DAY + dt.timedelta(days=7))
    moved_events = []
    for step in range(data.draw(st.integers(min_value=0, max_value=25))):
        verb = data.draw(
            st.sampled_from(
                ["book", "withdraw", "close", "send", "correct", "hold", "cancel", "move"]
            )
        )
        case_id = data.draw(st.sampled_from(CASES))
        text = data.draw(st.sampled_from(["Resumé", "Rettet", f"Trin {step}"]))
        at = AT + dt.timedelta(minutes=step)
        reason = data.draw(st.sampled_from([None, "Begrundelse"]))
        with contextlib.suppress(CaseworkError):
            if verb == "book":
                record.book(candidate(case_id, text), at=at, actor="s")
            elif verb == "withdraw":
                record.withdraw(case_id, reason=reason, at=at, actor="s")
            elif verb == "close":
                record.close(deadline=None, at=at, actor="s")
            elif verb == "send":
                contents = {c: candidate(c, text) for c in CASES}
                record.send(contents, HEADER, today=DAY, at=at, actor="s")
            elif verb == "correct":
                record.correct(candidate(case_id, text), reason=reason or "", at=at, actor="s")
            elif verb == "hold":
                record.hold(today=DAY, at=at, actor="s")
            elif verb == "cancel":
                record.cancel(reason=reason, at=at, actor="s")
            else:
                record.move_to(other, reason=reason, at=at, actor="s")
                moved_events = list(other.pending)
    if not record.pending:
        return
    replayed = replay_meeting(record.pending)
    assert replayed.state_dict() == record.state_dict()
    row = record_from_row(
        record.body, record.date.isoformat(), record.state.value, record.version,
        record.head_hash, record.updated_at, record.moved_to, record.data_json(),
    )  # fmt: skip
    assert row.state_dict() == record.state_dict()
    assert verify_meeting(record.key, row, record.pending) == []
    if moved_events:
        assert replay_meeting(moved_events).state_dict() == other.state_dict()
