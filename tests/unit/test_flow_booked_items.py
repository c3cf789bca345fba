"""The flow board's booked items: one request thread reads the meeting records when the reading
is due, the others go on with the last reading (bench/web.py's 9-17 s stall at 200 users)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from casework.app import flow
from casework.app.open_cases import Snapshot

KEYS = [("TMU", dt.date(2027, 1, 12)), ("KB", dt.date(2027, 1, 27))]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the readings of the records; each returns the reading's number for every key."""
    made: list[int] = []

    def read(_app: Any, keys: Any) -> dict[Any, dict[str, bool]]:
        made.append(len(made) + 1)
        return {key: {f"2026-0000{len(made)}": False} for key in keys}

    monkeypatch.setattr(flow, "_read_booked", read)
    monkeypatch.setattr(flow, "RECORDS_TTL", 1e9)  # one period for the whole test
    return made


def _snapshot() -> Snapshot:
    return Snapshot(entries=(), taken=0.0)


def test_the_records_are_read_once_per_period(reads: list[int]) -> None:
    snapshot = _snapshot()
    first = flow.booked_items(None, snapshot, KEYS)  # type: ignore[arg-type]
    again = flow.booked_items(None, snapshot, KEYS)  # type: ignore[arg-type]
    assert first == again == {key: {"2026-00001": False} for key in KEYS}
    assert reads == [1]


def test_a_due_reading_is_made_by_one_thread_while_the_others_keep_the_last(
    reads: list[int],
) -> None:
    snapshot = _snapshot()
    flow.booked_items(None, snapshot, KEYS)  # type: ignore[arg-type]
    bucket, last = snapshot.memo[("records", tuple(KEYS))]
    snapshot.memo[("records", tuple(KEYS))] = (bucket - 1, last)  # the period has passed
    with flow._RECORDS_LOCK:  # another request thread is reading them
        assert flow.booked_items(None, snapshot, KEYS) is last  # type: ignore[arg-type]
    assert reads == [1]
    fresh = flow.booked_items(None, snapshot, KEYS)  # type: ignore[arg-type]
    assert reads == [1, 2]
    assert fresh == {key: {"2026-00002": False} for key in KEYS}


def test_without_an_earlier_reading_a_request_waits_for_the_one_being_made(
    reads: list[int],
) -> None:
    snapshot = _snapshot()
    got: list[Any] = []
    flow._RECORDS_LOCK.acquire()
    app: Any = None
    waiter = threading.Thread(target=lambda: got.append(flow.booked_items(app, snapshot, KEYS)))
    try:
        waiter.start()
        waiter.join(0.2)
        assert waiter.is_alive() and got == []  # nothing to show yet: it waits
    finally:
        flow._RECORDS_LOCK.release()
    waiter.join(10)
    assert got == [{key: {"2026-00001": False} for key in KEYS}]
    assert reads == [1]
