"""Figures for backward planning: 10,000 cases planned onto Eksempel Kommune's meeting plans.

Prints measurements, asserts nothing: it is not a test and not a CI gate. The target is to plan
10,000 cases across a year's calendar in at most one second. One run

1. loads the configuration and the calendar (``calendar.yaml``, ``meetings/*.yaml``, holidays);
2. draws ``--cases`` hypothetical cases (seeded): routes as the example municipality has them
   (committee → ØU → KB, ØU → KB, a committee deciding alone, information to a committee),
   ready dates spread over 2026, some already part-way through their steps;
3. plans them all with one :class:`Planner` (explanations included), best of ``--rounds``;
4. plans them again with bookings, so that meetings fill up to the capacities in
   ``calendar.yaml`` and later cases move to later cycles or find no room (CW702).

Run from the repository root::

    .venv/bin/python bench/planning.py [--cases 10000] [--rounds 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casework.adapters.config import load_configuration
from casework.adapters.config.meetings_loader import load_calendar_configuration
from casework.domain.configuration import Configuration
from casework.domain.planning import CasePlan, NoFeasibleChain, Planner
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import Route, WorkflowDefinition

ROOT = Path(__file__).resolve().parent.parent

#: (workflow, route, weight): the mix of a municipality's political cases.
ROUTES = (
    ("beslutningssag", "tmu,oeu,kb", 14),
    ("beslutningssag", "bpu,oeu,kb", 14),
    ("beslutningssag", "buu,oeu,kb", 8),
    ("beslutningssag", "sou,oeu,kb", 8),
    ("beslutningssag", "kfu,oeu,kb", 6),
    ("beslutningssag", "beu,oeu,kb", 4),
    ("beslutningssag", "obu,tmu,oeu,kb", 2),
    ("beslutningssag", "oeu,kb", 12),
    ("beslutningssag", "kb", 2),
    ("beslutningssag", "buu:beslutter", 8),
    ("beslutningssag", "tmu:beslutter", 8),
    ("beslutningssag", "kfu:beslutter", 6),
    ("orienteringssag", "sou:orienteres", 4),
    ("orienteringssag", "tmu:orienteres", 4),
)
START_STEPS = (None, None, None, "centerchef_godkendelse", "direktoer_godkendelse")


@dataclass(frozen=True, slots=True)
class HypotheticalCase:
    """What planning needs of a case."""

    definition: WorkflowDefinition
    route: Route
    ready: dt.date
    from_step: str | None


def draw_cases(config: Configuration, count: int, seed: int) -> list[HypotheticalCase]:
    rng = random.Random(seed)
    municipality = config.municipality
    routes = [
        (config.workflows[w], build_route(parse_route(r), config.workflows[w], municipality))
        for w, r, _ in ROUTES
    ]
    weights = [w for _, _, w in ROUTES]
    year = dt.date(2026, 1, 1)
    cases = []
    for _ in range(count):
        definition, route = rng.choices(routes, weights)[0]
        start = rng.choice(START_STEPS) if definition.id == "beslutningssag" else None
        ready = year + dt.timedelta(days=rng.randrange(365))
        cases.append(HypotheticalCase(definition, route, ready, start))
    return cases


def plan_all(
    planner: Planner, cases: Sequence[HypotheticalCase], *, book: bool
) -> tuple[float, list[CasePlan], int]:
    booked: dict[tuple[str, dt.date], int] = {}
    plans: list[CasePlan] = []
    refused = 0
    started = time.perf_counter()
    for case in cases:
        try:
            plan = planner.plan(
                case.definition,
                case.route,
                case.ready,
                from_step=case.from_step,
                booked=booked if book else None,
            )
        except NoFeasibleChain:
            refused += 1
            continue
        if book:
            Planner.book(plan, booked)
        plans.append(plan)
    return time.perf_counter() - started, plans, refused


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    print(f"casework planning bench – Python {platform.python_version()}, {platform.machine()}")
    started = time.perf_counter()
    config = load_configuration(ROOT / "config")
    loaded_config = time.perf_counter()
    calendar = load_calendar_configuration(ROOT / "config", config.municipality)
    loaded_calendar = time.perf_counter()
    print(
        f"load: config/ {1000 * (loaded_config - started):.0f} ms, calendar and "
        f"{len(calendar.meetings.meetings)} meetings "
        f"({calendar.calendar.first.year}–{calendar.calendar.last.year} holidays) "
        f"{1000 * (loaded_calendar - loaded_config):.0f} ms"
    )
    cases = draw_cases(config, args.cases, args.seed)
    names = {b.id: b.short for b in config.municipality.bodies.values()}

    # Unbooked: every case on its own, as `casework case plan` will do it. A fresh planner per
    # round, so the first cases pay for building its per-body windows each time.
    timings = []
    plans: list[CasePlan] = []
    refused = 0
    for _ in range(args.rounds):
        planner = Planner(calendar.calendar, calendar.meetings, calendar.rules, names=names)
        elapsed, plans, refused = plan_all(planner, cases, book=False)
        timings.append(elapsed)
    best, median = min(timings), statistics.median(timings)
    per_case = 1e6 * best / len(cases)
    print(
        f"plan {len(cases):,} cases, unbooked: best {best * 1000:.0f} ms, median "
        f"{median * 1000:.0f} ms of {args.rounds} rounds ({per_case:.0f} µs per case; "
        f"target ≤ 1000 ms) – {'OK' if best <= 1.0 else 'OVER TARGET'}"
    )
    report(plans, refused)

    planner = Planner(calendar.calendar, calendar.meetings, calendar.rules, names=names)
    elapsed, booked_plans, booked_refused = plan_all(
        planner, sorted(cases, key=lambda c: c.ready), book=True
    )
    print(
        f"plan {len(cases):,} cases in order of readiness, booking capacity: "
        f"{elapsed * 1000:.0f} ms"
    )
    report(booked_plans, booked_refused)
    return 0


def report(plans: Sequence[CasePlan], refused: int) -> None:
    slack = [p.slack for p in plans if p.meetings]
    explained = sum(len(p.rejections) for p in plans)
    months = Counter(p.meetings[-1].date.strftime("%Y-%m") for p in plans if p.meetings)
    busiest = ", ".join(f"{m}: {n}" for m, n in months.most_common(3))
    print(
        f"  planned {len(plans):,}, no room (CW702/CW704) {refused:,}; "
        f"{explained:,} earlier meetings explained; slack median "
        f"{statistics.median(slack) if slack else 0} hverdage; busiest months {busiest}"
    )


if __name__ == "__main__":
    sys.exit(main())
