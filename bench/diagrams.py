"""Figures for the diagrams issue's targets; prints measurements, asserts nothing.

1. DOT (and Mermaid) text for every example workflow along its typical route: target <= 20 ms
   for all of them together;
2. the decision-case workflow (beslutningssag, route tmu,oeu,kb) rendered to SVG by ``dot``:
   target <= 300 ms;
3. for reference, a case's journey as DOT, and the same workflow as PNG and PDF;
4. the mined route map (``diagrams.mined.mine`` and its DOT) from 1,000,000 events of
   synthetic case histories, with waits in working days: target <= 5 s. The traces are made
   before the clock starts, so this measures the mining, not the database.

The first (cold) round includes the route expansion, which the engine caches per route; the
median is over the warm rounds. Run from the repository root::

    .venv/bin/python bench/diagrams.py [--rounds 30] [--events 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script, this file's own folder comes first on sys.path, and this file's name would
# then shadow the diagrams package it measures.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from casework.adapters.config import load_configuration  # noqa: E402 - after the sys.path fix above
from casework.adapters.config.full import load_full_configuration  # noqa: E402 - after the sys.path fix above
from casework.diagrams import examples  # noqa: E402 - after the sys.path fix above
from casework.diagrams.dot import to_dot  # noqa: E402 - after the sys.path fix above
from casework.diagrams.extract import workflow_diagram  # noqa: E402 - after the sys.path fix above
from casework.diagrams.journey import journey_diagram  # noqa: E402 - after the sys.path fix above
from casework.diagrams.mermaid import to_mermaid  # noqa: E402 - after the sys.path fix above
from casework.diagrams.mined import Trace, mine, mined_figure  # noqa: E402 - after the sys.path fix above
from casework.diagrams.mined_examples import synthetic_traces  # noqa: E402 - after the sys.path fix above
from casework.diagrams.render import dot_available, render  # noqa: E402 - after the sys.path fix above
from casework.domain.configuration import Configuration  # noqa: E402 - after the sys.path fix above
from casework.domain.routes import build_route, parse_route  # noqa: E402 - after the sys.path fix above

ROOT = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    """Cold, median and worst warm time of ``fn`` in milliseconds."""
    start = time.perf_counter()
    fn()
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(warm), max(warm)


def line(name: str, figures: tuple[float, float, float], target: float | None) -> None:
    cold, median, worst = figures
    verdict = "" if target is None else ("  ok" if median <= target else "  OVER TARGET")
    goal = f"(target <= {target:g} ms)" if target is not None else ""
    print(
        f"{name:<46} cold {cold:7.1f} ms  median {median:7.1f} ms  max {worst:7.1f} ms "
        f"{goal}{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    config = load_configuration(ROOT / "config")
    municipality = config.municipality
    workflows = [config.workflows[w] for w in sorted(config.workflows)]

    def all_dot() -> None:
        for definition in workflows:
            to_dot(workflow_diagram(definition, municipality))

    def all_mermaid() -> None:
        for definition in workflows:
            to_mermaid(workflow_diagram(definition, municipality))

    decision = config.workflow("beslutningssag")
    route = build_route(parse_route("tmu,oeu,kb"), decision, municipality)
    decision_dot = to_dot(workflow_diagram(decision, municipality, route))
    example = examples.lokalplan(config)

    def journey() -> None:
        to_dot(
            journey_diagram(
                example.case, example.events, example.graph, municipality, example.today
            )
        )

    print(f"{len(workflows)} example workflows; {args.rounds} warm rounds each")
    line(f"DOT, all {len(workflows)} workflows", timed(all_dot, args.rounds), 20)
    line(f"Mermaid, all {len(workflows)} workflows", timed(all_mermaid, args.rounds), 20)
    line("DOT, one case's journey (2026-0061)", timed(journey, args.rounds), None)
    # With the calendar, so the waits are counted in working days as in the CLI.
    mined_map(load_full_configuration(ROOT / "config"), args.events)
    if not dot_available():
        print("dot is not installed: rendering skipped (sudo apt-get install graphviz)")
        return
    rounds = max(3, args.rounds // 3)
    line(
        "SVG, beslutningssag tmu,oeu,kb (dot)",
        timed(lambda: render(decision_dot, "svg"), rounds),
        300,
    )
    line(
        "PNG, beslutningssag tmu,oeu,kb (dot)",
        timed(lambda: render(decision_dot, "png"), rounds),
        None,
    )
    line(
        "PDF, beslutningssag tmu,oeu,kb (dot)",
        timed(lambda: render(decision_dot, "pdf"), rounds),
        None,
    )
    print(f"DOT text of beslutningssag tmu,oeu,kb: {len(decision_dot):,} characters")


def mined_map(config: Configuration, events: int) -> None:
    """Time the mined route map over ``events`` synthetic events (target <= 5 s)."""
    start = time.perf_counter()
    traces: list[Trace] = []
    count = 0
    for trace in synthetic_traces(config, events // 8 + 1):
        traces.append(trace)
        count += len(trace.visits)
        if count >= events:
            break
    made = time.perf_counter() - start
    calendar = config.work_calendar
    start = time.perf_counter()
    found = mine(traces, config.workflows, calendar=calendar)
    mined = time.perf_counter() - start
    start = time.perf_counter()
    mined_figure(found, config.workflows, config.municipality)
    drawn = time.perf_counter() - start
    total = mined + drawn
    verdict = "ok" if total <= 5 else "OVER TARGET"
    print(
        f"mined map: {count:,} events of {len(traces):,} cases (made in {made:.1f} s); "
        f"mine {mined:.2f} s + DOT {drawn * 1000:.0f} ms = {total:.2f} s "
        f"(target <= 5 s, waits in {found.unit})  {verdict}"
    )


if __name__ == "__main__":
    main()
