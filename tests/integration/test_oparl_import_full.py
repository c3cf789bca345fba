"""Opt-in: import BOTH full real dumps from ../shared (slow; set CASEWORK_FULL_OPARL=1).

    CASEWORK_FULL_OPARL=1 .venv/bin/pytest -q -m slow tests/integration/test_oparl_import_full.py

Karlsruhe (OParl 1.1, 14,004 papers, 2,609 meetings) and Hürtgenwald (OParl 1.0, 2,108 papers in
list pages) must import without a crash, with a report whose counts add up to what the reader
found, a second import that changes nothing, and a history that passes the audit.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casework.adapters.oparl.reader import read_source
from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import import_oparl
from casework.services.handlers import verify_audit
from casework.testing import FixedClock

DATA = Path(os.environ.get("CASEWORK_OPARL_DATA", "/work/shared/acceptance/data"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CASEWORK_FULL_OPARL") != "1",
        reason="imports the full real dumps; set CASEWORK_FULL_OPARL=1",
    ),
]


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'casework.db'}")
    upgrade(engine)
    return engine


@pytest.mark.parametrize(
    ("dump", "papers"),
    [("karlsruhe-oparl", 13_000), ("huertgenwald-oparl", 2_000)],
)
def test_a_full_dump_imports_with_a_consistent_report(
    sqlite_engine: Engine, dump: str, papers: int
) -> None:
    source = DATA / dump
    if not source.exists():
        pytest.fail(f"{source} is missing (CASEWORK_FULL_OPARL=1 asks for the full dumps)")
    clock = FixedClock(dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC))
    found = read_source(source)
    report = import_oparl(sqlite_engine, source, clock=clock).as_json()
    counts = report["counts"]
    for kind in ("organization", "meeting", "paper"):
        assert sum(counts[kind].values()) == found.seen[kind], kind
    for kind, reasons in report["skipped"].items():
        assert sum(reasons.values()) == counts[kind]["skipped"], kind
    assert counts["paper"]["imported"] >= papers
    assert report["cases"]["created"] == counts["paper"]["imported"]
    # A paper that comes back to a body keeps that pass (issue 13, item 7): nothing is left out
    # as "body already passed" (Karlsruhe skipped 259 consultations so before).
    assert "out_of_order" not in report["skipped"].get("consultation", {})
    again = import_oparl(sqlite_engine, source, clock=clock).as_json()
    assert not again["changed"]
    assert again["counts"]["paper"]["unchanged"] == counts["paper"]["imported"]
    audit = verify_audit(SqlUnitOfWork(sqlite_engine))
    assert audit.ok
    assert audit.cases == counts["paper"]["imported"]
