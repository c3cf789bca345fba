"""The input space of a delegation plan, cut into cells: shared by the fast evaluator and checks.

Each input becomes an :class:`Axis` of finitely many *cells* such that every rule either
accepts a whole cell or none of it. A categorical input has one cell per value (declared or
named in a condition), one for any other value and one for "absent". A numeric input is cut at
every bound a condition names (``beløb ≥ 5 mio.`` cuts before 5,000,000; ``> 5 mio.`` after it),
so its cells are the points and intervals between cuts. A rule is then a box: one set of cells
per axis, kept as an integer bitset, and a case is a tuple of cells — a key in a mixed radix.

The fast evaluator memoises decisions per key; the checks search boxes for overlaps, gaps and
shadowed rules (Calvanese et al., *Semantics and Analysis of DMN Decision Tables*, 2016).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import add, mul
from typing import Any

from casework.domain.delegation_eval import BoundCondition, BoundInput, BoundPlan, InputKind
from casework.domain.delegation_plan import Number
from casework.domain.organisation import AttributeType

Cut = tuple[Number, bool]  # (value, after): after=False cuts just below the value


def bits(mask: int) -> Iterator[int]:
    """The indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


@dataclass(frozen=True, slots=True, eq=False)
class Axis:
    """One input (or, for a what-if, one attribute) as a finite list of cells.

    Build axes with :func:`categorical_axis` and :func:`numeric_axis`, which fill the lookup
    fields (``lut``, ``before``, ``after``) from ``values`` and ``cuts``.
    """

    attribute: str
    kind: InputKind
    values: tuple[Any, ...]  # categorical and boolean: the value of each value cell
    cuts: tuple[Cut, ...]  # numeric: sorted cuts
    size: int
    absent_cell: int
    other_cell: int | None  # categorical: the cell of every value not in ``values``
    default_cell: int | None  # where an absent value goes; None: to ``absent_cell``
    domain: int  # bitset of the cells a valid case can fall in
    integer: bool = False
    lut: Mapping[Any, int] = field(default_factory=dict)  # categorical: value -> cell
    before: tuple[Number, ...] = ()  # numeric: values of the cuts just below a value
    after: tuple[Number, ...] = ()  # numeric: values of the cuts just above a value

    # -- cells ---------------------------------------------------------------------------
    def cell_of(self, value: Any) -> int:
        """The cell of one value (None: absent, or the default's cell)."""
        if value is None:
            return self.absent_cell if self.default_cell is None else self.default_cell
        if self.kind is InputKind.NUMERIC:
            return bisect_right(self.before, value) + bisect_left(self.after, value)
        try:
            return self.lut.get(value, self._other())
        except TypeError:  # an unhashable value in the case data is just "another value"
            return self._other()

    def _other(self) -> int:
        return self.other_cell if self.other_cell is not None else self.absent_cell

    def representative(self, cell: int) -> Any:
        """A value in ``cell`` (None for the absent cell), as plain as possible."""
        if cell == self.absent_cell:
            return None
        if self.kind is not InputKind.NUMERIC:
            if cell == self.other_cell:
                return _fresh_text(self.values)
            return self.values[cell]
        lower = self.cuts[cell - 1] if cell > 0 else None
        upper = self.cuts[cell] if cell < len(self.cuts) else None
        return _number_in(lower, upper, self.integer)

    # -- conditions ----------------------------------------------------------------------
    def accepted(self, conditions: Sequence[BoundCondition]) -> int:
        """The cells where every one of ``conditions`` (all on this axis) holds.

        No condition: every cell, the absent one included (the rule does not care).
        """
        mask = (1 << self.size) - 1
        for condition in conditions:
            mask &= self._accepted_by(condition) if condition.problem is None else 0
        return mask

    def _accepted_by(self, condition: BoundCondition) -> int:
        op, value = condition.condition.op, condition.value
        if self.kind is InputKind.NUMERIC:
            return self._range(op, value)
        if op == "eq":
            return 1 << self.cell_of(value)
        chosen = 0
        for item in value:
            chosen |= 1 << self.cell_of(item)
        if op == "in":
            return chosen
        present = (1 << len(self.values)) - 1
        if self.other_cell is not None:
            present |= 1 << self.other_cell
        return present & ~chosen  # not_in: every present value but these

    def _range(self, op: str, value: Number) -> int:
        # A cell's index counts the cuts below it, so "above the cut at index k" is k+1 … n.
        index = {cut: i for i, cut in enumerate(self.cuts)}
        n = len(self.cuts)
        if op in {"ge", "gt"}:
            return _cells(index[(value, op == "gt")] + 1, n)
        if op in {"lt", "le"}:
            return _cells(0, index[(value, op == "le")])
        return 1 << (index[(value, False)] + 1)  # eq: the point cell between its two cuts

    # -- columns -------------------------------------------------------------------------
    def codes(self, column: Sequence[Any] | None, stride: int, rows: int) -> Iterator[int]:
        """``cell * stride`` for every value of ``column`` (None: the attribute is absent).

        Lazy and built from C-level ``map``s, so a column of millions is walked at C speed;
        a numeric cell is one or two ``bisect`` calls on the cut values.
        """
        if column is None:
            return repeat(self.cell_of(None) * stride, rows)
        if self.kind is not InputKind.NUMERIC:
            lut = {v: cell * stride for v, cell in self.lut.items()}
            lut[None] = self.cell_of(None) * stride
            return map(lut.get, column, repeat(self._other() * stride))
        if None in column:
            if self.default_cell is None:  # absent has a cell of its own: per value, slower
                return map(mul, map(self.cell_of, column), repeat(stride))
            # Any value of the default's cell lands in the same cell as the default.
            fill = self.representative(self.default_cell)
            column = [fill if v is None else v for v in column]
        cells: Iterator[int]
        if not self.after:
            cells = map(bisect_right, repeat(self.before), column)
        elif not self.before:
            cells = map(bisect_left, repeat(self.after), column)
        else:
            cells = map(
                add,
                map(bisect_right, repeat(self.before), column),
                map(bisect_left, repeat(self.after), column),
            )
        return cells if stride == 1 else map(mul, cells, repeat(stride))


def _cells(first: int, last: int) -> int:
    if last < first:
        return 0
    return ((1 << (last - first + 1)) - 1) << first


def _fresh_text(values: tuple[Any, ...]) -> str:
    candidate, n = "anden", 1
    while candidate in values:
        n += 1
        candidate = f"anden{n}"
    return candidate


def _number_in(lower: Cut | None, upper: Cut | None, integer: bool) -> Number | None:
    """A plain number between two cuts (None when there is none, e.g. (4, 5) in integers).

    The bound itself is preferred ("beløb = 5000000" reads better than a midpoint), then the
    next whole number, then the midpoint; 0 where nothing bounds the cell from below.
    """

    def inside(x: Number) -> bool:
        if integer and x != int(x):
            return False
        if lower is not None and (x < lower[0] or (lower[1] and x == lower[0])):
            return False
        return not (upper is not None and (x > upper[0] or (not upper[1] and x == upper[0])))

    candidates: list[Number] = []
    if lower is None and (upper is None or upper[0] > 0):
        candidates.append(0)
    if lower is not None:
        candidates += [lower[0], _floor(lower[0]) + 1]
        if upper is not None:
            candidates.append(_normal((Decimal(lower[0]) + Decimal(upper[0])) / 2))
    if upper is not None:
        candidates += [upper[0], _floor(upper[0]), _floor(upper[0]) - 1]
    for candidate in candidates:
        if inside(candidate):
            return _normal(candidate)
    return None


def _floor(x: Number) -> int:
    return x if isinstance(x, int) else int(x.to_integral_value(rounding="ROUND_FLOOR"))


def _normal(x: Number) -> Number:
    if isinstance(x, Decimal) and x == x.to_integral_value():
        return int(x)
    return x


# --------------------------------------------------------------------------- building axes
def build_axis(
    bound_input: BoundInput,
    conditions: Sequence[BoundCondition],
    *,
    extra_values: Sequence[Any] = (),
) -> Axis:
    """The axis of ``bound_input`` cut by ``conditions`` (the conditions on it).

    A closed input (declared choices, booleans) has only its declared values in the domain;
    values named only by a condition or in ``extra_values`` get cells so that evaluation is
    exact, but the checks do not search them.
    """
    valid = [c for c in conditions if c.problem is None]
    decl = bound_input.decl
    default = bound_input.default
    if bound_input.kind is InputKind.NUMERIC:
        cuts = cuts_of(valid)
        if decl.minimum is not None:
            cuts.add((decl.minimum, False))
        if decl.maximum is not None:
            cuts.add((decl.maximum, True))
        return numeric_axis(
            decl.attribute,
            cuts,
            default=default,
            required=decl.required,
            integer=bound_input.type is AttributeType.INTEGER,
            minimum=decl.minimum,
            maximum=decl.maximum,
        )
    declared = (False, True) if bound_input.kind is InputKind.BOOLEAN else bound_input.choices
    values: dict[Any, None] = dict.fromkeys(declared)
    for condition in valid:
        items = condition.value if isinstance(condition.value, frozenset) else [condition.value]
        values.update(dict.fromkeys(sorted(items, key=str)))
    values.update(dict.fromkeys(extra_values))
    return categorical_axis(
        decl.attribute,
        bound_input.kind,
        tuple(values),
        default=default,
        required=decl.required,
        valid=len(declared) if bound_input.closed else None,
    )


def cuts_of(conditions: Sequence[BoundCondition]) -> set[Cut]:
    """The cuts numeric ``conditions`` make: ``≥ b``/``< b`` below b, ``> b``/``≤ b`` above."""
    cuts: set[Cut] = set()
    for condition in conditions:
        op, value = condition.condition.op, condition.value
        if op in {"ge", "lt"}:
            cuts.add((value, False))
        elif op in {"gt", "le"}:
            cuts.add((value, True))
        elif op == "eq":
            cuts |= {(value, False), (value, True)}
    return cuts


def categorical_axis(
    attribute: str,
    kind: InputKind,
    values: tuple[Any, ...],
    *,
    default: Any = None,
    required: bool = False,
    valid: int | None = None,
) -> Axis:
    """An axis with one cell per value, then "any other value", then "absent".

    ``valid``: only the first ``valid`` values are valid (a closed input), so the other values
    and "any other value" lie outside the domain the checks search; None: every value is.
    """
    other, absent = len(values), len(values) + 1
    lut = {value: cell for cell, value in enumerate(values)}
    domain = (1 << (len(values) if valid is None else valid)) - 1
    if valid is None:
        domain |= 1 << other
    default_cell = None
    if default is not None:
        default_cell = lut.get(default, other)
    elif not required:
        domain |= 1 << absent
    return Axis(
        attribute, kind, values, (), len(values) + 2, absent, other, default_cell, domain, lut=lut
    )


def numeric_axis(
    attribute: str,
    cuts: Iterable[Cut],
    *,
    default: Any = None,
    required: bool = False,
    integer: bool = False,
    minimum: Number | None = None,
    maximum: Number | None = None,
) -> Axis:
    """An axis with a cell between every two cuts, then "absent"."""
    ordered = tuple(sorted(set(cuts)))
    n = len(ordered)
    shape: dict[str, Any] = {
        "integer": integer,
        "before": tuple(v for v, after in ordered if not after),
        "after": tuple(v for v, after in ordered if after),
    }
    probe = Axis(attribute, InputKind.NUMERIC, (), ordered, n + 2, n + 1, None, None, 0, **shape)
    domain = 0
    for cell in range(n + 1):
        value = probe.representative(cell)
        if value is None:
            continue  # no number fits, e.g. between 4 and 5 for an integer input
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            continue
        domain |= 1 << cell
    default_cell = probe.cell_of(default) if default is not None else None
    if default_cell is None and not required:
        domain |= 1 << (n + 1)
    return Axis(
        attribute, InputKind.NUMERIC, (), ordered, n + 2, n + 1, None, default_cell, domain, **shape
    )


# --------------------------------------------------------------------------- the plan's space
@dataclass(frozen=True, slots=True, eq=False)
class PlanSpace:
    """A bound plan as boxes over axes: ``accept[rule][axis]`` and ``rules_at[axis][cell]``."""

    bound: BoundPlan
    input_ids: tuple[str, ...]
    axes: tuple[Axis, ...]
    strides: tuple[int, ...]
    accept: tuple[tuple[int, ...], ...]
    rules_at: tuple[tuple[int, ...], ...]
    all_rules: int
    order: tuple[int, ...]  # axes by how many rules constrain them, most first

    @property
    def cells(self) -> int:
        """How many keys the space has (the product of the axis sizes)."""
        return self.strides[-1] * self.axes[-1].size if self.axes else 1

    def key_of(self, values: Mapping[str, Any]) -> int:
        """The key of a case given as input values (None or missing: absent)."""
        key = 0
        for input_id, axis, stride in zip(self.input_ids, self.axes, self.strides, strict=True):
            key += axis.cell_of(values.get(input_id)) * stride
        return key

    def decode(self, key: int) -> list[int]:
        """The cell of every axis in ``key``."""
        cells = []
        for axis in self.axes:
            key, cell = divmod(key, axis.size)
            cells.append(cell)
        return cells

    def example(self, box: Sequence[int]) -> dict[str, Any]:
        """A concrete case in ``box`` (a cell bitset per axis), as input values."""
        values: dict[str, Any] = {}
        for input_id, axis, cells in zip(self.input_ids, self.axes, box, strict=True):
            cell = next(bits(cells & axis.domain or cells), axis.absent_cell)
            values[input_id] = axis.representative(cell)
        return values

    def box_of(self, rule_index: int) -> list[int]:
        """The rule's cells on every axis, limited to the domain."""
        return [a & axis.domain for a, axis in zip(self.accept[rule_index], self.axes, strict=True)]

    def domain_box(self) -> list[int]:
        """Every valid case."""
        return [axis.domain for axis in self.axes]


def plan_space(bound: BoundPlan) -> PlanSpace:
    """The space of ``bound``: one axis per input, one box per rule."""
    by_input: dict[str, list[BoundCondition]] = {i: [] for i in bound.inputs}
    for rule in bound.rules:
        for condition in rule.conditions:
            if condition.condition.input in by_input:
                by_input[condition.condition.input].append(condition)
    input_ids = tuple(bound.inputs)
    # The policy-area axis knows every owned area, so the fast evaluator can resolve
    # $fagudvalg for an area no condition names.
    areas = tuple(sorted(bound.area_owners))
    axes = tuple(
        build_axis(
            bound.inputs[i],
            by_input[i],
            extra_values=areas if i == bound.plan.policy_area_input else (),
        )
        for i in input_ids
    )
    strides, stride = [], 1
    for axis in axes:
        strides.append(stride)
        stride *= axis.size
    accept: list[tuple[int, ...]] = []
    for rule in bound.rules:
        alive = all(c.problem is None for c in rule.conditions)
        cells = []
        for input_id, axis in zip(input_ids, axes, strict=True):
            mine = [c for c in rule.conditions if c.condition.input == input_id]
            cells.append(axis.accepted(mine) if alive else 0)
        accept.append(tuple(cells))
    rules_at: list[tuple[int, ...]] = []
    for a, axis in enumerate(axes):
        per_cell = [0] * axis.size
        for r, row in enumerate(accept):
            for cell in bits(row[a]):
                per_cell[cell] |= 1 << r
        rules_at.append(tuple(per_cell))
    full = [(1 << axis.size) - 1 for axis in axes]
    constrained = [sum(1 for row in accept if row[a] != full[a]) for a in range(len(axes))]
    order = tuple(sorted(range(len(axes)), key=lambda a: -constrained[a]))
    return PlanSpace(
        bound,
        input_ids,
        axes,
        tuple(strides),
        tuple(accept),
        tuple(rules_at),
        (1 << len(bound.rules)) - 1,
        order,
    )


def uncovered(
    space: PlanSpace, box: Sequence[int], covering: int, limit: int = 1
) -> list[list[int]]:
    """Up to ``limit`` sub-boxes of ``box`` that no rule in ``covering`` accepts.

    A depth-first split: at each axis the cells still in play are grouped by which of the
    remaining rules accept them, so a branch ends as soon as no rule is left (a gap) or every
    axis is fixed (covered). Axes that many rules constrain come first, which keeps the
    branching low for the usual "matter type first" tables.
    """
    if any(cells == 0 for cells in box):
        return []
    order = space.order
    found: list[list[int]] = []

    def walk(depth: int, alive: int, chosen: list[int]) -> None:
        if not alive:
            found.append(chosen.copy())
            return
        if depth == len(order):
            return
        axis = order[depth]
        groups: dict[int, int] = {}
        for cell in bits(chosen[axis]):
            signature = space.rules_at[axis][cell] & alive
            groups[signature] = groups.get(signature, 0) | 1 << cell
        previous = chosen[axis]
        for signature, cells in groups.items():
            chosen[axis] = cells
            walk(depth + 1, signature, chosen)
            if len(found) >= limit:
                break
        chosen[axis] = previous

    walk(0, covering, list(box))
    return found
