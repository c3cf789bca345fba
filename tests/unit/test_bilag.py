"""Bilag in the domain: the kind read from the content, the refusals, the events and the fold."""

from __future__ import annotations

import datetime as dt

import pytest
from bilag_files import docx, jpeg, pdf, plain_zip, png, xlsx

from casework.domain import bilag as b
from casework.domain.events import GENESIS, CaseEvent, canonical_json
from casework.domain.text_rules import ControlCharacter

AT = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf(), b.PDF),
        (png(), b.PNG),
        (jpeg(), b.JPEG),
        (docx(), b.DOCX),
        (xlsx(), b.XLSX),
        (plain_zip(), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"hello", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_the_kind_is_read_from_the_content(content: bytes, expected: str | None) -> None:
    assert b.sniff(content) == expected


def test_a_file_named_as_another_kind_is_refused() -> None:
    with pytest.raises(b.BilagTypeMismatch) as caught:
        b.check_file("rapport.pdf", docx(), 1000)
    assert caught.value.code == "CW862"
    assert "DOCX" in caught.value.message("da")
    with pytest.raises(b.BilagTypeMismatch):
        b.check_file("kort.exe", pdf(), 10_000)


def test_unknown_empty_and_large_files_are_refused_with_one_line() -> None:
    with pytest.raises(b.BilagRefused) as unknown:
        b.check_file("noter.txt", b"just text", 1000)
    assert unknown.value.code == "CW860"
    with pytest.raises(b.BilagRefused):
        b.check_file("tom.pdf", b"", 1000)
    with pytest.raises(b.BilagTooLarge) as large:
        b.check_file("stor.pdf", pdf(), 10)
    assert large.value.code == "CW861"
    assert "\n" not in large.value.message("en")


def test_accepted_files_give_their_media_type() -> None:
    assert b.check_file("Kort.JPEG", jpeg(), 1000) == b.JPEG
    assert b.check_file("budget.xlsx", xlsx(), 10_000) == b.XLSX


def test_titles_and_reasons() -> None:
    assert b.check_title("  Lokalplan  ") == "Lokalplan"
    with pytest.raises(b.BilagTitleInvalid):
        b.check_title("   ")
    with pytest.raises(ControlCharacter):
        b.check_title("a\x1bb")
    assert b.check_reason(False, None) is None
    assert b.check_reason(True, "ejendomshandel").value == "ejendomshandel"
    with pytest.raises(b.BilagInvalid):
        b.check_reason(True, None)
    with pytest.raises(b.BilagInvalid):
        b.check_reason(False, "udbud")


def _event(seq: int, payload: b.BilagAttached | b.BilagRemoved, prev: str) -> CaseEvent:
    return CaseEvent.create(case_id="2026-0001", seq=seq, at=AT, actor="nanna", payload=payload,
                            prev_hash=prev)  # fmt: skip


def test_events_round_trip_byte_for_byte_and_fold() -> None:
    first = b.BilagAttached(1, "Kort", "kort.pdf", b.PDF, 10, "a" * 64, False, None)
    second = b.BilagAttached(2, "Købsaftale", "aftale.pdf", b.PDF, 20, "b" * 64, True,
                             "ejendomshandel")  # fmt: skip
    events = [_event(2, first, GENESIS)]
    events.append(_event(3, second, events[-1].hash))
    events.append(_event(4, b.BilagRemoved(1), events[-1].hash))
    for event in events:
        stored = CaseEvent(event.case_id, event.seq, event.kind, event.at, event.actor,
                           event.data_json, event.prev_hash, event.hash)  # fmt: skip
        assert canonical_json(stored.payload.to_data()) == event.data_json
        assert stored.expected_hash() == event.hash
    now = b.bilag_of(events)
    assert [x.number for x in now] == [2]
    assert now[0].closed and now[0].category == "Ejendomssag"
    assert [x.number for x in b.bilag_of(events, removed=True)] == [1, 2]
    assert b.next_number(events) == 3
    assert b.public_bilag(now) == ()


def test_a_malformed_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="sha256"):
        b.BilagAttached.from_data(
            {"number": 1, "title": "t", "filename": "f.pdf", "media_type": b.PDF, "size": 1,
             "sha256": "xyz", "closed": False, "reason": None}
        )  # fmt: skip
