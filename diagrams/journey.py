"""A case's journey: the concrete route of one case, drawn from its events.

Completed steps say who acted and when, the current step is highlighted (and marked when its
due date has passed), and the steps still to come follow the longest onward path to an end: with
their dates when a plan is recorded (``case.planned``; a meeting step shows the meeting it is
planned for), otherwise with their deadline rules. "Today" is an argument, as everywhere in the
core: nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import casework.domain.decisions  # noqa: F401 - registers the outcome words (outcome.*)
from casework.diagrams.extract import (
    START,
    action_label,
    body_line,
    definition_title,
    edge_kind,
    flow_order,
    lanes_for,
    link_node,
    minimum_lines,
    route_text,
    sort_edges,
    sort_nodes,
    start_node,
    step_node,
    timing_lines,
)
from casework.diagrams.model import (
    Diagram,
    Edge,
    EdgeKind,
    EdgeState,
    LegendItem,
    Node,
    NodeKind,
    NodeState,
)
from casework.diagrams.texts import format_date, local_date, tr
from casework.domain.case import Case, responsible_people
from casework.domain.events import CaseEvent, EventKind
from casework.domain.messages import render
from casework.domain.organisation import Municipality
from casework.domain.periods import Period
from casework.domain.workflow import CaseGraph, CaseStatus, Outcome, TransitionKind


@dataclass(frozen=True, slots=True)
class _Move:
    """One advance of the case, as its event tells it."""

    source: str
    target: str
    action: str
    kind: EdgeKind
    actor: str
    at: str
    #: The due date the case had at ``source`` when it left (None: no date was set).
    due: str | None
    #: The body's decision as the minutes record it (``outcome``, ``meeting`` …), if any.
    minutes: Mapping[str, Any] | None = None
    #: The meeting the recorded plan had ``source`` at when the case left it (ISO date).
    planned: str | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    """What every part of one journey needs to know."""

    case: Case
    graph: CaseGraph
    municipality: Municipality
    today: dt.date
    lang: str
    moves: Sequence[_Move]
    entered: Mapping[str, int]
    ahead: Sequence[str]
    order: Mapping[str, int]
    lane_of: Mapping[str, str]
    #: The calendar's table of minimum periods (empty: none shown).
    periods: Mapping[str, Period]

    def minimum(self, node_id: str) -> tuple[str, ...]:
        """The minimum period that applies to this case at the step, with its source."""
        step = self.graph.steps[node_id].step
        return minimum_lines(step, self.periods, self.municipality, self.lang, self.case.attributes)

    def action(self, move: _Move) -> str:
        """The title of the action a move took."""
        edge = self.graph.actions(move.source).get(move.action)
        return edge.transition.label(self.lang) if edge is not None else move.action

    def person(self, person_id: str) -> str:
        """A person's name, or their id when they have left the configuration."""
        person = self.municipality.people.get(person_id)
        return person.name if person is not None else person_id

    def date(self, instant: str) -> str:
        """The local date of an event instant, written out."""
        return format_date(local_date(instant), self.lang)


def journey_diagram(
    case: Case,
    events: Sequence[CaseEvent],
    graph: CaseGraph,
    municipality: Municipality,
    today: dt.date,
    *,
    lang: str = "da",
    periods: Mapping[str, Period] | None = None,
) -> Diagram:
    """The journey of ``case`` (with its ``events``) through its concrete ``graph``.

    ``periods`` is the calendar's table of minimum periods: given, the current step and the
    steps to come show the minimum that applies to this case, with its legal source.
    """
    moves, entered = _moves(events)
    order = flow_order(graph)
    ahead = _ahead(graph, case)
    visited = {case.step} | {m.source for m in moves} | {m.target for m in moves}
    shown = [n for n in order if n in visited or n in ahead]
    lanes, lane_of = lanes_for(graph, municipality, order, lang, shown)
    ctx = _Context(
        case, graph, municipality, today, lang, moves, entered, ahead, order, lane_of,
        periods or {},
    )  # fmt: skip
    nodes: dict[str, Node] = {START: start_node(graph, lane_of, NodeState.DONE, lang)}
    for node_id in shown:
        nodes[node_id] = _node(ctx, node_id)
    edges = [Edge(START, graph.start, EdgeKind.FORWARD, (), (), EdgeState.TAKEN)]
    edges += _taken_edges(ctx, nodes)
    edges += _planned_edges(ctx, [case.step, *ahead], edges)
    node_list = sort_nodes(nodes.values())
    return Diagram(
        id=f"case-{case.id}",
        title=tr("diagram.case_title", lang, case_id=case.id, title=case.title),
        subtitle=_subtitle(case, graph, municipality, today, lang),
        lanes=lanes,
        nodes=node_list,
        edges=sort_edges(edges, node_list),
        legend=_legend(node_list, edges, lang),
        lang=lang,
    )


def _moves(events: Sequence[CaseEvent]) -> tuple[list[_Move], dict[str, int]]:
    """The case's moves in order, and how often it entered each step."""
    moves: list[_Move] = []
    entered: dict[str, int] = {}
    due: str | None = None
    plan: Mapping[str, str] = {}
    for event in sorted(events, key=lambda e: e.seq):
        data = event.data
        if event.kind is EventKind.OPENED:
            entered[data["step"]] = entered.get(data["step"], 0) + 1
            due = data.get("step_due")
            continue
        if event.kind is EventKind.PLANNED:
            plan = data.get("steps") or {}  # the latest plan: each step's meeting or due date
            due = data.get("step_due") or due
            continue
        if event.kind is not EventKind.ADVANCED:
            continue  # attribute and route changes move the case nowhere
        kind = EdgeKind(data.get("kind", TransitionKind.FORWARD.value))
        source = data["from"]
        moves.append(
            _Move(source, data["to"], data["action"], kind, event.actor, event.at, due,
                  data.get("minutes"), plan.get(source))
        )  # fmt: skip
        entered[data["to"]] = entered.get(data["to"], 0) + 1
        due = data.get("step_due")
    return moves, entered


def _ahead(graph: CaseGraph, case: Case) -> list[str]:
    """The steps still to come: the longest onward path from the current step to an end."""
    if case.status is CaseStatus.CLOSED:
        return []
    memo: dict[str, list[str]] = {}

    def longest(node: str, path: frozenset[str]) -> list[str]:
        if node in memo:
            return memo[node]
        best: list[str] = []
        for edge in graph.actions(node).values():
            target = edge.target
            if edge.transition.kind is not TransitionKind.FORWARD or target in path:
                continue
            candidate = [target, *longest(target, path | {target})]
            if len(candidate) > len(best):
                best = candidate
        memo[node] = best
        return best

    return longest(case.step, frozenset({case.step}))


def _node(ctx: _Context, node_id: str) -> Node:
    step = ctx.graph.steps[node_id]
    place = (ctx.lane_of[node_id], ctx.order[node_id], ctx.municipality, ctx.lang)
    body = body_line(step, ctx.municipality, ctx.lang)
    if node_id == ctx.case.step:
        state, details = _current(ctx)
        return step_node(step, *place, state=state, details=body + details)
    leaves = [m for m in ctx.moves if m.source == node_id]
    if node_id in ctx.ahead and not leaves:
        planned = ctx.case.planned.get(node_id)
        if planned is not None:
            # A recorded plan dates the step: for a meeting step, the meeting it is planned for.
            key = "diagram.planned_meeting" if step.body is not None else "diagram.due"
            date = tr(key, ctx.lang, date=format_date(planned, ctx.lang))
            details = (*body, *ctx.minimum(node_id), date)
        else:
            details = body + timing_lines(
                step.step, ctx.municipality, ctx.lang, ctx.periods, ctx.case.attributes
            )
        return step_node(step, *place, state=NodeState.FUTURE, details=details)
    details = body
    if leaves:
        last = leaves[-1]
        if step.body is not None:
            details += _decided(ctx, last, step.body)
        else:
            done = tr(
                "diagram.done_by",
                ctx.lang,
                action=ctx.action(last),
                person=ctx.person(last.actor),
                date=ctx.date(last.at),
            )
            details += (f"✔ {done}",)
    if ctx.entered.get(node_id, 0) > 1:
        details += (tr("diagram.passes", ctx.lang, count=ctx.entered[node_id]),)
    late = [m for m in leaves if m.due and local_date(m.at) > dt.date.fromisoformat(m.due)]
    if late and late[-1].due:
        details += (tr("diagram.late", ctx.lang, date=format_date(late[-1].due, ctx.lang)),)
    if node_id in ctx.ahead:
        # Reached before and returned from: done once, and on the way again.
        again = ctx.case.planned.get(node_id)
        details += (
            tr("diagram.again_on", ctx.lang, date=format_date(again, ctx.lang))
            if again is not None
            else tr("diagram.again", ctx.lang),
        )
    return step_node(step, *place, state=NodeState.DONE, details=details)


def _decided(ctx: _Context, move: _Move, body_id: str) -> tuple[str, ...]:
    """A meeting step's lines once the case left it: the body's decision at its meeting.

    The outcome is the body's, so it is attributed to the body; the meeting is the one the
    minutes name, else the one the plan had, else the day it was recorded. Whoever recorded
    it (the secretariat) is named as that, not as the one who decided.
    """
    lang = ctx.lang
    body = ctx.municipality.bodies.get(body_id)
    short = body.short if body is not None else body_id
    minutes = move.minutes or {}
    # The minutes' outcome, else the one the action stands for (anbefal: recommended).
    edge = ctx.graph.actions(move.source).get(move.action)
    outcome = minutes.get("outcome") or (
        edge.transition.outcome.value if edge is not None and edge.transition.outcome else None
    )
    # Only the outcome words casework knows (an imported record may carry others).
    known = outcome in {o.value for o in Outcome}
    what = render(f"outcome.{outcome}", lang) if known else ctx.action(move)
    meeting = minutes.get("meeting") or move.planned
    if meeting:
        when = tr("diagram.at_meeting", lang, date=format_date(meeting, lang))
    else:
        when = ctx.date(move.at)
    lines = [f"✔ {tr('diagram.body_decided', lang, body=short, outcome=what, when=when)}"]
    if move.planned and minutes.get("meeting") and move.planned != minutes["meeting"]:
        lines.append(tr("diagram.was_planned", lang, date=format_date(move.planned, lang)))
    lines.append(tr("diagram.recorded_by", lang, person=ctx.person(move.actor)))
    return tuple(lines)


def _current(ctx: _Context) -> tuple[NodeState, tuple[str, ...]]:
    """The current step's state and lines: who has it, since when, and its due date."""
    case, graph, lang = ctx.case, ctx.graph, ctx.lang
    since = ctx.date(case.step_entered_at)
    if case.status is CaseStatus.CLOSED:
        return NodeState.CURRENT, (tr("diagram.closed_on", lang, date=since),)
    people = [ctx.person(p) for p in responsible_people(case, graph, ctx.municipality)]
    who = (
        tr("diagram.now_with", lang, people=", ".join(people))
        if people
        else tr("diagram.now", lang)
    )
    lines = [who, tr("diagram.since", lang, date=since)]
    if case.step_due is not None:
        lines += ctx.minimum(case.step)  # the law's minimum, then the planned due date
    meeting = case.planned.get(case.step) if graph.steps[case.step].body else None
    if meeting is not None:
        lines.append(tr("diagram.planned_meeting", lang, date=format_date(meeting, lang)))
    if case.step_due is None:
        step = graph.steps[case.step].step
        rules = timing_lines(step, ctx.municipality, lang, ctx.periods, case.attributes)
        return NodeState.CURRENT, (*lines, *rules)
    due = dt.date.fromisoformat(case.step_due)
    if due < ctx.today:
        lines.append(tr("diagram.overdue", lang, date=format_date(due, lang)))
        return NodeState.OVERDUE, tuple(lines)
    lines.append(tr("diagram.due", lang, date=format_date(due, lang)))
    return NodeState.CURRENT, tuple(lines)


def _taken_edges(ctx: _Context, nodes: dict[str, Node]) -> list[Edge]:
    """One edge per way the case actually went, labelled with the action and its date."""
    grouped: dict[tuple[str, str, EdgeKind], dict[str, list[_Move]]] = {}
    for move in ctx.moves:
        target = move.target
        if move.kind is EdgeKind.RETURN:
            link = link_node(
                ctx.graph,
                move.source,
                target,
                lane_of=ctx.lane_of,
                order=ctx.order,
                municipality=ctx.municipality,
                lang=ctx.lang,
                state=NodeState.DONE,
            )
            nodes.setdefault(link.id, link)
            target = link.id
        by_action = grouped.setdefault((move.source, target, move.kind), {})
        by_action.setdefault(move.action, []).append(move)
    edges = []
    for (source, target, kind), by_action in grouped.items():
        labels = []
        for taken in by_action.values():
            action, date = ctx.action(taken[-1]), ctx.date(taken[-1].at)
            if len(taken) == 1:
                labels.append(tr("diagram.taken_on", ctx.lang, action=action, date=date))
            else:
                labels.append(
                    tr("diagram.taken_times", ctx.lang, action=action, count=len(taken), date=date)
                )
        edges.append(Edge(source, target, kind, tuple(labels), tuple(by_action), EdgeState.TAKEN))
    return edges


def _planned_edges(ctx: _Context, path: Sequence[str], existing: Sequence[Edge]) -> list[Edge]:
    """Grey edges along the path still ahead, with the actions that would take them."""
    seen = {(e.source, e.target, e.kind) for e in existing}
    edges = []
    for source, target in itertools.pairwise(path):
        members = [
            e
            for e in ctx.graph.actions(source).values()
            if e.target == target and edge_kind(e) is EdgeKind.FORWARD
        ]
        if not members or (source, target, EdgeKind.FORWARD) in seen:
            continue
        labels = tuple(action_label(e, ctx.municipality, ctx.lang) for e in members)
        actions = tuple(e.action for e in members)
        edges.append(Edge(source, target, EdgeKind.FORWARD, labels, actions, EdgeState.PLANNED))
    return edges


def _subtitle(
    case: Case, graph: CaseGraph, municipality: Municipality, today: dt.date, lang: str
) -> tuple[str, ...]:
    head = f"{definition_title(graph.definition, lang)} · " + tr(
        "diagram.route", lang, route=route_text(case.route, municipality, lang)
    )
    status = tr("diagram.case_status", lang, date=format_date(today, lang))
    if case.status is CaseStatus.CLOSED:
        # Where it ended says how: "Afsluttet" and "Trukket tilbage" are both an end.
        end = graph.steps[case.step].step.label(lang) if case.step in graph.steps else case.step
        status += " · " + tr("diagram.case_ended", lang, end=end)
    elif case.deadline:
        status += " · " + tr("diagram.case_deadline", lang, date=format_date(case.deadline, lang))
    return head, status


def _legend(nodes: Sequence[Node], edges: Sequence[Edge], lang: str) -> tuple[LegendItem, ...]:
    states = {n.state for n in nodes}
    kinds = {e.kind for e in edges}
    items = [
        LegendItem(tr(f"diagram.legend.{state.value}", lang), NodeKind.TASK, state)
        for state in (NodeState.DONE, NodeState.CURRENT, NodeState.OVERDUE, NodeState.FUTURE)
        if state in states
    ]
    items.append(
        LegendItem(
            tr("diagram.legend.taken", lang), edge=EdgeKind.FORWARD, edge_state=EdgeState.TAKEN
        )
    )
    if any(e.state is EdgeState.PLANNED for e in edges):
        items.append(
            LegendItem(
                tr("diagram.legend.planned", lang),
                edge=EdgeKind.FORWARD,
                edge_state=EdgeState.PLANNED,
            )
        )
    for kind in (EdgeKind.RETURN, EdgeKind.POSTPONE):
        if kind in kinds:
            items.append(LegendItem(tr(f"diagram.legend.{kind.value}", lang), edge=kind))
    return tuple(items)
