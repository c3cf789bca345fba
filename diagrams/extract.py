"""From a workflow and a route of bodies to a swimlane :class:`~diagrams.model.Diagram`.

The workflow is expanded along the route exactly as a case would be
(:meth:`WorkflowDefinition.expand`), so the drawing is made from the data the engine runs and the
two cannot drift apart. Lanes are the roles of the administration plus one lane per body of the
route, in the order the case meets them. Returns point at a small "↩ back to …" marker beside
their source instead of crossing every lane on the way back (see :data:`NodeKind.LINK`).

The helpers here (flow order, lanes, step nodes, edge labels) are shared with
:mod:`diagrams.journey`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from casework.diagrams.model import (
    Diagram,
    Edge,
    EdgeKind,
    Lane,
    LegendItem,
    Node,
    NodeKind,
    NodeState,
)
from casework.diagrams.route_kinds import typical_route
from casework.diagrams.texts import route_role, tr
from casework.domain.organisation import Municipality
from casework.domain.periods import MinimumRule, Period, PeriodKind, applicable
from casework.domain.planning import PlanningRules
from casework.domain.routes import pass_label
from casework.domain.workdays import DeadlineSpec
from casework.domain.workflow import (
    CaseGraph,
    ConcreteStep,
    ConcreteTransition,
    Condition,
    Route,
    RouteRole,
    Step,
    StepKind,
    TransitionKind,
    WorkflowDefinition,
)

#: The id of the start marker; no step id can clash with it (step ids are identifiers).
START = "start:"

_NODE_KINDS = {
    StepKind.TASK: NodeKind.TASK,
    StepKind.APPROVAL: NodeKind.APPROVAL,
    StepKind.MEETING: NodeKind.MEETING,
    StepKind.HEARING: NodeKind.HEARING,
    StepKind.INVOLVEMENT: NodeKind.INVOLVEMENT,
    StepKind.WAIT: NodeKind.WAIT,
    StepKind.TERMINAL: NodeKind.TERMINAL,
}
_EDGE_KINDS = {
    TransitionKind.FORWARD: EdgeKind.FORWARD,
    TransitionKind.RETURN: EdgeKind.RETURN,
    TransitionKind.POSTPONE: EdgeKind.POSTPONE,
}
_LEGEND_NODES = (
    NodeKind.TASK,
    NodeKind.APPROVAL,
    NodeKind.HEARING,
    NodeKind.INVOLVEMENT,
    NodeKind.WAIT,
    NodeKind.MEETING,
    NodeKind.TERMINAL,
)
_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "in": "∈"}


def workflow_diagram(
    definition: WorkflowDefinition,
    municipality: Municipality,
    route: Route | None = None,
    *,
    lang: str = "da",
    rules: PlanningRules | None = None,
    periods: Mapping[str, Period] | None = None,
) -> Diagram:
    """The swimlane diagram of ``definition`` along ``route``.

    Args:
        definition: the workflow.
        municipality: names of roles, bodies and attributes.
        route: the bodies to draw; by default the typical route that shows every step the
            workflow has (:func:`diagrams.route_kinds.typical_route`).
        lang: ``da`` or ``en``.
        rules: the bodies' own deadlines (``calendar.yaml``); given, a meeting step shows the
            rule the planner uses for that body instead of the workflow's generic one.
        periods: the calendar's table of minimum periods; given, a step with a minimum shows
            it with its legal source ("mindst 4 uger (planloven § 24, stk. 5)"), see
            :func:`timing_lines`.
    """
    if route is None:
        route = typical_route(definition, municipality)
    graph = definition.expand(route)
    order = flow_order(graph)
    lanes, lane_of = lanes_for(graph, municipality, order, lang)
    nodes = [start_node(graph, lane_of, NodeState.PLAIN, lang)]
    meeting_rules = _meeting_rules(graph, order, municipality, rules, lang)
    for node_id in order:
        step = graph.steps[node_id]
        if node_id in meeting_rules:
            minimum = minimum_lines(step.step, periods, municipality, lang)
            details = (*body_line(step, municipality, lang), *minimum, meeting_rules[node_id])
        else:
            details = body_line(step, municipality, lang) + timing_lines(
                step.step, municipality, lang, periods
            )
        nodes.append(
            step_node(step, lane_of[node_id], order[node_id], municipality, lang, details=details)
        )
    links: dict[str, Node] = {}
    grouped: dict[tuple[str, str, EdgeKind], list[ConcreteTransition]] = {}
    for source in order:
        for edge in graph.actions(source).values():
            kind = _EDGE_KINDS[edge.transition.kind]
            target = edge.target
            if kind is EdgeKind.RETURN:
                link = link_node(
                    graph,
                    source,
                    target,
                    lane_of=lane_of,
                    order=order,
                    municipality=municipality,
                    lang=lang,
                )
                links.setdefault(link.id, link)
                target = link.id
            grouped.setdefault((source, target, kind), []).append(edge)
    edges = [Edge(START, graph.start, EdgeKind.FORWARD, (), ())]
    for (source, target, kind), members in grouped.items():
        labels = tuple(action_label(e, municipality, lang) for e in members)
        edges.append(Edge(source, target, kind, labels, tuple(e.action for e in members)))
    nodes.extend(links.values())
    return Diagram(
        id=f"{definition.id}--{route_slug(route)}",
        title=definition_title(definition, lang),
        subtitle=(
            tr("diagram.route", lang, route=route_text(route, municipality, lang)),
            f"{municipality.name} · {tr('diagram.version', lang, version=definition.version)}",
        ),
        lanes=lanes,
        nodes=sort_nodes(nodes),
        edges=sort_edges(edges, nodes),
        legend=workflow_legend(nodes, edges, lang),
        lang=lang,
    )


def definition_title(definition: WorkflowDefinition, lang: str) -> str:
    """The workflow's title in ``lang``."""
    return (definition.title_en or definition.title) if lang == "en" else definition.title


def route_slug(route: Route) -> str:
    """A file-name-safe name of a route: ``tmu-oeu-kb``, or ``none`` for no bodies."""
    return "-".join(entry.body for entry in route) or "none"


def route_text(route: Route, municipality: Municipality, lang: str) -> str:
    """A route as "TMU (indstiller) → ØU (indstiller) → KB (beslutter)"."""
    if not route:
        return tr("diagram.no_bodies", lang)
    return " → ".join(
        f"{municipality.bodies[e.body].short} ({route_role(e.role, lang)})" for e in route
    )


def flow_order(graph: CaseGraph) -> dict[str, int]:
    """Every concrete step numbered in reading order: breadth first, onward actions first.

    Deterministic because a step's actions keep their definition order.
    """
    order = {graph.start: 0}
    queue = deque([graph.start])
    while queue:
        source = queue.popleft()
        edges = sorted(
            graph.actions(source).values(),
            key=lambda e: e.transition.kind is not TransitionKind.FORWARD,
        )
        for edge in edges:
            if edge.target not in order:
                order[edge.target] = len(order)
                queue.append(edge.target)
    for node_id in graph.steps:  # unreachable steps are pruned by expand; kept for safety
        order.setdefault(node_id, len(order))
    return order


def lane_id(step: ConcreteStep) -> str:
    """The lane of a concrete step: its body for meeting steps, else its role."""
    return f"body:{step.body}" if step.body is not None else f"role:{step.step.role}"


def lanes_for(
    graph: CaseGraph,
    municipality: Municipality,
    order: Mapping[str, int],
    lang: str,
    shown: Iterable[str] | None = None,
) -> tuple[tuple[Lane, ...], dict[str, str]]:
    """The lanes (in the order the flow first reaches them) and the lane of every step.

    Only the lanes of ``shown`` steps are returned when given.
    """
    lane_of = {node_id: lane_id(graph.steps[node_id]) for node_id in graph.steps}
    wanted = set(shown) if shown is not None else set(graph.steps)
    # A body the route meets more than once may play a different part each time.
    roles: dict[str, list[RouteRole]] = {}
    for e in graph.route:
        if e.role not in roles.setdefault(e.body, []):
            roles[e.body].append(e.role)
    lanes: dict[str, Lane] = {}
    for node_id in sorted(wanted, key=lambda n: (order[n], n)):
        lid = lane_of[node_id]
        if lid in lanes:
            continue
        kind, _, name = lid.partition(":")
        if kind == "body":
            body = municipality.bodies[name]
            lanes[lid] = Lane(
                lid,
                body.title(lang),
                f"{body.short} · {', '.join(route_role(r, lang) for r in roles[name])}",
            )
        else:
            role = municipality.roles.get(name)
            lanes[lid] = Lane(lid, role.label(lang) if role else name)
    return tuple(lanes.values()), lane_of


def start_node(graph: CaseGraph, lane_of: Mapping[str, str], state: NodeState, lang: str) -> Node:
    """The start marker in the lane of the start step."""
    return Node(
        START, lane_of[graph.start], NodeKind.START, tr("diagram.start", lang), -1, (), state
    )


def step_title(step: ConcreteStep, lang: str) -> str:
    """A concrete step's title."""
    return step.step.label(lang)


def body_line(step: ConcreteStep, municipality: Municipality, lang: str) -> tuple[str, ...]:
    """For a meeting step, one line naming the body and its part ("TMU – indstiller")."""
    if step.body is None or step.route_role is None:
        return ()
    name = pass_label(municipality.bodies[step.body].short, step.visit, lang)
    return (f"{name} – {route_role(step.route_role, lang)}",)


def _meeting_rules(
    graph: CaseGraph,
    order: Mapping[str, int],
    municipality: Municipality,
    rules: PlanningRules | None,
    lang: str,
) -> dict[str, str]:
    """The line each meeting step shows when the bodies' own rules are known.

    As the planner reads them (:mod:`casework.domain.planning`): the first meeting of the route
    takes the body's *intake* (when the case must be with the secretariat), unless the
    workflow's own rule is statutory or the step has a minimum period; every later meeting is
    set by the previous body's meeting (*after_previous*), not by the workflow's rule.
    """
    if rules is None:
        return {}
    lines: dict[str, str] = {}
    previous: str | None = None
    for node_id in sorted(order, key=order.__getitem__):
        step = graph.steps[node_id]
        if step.body is None or step.step.kind is not StepKind.MEETING:
            continue
        own, body = rules.for_body(step.body), municipality.bodies.get(step.body)
        short = body.short if body is not None else step.body
        rule = step.step.deadline
        if previous is None:
            fixed = rule is not None and (rule.statutory or bool(step.step.minimum))
            if own.intake is not None and not fixed:
                lines[node_id] = tr(
                    "diagram.rule.intake", lang, body=short, when=_spec_text(own.intake, lang)
                )
        elif own.after_previous is not None:
            lines[node_id] = tr(
                "diagram.rule.after_previous",
                lang,
                previous=previous,
                when=_spec_text(own.after_previous, lang),
            )
        previous = short
    return lines


def _spec_text(spec: DeadlineSpec, lang: str) -> str:
    unit = tr(f"cal.unit.{spec.unit.value}", lang)
    return tr("diagram.rule.before", lang, amount=spec.amount, unit=unit)


def deadline_line(step: ConcreteStep, lang: str) -> tuple[str, ...]:
    """The step's deadline rule as one line, if it has one."""
    rule = step.step.deadline
    return (rule.describe(lang),) if rule is not None else ()


def timing_lines(
    step: Step,
    municipality: Municipality,
    lang: str,
    periods: Mapping[str, Period] | None,
    attributes: Mapping[str, Any] | None = None,
) -> tuple[str, ...]:
    """What the step's time is bound by: its minimum period first, then its deadline rule.

    A minimum is what the law (or the council's own rules) requires, so it leads, with its
    source. The workflow's deadline rule stays only where it says something of its own: for a
    step that waits (a hearing, the klagefrist) it is the planner's length, written as such
    ("planlagt senest 5 uger efter modtagelse"); for a notice before a meeting (a member's
    proposal) it repeats the notice and is left out. See docs/diagrams.md.
    """
    minimum = minimum_lines(step, periods, municipality, lang, attributes)
    rule = step.deadline
    if not minimum:
        return (rule.describe(lang),) if rule is not None else ()
    if rule is None or deadline_repeats_minimum(step, periods, attributes):
        return minimum
    return (*minimum, tr("diagram.planned_rule", lang, rule=rule.describe(lang)))


def deadline_repeats_minimum(
    step: Step,
    periods: Mapping[str, Period] | None,
    attributes: Mapping[str, Any] | None = None,
) -> bool:
    """Whether the step's deadline rule only says its minimum again: a notice before the
    meeting (a member's proposal received 8 days before) and a deadline before the meeting."""
    if step.deadline is None or step.deadline.relative_to != "meeting":
        return False
    kinds = {p.kind for p in _periods_of(step, periods or {}, attributes)}
    return kinds == {PeriodKind.NOTICE}


def minimum_lines(
    step: Step,
    periods: Mapping[str, Period] | None,
    municipality: Municipality,
    lang: str,
    attributes: Mapping[str, Any] | None = None,
) -> tuple[str, ...]:
    """The step's minimum period as lines, each with its legal source.

    With a case's ``attributes``, the one period that applies to that case; without, every
    rule of the step, the plain one first and each exception with its condition ("mindst
    2 uger, hvis lokalplan af mindre betydning (planloven § 24, stk. 6)").
    """
    if not periods or not step.minimum:
        return ()
    if attributes is not None:
        period = applicable(step.minimum, attributes, periods)
        return (_minimum_text(period, None, municipality, lang),) if period is not None else ()
    lines = []
    for rule in sorted(_reachable(step.minimum), key=lambda r: bool(r.when)):
        period = periods.get(rule.period)
        if period is not None:
            lines.append(_minimum_text(period, rule, municipality, lang))
    return tuple(lines)


def _reachable(rules: Iterable[MinimumRule]) -> list[MinimumRule]:
    """The rules up to the first without conditions (the first that holds counts)."""
    found = []
    for rule in rules:
        found.append(rule)
        if not rule.when:
            break
    return found


def _periods_of(
    step: Step, periods: Mapping[str, Period], attributes: Mapping[str, Any] | None
) -> list[Period]:
    if attributes is not None:
        period = applicable(step.minimum, attributes, periods)
        return [period] if period is not None else []
    return [periods[r.period] for r in _reachable(step.minimum) if r.period in periods]


def _minimum_text(
    period: Period, rule: MinimumRule | None, municipality: Municipality, lang: str
) -> str:
    source = citation(period)
    length = period.length(lang)
    if period.kind is PeriodKind.NOTICE:
        text = tr("diagram.minimum.notice", lang, length=length)
    else:
        text = tr("diagram.minimum", lang, length=length)
    if rule is not None and rule.when:
        condition = ", ".join(_condition_words(c, municipality, lang) for c in rule.when)
        text = tr("diagram.minimum.when", lang, minimum=text, condition=condition)
    return f"{text} ({source})"


def citation(period: Period) -> str:
    """A period's legal source, short: "planloven § 24, stk. 5" (its basis up to the colon),
    or where it comes from ("forretningsorden") when it cites nothing."""
    text = (period.basis or "").split(":", 1)[0].strip() or period.source.value
    # "Planloven" within a sentence is "planloven"; an abbreviation ("KSL") stays as it is.
    text = text[0].lower() + text[1:] if text[1:2].islower() else text
    # "§ 24, stk. 5" is one reference: no-break spaces keep a wrapped label from splitting it.
    return _REFERENCE_SPACE.sub("\u00a0", text)


#: The spaces inside a reference: after "§" and "stk.", and between "24," and "stk.".
_REFERENCE_SPACE = re.compile(r"(?<=§) | (?=stk\.)|(?<=stk\.) ")


def _condition_words(condition: Condition, municipality: Municipality, lang: str) -> str:
    """A minimum's condition in words: a yes/no attribute by its title ("lokalplan af mindre
    betydning", "ikke …"), any other as a guard is written."""
    spec = municipality.attributes.get(condition.attribute)
    if condition.op == "eq" and isinstance(condition.value, bool) and spec is not None:
        title = spec.label(lang)
        title = title[0].lower() + title[1:] if title[1:2].islower() else title
        return title if condition.value else tr("diagram.cond.not", lang, attribute=title)
    return describe_condition(condition, municipality, lang)


def step_node(
    step: ConcreteStep,
    lane: str,
    order: int,
    municipality: Municipality,
    lang: str,
    *,
    state: NodeState = NodeState.PLAIN,
    details: tuple[str, ...] | None = None,
) -> Node:
    """The node of a concrete step; by default its details are its body and deadline rule."""
    if details is None:
        details = body_line(step, municipality, lang) + deadline_line(step, lang)
    return Node(
        id=step.id,
        lane=lane,
        kind=_NODE_KINDS[step.step.kind],
        title=step_title(step, lang),
        order=order,
        details=details,
        state=state,
        step=step.step.id,
    )


def link_node(
    graph: CaseGraph,
    source: str,
    target: str,
    *,
    lane_of: Mapping[str, str],
    order: Mapping[str, int],
    municipality: Municipality,
    lang: str,
    state: NodeState = NodeState.PLAIN,
) -> Node:
    """The "↩ back to …" marker for a return from ``source`` to ``target``."""
    step = graph.steps[target]
    title = step_title(step, lang)
    if step.body is not None:
        title += f" ({municipality.bodies[step.body].short})"
    return Node(
        id=f"{source}~{target}",
        lane=lane_of[source],
        kind=NodeKind.LINK,
        title=title,
        order=order[source],
        details=(),
        state=state,
        target=target,
    )


def edge_kind(edge: ConcreteTransition) -> EdgeKind:
    """The drawing kind of a transition."""
    return _EDGE_KINDS[edge.transition.kind]


def action_label(edge: ConcreteTransition, municipality: Municipality, lang: str) -> str:
    """An action's title, with its guard in brackets.

    For example "Sæt på dagsorden [Politikområde er udfyldt]".
    """
    label = edge.transition.label(lang)
    if edge.transition.guard:
        conditions = ", ".join(
            describe_condition(c, municipality, lang) for c in edge.transition.guard
        )
        label += f" [{conditions}]"
    return label


def describe_condition(condition: Condition, municipality: Municipality, lang: str) -> str:
    """A guard condition in words, naming the attribute by its title."""
    spec = municipality.attributes.get(condition.attribute)
    name = spec.label(lang) if spec is not None else condition.attribute
    if condition.op in {"set", "unset"}:
        return tr(f"diagram.cond.{condition.op}", lang, attribute=name)
    if condition.op in {"in", "not_in"}:
        values = ", ".join(str(v) for v in condition.value or ())
        symbol = "∈" if condition.op == "in" else "∉"
        return f"{name} {symbol} {{{values}}}"
    return f"{name} {_SYMBOLS.get(condition.op, condition.op)} {condition.value}"


def sort_nodes(nodes: Iterable[Node]) -> tuple[Node, ...]:
    """Nodes in reading order, ties by id: the same input always gives the same text."""
    return tuple(sorted(nodes, key=lambda n: (n.order, n.kind is NodeKind.LINK, n.id)))


def sort_edges(edges: Iterable[Edge], nodes: Iterable[Node]) -> tuple[Edge, ...]:
    """Edges sorted by where they start and end in reading order, then by kind and actions."""
    position = {n.id: (n.order, n.id) for n in nodes}
    return tuple(
        sorted(
            edges,
            key=lambda e: (position[e.source], position[e.target], e.kind.value, e.actions),
        )
    )


def workflow_legend(
    nodes: Iterable[Node], edges: Iterable[Edge], lang: str
) -> tuple[LegendItem, ...]:
    """Legend lines for the node kinds and edge kinds the diagram uses (onward always)."""
    node_kinds = {n.kind for n in nodes}
    edge_kinds = {e.kind for e in edges} | {EdgeKind.FORWARD}
    items = [
        LegendItem(tr(f"diagram.legend.{kind.value}", lang), node=kind)
        for kind in _LEGEND_NODES
        if kind in node_kinds
    ]
    items += [
        LegendItem(tr(f"diagram.legend.{kind.value}", lang), edge=kind)
        for kind in (EdgeKind.FORWARD, EdgeKind.RETURN, EdgeKind.POSTPONE)
        if kind in edge_kinds
    ]
    if NodeKind.LINK in node_kinds:
        items.append(LegendItem(tr("diagram.legend.link", lang), node=NodeKind.LINK))
    return tuple(items)
