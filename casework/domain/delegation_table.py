"""Checks of a delegation plan as a table: overlaps, gaps, shadowed rules, and the law.

Rules are boxes in the plan's cell space (:mod:`casework.domain.delegation_space`). Two rules
overlap when their boxes meet on every axis (found with per-cell rule bitsets, not pairwise
scans); a gap is a part of the valid input space no rule covers; a rule is shadowed when the rules
that beat it (earlier rows under ``first``, better ranks under ``priority``) cover its whole box.
The legal checks ask the same question of a smaller box: is there a case of a reserved matter
(an appropriation, the budget, …) that this rule — or the default — actually decides below the
council? Every finding carries a concrete example case in ``attribute=value`` form, ready for
``casework delegation explain``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from casework.domain.delegation_eval import BoundPlan, BoundRule, resolve_ref
from casework.domain.delegation_plan import (
    ADMINISTRATION,
    FAGUDVALG,
    RESERVED_BY_LAW,
    HitPolicy,
    LegalCategory,
    Outcome,
)
from casework.domain.delegation_space import PlanSpace, bits, plan_space, uncovered
from casework.domain.errors import Finding, Location
from casework.domain.organisation import BodyKind

Locate = Callable[[str], Location | None]

#: At most this many overlap findings and gap examples per plan; more would bury the first.
MAX_OVERLAPS = 100
MAX_GAPS = 10


def check_table(bound: BoundPlan, locate: Locate) -> list[Finding]:
    """Overlaps, gaps, shadowed and empty rules, reserved matters and unresolvable committees."""
    space = plan_space(bound)
    findings: list[Finding] = []
    for check in (_empty, _overlaps, _gaps, _shadowed, _reserved, _fagudvalg):
        findings.extend(check(space, locate))
    return findings


def example(space: PlanSpace, box: list[int]) -> str:
    """A case in ``box`` as ``attribute=value`` pairs (absent attributes left out)."""
    values = space.example(box)
    parts = []
    for input_id, value in values.items():
        if value is None:
            continue
        attribute = space.bound.inputs[input_id].decl.attribute
        parts.append(f"{attribute}={_plain(value)}")
    return ", ".join(parts) or "–"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _rule_path(rule: BoundRule) -> str:
    return f"rules[{rule.index}]"


def _beaten_by(space: PlanSpace, rule: BoundRule) -> int:
    """The rules that win over ``rule`` wherever both match."""
    policy = space.bound.plan.hit_policy
    if policy is HitPolicy.FIRST:
        return (1 << rule.index) - 1
    if policy is HitPolicy.PRIORITY:
        key = (rule.rank, rule.index)
        return sum(1 << r.index for r in space.bound.rules if (r.rank, r.index) < key)
    return 0  # unique: where another rule also matches, the overlap is its own error


def _nonempty(box: list[int]) -> bool:
    return all(box)


# --------------------------------------------------------------------------- structure
def _empty(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    for rule in space.bound.rules:
        if not _nonempty(space.box_of(rule.index)):
            yield Finding(
                "CW609",
                "delegation.check.never_matches",
                {"rule": rule.id},
                locate(_rule_path(rule)),
            )


def _overlaps(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    policy = space.bound.plan.hit_policy
    if policy is HitPolicy.FIRST:
        return
    rules = space.bound.rules
    unions: dict[tuple[int, int], int] = {}

    def union(axis: int, cells: int) -> int:
        key = (axis, cells)
        if key not in unions:
            mask = 0
            for cell in bits(cells):
                mask |= space.rules_at[axis][cell]
            unions[key] = mask
        return unions[key]

    reported = 0
    for rule in rules:
        box = space.box_of(rule.index)
        if not _nonempty(box):
            continue
        later = space.all_rules & ~((1 << (rule.index + 1)) - 1)
        for axis, cells in enumerate(box):
            later &= union(axis, cells)
            if not later:
                break
        for other_index in bits(later):
            finding = _overlap(space, rule, rules[other_index], box, locate)
            if finding is None:
                continue
            reported += 1
            if reported <= MAX_OVERLAPS:
                yield finding
    if reported > MAX_OVERLAPS:
        # Counted to the end, so the author knows how much is left after the first hundred.
        yield Finding(
            "CW610",
            "delegation.check.more_overlaps",
            {"shown": MAX_OVERLAPS, "count": reported},
            locate("rules"),
        )


def _overlap(
    space: PlanSpace, rule: BoundRule, other: BoundRule, box: list[int], locate: Locate
) -> Finding | None:
    same = rule.rule.outcome.route_key() == other.rule.outcome.route_key()
    if space.bound.plan.hit_policy is HitPolicy.PRIORITY and (rule.rank != other.rank or same):
        return None  # the better rank wins, as intended; equal ranks must agree
    meet = [a & b for a, b in zip(box, space.accept[other.index], strict=True)]
    params = {
        "rule": rule.id,
        "other": other.id,
        "outcome": _describe(rule.rule.outcome),
        "other_outcome": _describe(other.rule.outcome),
        "example": example(space, meet),
    }
    if space.bound.plan.hit_policy is HitPolicy.PRIORITY:
        key = "delegation.check.priority_tie"
    else:
        key = "delegation.check.overlap_same" if same else "delegation.check.overlap"
    code = "CW611" if same else "CW610"
    return Finding(code, key, params, locate(_rule_path(other)))


def _describe(outcome: Outcome) -> str:
    route = [*outcome.recommends, outcome.decides]
    return " → ".join(route) + f" ({outcome.competence.value})"


def _gaps(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    if space.bound.plan.default is not None:
        return
    gaps = uncovered(space, space.domain_box(), space.all_rules, limit=MAX_GAPS + 1)
    for box in gaps[:MAX_GAPS]:
        yield Finding(
            "CW612", "delegation.check.gap", {"example": example(space, box)}, locate("rules")
        )
    if len(gaps) > MAX_GAPS:
        yield Finding("CW612", "delegation.check.more_gaps", {"shown": MAX_GAPS}, locate("rules"))


def _shadowed(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    if space.bound.plan.hit_policy is HitPolicy.UNIQUE:
        return
    for rule in space.bound.rules:
        box = space.box_of(rule.index)
        if not _nonempty(box):
            continue  # reported as never matching
        beaten = _beaten_by(space, rule)
        if not uncovered(space, box, beaten):
            winners = _covering_rules(space, box, beaten)
            yield Finding(
                "CW613",
                "delegation.check.shadowed",
                {"rule": rule.id, "by": ", ".join(winners)},
                locate(_rule_path(rule)),
            )


def _covering_rules(space: PlanSpace, box: list[int], candidates: int) -> list[str]:
    touching = candidates
    for axis, cells in enumerate(box):
        mask = 0
        for cell in bits(cells):
            mask |= space.rules_at[axis][cell]
        touching &= mask
    return [space.bound.rules[i].id for i in bits(touching)]


# --------------------------------------------------------------------------- the law
def _decides_at_council(bound: BoundPlan, outcome: Outcome) -> bool:
    body = resolve_ref(outcome.decides, bound.municipality, None, bound)
    if body is None or body == ADMINISTRATION:
        return False
    return bound.municipality.bodies[body].kind is BodyKind.COUNCIL


def _reserved_boxes(space: PlanSpace, base: list[int]) -> Iterator[tuple[LegalCategory, list[int]]]:
    """``base`` cut down to each reserved category's cells on each axis that has some."""
    for axis_index, input_id in enumerate(space.input_ids):
        categories = space.bound.inputs[input_id].categories
        axis = space.axes[axis_index]
        by_category: dict[LegalCategory, int] = {}
        for value, category in categories.items():
            cell = axis.cell_of(value)
            by_category[category] = by_category.get(category, 0) | 1 << cell
        for category, cells in sorted(by_category.items()):
            box = list(base)
            box[axis_index] &= cells
            if _nonempty(box):
                yield category, box


def _reserved(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    bound = space.bound
    for rule in bound.rules:
        outcome = rule.rule.outcome
        if outcome.legal_exception is not None or _decides_at_council(bound, outcome):
            continue
        for category, box in _reserved_boxes(space, space.box_of(rule.index)):
            found = uncovered(space, box, _beaten_by(space, rule))
            if found:
                path = f"{_rule_path(rule)}.decides"
                yield _reserved_finding(
                    space,
                    locate(path),
                    rule_id=rule.id,
                    outcome=outcome,
                    category=category,
                    box=found[0],
                )
                break  # one category per rule is enough to send the author back to it
    default = bound.plan.default
    if default is None or default.legal_exception is not None:
        return
    if _decides_at_council(bound, default):
        return
    for category, box in _reserved_boxes(space, space.domain_box()):
        found = uncovered(space, box, space.all_rules)
        if found:
            where = locate("default.decides")
            yield _reserved_finding(
                space, where, rule_id="default", outcome=default, category=category, box=found[0]
            )


def _reserved_finding(
    space: PlanSpace,
    where: Location | None,
    *,
    rule_id: str,
    outcome: Outcome,
    category: LegalCategory,
    box: list[int],
) -> Finding:
    is_default = rule_id == "default"
    return Finding(
        "CW621" if is_default else "CW620",
        "delegation.check.reserved_default" if is_default else "delegation.check.reserved",
        {
            "rule": rule_id,
            "body": outcome.decides,
            "category": category.value,
            "law": RESERVED_BY_LAW[category],
            "example": example(space, box),
        },
        where,
    )


def _fagudvalg(space: PlanSpace, locate: Locate) -> Iterator[Finding]:
    bound = space.bound
    area_input = bound.plan.policy_area_input
    if area_input not in space.input_ids:
        return  # reported as CW625 when a placeholder needs it
    axis_index = space.input_ids.index(area_input)
    axis = space.axes[axis_index]
    unowned = 0
    for cell in bits(axis.domain):
        value = axis.representative(cell)
        if cell == axis.other_cell or len(bound.area_owners.get(value, ())) != 1:
            unowned |= 1 << cell
    if not unowned:
        return
    targets: list[tuple[str, BoundRule | None, list[int], int]] = [
        (_rule_path(r), r, space.box_of(r.index), _beaten_by(space, r))
        for r in bound.rules
        if r.rule.outcome.decides == FAGUDVALG
    ]
    default = bound.plan.default
    if default is not None and default.decides == FAGUDVALG:
        targets.append(("default", None, space.domain_box(), space.all_rules))
    for path, rule, box, beaten in targets:
        box[axis_index] &= unowned
        found = uncovered(space, box, beaten) if _nonempty(box) else []
        if found:
            yield Finding(
                "CW624",
                "delegation.check.fagudvalg_unresolved",
                {
                    "rule": rule.id if rule is not None else "default",
                    "input": area_input,
                    "example": example(space, found[0]),
                },
                locate(f"{path}.decides"),
            )
