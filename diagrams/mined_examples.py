"""Synthetic case histories for the mined route map: its golden test, its picture, its benchmark.

Seeded random walks through the real expanded graph of a workflow, so every move is one the
engine could have made, except the few deviations put in on purpose (a case that skipped the
director's review), and waits that make a bottleneck visible (the director's review and the
meetings take longest). Deterministic for a seed: the same traces on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

from casework.diagrams.mined import Trace, template_of
from casework.domain.configuration import Configuration
from casework.domain.events import format_instant
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import TransitionKind

#: Typical median waits per template step in calendar days (the director is the bottleneck).
WAITS = {
    "kladde": 4,
    "centerchef_godkendelse": 2,
    "direktoer_godkendelse": 12,
    "kvalitetssikring": 3,
    "politisk_behandling": 9,
    "ekspedition": 5,
    "orientering": 6,
    "afgoerelse": 3,
}
ROUTES = ("tmu,oeu,kb", "bpu,oeu,kb", "tmu:beslutter", "buu,oeu,kb,obu:orienteres")
FIRST = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def synthetic_traces(
    config: Configuration,
    cases: int,
    *,
    seed: int = 2026,
    workflow: str = "beslutningssag",
    routes: Sequence[str] = ROUTES,
    deviation_every: int = 40,
) -> Iterator[Trace]:
    """``cases`` traces of ``workflow`` over ``routes``, opened over about a year.

    Every ``deviation_every``-th case skips the director's review (centre head straight to the
    secretariat), a move the workflow does not allow.
    """
    rng = random.Random(seed)
    definition = config.workflow(workflow)
    graphs = [
        definition.expand(build_route(parse_route(r), definition, config.municipality))
        for r in routes
    ]
    for index in range(cases):
        graph = graphs[index % len(graphs)]
        at = FIRST + dt.timedelta(minutes=(index * 5237) % (330 * 24 * 60))
        step = graph.start
        visits = [(step, format_instant(at))]
        for _ in range(40):  # a walk ends at the end, or after 40 moves at the latest
            actions = list(graph.actions(step).values())
            if not actions:
                break
            forward = [a for a in actions if a.transition.kind is TransitionKind.FORWARD]
            other = [a for a in actions if a.transition.kind is not TransitionKind.FORWARD]
            if other and rng.random() < 0.12:
                chosen = rng.choice(other)
            else:
                # The first forward action is the main line (submit, approve); withdrawing
                # and the like are rare.
                chosen = forward[0] if rng.random() < 0.95 or len(forward) == 1 else forward[-1]
            target = chosen.target
            if (
                deviation_every
                and index % deviation_every == 7
                and template_of(step) == "centerchef_godkendelse"
                and "kvalitetssikring" in graph.steps
            ):
                target = "kvalitetssikring"
            mean = WAITS.get(template_of(step), 3)
            at += dt.timedelta(days=rng.expovariate(1 / mean), minutes=rng.randrange(600))
            visits.append((target, format_instant(at)))
            step = target
        yield Trace(f"2026-{index + 1:04d}", workflow, graph.route, tuple(visits))
