"""Rich tables and panels for the CLI: the case, the history, lists and the case board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from casework.domain.case import (
    last_decision,
    override_reason,
    responsible_people,
    route_source,
)
from casework.domain.events import EventKind
from casework.domain.workflow import CaseStatus, RouteRole
from casework.entrypoints.texts import t

if TYPE_CHECKING:
    from rich.console import Console

    from casework.app import App
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent

_ROLE_DA = {
    RouteRole.RECOMMENDS: "indstiller",
    RouteRole.DECIDES: "beslutter",
    RouteRole.INFORMED: "orienteres",
}
_ROLE_EN = {
    RouteRole.RECOMMENDS: "recommends",
    RouteRole.DECIDES: "decides",
    RouteRole.INFORMED: "informed",
}


def body_short(services: App, body: str) -> str:
    """A body's short name; a body not in the configuration (imported from OParl, issue 7) is
    named by its key, which for imported bodies is the organisation's name."""
    found = services.config.municipality.bodies.get(body)
    return found.short if found is not None else body


def step_label(services: App, case: Case, lang: str) -> str:
    """The current step's title, with the body for meeting steps."""
    node = services.graph(case).steps[case.step]
    label = node.step.label(lang)
    if node.body is not None:
        label += f" – {body_short(services, node.body)}"
    return label


def _people(services: App, ids: Sequence[str]) -> str:
    people = services.config.municipality.people
    return ", ".join(people[i].name if i in people else i for i in ids)


def _due_cell(due: str | None, today: dt.date, lang: str) -> Text:
    if not due:
        return Text("–")
    days = (dt.date.fromisoformat(due) - today).days
    if days < 0:
        return Text(f"{due} ({t('overdue', lang)})", style="bold red")
    return Text(due, style="yellow" if days <= 2 else "")


def route_text(services: App, case: Case, lang: str) -> Text:
    """The route as "TMU (indstiller) → ØU (indstiller) → KB (beslutter)", current body bold."""
    current = services.graph(case).steps[case.step].body
    roles = _ROLE_EN if lang == "en" else _ROLE_DA
    text = Text()
    for i, entry in enumerate(case.route):
        if i:
            text.append(" → ")
        style = "bold reverse" if entry.body == current else ""
        text.append(f"{body_short(services, entry.body)} ({roles[entry.role]})", style=style)
    return text if case.route else Text("–")


def print_case(
    console: Console,
    services: App,
    case: Case,
    events: Sequence[CaseEvent],
    *,
    actor: str | None,
    lang: str,
) -> None:
    """The case page of the CLI."""
    graph = services.graph(case)
    municipality = services.config.municipality
    today = services.clock.today()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    definition = graph.definition
    status = t(f"status.{case.status.value}", lang)
    grid.add_row(t("col.case", lang), f"{case.id}  {case.title}")
    grid.add_row(
        t("col.workflow", lang),
        f"{definition.title_en or definition.title}" if lang == "en" else definition.title,
    )
    grid.add_row(t("col.status", lang), f"{status} · version {case.version}")
    grid.add_row(t("col.step", lang), step_label(services, case, lang))
    grid.add_row(t("col.route", lang), route_text(services, case, lang))
    source = route_source(events)
    grid.add_row("", t(f"cli.route_source.{source}", lang, reason=override_reason(events) or ""))
    explanation = decision_lines(services, case, events, lang)
    if explanation:
        grid.add_row(t("col.decision", lang), "\n".join(explanation))
    grid.add_row(
        t("col.responsible", lang),
        _people(services, responsible_people(case, graph, municipality)) or "–",
    )
    grid.add_row(t("col.due", lang), _due_cell(case.due, today, lang))
    grid.add_row(t("col.owner", lang), _people(services, [case.owner]))
    grid.add_row(
        t("col.centre", lang),
        municipality.centres[case.centre].name
        if case.centre in municipality.centres
        else case.centre,
    )
    if case.attributes:
        grid.add_row(
            t("col.attributes", lang),
            ", ".join(f"{k}={v}" for k, v in sorted(case.attributes.items())),
        )
    actions = case.available_actions(graph, municipality if actor else None, actor)
    grid.add_row(
        t("col.actions", lang),
        ", ".join(f"{a.action} ({a.transition.label(lang)})" for a in actions) or "–",
    )
    console.print(grid)
    console.print()
    print_history(console, services, events, lang)


def decision_lines(services: App, case: Case, events: Sequence[CaseEvent], lang: str) -> list[str]:
    """The delegation plan's decision for the case, explained; empty without one."""
    recorded = last_decision(events)
    if recorded is None:
        return []
    plan_ref = recorded.get("plan", {})
    plan = next(
        (
            p
            for p in services.config.delegation
            if (p.id, p.version) == (plan_ref.get("id"), plan_ref.get("version"))
        ),
        None,
    )
    if plan is None:  # the plan has left config/: show what was recorded
        return [f"{recorded.get('decider')} ({recorded.get('rule') or '-'})"]
    from casework.domain.delegation import bound_plan, decide_with
    from casework.domain.delegation_explain import explain

    municipality = services.config.municipality
    decision = decide_with(plan, case.attributes, municipality)
    return [line for line in explain(decision, bound_plan(plan, municipality), lang) if line]


def _event_text(services: App, event: CaseEvent, lang: str) -> str:
    data: dict[str, Any] = event.data
    if event.kind is EventKind.OPENED:
        return t("event.opened", lang)
    if event.kind is EventKind.ATTRIBUTES_CHANGED:
        changes = ", ".join(
            f"{k}={v if v is not None else '–'}" for k, v in data["changes"].items()
        )
        routed = " → " + t("event.rerouted", lang) if data.get("route") else ""
        return t("event.attributes", lang, changes=changes) + routed
    if event.kind is EventKind.PLANNED:
        meetings = ", ".join(f"{m['body']} {m['date']}" for m in data["meetings"]) or "–"
        return t("event.planned", lang, meetings=meetings)
    if event.kind is EventKind.ROUTE_CHANGED:
        bodies = " → ".join(e["body"] for e in data["route"]) or "–"
        return t("event.route", lang, route=bodies, reason=data["reason"])
    return f"{data['action']}: {data['from']} → {data['to']}"


def print_history(console: Console, services: App, events: Sequence[CaseEvent], lang: str) -> None:
    """The history table: when, who, what, comment, and the start of each hash."""
    table = Table(show_lines=False)
    for key in ("col.version", "col.when", "col.who", "col.what", "col.comment"):
        table.add_column(t(key, lang))
    table.add_column("hash")
    for event in events:
        table.add_row(
            str(event.seq),
            event.at[:16].replace("T", " "),
            _people(services, [event.actor]),
            _event_text(services, event, lang),
            event.data.get("comment") or "",
            event.hash[:12],
        )
    console.print(table)


def print_cases(
    console: Console, services: App, cases: Sequence[Case], lang: str, title: str | None
) -> None:
    """A table of cases."""
    if not cases:
        console.print(t("cli.no_cases", lang))
        return
    today = services.clock.today()
    municipality = services.config.municipality
    table = Table(title=title)
    for key in ("col.case", "col.title", "col.step", "col.responsible", "col.due"):
        table.add_column(t(key, lang))
    for case in cases:
        graph = services.graph(case)
        who = responsible_people(case, graph, municipality)
        status = "" if case.status is CaseStatus.OPEN else f" ({t('status.closed', lang)})"
        table.add_row(
            case.id,
            case.title,
            step_label(services, case, lang) + status,
            _people(services, who[:2]) + (" …" if len(who) > 2 else ""),
            _due_cell(case.due, today, lang),
        )
    console.print(table)


def print_board(
    console: Console, services: App, counts: dict[str, int], urgent: Sequence[Case], lang: str
) -> None:
    """The case board: open cases by step, then the most urgent cases."""
    name = services.config.municipality.name
    console.rule(t("board.title", lang, name=name))
    by_step = Table(title=t("board.by_step", lang))
    by_step.add_column(t("col.step", lang))
    by_step.add_column(t("col.count", lang), justify="right")
    for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        by_step.add_row(label, str(count))
    console.print(by_step)
    print_cases(console, services, urgent, lang, title=t("board.urgent", lang, count=len(urgent)))


def event_text(services: App, event: CaseEvent, lang: str) -> str:
    """One history event as a line of text (shared by the CLI's table and the web app)."""
    return _event_text(services, event, lang)
