"""A delegation plan bound to a municipality, and the plain reference evaluator.

:func:`bind` settles every input's type (from the plan, or from the municipality's declared case
attribute), coerces condition values, ranks bodies for the priority policy and finds which
committee owns each policy area. It never fails: what cannot be bound is marked, both
evaluators treat it as a condition that never holds, and the checks report it.

:func:`evaluate` is the reference evaluator — every condition of every rule, in row order — kept
deliberately plain; the compiled evaluator in :mod:`casework.domain.delegation_compiled` must
agree with it on every plan and case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from casework.domain.delegation_plan import (
    ADMINISTRATION,
    CONDITION_OPS,
    FAGUDVALG,
    KOMMUNALBESTYRELSE,
    OEKONOMIUDVALG,
    WELL_KNOWN_MATTERS,
    Condition,
    DelegationPlan,
    HitPolicy,
    LegalCategory,
    Number,
    Outcome,
    PlanInput,
    Rule,
)
from casework.domain.errors import CaseworkError
from casework.domain.organisation import AttributeSpec, AttributeType, BodyKind, Municipality
from casework.domain.workflow import Route, RouteEntry, RouteRole

_ORDER_OPS = frozenset({"ge", "gt", "le", "lt"})
_SET_OPS = frozenset({"in", "not_in"})


class InputKind(StrEnum):
    """How the evaluator treats an input's values."""

    CATEGORICAL = "categorical"  # choice and text: equality and membership
    BOOLEAN = "boolean"
    NUMERIC = "numeric"  # integer and amount: ranges
    UNSUPPORTED = "unsupported"  # dates, and inputs whose type nobody declares


_KIND_OF_TYPE = {
    AttributeType.CHOICE: InputKind.CATEGORICAL,
    AttributeType.TEXT: InputKind.CATEGORICAL,
    AttributeType.BOOLEAN: InputKind.BOOLEAN,
    AttributeType.INTEGER: InputKind.NUMERIC,
    AttributeType.AMOUNT: InputKind.NUMERIC,
}


@dataclass(frozen=True, slots=True)
class BoundInput:
    """An input with its type settled against the municipality; values coerced."""

    decl: PlanInput
    type: AttributeType | None
    kind: InputKind
    title: str
    choices: tuple[str, ...]  # declared values (choice inputs); () for open inputs
    labels: Mapping[Any, tuple[str, str | None]]
    categories: Mapping[Any, LegalCategory]
    default: Any = None  # coerced; None when there is none or it does not fit

    @property
    def id(self) -> str:
        """The input's id."""
        return self.decl.id

    @property
    def closed(self) -> bool:
        """Whether only declared values are valid (choice and boolean inputs)."""
        return self.kind is InputKind.BOOLEAN or bool(self.choices)

    def coerce(self, raw: Any) -> Any:
        """``raw`` (text from the CLI, JSON from storage) as this input's value.

        Raises :class:`InvalidAttribute` when it does not fit.
        """
        if raw is None:
            return None
        if self.type is None or self.kind is InputKind.UNSUPPORTED:
            return raw
        if self.kind is InputKind.CATEGORICAL:
            # Membership is checked by the caller, which can suggest the nearest value.
            return str(raw)
        spec = AttributeSpec(self.decl.attribute, self.type, self.title)
        value = spec.coerce(raw)
        if self.kind is InputKind.NUMERIC:
            return to_number(value)
        return value

    def name(self, lang: str = "da") -> str:
        """The input's name in explanations, in ``lang``."""
        return (self.decl.title_en or self.title) if lang == "en" else self.title

    def label(self, value: Any, lang: str = "da") -> str | None:
        """The declared label of ``value`` in ``lang``, if it has one."""
        pair = self.labels.get(value)
        if pair is None:
            return None
        return (pair[1] or pair[0]) if lang == "en" else pair[0]


def to_number(value: Any) -> Number:
    """An amount or integer as ``int`` when whole, else ``Decimal`` (exact, no float)."""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(value)
    return int(number) if number == number.to_integral_value() else number


@dataclass(frozen=True, slots=True)
class BoundCondition:
    """A condition with its value coerced to the input's type; invalid ones never hold.

    ``problem`` is the message key saying why a condition is invalid (the checks report it);
    both evaluators treat an invalid condition as one that never holds, so they agree even on a
    broken plan.
    """

    condition: Condition
    value: Any
    problem: str | None = None

    def holds(self, actual: Any) -> bool:
        """Whether the condition holds for the input value ``actual`` (None: absent)."""
        if self.problem is not None or actual is None:
            return False
        op, value = self.condition.op, self.value
        if op == "eq":
            return bool(actual == value)
        if op == "in":
            return actual in value
        if op == "not_in":
            return actual not in value
        try:
            return bool(_ORDER[op](actual, value))
        except TypeError:  # a value of the wrong type in the case data never matches a range
            return False


_ORDER = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}


@dataclass(frozen=True, slots=True)
class BoundRule:
    """A rule with bound conditions and its place in the table."""

    rule: Rule
    index: int
    conditions: tuple[BoundCondition, ...]
    rank: int  # priority rank of the deciding body (0 is highest); 0 under other policies

    @property
    def id(self) -> str:
        """The rule's id."""
        return self.rule.id


@dataclass(frozen=True, slots=True, eq=False)
class BoundPlan:
    """A plan bound to a municipality: typed inputs, bound rules, policy-area owners."""

    plan: DelegationPlan
    municipality: Municipality
    inputs: Mapping[str, BoundInput]
    rules: tuple[BoundRule, ...]
    area_owners: Mapping[str, tuple[str, ...]]
    #: Rank of every body reference for the priority policy (lower wins).
    ranks: Mapping[str, int] = field(default_factory=dict)

    def values_of(self, attributes: Mapping[str, Any]) -> dict[str, Any]:
        """The input values of a case, defaults applied, without coercion (for evaluators)."""
        values: dict[str, Any] = {}
        for input_id, bound in self.inputs.items():
            value = attributes.get(bound.decl.attribute)
            values[input_id] = bound.default if value is None else value
        return values


def bind(plan: DelegationPlan, municipality: Municipality) -> BoundPlan:
    """``plan`` bound to ``municipality``; never fails (the checks report what is wrong)."""
    inputs = {i.id: _bind_input(i, municipality) for i in plan.inputs}
    ranks = _ranks(plan, municipality)
    rules = tuple(
        BoundRule(
            rule=rule,
            index=index,
            conditions=tuple(_bind_condition(c, inputs) for c in rule.when),
            rank=ranks.get(rule.outcome.decides, len(ranks) + 1)
            if plan.hit_policy is HitPolicy.PRIORITY
            else 0,
        )
        for index, rule in enumerate(plan.rules)
    )
    return BoundPlan(
        plan=plan,
        municipality=municipality,
        inputs=MappingProxyType(inputs),
        rules=rules,
        area_owners=MappingProxyType(area_owners(municipality)),
        ranks=MappingProxyType(ranks),
    )


def _bind_input(decl: PlanInput, municipality: Municipality) -> BoundInput:
    spec = municipality.attributes.get(decl.attribute)
    type_ = decl.type or (spec.type if spec is not None else None)
    kind = _KIND_OF_TYPE.get(type_, InputKind.UNSUPPORTED) if type_ else InputKind.UNSUPPORTED
    if decl.choices:
        choices = tuple(c.id for c in decl.choices)
    elif spec is not None and type_ is AttributeType.CHOICE:
        choices = spec.choices
    else:
        choices = ()
    labels: dict[Any, tuple[str, str | None]] = {
        c.id: (c.title, c.title_en) for c in decl.choices if c.title is not None
    }
    categories: dict[Any, LegalCategory] = {}
    if kind is InputKind.CATEGORICAL:
        for value in choices:
            if value in WELL_KNOWN_MATTERS:
                categories[value] = WELL_KNOWN_MATTERS[value]
        categories.update({c.id: c.legal_category for c in decl.choices if c.legal_category})
    if kind is InputKind.BOOLEAN:
        labels = {True: ("ja", "yes"), False: ("nej", "no")}
        if decl.legal_category is not None:
            categories[True] = decl.legal_category
    title = decl.title or (spec.title if spec is not None else decl.id)
    bound = BoundInput(decl, type_, kind, title, choices, labels, categories)
    try:
        default = bound.coerce(decl.default)
    except CaseworkError:
        default = None  # the checks report a default that does not fit
    return BoundInput(decl, type_, kind, title, choices, labels, categories, default)


def _bind_condition(condition: Condition, inputs: Mapping[str, BoundInput]) -> BoundCondition:
    bound = inputs.get(condition.input)
    problem = _shape_problem(bound, condition)
    if bound is None or problem is not None:
        return BoundCondition(condition, None, problem)
    value = condition.value
    items = value if isinstance(value, tuple) else (value,)
    fitted = [_fit(bound.kind, item) for item in items]
    if any(item is None for item in fitted):
        return BoundCondition(condition, None, "delegation.check.value_type")
    if condition.op in _SET_OPS:
        return BoundCondition(condition, frozenset(fitted))
    return BoundCondition(condition, fitted[0])


def _shape_problem(bound: BoundInput | None, condition: Condition) -> str | None:
    """The message key of the first thing wrong with a condition's shape, or None."""
    if bound is None:
        return "delegation.check.unknown_input"
    kind, op, value = bound.kind, condition.op, condition.value
    is_set = op in _SET_OPS
    failures = (
        (kind is InputKind.UNSUPPORTED, "delegation.check.input_unusable"),
        (op not in CONDITION_OPS, "delegation.check.bad_op"),
        (op in _ORDER_OPS and kind is not InputKind.NUMERIC, "delegation.check.range_needs_number"),
        (is_set and kind is InputKind.NUMERIC, "delegation.check.set_on_number"),
        (is_set != isinstance(value, tuple) or value == (), "delegation.check.bad_value_shape"),
    )
    return next((key for failed, key in failures if failed), None)


def _fit(kind: InputKind, item: Any) -> Any:
    # Strict: a plan says `principiel: true`, not "ja"; a threshold is a number, not text.
    if kind is InputKind.BOOLEAN:
        return item if isinstance(item, bool) else None
    if kind is InputKind.CATEGORICAL:
        return item if isinstance(item, str) else None
    if isinstance(item, bool) or not isinstance(item, int | Decimal | float):
        return None
    try:
        return to_number(item)
    except (ValueError, ArithmeticError):
        return None


def area_owners(municipality: Municipality) -> dict[str, tuple[str, ...]]:
    """The deciding committees that own each policy area (task committees never do)."""
    owners: dict[str, list[str]] = {}
    for body in municipality.bodies.values():
        if body.advisory or body.kind not in {BodyKind.STANDING, BodyKind.FINANCE}:
            continue
        for area in body.policy_areas:
            owners.setdefault(area, []).append(body.id)
    return {area: tuple(ids) for area, ids in owners.items()}


def _body_of_kind(municipality: Municipality, kind: BodyKind) -> str | None:
    ids = [b.id for b in municipality.bodies.values() if b.kind is kind]
    return ids[0] if len(ids) == 1 else None


def resolve_ref(ref: str, municipality: Municipality, area: Any, bound: BoundPlan) -> str | None:
    """The body id (or ``administration``) a reference names for a case in ``area``."""
    if ref == ADMINISTRATION:
        return ADMINISTRATION
    if ref == FAGUDVALG:
        owners = bound.area_owners.get(area, ()) if isinstance(area, str) else ()
        return owners[0] if len(owners) == 1 else None
    if ref == KOMMUNALBESTYRELSE:
        return _body_of_kind(municipality, BodyKind.COUNCIL)
    if ref == OEKONOMIUDVALG:
        return _body_of_kind(municipality, BodyKind.FINANCE)
    return ref if ref in municipality.bodies else None


def _ranks(plan: DelegationPlan, municipality: Municipality) -> dict[str, int]:
    ranks = {ref: i for i, ref in enumerate(plan.priority)}
    # A ranking written with placeholders also ranks the literal bodies they stand for, so
    # `tmu` ranks where `$fagudvalg` does.
    by_kind = {
        BodyKind.COUNCIL: KOMMUNALBESTYRELSE,
        BodyKind.FINANCE: OEKONOMIUDVALG,
        BodyKind.STANDING: FAGUDVALG,
    }
    for body in municipality.bodies.values():
        stand_in = by_kind.get(body.kind)
        if body.id not in ranks and stand_in in ranks:
            ranks[body.id] = ranks[stand_in]
    return ranks


# --------------------------------------------------------------------------- evaluation
class Problem(StrEnum):
    """Why an evaluation has no deciding body."""

    OVERLAP = "overlap"
    NO_RULE = "no_rule"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of one evaluation, without the trace: what both evaluators produce."""

    decider: str | None
    route: Route
    rule: str | None  # the winning rule; None for the default outcome or a problem
    matched: tuple[str, ...]
    problem: Problem | None = None
    dropped: tuple[str, ...] = ()  # references that could not be resolved and were left out

    @property
    def label(self) -> str:
        """The decider, or the problem in angle brackets, for tables and matrices."""
        return self.decider if self.decider is not None else f"<{self.problem}>"


def choose(bound: BoundPlan, hits: Sequence[BoundRule]) -> BoundRule | Problem | None:
    """The winning rule among ``hits`` (row order) under the plan's hit policy.

    None means no rule matched (the default applies); :attr:`Problem.OVERLAP` that ``unique``
    is violated.
    """
    if not hits:
        return None
    policy = bound.plan.hit_policy
    if policy is HitPolicy.UNIQUE:
        return hits[0] if len(hits) == 1 else Problem.OVERLAP
    if policy is HitPolicy.FIRST:
        return hits[0]
    return min(hits, key=lambda r: (r.rank, r.index))


def resolve_outcome(
    bound: BoundPlan, outcome: Outcome, area: Any
) -> tuple[str | None, Route, tuple[str, ...]]:
    """The deciding body, the route and the references left out, for a case in ``area``.

    The route lists the recommending bodies in order, then the discussing ones, then the
    deciding body, then the informed ones. A body named twice (``$fagudvalg`` resolving to ØU,
    which also recommends) appears once, in its first and strongest part; a recommending,
    discussing or informed placeholder that does not resolve is left out and reported in the
    trace.
    """
    municipality = bound.municipality
    decider = resolve_ref(outcome.decides, municipality, area, bound)
    seen = {decider} if decider is not None else set()
    dropped: list[str] = []
    before: list[RouteEntry] = []
    after: list[RouteEntry] = []
    for refs, role, target in (
        (outcome.recommends, RouteRole.RECOMMENDS, before),
        (outcome.discusses, RouteRole.DISCUSSES, before),
        (outcome.informed, RouteRole.INFORMED, after),
    ):
        for ref in refs:
            body = resolve_ref(ref, municipality, area, bound)
            if body is None:
                dropped.append(ref)
            elif body not in seen and body != ADMINISTRATION:
                seen.add(body)
                target.append(RouteEntry(body, role))
    middle = (
        [RouteEntry(decider, RouteRole.DECIDES)]
        if decider is not None and decider != ADMINISTRATION
        else []
    )
    return decider, (*before, *middle, *after), tuple(dropped)


def evaluate(bound: BoundPlan, values: Mapping[str, Any]) -> Resolution:
    """The plain reference evaluator: every condition of every rule, in row order.

    ``values`` maps input ids to coerced values (None: absent; defaults already applied, as
    :func:`case_values` gives them). The compiled evaluator must agree with this one on every
    plan and case; that is a property test.
    """
    hits = [
        r for r in bound.rules if all(c.holds(values.get(c.condition.input)) for c in r.conditions)
    ]
    winner = choose(bound, hits)
    matched = tuple(r.id for r in hits)
    return make_resolution(bound, winner, matched, values.get(bound.plan.policy_area_input))


def make_resolution(
    bound: BoundPlan, winner: BoundRule | Problem | None, matched: tuple[str, ...], area: Any
) -> Resolution:
    """The resolution once the winning rule is known (both evaluators share this step)."""
    if winner is Problem.OVERLAP:
        return Resolution(None, (), None, matched, Problem.OVERLAP)
    if isinstance(winner, Problem):  # pragma: no cover - choose() returns no other problem
        raise AssertionError(winner)
    if winner is None and bound.plan.default is None:
        return Resolution(None, (), None, matched, Problem.NO_RULE)
    outcome = bound.plan.default if winner is None else winner.rule.outcome
    assert outcome is not None  # the default exists when no rule won
    decider, route, dropped = resolve_outcome(bound, outcome, area)
    rule_id = None if winner is None else winner.id
    if decider is None:
        return Resolution(None, (), rule_id, matched, Problem.UNRESOLVED, dropped)
    return Resolution(decider, route, rule_id, matched, None, dropped)
