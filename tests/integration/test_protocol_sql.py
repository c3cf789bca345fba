"""The scripted meeting cycle on the SQL store, SQLite and PostgreSQL: the public protocol is
the golden file, and publishing the minutes left exactly one row of the protocol feed, in the
same transaction, which the Prefect scheduling reads once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from casework.adapters.sql.tables import event_dispatch
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.app.protocols import (
    PROTOCOL_FEED,
    protocol_runs_scheduled,
    protocols_to_publish,
    render_protocol,
)
from casework.domain.agenda import Visibility
from casework.domain.configuration import Configuration
from casework.testing import FixedClock
from tests.protocol_cycle import BODY, MEETING, START, run_cycle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "protocol_bpu_2026-03-10_public_da"


@pytest.fixture
def services(engine: Engine, config: Configuration) -> tuple[App, FixedClock]:
    clock = FixedClock(START)
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=clock), clock


def test_the_cycle_on_sql_gives_the_golden_protocol_and_one_feed_row(
    engine: Engine, services: tuple[App, FixedClock]
) -> None:
    app, clock = services
    assert protocols_to_publish(app).meetings == ()
    run_cycle(app, clock)
    public = app.agendas.protocol(BODY, MEETING).publish(Visibility.PUBLIC)
    html = render_protocol(public, "html").decode("utf-8")
    assert html == GOLDEN.with_suffix(".html").read_text("utf-8")
    with engine.connect() as connection:
        rows = connection.execute(
            select(event_dispatch.c.case_id, event_dispatch.c.kind, event_dispatch.c.done_at)
            .where(event_dispatch.c.handler == PROTOCOL_FEED)
        ).all()  # fmt: skip
    assert [(r.case_id, r.kind) for r in rows] == [("bpu/2026-03-10", "meeting.minutes_published")]
    assert rows[0].done_at is not None  # a feed: nothing waits to run
    runs = protocols_to_publish(app)
    assert runs.meetings == ((BODY, MEETING),)
    protocol_runs_scheduled(app, runs)
    assert protocols_to_publish(app).meetings == ()
