"""Rich renderings of the view models for people: the case page, lists, the board, plans.

The ``--json`` output renders the same view models through their ``as_json``; only the
presentation differs. Imported by the commands when they print, never at registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from casework.domain.messages import render
from casework.entrypoints.cli import meeting_texts as _texts  # noqa: F401 - the plans' texts
from casework.entrypoints.texts import t

if TYPE_CHECKING:
    from rich.console import Console

    from casework.app.board import BoardView
    from casework.app.flow_history import FlowHistoryView
    from casework.app.views import CaseRow, CaseView, HistoryEntry
    from casework.domain.organisation import Municipality
    from casework.domain.planning import CasePlan, PlannedStep


def due_cell(due: str | None, today: dt.date, lang: str) -> Text:
    """A due date, red when overdue and yellow in the last two days."""
    if not due:
        return Text("–")
    days = (dt.date.fromisoformat(due) - today).days
    if days < 0:
        return Text(f"{due} ({t('overdue', lang)})", style="bold red")
    return Text(due, style="yellow" if days <= 2 else "")


def route_text(row: CaseRow) -> Text:
    """The route as "TMU (indstiller) → ØU (indstiller) → KB (beslutter)", current body bold."""
    text = Text()
    for i, stop in enumerate(row.route):
        if i:
            text.append(" → ")
        text.append(
            f"{stop.short} ({stop.role_text})", style="bold reverse" if stop.current else ""
        )
    return text if row.route else Text("–")


def case_page(console: Console, view: CaseView, today: dt.date) -> None:
    """The case page: head, route and its source, the decision, people, dates, actions, history."""
    row, lang = view.row, view.row.lang
    case = row.case
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(t("col.case", lang), f"{case.id}  {case.title}")
    grid.add_row(t("col.workflow", lang), row.workflow_title)
    grid.add_row(t("col.status", lang), f"{row.status_text} · version {case.version}")
    grid.add_row(t("col.step", lang), row.step_label)
    grid.add_row(t("col.route", lang), route_text(row))
    grid.add_row("", view.route_source_text)
    if view.decision.lines:
        grid.add_row(t("col.decision", lang), "\n".join(view.decision.lines))
    grid.add_row(t("col.responsible", lang), ", ".join(row.responsible_names) or "–")
    grid.add_row(t("col.due", lang), due_cell(case.due, today, lang))
    if view.minimum:  # a hearing, the klagefrist: the step cannot be left earlier
        grid.add_row("", view.minimum)
    grid.add_row(t("col.owner", lang), row.owner_name)
    grid.add_row(t("col.centre", lang), row.centre_name)
    if view.attributes:  # the view model's values: ja/nej, not True/False
        grid.add_row(
            t("col.attributes", lang), ", ".join(f"{k}={v}" for k, _, v in view.attributes)
        )
    grid.add_row(
        t("col.actions", lang), ", ".join(f"{a.action} ({a.title})" for a in row.actions) or "–"
    )
    console.print(grid)
    console.print()
    history(console, view.history, lang)


def history(console: Console, entries: Sequence[HistoryEntry], lang: str) -> None:
    """The history table: when, who, what, comment, and the start of each hash."""
    table = Table(show_lines=False)
    for key in ("col.version", "col.when", "col.who", "col.what", "col.comment"):
        table.add_column(t(key, lang))
    table.add_column("hash")
    for entry in entries:
        table.add_row(
            str(entry.seq), entry.when, entry.actor_name, entry.text, entry.comment, entry.hash[:12]
        )
    console.print(table)


def cases(
    console: Console, rows: Sequence[CaseRow], lang: str, today: dt.date, title: str | None = None
) -> None:
    """A table of cases."""
    if not rows:
        console.print(t("cli.no_cases", lang))
        return
    table = Table(title=title)
    for key in ("col.case", "col.title", "col.step", "col.responsible", "col.due"):
        table.add_column(t(key, lang))
    for row in rows:
        closed = "" if row.case.status.value == "open" else f" ({t('status.closed', lang)})"
        names = row.responsible_names
        table.add_row(
            row.id,
            row.case.title,
            row.step_label + closed,
            ", ".join(names[:2]) + (" …" if len(names) > 2 else ""),
            due_cell(row.case.due, today, lang),
        )
    console.print(table)


def board(console: Console, view: BoardView) -> None:
    """The case board: open cases by step and by body, then the most urgent cases."""
    lang = view.lang
    console.rule(t("board.title", lang, name=view.municipality))
    no_body = t("board.no_body", lang)
    counts = Table.grid(padding=(0, 4))
    counts.add_row(
        _counts(t("board.by_step", lang), t("col.step", lang), view.by_step, lang),
        _counts(
            t("board.by_body", lang),
            t("col.body", lang),
            [(c.short or no_body, c.count) for c in view.by_body],
            lang,
        ),
    )
    console.print(counts)
    table = Table(title=t("board.urgent", lang, count=len(view.rows), total=view.total))
    keys = ("col.case", "col.title", "col.step", "col.responsible", "col.due", "col.workdays_left")
    for key in keys:
        table.add_column(t(key, lang))
    for row in view.rows:
        table.add_row(
            row.id,
            row.title,
            row.step_label,
            row.responsible_text,
            due_cell(row.due.isoformat(), view.today, lang)
            if row.due
            else Text(row.due_text(lang)),
            "–" if row.workdays_left is None else str(row.workdays_left),
        )
    console.print(table)


def board_meetings(console: Console, view: BoardView) -> None:
    """The flow by meeting: each coming meeting with the cases headed for it."""
    from casework.app.flow import STATE_TEXT

    lang = view.lang
    console.rule(t("board.meetings", lang))
    pick = 1 if lang == "en" else 0
    for column in view.meetings:
        head = t(
            "board.meeting_head", lang, body=column.body_short, date=column.date.isoformat(),
            deadline=column.deadline.isoformat() if column.deadline else "–",
            left="–" if column.deadline_workdays is None else column.deadline_workdays,
            count=column.count,
            capacity=f"/{column.capacity}" if column.capacity is not None else "",
            at_risk=column.at_risk, late=column.late,
        )  # fmt: skip
        table = Table(title=head, title_style="bold red" if column.full else "bold")
        for key in ("col.case", "col.title", "col.step", "col.state", "col.due"):
            table.add_column(t(key, lang))
        for card in column.cards:
            state = STATE_TEXT[card.state][pick]
            flag = " !" if card.late else (" ?" if card.at_risk else "")
            due = card.due.isoformat() if card.due else None
            table.add_row(card.id, card.title, card.step_label, state + flag,
                          due_cell(due, view.today, lang))  # fmt: skip
        console.print(table)


def board_flow(console: Console, view: BoardView) -> None:
    """The flow by step: the open cases by phase along the route, oldest at the step first."""
    lang = view.lang
    console.rule(t("board.flow", lang))
    for column in view.phases:
        head = t("board.phase_head", lang, title=column.title, count=column.count,
                 overdue=column.overdue)  # fmt: skip
        table = Table(title=head)
        for key in ("col.case", "col.title", "col.step", "col.age", "col.due"):
            table.add_column(t(key, lang))
        for card in column.cards:
            due = card.due.isoformat() if card.due else None
            table.add_row(card.id, card.title, card.step_label, str(card.age),
                          due_cell(due, view.today, lang))  # fmt: skip
        console.print(table)


def board_time(console: Console, view: FlowHistoryView) -> None:
    """The flow over time: the open cases' route map, then the weeks of the cumulative flow."""
    from casework.entrypoints import flow_texts as _flow_texts  # noqa: F401 - the texts

    lang = view.lang
    comma = lang != "en"

    def num(value: float | None) -> str:
        if value is None:
            return "–"
        text = str(int(value)) if value == int(value) else f"{value:.1f}"
        return text.replace(".", ",") if comma else text

    console.rule(t("flow.map", lang))
    for _wid, title, steps in view.workflows:
        table = Table(title=title)
        for key in ("flow.step", "flow.open", "flow.median", "flow.longest"):
            table.add_column(t(key, lang), justify="left" if key == "flow.step" else "right")
        table.add_column(t("overdue", lang).capitalize(), justify="right")
        for s in steps:
            table.add_row(s.title, str(s.count), num(s.median_wait), num(s.longest_wait),
                          str(s.overdue) if s.overdue else "")  # fmt: skip
        console.print(table)
    if not view.workflows:
        console.print(t("flow.none", lang))
    table = Table(title=t("flow.cfd", lang))
    table.add_column(t("flow.week", lang))
    for _band, label in view.bands:
        table.add_column(label, justify="right")
    table.add_column(t("flow.opened", lang), justify="right")
    table.add_column(t("flow.finished", lang), justify="right")
    for week in view.weeks:
        table.add_row(week.week, *(str(week.count(b)) for b, _ in view.bands),
                      str(week.opened), str(week.finished))  # fmt: skip
    console.print(table)
    console.print(
        t("flow.average", lang, count=num(round(view.throughput, 1)), weeks=len(view.weeks))
    )


def _counts(title: str, head: str, counts: Sequence[tuple[str, int]], lang: str) -> Table:
    table = Table(title=title)
    table.add_column(head)
    table.add_column(t("col.count", lang), justify="right")
    for label, count in counts:
        table.add_row(label, str(count))
    return table


# --------------------------------------------------------------------------- plans
def short(municipality: Municipality, body: str) -> str:
    """A body's short name (an imported body's key otherwise)."""
    known = municipality.bodies.get(body)
    return known.short if known is not None else body


def weekday(day: dt.date, lang: str) -> str:
    """A day with its weekday: "mandag 2026-03-02"."""
    return render(f"cal.weekday.{day.weekday()}", lang) + " " + day.isoformat()


def case_plan(
    console: Console, heading: str, plan: CasePlan, municipality: Municipality, lang: str
) -> None:
    """A plan: the earliest meetings, every step's latest start and due date, and why not
    earlier."""
    console.print(heading)
    chain = ", ".join(
        f"{short(municipality, m.body)} {weekday(m.date, lang)} {m.time.strftime('%H:%M')}"
        for m in plan.meetings
    )
    if chain:
        console.print(render("mcli.chain", lang, meetings=chain))
    table = Table()
    for key in ("mcli.step", "mcli.responsible", "mcli.start", "mcli.due", "mcli.rule"):
        table.add_column(render(key, lang))
    for step in plan.steps:
        table.add_row(*_step_cells(step, municipality, lang))
    console.print(table)
    console.print(render("mcli.slack", lang, slack=plan.slack))
    if plan.rejections:
        console.print(render("mcli.not_earlier", lang))
        for rejection in plan.rejections:
            console.print("  • " + rejection.message(lang), markup=False)


def _step_cells(step: PlannedStep, municipality: Municipality, lang: str) -> list[str]:
    title = step.label(lang)
    if step.body is not None and step.kind != "agenda":
        title += f" – {short(municipality, step.body)}"
    role = municipality.roles.get(step.role)
    due = weekday(step.due, lang)
    if step.due_time is not None:
        due += f" {step.due_time.strftime('%H:%M')}"
    rule = ""
    if step.spec is not None:
        direction = "duration" if step.kind not in {"meeting", "agenda"} else "before"
        described = step.spec.describe(direction)
        rule = render(described.key, lang, **described.params)
        if step.spec.basis:
            rule += f"; {step.spec.basis}"
    return [
        title,
        role.label(lang) if role is not None else step.role,
        weekday(step.start, lang) if step.start else "",
        due,
        rule,
    ]
