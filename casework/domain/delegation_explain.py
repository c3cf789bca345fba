"""A decision explained for people: the plan, the deciding body, the route and why.

Written for a committee secretary, in Danish by default: amounts in Danish notation
("6.000.000 kr.", "5 mio. kr."), bodies by name, conditions as the plan's author wrote them
("R12 ramte: sagstype = Lokalplan og beløb ≥ 5 mio. kr."; "R11 ramte ikke: kræver beløb <
5 mio. kr. (sagen: 6.000.000 kr.)"). Rules about other matters are summarised in one line unless
all are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import casework.domain.delegation_texts  # noqa: F401  (registers the messages)
from casework.domain.delegation import ConditionCheck, Decision, RuleTrace
from casework.domain.delegation_eval import BoundInput, BoundPlan, InputKind
from casework.domain.delegation_plan import ADMINISTRATION, Condition, HitPolicy
from casework.domain.messages import render
from casework.domain.organisation import AttributeType, Municipality
from casework.domain.text_rules import within_limit
from casework.domain.workflow import Route, RouteRole

_ROLE = {
    RouteRole.RECOMMENDS: ("indstiller", "recommends"),
    RouteRole.DECIDES: ("beslutter", "decides"),
    RouteRole.INFORMED: ("orienteres", "informed"),
    RouteRole.DISCUSSES: ("drøfter", "discusses"),
}
_SYMBOL = {"eq": "=", "ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


def explain(
    decision: Decision,
    bound: BoundPlan,
    lang: str = "da",
    *,
    every_rule: bool = False,
    pointer: bool = True,
) -> list[str]:
    """The decision as lines of text in ``lang``; ``every_rule`` lists every rule's result.

    ``pointer`` ends a shortened trace with how to see the rest (the CLI's ``--all``); a page
    or a report that cannot take that option leaves it out.
    """
    plan, municipality = bound.plan, bound.municipality
    lines = [
        _plan_line(bound, lang),
        render("delegation.explain.case", lang, values=_case_values(decision, bound, lang)),
        "",
        render(
            "delegation.explain.decider",
            lang,
            body=body_name(decision.decider, municipality, lang),
            code=decision.competence.value,
        ),
        route_line(decision.route, municipality, lang),
    ]
    rule = next((r for r in plan.rules if r.id == decision.rule), None)
    if rule is None:
        lines.append(render("delegation.explain.default", lang))
    else:
        lines.append(render("delegation.explain.rule", lang, rule=rule.id, title=rule.label(lang)))
    for key, text in (
        ("delegation.explain.legal_basis", decision.legal_basis),
        ("delegation.explain.legal_exception", decision.legal_exception),
        (
            "delegation.explain.note",
            (decision.note_en or decision.note) if lang == "en" else decision.note,
        ),
    ):
        if text:
            lines.append(render(key, lang, text=text))
    lines += ["", render("delegation.explain.why", lang)]
    trace = why(decision, bound, lang, every_rule=every_rule, pointer=pointer)
    lines += ["  " + line for line in trace]
    return lines


def why(
    decision: Decision,
    bound: BoundPlan,
    lang: str = "da",
    *,
    every_rule: bool = False,
    pointer: bool = True,
) -> list[str]:
    """The trace: the rules that matched, the near misses, and how the hit policy chose."""
    first_input = bound.plan.inputs[0].id if bound.plan.inputs else None
    lines: list[str] = []
    hidden = 0
    for trace in decision.trace:
        if trace.hit:
            lines.append("✓ " + _hit_text(trace, bound, lang))
        elif every_rule or _about_this_matter(trace, first_input):
            lines.append("✗ " + _miss_text(trace, bound, lang))
        else:
            hidden += 1
    others = [r for r in decision.matched if r != decision.rule]
    policy = bound.plan.hit_policy
    if others and decision.rule is not None and policy is not HitPolicy.UNIQUE:
        key = (
            "delegation.explain.first"
            if policy is HitPolicy.FIRST
            else "delegation.explain.priority"
        )
        lines.append(render(key, lang, rule=decision.rule, others=", ".join(others)))
    if decision.defaulted:
        defaults = _value_parts(((i, decision.values[i]) for i in decision.defaulted), bound, lang)
        lines.append(render("delegation.explain.defaulted", lang, values=", ".join(defaults)))
    for ref in decision.dropped:
        lines.append(render("delegation.explain.dropped", lang, ref=ref))
    if hidden and pointer:
        lines.append(render("delegation.explain.others", lang, count=hidden))
    return lines


def _about_this_matter(trace: RuleTrace, first_input: str | None) -> bool:
    # A rule is about this kind of matter when its conditions on the plan's first input (the
    # matter type, by convention) hold; generic rules (only "principiel", say) count too.
    return all(c.holds for c in trace.checks if c.condition.input == first_input)


def _hit_text(trace: RuleTrace, bound: BoundPlan, lang: str) -> str:
    if not trace.checks:
        return render("delegation.explain.hit_always", lang, rule=trace.rule)
    parts = _joined_ranges([c.condition for c in trace.checks], bound, lang)
    return render(
        "delegation.explain.hit",
        lang,
        rule=trace.rule,
        conditions=render("delegation.explain.and", lang).join(parts),
    )


def _miss_text(trace: RuleTrace, bound: BoundPlan, lang: str) -> str:
    failed = [
        render(
            "delegation.explain.requires",
            lang,
            condition=describe_condition(check.condition, bound, lang),
            actual=_actual(check, bound, lang),
        )
        for check in trace.checks
        if not check.holds
    ]
    return render("delegation.explain.miss", lang, rule=trace.rule, failed="; ".join(failed))


def _actual(check: ConditionCheck, bound: BoundPlan, lang: str) -> str:
    inp = bound.inputs.get(check.condition.input)
    if inp is None:
        return str(check.actual)
    return format_value(inp, check.actual, lang)


def _joined_ranges(conditions: Sequence[Condition], bound: BoundPlan, lang: str) -> list[str]:
    """Conditions as text; a lower and an upper bound on one input read as one range."""
    parts: list[str] = []
    used: set[int] = set()
    for i, condition in enumerate(conditions):
        if i in used:
            continue
        partner = _upper_partner(conditions, i) if condition.op in {"ge", "gt"} else None
        if partner is None:
            parts.append(describe_condition(condition, bound, lang))
            continue
        used.add(partner)
        upper = conditions[partner]
        inp = bound.inputs[condition.input]
        low = format_value(inp, condition.value, lang)
        high = format_value(inp, upper.value, lang)
        low_symbol = "≤" if condition.op == "ge" else "<"
        parts.append(f"{low} {low_symbol} {inp.name(lang)} {_SYMBOL[upper.op]} {high}")
    return parts


def _upper_partner(conditions: Sequence[Condition], index: int) -> int | None:
    name = conditions[index].input
    for j in range(index + 1, len(conditions)):
        if conditions[j].input == name and conditions[j].op in {"lt", "le"}:
            return j
    return None


def describe_condition(condition: Condition, bound: BoundPlan, lang: str = "da") -> str:
    """One condition as the plan's author would say it: "beløb ≥ 5 mio. kr."."""
    inp = bound.inputs.get(condition.input)
    if inp is None:
        return f"{condition.input} {condition.op} {condition.value}"
    if condition.op in {"in", "not_in"}:
        values = ", ".join(format_value(inp, v, lang) for v in condition.value)
        key = "delegation.explain.one_of" if condition.op == "in" else "delegation.explain.none_of"
        return render(key, lang, input=inp.name(lang), values=values)
    symbol = _SYMBOL.get(condition.op, condition.op)
    return f"{inp.name(lang)} {symbol} {format_value(inp, condition.value, lang)}"


def format_value(inp: BoundInput, value: Any, lang: str = "da") -> str:
    """A value as people write it: labels for choices, Danish or English number notation."""
    if value is None:
        return render("delegation.explain.not_given", lang)
    if inp.kind is InputKind.NUMERIC and not isinstance(value, bool):
        return _number(value, inp, lang)
    label = inp.label(value, lang)
    if label is not None:
        return label
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    return str(value)


def _number(value: Any, inp: BoundInput, lang: str) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not within_limit(amount):
        # Stored before numbers were bounded (issue 16): shown as written, never expanded to
        # its digits (1E+999999999 has a billion) nor divided (which raises).
        return str(value)
    is_amount = inp.type is AttributeType.AMOUNT
    unit = inp.decl.unit or (("kr." if lang == "da" else "DKK") if is_amount else "")
    if is_amount and abs(amount) >= 1_000_000 and amount % 100_000 == 0:
        millions = _grouped(amount / 1_000_000, lang, decimals=1)
        return render("delegation.explain.million", lang, amount=millions, unit=unit)
    text = _grouped(amount, lang)
    if not unit:
        return text
    return f"{unit} {text}" if lang == "en" and unit == "DKK" else f"{text} {unit}"


def _grouped(amount: Decimal, lang: str, decimals: int = 2) -> str:
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.{decimals}f}"
    if lang == "da":  # 1.234.567,50: dots group thousands, a comma marks decimals
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def body_name(body: str, municipality: Municipality, lang: str = "da") -> str:
    """A body's name in ``lang`` (the administration included)."""
    if body == ADMINISTRATION:
        return render("delegation.explain.administration", lang)
    found = municipality.bodies.get(body)
    return found.title(lang) if found is not None else body


def route_line(route: Route, municipality: Municipality, lang: str = "da") -> str:
    """ "Sagsgang: Byplanudvalget (indstiller) → … → Kommunalbestyrelsen (beslutter)"."""
    if not route:
        return render("delegation.explain.no_route", lang)
    return render("delegation.explain.route", lang, route=route_text(route, municipality, lang))


def role_text(role: RouteRole | str, lang: str = "da") -> str:
    """A route role as the reader says it: ``droefter`` → "drøfter" ("discusses" in English);
    an unknown value as given."""
    try:
        return _ROLE[RouteRole(role)][1 if lang == "en" else 0]
    except ValueError:
        return str(role)


def route_text(route: Route, municipality: Municipality, lang: str = "da") -> str:
    """The route as "Byplanudvalget (indstiller) → Økonomiudvalget (indstiller) → …"."""
    index = 1 if lang == "en" else 0
    return " → ".join(
        f"{body_name(e.body, municipality, lang)} ({_ROLE[e.role][index]})" for e in route
    )


def _plan_line(bound: BoundPlan, lang: str) -> str:
    plan = bound.plan
    if plan.is_draft:
        status = render("delegation.explain.draft", lang)
    else:
        adopted_on = plan.adopted_on.isoformat() if plan.adopted_on else ""
        body = body_name(plan.adopted_by, bound.municipality, lang) if plan.adopted_by else "–"
        status = render("delegation.explain.adopted", lang, body=body, date=adopted_on)
    until = (
        render("delegation.explain.until", lang, date=plan.valid_to.isoformat())
        if plan.valid_to
        else ""
    )
    return render(
        "delegation.explain.plan",
        lang,
        title=(plan.title_en or plan.title) if lang == "en" else plan.title,
        plan=plan.label,
        valid_from=plan.valid_from.isoformat(),
        until=until,
        status=status,
    )


def _case_values(decision: Decision, bound: BoundPlan, lang: str) -> str:
    given = ((k, v) for k, v in decision.values.items() if k not in decision.defaulted)
    parts = _value_parts(given, bound, lang)
    return ", ".join(parts) or render("delegation.explain.not_given", lang)


def _value_parts(items: Iterable[tuple[str, Any]], bound: BoundPlan, lang: str) -> list[str]:
    return [
        f"{bound.inputs[k].name(lang)} = {format_value(bound.inputs[k], v, lang)}"
        for k, v in items
        if v is not None
    ]
