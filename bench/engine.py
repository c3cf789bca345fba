"""Figures for the case engine at municipal scale: what the issue's performance targets ask for.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run

1. generates a synthetic municipality of ``--cases`` cases with full, genuine histories (opened
   with ``Case.open``, moved with ``case.advance`` along the example configuration's workflows,
   with returns, postponements and withdrawals) and loads them with ``bulk_load`` into SQLite
   and PostgreSQL;
2. times committed single transitions through the real service layer
   (``handlers.advance_case`` on a fresh ``SqlUnitOfWork``, one commit each) and
3. batched ones (``handlers.advance_many``, 100 commands per transaction), on both backends;
4. times the same transition written by hand with the ``sqlite3`` module on the same database,
   the floor no adapter can beat, interleaved with casework so that their ratio holds on a noisy
   machine;
5. times the whole process of ``casework case show`` (human and ``--json``) on that database;
6. fills the ``cases`` table server-side up to ``--urgent-rows`` rows and times
   ``SqlCaseRepository.urgent(50)`` on both backends.

Everything lives in a temporary directory and a throw-away PostgreSQL database, both removed at
the end. Run from the repository root::

    .venv/bin/python bench/engine.py [--cases 100000] [--urgent-rows 1000000]
                                     [--skip-postgres] [--quick]

``--quick`` (5,000 cases, 50,000 rows, short rounds) is a smoke run of about 20 s. The figures
of a full run are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import sqlalchemy
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from casework.adapters.clock import COPENHAGEN, SystemClock
from casework.adapters.config import load_configuration
from casework.adapters.sql import SqlUnitOfWork, bulk_load, make_engine, upgrade
from casework.adapters.sql.engine import READ_ONLY
from casework.adapters.sql.repository import (
    CASE_COLUMNS,
    EVENT_COLUMNS,
    case_from_row,
    event_from_row,
    event_values,
)
from casework.domain.case import Case, responsible_people
from casework.domain.commands import AdvanceCase
from casework.domain.configuration import Configuration
from casework.domain.events import GENESIS, CaseEvent, EventKind
from casework.domain.routes import build_route
from casework.domain.workflow import CaseGraph, CaseStatus, Route, TransitionKind
from casework.services import handlers, resolve

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
CONFIG_DIR = REPO / "config"
PG_ADMIN_URL = os.environ.get(
    "CASEWORK_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

#: The postponement every transition benchmark takes: the secretariat postpones an item at a
#: meeting step. It is a real action of the example workflows that can repeat forever, so the
#: same cases can be moved for as long as a round lasts without running out of open cases.
ACTION, ACTOR, ROLE = "udsaet", "sofie", "sekretariat"
COMMENT = "Udsat til næste møde"
BATCH = 100

TARGET_SINGLE_SQLITE = 3_000.0  # transitions/s
TARGET_FLOOR_RATIO = 0.3
TARGET_SHOW_S = 0.3
TARGET_URGENT_MS = 50.0


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the result table."""

    number: str
    label: str
    measured: str
    target: str = "-"
    verdict: str = "-"


def verdict(ok: bool) -> str:
    """PASS or MISS."""
    return "PASS" if ok else "MISS"


def note(text: str) -> None:
    """A progress line, flushed at once so a long run shows where it is."""
    print(f"  · {text}", flush=True)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile by nearest rank (p90 of 15 runs is the 14th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class Timed(Iterator[T]):
    """An iterator that adds up the time spent producing its items.

    ``bulk_load`` consumes the generated cases as it inserts them, so memory stays bounded; this
    splits its wall time into generating (here) and loading (the rest).
    """

    def __init__(self, items: Iterator[T]) -> None:
        self._items = items
        self.seconds = 0.0

    def __next__(self) -> T:
        started = time.perf_counter()
        try:
            return next(self._items)
        finally:
            self.seconds += time.perf_counter() - started


# --------------------------------------------------------------------------- the municipality
_TITLES = {
    "beslutningssag": (
        "Lokalplan for {place}", "Anlægsbevilling til {place} Skole", "Takster for {area}",
        "Trafiksikkerhedsplan for {place}", "Salg af grund ved {place}", "Budgetopfølgning",
    ),
    "orienteringssag": ("Orientering om {area} – kvartalsrapport", "Status på {place} Bibliotek"),
    "administrativ_beslutning": (
        "Tilladelse til vejarbejde på {place}vej", "Tilskud til {place} Borgerforening",
    ),
}  # fmt: skip
_PLACES = ("Lindebjerg", "Sorgenfri", "Engelsborg", "Virum", "Taarbæk", "Hjortekær", "Bagsværd")
#: Workflows in the proportions a municipality sees them: mostly decisions.
_WORKFLOW_WEIGHTS = {"beslutningssag": 7, "orienteringssag": 2, "administrativ_beslutning": 2}
#: Share of cases parked part-way (waiting for input, put aside); the rest move on until they
#: close or reach the present. Together with the youngest cases this leaves about 30 % open.
_PARKED = 0.45
#: A full decision case through TMU, ØU and KB with a return or two has ten events or more.
_LONG_HISTORY = 10


@dataclass
class SyntheticMunicipality:
    """Generates ``count`` cases opened evenly over ``span_days`` before ``end``, with histories.

    Every case is opened with ``Case.open`` and moved with ``case.advance`` by the person the
    engine names as responsible, through the actions the engine offers them (85 % forward, the
    rest returns, postponements or a withdrawal), one to fourteen days apart: the hashes, the
    chains and the stored state are exactly what the engine would have written.
    Deterministic for a given seed. Counters and the ids of open cases sitting at a meeting step
    (the benchmark's pool) are collected on the way.
    """

    config: Configuration
    count: int
    end: dt.datetime
    seed: int = 2026
    span_days: int = 3 * 365
    ids: list[str] = field(default_factory=list)
    at_meeting: list[str] = field(default_factory=list)
    #: Cases with at least :data:`_LONG_HISTORY` events: ``case show`` shows one of them.
    long_histories: list[str] = field(default_factory=list)
    events: int = 0
    open: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def histories(self) -> Iterator[tuple[Case, list[CaseEvent]]]:
        """``(case, its events)`` pairs, as ``bulk_load`` takes them."""
        rng = random.Random(self.seed)
        municipality = self.config.municipality
        officers = sorted(
            (p for p in municipality.people.values() if "sagsbehandler" in p.roles),
            key=lambda p: p.id,
        )
        routes = self._routes()
        attributes_seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        numbers: Counter[int] = Counter()
        start = self.end - dt.timedelta(days=self.span_days)
        step_seconds = self.span_days * 86_400 / self.count
        for index in range(self.count):
            # Evenly spread over the span, so case numbers rise with the opening date.
            opened = start + dt.timedelta(seconds=(index + rng.random()) * step_seconds)
            workflow = rng.choices(list(_WORKFLOW_WEIGHTS), list(_WORKFLOW_WEIGHTS.values()))[0]
            area, route = rng.choice(routes[workflow])
            officer = rng.choice(officers)
            raw: dict[str, Any] = {"politikomraade": area}
            if workflow == "beslutningssag":
                raw["beloeb"] = rng.choice((0, 250_000, 1_500_000, 12_000_000))
                raw["principiel"] = rng.random() < 0.3
            key = tuple(sorted(raw.items()))
            if key not in attributes_seen:  # check and coerce each combination once
                attributes_seen[key] = municipality.check_attributes(raw)
            graph = self.config.workflow(workflow).expand(route)
            numbers[opened.year] += 1
            local = opened.astimezone(COPENHAGEN)
            case = Case.open(
                case_id=f"{opened.year}-{numbers[opened.year]:04d}", graph=graph,
                title=rng.choice(_TITLES[workflow]).format(place=rng.choice(_PLACES), area=area),
                owner=officer.id, centre=min(officer.centres), attributes=attributes_seen[key],
                at=opened, today=local.date(), actor=officer.id,
                deadline=local.date() + dt.timedelta(days=rng.randint(20, 120))
                if rng.random() < 0.1 else None,
                reference=f"{opened.year % 100:02d}/{index:06d}" if rng.random() < 0.5 else None,
            )  # fmt: skip
            self._walk(case, graph, rng, opened)
            self._count(case)
            yield case, case.pending

    def _routes(self) -> dict[str, list[tuple[str, Route]]]:
        # Every (policy area, route) a case can get, checked once by the real route builder.
        municipality = self.config.municipality
        committees = [b for b in municipality.bodies.values() if b.kind.value == "staaende_udvalg"]
        shapes: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {w: [] for w in _TITLES}
        for body in committees:
            for area in body.policy_areas:
                shapes["beslutningssag"] += [
                    (area, [(body.id, "beslutter")]),  # within the committee's own competence
                    (area, [(body.id, "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]),
                ]
                shapes["orienteringssag"].append((area, [(body.id, "orienteres")]))
                shapes["administrativ_beslutning"] += [
                    (area, []),  # nobody to inform: the case closes once executed
                    (area, [(body.id, "orienteres")]),
                ]
        return {
            workflow: [
                (area, build_route(pairs, self.config.workflow(workflow), municipality))
                for area, pairs in options
            ]
            for workflow, options in shapes.items()
        }

    def _walk(self, case: Case, graph: CaseGraph, rng: random.Random, at: dt.datetime) -> None:
        municipality = self.config.municipality
        moves = rng.randint(0, 8) if rng.random() < _PARKED else 40
        for _ in range(moves):
            if case.status is CaseStatus.CLOSED:
                return
            at += dt.timedelta(days=rng.uniform(1, 7) * rng.choice((1, 1, 2)))
            if at >= self.end:
                return
            actors = responsible_people(case, graph, municipality)
            if not actors:
                return
            actor = rng.choice(actors)
            actions = case.available_actions(graph, municipality, actor)
            forward = [
                a for a in actions
                if a.transition.kind is TransitionKind.FORWARD
                and a.action not in {"traek_tilbage", "afvis"}
            ]  # fmt: skip
            other = [a for a in actions if a not in forward]
            pool = forward if (rng.random() < 0.85 or not other) else other
            if not pool:
                return
            edge = rng.choice(pool)
            comment = {
                TransitionKind.RETURN: "Mangler økonomiafsnit",
                TransitionKind.POSTPONE: COMMENT,
            }.get(edge.transition.kind)
            case.advance(
                graph=graph, municipality=municipality, actor=actor, action=edge.action, at=at,
                today=at.astimezone(COPENHAGEN).date(), comment=comment,
            )  # fmt: skip

    def _count(self, case: Case) -> None:
        self.ids.append(case.id)
        self.events += len(case.pending)
        if len(case.pending) >= _LONG_HISTORY:
            self.long_histories.append(case.id)
        self.kinds.update(e.data.get("kind", "opened") for e in case.pending)
        if case.status is CaseStatus.OPEN:
            self.open += 1
            if "@" in case.step and ACTION in _actions_at(self.config, case):
                self.at_meeting.append(case.id)

    def summary(self) -> str:
        """One line describing the generated histories."""
        return (
            f"{self.count:,} cases, {self.events:,} events ({self.events / self.count:.1f} per "
            f"case), {self.open / self.count:.0%} open, {self.kinds['return']:,} returns, "
            f"{self.kinds['postpone']:,} postponements, {len(self.at_meeting):,} open cases at "
            "a meeting step"
        )


def _actions_at(config: Configuration, case: Case) -> set[str]:
    return set(resolve.case_graph(config, case).actions(case.step))


def stored_histories(path: Path) -> Iterator[tuple[Case, list[CaseEvent]]]:
    """Every case of a SQLite database with its events, read back in id order.

    Feeds PostgreSQL's ``bulk_load`` the very same histories without generating them again.
    """
    connection = sqlite3.connect(path)
    try:
        cases = connection.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases ORDER BY id")
        events = connection.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM case_events ORDER BY case_id, seq"
        )
        pending = events.fetchone()
        for row in cases:
            history: list[CaseEvent] = []
            while pending is not None and pending[0] == row[0]:
                history.append(event_from_row(pending))
                pending = events.fetchone()
            yield case_from_row(row), history
    finally:
        connection.close()


# --------------------------------------------------------------------------- transitions
def rate(unit: Callable[[], int], seconds: float) -> float:
    """Transitions per second: ``unit`` (returning how many it did) repeated for ``seconds``."""
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        done += unit()
    return done / elapsed


def casework_single(engine: Engine, config: Configuration, ids: Sequence[str], rng: random.Random
                    ) -> Callable[[], int]:  # fmt: skip
    """One transition through the service layer: validated command, unit of work, commit."""
    clock = SystemClock()
    choice = rng.choice

    def unit() -> int:
        cmd = AdvanceCase(case_id=choice(ids), action=ACTION, actor=ACTOR, comment=COMMENT)
        handlers.advance_case(SqlUnitOfWork(engine), config, clock, cmd)
        return 1

    return unit


def casework_batched(engine: Engine, config: Configuration, ids: Sequence[str],
                     rng: random.Random) -> Callable[[], int]:  # fmt: skip
    """:data:`BATCH` transitions on distinct cases in one transaction (``advance_many``)."""
    clock = SystemClock()
    size = min(BATCH, len(ids))

    def unit() -> int:
        cmds = [
            AdvanceCase(case_id=case_id, action=ACTION, actor=ACTOR, comment=COMMENT)
            for case_id in rng.sample(ids, size)
        ]
        handlers.advance_many(SqlUnitOfWork(engine), config, clock, cmds)
        return size

    return unit


#: What the repository's ``save`` writes: every column but the key and the opening instant.
_EVERY_COLUMN = (*CASE_COLUMNS[1:12], *CASE_COLUMNS[13:], "due")
_AT = {column: index for index, column in enumerate(_EVERY_COLUMN)}
_READ = tuple(_AT[c] for c in ("step", "status", "version", "deadline", "head_hash"))
_WRITE = tuple(_AT[c] for c in ("version", "updated_at", "step_entered_at", "step_due",
                                "head_hash", "due"))  # fmt: skip


class SqliteFloor:
    """The same transition by hand on the ``sqlite3`` module: the floor of this design.

    Same file, schema, pragmas and ``BEGIN IMMEDIATE`` as the engine; the event and its hash are
    built by ``CaseEvent.create`` with exactly the payload the domain writes, so the stored
    result is indistinguishable from casework's (the audit at the end checks that). What it
    leaves out is what casework adds: command validation, the domain's permission and guard
    checks, mapping rows to objects, the unit of work and SQLAlchemy's connection handling.

    The floor proper updates only the columns a postponement changes, as anyone writing it by
    hand would. ``every_column=True`` writes the whole row the way the repository's ``save``
    does, which shows what that choice costs SQLite (it then rewrites every index's entry).
    """

    def __init__(self, path: Path, *, every_column: bool = False) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "busy_timeout=30000"):  # fmt: skip
            self._connection.execute(f"PRAGMA {pragma}")
        self._cursor = self._connection.cursor()
        self._every_column = every_column
        placeholders = ", ".join("?" * len(EVENT_COLUMNS))
        self._insert = (
            f"INSERT INTO case_events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})"
        )
        self._select_row = f"SELECT {', '.join(_EVERY_COLUMN)} FROM cases WHERE id = ?"
        assignments = ", ".join(f"{column} = ?" for column in _EVERY_COLUMN)
        self._update_row = f"UPDATE cases SET {assignments} WHERE id = ? AND version = ?"

    def transition(self, case_id: str) -> None:
        """Postpone ``case_id``: read, build the chained event, guarded UPDATE, INSERT, COMMIT."""
        cursor = self._cursor
        cursor.execute("BEGIN IMMEDIATE")
        if self._every_column:
            cursor.execute(self._select_row, (case_id,))
            row = list(cursor.fetchone())
            step, status, version, deadline, head_hash = (row[i] for i in _READ)
        else:
            cursor.execute(
                "SELECT step, status, version, deadline, head_hash FROM cases WHERE id = ?",
                (case_id,),
            )
            step, status, version, deadline, head_hash = cursor.fetchone()
        if status != "open":
            raise RuntimeError(f"{case_id} is closed")
        data = {
            "action": ACTION, "role": ROLE, "from": step, "to": step, "kind": "postpone",
            "comment": COMMENT, "step_due": None, "closes": False,
        }  # fmt: skip
        event = CaseEvent.create(
            case_id=case_id, seq=version + 1, kind=EventKind.ADVANCED,
            at=dt.datetime.now(dt.UTC), actor=ACTOR, data=data, prev_hash=head_hash,
        )  # fmt: skip
        # A meeting step has no step due date, so the case's due date becomes its own deadline.
        if self._every_column:
            changed = (event.seq, event.at, event.at, None, event.hash, deadline)
            for index, value in zip(_WRITE, changed, strict=True):
                row[index] = value
            cursor.execute(self._update_row, (*row, case_id, version))
        else:
            cursor.execute(
                "UPDATE cases SET version = ?, updated_at = ?, step_entered_at = ?, "
                "step_due = NULL, due = ?, head_hash = ? WHERE id = ? AND version = ?",
                (event.seq, event.at, event.at, deadline, event.hash, case_id, version),
            )
        if cursor.rowcount != 1:
            raise RuntimeError(f"lost update on {case_id}")
        cursor.execute(self._insert, event_values(event))
        cursor.execute("COMMIT")

    def unit(self, ids: Sequence[str], rng: random.Random) -> Callable[[], int]:
        """A :func:`rate` unit postponing a random case of ``ids``."""
        choice = rng.choice

        def unit() -> int:
            self.transition(choice(ids))
            return 1

        return unit

    def close(self) -> None:
        """Close the connection."""
        self._cursor.close()
        self._connection.close()


def interleave(units: dict[str, Callable[[], int]], rounds: int, seconds: float
               ) -> dict[str, list[float]]:  # fmt: skip
    """Rounds of every contender in turn, rotating who goes first, so drift hits all alike.

    Returns each contender's rate per round; neighbouring rounds of two contenders make a fair
    ratio even when the machine's speed wanders between rounds.
    """
    for unit in units.values():
        rate(unit, seconds / 2)  # warm-up: page cache, compiled statements, the WAL's size
    names = list(units)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            rates[name].append(rate(units[name], seconds))
        note(f"round {index + 1}: " + ", ".join(f"{n} {rates[n][-1]:,.0f}/s" for n in names))
    return rates


def median_rate(unit: Callable[[], int], rounds: int, seconds: float) -> float:
    """The median rate of ``rounds`` rounds after a short warm-up."""
    rate(unit, seconds / 2)
    return statistics.median(rate(unit, seconds) for _ in range(rounds))


def audit_sample(engine: Engine, ids: Sequence[str], rng: random.Random, size: int) -> str:
    """``verify_audit`` on a sample: hashes, chains, and stored row == replay of its events."""
    sample = rng.sample(list(ids), min(size, len(ids)))
    report = handlers.verify_audit(SqlUnitOfWork(engine, read_only=True), sample)
    if report.ok:
        return f"audit of {report.cases} cases ({report.events:,} events): OK"
    first = report.findings[0]
    return f"audit of {report.cases} cases: {len(report.findings)} findings, first {first}"


# --------------------------------------------------------------------------- the CLI
def run_cli(argv: Sequence[str], env: dict[str, str]) -> float:
    """Whole-process wall time of one command; a failing command stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def import_costs(argv: Sequence[str], env: dict[str, str], top: int = 6) -> list[tuple[str, float]]:
    """Milliseconds of import time per top-level package (``-X importtime`` self times).

    Self times, not cumulative ones, so that SQLAlchemy imported from inside casework counts as
    SQLAlchemy's and nothing is counted twice; the entries add up to the whole import time.
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    micros: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            micros[match.group(2).split(".")[0]] += int(match.group(1))
    ranked = [("all", micros.total()), *micros.most_common(top)]
    return [(name, us / 1000) for name, us in ranked]


def warm_call_ms(args: Sequence[str], env: dict[str, str], runs: int) -> float:
    """Median milliseconds of the CLI's ``main(args)`` in a process that has run it once.

    What is left of a call when every module is imported: settings, the configuration
    snapshot, the engine, the schema check, the query and the output. The whole-process time
    minus this and the interpreter's start is roughly the import time.
    """
    code = (
        "import io, sys, time, contextlib\n"
        "from casework.entrypoints.cli import main\n"
        f"args = {list(args)!r}\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(args)\n"
        "    times = []\n"
        f"    for _ in range({runs}):\n"
        "        started = time.perf_counter()\n"
        "        main(args)\n"
        "        times.append(time.perf_counter() - started)\n"
        "print(sorted(times)[len(times) // 2])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1]) * 1000


# --------------------------------------------------------------------------- urgent at 1M rows
_OFFICERS = (("mette", "cmt"), ("jonas", "cmt"), ("aase", "cby"), ("soeren", "cbu"),
             ("fatima", "ckf"), ("lise", "css"), ("ole", "cje"), ("nanna", "cop"))  # fmt: skip
_FLOWS = (
    # workflow, case type, route JSON, its second step, its later open step, has that a due date
    ("beslutningssag", "beslutning",
     '[{"body":"tmu","role":"indstiller"},{"body":"oeu","role":"indstiller"},'
     '{"body":"kb","role":"beslutter"}]', "centerchef_godkendelse", "politisk_behandling@oeu", 0),
    ("orienteringssag", "orientering", '[{"body":"buu","role":"orienteres"}]',
     "centerchef_godkendelse", "orientering@buu", 0),
    ("administrativ_beslutning", "administrativ", "[]", "afgoerelse", "ekspedition", 1),
)  # fmt: skip


def fill_sql(dialect: str, extra: int) -> str:
    """One ``INSERT … SELECT`` adding ``extra`` case rows computed from generated numbers.

    Deterministic variety from the row number ``i``: workflows 7:2:2, eight case officers,
    70 % open (spread over three steps), opened over three years, step due dates up to two
    months after opening (none at meeting steps), own deadlines on one case in ten. No events:
    nothing refers to these rows. Ids have seven digits, so they never meet the generated ones.
    """
    values = ", ".join(
        f"({k}, '{owner}', '{centre}')" for k, (owner, centre) in enumerate(_OFFICERS)
    )
    flows = ", ".join(
        f"({k}, '{w}', '{t}', '{r}', '{second}', '{later}', {due})"
        for k, (w, t, r, second, later, due) in enumerate(_FLOWS)
    )
    if dialect == "sqlite":
        numbers = f"n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {extra})"

        def day(days: str) -> str:
            return f"date('2023-01-02', ({days}) || ' days')"

        def instant(days: str, seconds: str) -> str:
            return (f"strftime('%Y-%m-%dT%H:%M:%S', '2023-01-02 07:00:00', ({days}) || ' days', "
                    f"({seconds}) || ' seconds') || '.000000Z'")  # fmt: skip

        number = "printf('%07d', i)"
    else:
        numbers = f"n(i) AS (SELECT generate_series(1::bigint, {extra}))"

        def day(days: str) -> str:
            return f"to_char(DATE '2023-01-02' + ({days})::int, 'YYYY-MM-DD')"

        def instant(days: str, seconds: str) -> str:
            return (f"to_char(TIMESTAMP '2023-01-02 07:00:00' + ({days}) * INTERVAL '1 day' + "
                    f"({seconds}) * INTERVAL '1 second', "
                    "'YYYY-MM-DD\"T\"HH24:MI:SS\".000000Z\"')")  # fmt: skip

        number = "lpad(i::text, 7, '0')"
    opened_day = "(i * 104723) % 1095"
    return f"""
WITH RECURSIVE {numbers},
officer(k, owner, centre) AS (VALUES {values}),
flow(k, workflow_id, case_type, route, second_step, later_step, later_due) AS (VALUES {flows}),
raw AS (
    SELECT i, o.owner, o.centre, f.workflow_id, f.case_type, f.route,
           CASE WHEN (i * 7) % 10 >= 7 THEN 'afsluttet'
                WHEN (i / 11) % 3 = 0 THEN 'kladde'
                WHEN (i / 11) % 3 = 1 THEN f.second_step
                ELSE f.later_step END AS step,
           CASE WHEN (i * 7) % 10 < 7 THEN 'open' ELSE 'closed' END AS status,
           {instant(opened_day, "(i * 7919) % 36000")} AS opened_at,
           CASE WHEN (i * 7) % 10 >= 7 OR ((i / 11) % 3 = 2 AND f.later_due = 0) THEN NULL
                ELSE {day(f"{opened_day} + (i * 31) % 60")} END AS step_due,
           CASE WHEN i % 10 = 3 THEN {day(f"{opened_day} + 20 + (i * 13) % 100")}
                ELSE NULL END AS deadline
    FROM n
    JOIN officer o ON o.k = i % 8
    JOIN flow f ON f.k = CASE WHEN i % 11 < 7 THEN 0 WHEN i % 11 < 9 THEN 1 ELSE 2 END
)
INSERT INTO cases ({", ".join((*CASE_COLUMNS, "due"))})
SELECT substr(opened_at, 1, 4) || '-' || {number}, workflow_id, 1, case_type,
       'Arkiveret sag ' || i, owner, centre, route, '{{"politikomraade":"veje"}}', step, status,
       1, opened_at, opened_at, opened_at, step_due, deadline, NULL, '{GENESIS}', '{{}}',
       CASE WHEN step_due IS NULL THEN deadline WHEN deadline IS NULL THEN step_due
            WHEN deadline < step_due THEN deadline ELSE step_due END
FROM raw
"""


def fill_sqlite(path: Path, extra: int) -> float:
    """Add ``extra`` rows to the SQLite database and ANALYZE; seconds taken."""
    started = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(fill_sql("sqlite", extra))
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return time.perf_counter() - started


def fill_postgres(url: str, extra: int) -> float:
    """Add ``extra`` rows to the PostgreSQL database and ANALYZE; seconds taken."""
    started = time.perf_counter()
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute(fill_sql("postgresql", extra).encode())
        connection.execute(b"ANALYZE cases")
    return time.perf_counter() - started


def urgent_ms(engine: Engine, calls: int) -> tuple[float, float, int]:
    """Median and p90 milliseconds of ``urgent(50)`` on a read-only unit of work, and its size."""
    times: list[float] = []
    found = 0
    for index in range(calls + 1):  # the first call warms the pool and the page cache
        started = time.perf_counter()
        with SqlUnitOfWork(engine, read_only=True) as uow:
            found = len(uow.cases.urgent(50))
        if index:
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 0.9), found


def count_cases(engine: Engine) -> int:
    """Rows in ``cases``, read without taking SQLite's write lock."""
    with engine.connect() as connection:
        reader = connection.execution_options(**{READ_ONLY: True})
        return int(reader.execute(sqlalchemy.text("SELECT count(*) FROM cases")).scalar_one())


#: The first (and at this size the only) query of ``urgent``, for the plans.
_URGENT_QUERY = (
    "SELECT * FROM cases WHERE status = 'open' AND due IS NOT NULL "
    "ORDER BY due, opened_at, id LIMIT 50"
)


def query_plan(engine: Engine) -> str:
    """The plan of :data:`_URGENT_QUERY` on one line (an index scan with no sort is expected)."""
    sqlite = engine.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (COSTS OFF) "
    with engine.connect() as connection:
        reader = connection.execution_options(**{READ_ONLY: True})
        rows = reader.exec_driver_sql(explain + _URGENT_QUERY).fetchall()
    return "; ".join(str(row[-1]).strip() for row in rows)


# --------------------------------------------------------------------------- PostgreSQL
def _libpq(url: str) -> str:
    # psycopg wants a plain libpq URL, without SQLAlchemy's "+psycopg".
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_postgres_database() -> tuple[str, str] | None:
    """A throw-away database (its URL and server version), or None when there is no server."""
    name = f"casework_bench_{os.getpid()}"
    try:
        with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=5) as admin:
            version = str(admin.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"'.encode())
            admin.execute(f'CREATE DATABASE "{name}"'.encode())
    except psycopg.Error as exc:
        note(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {' '.join(str(exc).split())}")
        return None
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False), version


def drop_postgres_database(url: str) -> None:
    """Drop the database made by :func:`create_postgres_database`."""
    name = make_url(url).database
    with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


# --------------------------------------------------------------------------- the run
@dataclass(frozen=True, slots=True)
class Plan:
    """Sizes and durations of one run."""

    cases: int
    urgent_rows: int
    postgres: bool
    rounds: int
    seconds: float
    cli_runs: int
    urgent_calls: int


def revision() -> str:
    """The commit measured, and whether the package has changes that are not committed."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "casework", "config")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {head}" + (" with uncommitted changes in casework/ or config/" if dirty else "")


def machine(pg_version: str | None) -> list[str]:
    """Lines describing the machine and the software versions."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"date:        {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"code:        {revision()}",
        f"machine:     {len(os.sched_getaffinity(0))} cores (nproc), {cpu}, {platform.machine()}",
        f"Python:      {platform.python_version()}   SQLite: {sqlite3.sqlite_version}   "
        f"SQLAlchemy: {sqlalchemy.__version__}   psycopg: {psycopg.__version__}",
        f"PostgreSQL:  {pg_version or 'not used'}",
    ]


@dataclass
class Run:
    """One benchmark run: the plan, the configuration, both stores and the figures so far."""

    plan: Plan
    config: Configuration
    data_dir: Path
    engine: Engine
    pg: Engine | None = None
    pg_url: str | None = None
    figures: list[Figure] = field(default_factory=list)

    @property
    def db_path(self) -> Path:
        """The SQLite file; the CLI finds it as ``casework.db`` in ``CASEWORK_DATA_DIR``."""
        return self.data_dir / "casework.db"

    def add(self, *figures: Figure) -> None:
        """Record figures for the table."""
        self.figures.extend(figures)

    def load(self) -> SyntheticMunicipality:
        """Figure 1: generate the municipality and load it into both backends."""
        town = SyntheticMunicipality(self.config, self.plan.cases, end=dt.datetime.now(dt.UTC))
        histories = Timed(town.histories())
        started = time.perf_counter()
        loaded = bulk_load(self.engine, histories)
        total = time.perf_counter() - started
        note(town.summary())
        self.add(
            Figure("1", f"generate {loaded:,} cases with histories (Case.open/advance)",
                   f"{histories.seconds:.1f} s ({town.events / histories.seconds:,.0f} events/s)"),
            Figure("1", f"bulk_load into SQLite ({town.events:,} events)",
                   f"{total - histories.seconds:.1f} s"),
        )  # fmt: skip
        if self.pg is not None:
            stored = Timed(stored_histories(self.db_path))
            started = time.perf_counter()
            bulk_load(self.pg, stored)
            total = time.perf_counter() - started
            note(f"PostgreSQL bulk_load {total - stored.seconds:.1f} s "
                 f"(+ {stored.seconds:.1f} s reading the rows back from SQLite)")  # fmt: skip
            self.add(Figure("1", "bulk_load into PostgreSQL (the same histories)",
                            f"{total - stored.seconds:.1f} s"))  # fmt: skip
        return town

    def transitions(self, pool: Sequence[str]) -> None:
        """Figures 2-4: single and batched transitions, and the sqlite3 floor."""
        plan, config = self.plan, self.config
        floor = SqliteFloor(self.db_path)
        full_row = SqliteFloor(self.db_path, every_column=True)
        try:
            rates = interleave(
                {
                    "floor": floor.unit(pool, random.Random(1)),
                    "casework": casework_single(self.engine, config, pool, random.Random(2)),
                    "floor writing every column": full_row.unit(pool, random.Random(3)),
                },
                plan.rounds, plan.seconds,
            )  # fmt: skip
        finally:
            floor.close()
            full_row.close()
        ours = statistics.median(rates["casework"])
        ratios = [o / f for o, f in zip(rates["casework"], rates["floor"], strict=True)]
        ratio = statistics.median(ratios)
        batched = median_rate(
            casework_batched(self.engine, config, pool, random.Random(4)), 3, plan.seconds
        )
        note(f"SQLite advance_many: {batched:,.0f}/s")
        every = statistics.median(rates["floor writing every column"])
        self.add(
            Figure("2", "single transitions/s, SQLite (advance_case, one commit each)",
                   f"{ours:,.0f}", f">= {TARGET_SINGLE_SQLITE:,.0f}",
                   verdict(ours >= TARGET_SINGLE_SQLITE)),
            Figure("3", f"batched transitions/s, SQLite (advance_many, {BATCH} per transaction)",
                   f"{batched:,.0f}"),
            Figure("4", "floor: the same transition by hand on sqlite3, transitions/s",
                   f"{statistics.median(rates['floor']):,.0f}"),
            Figure("4", f"casework / floor (median of {plan.rounds} interleaved rounds, "
                   f"range {min(ratios):.2f}-{max(ratios):.2f})",
                   f"{ratio:.2f}", f">= {TARGET_FLOOR_RATIO}",
                   verdict(ratio >= TARGET_FLOOR_RATIO)),
            Figure("4", "context: floor writing every column like the repository's save, "
                   "transitions/s", f"{every:,.0f}"),
        )  # fmt: skip
        if self.pg is None:
            return
        single = median_rate(
            casework_single(self.pg, config, pool, random.Random(5)), 3, plan.seconds
        )
        batched = median_rate(
            casework_batched(self.pg, config, pool, random.Random(6)), 3, plan.seconds
        )
        note(f"PostgreSQL advance_case: {single:,.0f}/s, advance_many: {batched:,.0f}/s")
        self.add(
            Figure("2", "single transitions/s, PostgreSQL (advance_case, one commit each)",
                   f"{single:,.0f}"),
            Figure("3", f"batched transitions/s, PostgreSQL (advance_many, {BATCH} per "
                   "transaction)", f"{batched:,.0f}"),
        )  # fmt: skip

    def cli(self, case_id: str, events: int) -> None:
        """Figure 5: whole-process latency of ``casework case show`` on the SQLite database."""
        runs = self.plan.cli_runs
        # PYTHONDONTWRITEBYTECODE is set in this environment, so without compiled modules every
        # call would compile casework afresh; compile them once, as scripts/setup.sh does.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "casework")],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
        env |= {"CASEWORK_DATA_DIR": str(self.data_dir), "CASEWORK_CONFIG_DIR": str(CONFIG_DIR)}
        casework = str(Path(sys.executable).parent / "casework")
        show = [casework, "case", "show", case_id]
        run_cli(show, env)  # warm-up: writes the configuration snapshot into the data directory
        variants = {"human": show, "--json": [*show, "--json"]}
        times: dict[str, list[float]] = {label: [] for label in variants}
        for _ in range(runs):  # alternating, so a busy moment of the machine hits both alike
            for label, argv in variants.items():
                times[label].append(run_cli(argv, env))
        for label in variants:
            median, p90 = statistics.median(times[label]), percentile(times[label], 0.9)
            note(f"case show {label}: median {median:.3f} s, p90 {p90:.3f} s")
            self.add(Figure(
                "5", f"`casework case show` {label} ({events} events), median / p90 of {runs}",
                f"{median:.3f} s / {p90:.3f} s", f"<= {TARGET_SHOW_S} s",
                verdict(median <= TARGET_SHOW_S)))  # fmt: skip
        for label, code in (("`python -c pass` (interpreter start)", "pass"),
                            ("`python -c 'import sqlalchemy, typer, rich.table, pydantic'`",
                             "import sqlalchemy, typer, rich.table, pydantic")):  # fmt: skip
            floor = [run_cli([sys.executable, "-c", f"{code}; print(1)"], env)
                     for _ in range(runs)]  # fmt: skip
            self.add(Figure("5", f"context: {label}, median", f"{statistics.median(floor):.3f} s"))
        for label, args in (("human", ["case", "show", case_id]),
                            ("--json", ["case", "show", case_id, "--json"])):  # fmt: skip
            costs = import_costs([casework, *args], env)
            self.add(
                Figure("5", f"context: imports of `case show` {label} (-X importtime, self times)",
                       ", ".join(f"{name} {ms:.0f}" for name, ms in costs) + " ms"),
                Figure("5", f"context: `case show` {label} once imported (2nd call in-process), "
                       f"median of {runs}", f"{warm_call_ms(args, env, runs):.0f} ms"),
            )  # fmt: skip

    def urgent(self) -> None:
        """Figure 6: ``urgent(50)`` among ``--urgent-rows`` cases on both backends."""
        plan = self.plan
        extra = max(0, plan.urgent_rows - count_cases(self.engine))
        db_path, pg_url = self.db_path, self.pg_url
        backends: list[tuple[str, Engine, Callable[[], float]]] = [
            ("SQLite", self.engine, lambda: fill_sqlite(db_path, extra)),
        ]
        if self.pg is not None and pg_url is not None:
            backends.append(("PostgreSQL", self.pg, lambda: fill_postgres(pg_url, extra)))
        for name, engine, fill in backends:
            seconds = fill()
            engine.dispose()  # new connections, so SQLite's planner reads the fresh statistics
            rows = count_cases(engine)
            note(f"{name}: {extra:,} rows added server-side and analysed in {seconds:.1f} s "
                 f"({rows:,} cases)")  # fmt: skip
            note(f"{name} plan: {query_plan(engine)}")
            median, p90, found = urgent_ms(engine, plan.urgent_calls)
            self.add(Figure(
                "6", f"urgent(50) among {rows:,} cases, {name}: median (p90) of "
                f"{plan.urgent_calls}, {found} found", f"{median:.1f} ms ({p90:.1f} ms)",
                f"<= {TARGET_URGENT_MS:.0f} ms", verdict(median <= TARGET_URGENT_MS)))  # fmt: skip

    def all(self) -> None:
        """Every measurement, in an order that gives each the data the issue describes."""
        upgrade(self.engine)
        if self.pg is not None:
            upgrade(self.pg)
        print(f"\n[1] generating {self.plan.cases:,} cases and loading them", flush=True)
        town = self.load()
        pool = town.at_meeting
        print(f"\n[2-4] transitions on {len(pool):,} open cases at meeting steps", flush=True)
        self.transitions(pool)
        # The stored data must still be genuine after all that: the audit recomputes hashes,
        # chains and every row from its events (floor and casework wrote to the same cases).
        rng = random.Random(6)
        note(f"SQLite {audit_sample(self.engine, pool, rng, 300)}; "
             f"{audit_sample(self.engine, town.ids, rng, 300)}")  # fmt: skip
        if self.pg is not None:
            note(f"PostgreSQL {audit_sample(self.pg, pool, rng, 300)}")
        # A case with a full history that the transition benchmarks left alone, so it shows
        # what a case officer sees rather than a case postponed a thousand times.
        touched = set(pool)
        shown = random.Random(7).choice([i for i in town.long_histories if i not in touched])
        with SqlUnitOfWork(self.engine, read_only=True) as uow:
            events = len(uow.cases.events(shown))
        print(f"\n[5] casework case show {shown}", flush=True)
        self.cli(shown, events)
        print(f"\n[6] urgent(50) among {self.plan.urgent_rows:,} cases", flush=True)
        self.urgent()


def run(plan: Plan) -> list[Figure]:
    """Set up the stores, measure everything, and remove the stores again."""
    config = load_configuration(CONFIG_DIR)
    created = create_postgres_database() if plan.postgres else None
    pg_url, pg_version = created if created else (None, None)
    print("\n".join(machine(pg_version)), flush=True)
    data_dir = Path(tempfile.mkdtemp(prefix="casework-bench-"))
    bench = Run(plan, config, data_dir, make_engine(f"sqlite:///{data_dir / 'casework.db'}"))
    try:
        if pg_url is not None:
            bench.pg, bench.pg_url = make_engine(pg_url), pg_url
        bench.all()
    finally:
        bench.engine.dispose()
        if bench.pg is not None:
            bench.pg.dispose()
        if pg_url is not None:
            drop_postgres_database(pg_url)
        shutil.rmtree(data_dir, ignore_errors=True)
    return bench.figures


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table (pasteable into docs/performance.md)."""
    rows = [("#", "Figure", "Measured", "Target", "Verdict"), ("-", "-", "-", "-", "-")]
    # Stable sort: the figures of one number together, SQLite before PostgreSQL.
    rows += [(f.number, f.label, f.measured, f.target, f.verdict)
             for f in sorted(figures, key=lambda f: f.number)]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for row in rows:
        if row[0] == "-":
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                         + " |")  # fmt: skip
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> Plan:
    """The plan from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=None, help="generated cases (100,000)")
    parser.add_argument("--urgent-rows", type=int, default=None,
                        help="cases in the table for urgent(50) (1,000,000)")  # fmt: skip
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--quick", action="store_true",
                        help="5,000 cases, 50,000 rows, short rounds: a smoke run")  # fmt: skip
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    return Plan(
        cases=args.cases or (5_000 if quick else 100_000),
        urgent_rows=args.urgent_rows or (50_000 if quick else 1_000_000),
        postgres=not args.skip_postgres,
        rounds=3 if quick else 5,
        seconds=0.5 if quick else 2.0,
        cli_runs=5 if quick else 15,
        urgent_calls=5 if quick else 20,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; 0 unless something broke."""
    plan = parse_args(argv)
    started = time.perf_counter()
    figures = run(plan)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nResults ({time.perf_counter() - started:.0f} s in all, peak memory of this "
          f"process {peak:.0f} MiB):\n")  # fmt: skip
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
