"""The OParl import's progress (issue 18's leftover): ``on_progress(done, total)`` counts the
papers read, each done when found unchanged or when its case is written, batch by batch; the
cases written are the same with or without someone watching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from casework.adapters.oparl import store as oparl_store
from casework.adapters.sql.tables import case_events, cases
from casework.app import import_oparl
from casework.testing import FixedClock

KARLSRUHE = Path(__file__).resolve().parents[1] / "fixtures" / "oparl" / "karlsruhe"
CLOCK = FixedClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        found = connection.execute(select(cases.c.id, cases.c.title, cases.c.version))
        events = connection.execute(select(case_events.c.case_id, case_events.c.hash))
        return sorted(map(tuple, found)) + sorted(map(tuple, events))


def test_the_import_counts_papers_as_their_cases_are_written_batch_by_batch(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oparl_store, "PROGRESS_CHUNK", 3)  # four new cases: batches of 3 and 1
    calls: list[tuple[int, int | None]] = []
    report = import_oparl(
        engine, KARLSRUHE, clock=CLOCK, on_progress=lambda d, t: calls.append((d, t))
    )
    assert report.as_json()["counts"]["paper"]["imported"] == 4
    assert calls == [(0, 4), (3, 4), (4, 4)]


def test_a_reimport_counts_every_paper_as_found_unchanged(engine: Engine) -> None:
    import_oparl(engine, KARLSRUHE, clock=CLOCK)
    calls: list[tuple[int, int | None]] = []
    report = import_oparl(
        engine, KARLSRUHE, clock=CLOCK, on_progress=lambda d, t: calls.append((d, t))
    )
    assert report.as_json()["changed"] is False
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_watching_the_import_writes_the_same_cases(engine: Engine, tmp_path: Path) -> None:
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade

    other = make_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    upgrade(other)
    import_oparl(engine, KARLSRUHE, clock=CLOCK, on_progress=lambda d, t: None)
    import_oparl(other, KARLSRUHE, clock=CLOCK)
    assert _rows(engine) == _rows(other) != []
