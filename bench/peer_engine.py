"""casework through the peer benchmark's --engine-cmd hook, on its real service layer (issue 17).

    bench/peers.sh [--pg postgresql://postgres@127.0.0.1:5432/perfbench] [bench_peers.py options]

which runs ``../shared/tools/peers/bench_peers.py`` with

    --engine-cmd bench/peer_engine.py:run --engine-setup bench/peer_engine.py:setup \
    --engine-name casework

in a throw-away virtual environment that sees casework's own (editable, locked) environment and
adds the peers' libraries (spiffworkflow, python-statemachine, transitions). The interface is the
one of ``../shared/tools/peers/engine_example.py``; this file started as ``engine_casework.py``
there and is kept working here as the store changes.

setup(n_cases, db_url), untimed
    * creates casework's own schema at ``db_url`` with its migrations (``upgrade``, as
      ``casework init`` and bench/engine.py do); on PostgreSQL the casework tables left by the
      previous run are first removed with casework's own downgrade migrations (``base``),
      after that run has been audited (below);
    * opens ``n_cases`` decision cases (workflow ``beslutningssag``, route TMU → ØU → KB, i.e.
      kladde → centerchef → direktør → kvalitetssikring → TMU → ØU → KB → ekspedition → afsluttet)
      with ``handlers.open_case`` on a fresh ``SqlUnitOfWork`` each (one commit per case), owners
      cycling through the example municipality's case officers;
    * reads every case back through the repository and lets the engine say, step by step, who is
      responsible (``responsible_people``) and which forward action that person is permitted
      (``Case.available_actions``, kind FORWARD, withdrawal/rejection left out as in
      casework/services/demo.py and bench/engine.py); the walk is simulated in memory only,
      nothing is written. Exactly one such action must exist at each of the 8 steps and the case
      must be closed after them, otherwise setup fails.

run(n_cases, db_url) -> transitions committed, timed
    advances every case round-robin (step 1 of every case, then step 2, …) with
    ``handlers.advance_case(SqlUnitOfWork(engine), config, SystemClock(), AdvanceCase(...))``: one
    unit of work, one transaction and one commit per transition, with the actor, action and the
    version the user saw (``expected_version``) from setup. The handler reads the case, checks
    action, role, centre and guard, appends the hash-chained event, writes the row with the
    version check and the event, and commits. Each result is checked (not replayed, seq = version
    + 1, closed after the 8th).

Configuration: the repository's ``config/`` (Eksempel Kommune) loaded whole, as the CLI, the web
app and the flows load it, so each transition counts its next step's deadline in the working-day
calendar (public holidays, breaks) and is checked against the configured periods.

Audit, untimed: the engine and case list of every run are kept; at the next setup() (before the
PostgreSQL tables are reset) and at interpreter exit every kept run is checked: every case at
version 9, closed at ``afsluttet``, 9 events of which the last 8 are exactly the planned
(actor, action) pairs, and ``handlers.verify_audit`` (hashes, chains, row == replay) without a
finding. A failure raises in setup (the harness reports the row as FAILED) or, at exit, is
printed and ends the process with status 3. On SQLite the harness removes the run's directory
right after run(); the kept pooled connection still reads the unlinked files, so the audit reads
exactly what run() committed. Lines go to stderr as "casework-audit: …".

GC: as the harness does for the peers (gc.collect(); gc.freeze() after prepare, unfreeze after the
timed loop), setup() ends with gc.collect(); gc.freeze() and run() unfreezes at its end.

The audit's ``handlers.verify_audit`` over every case of the run is what ``casework audit verify``
runs; its line ("verify_audit: … 0 findings") is printed after every run.

Standalone check (setup, timed run, audit, in one process; CI's smoke runs it with 5 cases):

    .venv/bin/python bench/peer_engine.py [--cases 2000] [sqlite | postgresql+psycopg://…]
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from casework.adapters.clock import SystemClock
from casework.adapters.config.full import load_full_configuration
from casework.adapters.sql import SqlUnitOfWork, current_revision, make_engine, upgrade
from casework.adapters.sql.engine import connect
from casework.adapters.sql.schema import alembic_config
from casework.domain.case import responsible_people
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.events import EventKind
from casework.domain.workflow import CaseStatus, TransitionKind
from casework.services import handlers, resolve

CASEWORK_ROOT = Path(os.environ.get("CASEWORK_ROOT", Path(__file__).resolve().parent.parent))
CONFIG_DIR = CASEWORK_ROOT / "config"

WORKFLOW = "beslutningssag"
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
ATTRIBUTES = {"politikomraade": "veje", "sagstype": "vejprojekt", "beloeb": 1_500_000}
PER_CASE = 8
#: Forward actions that are not the case's way forward: withdrawing a draft, rejecting an item
#: (the same exclusion as casework/services/demo.py and bench/engine.py make).
NOT_ONWARD = frozenset({"traek_tilbage", "afvis"})
_PLACES = ("Lindebjerg", "Sorgenfri", "Engelsborg", "Virum", "Taarbæk", "Hjortekær", "Bagsværd")


@dataclass
class _Run:
    """What setup() prepared for one run(): the engine, the cases and each case's 8 moves."""

    url: str
    engine: object
    ids: list[str]
    #: case id -> ((actor, action, expected_version), ...) for the 8 steps
    moves: dict[str, tuple[tuple[str, str, int], ...]]
    done: int = 0
    seconds: float | None = None
    audited: bool = False
    notes: list[str] = field(default_factory=list)


_CACHE: dict[str, object] = {}
_CLOCK = SystemClock()
_PREPARED: dict[str, _Run] = {}
_TO_AUDIT: list[_Run] = []


def _config():
    # The whole configuration, as the CLI, the web app and the flows load it: with the working-
    # day calendar (holidays, breaks) that a step's deadline is counted in, and the periods a
    # transition is checked against. The workflows-only loader skips both.
    if "config" not in _CACHE:
        _CACHE["config"] = load_full_configuration(CONFIG_DIR)
    return _CACHE["config"]


def _log(text: str) -> None:
    print(f"casework-audit: {text}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- setup
def setup(n_cases: int, db_url: str) -> None:
    """Untimed: audit and release earlier runs, create the schema, open the cases, plan moves."""
    gc.unfreeze()
    _audit_pending()
    config = _config()
    engine = make_engine(db_url)
    if engine.dialect.name == "postgresql" and current_revision(engine) is not None:
        # The previous run's casework tables (already audited above): casework's own migrations
        # take them down again. The peers' tables in the same database are not touched.
        from alembic import command

        with connect(engine) as connection, connection.begin():
            command.downgrade(alembic_config(connection), "base")
    upgrade(engine)
    ids = _open_cases(engine, config, n_cases)
    moves = _plan_moves(engine, config, ids)
    _PREPARED[db_url] = _Run(db_url, engine, ids, moves)
    gc.collect()
    gc.freeze()


def _open_cases(engine, config, n_cases: int) -> list[str]:
    municipality = config.municipality
    officers = sorted(p.id for p in municipality.people.values() if "sagsbehandler" in p.roles)
    ids = []
    for index in range(n_cases):
        case = handlers.open_case(
            SqlUnitOfWork(engine),
            config,
            _CLOCK,
            OpenCase(
                workflow=WORKFLOW,
                title=f"Trafiksikring af {_PLACES[index % len(_PLACES)]}vej, etape {index + 1}",
                actor=officers[index % len(officers)],
                route=ROUTE,
                attributes=ATTRIBUTES,
            ),
        )
        ids.append(case.id)
    return ids


def _plan_moves(engine, config, ids: list[str]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Per case, the 8 moves a user would make: the responsible person's onward action.

    Read through the repository; the walk itself runs on a copy in memory (nothing is written).
    """
    municipality = config.municipality
    now, today = _CLOCK.now(), _CLOCK.today()
    moves: dict[str, tuple[tuple[str, str, int], ...]] = {}
    with SqlUnitOfWork(engine, read_only=True) as uow:
        for index, case_id in enumerate(ids):
            case = uow.cases.get(case_id)  # advanced in memory only, never saved
            graph = resolve.case_graph(config, case, uow)
            steps = []
            for _ in range(PER_CASE):
                people = responsible_people(case, graph, municipality)
                if not people:
                    raise RuntimeError(f"{case_id}: nobody is responsible at {case.step}")
                actor = people[index % len(people)]
                onward = [
                    edge
                    for edge in case.available_actions(graph, municipality, actor)
                    if edge.transition.kind is TransitionKind.FORWARD
                    and edge.action not in NOT_ONWARD
                ]
                if len(onward) != 1:
                    raise RuntimeError(
                        f"{case_id} at {case.step}: {actor} may take "
                        f"{[e.action for e in onward]} onward, expected exactly one"
                    )
                steps.append((actor, onward[0].action, case.version))
                case.advance(
                    graph=graph, municipality=municipality, actor=actor,
                    action=onward[0].action, at=now, today=today,
                    calendar=config.work_calendar,
                )  # fmt: skip
            if case.status is not CaseStatus.CLOSED:
                raise RuntimeError(f"{case_id} is not closed after {PER_CASE} moves ({case.step})")
            moves[case_id] = tuple(steps)
    return moves


# --------------------------------------------------------------------------- the timed part
def run(n_cases: int, db_url: str) -> int:
    """Timed: every case through its 8 transitions, one advance_case (one commit) each."""
    prepared = _PREPARED.pop(db_url, None)
    if prepared is None:  # called without setup: then case creation is timed too
        _log(f"run() found no setup() for {db_url}: creating the cases inside the timing")
        setup(n_cases, db_url)
        prepared = _PREPARED.pop(db_url)
    engine, config, clock, moves = prepared.engine, _config(), _CLOCK, prepared.moves
    advance = handlers.advance_case
    last = PER_CASE - 1
    done = 0
    started = time.perf_counter()
    try:
        for step in range(PER_CASE):
            for case_id in prepared.ids:
                actor, action, version = moves[case_id][step]
                result = advance(
                    SqlUnitOfWork(engine),
                    config,
                    clock,
                    AdvanceCase(
                        case_id=case_id, action=action, actor=actor, expected_version=version
                    ),
                )
                if result.replayed or result.event.seq != version + 1:
                    raise RuntimeError(f"{case_id}: {action} was not committed as #{version + 1}")
                if step == last and result.case.status is not CaseStatus.CLOSED:
                    raise RuntimeError(f"{case_id} is not closed after its last move")
                done += 1
    finally:
        prepared.seconds = time.perf_counter() - started
        prepared.done = done
        _TO_AUDIT.append(prepared)  # audited (and its engine disposed) outside the timing
        gc.unfreeze()
    return done


# --------------------------------------------------------------------------- the audit
def audit(prepared: _Run) -> str:
    """Every case advanced 8 times as planned, and verify_audit finds nothing; raises if not."""
    engine = prepared.engine
    started = time.perf_counter()
    problems: list[str] = []
    events_seen = 0
    with SqlUnitOfWork(engine, read_only=True) as uow:
        for case_id in prepared.ids:
            case = uow.cases.get(case_id)
            events = uow.cases.events(case_id)
            events_seen += len(events)
            if (
                case.version != PER_CASE + 1
                or case.status is not CaseStatus.CLOSED
                or case.step != "afsluttet"
            ):
                problems.append(f"{case_id}: version {case.version}, {case.status}, {case.step}")
            moved = [(e.actor, e.data.get("action")) for e in events[1:]
                     if e.kind is EventKind.ADVANCED]  # fmt: skip
            planned = [(actor, action) for actor, action, _ in prepared.moves[case_id]]
            if len(events) != PER_CASE + 1 or moved != planned:
                problems.append(f"{case_id}: {len(events)} events, moves {moved}")
    report = handlers.verify_audit(SqlUnitOfWork(engine, read_only=True), prepared.ids)
    seconds = time.perf_counter() - started
    backend = engine.dialect.name
    if problems or not report.ok:
        first = problems[:3] + [f.message("en") for f in report.findings[:3]]
        raise RuntimeError(
            f"casework audit FAILED ({backend}): {len(problems)} cases not as planned, "
            f"{len(report.findings)} audit findings; first: {first}"
        )
    prepared.audited = True
    return (
        f"{backend}: {len(prepared.ids)} cases, {prepared.done} transitions committed in "
        f"{prepared.seconds:.2f} s timed loop ({prepared.done / prepared.seconds:,.0f}/s); "
        f"every case closed at version {PER_CASE + 1} with the {PER_CASE} planned moves, "
        f"{events_seen} events; "
        f"verify_audit: {report.cases} cases, {report.events} events, 0 findings "
        f"(audit took {seconds:.1f} s, untimed)"
    )


def _audit_pending() -> None:
    while _TO_AUDIT:
        prepared = _TO_AUDIT.pop(0)
        try:
            _log(audit(prepared))
        finally:
            prepared.engine.dispose()


def _audit_at_exit() -> None:
    try:
        _audit_pending()
    except Exception as exc:  # reported, and the exit status says it
        _log(str(exc))
        os._exit(3)


atexit.register(_audit_at_exit)


# --------------------------------------------------------------------------- standalone check
def main(argv: list[str]) -> int:
    n = 2000
    if argv[:1] == ["--cases"]:
        n, argv = int(argv[1]), argv[2:]
    target = argv[0] if argv else "sqlite"
    tmp = None
    if target == "sqlite":
        tmp = tempfile.mkdtemp(prefix="cw-engine-check-")
        url = f"sqlite:///{tmp}/engine.db"
    else:
        url = target
    t0 = time.perf_counter()
    setup(n, url)
    t1 = time.perf_counter()
    gc.collect()
    t2 = time.perf_counter()
    done = run(n, url)
    t3 = time.perf_counter()
    print(f"setup {t1 - t0:.1f} s; run: {done} transitions in {t3 - t2:.2f} s = "
          f"{done / (t3 - t2):,.0f}/s")  # fmt: skip
    _audit_pending()
    if tmp is not None:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if done == n * PER_CASE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
