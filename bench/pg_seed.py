"""Bulk seeding of a casework database on PostgreSQL for the scale figures (issue 21, item 5).

Opening a case through the service costs a transaction with a dozen round trips (35–55 cases/s
on the shared 2-core machine), so a million cases would take most of a week. This seeder writes
**the rows the engine writes**, fast:

* every case is opened by the real use case, ``App.open_case`` (``handlers.open_case`` behind
  the bus of ``casework.app.core.wire_bus``), on a unit of work that *captures* what it is asked
  to store instead of sending it to the database: the ``cases`` row (``rows.case_values``), the
  ``case.opened`` event with its hash chain (``rows.event_values``), the bus's ``event_dispatch``
  rows (for an opened case: one done row of the ``cases.changed`` feed), the next number of the
  year (``case_counters``) and the workflow version the case pins (``workflow_versions``);
* the captured rows go to PostgreSQL with ``COPY … FROM STDIN`` in one transaction per chunk of
  ``chunk`` cases (50,000 by default), so a crash leaves whole chunks;
* after seeding, :func:`check_sample` runs the application's own audit
  (``App.verify_audit``, what ``casework audit verify --case`` runs) on a random sample of the
  seeded cases: hash chain, row equal to the replay of its events, column by column as stored.
  A row the seeder wrote differently from the engine fails there.

Deadline reminders (the ``outbox`` table) and one-off reminder runs (``reminder_runs``) are not
written when a case is opened: the sweep and ``schedule-runs`` write them, and the benchmark
measures exactly that. What seeding does *not* go through is the database's per-statement
checks (optimistic concurrency, idempotency keys): the cases are new and carry no keys.

:func:`mark_feed_read` stores the ``schedule-runs`` consumer's position at the feed's end, as
if ``schedule-runs`` had run after the seeding (an installation in steady state); otherwise its
first run reads every case (``services/runs.py``), which is a different figure.

``tests/integration/test_bulk_seed.py`` opens the same cases through the service and through
this seeder into two databases and compares the tables row by row.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from casework.adapters.sql.rows import CASE_COLUMNS, EVENT_COLUMNS, case_values, event_values
from casework.domain.case import Case
from casework.domain.commands import OpenCase
from casework.domain.events import CaseEvent, format_instant
from casework.domain.workflow import WorkflowDefinition
from casework.services.ports.dispatch import DispatchOutbox

#: The ``event_dispatch`` columns the bus writes (the id is the table's sequence).
DISPATCH_COLUMNS = (
    "case_id", "seq", "kind", "handler", "created_at", "attempts", "next_attempt_at", "done_at",
)  # fmt: skip


@dataclass
class Captured:
    """Rows committed by the captured units of work, not yet written to the database."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    dispatches: list[tuple[Any, ...]] = field(default_factory=list)
    #: Workflow versions registered (definition, instant of the first registration).
    workflows: dict[tuple[str, int], tuple[WorkflowDefinition, str]] = field(default_factory=dict)
    #: The last case number handed out per year (the whole run's, not only this chunk's).
    counters: dict[int, int] = field(default_factory=dict)

    def clear(self) -> None:
        self.cases.clear()
        self.events.clear()
        self.dispatches.clear()


class _Cases:
    """The case repository's writing half, as ``handlers.open_case`` uses it."""

    def __init__(self, uow: CaptureUnitOfWork) -> None:
        self._uow = uow

    def add(self, case: Case) -> None:
        self._uow.staged_cases.append(case_values(case))
        self._uow.staged_events.extend(event_values(e) for e in case.pending)

    def event_by_key(self, idempotency_key: str) -> CaseEvent | None:
        return None  # seeded cases carry no idempotency key

    def next_number(self, year: int) -> int:
        counters = self._uow.captured.counters
        counters[year] = counters.get(year, 0) + 1
        return counters[year]


class _Workflows:
    def __init__(self, uow: CaptureUnitOfWork) -> None:
        self._uow = uow

    def register(self, definition: WorkflowDefinition, at: str) -> None:
        key = (definition.id, definition.version)
        if definition.snapshot is not None and key not in self._uow.captured.workflows:
            self._uow.captured.workflows[key] = (definition, at)


class _Dispatches:
    """The bus's outbox (only ``append`` is used when a case is opened)."""

    def __init__(self, uow: CaptureUnitOfWork) -> None:
        self._uow = uow

    def append(
        self, rows: Iterable[tuple[str, int, str, str]], at: str, *, done: bool = False
    ) -> None:
        self._uow.staged_dispatches.extend(
            (case_id, seq, kind, handler, at, 0, None if done else at, at if done else None)
            for case_id, seq, kind, handler in rows
        )

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"the seeder's outbox has no {name!r}")


class CaptureUnitOfWork:
    """A unit of work that keeps what is committed in :class:`Captured` (see the docstring)."""

    def __init__(self, captured: Captured) -> None:
        self.captured = captured
        self.cases: Any = _Cases(self)
        self.workflows: Any = _Workflows(self)
        self.dispatches: DispatchOutbox = _Dispatches(self)
        self.staged_cases: list[tuple[Any, ...]] = []
        self.staged_events: list[tuple[Any, ...]] = []
        self.staged_dispatches: list[tuple[Any, ...]] = []

    def __enter__(self) -> CaptureUnitOfWork:
        self.rollback()
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self.captured.cases += self.staged_cases
        self.captured.events += self.staged_events
        self.captured.dispatches += self.staged_dispatches
        self.rollback()

    def rollback(self) -> None:
        self.staged_cases = []
        self.staged_events = []
        self.staged_dispatches = []


class SettableClock:
    """The clock the use case reads; the seeder sets it before each case."""

    def __init__(self, instant: dt.datetime) -> None:
        self.instant = instant

    def now(self) -> dt.datetime:
        return self.instant

    def today(self) -> dt.date:
        return self.instant.date()


@dataclass(frozen=True)
class Planned:
    """One case to open: the instant it is opened at and the command."""

    at: dt.datetime
    command: OpenCase


def libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it."""
    from sqlalchemy.engine import make_url

    made = make_url(url).set(drivername="postgresql")
    return made.render_as_string(hide_password=False)


def seed(
    url: str, config: Any, plan: Iterable[Planned], *, chunk: int = 50_000,
    progress: Callable[[int, float], None] | None = None,
) -> list[str]:  # fmt: skip
    """Open every planned case (see the module docstring) into the database at ``url`` (an
    upgraded casework schema on PostgreSQL); the ids of the cases opened."""
    import psycopg

    from casework.app import App

    captured = Captured()
    clock = SettableClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    uow = CaptureUnitOfWork(captured)
    app = App(config=config, uow_factory=lambda: uow, clock=clock)
    ids: list[str] = []
    started = time.perf_counter()
    with psycopg.connect(libpq(url)) as connection:
        for year, last in connection.execute("SELECT year, last_number FROM case_counters"):
            captured.counters[int(year)] = int(last)
        connection.commit()
        for planned in plan:
            clock.instant = planned.at
            ids.append(app.open_case(planned.command).id)
            if len(captured.cases) >= chunk:
                _write(connection, captured)
                if progress is not None:
                    progress(len(ids), time.perf_counter() - started)
        _write(connection, captured)
    return ids


def _write(connection: Any, captured: Captured) -> None:
    """One transaction: workflows, counters, then the chunk's cases, events and dispatch rows."""
    with connection.transaction():
        for (workflow_id, version), (definition, at) in captured.workflows.items():
            connection.execute(
                "INSERT INTO workflow_versions (workflow_id, version, fingerprint, snapshot, "
                "registered_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (workflow_id, version) DO NOTHING",
                (workflow_id, version, definition.fingerprint, definition.snapshot, at),
            )
        for year, last in captured.counters.items():
            connection.execute(
                "INSERT INTO case_counters (year, last_number) VALUES (%s, %s) ON CONFLICT "
                "(year) DO UPDATE SET last_number = EXCLUDED.last_number",
                (year, last),
            )
        with connection.cursor() as cursor:
            for table, columns, rows in (
                ("cases", (*CASE_COLUMNS, "due"), captured.cases),
                ("case_events", EVENT_COLUMNS, captured.events),
                ("event_dispatch", DISPATCH_COLUMNS, captured.dispatches),
            ):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    captured.clear()


def mark_feed_read(url: str, consumer: str = "schedule-runs") -> int:
    """Store ``consumer``'s position at the end of the change feed (see the docstring)."""
    import psycopg

    with psycopg.connect(libpq(url)) as connection:
        position = connection.execute("SELECT coalesce(max(id), 0) FROM event_dispatch").fetchone()
        assert position is not None
        connection.execute(
            "INSERT INTO dispatch_cursors (name, position, updated_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, "
            "updated_at = EXCLUDED.updated_at",
            (consumer, int(position[0]), format_instant(dt.datetime.now(dt.UTC))),
        )
        return int(position[0])


def check_sample(url: str, config: Any, ids: list[str], size: int = 200, seed: int = 21) -> str:
    """``App.verify_audit`` on a random sample of ``ids``; a one-line verdict. Raises
    AssertionError with the findings when a sampled case differs from its replay."""
    from casework.adapters.sql import make_engine
    from casework.adapters.sql.uow import SqlUnitOfWork
    from casework.app import App

    sample = random.Random(seed).sample(ids, min(size, len(ids)))
    engine = make_engine(url)
    try:
        app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=SettableClock(
            dt.datetime.now(dt.UTC)))  # fmt: skip
        report = app.verify_audit(sample)
    finally:
        engine.dispose()
    if not report.ok:
        raise AssertionError(f"audit of the seeded sample: {report.findings[:5]}")
    return f"audit of {report.cases} sampled cases ({report.events} events): ok"


def plan_cases(
    count: int, *, first: int, day: dt.date, spread_days: int = 1, prefix: str = "Skaleringssag",
    municipalities: int = 100,
) -> Iterator[Planned]:  # fmt: skip
    """``count`` decision cases opened at 09:00 UTC on ``day`` and the ``spread_days - 1`` days
    after it (round robin), numbered from ``first``; each title names one of ``municipalities``
    municipalities (one casework database for all: the modelling of the scale figures)."""
    officers = ["mette", "jonas", "aase", "soeren", "fatima", "lise", "ole", "nanna"]
    route = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
    for number in range(first, first + count):
        opened = dt.datetime.combine(
            day + dt.timedelta(days=number % spread_days), dt.time(9), tzinfo=dt.UTC
        )
        yield Planned(opened, OpenCase(
            workflow="beslutningssag",
            title=f"{prefix} nr. {number} (kommune {number % municipalities + 1:03d})",
            actor=officers[number % len(officers)], route=route,
        ))  # fmt: skip


__all__ = [
    "CaptureUnitOfWork",
    "Captured",
    "Planned",
    "check_sample",
    "mark_feed_read",
    "plan_cases",
    "seed",
]
