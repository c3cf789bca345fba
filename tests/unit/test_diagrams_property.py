"""Property: every step and every action of any valid workflow, along any valid route, is drawn.

Workflows are generated small and valid by construction (a chain of steps, perhaps a meeting
template, returns, skips, postponements and a withdrawal), and checked with the same
``check_workflow`` the config loader runs, so the generator cannot drift into invalid input.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from casework.diagrams.dot import layout_columns, quote, to_dot
from casework.diagrams.extract import workflow_diagram
from casework.diagrams.mermaid import node_ids, to_mermaid
from casework.diagrams.model import NodeKind
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidRoute
from casework.domain.routes import build_route
from casework.domain.workflow import (
    NEXT_BODY,
    SAME_BODY,
    RoutePolicy,
    RouteRole,
    Step,
    StepKind,
    Transition,
    TransitionKind,
    WorkflowDefinition,
)
from casework.domain.workflow_checks import check_workflow

ROLES = ("sagsbehandler", "centerchef", "direktoer", "sekretariat")
BODIES = ("tmu", "buu", "oeu", "kb")
R, D, INF = RouteRole.RECOMMENDS, RouteRole.DECIDES, RouteRole.INFORMED
WORK = (StepKind.TASK, StepKind.APPROVAL, StepKind.HEARING, StepKind.WAIT)


@st.composite
def workflows(draw: Any) -> WorkflowDefinition:
    before = draw(st.integers(1, 4))
    after = draw(st.integers(0, 2))
    meeting_roles = draw(
        st.sampled_from([None, frozenset({R, D}), frozenset({D}), frozenset({INF})])
    )
    names = [f"s{i}" for i in range(before)]
    if meeting_roles is not None:
        names.append("moede")
    names += [f"e{i}" for i in range(after)] + ["slut"]
    steps = _steps(draw, names, meeting_roles)
    transitions = _transitions(draw, names, steps, meeting_roles)
    if draw(st.booleans()):
        steps["stop"] = Step("stop", "Trukket tilbage", "sagsbehandler", StepKind.TERMINAL)
        transitions.append(_move(steps, names[0], "traek", "stop"))
    return WorkflowDefinition(
        id="genereret",
        version=1,
        title="Genereret workflow",
        steps=steps,
        transitions=tuple(transitions),
        route_policy=RoutePolicy(
            decider="optional", min_bodies=0, roles=meeting_roles or frozenset(RouteRole)
        ),
    )


def _steps(
    draw: Any, names: list[str], meeting_roles: frozenset[RouteRole] | None
) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for index, name in enumerate(names):
        if name == "slut":
            steps[name] = Step(name, "Afsluttet", "sagsbehandler", StepKind.TERMINAL)
        elif name == "moede":
            steps[name] = Step(
                name,
                "Politisk behandling",
                "sekretariat",
                StepKind.MEETING,
                route_roles=meeting_roles or frozenset(),
                continues_to=names[index + 1],
            )
        else:
            kind = draw(st.sampled_from(WORK))
            role = draw(st.sampled_from(ROLES))
            steps[name] = Step(name, f"Trin {name} (ØÆÅ)", role, kind, start=index == 0)
    return steps


def _move(
    steps: dict[str, Step], source: str, action: str, target: str, **extra: Any
) -> Transition:
    role = frozenset({steps[source].role})
    return Transition(action, source, target, role, title=f"{action} «{source}»", **extra)


def _transitions(
    draw: Any,
    names: list[str],
    steps: dict[str, Step],
    meeting_roles: frozenset[RouteRole] | None,
) -> list[Transition]:
    transitions = []
    for index, name in enumerate(names[:-1]):
        if name == "moede":
            for role in sorted(meeting_roles or ()):
                action = {R: "anbefal", D: "godkend", INF: "noteret"}[role]
                transitions.append(
                    _move(steps, name, action, NEXT_BODY, body_roles=frozenset({role}))
                )
            if draw(st.booleans()):
                transitions.append(
                    _move(steps, name, "udsaet", SAME_BODY, kind=TransitionKind.POSTPONE)
                )
            if draw(st.booleans()):
                transitions.append(
                    _move(steps, name, "retur", names[0], kind=TransitionKind.RETURN)
                )
            continue
        transitions.append(_move(steps, name, "videre", names[index + 1]))
        if index > 0 and draw(st.booleans()):
            back = names[draw(st.integers(0, index - 1))]
            transitions.append(_move(steps, name, "tilbage", back, kind=TransitionKind.RETURN))
        if index + 2 < len(names) and draw(st.booleans()):
            skip = names[draw(st.integers(index + 2, len(names) - 1))]
            transitions.append(_move(steps, name, "spring", skip))
    return transitions


# A body may come back in a route (issue 13, item 7): every pass is a step of its own.
routes = st.lists(
    st.tuples(st.sampled_from(BODIES), st.sampled_from(sorted(RouteRole))),
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def _drawn_between(dot: str, source: str, target: str) -> bool:
    """Whether the DOT draws a visible line from ``source`` to ``target`` (quoted names):
    one edge, either way round (written against a lane's chain with ``dir=back``), or a
    route through empty grid cells (diagrams.dot._routes)."""
    visible = dot.split("  edge [style=invis];", maxsplit=1)[0]
    name = r'"(?:[^"\\]|\\.)*"'
    joined: dict[str, set[str]] = {}
    for a, b in re.findall(rf"^  ({name}) -> ({name})", visible, re.MULTILINE):
        joined.setdefault(a, set()).add(b)
        joined.setdefault(b, set()).add(a)
    seen, todo = {source}, [source]
    while todo:
        for nxt in joined.get(todo.pop(), ()):
            if nxt == target:
                return True
            if nxt.startswith('"cell:') and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@given(definition=workflows(), pairs=routes)
def test_every_step_and_action_appears_in_the_diagram(
    config: Configuration, definition: WorkflowDefinition, pairs: list[tuple[str, RouteRole]]
) -> None:
    municipality = config.municipality
    assert check_workflow(definition, municipality, lambda _path: None) == []
    try:
        route = build_route([(b, r.value) for b, r in pairs], definition, municipality)
    except InvalidRoute:
        assume(False)
        return
    graph = definition.expand(route)
    event("a body met twice" if len({e.body for e in route}) < len(route) else "each body once")
    diagram = workflow_diagram(definition, municipality, route)
    dot = to_dot(diagram)
    mermaid = to_mermaid(diagram)
    ids = node_ids(diagram)
    drawn = {node.id: node for node in diagram.nodes}

    for step in graph.steps:
        assert step in drawn
        assert f"    {quote(step)} [" in dot
        assert f"    {ids[step]}" in mermaid

    for source, actions in graph.outgoing.items():
        for action, edge in actions.items():
            [arrow] = [e for e in diagram.edges if e.source == source and action in e.actions]
            target = drawn[arrow.target]
            reached = target.target if target.kind is NodeKind.LINK else target.id
            assert reached == edge.target
            assert edge.transition.label() in arrow.labels[arrow.actions.index(action)]
            assert _drawn_between(dot, quote(source), quote(arrow.target))
            assert f"  {ids[source]} " in mermaid and f" {ids[arrow.target]}\n" in mermaid

    columns = layout_columns(diagram)
    cells = [(node.lane, columns[node.id]) for node in diagram.nodes]
    assert len(cells) == len(set(cells))
    assert to_dot(workflow_diagram(definition, municipality, route)) == dot
