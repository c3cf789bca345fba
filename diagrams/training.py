"""The training pack ("Vi tegner sagsgangen"): every workflow drawn, explained step by step.

:func:`training_entries` lists one diagram per workflow and typical route; :func:`index_html`
writes a printable, offline HTML page that shows them (as SVG files beside it) and explains each
step: who does what, by when, and why. Both are pure; the CLI renders and writes the files.
The page uses no script, no web font and no network, so it works from a USB stick and prints as
it looks (one workflow per page, landscape).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from casework.diagrams import palette
from casework.diagrams.extract import (
    deadline_repeats_minimum,
    definition_title,
    describe_condition,
    flow_order,
    route_text,
    timing_lines,
    workflow_diagram,
)
from casework.diagrams.model import Diagram, EdgeKind, NodeKind
from casework.diagrams.route_kinds import MAIN_SHAPE, route_kinds, typical_route
from casework.diagrams.texts import route_role, tr
from casework.domain.configuration import Configuration
from casework.domain.delegation import DelegationError, plan_in_force
from casework.domain.errors import InvalidRoute
from casework.domain.organisation import BodyKind, Municipality
from casework.domain.periods import Period
from casework.domain.routes import build_route
from casework.domain.training import rule_examples
from casework.domain.workflow import (
    NEXT_BODY,
    SAME_BODY,
    Route,
    RouteRole,
    Step,
    StepKind,
    Transition,
    WorkflowDefinition,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One diagram of the pack and the file it is written to."""

    workflow: str
    kind: str
    title: str
    route: Route
    diagram: Diagram
    #: The delegation plan's rules that give this route (id, title), the labelled one first;
    #: empty for a generic typical route.
    rules: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> str:
        """The full-size SVG's file name (screen layout), from ids only (ASCII, stable)."""
        return f"{self.diagram.id}.svg"

    @property
    def png(self) -> str:
        """The screen layout as PNG, for slides."""
        return f"{self.diagram.id}.png"

    def printed(self, paper: str) -> str:
        """The print layout as SVG, shown on the page (lanes as columns: it fits a sheet)."""
        return f"{self.diagram.id}-{paper}.svg"

    def pdf(self, paper: str) -> str:
        """The print layout as PDF on whole sheets of ``paper``, for handouts."""
        return f"{self.diagram.id}-{paper}.pdf"


def training_entries(
    config: Configuration, lang: str = "da", day: dt.date | None = None
) -> list[Entry]:
    """The pack's diagrams, the main teaching case first.

    With ``day``, the routes are the ones the delegation plan in force that day gives: one
    example per *rule family* (the rules that send a case to the same workflow along the same
    shape of route: which kinds of body, in which part), drawn along the route the engine decided
    for the family's first rule and labelled with that rule. The main teaching case (a standing
    committee recommends, the finance committee recommends, the council decides) and its
    workflow come first, then the workflows by id, each family in the plan's order. A workflow
    no rule reaches, or every workflow without ``day`` or without a plan in force, is drawn along
    the generic typical routes (:func:`diagrams.route_kinds.route_kinds`).
    """
    municipality = config.municipality
    rules = config.calendar.rules if config.calendar is not None else None
    periods = config.calendar.periods if config.calendar is not None else None
    families = _rule_families(config, lang, day) if day is not None else {}
    order = sorted(config.workflows)
    main = next((f for found in families.values() for f in found if f.shape == MAIN_SHAPE), None)
    if main is not None:
        order.remove(main.workflow)
        order.insert(0, main.workflow)
    entries = []
    for workflow_id in order:
        definition = config.workflows[workflow_id]
        found = families.get(workflow_id, [])
        if found:
            found = sorted(found, key=lambda f: f is not main)
            for family in found:
                diagram = workflow_diagram(
                    definition, municipality, family.route, lang=lang, rules=rules, periods=periods
                )
                kind = f"rule-{family.rules[0][0]}"
                title = f"{family.rules[0][0]} {family.rules[0][1]}"
                entries.append(Entry(workflow_id, kind, title, family.route, diagram, family.rules))
            continue
        kinds = route_kinds(definition, municipality, lang)
        routes = [(k.id, k.title, k.route) for k in kinds] or [
            ("typical", "", typical_route(definition, municipality))
        ]
        for kind_id, title, route in routes:
            diagram = workflow_diagram(
                definition, municipality, route, lang=lang, rules=rules, periods=periods
            )
            entries.append(Entry(workflow_id, kind_id, title, route, diagram))
    return entries


@dataclass(frozen=True, slots=True)
class _Family:
    workflow: str
    shape: tuple[tuple[BodyKind, RouteRole], ...]
    route: Route
    rules: tuple[tuple[str, str], ...]  # (id, title), the plan's order; the first is the example


def _rule_families(config: Configuration, lang: str, day: dt.date) -> dict[str, list[_Family]]:
    """Workflow id → its rule families, from the delegation engine's own decisions."""
    try:
        plan = plan_in_force(config.delegation, day)
    except DelegationError:
        return {}
    municipality = config.municipality
    families: dict[tuple[str, tuple[tuple[BodyKind, RouteRole], ...]], _Family] = {}
    for case in rule_examples(config, plan, day, lang=lang):
        if case.workflow is None or case.workflow not in config.workflows:
            continue
        definition = config.workflows[case.workflow]
        try:
            route = build_route(case.route, definition, municipality)
        except InvalidRoute:
            continue
        shape = tuple((municipality.bodies[e.body].kind, e.role) for e in route)
        key = (case.workflow, shape)
        rule = (case.rule, case.rule_title)
        if key in families:
            family = families[key]
            families[key] = dataclasses.replace(family, rules=(*family.rules, rule))
        else:
            families[key] = _Family(case.workflow, shape, route, (rule,))
    found: dict[str, list[_Family]] = {}
    for family in families.values():
        found.setdefault(family.workflow, []).append(family)
    return found


def index_html(
    config: Configuration, entries: Sequence[Entry], lang: str = "da", paper: str = "a4"
) -> str:
    """The pack's printable index page; its figures are the print layouts for ``paper``."""
    municipality = config.municipality
    title = tr("diagram.training.title", lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)} – {escape(municipality.name)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)} – {escape(municipality.name)}</h1>",
        f"<p>{escape(tr('diagram.training.intro', lang, municipality=municipality.name))}</p>",
        *_how_to_read(lang),
        *_contents(config, entries, lang),
    ]
    for workflow_id in _workflow_order(config, entries):
        definition = config.workflows[workflow_id]
        mine = [e for e in entries if e.workflow == workflow_id]
        periods = config.calendar.periods if config.calendar is not None else {}
        parts += _workflow_section(definition, municipality, mine, lang, paper, periods=periods)
    parts += [
        f"<footer>{escape(tr('diagram.training.footer', lang))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _how_to_read(lang: str) -> list[str]:
    keys = [
        "shape.task",
        "shape.approval",
        "shape.meeting",
        "shape.terminal",
        "shape.link",
        "line.forward",
        "line.return",
        "line.postpone",
    ]
    items = "".join(f"<li>{escape(tr(f'diagram.training.{k}', lang))}</li>" for k in keys)
    return [
        '<section class="how">',
        f"<h2>{escape(tr('diagram.training.how', lang))}</h2>",
        f"<p>{escape(tr('diagram.training.lanes', lang))}</p>",
        f"<ul>{items}</ul>",
        f"<p>{escape(tr('diagram.training.print', lang))}</p>",
        "</section>",
    ]


def _workflow_order(config: Configuration, entries: Sequence[Entry]) -> list[str]:
    """The workflows in the entries' order (the main teaching case's first), then any others."""
    order = list(dict.fromkeys(e.workflow for e in entries if e.workflow in config.workflows))
    return order + [wid for wid in sorted(config.workflows) if wid not in order]


def _contents(config: Configuration, entries: Sequence[Entry], lang: str) -> list[str]:
    links = "".join(
        f'<li><a href="#{escape(wid)}">{escape(definition_title(config.workflows[wid], lang))}</a>'
        "</li>"
        for wid in _workflow_order(config, entries)
    )
    return [f"<nav><h2>{escape(tr('diagram.training.contents', lang))}</h2><ol>{links}</ol></nav>"]


def _workflow_section(
    definition: WorkflowDefinition,
    municipality: Municipality,
    entries: Sequence[Entry],
    lang: str,
    paper: str = "a4",
    *,
    periods: Mapping[str, Period] | None = None,
) -> list[str]:
    parts = [
        f'<section class="workflow" id="{escape(definition.id)}">',
        f"<h2>{escape(definition_title(definition, lang))}</h2>",
        f"<p>{escape(tr('diagram.training.case_type', lang, case_type=definition.case_type))}"
        f" · {escape(tr('diagram.version', lang, version=definition.version))}</p>",
    ]
    for entry in entries:
        route = route_text(entry.route, municipality, lang)
        heading = f"{entry.title}: {route}" if entry.title else route
        parts += [
            "<figure>",
            f"<h3>{escape(heading)}</h3>",
            *_same_route(entry, lang),
            f'<img src="{escape(entry.printed(paper))}" alt="{escape(entry.diagram.title)} – '
            f'{escape(route)}">',
            # Printing the page shrinks the figure to the page; the PDF keeps 7 pt or more.
            f"<figcaption>{escape(tr('diagram.training.versions', lang))} "
            f'<a href="{escape(entry.pdf(paper))}">'
            f"{escape(tr('diagram.training.pdf', lang, paper=paper.upper()))}</a> · "
            f'<a href="{escape(entry.file)}">{escape(tr("diagram.training.svg", lang))}</a> · '
            f'<a href="{escape(entry.png)}">{escape(tr("diagram.training.png", lang))}</a>'
            "</figcaption>",
            "</figure>",
        ]
    parts += _steps_table(definition, municipality, lang, periods or {})
    parts.append("</section>")
    return parts


def _same_route(entry: Entry, lang: str) -> list[str]:
    """The other rules of the entry's family: they give the case the same route."""
    others = "; ".join(f"{rule_id} {title}" for rule_id, title in entry.rules[1:])
    if not others:
        return []
    return [f'<p class="note">{escape(tr("diagram.training.same_route", lang, rules=others))}</p>']


def _steps_table(
    definition: WorkflowDefinition,
    municipality: Municipality,
    lang: str,
    periods: Mapping[str, Period],
) -> list[str]:
    head = "".join(
        f"<th>{escape(tr(f'diagram.training.col.{c}', lang))}</th>"
        for c in ("step", "who", "what", "when", "why")
    )
    rows = []
    for step in _steps_in_flow_order(definition, municipality):
        rule = step.deadline
        # A minimum period first, with its source; the deadline as the planner's length.
        timing = timing_lines(step, municipality, lang, periods)
        when = "; ".join(timing) if timing else tr("diagram.training.no_rule", lang)
        # The minimum's full citation, then the deadline's basis (unless it repeats it).
        reasons = [p.basis for p in _minimum_periods(step, periods) if p.basis]
        if rule is not None and rule.basis and not deadline_repeats_minimum(step, periods):
            reasons.append(rule.basis)
        why = "; ".join(reasons) or "–"
        icon = palette.NODES[NodeKind.APPROVAL].icon if step.kind is StepKind.APPROVAL else ""
        rows.append(
            "<tr>"
            f"<td><b>{escape(icon + step.label(lang))}</b></td>"
            f"<td>{escape(_who(step, municipality, lang))}</td>"
            f"<td>{_what(definition, step, municipality, lang)}</td>"
            f"<td>{escape(when)}</td>"
            f"<td>{escape(why)}</td>"
            "</tr>"
        )
    return [
        f"<h3>{escape(tr('diagram.training.steps', lang))}</h3>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
    ]


def _minimum_periods(step: Step, periods: Mapping[str, Period]) -> list[Period]:
    """The periods a step's minimum rules name (each once), the plain rule's first."""
    names = dict.fromkeys(r.period for r in sorted(step.minimum, key=lambda r: bool(r.when)))
    return [periods[name] for name in names if name in periods]


def _steps_in_flow_order(definition: WorkflowDefinition, municipality: Municipality) -> list[Step]:
    """Template steps in the order the typical route meets them, then any others."""
    graph = definition.expand(typical_route(definition, municipality))
    seen: list[str] = []
    for node_id in flow_order(graph):
        step_id = graph.steps[node_id].step.id
        if step_id not in seen:
            seen.append(step_id)
    seen += [sid for sid in definition.steps if sid not in seen]
    return [definition.steps[sid] for sid in seen]


def _role(municipality: Municipality, role: str, lang: str) -> str:
    spec = municipality.roles.get(role)
    return spec.label(lang) if spec is not None else role


def _who(step: Step, municipality: Municipality, lang: str) -> str:
    role = _role(municipality, step.role, lang)
    if step.kind is not StepKind.MEETING:
        return role
    roles = ", ".join(route_role(r, lang) for r in sorted(step.route_roles))
    return tr("diagram.training.each_body", lang, roles=roles, role=role)


def _what(definition: WorkflowDefinition, step: Step, municipality: Municipality, lang: str) -> str:
    actions = definition.outgoing.get(step.id, ())
    if not actions:
        return escape(tr("diagram.training.ends", lang))
    items = [_action(definition, t, municipality, lang) for t in actions]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _action(
    definition: WorkflowDefinition, t: Transition, municipality: Municipality, lang: str
) -> str:
    icon = palette.EDGES[EdgeKind(t.kind.value)].icon
    if t.target == NEXT_BODY:
        after = definition.steps[definition.steps[t.source].continues_to or t.source]
        target = tr("diagram.training.next_body", lang, step=after.label(lang))
    elif t.target == SAME_BODY:
        target = tr("diagram.training.same_body", lang)
    else:
        target = definition.steps[t.target].label(lang)
    who = ", ".join(_role(municipality, r, lang) for r in sorted(t.roles))
    extra = [tr("diagram.training.by", lang, roles=who)]
    if t.body_roles is not None:
        roles = ", ".join(route_role(r, lang) for r in sorted(t.body_roles))
        extra.append(tr("diagram.training.only_where", lang, roles=roles))
    extra += [describe_condition(c, municipality, lang) for c in t.guard]
    return (
        f"<b>{escape(icon + t.label(lang))}</b> → {escape(target)}"
        f' <span class="note">({escape("; ".join(extra))})</span>'
    )


_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1F2328;
       max-width: 1200px; margin: 0 auto; padding: 1rem; line-height: 1.4; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1rem 0 0.4rem; }
figure { margin: 0 0 1.2rem; break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid #C5CBD3; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; break-inside: auto; }
th, td { border: 1px solid #C5CBD3; padding: 0.3rem 0.45rem; text-align: left;
         vertical-align: top; }
th { background: #DCE2E9; }
tr { break-inside: avoid; }
td ul { margin: 0; padding-left: 1rem; }
.note { color: #57606A; }
section.workflow { break-before: page; }
footer { margin-top: 2rem; color: #57606A; font-size: 0.8rem; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"""
