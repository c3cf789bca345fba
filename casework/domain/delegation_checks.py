"""Checks of delegation plans, run when they load and by ``casework delegation check``.

One small function per property, each returning findings with a YAML path that the config
adapter turns into file and line, so whoever edits a plan learns every problem in one pass:

* inputs: each reads a declared case attribute or declares its own type and values (CW602-604);
* rules: conditions name known inputs and values and fit their types (CW601, CW604, CW605);
* bodies: every body, placeholder and ranking is known (CW606, CW608, CW626, CW627), nobody
  but a political body decides with ``B*`` (CW623), and a § 17, stk. 4 task committee never
  decides without a cited legal exception (CW622);
* validity and versions across plans (CW630-CW633).

When those pass, the table itself is checked in :mod:`casework.domain.delegation_table`:
overlaps, gaps, shadowed rules and the matters the law keeps at the council. Codes in
:data:`WARNINGS` are warnings; every other code is an error that stops the plan from loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import casework.domain.delegation_texts  # noqa: F401  (registers the messages)
from casework.domain.delegation_eval import BoundInput, BoundPlan, InputKind, bind
from casework.domain.delegation_plan import (
    ADMINISTRATION,
    FAGUDVALG,
    PLACEHOLDERS,
    DelegationPlan,
    HitPolicy,
    Outcome,
)
from casework.domain.delegation_table import check_table
from casework.domain.errors import Finding, Location, did_you_mean
from casework.domain.organisation import AttributeType, BodyKind, Municipality

Locate = Callable[[str], Location | None]

#: Findings that do not stop a plan from loading.
WARNINGS = frozenset({"CW611", "CW627", "CW632"})

_UNKNOWN_INPUT = "delegation.check.unknown_input"
_KIND = {
    AttributeType.CHOICE: "categorical",
    AttributeType.TEXT: "categorical",
    AttributeType.BOOLEAN: "boolean",
    AttributeType.INTEGER: "numeric",
    AttributeType.AMOUNT: "numeric",
}


def is_error(finding: Finding) -> bool:
    """Whether ``finding`` stops a plan from loading."""
    return finding.code not in WARNINGS


def check_plan(plan: DelegationPlan, municipality: Municipality, locate: Locate) -> list[Finding]:
    """Every finding about ``plan`` against ``municipality``, in a stable order."""
    bound = bind(plan, municipality)
    findings: list[Finding] = []
    for check in (_inputs, _conditions, _bodies, _ranking, _validity):
        findings.extend(check(bound, locate))
    if not any(is_error(f) for f in findings):
        # Overlaps and gaps of a table whose conditions are broken would only echo the
        # breakage, so the table is checked once the structure is sound.
        findings.extend(check_table(bound, locate))
    return findings


def check_plans(
    plans: Sequence[DelegationPlan], locate: Callable[[DelegationPlan, str], Location | None]
) -> list[Finding]:
    """Findings across plans: the same id and version twice, two plans starting the same day."""
    findings: list[Finding] = []
    seen: dict[tuple[str, int], DelegationPlan] = {}
    starts: dict[Any, DelegationPlan] = {}
    for plan in plans:
        key = (plan.id, plan.version)
        if key in seen:
            findings.append(
                _finding(
                    "CW633",
                    "delegation.check.duplicate_plan",
                    locate(plan, "version"),
                    plan=plan.label,
                    other=seen[key].source or "",
                )
            )
            continue
        seen[key] = plan
        if plan.is_draft:
            continue
        other = starts.get(plan.valid_from)
        if other is not None:
            findings.append(
                _finding(
                    "CW631",
                    "delegation.check.same_start",
                    locate(plan, "valid_from"),
                    plan=plan.label,
                    other=other.label,
                    date=plan.valid_from.isoformat(),
                )
            )
        starts[plan.valid_from] = plan
    return findings


def _finding(
    code: str, key: str, location: Location | None, suggestion: str | None = None, **params: Any
) -> Finding:
    return Finding(code, key, params, location, suggestion)


# --------------------------------------------------------------------------- inputs
def _inputs(bound: BoundPlan, locate: Locate) -> Iterator[Finding]:
    plan, municipality = bound.plan, bound.municipality
    seen: set[str] = set()
    for index, decl in enumerate(plan.inputs):
        path = f"inputs[{index}]"
        if decl.id in seen:
            yield _finding(
                "CW607", "delegation.check.duplicate_input", locate(f"{path}.id"), input=decl.id
            )
        seen.add(decl.id)
        yield from _input_type(bound.inputs[decl.id], municipality, path, locate)
    uses_fagudvalg = any(FAGUDVALG in _refs(o) for o in _outcomes(plan))
    if uses_fagudvalg and plan.policy_area_input not in bound.inputs:
        yield _finding(
            "CW625",
            "delegation.check.no_policy_area",
            locate("inputs"),
            input=plan.policy_area_input,
        )


def _input_type(
    bound: BoundInput, municipality: Municipality, path: str, locate: Locate
) -> Iterator[Finding]:
    decl = bound.decl
    spec = municipality.attributes.get(decl.attribute)
    if decl.type is None and spec is None:
        yield _finding(
            "CW602",
            "delegation.check.unknown_attribute",
            locate(f"{path}.id"),
            did_you_mean(decl.attribute, municipality.attributes),
            input=decl.id,
            attribute=decl.attribute,
        )
        return
    if bound.kind is InputKind.UNSUPPORTED:
        yield _bad_input(path, locate, decl.id, "delegation.detail.unsupported_type", bound)
        return
    if decl.type is not None and spec is not None and _KIND[decl.type] != _KIND.get(spec.type):
        yield _bad_input(path, locate, decl.id, "delegation.detail.type_mismatch", bound, spec=spec)
    if spec is not None and spec.type is AttributeType.CHOICE and decl.choices:
        strangers = [c.id for c in decl.choices if c.id not in spec.choices]
        if strangers:
            yield _finding(
                "CW603",
                "delegation.check.values_not_declared",
                locate(f"{path}.values"),
                input=decl.id,
                values=", ".join(strangers),
            )
    yield from _input_fields(bound, path, locate)


def _bad_input(
    path: str, locate: Locate, input_id: str, detail: str, bound: BoundInput, *, spec: Any = None
) -> Finding:
    return _finding(
        "CW603",
        detail,
        locate(f"{path}.type"),
        input=input_id,
        type=bound.type.value if bound.type else "?",
        attribute_type=spec.type.value if spec is not None else "?",
    )


def _input_fields(bound: BoundInput, path: str, locate: Locate) -> Iterator[Finding]:
    decl, kind = bound.decl, bound.kind
    checks = (
        (
            bound.type is AttributeType.CHOICE and not bound.choices,
            "values",
            "delegation.detail.needs_values",
        ),
        (
            bool(decl.choices) and bound.type is not AttributeType.CHOICE,
            "values",
            "delegation.detail.values_only_for_choice",
        ),
        (
            (decl.minimum is not None or decl.maximum is not None)
            and kind is not InputKind.NUMERIC,
            "min",
            "delegation.detail.range_only_for_numbers",
        ),
        (
            decl.minimum is not None and decl.maximum is not None and decl.minimum > decl.maximum,
            "max",
            "delegation.detail.min_above_max",
        ),
        (
            decl.legal_category is not None and kind is not InputKind.BOOLEAN,
            "legal_category",
            "delegation.detail.category_on_boolean_only",
        ),
    )
    for failed, field, detail in checks:
        if failed:
            yield _finding(
                "CW603", detail, locate(f"{path}.{field}"), input=decl.id, type=_type(bound)
            )
    default_fits = bound.default is not None and (
        kind is not InputKind.CATEGORICAL or not bound.choices or bound.default in bound.choices
    )
    if decl.default is not None and not default_fits:
        yield _finding(
            "CW604",
            "delegation.check.bad_default",
            locate(f"{path}.default"),
            did_you_mean(str(decl.default), bound.choices) if bound.choices else None,
            input=decl.id,
            value=decl.default,
            type=_type(bound),
        )


def _type(bound: BoundInput) -> str:
    return bound.type.value if bound.type is not None else "?"


# --------------------------------------------------------------------------- conditions
def _conditions(bound: BoundPlan, locate: Locate) -> Iterator[Finding]:
    seen: set[str] = set()
    for rule in bound.rules:
        path = f"rules[{rule.index}]"
        if rule.id in seen:
            yield _finding(
                "CW607", "delegation.check.duplicate_rule", locate(f"{path}.id"), rule=rule.id
            )
        seen.add(rule.id)
        for condition in rule.conditions:
            input_id = condition.condition.input
            where = locate(f"{path}.when.{input_id}")
            inp = bound.inputs.get(input_id)
            params = {
                "rule": rule.id,
                "input": input_id,
                "op": condition.condition.op,
                "type": _type(inp) if inp is not None else "?",
            }
            if condition.problem == _UNKNOWN_INPUT:
                yield _finding(
                    "CW601", _UNKNOWN_INPUT, where, did_you_mean(input_id, bound.inputs), **params
                )
            elif condition.problem is not None:
                yield _finding("CW605", condition.problem, where, **params)
            elif inp is not None and inp.kind is InputKind.CATEGORICAL and inp.choices:
                yield from _unknown_values(condition.value, inp, where, params)


def _unknown_values(
    value: Any, inp: BoundInput, where: Location | None, params: dict[str, Any]
) -> Iterator[Finding]:
    items = sorted(value) if isinstance(value, frozenset) else [value]
    for item in items:
        if item not in inp.choices:
            yield _finding(
                "CW604",
                "delegation.check.unknown_value",
                where,
                did_you_mean(str(item), inp.choices),
                value=item,
                **params,
            )


# --------------------------------------------------------------------------- bodies
def _outcomes(plan: DelegationPlan) -> Iterator[Outcome]:
    for rule in plan.rules:
        yield rule.outcome
    if plan.default is not None:
        yield plan.default


def _refs(outcome: Outcome) -> tuple[str, ...]:
    return (outcome.decides, *outcome.recommends, *outcome.discusses, *outcome.informed)


def _outcome_paths(plan: DelegationPlan) -> Iterator[tuple[str, str, Outcome]]:
    for index, rule in enumerate(plan.rules):
        yield f"rules[{index}]", rule.id, rule.outcome
    if plan.default is not None:
        yield "default", "default", plan.default


def _bodies(bound: BoundPlan, locate: Locate) -> Iterator[Finding]:
    municipality = bound.municipality
    known = [*municipality.bodies, *PLACEHOLDERS]
    for path, rule_id, outcome in _outcome_paths(bound.plan):
        yield from _references(outcome, path, rule_id, known, locate)
        yield from _competence(bound, outcome, path, rule_id, locate)
    adopted_by = bound.plan.adopted_by
    if adopted_by is not None and adopted_by not in municipality.bodies:
        yield _finding(
            "CW606",
            "delegation.check.unknown_body",
            locate("adopted_by"),
            did_you_mean(adopted_by, municipality.bodies),
            rule="adopted_by",
            body=adopted_by,
        )


def _references(
    outcome: Outcome, path: str, rule_id: str, known: list[str], locate: Locate
) -> Iterator[Finding]:
    fields = (
        ("decides", (outcome.decides,)),
        ("recommends", outcome.recommends),
        ("discusses", outcome.discusses),
        ("informed", outcome.informed),
    )
    for field, refs in fields:
        for i, ref in enumerate(refs):
            where = locate(f"{path}.{field}" if field == "decides" else f"{path}.{field}[{i}]")
            if ref == ADMINISTRATION:
                if field != "decides":
                    yield _finding(
                        "CW626", "delegation.check.administration_in_route", where, rule=rule_id
                    )
            elif ref not in known:
                yield _finding(
                    "CW606",
                    "delegation.check.unknown_body",
                    where,
                    did_you_mean(ref, [*known, ADMINISTRATION]),
                    rule=rule_id,
                    body=ref,
                )
            elif field != "decides" and ref == outcome.decides:
                yield _finding(
                    "CW627", "delegation.check.decider_repeated", where, rule=rule_id, body=ref
                )


def _competence(
    bound: BoundPlan, outcome: Outcome, path: str, rule_id: str, locate: Locate
) -> Iterator[Finding]:
    where = locate(f"{path}.decides")
    if outcome.decides == ADMINISTRATION and outcome.recommends:
        yield _finding(
            "CW626",
            "delegation.check.administration_with_recommenders",
            locate(f"{path}.recommends"),
            rule=rule_id,
        )
    if outcome.non_delegable and (outcome.within_basis or outcome.decides == ADMINISTRATION):
        yield _finding("CW623", "delegation.check.non_delegable_below", where, rule=rule_id)
    body = bound.municipality.bodies.get(outcome.decides)
    advisory = body is not None and (body.advisory or body.kind is BodyKind.TASK)
    if advisory and outcome.legal_exception is None:
        assert body is not None
        yield _finding(
            "CW622",
            "delegation.check.task_committee_decides",
            where,
            rule=rule_id,
            body=body.short,
        )


def _ranking(bound: BoundPlan, locate: Locate) -> Iterator[Finding]:
    plan = bound.plan
    known = [*bound.municipality.bodies, *PLACEHOLDERS, ADMINISTRATION]
    if plan.hit_policy is not HitPolicy.PRIORITY:
        if plan.priority:
            yield _finding("CW608", "delegation.check.ranking_unused", locate("priority"))
        return
    if not plan.priority:
        yield _finding("CW608", "delegation.check.ranking_missing", locate("hit_policy"))
        return
    for i, ref in enumerate(plan.priority):
        if ref not in known:
            yield _finding(
                "CW606",
                "delegation.check.unknown_body",
                locate(f"priority[{i}]"),
                did_you_mean(ref, known),
                rule="priority",
                body=ref,
            )
    for rule in plan.rules:
        ref = rule.outcome.decides
        if ref in known and ref not in bound.ranks:
            yield _finding(
                "CW608",
                "delegation.check.unranked",
                locate(f"rules[{plan.rules.index(rule)}].decides"),
                rule=rule.id,
                body=ref,
            )


def _validity(bound: BoundPlan, locate: Locate) -> Iterator[Finding]:
    plan = bound.plan
    if plan.valid_to is not None and plan.valid_to < plan.valid_from:
        yield _finding(
            "CW630",
            "delegation.check.ends_before_start",
            locate("valid_to"),
            valid_from=plan.valid_from.isoformat(),
            valid_to=plan.valid_to.isoformat(),
        )
    if plan.adopted_on is not None and plan.adopted_on > plan.valid_from:
        yield _finding(
            "CW632",
            "delegation.check.adopted_late",
            locate("adopted_on"),
            adopted_on=plan.adopted_on.isoformat(),
            valid_from=plan.valid_from.isoformat(),
        )
