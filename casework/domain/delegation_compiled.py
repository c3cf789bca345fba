"""The compiled delegation evaluator: millions of decisions per second, and the what-if.

A plan is compiled once into its :class:`~casework.domain.delegation_space.PlanSpace`: every
input an axis of cells, every rule a bitset of accepted cells per axis, and per cell the bitset of
rules that accept it. A case is then a key (its cell on each axis in a mixed radix); the rules it
matches are the AND of one bitset per axis, and the hit policy is a lowest-set-bit away.
Decisions are memoised by key, because real case attributes repeat heavily: a year of cases has
a few thousand distinct keys.

In bulk the keys come from columns (one sequence of values per case attribute) through C-level
``map``/``bisect`` pipelines, so no Python code runs per case; only each distinct key is
evaluated in Python. :func:`what_if` runs two plans over the same columns with one joint key.

The plain evaluator (:func:`casework.domain.delegation_eval.evaluate`) is the reference: a
property test checks that this module agrees with it on random plans and cases.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import add
from typing import Any

from casework.domain.delegation import InvalidCases
from casework.domain.delegation_eval import (
    BoundInput,
    BoundPlan,
    BoundRule,
    InputKind,
    Problem,
    Resolution,
)
from casework.domain.delegation_eval import make_resolution as _make_resolution
from casework.domain.delegation_plan import HitPolicy
from casework.domain.delegation_space import (
    Axis,
    Cut,
    PlanSpace,
    bits,
    categorical_axis,
    numeric_axis,
    plan_space,
)
from casework.domain.errors import CaseworkError, InvalidAttribute, did_you_mean
from casework.domain.messages import Msg

Columns = Mapping[str, Sequence[Any]]

_INT64 = 2**63


class CompiledPlan:
    """A bound plan compiled for fast evaluation; decisions are memoised by key."""

    def __init__(self, bound: BoundPlan) -> None:
        self.bound = bound
        self.space: PlanSpace = plan_space(bound)
        self._memo: dict[int, Resolution] = {}
        ranks = sorted({r.rank for r in bound.rules})
        # Under "priority" the winner is the lowest row of the best rank that matched.
        self._rank_masks = [
            sum(1 << r.index for r in bound.rules if r.rank == rank) for rank in ranks
        ]
        area_input = bound.plan.policy_area_input
        self._area_axis = (
            self.space.input_ids.index(area_input) if area_input in self.space.input_ids else None
        )

    @property
    def distinct_keys(self) -> int:
        """How many distinct cases (keys) have been decided so far."""
        return len(self._memo)

    def decide_values(self, values: Mapping[str, Any]) -> Resolution:
        """The resolution for one case given as input values (None: absent)."""
        return self.resolve_key(self.space.key_of(values))

    def resolve_key(self, key: int) -> Resolution:
        """The resolution for a key, memoised."""
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._resolve(key)
        return hit

    def _resolve(self, key: int) -> Resolution:
        space = self.space
        cells = space.decode(key)
        mask = space.all_rules
        for rules_at, cell in zip(space.rules_at, cells, strict=True):
            mask &= rules_at[cell]
            if not mask:
                break
        rules = self.bound.rules
        matched = tuple(rules[i].id for i in bits(mask))
        area = None
        if self._area_axis is not None:
            axis = space.axes[self._area_axis]
            cell = cells[self._area_axis]
            # "Any other value" stands for an area no committee owns: every owned area has
            # a cell of its own (see plan_space).
            area = None if cell == axis.other_cell else axis.representative(cell)
        return _make_resolution(self.bound, self._winner(mask), matched, area)

    def _winner(self, mask: int) -> BoundRule | Problem | None:
        if not mask:
            return None
        policy = self.bound.plan.hit_policy
        if policy is HitPolicy.UNIQUE and mask & (mask - 1):
            return Problem.OVERLAP
        if policy is HitPolicy.PRIORITY:
            mask = next(mask & m for m in self._rank_masks if mask & m)
        return self.bound.rules[(mask & -mask).bit_length() - 1]

    # -- bulk ----------------------------------------------------------------------------
    def keys(self, columns: Columns, rows: int) -> Sequence[int]:
        """The key of every case; ``columns`` maps case attributes to one value per case."""
        return _keys(self.space.axes, self.space.strides, self.space.cells, columns, rows)

    def decide_columns(self, columns: Columns, rows: int) -> list[Resolution]:
        """The resolution of every case in ``columns`` (values coerced; None: absent)."""
        keys = self.keys(columns, rows)
        memo = self._memo
        for key in set(keys).difference(memo):
            memo[key] = self._resolve(key)
        return list(map(memo.__getitem__, keys))


def _keys(
    axes: Sequence[Axis], strides: Sequence[int], cells: int, columns: Columns, rows: int
) -> Sequence[int]:
    pipeline: Iterator[int] | None = None
    for axis, stride in zip(axes, strides, strict=True):
        codes = axis.codes(columns.get(axis.attribute), stride, rows)
        pipeline = codes if pipeline is None else map(add, pipeline, codes)
    if pipeline is None:
        return [0] * rows
    # An array of machine integers holds three million keys in 24 MB instead of ~100 MB.
    return array("q", pipeline) if cells < _INT64 else list(pipeline)


# --------------------------------------------------------------------------- what-if
@dataclass(frozen=True, slots=True)
class ChangedCase:
    """A case whose deciding body or route differs between the two plans."""

    row: int
    a: Resolution
    b: Resolution


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Two plans over the same cases: who decides under each, and what changes."""

    cases: int
    matrix: Mapping[tuple[str, str], int]  # (decider under A, decider under B) -> cases
    items_a: Mapping[str, int]  # agenda items per body under A (one per route entry)
    items_b: Mapping[str, int]
    decider_changed: int
    route_changed: int  # cases whose route changed, the deciding body included or not
    changed: tuple[ChangedCase, ...] = ()
    distinct_keys: int = 0


@dataclass(frozen=True, slots=True)
class BodyShift:
    """Agenda items a body gains (positive) or loses per year."""

    body: str
    items_a: float
    items_b: float

    @property
    def delta(self) -> float:
        """Items per year under B minus under A."""
        return self.items_b - self.items_a


@dataclass(frozen=True, slots=True)
class WhatIfSummary:
    """A what-if scaled to a year: shifts per body and the meeting time saved."""

    years: float
    minutes_per_item: float
    bodies: tuple[BodyShift, ...] = field(default_factory=tuple)

    @property
    def items_saved(self) -> float:
        """Agenda items per year fewer under B (negative: more)."""
        return -sum(b.delta for b in self.bodies)

    @property
    def minutes_saved(self) -> float:
        """Meeting minutes per year saved under B."""
        return self.items_saved * self.minutes_per_item


def summarise(result: WhatIf, years: float, minutes_per_item: float) -> WhatIfSummary:
    """``result`` per year over ``years`` of cases, at ``minutes_per_item`` per agenda item."""
    bodies = sorted(set(result.items_a) | set(result.items_b))
    shifts = tuple(
        BodyShift(b, result.items_a.get(b, 0) / years, result.items_b.get(b, 0) / years)
        for b in bodies
    )
    return WhatIfSummary(years, minutes_per_item, shifts)


def what_if(
    a: CompiledPlan, b: CompiledPlan, columns: Columns, rows: int, *, keep_changed: bool = True
) -> WhatIf:
    """Plans ``a`` and ``b`` over the cases in ``columns`` (coerced values; None: absent).

    Both plans read the same columns, so they share one joint key: the axes of both, merged per
    attribute (the union of values, the union of cuts). Each distinct joint key is decided once
    by each plan from a representative case.
    """
    joint = _joint_axes([a, b])
    strides, stride = [], 1
    for axis in joint:
        strides.append(stride)
        stride *= axis.size
    keys = _keys(joint, strides, stride, columns, rows)
    counts = Counter(keys)
    matrix: Counter[tuple[str, str]] = Counter()
    items_a: Counter[str] = Counter()
    items_b: Counter[str] = Counter()
    changed_keys: dict[int, tuple[Resolution, Resolution]] = {}
    decider_changed = 0
    for key, count in counts.items():
        reps = _representatives(joint, key)
        ra = a.decide_values(_values_for(a, reps))
        rb = b.decide_values(_values_for(b, reps))
        matrix[(ra.label, rb.label)] += count
        for entry in ra.route:
            items_a[entry.body] += count
        for entry in rb.route:
            items_b[entry.body] += count
        if (ra.label, ra.route) != (rb.label, rb.route):
            changed_keys[key] = (ra, rb)
            decider_changed += count if ra.label != rb.label else 0
    changed: tuple[ChangedCase, ...] = ()
    if keep_changed and changed_keys:
        rows_changed = compress(range(rows), map(changed_keys.__contains__, keys))
        changed = tuple(ChangedCase(i, *changed_keys[keys[i]]) for i in rows_changed)
    return WhatIf(
        cases=rows,
        matrix=dict(matrix),
        items_a=dict(items_a),
        items_b=dict(items_b),
        decider_changed=decider_changed,
        route_changed=sum(counts[k] for k in changed_keys),
        changed=changed,
        distinct_keys=len(counts),
    )


_AxisKey = tuple[str, str]  # (attribute, "numeric" or "categorical")


def _axis_key(attribute: str, kind: InputKind) -> _AxisKey:
    return (attribute, "numeric" if kind is InputKind.NUMERIC else "categorical")


def _joint_axes(plans: Sequence[CompiledPlan]) -> tuple[Axis, ...]:
    # One axis per attribute and kind: the union of the plans' values or cuts. No defaults and
    # no domain here; each plan applies its own default when it meets an absent value.
    values: dict[_AxisKey, dict[Any, None]] = {}
    cuts: dict[_AxisKey, set[Cut]] = {}
    kinds: dict[_AxisKey, InputKind] = {}
    for plan in plans:
        for axis in plan.space.axes:
            key = _axis_key(axis.attribute, axis.kind)
            kinds.setdefault(key, axis.kind)
            if axis.kind is InputKind.NUMERIC:
                cuts.setdefault(key, set()).update(axis.cuts)
            else:
                values.setdefault(key, {}).update(dict.fromkeys(axis.values))
    axes = []
    for key, kind in kinds.items():
        if kind is InputKind.NUMERIC:
            axes.append(numeric_axis(key[0], cuts[key]))
        else:
            axes.append(categorical_axis(key[0], kind, tuple(values[key])))
    return tuple(axes)


def _representatives(axes: Sequence[Axis], key: int) -> dict[_AxisKey, Any]:
    reps: dict[_AxisKey, Any] = {}
    for axis in axes:
        key, cell = divmod(key, axis.size)
        reps[_axis_key(axis.attribute, axis.kind)] = axis.representative(cell)
    return reps


def _values_for(plan: CompiledPlan, reps: Mapping[_AxisKey, Any]) -> dict[str, Any]:
    return {
        input_id: reps.get(_axis_key(axis.attribute, axis.kind))
        for input_id, axis in zip(plan.space.input_ids, plan.space.axes, strict=True)
    }


# --------------------------------------------------------------------------- case data
def case_columns(
    rows: Sequence[Mapping[str, Any]], plans: Sequence[BoundPlan], *, source: str = "cases"
) -> dict[str, list[Any]]:
    """The attributes the plans read, one coerced column each, from rows of raw values.

    Raises :class:`InvalidCases` naming the first few rows whose values do not fit (an
    unknown matter type in a what-if would otherwise silently land in "any other value").
    """
    readers: dict[str, BoundInput] = {}
    for bound in plans:
        for inp in bound.inputs.values():
            readers.setdefault(inp.decl.attribute, inp)
    columns: dict[str, list[Any]] = {name: [] for name in readers}
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        for name, inp in readers.items():
            try:
                value = _case_value(inp, row.get(name))
            except CaseworkError as exc:
                value = None
                if len(problems) < _MAX_PROBLEMS:
                    problems.append(f"{number}: {name}={row.get(name)!r} ({exc.message('en')})")
            columns[name].append(value)
    if problems:
        raise InvalidCases(file=source, detail="; ".join(problems))
    return columns


_MAX_PROBLEMS = 5


def _case_value(inp: BoundInput, raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    value = inp.coerce(raw)
    if inp.kind is InputKind.CATEGORICAL and inp.choices and value not in inp.choices:
        raise InvalidAttribute(
            attribute=inp.decl.attribute,
            detail=Msg("attribute.not_a_choice", choices=", ".join(inp.choices)),
            suggestion=did_you_mean(str(value), inp.choices),
        )
    return value
