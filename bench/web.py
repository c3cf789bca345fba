"""Load figures for the web app: the case page and the board with 10,000 open cases, 20 users.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run

1. seeds a SQLite database with ``--cases`` open cases (default 10,000) with genuine histories
   (``Case.open`` and ``case.advance`` along Eksempel Kommune's decision-case workflow, zero to
   five steps in, by the people the engine names as responsible), loaded with ``bulk_load``;
2. starts the app (``casework.entrypoints.web.server.app_from_env``) with uvicorn on loopback
   in its own process (``--workers`` processes), so the load generator does not share its
   interpreter;
3. signs ``--users`` users in through the login form (secretariat staff, who see every case,
   and a director and centre heads, who see their centres' cases) and gives each an API token;
4. runs one phase per target for ``--seconds`` seconds: every user, concurrently (httpx,
   asyncio), requests the target again and again, a random case the user may see for the case
   pages; and prints p50/p95/p99 latency and requests per second of each phase. It does so
   for one user alone (the service time), for all users back to back (each sends the next
   request as soon as the last is answered, the harshest reading of "20 concurrent users"),
   and for all users with a think time (``--think``, mean 1 s between a user's requests, as
   people reading pages do).

Targets: the case page ``/sager/{id}``, the board ``/tavle``, and their JSON API equivalents
``/api/v1/cases/{id}`` and ``/api/v1/board``; and the coordinator's flow board over 60 coming
meetings, ``/tavle?moeder=7`` (issue 22: p95 <= 150 ms; ``--only flow`` runs it alone). Issue
8's target is p95 <= 100 ms for the case page and the board. Everything lives in a temporary
directory, removed at the end::

    .venv/bin/python bench/web.py [--cases 10000] [--users 20] [--seconds 20] [--think 1]
                                  [--workers 1] [--snapshot-ttl S] [--quick] [--only NAME]

``--snapshot-ttl`` changes how long the app keeps its snapshot of the open cases (board and
"my cases"), to show what its periodic rebuilds cost.

``--quick`` (1,000 cases, 5 s per phase) is a smoke run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# Run as a script, bench/ comes first on the path, and bench/diagrams.py would shadow the
# ``diagrams`` package the case page draws with.
if sys.path and Path(sys.path[0] or ".").resolve() == REPO / "bench":
    sys.path[0] = str(REPO)
CONFIG_DIR = REPO / "config"
PASSWORD = "bench-password"
#: Who the simulated users sign in as: the secretariat sees all cases; the others their centres'.
PEOPLE = ("sofie", "rasmus", "annelise", "henrik", "birgitte", "torben")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_END = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


# ----------------------------------------------------------------------------- seeding
def open_histories(config: Any, count: int, seed: int = 2026) -> Iterator[tuple[Any, list[Any]]]:
    """``count`` open decision cases, zero to five steps in, as ``bulk_load`` takes them."""
    from casework.adapters.clock import COPENHAGEN
    from casework.domain.case import Case, responsible_people
    from casework.domain.routes import build_route
    from casework.domain.workflow import CaseStatus, TransitionKind

    rng = random.Random(seed)
    municipality = config.municipality
    definition = config.workflow("beslutningssag")
    officers = sorted(
        (p for p in municipality.people.values() if "sagsbehandler" in p.roles), key=lambda p: p.id
    )
    committees = [b for b in municipality.bodies.values() if b.kind.value == "staaende_udvalg"]
    graphs = []
    for body in committees:
        for area in body.policy_areas:
            pairs = [(body.id, "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
            route = build_route(pairs, definition, municipality)
            graphs.append((area, definition.expand(route)))
    numbers: dict[int, int] = {}
    made = 0
    while made < count:
        opened = _END - dt.timedelta(days=rng.uniform(5, 120))
        area, graph = rng.choice(graphs)
        officer = rng.choice(officers)
        numbers[opened.year] = numbers.get(opened.year, 0) + 1
        case = Case.open(
            case_id=f"{opened.year}-{numbers[opened.year]:05d}", graph=graph,
            title=f"Sag nr. {made + 1} om {area}", owner=officer.id,
            centre=min(officer.centres),
            attributes=municipality.check_attributes({"politikomraade": area}),
            at=opened, today=opened.astimezone(COPENHAGEN).date(), actor=officer.id,
        )  # fmt: skip
        at = opened
        for _ in range(rng.randint(0, 5)):
            at += dt.timedelta(hours=rng.uniform(2, 48))
            actors = responsible_people(case, graph, municipality)
            if not actors or at >= _END:
                break
            actor = rng.choice(actors)
            forward = [
                a for a in case.available_actions(graph, municipality, actor)
                if a.transition.kind is TransitionKind.FORWARD
                and a.action not in {"traek_tilbage", "afvis"}
            ]  # fmt: skip
            if not forward:
                break
            case.advance(graph=graph, municipality=municipality, actor=actor,
                         action=rng.choice(forward).action, at=at,
                         today=at.astimezone(COPENHAGEN).date())  # fmt: skip
        if case.status is CaseStatus.OPEN:
            made += 1
            yield case, case.pending


@dataclass
class Seeded:
    """The seeded database: where it is, and the case ids each user may see."""

    data_dir: Path
    cases: int
    seconds: float
    visible: dict[str, list[str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def seed(data_dir: Path, count: int) -> Seeded:
    """A fresh database in ``data_dir`` with ``count`` open cases, passwords and tokens."""
    from casework.adapters.config.full import load_full_configuration
    from casework.adapters.sql import bulk_load, make_engine, upgrade
    from casework.adapters.sql.accounts import AccountStore
    from casework.app import open_app
    from casework.domain import access
    from casework.services.ports import CaseQuery
    from casework.settings import Settings

    started = time.perf_counter()
    config = load_full_configuration(CONFIG_DIR)
    engine = make_engine(f"sqlite:///{data_dir / 'casework.db'}")
    upgrade(engine)
    settings = Settings(data_dir=data_dir, config_dir=CONFIG_DIR)
    services = open_app(settings, config=config)
    services.register_workflows()
    bulk_load(engine, open_histories(config, count))
    seeded = Seeded(data_dir=data_dir, cases=count, seconds=time.perf_counter() - started)
    cases = services.cases(CaseQuery(limit=count + 1))
    accounts = AccountStore(engine)
    for person in PEOPLE:
        accounts.set_password(person, PASSWORD)
        seeded.tokens[person] = accounts.create_token(person, "bench")
        visible = access.visible_cases(config.municipality, person, cases)
        seeded.visible[person] = [c.id for c in visible]
    services.close()
    engine.dispose()
    return seeded


# ----------------------------------------------------------------------------- server
def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_app() -> Any:
    """The app on ``$CASEWORK_DATA_DIR`` (uvicorn's factory, in every worker process)."""
    from casework.entrypoints.web.server import app_from_env
    from casework.settings import Settings

    app = app_from_env(Settings.from_env(config_dir=CONFIG_DIR))
    ttl = os.environ.get("BENCH_SNAPSHOT_TTL")
    keeper = getattr(app.state, "snapshot", None)
    if ttl and keeper is not None:  # --snapshot-ttl: what if the board's snapshot lived longer
        keeper.ttl = float(ttl)
    return app


def serve(port: int, workers: int) -> None:
    """Run the app on ``port`` (the server process's entry point)."""
    import uvicorn

    from casework.entrypoints.serve import WEB_HTTP_PROTOCOL

    # The HTTP protocol `casework serve` gives uvicorn (TCP_NODELAY with several workers too).
    uvicorn.run(
        "bench.web:make_app", factory=True, host="127.0.0.1", port=port, workers=workers,
        http=WEB_HTTP_PROTOCOL, log_level="warning", access_log=False,
    )  # fmt: skip


def start_server(
    data_dir: Path, port: int, workers: int, snapshot_ttl: float | None
) -> subprocess.Popen[bytes]:
    """The server in its own process, once ``/healthz`` answers."""
    import httpx

    # The session key is shared by the workers, so a session signed by one holds at the other.
    env = {**os.environ, "CASEWORK_WEB_SECRET": "bench-secret", "CASEWORK_DATA_DIR": str(data_dir),
           "PYTHONPATH": str(REPO)}  # fmt: skip
    if snapshot_ttl is not None:
        env["BENCH_SNAPSHOT_TTL"] = str(snapshot_ttl)
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--port", str(port), "--workers", str(workers)],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


# ----------------------------------------------------------------------------- load
@dataclass
class User:
    """One simulated user: a signed-in session and an API token."""

    person: str
    client: Any
    token: str
    cases: list[str]


async def sign_in(base: str, person: str, token: str, cases: list[str]) -> User:
    """A user signed in through the login form, as a browser does."""
    import httpx

    client = httpx.AsyncClient(base_url=base, timeout=30)
    page = await client.get("/login")
    found = _CSRF.search(page.text)
    if found is None:
        raise SystemExit("the login page has no CSRF token")
    answer = await client.post(
        "/login", data={"person": person, "password": PASSWORD, "csrf_token": found.group(1)}
    )
    if answer.status_code not in {302, 303} or answer.headers["location"].startswith("/login"):
        raise SystemExit(f"{person} could not sign in ({answer.status_code})")
    return User(person=person, client=client, token=token, cases=cases)


@dataclass
class Phase:
    """One target's measurements."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    #: What the errors were: an exception's class name, or "HTTP <status>".
    kinds: Counter[str] = field(default_factory=Counter)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return ordered[index] * 1000

    def line(self) -> str:
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        verdict = ""
        if self.name in {"case page /sager/{id}", "board /tavle"}:
            verdict = "  ok" if self.percentile(0.95) <= 100 else "  MISSED (p95 > 100 ms)"
        return (
            f"{self.name:<34} {len(self.latencies):>7,} {rate:>8.1f}/s "
            f"{self.percentile(0.50):>8.1f} {self.percentile(0.95):>8.1f} "
            f"{self.percentile(0.99):>8.1f} {self.errors:>6}{verdict}"
            + (
                f"  ({', '.join(f'{k} {n}' for k, n in self.kinds.most_common())})"
                if self.kinds
                else ""
            )
        )


async def hammer(
    users: Sequence[User], name: str, target: str, seconds: float, think: float = 0.0
) -> Phase:
    """Every user requests ``target`` in a loop for ``seconds``; ``{id}`` is a random case.

    With ``think`` > 0 each user pauses a random 0.5–1.5 × ``think`` seconds between requests,
    as a person reading the page does; with 0 the users hammer the server back to back.
    """
    import httpx

    phase = Phase(name)
    api = target.startswith("/api/")
    stop = time.perf_counter() + seconds

    async def one(user: User, rng: random.Random) -> None:
        headers = {"Authorization": f"Bearer {user.token}"} if api else None
        while time.perf_counter() < stop:
            url = target.replace("{id}", rng.choice(user.cases)) if "{id}" in target else target
            started = time.perf_counter()
            try:
                response = await user.client.get(url, headers=headers)
            except httpx.HTTPError as exc:
                phase.errors += 1
                phase.kinds[type(exc).__name__] += 1
                continue
            elapsed = time.perf_counter() - started
            if response.status_code == 200:
                phase.latencies.append(elapsed)
            else:
                phase.errors += 1
                phase.kinds[f"HTTP {response.status_code}"] += 1
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    began = time.perf_counter()
    await asyncio.gather(*(one(u, random.Random(i)) for i, u in enumerate(users)))
    phase.seconds = time.perf_counter() - began
    return phase


TARGETS = (
    ("case page /sager/{id}", "/sager/{id}"),
    ("board /tavle", "/tavle"),
    ("API case /api/v1/cases/{id}", "/api/v1/cases/{id}"),
    ("API board /api/v1/board", "/api/v1/board"),
    # The coordinator's flow board (issue 22) over 60 coming meetings (seven of each body's).
    ("flow board /tavle?moeder=7", "/tavle?moeder=7"),
)


async def load(
    base: str,
    seeded: Seeded,
    runs: Sequence[tuple[int, float]],
    seconds: float,
    only: str | None = None,
) -> list[tuple[int, float, list[Phase]]]:
    """Sign the users in, warm up, and run one phase per target for each (users, think)."""
    most = max(users for users, _ in runs)
    signed = [
        await sign_in(base, person, seeded.tokens[person], seeded.visible[person])
        for person in (PEOPLE[i % len(PEOPLE)] for i in range(most))
    ]
    targets = [t for t in TARGETS if only is None or only in t[0]]
    try:
        # Warm-up: imports, templates, caches, every person's view. Every user's connection,
        # so that each uvicorn worker gets requests and builds its own snapshot of the open
        # cases here, not in the measured phases (with six connections, two workers and
        # 100,000 cases the board phases stalled for ~20 s; with all of them they did not).
        for _, target in targets:
            await hammer(signed, "warm-up", target, min(3.0, seconds))
        results = []
        for users, think in runs:
            phases = [
                await hammer(signed[:users], name, target, seconds, think)
                for name, target in targets
            ]
            results.append((users, think, phases))
        return results
    finally:
        for user in signed:
            await user.client.aclose()


# ----------------------------------------------------------------------------- main
def open_files_for(users: int) -> str:
    """Raise this process's open-file limit (the server inherits it) to what ``users``
    concurrent clients need: a socket each on both sides, plus the app's own files."""
    import resource

    need = 4 * users + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        limit = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
        soft = limit
    if soft < need:
        raise SystemExit(f"{users} users need {need} open files; the hard limit is {hard}")
    return f"open files: {soft:,} (need {need:,})"


def machine() -> str:
    """One line on where the figures come from."""
    cpus = os.cpu_count()
    return f"{platform.python_implementation()} {platform.python_version()}, {cpus} CPUs, " + (
        platform.platform()
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--think",
        type=float,
        action="append",
        help="mean pause between a user's requests, seconds (repeatable; default: 0 and 1)",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 cases, 5 s per phase")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--snapshot-ttl",
        type=float,
        help="seconds the app's snapshot of open cases lives (default: the app's own)",
    )
    parser.add_argument("--only", help="only the targets whose name contains this, e.g. 'flow'")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.cases, args.seconds = 1_000, 5.0
    args.think = args.think or [0.0, 1.0]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve:
        serve(args.port, args.workers)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="casework-bench-web-"))
    server = None
    try:
        print(f"casework web benchmark — {machine()}; {open_files_for(args.users)}")
        seeded = seed(workdir, args.cases)
        sees = ", ".join(f"{p} {len(ids):,}" for p, ids in seeded.visible.items())
        print(f"seeded {seeded.cases:,} open cases in {seeded.seconds:.1f} s; visible: {sees}")
        port = free_port()
        server = start_server(workdir, port, args.workers, args.snapshot_ttl)
        ttl = f", snapshot TTL {args.snapshot_ttl:g} s" if args.snapshot_ttl is not None else ""
        print(f"uvicorn on 127.0.0.1:{port}, {args.workers} worker process(es){ttl}; "
              f"{args.seconds:.0f} s per target\n")  # fmt: skip
        plan = [(1, 0.0)] + [(args.users, think) for think in args.think]
        runs = asyncio.run(load(f"http://127.0.0.1:{port}", seeded, plan, args.seconds, args.only))
        for users, think, phases in runs:
            pause = f"think time {think:g} s" if think else "no think time (back to back)"
            print(f"{users} user(s), {pause}:")
            print(f"{'target':<34} {'requests':>7} {'rate':>10} {'p50 ms':>8} {'p95 ms':>8} "
                  f"{'p99 ms':>8} {'errors':>6}")  # fmt: skip
            for phase in phases:
                print(phase.line())
            print()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
