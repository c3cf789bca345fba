"""The delegation shift: plan A's deciding bodies → plan B's, from the what-if matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_diagrams_mined import compare_golden  # tests/unit is on sys.path (rootdir-less tests)

from casework.diagrams.shift import Shift, shift_figure
from casework.domain.configuration import Configuration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example_shift(config: Configuration) -> Shift:
    """The 2026 plan against the 2027 draft over the example cases, as `delegation compare`."""
    from casework.adapters.config.delegation_loader import find_plan, read_cases
    from casework.domain.delegation import bound_plan
    from casework.domain.delegation_compiled import CompiledPlan, case_columns, what_if

    directory = ROOT / "config"
    municipality = config.municipality
    a = find_plan("eksempel-2026", directory, municipality)
    b = find_plan("eksempel-2027-udkast", directory, municipality)
    rows = read_cases(directory / "delegation" / "eksempel-sager.csv")
    compiled = [CompiledPlan(bound_plan(p, municipality)) for p in (a, b)]
    columns = case_columns(rows, [c.bound for c in compiled], source="eksempel-sager.csv")
    result = what_if(compiled[0], compiled[1], columns, len(rows), keep_changed=False)
    return Shift(a.title, b.title, result.matrix)


def test_moves_are_counted_both_ways(config: Configuration) -> None:
    shift = Shift("A", "B", {("kb", "kb"): 5, ("kb", "bpu"): 3, ("administration", "kb"): 1})
    figure = shift_figure(shift, config.municipality)
    assert "9 sager · 4 skifter besluttende organ" in figure.dot
    assert "→ BPU 3" in figure.dot and "→ KB" not in figure.dot.split("Forvaltningen")[0]
    assert "← KB 3" in figure.dot and "→ KB 1" in figure.dot
    # Council first, the administration last, in both columns.
    assert figure.dot.index("Kommunalbestyrelsen (KB)") < figure.dot.index("Forvaltningen")
    assert "plan_a:p0:e -> plan_b:p0:w" in figure.dot  # KB → KB


def test_problems_of_a_plan_are_bodies_of_their_own(config: Configuration) -> None:
    shift = Shift("A", "B", {("kb", "<no_rule>"): 2, ("kb", "kb"): 0})
    figure = shift_figure(shift, config.municipality, "en")
    assert "&lt;no_rule&gt;" in figure.dot and "2 cases" in figure.dot
    assert "0 cases" not in figure.dot  # empty cells are left out


def test_shift_matches_golden_files(config: Configuration, example_shift: Shift) -> None:
    figure = shift_figure(example_shift, config.municipality, "da")
    compare_golden("shift_eksempel_2026_2027_da", figure, "delegation-shift.png")
