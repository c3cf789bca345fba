"""Deciding cases with a delegation plan: the plan in force, the route, the errors, the trace.

Scenarios run on Eksempel Kommune's own plans (config/delegation/), so they also pin what the
example plans say; the edge cases of the hit policies use small plans built in the test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from casework.adapters.config.delegation_loader import load_delegation_plans
from casework.domain.configuration import Configuration
from casework.domain.delegation import (
    ADMINISTRATION,
    Competence,
    Condition,
    DeciderUnresolved,
    DelegationPlan,
    HitPolicy,
    MissingInput,
    NoPlanInForce,
    NoRuleMatches,
    Outcome,
    PlanInput,
    Rule,
    RulesOverlap,
    SeveralPlansInForce,
    bound_plan,
    decide,
    decide_with,
    plan_in_force,
)
from casework.domain.delegation_explain import explain
from casework.domain.errors import InvalidAttribute
from casework.domain.organisation import AttributeType, Municipality
from casework.domain.workflow import RouteEntry, RouteRole

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
MAY_2026 = dt.date(2026, 5, 4)
REC, DEC, INF = RouteRole.RECOMMENDS, RouteRole.DECIDES, RouteRole.INFORMED


@pytest.fixture(scope="module")
def plans(config: Configuration) -> tuple[DelegationPlan, ...]:
    return load_delegation_plans(CONFIG_DIR, config.municipality)


def route(*pairs: tuple[str, RouteRole]) -> tuple[RouteEntry, ...]:
    return tuple(RouteEntry(body, role) for body, role in pairs)


# --- the example plan in force --------------------------------------------------------------------


def test_large_local_plan_goes_through_the_committee_and_finance_to_the_council(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "lokalplan", "beloeb": "6000000", "politikomraade": "lokalplaner"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    assert (decision.plan_id, decision.plan_version) == ("eksempel", 1)
    assert decision.decider == "kb"
    assert decision.route == route(("bpu", REC), ("oeu", REC), ("kb", DEC))
    assert decision.rule == "R22"
    assert decision.matched == ("R22",)
    assert decision.competence is Competence.DECIDES
    assert set(decision.defaulted) == {"principiel", "vaesentlig", "indsigelser", "areal"}


def test_small_local_plan_is_decided_by_the_planning_committee_and_finance_is_informed(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "lokalplan", "beloeb": "1500000", "politikomraade": "byggeri"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    assert decision.decider == "bpu"
    assert decision.route == route(("bpu", DEC), ("oeu", INF))


def test_delegated_matter_has_no_deciding_body_in_the_route(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "vejprojekt", "beloeb": 400_000, "politikomraade": "veje"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    assert decision.by_administration
    assert decision.decider == ADMINISTRATION
    assert decision.competence is Competence.DECIDES_WITHIN_BASIS
    assert decision.route == route(("tmu", INF))


def test_fagudvalg_that_is_the_finance_committee_appears_once(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "tillaegsbevilling", "politikomraade": "oekonomi"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    assert decision.route == route(("oeu", REC), ("kb", DEC))
    assert decision.competence is Competence.DECIDES_NON_DELEGABLE
    assert decision.legal_basis == "KSL § 40, stk. 2"


def test_task_committee_recommends_the_climate_plan_in_writing(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "klimaplan", "politikomraade": "klima"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    assert decision.route == route(("obu", REC), ("tmu", REC), ("oeu", REC), ("kb", DEC))


def test_case_without_a_matter_type_falls_to_the_council_by_default(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    decision = decide(plans, {"politikomraade": "kultur"}, MAY_2026, config.municipality)
    assert decision.rule is None
    assert decision.decider == "kb"
    assert decision.route == route(("kfu", REC), ("oeu", REC), ("kb", DEC))


def test_the_draft_never_governs_a_case_even_after_its_start_date(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    assert plan_in_force(plans, dt.date(2027, 3, 1)).version == 1
    attributes = {"sagstype": "lokalplan", "beloeb": 6_000_000, "politikomraade": "lokalplaner"}
    draft = next(p for p in plans if p.is_draft)
    assert decide_with(draft, attributes, config.municipality).decider == "bpu"


def test_missing_policy_area_is_refused_because_the_plan_requires_it(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    with pytest.raises(MissingInput) as info:
        decide(plans, {"sagstype": "tilskud"}, MAY_2026, config.municipality)
    assert info.value.code == "CW655"
    assert "politikomraade" in info.value.message("en")


def test_misspelt_matter_type_gets_a_suggestion(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "lokalpaln", "politikomraade": "lokalplaner"}
    with pytest.raises(InvalidAttribute) as info:
        decide(plans, attributes, MAY_2026, config.municipality)
    assert info.value.suggestion == "lokalplan"


def test_amount_that_is_not_a_number_is_refused(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "tilskud", "beloeb": "mange", "politikomraade": "kultur"}
    with pytest.raises(InvalidAttribute):
        decide(plans, attributes, MAY_2026, config.municipality)


# --- the plan in force ----------------------------------------------------------------------------


def small_plan(**changes: object) -> DelegationPlan:
    plan = DelegationPlan(
        id="lille",
        version=1,
        title="Lille plan",
        valid_from=dt.date(2026, 1, 1),
        adopted_on=dt.date(2025, 12, 1),
        adopted_by="kb",
        inputs=(
            PlanInput("beloeb", "beloeb", minimum=0, default=0),
            PlanInput("politikomraade", "politikomraade"),
        ),
        rules=(
            Rule("A", "Små beløb", Outcome("administration"), (Condition("beloeb", "lt", 100),)),
            Rule("B", "Mellem", Outcome("$fagudvalg"), (Condition("beloeb", "ge", 100),)),
            Rule("C", "Store", Outcome("kb", ("$fagudvalg",)), (Condition("beloeb", "ge", 1000),)),
        ),
        hit_policy=HitPolicy.FIRST,
    )
    return replace(plan, **changes)  # type: ignore[arg-type]


def test_a_later_plan_takes_over_an_open_ended_one() -> None:
    old = small_plan()
    new = small_plan(version=2, valid_from=dt.date(2026, 7, 1))
    assert plan_in_force([old, new], dt.date(2026, 6, 30)) is old
    assert plan_in_force([old, new], dt.date(2026, 7, 1)) is new


def test_no_plan_before_the_first_valid_day() -> None:
    with pytest.raises(NoPlanInForce) as info:
        plan_in_force([small_plan()], dt.date(2025, 12, 31))
    assert info.value.code == "CW650"


def test_two_adopted_plans_from_the_same_day_are_ambiguous() -> None:
    with pytest.raises(SeveralPlansInForce):
        plan_in_force([small_plan(), small_plan(version=2)], dt.date(2026, 2, 1))


def test_a_plan_past_its_last_day_is_not_in_force() -> None:
    with pytest.raises(NoPlanInForce):
        plan_in_force([small_plan(valid_to=dt.date(2026, 6, 30))], dt.date(2026, 7, 1))


# --- hit policies ---------------------------------------------------------------------------------


def test_first_takes_the_first_matching_row(config: Configuration) -> None:
    decision = decide_with(
        small_plan(), {"beloeb": 5000, "politikomraade": "veje"}, config.municipality
    )
    assert decision.rule == "B"
    assert decision.matched == ("B", "C")
    assert decision.decider == "tmu"


def test_priority_takes_the_highest_ranked_body_whatever_the_row_order(
    config: Configuration,
) -> None:
    plan = small_plan(
        hit_policy=HitPolicy.PRIORITY, priority=("kb", "oeu", "$fagudvalg", "administration")
    )
    decision = decide_with(plan, {"beloeb": 5000, "politikomraade": "veje"}, config.municipality)
    assert decision.rule == "C"
    assert decision.route == route(("tmu", REC), ("kb", DEC))


def test_unique_refuses_a_case_two_rules_match(config: Configuration) -> None:
    plan = small_plan(hit_policy=HitPolicy.UNIQUE)
    with pytest.raises(RulesOverlap) as info:
        decide_with(plan, {"beloeb": 5000, "politikomraade": "veje"}, config.municipality)
    assert "B, C" in info.value.message("en")


def test_no_rule_and_no_default_is_an_error(config: Configuration) -> None:
    plan = small_plan(rules=small_plan().rules[1:])
    with pytest.raises(NoRuleMatches):
        decide_with(plan, {"beloeb": 5, "politikomraade": "veje"}, config.municipality)


def test_committee_of_an_area_nobody_owns_cannot_decide(config: Configuration) -> None:
    municipality: Municipality = config.municipality
    with pytest.raises(DeciderUnresolved):
        decide_with(small_plan(), {"beloeb": 500}, municipality)


def test_unresolvable_recommending_committee_is_left_out_and_reported(
    config: Configuration,
) -> None:
    decision = decide_with(
        small_plan(), {"beloeb": 5000, "politikomraade": "veje"}, config.municipality
    )
    assert decision.dropped == ()
    plan = small_plan(
        rules=(Rule("K", "Alt", Outcome("kb", ("$fagudvalg", "oeu"))),),
    )
    decision = decide_with(plan, {"beloeb": 5000}, config.municipality)
    assert decision.route == route(("oeu", REC), ("kb", DEC))
    assert decision.dropped == ("$fagudvalg",)


# --- decisions as data and as text ----------------------------------------------------------------


def test_decision_as_json_has_stable_keys(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "lokalplan", "beloeb": "6000000", "politikomraade": "lokalplaner"}
    data = decide(plans, attributes, MAY_2026, config.municipality).as_json()
    assert data["plan"] == {"id": "eksempel", "version": 1}
    assert data["route"][-1] == {"body": "kb", "role": "beslutter"}
    assert data["values"]["beloeb"] == 6_000_000
    assert {t["rule"] for t in data["trace"] if t["hit"]} == {"R22"}


def test_explanation_in_danish_names_the_rule_that_hit_and_the_near_misses(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "lokalplan", "beloeb": "6000000", "politikomraade": "lokalplaner"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    text = "\n".join(explain(decision, bound_plan(plans[0], config.municipality)))
    assert "Beslutning: Kommunalbestyrelsen træffer beslutning (B)." in text
    assert (
        "Sagsgang: Byplanudvalget (indstiller) → Økonomiudvalget (indstiller) → "
        "Kommunalbestyrelsen (beslutter)"
    ) in text
    assert "✓ R22 ramte: sagstype = Lokalplan" in text
    assert "beløb ≥ 5 mio. kr." in text
    assert "✗ R19 ramte ikke: kræver beløb < 5 mio. kr. (sagen: 6 mio. kr.)" in text
    assert "R01" not in text  # budget rules are about other matters: summarised, not listed
    assert "38 regler om andre sager" in text


def test_explanation_in_english_and_with_every_rule(
    plans: tuple[DelegationPlan, ...], config: Configuration
) -> None:
    attributes = {"sagstype": "tilskud", "beloeb": "250000", "politikomraade": "idraet"}
    decision = decide(plans, attributes, MAY_2026, config.municipality)
    lines = explain(decision, bound_plan(plans[0], config.municipality), "en", every_rule=True)
    text = "\n".join(lines)
    assert "Decision: Culture and Leisure Committee decides (B)." in text
    assert "DKK 50,000 ≤ amount < DKK 500,000" in text
    assert "✗ R01 did not match: requires matter type = Budget (the case: Grant)" in text
    assert "rules about other matters" not in text


def test_amounts_read_the_danish_way() -> None:
    from casework.domain.delegation_eval import bind
    from casework.domain.delegation_explain import format_value

    municipality = Municipality("m", "M", {}, {}, {}, {})
    plan = small_plan(
        inputs=(
            PlanInput("beloeb", "beloeb", AttributeType.AMOUNT),
            PlanInput("areal", "areal", AttributeType.INTEGER, unit="m²"),
        )
    )
    inputs = bind(plan, municipality).inputs
    assert format_value(inputs["beloeb"], 1_234_567) == "1.234.567 kr."
    assert format_value(inputs["beloeb"], 2_500_000) == "2,5 mio. kr."
    assert format_value(inputs["beloeb"], 2_500_000, "en") == "DKK 2.5 million"
    assert format_value(inputs["beloeb"], Decimal("1234.5")) == "1.234,50 kr."
    assert format_value(inputs["areal"], 2500) == "2.500 m²"
