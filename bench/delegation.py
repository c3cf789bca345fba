"""Figures for the delegation plans: evaluation at scale, the what-if, and the checks.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run

1. loads Eksempel Kommune and its two example plans (2026 in force, the 2027 draft);
2. generates ``--cases`` synthetic cases as columns (default 3,000,000): 50,000 case profiles
   drawn from realistic matter types, policy areas, amounts rounded to two significant digits
   and flags, then sampled with replacement, because real case attributes repeat heavily;
3. times the compiled evaluator over all cases for each plan (decisions per second), the
   what-if of the two plans over all cases, and peak memory (max RSS of the process);
4. times single-case ``decide()`` (with its trace) and the plain reference evaluator;
5. generates a 500-rule plan (100 matter types x 5 amount bands, no default, so the gap
   search runs) and times its checks, and those of the example plans.

Run from the repository root::

    .venv/bin/python bench/delegation.py [--cases 3000000] [--seed 2026]
    .venv/bin/python bench/delegation.py --write-sample config/delegation/eksempel-sager.csv

``--write-sample PATH`` writes ``--sample-size`` (200) synthetic cases of 2026 as CSV for
``casework delegation compare`` instead of benchmarking.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import math
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from casework.adapters.config import load_configuration
from casework.adapters.config.delegation_loader import load_delegation_plans
from casework.domain.delegation import bound_plan, decide_with, plan_in_force
from casework.domain.delegation_checks import check_plan
from casework.domain.delegation_compiled import CompiledPlan, summarise, what_if
from casework.domain.delegation_eval import evaluate
from casework.domain.delegation_plan import (
    Choice,
    Condition,
    DelegationPlan,
    HitPolicy,
    LegalCategory,
    Outcome,
    PlanInput,
    Rule,
)
from casework.domain.organisation import AttributeType, Municipality

ROOT = Path(__file__).resolve().parent.parent
RANKING = ("kb", "oeu", "$fagudvalg", "administration")
T = TypeVar("T")

# (matter type, cases per year, policy areas, amount as (ln of the median, sigma) or None)
MATTERS: list[tuple[str, float, list[str], tuple[float, float] | None]] = [
    ("budget", 2, ["oekonomi"], None),
    ("aarsregnskab", 1, ["oekonomi"], None),
    ("tillaegsbevilling", 14, ["oekonomi", "veje", "skole", "aeldre", "kultur"], (13.0, 1.3)),
    ("anlaegsbevilling", 10, ["veje", "skole", "idraet", "ejendomme", "dagtilbud"], (15.5, 1.0)),
    ("omplacering", 8, ["oekonomi", "aeldre", "skole", "veje"], (14.5, 1.2)),
    ("laan", 1, ["oekonomi"], (17.5, 0.5)),
    ("laaneomlaegning", 2, ["oekonomi"], (17.0, 0.6)),
    ("takster", 3, ["oekonomi", "dagtilbud", "aeldre", "veje"], None),
    ("ejendomskoeb", 3, ["ejendomme"], (15.0, 1.0)),
    ("ejendomssalg", 5, ["ejendomme"], (14.0, 1.2)),
    ("styrelsesvedtaegt", 1, ["oekonomi"], None),
    ("planstrategi", 0.3, ["lokalplaner"], None),
    ("kommuneplan", 0.3, ["lokalplaner"], None),
    ("kommuneplantillaeg", 4, ["lokalplaner"], None),
    ("lokalplan", 16, ["lokalplaner", "byggeri"], (14.5, 1.5)),
    ("dispensation", 20, ["byggeri", "lokalplaner"], None),
    ("vejprojekt", 10, ["veje"], (14.5, 1.3)),
    ("miljoegodkendelse", 8, ["miljoe", "natur"], None),
    ("klimaplan", 0.5, ["klima"], None),
    ("skolestruktur", 0.5, ["skole"], None),
    (
        "tilskud",
        25,
        ["kultur", "idraet", "biblioteker", "sundhed", "integration", "erhverv"],
        (11.5, 1.3),
    ),
    (
        "serviceniveau",
        8,
        ["aeldre", "sundhed", "handicap", "skole", "dagtilbud", "biblioteker"],
        None,
    ),
    ("afgoerelse_borger", 15, ["aeldre", "handicap", "beskaeftigelse", "integration"], None),
]
ATTRIBUTES = [
    "sagstype",
    "politikomraade",
    "beloeb",
    "principiel",
    "vaesentlig",
    "indsigelser",
    "areal",
]


def _two_digits(x: float) -> int:
    """An amount rounded to two significant digits, as amounts in agenda items are."""
    if x < 10:
        return round(x)
    digits = math.floor(math.log10(x)) - 1
    return int(round(x / 10**digits) * 10**digits)


def profile(rng: random.Random) -> dict[str, Any]:
    """One synthetic case: a matter type, a fitting policy area, an amount and flags."""
    matter, _, areas, amount = rng.choices(MATTERS, weights=[m[1] for m in MATTERS])[0]
    case: dict[str, Any] = {
        "sagstype": matter,
        "politikomraade": rng.choice(areas),
        "beloeb": _two_digits(rng.lognormvariate(*amount)) if amount else None,
        "principiel": rng.random() < 0.10,
        "vaesentlig": rng.random() < 0.03,
        "indsigelser": matter == "lokalplan" and rng.random() < 0.35,
        "areal": _two_digits(rng.lognormvariate(6.5, 1.0)) if matter == "dispensation" else None,
    }
    return case


def columns(n: int, seed: int, profiles: int = 50_000) -> dict[str, list[Any]]:
    """``n`` cases as one list per attribute, sampled from ``profiles`` generated profiles."""
    rng = random.Random(seed)
    pool = [profile(rng) for _ in range(min(profiles, n))]
    picks = rng.choices(range(len(pool)), k=n)
    return {name: [pool[i][name] for i in picks] for name in ATTRIBUTES}


def write_sample(path: Path, size: int, seed: int) -> None:
    """``size`` cases of 2026 as CSV, with a case number and a date."""
    rng = random.Random(seed)
    start = dt.date(2026, 1, 5)
    days = sorted(rng.randrange(0, 360) for _ in range(size))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sagsnr", "dato", *ATTRIBUTES])
        for number, day in enumerate(days, start=1):
            case = profile(rng)
            cells = [_cell(case[name]) for name in ATTRIBUTES]
            writer.writerow(
                [f"2026-{number:04d}", (start + dt.timedelta(days=day)).isoformat(), *cells]
            )
    print(f"wrote {size} cases to {path}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --------------------------------------------------------------------------- the 500-rule plan
def big_plan(matters: int = 100, bands: int = 5, seed: int = 7) -> DelegationPlan:
    """``matters`` matter types x ``bands`` amount bands, a clean "unique" table, no default.

    Every tenth matter type is an appropriation (legal category bevilling) and goes to the
    council in every band, so the legal checks have work to do.
    """
    rng = random.Random(seed)
    deciders = ["administration", "$fagudvalg", "oeu", "kb"]
    values = tuple(
        Choice(f"m{i:03d}", legal_category=LegalCategory.BEVILLING if i % 10 == 0 else None)
        for i in range(matters)
    )
    rules = []
    for i, value in enumerate(values):
        cuts = sorted(rng.sample(range(1, 400), bands - 1))
        bounds = [0, *(c * 50_000 for c in cuts), None]
        for band in range(bands):
            when = [Condition("sagstype", "eq", value.id)]
            if band > 0:
                when.append(Condition("beloeb", "ge", bounds[band]))
            if bounds[band + 1] is not None:
                when.append(Condition("beloeb", "lt", bounds[band + 1]))
            decides = "kb" if value.legal_category else deciders[min(band, 3)]
            recommends = ("$fagudvalg", "oeu") if decides == "kb" else ()
            rules.append(
                Rule(
                    f"R{i:03d}-{band}",
                    f"{value.id} bånd {band}",
                    Outcome(decides, recommends),
                    tuple(when),
                )
            )
    return DelegationPlan(
        id="stor",
        version=1,
        title="Stor plan",
        valid_from=dt.date(2026, 1, 1),
        inputs=(
            PlanInput("sagstype", "sagstype", AttributeType.CHOICE, choices=values, required=True),
            PlanInput("politikomraade", "politikomraade", required=True),
            PlanInput("beloeb", "beloeb", minimum=0, default=0),
        ),
        rules=tuple(rules),
    )


# --------------------------------------------------------------------------- timing
def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    """The best wall time of ``repeat`` runs, and the last result."""
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


def _nowhere(_path: str) -> None:
    return None


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, seed: int) -> None:
    config = load_configuration(ROOT / "config")
    municipality: Municipality = config.municipality
    plans = load_delegation_plans(ROOT / "config", municipality)
    current = plan_in_force(plans, dt.date(2026, 6, 1))
    draft = next(p for p in plans if p.is_draft)
    print(f"python {platform.python_version()} on {platform.machine()}, {n:,} cases, seed {seed}")

    seconds, data = timed(lambda: columns(n, seed))
    print(f"generate columns            {seconds:8.2f} s   (not part of the figures below)")
    print(f"peak memory after data      {peak_mb():8.0f} MB")

    for plan in (current, draft):
        compiled = CompiledPlan(bound_plan(plan, municipality))
        seconds, decided = timed(partial(compiled.decide_columns, data, n))
        print(
            f"decide {plan.label:<20} {seconds:8.2f} s   {n / seconds / 1e6:6.2f} M decisions/s"
            f"   ({compiled.distinct_keys:,} distinct keys)"
        )
        del decided

    def compare() -> Any:
        a = CompiledPlan(bound_plan(current, municipality))
        b = CompiledPlan(bound_plan(draft, municipality))
        return what_if(a, b, data, n, keep_changed=False)

    seconds, result = timed(compare)
    summary = summarise(result, years=n / 200, minutes_per_item=10)
    print(
        f"what-if {current.label} -> {draft.label}   {seconds:8.2f} s   "
        f"{2 * n / seconds / 1e6:6.2f} M decisions/s   ({result.distinct_keys:,} joint keys, "
        f"{result.decider_changed / n:.1%} change decider, "
        f"{summary.items_saved / sum(b.items_a for b in summary.bodies):.1%} fewer agenda items)"
    )
    print(f"peak memory                 {peak_mb():8.0f} MB")

    sample = [{k: v[i] for k, v in data.items()} for i in range(2000)]
    seconds, _ = timed(lambda: [decide_with(current, c, municipality) for c in sample])
    print(f"decide() one case, traced   {seconds / len(sample) * 1e6:8.1f} µs")
    bound = bound_plan(current, municipality)
    values = [bound.values_of(c) for c in sample]
    seconds, _ = timed(lambda: [evaluate(bound, v) for v in values])
    print(f"reference evaluator         {seconds / len(values) * 1e6:8.1f} µs per case")

    big = big_plan()
    variants = [
        replace(big, id=f"stor-{policy.value}", hit_policy=policy, priority=RANKING)
        if policy is HitPolicy.PRIORITY
        else replace(big, id=f"stor-{policy.value}", hit_policy=policy)
        for policy in HitPolicy
    ]
    for plan in (current, draft, *variants):
        seconds, findings = timed(partial(check_plan, plan, municipality, _nowhere), 3)
        print(
            f"check {plan.label:<21} {seconds:8.3f} s   {plan.hit_policy.value:<8} "
            f"{len(plan.rules)} rules, {len(findings)} findings"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write-sample", type=Path, default=None)
    parser.add_argument("--sample-size", type=int, default=200)
    args = parser.parse_args(argv)
    if args.write_sample is not None:
        write_sample(args.write_sample, args.sample_size, args.seed)
        return 0
    run(args.cases, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
