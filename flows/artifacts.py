"""The coordinators' view in the Prefect UI: keyed artifacts built from casework's own rows.

The board and overdue tables render the one board view (:class:`casework.app.board.BoardView`)
that the CLI, the web page and the JSON API render too.

Text is built by pure functions (tested without a server); :func:`publish_board` and
:func:`publish_case_route` hand it to Prefect.

Anyone who reaches the Prefect UI reads these artifacts, past casework's access checks: a closed
item (KSL § 10) appears by its number and public agenda heading only ("Lukket punkt:
Ejendomssag"), which the view models carry ready (``public_title``, the outlook's ``missing``).
Every text from the store goes through :func:`md` into Markdown (HTML in a title stays text)
and through :func:`diagrams.mermaid.label` into Mermaid; table cells through :func:`cell`.

Keys are stable, so each artifact keeps its version history on the UI's Artifacts page:
``case-board``, ``overdue-cases``, ``meeting-flow``, ``coming-agendas``, ``flow-map`` and
``case-<id>-route``. Routes and the flow map go out as Mermaid, which the v2 UI draws (raw SVG
would be stripped); Graphviz stays for print. The UI fits each diagram into its column (about
650 px wide in a 1400 px window) by scaling it down, so every diagram here runs top down and
stays narrow enough to keep Mermaid's 14 px text (``tests/e2e/test_serve.py`` measures it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from casework.domain.danish import date_da
from casework.domain.messages import render as t

if TYPE_CHECKING:
    from casework.app import App
    from casework.app.board import BoardRow, BoardView
    from casework.app.coordination import AgendaOutlook
    from casework.app.flow_history import FlowHistoryView, StepLoad

BOARD_KEY = "case-board"
OVERDUE_KEY = "overdue-cases"
AGENDAS_KEY = "coming-agendas"
FLOW_KEY = "meeting-flow"
FLOW_MAP_KEY = "flow-map"

_KEY_UNSAFE = re.compile(r"[^a-z0-9-]+")
#: Line breaks and other control characters (and the Unicode line separators): one space.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: ASCII punctuation that Markdown reads as syntax inside a line: escaped with a backslash
#: (``-``, ``+``, ``.`` and ``!`` mean something only at a line's start or before ``[``, and the
#: text never starts a line: line breaks are gone).
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#|~])")
#: Characters that start HTML, an entity, an autolink or a mail link: written as entities.
_MD_ENTITIES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", ":": "&#58;", "@": "&#64;"}
)


def md(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly that text, on one line.

    The one place text is escaped for the Markdown artifacts: line breaks become spaces (a
    title cannot start a heading, a list or a code fence), Markdown syntax is backslash-escaped
    (no emphasis, link or table cell border), and ``&``, ``<``, ``>``, ``"``, ``:`` and ``@``
    become entities, so HTML in a title (``<img src=x onerror=…>``) stays text and no URL or
    address turns into a link.
    """
    return _MD_SYNTAX.sub(r"\\\1", _BREAKS.sub(" ", text)).translate(_MD_ENTITIES)


def cell(text: str) -> str:
    """``text`` for a table artifact's cell, which the UI shows as plain text: one line."""
    return _BREAKS.sub(" ", text).strip()


def case_route_key(case_id: str) -> str:
    """``case-2026-0046-route``: Prefect keys take lowercase letters, digits and dashes only."""
    return f"case-{_KEY_UNSAFE.sub('-', case_id.lower()).strip('-')}-route"


def board_table(rows: Sequence[BoardRow], base_url: str, lang: str = "da") -> list[dict[str, Any]]:
    """The case board as table rows, most urgent first."""
    head = _HEAD_EN if lang == "en" else _HEAD_DA
    return [
        {
            # Table cells are plain text in the UI: the address is its own column.
            head["case"]: r.id,
            head["title"]: cell(r.public_title),  # a closed item: "Lukket punkt: Personsag"
            head["step"]: cell(r.step_label),
            head["responsible"]: cell(", ".join(r.responsible_names)) or "–",
            head["due"]: r.due_text(lang),  # a case waiting for a meeting: its day, countdown
            head["left"]: "–" if r.workdays_left is None else r.workdays_left,
            head["status"]: r.status_text(lang),
            head["link"]: f"{base_url}/sager/{r.id}",
        }
        for r in rows
    ]


def meeting_flow_table(view: BoardView, base_url: str) -> list[dict[str, Any]]:
    """The flow toward the coming meetings (the board view's ``meetings``), one row per case
    headed for a meeting, a meeting without any as one row: a closed item by its public
    heading."""
    from casework.app.flow import STATE_TEXT

    en = view.lang == "en"
    rows: list[dict[str, Any]] = []
    for m in view.meetings:
        head = {
            "Møde" if not en else "Meeting": f"{m.body_short} {m.date.isoformat()}",
            "Dagsordensfrist" if not en else "Agenda deadline": (
                m.deadline.isoformat() if m.deadline else "–"
            ),
            "Hverdage til frist" if not en else "Working days left": (
                "–" if m.deadline_workdays is None else m.deadline_workdays
            ),
            "Sager/pladser" if not en else "Cases/places": (
                f"{m.count}/{m.capacity}" if m.capacity is not None else str(m.count)
            ),
        }
        for c in m.cards or [None]:
            rows.append({
                **head,
                "Sag" if not en else "Case": c.id if c else "–",
                "Titel" if not en else "Title": cell(c.public_title) if c else "–",
                "Status" if not en else "State": STATE_TEXT[c.state][int(en)] if c else "–",
                "Risiko" if not en else "Risk": (
                    ("for sent" if not en else "late") if c and c.late
                    else ("i risiko" if not en else "at risk") if c and c.at_risk else ""
                ),
                "Link": f"{base_url}/sager/{c.id}" if c else "",
            })  # fmt: skip
    return rows


def agendas_markdown(agendas: Sequence[AgendaOutlook], today: dt.date) -> str:
    """The coming agendas with what is still missing from them (Danish)."""
    lines = [f"# Kommende dagsordener pr. {date_da(today)}", ""]
    if not agendas:
        lines.append("Ingen ordinære møder i den nærmeste tid.")
    for agenda in agendas:
        deadline = f", dagsordensfrist {date_da(agenda.deadline)}" if agenda.deadline else ""
        lines.append(f"## {md(agenda.body_name)} {date_da(agenda.date)}{deadline}")
        lines.append(f"{agenda.items} sagspunkter.")
        if agenda.missing:
            lines.append("")
            lines.append("**Mangler (planlagt, men ikke gennem sekretariatet):**")
            lines += [f"- {md(item)}" for item in agenda.missing]
        lines += [f"- ⚠ {md(warning)}" for warning in agenda.warnings]
        lines.append("")
    return "\n".join(lines)


def case_route_markdown(services: App, case_id: str, base_url: str, lang: str = "da") -> str:
    """One case's route as Mermaid (current step highlighted), then its planned deadlines.

    The step and the responsible people are the case row every other view shows.
    """
    from casework.diagrams.mermaid import to_mermaid

    case, events = services.case(case_id)
    graph = services.graph(case)
    row = services.views.row(case, lang)
    diagram = services.views.journey(case, events, lang, public=True)
    due = date_da(dt.date.fromisoformat(case.due[:10])) if case.due else "ingen"
    responsible = md(", ".join(row.responsible_names)) or "–"
    lines = [
        f"# {md(case.id)} {md(row.public_title)}",
        "",
        f"**Trin:** {md(row.step_title)} · **Ansvarlig:** {responsible} · **Frist:** {due}",
        "",
        "```mermaid",
        to_mermaid(diagram, "TB").rstrip("\n"),
        "```",
        "",
    ]
    if case.planned:
        lines += ["| Trin | Planlagt frist |", "|---|---|"]
        for step, day in sorted(case.planned.items(), key=lambda item: (item[1], item[0])):
            title = services.views.step_label(graph, step, lang)
            lines.append(f"| {md(title)} | {date_da(dt.date.fromisoformat(day[:10]))} |")
        lines.append("")
    lines.append(f"[Åbn sagen i casework]({base_url}/sager/{quote(case.id)})")
    return "\n".join(lines) + "\n"


def publish_board(view: BoardView, agendas: Sequence[AgendaOutlook], base_url: str) -> None:
    """Create the board, overdue and agenda artifacts (new versions of their keys)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    day = date_da(view.today)
    create_table_artifact(
        table=board_table(view.rows, base_url, view.lang),
        key=BOARD_KEY,
        description=f"Sagstavlen {day}: alle åbne sager, de mest presserende først.",
    )
    create_table_artifact(
        table=board_table(view.overdue(), base_url, view.lang),
        key=OVERDUE_KEY,
        description=f"Overskredne frister {day}.",
    )
    create_table_artifact(
        table=meeting_flow_table(view, base_url),
        key=FLOW_KEY,
        description=f"Flow mod møderne {day}: de kommende møder og sagerne på vej til dem.",
    )
    create_markdown_artifact(
        markdown=agendas_markdown(agendas, view.today),
        key=AGENDAS_KEY,
        description="Kommende dagsordener og de punkter, der mangler.",
    )


def flow_map_markdown(view: FlowHistoryView) -> str:
    """The open cases' route map and the throughput per week: the flow-over-time view model
    that the board's "Flow over tid" page draws as SVG, here as one top-down Mermaid diagram
    per workflow (open cases, median wait and overdue cases at each step) and a table.

    The view holds counts and step titles only, never a case title; the titles (from the
    configuration) still go through :func:`md` and :func:`diagrams.mermaid.label`.
    """
    from casework.entrypoints import flow_texts as _flow_texts  # noqa: F401 - the texts

    lang = view.lang
    day = view.today.isoformat() if lang == "en" else date_da(view.today)
    lines = [f"# {t('flow.title', lang)} · {day}", "", f"## {t('flow.map', lang)}", ""]
    if not view.workflows:
        lines += [t("flow.none", lang), ""]
    for _wid, title, steps in view.workflows:
        count = sum(s.count for s in steps)
        overdue = sum(s.overdue for s in steps)
        summary = f"{t('flow.open', lang)}: {count}"
        if overdue:
            summary += " · " + t("flow.overdue", lang, count=overdue)
        lines += [f"### {md(title)}", "", summary, "", "```mermaid"]
        lines += _route_map_mermaid(title, steps, lang)
        lines += ["```", ""]
    if view.weeks:
        opened, finished = t("flow.opened", lang), t("flow.finished", lang)
        lines += [f"## {t('flow.throughput', lang)}", ""]
        lines += [f"| {t('flow.week', lang)} | {opened} | {finished} |", "|---|---:|---:|"]
        lines += [f"| {w.week} | {w.opened} | {w.finished} |" for w in view.weeks]
        average = _num(round(view.throughput, 1), lang)
        lines += ["", t("flow.average", lang, count=average, weeks=len(view.weeks))]
    return "\n".join(lines) + "\n"


#: The route map's boxes: the fuller a step (its share of the workflow's fullest step), the
#: darker; an empty step dashed; a step with overdue cases gets a thick vermilion border.
_MAP_CLASSES = (
    "  classDef empty fill:#FFFFFF,stroke:#8C959F,color:#57606A,stroke-dasharray:5 3",
    "  classDef low fill:#E3EEF9,stroke:#6B7280,color:#1F2328",
    "  classDef mid fill:#9EC1EF,stroke:#6B7280,color:#1F2328",
    "  classDef high fill:#0B4FA8,stroke:#0B4FA8,color:#FFFFFF",
    "  classDef late stroke:#D55E00,stroke-width:4px",
)


#: Steps per row of the route map: three boxes (each at most about 230 px, Mermaid wraps a label
#: at 200 px) fit the UI's column at 14 px.
_MAP_ROW = 3


def _route_map_mermaid(title: str, steps: Sequence[StepLoad], lang: str) -> list[str]:
    """One workflow's steps in order as a Mermaid flowchart (no fence): rows of
    :data:`_MAP_ROW` steps left to right, the rows top down, like the page's map."""
    from casework.diagrams.mermaid import comment, label

    most = max((s.count for s in steps), default=0) or 1
    lines = ["flowchart TB", f"  %% {comment(title)}", *_MAP_CLASSES]
    classes: dict[str, list[str]] = {}
    rows = [range(i, min(i + _MAP_ROW, len(steps))) for i in range(0, len(steps), _MAP_ROW)]
    for row, members in enumerate(rows):
        # A row is a frameless subgraph: its steps link only to each other, so it keeps its
        # own direction (Mermaid drops a subgraph's direction when a node links outside).
        lines += [f'  subgraph r{row}[" "]', "    direction LR"]
        for index in members:
            step = steps[index]
            text = [step.title, f"{t('flow.open', lang)}: {step.count}"]
            if step.median_wait is not None:
                text.append(t("flow.wait", lang, days=_num(step.median_wait, lang)))
            if step.overdue:
                text.append(t("flow.overdue", lang, count=step.overdue))
            lines.append(f"    s{index:02d}({label(chr(10).join(text))})")
            share = step.count / most
            level = "empty" if not step.count else "low" if share <= 1 / 3 else (
                "mid" if share <= 2 / 3 else "high"
            )  # fmt: skip
            classes.setdefault(level, []).append(f"s{index:02d}")
            if step.overdue:
                classes.setdefault("late", []).append(f"s{index:02d}")
        lines += [f"    s{a:02d} --> s{a + 1:02d}" for a in members[:-1]]
        lines += ["  end", f"  style r{row} fill:none,stroke:none"]
    lines += [f"  r{row - 1} --> r{row}" for row in range(1, len(rows))]
    # "late" last: its border wins over the fill class's.
    order = ("empty", "low", "mid", "high", "late")
    lines += [f"  class {','.join(classes[c])} {c}" for c in order if c in classes]
    return lines


def _num(value: float, lang: str) -> str:
    text = str(int(value)) if value == int(value) else f"{value:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def publish_flow_map(view: FlowHistoryView) -> None:
    """Create the flow map artifact (a new version of ``flow-map``)."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(
        markdown=flow_map_markdown(view),
        key=FLOW_MAP_KEY,
        description=(
            f"Rutekort {date_da(view.today)}: åbne sager og ventetid på hvert trin, "
            "og gennemløbet pr. uge."
        ),
    )


def publish_case_route(services: App, case_id: str, base_url: str) -> None:
    """Create the case's route artifact (a new version of ``case-<id>-route``)."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(
        markdown=case_route_markdown(services, case_id, base_url),
        key=case_route_key(case_id),
        description=f"Sagsgangen for {case_id}: hvor sagen er, og hvad der venter.",
    )


_HEAD_DA = {
    "case": "Sag",
    "title": "Titel",
    "step": "Trin",
    "responsible": "Ansvarlig",
    "due": "Næste frist",
    "left": "Hverdage tilbage",
    "status": "Status",
    "link": "Link",
}
_HEAD_EN = {
    "case": "Case",
    "title": "Title",
    "step": "Step",
    "responsible": "Responsible",
    "due": "Next deadline",
    "left": "Working days left",
    "status": "Status",
    "link": "Link",
}
