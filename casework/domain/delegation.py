"""Who decides a case under the delegation plan in force: :func:`decide`, the engine's entry.

The plan model is in :mod:`casework.domain.delegation_plan`, binding and the reference evaluator
in :mod:`casework.domain.delegation_eval`; this module selects the plan in force on a date
(:func:`plan_in_force`), checks the case's values against the plan's inputs, evaluates with a
trace of every rule and returns a :class:`Decision` whose ``route`` is the case route. The
errors it raises are :class:`DelegationError` subclasses (codes CW650-CW657). Pure: the date
is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from casework.domain.delegation_eval import (
    BoundPlan,
    BoundRule,
    InputKind,
    Problem,
    Resolution,
    bind,
    choose,
    make_resolution,
)
from casework.domain.delegation_plan import (
    ADMINISTRATION,
    FAGUDVALG,
    KOMMUNALBESTYRELSE,
    OEKONOMIUDVALG,
    Choice,
    Competence,
    Condition,
    DelegationPlan,
    HitPolicy,
    LegalCategory,
    Outcome,
    PlanInput,
    Rule,
)
from casework.domain.errors import CaseworkError, InvalidAttribute, did_you_mean
from casework.domain.messages import Msg, register
from casework.domain.organisation import Municipality
from casework.domain.workflow import Route

__all__ = [
    "ADMINISTRATION",
    "FAGUDVALG",
    "KOMMUNALBESTYRELSE",
    "OEKONOMIUDVALG",
    "Choice",
    "Competence",
    "Condition",
    "ConditionCheck",
    "DeciderUnresolved",
    "Decision",
    "DelegationError",
    "DelegationPlan",
    "HitPolicy",
    "InvalidCases",
    "LegalCategory",
    "MissingInput",
    "NoPlanInForce",
    "NoRuleMatches",
    "Outcome",
    "PlanInput",
    "Rule",
    "RuleTrace",
    "RulesOverlap",
    "SeveralPlansInForce",
    "UnknownPlan",
    "bound_plan",
    "case_values",
    "decide",
    "decide_with",
    "plan_in_force",
]


class DelegationError(CaseworkError):
    """The delegation plan cannot decide the case; the base of the errors below, never raised."""

    code = "CW650"
    key = "delegation.error.no_plan"


class NoPlanInForce(DelegationError):
    """No adopted plan is valid on the date."""

    code = "CW650"
    key = "delegation.error.no_plan"


class SeveralPlansInForce(DelegationError):
    """Two adopted plans start on the same day, so neither is the one in force."""

    code = "CW651"
    key = "delegation.error.several_plans"


class RulesOverlap(DelegationError):
    """Under the hit policy ``unique`` more than one rule matches the case."""

    code = "CW652"
    key = "delegation.error.overlap"


class NoRuleMatches(DelegationError):
    """No rule matches and the plan has no default outcome."""

    code = "CW653"
    key = "delegation.error.no_rule"


class DeciderUnresolved(DelegationError):
    """The deciding body is a placeholder the case cannot resolve (no policy area, say)."""

    code = "CW654"
    key = "delegation.error.unresolved"


class MissingInput(DelegationError):
    """A required input of the plan has no value in the case."""

    code = "CW655"
    key = "delegation.error.missing_input"


class UnknownPlan(DelegationError):
    """A plan named by the user does not exist."""

    code = "CW656"
    key = "delegation.error.unknown_plan"


class InvalidCases(DelegationError):
    """A file of cases for a what-if cannot be used."""

    code = "CW657"
    key = "delegation.error.invalid_cases"


def plan_in_force(plans: Iterable[DelegationPlan], on_date: dt.date) -> DelegationPlan:
    """The adopted plan in force on ``on_date``.

    A plan is in force from ``valid_from`` until ``valid_to`` or until a later adopted plan
    takes over, so an open-ended plan needs no edit when its successor is adopted. Drafts
    never are in force.
    """
    candidates = [p for p in plans if not p.is_draft and p.valid_on(on_date)]
    if not candidates:
        raise NoPlanInForce(date=on_date.isoformat())
    latest = max(p.valid_from for p in candidates)
    current = [p for p in candidates if p.valid_from == latest]
    if len(current) > 1:
        raise SeveralPlansInForce(
            date=on_date.isoformat(), plans=", ".join(sorted(p.label for p in current))
        )
    return current[0]


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    """One condition of a rule, the case's value and whether it held."""

    condition: Condition
    actual: Any
    holds: bool


@dataclass(frozen=True, slots=True)
class RuleTrace:
    """One rule of the table as evaluated for a case."""

    rule: str
    hit: bool
    checks: tuple[ConditionCheck, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """Who decides a case under the plan in force, along which route, and why.

    ``route`` is the case route the engine expands meeting steps for: recommending bodies,
    the deciding body, informed bodies. When the administration decides, ``decider`` is
    ``"administration"`` and the route holds the informed bodies only.
    """

    plan_id: str
    plan_version: int
    decider: str
    competence: Competence
    route: Route
    rule: str | None  # None: the plan's default outcome
    matched: tuple[str, ...]
    legal_basis: str | None
    legal_exception: str | None
    note: str | None
    note_en: str | None
    values: Mapping[str, Any]
    defaulted: tuple[str, ...]  # inputs that took the plan's default value
    trace: tuple[RuleTrace, ...]
    dropped: tuple[str, ...] = ()

    @property
    def by_administration(self) -> bool:
        """Whether the matter is delegated to the administration."""
        return self.decider == ADMINISTRATION

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form with stable keys."""
        return {
            "plan": {"id": self.plan_id, "version": self.plan_version},
            "decider": self.decider,
            "competence": self.competence.value,
            "route": [e.as_json() for e in self.route],
            "rule": self.rule,
            "matched": list(self.matched),
            "legal_basis": self.legal_basis,
            "legal_exception": self.legal_exception,
            "note": self.note,
            "values": {k: _json_value(v) for k, v in self.values.items()},
            "defaulted": list(self.defaulted),
            "dropped": list(self.dropped),
            "trace": [
                {
                    "rule": t.rule,
                    "hit": t.hit,
                    "failed": [c.condition.input for c in t.checks if not c.holds],
                }
                for t in self.trace
            ],
        }


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


_BOUND_CACHE: dict[tuple[int, int], tuple[DelegationPlan, Municipality, BoundPlan]] = {}


def bound_plan(plan: DelegationPlan, municipality: Municipality) -> BoundPlan:
    """:func:`bind`, cached per (plan, municipality) object, since a case opening calls it."""
    key = (id(plan), id(municipality))
    hit = _BOUND_CACHE.get(key)
    if hit is not None and hit[0] is plan and hit[1] is municipality:
        return hit[2]
    if len(_BOUND_CACHE) > 64:
        _BOUND_CACHE.clear()
    bound = bind(plan, municipality)
    _BOUND_CACHE[key] = (plan, municipality, bound)
    return bound


def decide(
    plans: Iterable[DelegationPlan],
    attributes: Mapping[str, Any],
    on_date: dt.date,
    municipality: Municipality,
) -> Decision:
    """Who decides a case with ``attributes`` on ``on_date``, and along which route.

    Args:
        plans: every loaded plan; the adopted one in force on ``on_date`` is used.
        attributes: the case's attributes by name, stored form or text.
        on_date: the date that selects the plan (usually the day the case is opened).
        municipality: bodies (with their policy areas) and declared attributes.

    Raises:
        DelegationError: no plan in force, overlapping rules, no rule and no default, a
            deciding placeholder that cannot be resolved, or a missing required input.
        InvalidAttribute: an attribute value does not fit its input's type.
    """
    return decide_with(plan_in_force(plans, on_date), attributes, municipality)


def decide_with(
    plan: DelegationPlan, attributes: Mapping[str, Any], municipality: Municipality
) -> Decision:
    """:func:`decide` with a given plan (a draft, say, for ``explain --plan``)."""
    bound = bound_plan(plan, municipality)
    values, defaulted = case_values(bound, attributes)
    traces: list[RuleTrace] = []
    hits: list[BoundRule] = []
    for rule in bound.rules:
        checks = tuple(
            ConditionCheck(c.condition, actual, c.holds(actual))
            for c in rule.conditions
            for actual in (values.get(c.condition.input),)
        )
        hit = all(check.holds for check in checks)
        traces.append(RuleTrace(rule.id, hit, checks))
        if hit:
            hits.append(rule)
    resolution = make_resolution(
        bound, choose(bound, hits), tuple(r.id for r in hits), values.get(plan.policy_area_input)
    )
    _raise_for(resolution, bound, values)
    winner = next((r for r in bound.rules if r.id == resolution.rule), None)
    outcome = winner.rule.outcome if winner is not None else bound.plan.default
    assert outcome is not None  # a resolution without a problem has an outcome
    assert resolution.decider is not None
    return Decision(
        plan_id=plan.id,
        plan_version=plan.version,
        decider=resolution.decider,
        competence=outcome.competence,
        route=resolution.route,
        rule=resolution.rule,
        matched=resolution.matched,
        legal_basis=outcome.legal_basis,
        legal_exception=outcome.legal_exception,
        note=outcome.note,
        note_en=outcome.note_en,
        values=MappingProxyType(values),
        defaulted=defaulted,
        trace=tuple(traces),
        dropped=resolution.dropped,
    )


def case_values(
    bound: BoundPlan, attributes: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The case's input values, coerced and checked, and the inputs that took a default."""
    values: dict[str, Any] = {}
    defaulted: list[str] = []
    for input_id, inp in bound.inputs.items():
        raw = attributes.get(inp.decl.attribute)
        if raw is None or raw == "":
            if inp.default is not None:
                values[input_id] = inp.default
                defaulted.append(input_id)
                continue
            if inp.decl.required:
                raise MissingInput(input=input_id, plan=bound.plan.label)
            values[input_id] = None
            continue
        value = inp.coerce(raw)
        if inp.kind is InputKind.CATEGORICAL and inp.choices and value not in inp.choices:
            raise InvalidAttribute(
                attribute=inp.decl.attribute,
                detail=Msg("attribute.not_a_choice", choices=", ".join(inp.choices)),
                suggestion=did_you_mean(str(value), inp.choices),
            )
        values[input_id] = value
    return values, tuple(defaulted)


def _raise_for(resolution: Resolution, bound: BoundPlan, values: Mapping[str, Any]) -> None:
    plan = bound.plan.label
    if resolution.problem is Problem.OVERLAP:
        raise RulesOverlap(plan=plan, rules=", ".join(resolution.matched))
    if resolution.problem is Problem.NO_RULE:
        raise NoRuleMatches(plan=plan)
    if resolution.problem is Problem.UNRESOLVED:
        area = values.get(bound.plan.policy_area_input)
        raise DeciderUnresolved(
            plan=plan, rule=resolution.rule or "default", area="–" if area is None else area
        )


register(
    {
        "delegation.error.no_plan": (
            "Ingen vedtaget delegationsplan er gældende {date}",
            "No adopted delegation plan is in force on {date}",
        ),
        "delegation.error.several_plans": (
            "Flere delegationsplaner træder i kraft samme dag og gælder {date}: {plans}",
            "Several delegation plans take effect on the same day and apply on {date}: {plans}",
        ),
        "delegation.error.overlap": (
            "Delegationsplanen {plan} er tvetydig for sagen: reglerne {rules} rammer alle "
            "(hitpolitik unique)",
            "Delegation plan {plan} is ambiguous for the case: rules {rules} all match "
            "(hit policy unique)",
        ),
        "delegation.error.no_rule": (
            "Ingen regel i delegationsplanen {plan} passer på sagen, og planen har intet "
            "standardudfald",
            "No rule of delegation plan {plan} fits the case, and the plan has no default outcome",
        ),
        "delegation.error.unresolved": (
            "Delegationsplanen {plan} ({rule}) lader fagudvalget beslutte, men politikområdet "
            "'{area}' har ikke præcis ét fagudvalg; angiv politikomraade",
            "Delegation plan {plan} ({rule}) lets the standing committee decide, but policy area "
            "'{area}' does not have exactly one committee; set politikomraade",
        ),
        "delegation.error.missing_input": (
            "Sagen mangler '{input}', som delegationsplanen {plan} kræver",
            "The case lacks '{input}', which delegation plan {plan} requires",
        ),
        "delegation.error.unknown_plan": (
            "Ukendt delegationsplan '{plan}'; kendte planer: {known}",
            "Unknown delegation plan '{plan}'; known plans: {known}",
        ),
        "delegation.error.invalid_cases": (
            "Sagsfilen {file} kan ikke bruges: {detail}",
            "The cases file {file} cannot be used: {detail}",
        ),
    }
)
