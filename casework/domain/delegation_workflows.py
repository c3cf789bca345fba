"""Which workflow a new case follows: the delegation plan's workflow table (``workflows:``).

The plan that decides who decides a case also says which workflow it follows, from the case's
attributes: a local plan (sagstype ``lokalplan``) gets the local-plan workflow with its two
council passes and the public hearing, a member's proposal the member's-proposal workflow, and
so on. The table reads one input (``sagstype`` by default):

1. the row for the case's value of that input, when there is one;
2. else ``administration`` when the plan delegates the matter to the administration;
3. else ``default``.

:func:`choose_workflow` gives the workflow and why, for ``case new`` and ``delegation
explain``; :func:`check_workflow_table` gives ``delegation check``'s findings: a workflow that
does not exist (CW640), a case type with no workflow (CW641), a workflow whose routes do not fit
the plan's decision for that case type (CW642) and a row for a value the input does not have
(CW643). Pure: the workflows are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from casework.domain.delegation_plan import ADMINISTRATION, DelegationPlan, Outcome, WorkflowTable
from casework.domain.errors import Finding, Location, did_you_mean
from casework.domain.messages import Msg, register
from casework.domain.workflow import WorkflowDefinition

Locate = Callable[[str], Location | None]

register({
    "delegation.workflow.by_value": (
        "Arbejdsgang: {workflow} ({input} = {value})",
        "Workflow: {workflow} ({input} = {value})",
    ),
    "delegation.workflow.administration": (
        "Arbejdsgang: {workflow} (forvaltningen træffer afgørelsen)",
        "Workflow: {workflow} (the administration decides)",
    ),
    "delegation.workflow.default": (
        "Arbejdsgang: {workflow} (planens standard)",
        "Workflow: {workflow} (the plan's default)",
    ),
    "delegation.check.workflow_unknown": (
        "arbejdsgangstabellen nævner arbejdsgangen '{workflow}', som ikke findes i workflows/",
        "the workflow table names the workflow '{workflow}', which is not in workflows/",
    ),
    "delegation.check.workflow_missing": (
        "{input} '{value}' har ingen arbejdsgang: tilføj en række under workflows.by_value "
        "eller en 'default'",
        "{input} '{value}' has no workflow: add a row under workflows.by_value or a 'default'",
    ),
    "delegation.check.workflow_misfit": (
        "{input} '{value}' får arbejdsgangen '{workflow}', men {rule} lader {decider} træffe "
        "afgørelsen, og arbejdsgangen {policy}",
        "{input} '{value}' gets the workflow '{workflow}', but {rule} has {decider} decide, "
        "and the workflow {policy}",
    ),
    "delegation.check.workflow_policy.required": (
        "kræver et besluttende organ",
        "requires a deciding body",
    ),
    "delegation.check.workflow_policy.forbidden": (
        "tillader intet besluttende organ",
        "allows no deciding body",
    ),
    "delegation.check.workflow_value_unknown": (
        "arbejdsgangstabellen har en række for {input} '{value}', som ikke er en af inputtets "
        "værdier",
        "the workflow table has a row for {input} '{value}', which is not one of the input's "
        "values",
    ),
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class WorkflowChoice:
    """The workflow a case follows, and why (a message to render in the reader's language)."""

    workflow: str
    why: Msg


def choose_workflow(
    table: WorkflowTable,
    values: Mapping[str, Any],
    by_administration: bool,
    titles: Mapping[str, str] | None = None,
) -> WorkflowChoice | None:
    """The workflow for a case with the plan's input ``values`` (None: the table has none).

    ``titles`` gives the workflows' titles for the explanation (the id when absent).
    """
    titles = titles or {}
    value = values.get(table.input)
    key = str(value) if value is not None else None
    if key is not None and key in table.by_value:
        chosen = table.by_value[key]
        why = Msg("delegation.workflow.by_value", workflow=titles.get(chosen, chosen),
                  input=table.input, value=key)  # fmt: skip
        return WorkflowChoice(chosen, why)
    if by_administration and table.administration is not None:
        chosen = table.administration
        why = Msg("delegation.workflow.administration", workflow=titles.get(chosen, chosen))
        return WorkflowChoice(chosen, why)
    if table.default is not None:
        chosen = table.default
        return WorkflowChoice(
            chosen, Msg("delegation.workflow.default", workflow=titles.get(chosen, chosen))
        )
    return None


def check_workflow_table(
    plan: DelegationPlan, workflows: Mapping[str, WorkflowDefinition], locate: Locate
) -> list[Finding]:
    """Every finding about ``plan``'s workflow table against the configured ``workflows``."""
    table = plan.workflows
    if table is None:
        return []
    return [
        *_unknown_workflows(table, workflows, locate),
        *_unknown_values(plan, table, locate),
        *_values_without_workflow(plan, table, locate),
        *_misfits(plan, table, workflows, locate),
    ]


def _named(table: WorkflowTable) -> Iterator[tuple[str, str]]:
    for value, workflow in table.by_value.items():
        yield f"workflows.by_value.{value}", workflow
    if table.administration is not None:
        yield "workflows.administration", table.administration
    if table.default is not None:
        yield "workflows.default", table.default


def _unknown_workflows(
    table: WorkflowTable, workflows: Mapping[str, WorkflowDefinition], locate: Locate
) -> Iterator[Finding]:
    for path, workflow in _named(table):
        if workflow not in workflows:
            yield Finding("CW640", "delegation.check.workflow_unknown", {"workflow": workflow},
                          locate(path), did_you_mean(workflow, workflows))  # fmt: skip


def _input_values(plan: DelegationPlan, table: WorkflowTable) -> tuple[str, ...]:
    found = next((i for i in plan.inputs if i.id == table.input), None)
    return tuple(c.id for c in found.choices) if found is not None else ()


def _unknown_values(
    plan: DelegationPlan, table: WorkflowTable, locate: Locate
) -> Iterator[Finding]:
    values = _input_values(plan, table)
    for value in table.by_value:
        if values and value not in values:
            yield Finding("CW643", "delegation.check.workflow_value_unknown",
                          {"input": table.input, "value": value},
                          locate(f"workflows.by_value.{value}"),
                          did_you_mean(value, values))  # fmt: skip


def _values_without_workflow(
    plan: DelegationPlan, table: WorkflowTable, locate: Locate
) -> Iterator[Finding]:
    if table.default is not None:
        return
    for value in _input_values(plan, table):
        if value in table.by_value:
            continue
        outcomes = _outcomes_for(plan, table, value)
        delegated = bool(outcomes) and all(o.decides == ADMINISTRATION for _, o in outcomes)
        if delegated and table.administration is not None:
            continue
        yield Finding("CW641", "delegation.check.workflow_missing",
                      {"input": table.input, "value": value}, locate("workflows"))  # fmt: skip


def _outcomes_for(
    plan: DelegationPlan, table: WorkflowTable, value: str
) -> list[tuple[str, Outcome]]:
    """The rules that can apply to a case with ``value`` (those with no condition on the
    input, or an equality/membership that admits it), and the default."""
    found: list[tuple[str, Outcome]] = []
    for rule in plan.rules:
        conditions = [c for c in rule.when if c.input == table.input]
        if all(_admits(c.op, c.value, value) for c in conditions):
            found.append((rule.id, rule.outcome))
    if plan.default is not None and not found:
        found.append(("default", plan.default))
    return found


def _admits(op: str, expected: Any, value: str) -> bool:
    if op == "eq":
        return str(expected) == value
    if op == "ne":
        return str(expected) != value
    if op == "in":
        return value in {str(v) for v in expected}
    if op == "not_in":
        return value not in {str(v) for v in expected}
    return True


def _misfits(
    plan: DelegationPlan,
    table: WorkflowTable,
    workflows: Mapping[str, WorkflowDefinition],
    locate: Locate,
) -> Iterator[Finding]:
    for value, workflow_id in table.by_value.items():
        definition = workflows.get(workflow_id)
        if definition is None:
            continue
        policy = definition.route_policy.decider
        for rule, outcome in _outcomes_for(plan, table, value):
            by_administration = outcome.decides == ADMINISTRATION
            if (policy == "required" and by_administration) or (
                policy == "forbidden" and not by_administration
            ):
                yield Finding(
                    "CW642", "delegation.check.workflow_misfit",
                    {"input": table.input, "value": value, "workflow": workflow_id,
                     "rule": rule, "decider": outcome.decides,
                     "policy": Msg(f"delegation.check.workflow_policy.{policy}")},
                    locate(f"workflows.by_value.{value}"),
                )  # fmt: skip
