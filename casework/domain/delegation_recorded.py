"""A recorded delegation decision explained from the record: nothing decides again to explain it.

The case's history keeps the plan's evaluation as a
:class:`~casework.domain.recorded_decision.RecordedDecision` (who decides, along which route, by
which rule, with the trace of every rule). :func:`explain_recorded` turns that record into the
same lines :func:`~casework.domain.delegation_explain.explain` gives for a fresh decision. The
plan, when it is still loaded under the recorded id and version, supplies only words: titles,
input names and labels, and the conditions of each rule; which rule matched, which conditions
failed and the case's values all come from the record. A plan that has left ``config/`` leaves
an explanation in the record's own terms (rule and input ids, raw values).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from casework.domain.delegation import ConditionCheck, Decision, RuleTrace, bound_plan
from casework.domain.delegation_eval import BoundPlan
from casework.domain.delegation_explain import body_name, explain, route_line
from casework.domain.delegation_plan import DelegationPlan
from casework.domain.errors import CaseworkError
from casework.domain.messages import register, render
from casework.domain.organisation import Municipality
from casework.domain.recorded_decision import RecordedDecision, TracedRule

__all__ = ["as_decision", "explain_recorded", "recorded_plan"]


def recorded_plan(
    record: RecordedDecision, plans: Iterable[DelegationPlan]
) -> DelegationPlan | None:
    """The loaded plan the record was made under (same id and version), if it is still there."""
    return next(
        (p for p in plans if (p.id, p.version) == (record.plan_id, record.plan_version)), None
    )


def explain_recorded(
    record: RecordedDecision,
    plan: DelegationPlan | None,
    municipality: Municipality,
    lang: str = "da",
    *,
    every_rule: bool = False,
    pointer: bool = True,
) -> list[str]:
    """The recorded decision as lines of text in ``lang``, as ``explain`` words a decision.

    Args:
        record: the decision as the case's history keeps it (``recorded_decision(events)``).
        plan: the plan it was made under (:func:`recorded_plan`), or None when it is gone; a
            plan of another id or version is ignored.
        municipality: for the bodies' names.
        every_rule: list every rule's result, not only those about this kind of matter.
        pointer: end a shortened trace with how to see the rest (the CLI's ``--all``).

    Returns:
        Lines, with empty ones between the parts (a page may drop them). A record whose route
        was kept against the plan ends with the reason.
    """
    bound = _bound(record, plan, municipality)
    if bound is not None:
        lines = explain(
            as_decision(record, bound), bound, lang, every_rule=every_rule, pointer=pointer
        )
    else:
        lines = _from_record(record, municipality, lang)
    if record.route_kept:
        lines.append(render("delegation.recorded.route_kept", lang, reason=record.route_kept))
    return lines


def _bound(
    record: RecordedDecision, plan: DelegationPlan | None, municipality: Municipality
) -> BoundPlan | None:
    if plan is None or (plan.id, plan.version) != (record.plan_id, record.plan_version):
        return None
    try:
        return bound_plan(plan, municipality)
    except CaseworkError:  # the organisation moved on so far that the plan no longer binds
        return None


def as_decision(record: RecordedDecision, bound: BoundPlan) -> Decision:
    """The record as a :class:`Decision`, its trace filled in with the plan's conditions.

    Which conditions failed comes from the record: their positions when it has them (records
    since typed events), else every condition on an input the record names as failed.
    """
    rules = {r.id: r for r in bound.rules}
    traces = []
    for traced in record.trace:
        found = rules.get(traced.rule)
        conditions = [c.condition for c in found.conditions] if found is not None else []
        failing = _failing(traced, [c.input for c in conditions])
        checks = tuple(
            ConditionCheck(c, record.values.get(c.input), i not in failing)
            for i, c in enumerate(conditions)
        )
        traces.append(RuleTrace(traced.rule, traced.hit, checks))
    return Decision(
        plan_id=record.plan_id,
        plan_version=record.plan_version,
        decider=record.decider,
        competence=record.competence,
        route=record.route,
        rule=record.rule,
        matched=record.matched,
        legal_basis=record.legal_basis,
        legal_exception=record.legal_exception,
        note=record.note,
        note_en=record.note_en if record.note_en is not None else _note_en(record, bound),
        values=MappingProxyType(_in_plan_order(record.values, bound)),
        defaulted=record.defaulted,
        trace=tuple(traces),
        dropped=record.dropped,
    )


def _in_plan_order(values: Mapping[str, Any], bound: BoundPlan) -> dict[str, Any]:
    # Stored JSON sorts its keys; the explanation lists the case's values in the plan's order.
    ordered = {k: values[k] for k in bound.inputs if k in values}
    ordered.update((k, v) for k, v in values.items() if k not in ordered)
    return ordered


def _failing(traced: TracedRule, inputs: Sequence[str]) -> set[int]:
    if traced.hit:
        return set()
    if traced.failed_at is not None:
        return set(traced.failed_at)
    return {i for i, name in enumerate(inputs) if name in traced.failed}


def _note_en(record: RecordedDecision, bound: BoundPlan) -> str | None:
    # Older records kept only the Danish note; the plan's rule (or default) has the English one.
    plan = bound.plan
    rule = next((r for r in plan.rules if r.id == record.rule), None)
    outcome = rule.outcome if rule is not None else plan.default
    if outcome is None or outcome.note != record.note:
        return None
    return outcome.note_en


def _from_record(record: RecordedDecision, municipality: Municipality, lang: str) -> list[str]:
    given = [(k, v) for k, v in sorted(record.values.items()) if k not in record.defaulted]
    values = ", ".join(f"{k} = {v}" for k, v in given if v is not None)
    lines = [
        render("delegation.recorded.plan", lang, plan=f"{record.plan_id} v{record.plan_version}"),
        render("delegation.explain.case", lang, values=values or "–"),
        "",
        render(
            "delegation.explain.decider",
            lang,
            body=body_name(record.decider, municipality, lang),
            code=record.competence.value,
        ),
        route_line(record.route, municipality, lang),
        render("delegation.recorded.rule", lang, rule=record.rule)
        if record.rule is not None
        else render("delegation.explain.default", lang),
    ]
    note = (record.note_en or record.note) if lang == "en" else record.note
    for key, text in (
        ("delegation.explain.legal_basis", record.legal_basis),
        ("delegation.explain.legal_exception", record.legal_exception),
        ("delegation.explain.note", note),
    ):
        if text:
            lines.append(render(key, lang, text=text))
    lines += ["", render("delegation.explain.why", lang)]
    hits = [t.rule for t in record.trace if t.hit]
    misses = len(record.trace) - len(hits)
    lines += ["  ✓ " + render("delegation.recorded.hit", lang, rule=rule) for rule in hits]
    if misses:
        lines.append("  " + render("delegation.recorded.misses", lang, count=misses))
    if record.defaulted:
        defaults = ", ".join(f"{k} = {record.values.get(k)}" for k in record.defaulted)
        lines.append("  " + render("delegation.explain.defaulted", lang, values=defaults))
    return lines


register(
    {
        "delegation.recorded.plan": (
            "Delegationsplan {plan} (findes ikke længere i konfigurationen; vist som registreret)",
            "Delegation plan {plan} (no longer in the configuration; shown as recorded)",
        ),
        "delegation.recorded.rule": ("Regel {rule}", "Rule {rule}"),
        "delegation.recorded.hit": ("{rule} ramte", "{rule} matched"),
        "delegation.recorded.misses": (
            "{count} andre regler ramte ikke",
            "{count} other rules did not match",
        ),
        "delegation.recorded.route_kept": (
            "Sagsgangen blev ikke ændret: {reason}",
            "The route was not changed: {reason}",
        ),
    }
)
