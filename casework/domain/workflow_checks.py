"""Checks that a workflow definition is sound, run when the configuration loads.

One small function per property, each returning findings instead of raising, so an administrator
who edits ``beslutningssag.yaml`` learns every problem in one pass. Findings name the YAML path
(``transitions[3].target``); the config adapter turns paths into file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from casework.domain.errors import Finding, Location, did_you_mean
from casework.domain.organisation import AttributeType, Municipality
from casework.domain.workflow import SPECIAL_TARGETS, StepKind, WorkflowDefinition

Locate = Callable[[str], Location | None]

_ORDER_OPS = frozenset({"gt", "ge", "lt", "le"})
_ORDERED_TYPES = frozenset({AttributeType.INTEGER, AttributeType.AMOUNT, AttributeType.DATE})


def check_workflow(
    definition: WorkflowDefinition, municipality: Municipality, locate: Locate
) -> list[Finding]:
    """Every finding about ``definition``, in a stable order."""
    findings: list[Finding] = []
    for check in (
        _start_steps,
        _references,
        _roles,
        _guards,
        _unique_actions,
        _meeting_rules,
        _terminal_exits,
    ):
        findings.extend(check(definition, municipality, locate))
    if not any(f.code in {"CW110", "CW111"} for f in findings):
        findings.extend(_reachability(definition, locate))
    return findings


def _finding(code: str, key: str, locate: Locate, path: str, **params: Any) -> Finding:
    suggestion = params.pop("suggestion", None)
    return Finding(code, key, params, locate(path), suggestion)


def _step_index(definition: WorkflowDefinition) -> dict[str, int]:
    return {sid: i for i, sid in enumerate(definition.steps)}


def _start_steps(d: WorkflowDefinition, _m: Municipality, locate: Locate) -> Iterator[Finding]:
    starts = [s.id for s in d.steps.values() if s.start]
    if not starts:
        yield _finding("CW110", "config.no_start", locate, "steps", workflow=d.id)
    elif len(starts) > 1:
        index = _step_index(d)
        yield _finding(
            "CW110",
            "config.many_starts",
            locate,
            f"steps[{index[starts[1]]}].start",
            workflow=d.id,
            steps=", ".join(starts),
        )


def _references(d: WorkflowDefinition, _m: Municipality, locate: Locate) -> Iterator[Finding]:
    known = set(d.steps)
    for i, t in enumerate(d.transitions):
        for field in ("source", "target"):
            ref = getattr(t, field)
            if ref in known or (field == "target" and ref in SPECIAL_TARGETS):
                continue
            yaml_field = "from" if field == "source" else "to"
            yield _finding(
                "CW111",
                "config.unknown_step",
                locate,
                f"transitions[{i}].{yaml_field}",
                step=ref,
                suggestion=did_you_mean(ref, known),
            )
    index = _step_index(d)
    for step in d.steps.values():
        if step.continues_to is not None and step.continues_to not in known:
            yield _finding(
                "CW111",
                "config.unknown_step",
                locate,
                f"steps[{index[step.id]}].continues_to",
                step=step.continues_to,
                suggestion=did_you_mean(step.continues_to, known),
            )


def _roles(d: WorkflowDefinition, m: Municipality, locate: Locate) -> Iterator[Finding]:
    index = _step_index(d)
    for step in d.steps.values():
        if step.role not in m.roles:
            yield _finding(
                "CW112",
                "config.unknown_role",
                locate,
                f"steps[{index[step.id]}].role",
                role=step.role,
                suggestion=did_you_mean(step.role, m.roles),
            )
    for i, t in enumerate(d.transitions):
        if not t.roles:
            yield _finding(
                "CW117", "config.no_roles", locate, f"transitions[{i}].roles", action=t.action
            )
        for role in sorted(t.roles - set(m.roles)):
            yield _finding(
                "CW112",
                "config.unknown_role",
                locate,
                f"transitions[{i}].roles",
                role=role,
                suggestion=did_you_mean(role, m.roles),
            )


def _guards(d: WorkflowDefinition, m: Municipality, locate: Locate) -> Iterator[Finding]:
    for i, t in enumerate(d.transitions):
        for j, cond in enumerate(t.guard):
            path = f"transitions[{i}].guard[{j}]"
            spec = m.attributes.get(cond.attribute)
            if spec is None:
                yield _finding(
                    "CW113",
                    "config.unknown_attribute",
                    locate,
                    f"{path}.attribute",
                    attribute=cond.attribute,
                    suggestion=did_you_mean(cond.attribute, m.attributes),
                )
            elif cond.op in _ORDER_OPS and spec.type not in _ORDERED_TYPES:
                yield _finding(
                    "CW118",
                    "config.guard_type",
                    locate,
                    f"{path}.op",
                    attribute=cond.attribute,
                    op=cond.op,
                    type=spec.type.value,
                )


def _unique_actions(d: WorkflowDefinition, _m: Municipality, locate: Locate) -> Iterator[Finding]:
    seen: set[tuple[str, str, frozenset[Any] | None]] = set()
    for i, t in enumerate(d.transitions):
        # The same action may exist twice from a meeting step for disjoint body roles
        # (recommend at a recommending body, decide at the deciding one).
        roles_key = t.body_roles
        clash = any((t.source, t.action) == (s, a) and _overlap(roles_key, r) for s, a, r in seen)
        if clash:
            yield _finding(
                "CW114",
                "config.duplicate_action",
                locate,
                f"transitions[{i}].action",
                action=t.action,
                step=t.source,
            )
        seen.add((t.source, t.action, roles_key))


def _overlap(a: frozenset[Any] | None, b: frozenset[Any] | None) -> bool:
    return a is None or b is None or bool(a & b)


def _meeting_rules(d: WorkflowDefinition, _m: Municipality, locate: Locate) -> Iterator[Finding]:
    index = _step_index(d)
    for step in d.steps.values():
        if step.kind is StepKind.MEETING and step.continues_to is None:
            yield _finding(
                "CW115",
                "config.meeting_without_exit",
                locate,
                f"steps[{index[step.id]}]",
                step=step.id,
            )
        if step.kind is StepKind.MEETING and not step.route_roles <= d.route_policy.roles:
            yield _finding(
                "CW123",
                "config.route_roles_mismatch",
                locate,
                f"steps[{index[step.id]}].route_roles",
                step=step.id,
                roles=", ".join(sorted(step.route_roles - d.route_policy.roles)),
            )
    for i, t in enumerate(d.transitions):
        source = d.steps.get(t.source)
        if source is not None and source.kind is StepKind.MEETING:
            # An action for body roles the template never expands for would silently vanish.
            if t.body_roles is not None and not t.body_roles & source.route_roles:
                yield _finding(
                    "CW122",
                    "config.body_roles_mismatch",
                    locate,
                    f"transitions[{i}].body_roles",
                    action=t.action,
                    step=t.source,
                )
            continue
        if source is None:
            continue
        if t.target in SPECIAL_TARGETS:
            yield _finding(
                "CW115",
                "config.special_target_outside_meeting",
                locate,
                f"transitions[{i}].to",
                target=t.target,
            )
        if t.body_roles is not None:
            yield _finding(
                "CW115", "config.body_roles_outside_meeting", locate, f"transitions[{i}].body_roles"
            )


def _terminal_exits(d: WorkflowDefinition, _m: Municipality, locate: Locate) -> Iterator[Finding]:
    index = _step_index(d)
    for step in d.steps.values():
        actions = [t.action for t in d.outgoing.get(step.id, ())]
        if step.is_terminal and actions:
            yield _finding(
                "CW116",
                "config.terminal_has_exit",
                locate,
                f"steps[{index[step.id]}]",
                step=step.id,
                actions=", ".join(actions),
            )


def _reachability(d: WorkflowDefinition, locate: Locate) -> Iterator[Finding]:
    import networkx as nx

    index = _step_index(d)
    graph = d.graph
    reachable = nx.descendants(graph, d.start) | {d.start}
    for step in d.steps.values():
        if step.id not in reachable:
            yield _finding(
                "CW119",
                "config.unreachable",
                locate,
                f"steps[{index[step.id]}]",
                step=step.id,
                start=d.start,
            )
    terminals = {s.id for s in d.steps.values() if s.is_terminal}
    can_finish: set[str] = set(terminals)
    for terminal in terminals:
        can_finish |= nx.ancestors(graph, terminal)
    for step in d.steps.values():
        if step.id in reachable and step.id not in can_finish:
            yield _finding(
                "CW120", "config.no_way_to_end", locate, f"steps[{index[step.id]}]", step=step.id
            )
