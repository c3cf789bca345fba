"""Properties of delegation plans that must hold for every plan and every case.

* The compiled evaluator (cells, bitsets, memo; single case, columns and the joint what-if)
  decides exactly like the plain reference evaluator, on random plans under every hit policy.
* The checker finds what is planted — an overlap, a gap, a shadowed rule — and reports nothing
  in plans built to be clean; every example case it reports really is one.
* Eksempel Kommune's plans give every valid case one deciding body, never move competence down
  as the amount grows, and keep the matters the law reserves at the council.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casework.adapters.config.delegation_loader import load_delegation_plans
from casework.domain.configuration import Configuration
from casework.domain.delegation import bound_plan, decide_with
from casework.domain.delegation_checks import check_plan
from casework.domain.delegation_compiled import CompiledPlan, what_if
from casework.domain.delegation_eval import BoundPlan, Resolution, bind, evaluate
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
from casework.domain.delegation_table import check_table
from casework.domain.errors import Finding
from casework.domain.organisation import (
    AttributeSpec,
    AttributeType,
    Body,
    BodyKind,
    Municipality,
)

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
AREAS = ("oekonomi", "veje", "klima", "plan", "kultur")  # nobody owns kultur
KINDS = ("a", "b", "c", "d")
AMOUNTS: tuple[int | Decimal, ...] = (0, 10, 100, Decimal("100.5"), 1000)
SIZES = (0, 1, 2, 3)
DECIDERS = ("kb", "oeu", "tmu", "bpu", "administration", "$fagudvalg")
RANKING = ("kb", "oeu", "$fagudvalg", "administration")


def _body(
    body_id: str, kind: BodyKind, areas: tuple[str, ...] = (), advisory: bool = False
) -> Body:
    return Body(body_id, body_id.upper(), body_id.upper(), kind, None, areas, advisory)


MUNICIPALITY = Municipality(
    id="test",
    name="Test Kommune",
    bodies={
        "kb": _body("kb", BodyKind.COUNCIL),
        "oeu": _body("oeu", BodyKind.FINANCE, ("oekonomi",)),
        "tmu": _body("tmu", BodyKind.STANDING, ("veje", "klima")),
        "bpu": _body("bpu", BodyKind.STANDING, ("plan",)),
        "obu": _body("obu", BodyKind.TASK, ("klima",), advisory=True),
    },
    centres={},
    roles={},
    people={},
    attributes={
        "politikomraade": AttributeSpec(
            "politikomraade", AttributeType.CHOICE, "Politikområde", AREAS
        )
    },
)


def no_place(_path: str) -> None:
    return None


# --- random plans ---------------------------------------------------------------------------------


@st.composite
def plan_inputs(draw: st.DrawFn, reserved: bool = False) -> tuple[PlanInput, ...]:
    kind_default = draw(st.sampled_from((None, *KINDS)))
    # With `reserved`, kind "a" is an appropriation, which the law keeps at the council.
    category = LegalCategory.BEVILLING if reserved else None
    return (
        PlanInput(
            "kind",
            "kind",
            AttributeType.CHOICE,
            choices=tuple(Choice(k, legal_category=category if k == "a" else None) for k in KINDS),
            required=draw(st.booleans()) and kind_default is None,
            default=kind_default,
        ),
        PlanInput(
            "flag",
            "flag",
            AttributeType.BOOLEAN,
            default=draw(st.sampled_from((None, False, True))),
        ),
        PlanInput(
            "amount",
            "amount",
            AttributeType.AMOUNT,
            minimum=draw(st.sampled_from((None, 0))),
            default=draw(st.sampled_from((None, 0, 100))),
        ),
        PlanInput("size", "size", AttributeType.INTEGER),
        PlanInput("tag", "tag", AttributeType.TEXT),
        PlanInput("politikomraade", "politikomraade"),
    )


def _subset(values: tuple[Any, ...]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True).map(
        tuple
    )


def _numeric(name: str, values: tuple[Any, ...]) -> st.SearchStrategy[list[Condition]]:
    op = st.sampled_from(("eq", "ge", "gt", "le", "lt"))
    one = st.builds(lambda o, v: Condition(name, o, v), op, st.sampled_from(values))
    return st.lists(one, min_size=1, max_size=2)


def _categorical(name: str, values: tuple[Any, ...]) -> st.SearchStrategy[list[Condition]]:
    return st.one_of(
        st.sampled_from(values).map(lambda v: [Condition(name, "eq", v)]),
        _subset(values).map(lambda vs: [Condition(name, "in", vs)]),
        _subset(values).map(lambda vs: [Condition(name, "not_in", vs)]),
    )


CONDITIONS = {
    "kind": _categorical("kind", KINDS),
    "flag": _categorical("flag", (False, True)),
    "amount": _numeric("amount", AMOUNTS),
    "size": _numeric("size", SIZES),
    "tag": _categorical("tag", ("x", "y")),
    "politikomraade": _categorical("politikomraade", AREAS),
}


@st.composite
def outcomes(draw: st.DrawFn) -> Outcome:
    decides = draw(st.sampled_from(DECIDERS))
    exception = draw(st.sampled_from((None, None, None, "Særlig hjemmel")))
    recommends: tuple[str, ...] = ()
    if decides != "administration":
        recommends = tuple(
            draw(st.lists(st.sampled_from(("$fagudvalg", "oeu", "obu")), unique=True))
        )
    informed = tuple(draw(st.lists(st.sampled_from(("tmu", "oeu")), max_size=1)))
    return Outcome(decides, recommends, informed, legal_exception=exception)


@st.composite
def rules(draw: st.DrawFn, index: int) -> Rule:
    names = draw(st.lists(st.sampled_from(sorted(CONDITIONS)), unique=True, max_size=4))
    when = tuple(c for name in names for c in draw(CONDITIONS[name]))
    return Rule(f"R{index}", f"Regel {index}", draw(outcomes()), when)


@st.composite
def random_plans(
    draw: st.DrawFn, policies: tuple[HitPolicy, ...] = tuple(HitPolicy), reserved: bool = False
) -> DelegationPlan:
    count = draw(st.integers(1, 7))
    policy = draw(st.sampled_from(policies))
    return DelegationPlan(
        id="tilfaeldig",
        version=1,
        title="Tilfældig plan",
        valid_from=dt.date(2026, 1, 1),
        inputs=draw(plan_inputs(reserved)),
        rules=tuple(draw(rules(i)) for i in range(count)),
        hit_policy=policy,
        priority=RANKING if policy is HitPolicy.PRIORITY else (),
        default=draw(st.one_of(st.none(), outcomes())),
    )


CASE_VALUES: dict[str, tuple[Any, ...]] = {
    "kind": (*KINDS, "zz", None),
    "flag": (False, True, None),
    "amount": (*AMOUNTS, -1, 5, 99, 101, 1001, Decimal("10.25"), None),
    "size": (*SIZES, 4, None),
    "tag": ("x", "y", "z", None),
    "politikomraade": (*AREAS, "zz", None),
}
cases = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CASE_VALUES.items()})


def with_defaults(bound: BoundPlan, case: dict[str, Any]) -> dict[str, Any]:
    return {k: bound.inputs[k].default if v is None else v for k, v in case.items()}


def reference(bound: BoundPlan, case: dict[str, Any]) -> Resolution:
    return evaluate(bound, with_defaults(bound, case))


# --- the fast evaluator equals the reference ------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plan=random_plans(), batch=st.lists(cases, min_size=1, max_size=25))
def test_compiled_evaluator_decides_like_the_reference(
    plan: DelegationPlan, batch: list[dict[str, Any]]
) -> None:
    bound = bind(plan, MUNICIPALITY)
    compiled = CompiledPlan(bound)
    expected = [reference(bound, case) for case in batch]
    assert [compiled.decide_values(case) for case in batch] == expected
    columns = {name: [case[name] for case in batch] for name in CASE_VALUES}
    assert CompiledPlan(bound).decide_columns(columns, len(batch)) == expected


@settings(max_examples=150, deadline=None)
@given(a=random_plans(), b=random_plans(), batch=st.lists(cases, min_size=1, max_size=25))
def test_what_if_counts_what_the_reference_decides_under_each_plan(
    a: DelegationPlan, b: DelegationPlan, batch: list[dict[str, Any]]
) -> None:
    bound_a, bound_b = bind(a, MUNICIPALITY), bind(b, MUNICIPALITY)
    columns = {name: [case[name] for case in batch] for name in CASE_VALUES}
    result = what_if(CompiledPlan(bound_a), CompiledPlan(bound_b), columns, len(batch))
    pairs = [(reference(bound_a, c), reference(bound_b, c)) for c in batch]
    assert Counter(result.matrix) == Counter((ra.label, rb.label) for ra, rb in pairs)
    changed = [
        i for i, (ra, rb) in enumerate(pairs) if (ra.label, ra.route) != (rb.label, rb.route)
    ]
    assert [c.row for c in result.changed] == changed
    items = Counter(e.body for ra, _ in pairs for e in ra.route)
    assert Counter(result.items_a) == items


# --- the checker against planted faults -----------------------------------------------------------


@st.composite
def grid_plans(draw: st.DrawFn, policy: HitPolicy) -> DelegationPlan:
    """A clean table: one rule per (kind, amount band), in a random order."""
    kinds = KINDS[: draw(st.integers(1, len(KINDS)))]
    cuts = sorted(draw(st.sets(st.sampled_from((10, 100, 1000, 5000)), max_size=3)))
    bounds: list[int | None] = [None, *cuts, None]
    grid = []
    for kind in kinds:
        for low, high in pairwise(bounds):
            when = [Condition("kind", "eq", kind)]
            if low is not None:
                when.append(Condition("amount", "ge", low))
            if high is not None:
                when.append(Condition("amount", "lt", high))
            decides = draw(st.sampled_from(("kb", "oeu", "tmu", "administration")))
            grid.append((tuple(when), Outcome(decides)))
    order = draw(st.permutations(range(len(grid))))
    return DelegationPlan(
        id="gitter",
        version=1,
        title="Gitter",
        valid_from=dt.date(2026, 1, 1),
        inputs=(
            PlanInput(
                "kind",
                "kind",
                AttributeType.CHOICE,
                choices=tuple(Choice(k) for k in kinds),
                required=True,
            ),
            PlanInput("amount", "amount", AttributeType.AMOUNT, minimum=0, default=0),
            PlanInput("flag", "flag", AttributeType.BOOLEAN, default=False),
        ),
        rules=tuple(
            Rule(f"R{n}", f"Regel {n}", grid[i][1], grid[i][0]) for n, i in enumerate(order)
        ),
        hit_policy=policy,
        priority=RANKING if policy is HitPolicy.PRIORITY else (),
    )


def example_case(bound: BoundPlan, finding: Finding) -> dict[str, Any]:
    """The finding's example case, read back like `explain --attr` would read it."""
    case: dict[str, Any] = dict.fromkeys(bound.inputs)
    for part in str(finding.params["example"]).split(", "):
        name, _, text = part.partition("=")
        case[name] = bound.inputs[name].coerce(text)
    return case


def codes(findings: list[Finding]) -> Counter[str]:
    return Counter(f.code for f in findings)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), policy=st.sampled_from(tuple(HitPolicy)))
def test_clean_table_has_no_findings(data: st.DataObject, policy: HitPolicy) -> None:
    plan = data.draw(grid_plans(policy))
    assert check_plan(plan, MUNICIPALITY, no_place) == []


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_planted_overlap_is_found_with_a_case_both_rules_match(data: st.DataObject) -> None:
    plan = data.draw(grid_plans(HitPolicy.UNIQUE))
    victim = data.draw(st.sampled_from(plan.rules))
    other = next(d for d in ("kb", "oeu", "administration") if d != victim.outcome.decides)
    planted = Rule("X", "Plantet", Outcome(other), victim.when)
    position = data.draw(st.integers(0, len(plan.rules)))
    rules = (*plan.rules[:position], planted, *plan.rules[position:])
    plan = _with_rules(plan, rules)
    findings = check_plan(plan, MUNICIPALITY, no_place)
    overlaps = [f for f in findings if f.code == "CW610"]
    assert len(overlaps) == 1, [f.message("en") for f in findings]
    assert {overlaps[0].params["rule"], overlaps[0].params["other"]} == {"X", victim.id}
    bound = bind(plan, MUNICIPALITY)
    assert set(reference(bound, example_case(bound, overlaps[0])).matched) == {"X", victim.id}


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_planted_gap_is_found_with_a_case_no_rule_matches(data: st.DataObject) -> None:
    plan = data.draw(grid_plans(data.draw(st.sampled_from(tuple(HitPolicy)))))
    assume(len(plan.rules) > 1)
    removed = data.draw(st.integers(0, len(plan.rules) - 1))
    plan = _with_rules(plan, plan.rules[:removed] + plan.rules[removed + 1 :])
    findings = check_plan(plan, MUNICIPALITY, no_place)
    gaps = [f for f in findings if f.code == "CW612"]
    assert gaps, [f.message("en") for f in findings]
    assert codes(findings) == Counter({"CW612": len(gaps)})
    bound = bind(plan, MUNICIPALITY)
    for gap in gaps:
        assert reference(bound, example_case(bound, gap)).matched == ()


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_planted_shadowed_rule_is_found_under_first(data: st.DataObject) -> None:
    plan = data.draw(grid_plans(HitPolicy.FIRST))
    index = data.draw(st.integers(0, len(plan.rules) - 1))
    victim = plan.rules[index]
    narrower = victim.when + data.draw(st.sampled_from(((), (Condition("flag", "eq", True),))))
    planted = Rule("S", "Skygget", Outcome("kb"), narrower)
    later = data.draw(st.integers(index + 1, len(plan.rules)))
    plan = _with_rules(plan, (*plan.rules[:later], planted, *plan.rules[later:]))
    findings = check_plan(plan, MUNICIPALITY, no_place)
    assert [(f.code, f.params["rule"], f.params["by"]) for f in findings] == [
        ("CW613", "S", victim.id)
    ]


def _with_rules(plan: DelegationPlan, rules: tuple[Rule, ...]) -> DelegationPlan:
    return replace(plan, rules=rules)


# --- the checker is sound on random plans ---------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=random_plans(), batch=st.lists(cases, min_size=1, max_size=20))
def test_every_reported_example_is_real_and_silence_means_none(
    plan: DelegationPlan, batch: list[dict[str, Any]]
) -> None:
    bound = bind(plan, MUNICIPALITY)
    findings = check_table(bound, no_place)
    for finding in findings:
        if "example" not in finding.params:
            continue  # never-matching and shadowed rules, "and more" notes
        if finding.code in {"CW610", "CW611"}:
            matched = reference(bound, example_case(bound, finding)).matched
            assert {finding.params["rule"], finding.params["other"]} <= set(matched)
        elif finding.code == "CW612":
            assert reference(bound, example_case(bound, finding)).matched == ()
    valid = [c for c in batch if _in_domain(bound, c)]
    found = codes(findings)
    for case in valid:
        result = reference(bound, case)
        if plan.default is None and not found["CW612"]:
            assert result.matched, case
        if plan.hit_policy is HitPolicy.UNIQUE and not (found["CW610"] or found["CW611"]):
            assert len(result.matched) <= 1, case
    shadowed = {f.params["rule"] for f in findings if f.code == "CW613"}
    assert not shadowed & {reference(bound, c).rule for c in valid}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=random_plans(reserved=True), batch=st.lists(cases, min_size=1, max_size=20))
def test_reserved_matters_decided_below_the_council_are_always_reported(
    plan: DelegationPlan, batch: list[dict[str, Any]]
) -> None:
    bound = bind(plan, MUNICIPALITY)
    findings = [f for f in check_table(bound, no_place) if f.code in {"CW620", "CW621"}]
    reported = {f.params["rule"] for f in findings}
    for finding in findings:
        case = example_case(bound, finding)
        result = reference(bound, case)
        assert with_defaults(bound, case)["kind"] == "a"
        if finding.code == "CW621":
            assert result.matched == ()
        elif plan.hit_policy is HitPolicy.UNIQUE:
            assert finding.params["rule"] in result.matched
        else:
            assert result.rule == finding.params["rule"]
    for case in batch:
        result = reference(bound, case)
        if not _in_domain(bound, case) or with_defaults(bound, case)["kind"] != "a":
            continue
        if result.problem is not None and result.problem.value in {"overlap", "no_rule"}:
            continue
        rule = next((r for r in plan.rules if r.id == result.rule), None)
        outcome = rule.outcome if rule is not None else plan.default
        assert outcome is not None
        if outcome.decides != "kb" and outcome.legal_exception is None:
            assert (result.rule or "default") in reported, case


def _in_domain(bound: BoundPlan, case: dict[str, Any]) -> bool:
    """Whether ``case`` is one the checks search: declared values, no absent required input."""
    for name, value in case.items():
        inp = bound.inputs[name]
        if value is None:
            if inp.default is None and inp.decl.required:
                return False
            continue
        if inp.closed and inp.kind.value == "categorical" and value not in inp.choices:
            return False
        if inp.decl.minimum is not None and value < inp.decl.minimum:
            return False
    return True


# --- Eksempel Kommune's plans ---------------------------------------------------------------------


def _example_plans(config: Configuration) -> tuple[DelegationPlan, ...]:
    return load_delegation_plans(CONFIG_DIR, config.municipality)


RANK = {"administration": 0, "staaende_udvalg": 1, "oekonomiudvalg": 2, "kommunalbestyrelse": 3}


def _rank(decider: str, config: Configuration) -> int:
    if decider == "administration":
        return 0
    return RANK[config.municipality.bodies[decider].kind.value]


@st.composite
def example_cases(draw: st.DrawFn, plan: DelegationPlan, config: Configuration) -> dict[str, Any]:
    matters = [c.id for c in plan.inputs[0].choices]
    areas = config.municipality.attributes["politikomraade"].choices
    return {
        "sagstype": draw(st.sampled_from([*matters, None])),
        "politikomraade": draw(st.sampled_from(areas)),
        "beloeb": draw(st.one_of(st.none(), st.integers(0, 50_000_000))),
        "principiel": draw(st.sampled_from([None, False, True])),
        "vaesentlig": draw(st.sampled_from([None, False, True])),
        "indsigelser": draw(st.sampled_from([None, False, True])),
        "areal": draw(st.one_of(st.none(), st.integers(0, 10_000))),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_example_plans_give_one_body_and_never_move_competence_down_as_the_amount_grows(
    config: Configuration, data: st.DataObject
) -> None:
    plan = data.draw(st.sampled_from(_example_plans(config)))
    case = data.draw(example_cases(plan, config))
    more = {**case, "beloeb": (case["beloeb"] or 0) + data.draw(st.integers(1, 30_000_000))}
    low = decide_with(plan, case, config.municipality)
    high = decide_with(plan, more, config.municipality)
    assert _rank(high.decider, config) >= _rank(low.decider, config), (low.rule, high.rule)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_example_plans_keep_reserved_matters_at_the_council(
    config: Configuration, data: st.DataObject
) -> None:
    plan = data.draw(st.sampled_from(_example_plans(config)))
    bound = bound_plan(plan, config.municipality)
    reserved = sorted(bound.inputs["sagstype"].categories)
    case = {
        **data.draw(example_cases(plan, config)),
        "sagstype": data.draw(st.sampled_from(reserved)),
    }
    decision = decide_with(plan, case, config.municipality)
    assert decision.decider == "kb" or decision.legal_exception is not None
    if decision.competence.value == "B*":
        assert decision.decider == "kb"
