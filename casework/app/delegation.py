"""Delegation plans as use cases: check them, explain a decision, compare two plans.

For ``casework delegation`` and the delegation-shift diagram: the plans are read straight from
``config/delegation/`` (drafts and files outside it too), decided by the domain, and compared
over a set of cases (a CSV or JSON file, or every case in the store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.adapters.config.delegation_loader import DelegationCheck
    from casework.app.core import App
    from casework.domain.delegation import Decision
    from casework.domain.delegation_compiled import WhatIf
    from casework.domain.delegation_plan import DelegationPlan
    from casework.domain.organisation import Municipality
    from casework.domain.recorded_decision import RecordedDecision

__all__ = [
    "Comparison",
    "DelegationCheck",
    "RecordedExplanation",
    "check",
    "compare",
    "explain",
    "find_plan",
    "recorded",
]


def check(config_dir: Path, municipality: Municipality) -> DelegationCheck:
    """Every plan in ``config_dir/delegation``, with every finding (errors and warnings)."""
    from casework.adapters.config.delegation_loader import check_delegation
    from casework.adapters.config.loader import load_configuration
    from casework.domain.errors import DefinitionError

    try:  # the workflow tables are checked against the workflows, when those load
        workflows = load_configuration(config_dir).workflows
    except DefinitionError:
        workflows = None
    return check_delegation(config_dir, municipality, workflows=workflows)


def find_plan(name: str, config_dir: Path, municipality: Municipality) -> DelegationPlan:
    """The plan a user names: a file, a file name in ``delegation/``, or ``id@version``."""
    from casework.adapters.config.delegation_loader import find_plan as find

    return find(name, config_dir, municipality)


def plan_in_force(config_dir: Path, municipality: Municipality, day: dt.date) -> DelegationPlan:
    """The adopted plan in force on ``day``."""
    from casework.adapters.config.delegation_loader import load_delegation_plans
    from casework.domain.delegation import plan_in_force as in_force

    return in_force(load_delegation_plans(config_dir, municipality), day)


@dataclass(frozen=True, slots=True)
class Explanation:
    """A decision and the plan it was taken under, ready to be explained in any language."""

    plan: DelegationPlan
    decision: Decision
    municipality: Municipality

    def lines(self, lang: str, *, every_rule: bool = False) -> list[str]:
        """The decision and its trace as lines of text."""
        from casework.domain.delegation import bound_plan
        from casework.domain.delegation_explain import explain as explain_lines

        bound = bound_plan(self.plan, self.municipality)
        lines = explain_lines(self.decision, bound, lang, every_rule=every_rule)
        return _with_workflow(
            lines, self.plan, self.decision.values, self.decision.by_administration, lang
        )


def explain(
    plan: DelegationPlan, attributes: Mapping[str, Any], municipality: Municipality
) -> Explanation:
    """Decide ``attributes`` under ``plan``."""
    from casework.domain.delegation import decide_with

    return Explanation(plan, decide_with(plan, dict(attributes), municipality), municipality)


@dataclass(frozen=True, slots=True)
class RecordedExplanation:
    """A stored case's decision as its history recorded it; the plan (if still there) only
    lends its words, so the explanation never depends on deciding again."""

    record: RecordedDecision
    plan: DelegationPlan | None
    municipality: Municipality

    def lines(self, lang: str, *, every_rule: bool = False) -> list[str]:
        """The recorded decision and its trace as lines of text."""
        from casework.domain.delegation_recorded import explain_recorded

        lines = explain_recorded(
            self.record, self.plan, self.municipality, lang, every_rule=every_rule
        )
        if self.plan is None:
            return lines
        by_administration = self.record.by_administration
        return _with_workflow(lines, self.plan, self.record.values, by_administration, lang)

    def as_json(self) -> dict[str, Any]:
        """The record in its stored JSON form (``Decision.as_json``'s keys)."""
        return self.record.to_data()


def _with_workflow(
    lines: list[str],
    plan: DelegationPlan,
    values: Mapping[str, Any],
    by_administration: bool,
    lang: str,
) -> list[str]:
    """``lines`` with the workflow the plan's table gives, after the route (issue 15, item 1):
    the plan explains which workflow a case follows as it explains its route."""
    from casework.domain.delegation_workflows import choose_workflow
    from casework.domain.messages import render

    if plan.workflows is None:
        return lines
    choice = choose_workflow(plan.workflows, values, by_administration)
    if choice is None:
        return lines
    text = render(choice.why.key, lang, **choice.why.params)
    route = next((i for i, line in enumerate(lines) if line.startswith(("Sagsgang:", "Route:"))),
                 None)  # fmt: skip
    at = route + 1 if route is not None else len(lines)
    return [*lines[:at], text, *lines[at:]]


def recorded(
    app: App, case_id: str, config_dir: Path, municipality: Municipality
) -> RecordedExplanation | None:
    """The delegation decision recorded for a stored case, or None when its route was given."""
    from casework.adapters.config.delegation_loader import load_delegation_plans
    from casework.domain.case import recorded_decision
    from casework.domain.delegation_recorded import recorded_plan

    _, events = app.case(case_id)
    record = recorded_decision(events)
    if record is None:
        return None
    plan = recorded_plan(record, load_delegation_plans(config_dir, municipality))
    return RecordedExplanation(record, plan, municipality)


def workflow_reason(app: App, case_id: str, lang: str) -> str | None:
    """Why a stored case follows its workflow, when the delegation plan's workflow table chose
    it (``case new`` says so); None when the route or the workflow was given."""
    from casework.domain.case import recorded_decision
    from casework.domain.delegation_recorded import recorded_plan
    from casework.domain.delegation_workflows import choose_workflow
    from casework.domain.messages import render

    case, events = app.case(case_id)
    record = recorded_decision(events)
    if record is None:
        return None
    plan = recorded_plan(record, app.config.delegation)
    if plan is None or plan.workflows is None:
        return None
    titles = {w.id: (w.title_en or w.title) if lang == "en" else w.title
              for w in app.config.workflows.values()}  # fmt: skip
    choice = choose_workflow(plan.workflows, record.values, record.by_administration, titles)
    if choice is None or choice.workflow != case.workflow_id:
        return None  # the workflow was given (--workflow)
    return render(choice.why.key, lang, **choice.why.params)


def stored_case(app: App, case_id: str) -> tuple[dict[str, Any], dt.date]:
    """A stored case's attributes and the day it was opened (which selects the plan)."""
    case, _ = app.case(case_id)
    return dict(case.attributes), dt.date.fromisoformat(case.opened_at[:10])


def case_rows(app: App | None, source: str) -> list[dict[str, Any]]:
    """The cases to compare over: a CSV or JSON file, or ``db`` for every case in the store."""
    if source != "db":
        from casework.adapters.config.delegation_loader import read_cases

        return read_cases(source)
    if app is None:
        raise ValueError("the cases 'db' need an app")
    from casework.services.ports import CaseQuery

    cases = app.cases(CaseQuery(status=None, limit=10_000_000))
    return [{"sag": c.id, "dato": c.opened_at[:10], **c.attributes} for c in cases]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two plans decided over the same cases."""

    a: DelegationPlan
    b: DelegationPlan
    rows: Sequence[dict[str, Any]]
    result: WhatIf


def compare(
    a: DelegationPlan,
    b: DelegationPlan,
    rows: Sequence[dict[str, Any]],
    municipality: Municipality,
    *,
    source: str,
    keep_changed: bool = True,
) -> Comparison:
    """Decide every case under both plans (one vectorised pass per plan)."""
    from casework.domain.delegation import bound_plan
    from casework.domain.delegation_compiled import CompiledPlan, case_columns, what_if

    compiled = [CompiledPlan(bound_plan(p, municipality)) for p in (a, b)]
    columns = case_columns(rows, [c.bound for c in compiled], source=source)
    result = what_if(compiled[0], compiled[1], columns, len(rows), keep_changed=keep_changed)
    return Comparison(a, b, rows, result)
