"""The mined route map: how cases really went, from their histories (a directly-follows graph).

Process mining, reimplemented rather than imported (pm4py is AGPL and pulls in half of SciPy;
shared/docs/anchors.md §5). Two pure steps:

* :func:`mine` folds plain case traces (:class:`Trace`: the steps a case visited, in event
  order, with when) into a :class:`MinedMap`: how often each step was visited, how often a
  case went directly from step *a* to step *b*, and how long it waited in *a* before it did
  (median and 90th percentile, in working days when a calendar is given). Each observed move is
  checked against the designed workflow: a move no transition of the case's own expanded route
  graph allows is a *deviation* (conformance checking, at the concrete level, so a skipped
  meeting template of an administrative decision is not a false alarm).
* :func:`mined_figure` draws the map: nodes and edges coloured by median wait from the
  accessible wait scale in :mod:`diagrams.palette`, the wait also written out ("median 4
  hverdage"), pen width by frequency, deviations red, dashed, marked ✗ and listed.

Nothing here reads the store: the CLI loads the traces (``casework.services.history_export``),
and the benchmark feeds synthetic ones, so it measures the mining alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casework.diagrams import palette
from casework.diagrams.dot import html, quote
from casework.diagrams.extract import definition_title
from casework.diagrams.figure import (
    Figure,
    counted,
    graph_defaults,
    mermaid_label,
    noun,
    number,
    title_label,
)
from casework.diagrams.texts import format_date, tr
from casework.domain.messages import register
from casework.domain.organisation import Municipality
from casework.domain.routes import pass_label
from casework.domain.workdays import WorkCalendar
from casework.domain.workflow import Route, StepKind, WorkflowDefinition, split_step_id

START = "__start__"


class Level(StrEnum):
    """How finely steps are told apart: per template step, or per step and body."""

    TEMPLATE = "template"
    CONCRETE = "concrete"


@dataclass(frozen=True, slots=True)
class Trace:
    """One case's history as the miner needs it.

    ``visits`` are the concrete step ids the case entered (``politisk_behandling@oeu``), in
    event order (by ``seq``), each with the stored event instant (fixed-width UTC text).
    """

    case_id: str
    workflow_id: str
    route: Route
    visits: Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which part of the history to mine; None means no limit."""

    start: dt.date | None = None  #: first day (local) of the period, included
    end: dt.date | None = None  #: last day of the period, included
    body: str | None = None  #: only cases whose route includes this body
    workflow: str | None = None  #: only cases of this workflow (case type)


@dataclass(frozen=True, slots=True)
class Wait:
    """How long cases stayed, in days of :attr:`MinedMap.unit`."""

    median: float
    p90: float


@dataclass(frozen=True, slots=True)
class Activity:
    """A step as observed: visits, cases still in it, and the wait before leaving it."""

    id: str
    visits: int
    open: int
    wait: Wait | None


@dataclass(frozen=True, slots=True)
class Flow:
    """A directly-follows edge: ``count`` moves from ``source`` to ``target``.

    ``deviations`` counts the moves the designed workflow does not allow; ``wait`` is the time
    spent in ``source`` before the move (None for the edges from the start).
    """

    source: str
    target: str
    count: int
    wait: Wait | None
    deviations: int = 0
    #: Of a step's loop at the template level, the moves on to the next body of the route
    #: (``politisk_behandling@tmu`` → ``@oeu``): a forwarding, not the same step again.
    forwarded: int = 0


@dataclass(frozen=True)
class MinedMap:
    """What :func:`mine` found, sorted, ready to draw or to compare with pm4py."""

    level: Level
    filters: Filters
    #: "hverdage" when waits are counted in working days, "dage" for calendar days.
    unit: str
    cases: int
    events: int
    activities: tuple[Activity, ...]
    flows: tuple[Flow, ...]
    workflows: tuple[str, ...] = field(default=())

    def flow(self, source: str, target: str) -> Flow:
        """The edge ``source`` → ``target``."""
        for flow in self.flows:
            if (flow.source, flow.target) == (source, target):
                return flow
        raise KeyError((source, target))


# --------------------------------------------------------------------------- mining
def template_of(step: str) -> str:
    """The template step of a concrete step id (``politisk_behandling@oeu`` → without body)."""
    return split_step_id(step)[0]


def mine(
    traces: Iterable[Trace],
    definitions: Mapping[str, WorkflowDefinition],
    *,
    level: Level = Level.TEMPLATE,
    filters: Filters = Filters(),
    calendar: WorkCalendar | None = None,
) -> MinedMap:
    """The directly-follows graph of ``traces`` with waits and deviations.

    A visit counts when its event falls in the period; a move a → b counts when the event that
    entered b does, and its wait is the days from entering a to entering b (working days after
    the first day up to and including the second, as ``WorkCalendar.count_hverdage`` counts;
    outside the calendar's years, Monday to Friday). The start edges say where cases began.
    """
    days = _DayIndex(calendar)
    allowed_cache: dict[tuple[str, Route], frozenset[tuple[str, str]] | None] = {}
    labels = _Labels(concrete=level is Level.CONCRETE)
    visits: Counter[str] = Counter()
    open_at: Counter[str] = Counter()
    flow_counts: Counter[tuple[str, str]] = Counter()
    deviations: Counter[tuple[str, str]] = Counter()
    forwarded: Counter[tuple[str, str]] = Counter()
    waits: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    cases = events = 0
    workflows: set[str] = set()
    start, end, body, workflow = filters.start, filters.end, filters.body, filters.workflow
    for trace in traces:
        if workflow is not None and trace.workflow_id != workflow:
            continue
        if body is not None and all(entry.body != body for entry in trace.route):
            continue
        key = (trace.workflow_id, trace.route)
        if key not in allowed_cache:
            allowed_cache[key] = _allowed(definitions.get(trace.workflow_id), trace.route)
        allowed = allowed_cache[key]
        previous: str | None = None
        previous_label = START
        previous_rank = 0
        counted = False
        for step, at in trace.visits:
            label = labels.of(trace.workflow_id, step)
            rank, day = days.rank(at)
            inside = (start is None or day >= start) and (end is None or day <= end)
            if inside:
                counted = True
                events += 1
                visits[label] += 1
                pair = (previous_label, label)
                flow_counts[pair] += 1
                if previous is not None:
                    waits[pair].append(rank - previous_rank)
                    if previous_label == label and previous != step:
                        forwarded[pair] += 1
                    if allowed is not None and (previous, step) not in allowed:
                        deviations[pair] += 1
            previous, previous_label, previous_rank = step, label, rank
        if counted:
            cases += 1
            workflows.add(trace.workflow_id)
            if previous is not None and not _is_terminal(definitions, trace.workflow_id, previous):
                open_at[previous_label] += 1
    if len(workflows) <= 1:  # one workflow: its steps need no qualifying
        visits, open_at, flow_counts, deviations, forwarded, waits = _unqualified(
            visits, open_at, flow_counts, deviations, forwarded, waits
        )
    activities = _activities(visits, open_at, waits)
    flows = tuple(
        Flow(source, target, count, _wait(waits.get((source, target))),
             deviations[(source, target)], forwarded[(source, target)])
        for (source, target), count in sorted(flow_counts.items())
    )  # fmt: skip
    return MinedMap(
        level=level,
        filters=filters,
        unit="hverdage" if calendar is not None else "dage",
        cases=cases,
        events=events,
        activities=activities,
        flows=flows,
        workflows=tuple(sorted(workflows)),
    )


def _activities(
    visits: Counter[str], open_at: Counter[str], waits: Mapping[tuple[str, str], list[int]]
) -> tuple[Activity, ...]:
    """Each step's visits, the cases still in it, and its wait before leaving (any way)."""
    departures: defaultdict[str, list[int]] = defaultdict(list)
    for (source, _), values in waits.items():
        departures[source].extend(values)
    return tuple(
        Activity(step, visits[step], open_at[step], _wait(departures.get(step)))
        for step in sorted(visits)
    )


#: Between a workflow's id and a step in the labels of a map of several workflows.
WORKFLOW_SEP = "/"


@dataclass
class _Labels:
    """A visit's label: its step (or template step), qualified by its workflow.

    Steps of different workflows that share an id are different steps, so every label names
    its workflow; :func:`mine` drops the names when only one workflow was mined.
    """

    concrete: bool
    cache: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, workflow: str, step: str) -> str:
        label = self.cache.get((workflow, step))
        if label is None:
            plain = step if self.concrete else template_of(step)
            label = self.cache[(workflow, step)] = f"{workflow}{WORKFLOW_SEP}{plain}"
        return label


def _bare(label: str) -> str:
    return label.partition(WORKFLOW_SEP)[2] if WORKFLOW_SEP in label else label


def _unqualified(  # noqa: PLR0917 - the counters of one mining, as mine() holds them
    visits: Counter[str],
    open_at: Counter[str],
    flows: Counter[tuple[str, str]],
    deviations: Counter[tuple[str, str]],
    forwarded: Counter[tuple[str, str]],
    waits: defaultdict[tuple[str, str], list[int]],
) -> tuple[
    Counter[str],
    Counter[str],
    Counter[tuple[str, str]],
    Counter[tuple[str, str]],
    Counter[tuple[str, str]],
    defaultdict[tuple[str, str], list[int]],
]:
    """The counters with the workflow dropped from every label."""

    def pairs(counts: Counter[tuple[str, str]]) -> Counter[tuple[str, str]]:
        return Counter({(_bare(a), _bare(b)): v for (a, b), v in counts.items()})

    return (
        Counter({_bare(k): v for k, v in visits.items()}),
        Counter({_bare(k): v for k, v in open_at.items()}),
        pairs(flows),
        pairs(deviations),
        pairs(forwarded),
        defaultdict(list, {(_bare(a), _bare(b)): v for (a, b), v in waits.items()}),
    )


def split_label(label: str) -> tuple[str | None, str]:
    """A mined step's workflow (None when one workflow was mined) and its step id."""
    workflow, sep, step = label.partition(WORKFLOW_SEP)
    return (workflow, step) if sep else (None, label)


def _allowed(
    definition: WorkflowDefinition | None, route: Route
) -> frozenset[tuple[str, str]] | None:
    # The concrete moves this route's graph allows, plus where it starts; None: not checkable
    # (a workflow the configuration no longer has), so nothing is called a deviation.
    if definition is None:
        return None
    graph = definition.expand(route)
    return frozenset(
        (source, t.target) for source, actions in graph.outgoing.items() for t in actions.values()
    )


def _is_terminal(definitions: Mapping[str, WorkflowDefinition], workflow: str, step: str) -> bool:
    definition = definitions.get(workflow)
    found = definition.steps.get(template_of(step)) if definition is not None else None
    return found is not None and found.kind is StepKind.TERMINAL


def _wait(values: list[int] | None) -> Wait | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    # Nearest rank: the smallest wait at least 90 % of the moves did not exceed.
    p90 = ordered[max(0, -(-9 * n // 10) - 1)]
    return Wait(float(median), float(p90))


class _DayIndex:
    """Event instants to (day rank, local date), cached per hour of text.

    A million events fall on a few thousand distinct hours, so each instant costs one dict
    lookup; the rank difference of two days is the working days between them (or calendar
    days without a calendar), the same count as ``WorkCalendar.count_hverdage``.
    """

    def __init__(self, calendar: WorkCalendar | None) -> None:
        self.calendar = calendar
        zone = calendar.zone if calendar is not None else None
        if zone is None:
            try:
                zone = ZoneInfo("Europe/Copenhagen")
            except ZoneInfoNotFoundError:  # no time-zone database: UTC days, off by <= 2 h
                zone = dt.UTC
        self.zone = zone
        self.hours: dict[str, tuple[int, dt.date]] = {}
        self.ranks: dict[dt.date, int] = {}

    def rank(self, at: str) -> tuple[int, dt.date]:
        hour = at[:13]
        found = self.hours.get(hour)
        if found is None:
            instant = dt.datetime.fromisoformat(hour + ":00:00+00:00")
            day = instant.astimezone(self.zone).date()
            found = self.hours[hour] = (self._day_rank(day), day)
        return found

    def _day_rank(self, day: dt.date) -> int:
        rank = self.ranks.get(day)
        if rank is None:
            rank = self.ranks[day] = self._compute(day)
        return rank

    def _compute(self, day: dt.date) -> int:
        calendar = self.calendar
        if calendar is None:
            return day.toordinal()
        if day < calendar.first:
            return -_weekdays(day, calendar.first)
        if day > calendar.last:
            return calendar.count_hverdage(calendar.first, calendar.last) + _weekdays(
                calendar.last, day
            )
        return calendar.count_hverdage(calendar.first, day)


def _weekdays(start: dt.date, end: dt.date) -> int:
    # Monday to Friday after start up to and including end.
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


# --------------------------------------------------------------------------- drawing
register(
    {
        "diagram.mined.title": ("Sagsgangen, som den faktisk gik", "The case route as it went"),
        "diagram.mined.all": ("alle sagstyper", "every case type"),
        "diagram.mined.period": ("{start} – {end}", "{start} – {end}"),
        "diagram.mined.always": ("hele historikken", "the whole history"),
        "diagram.mined.body": ("sager, der går gennem {body}", "cases through {body}"),
        "diagram.mined.counts": (
            "{cases}, {events} · ventetid i {unit}",
            "{cases}, {events} · waits in {unit}",
        ),
        "diagram.mined.unit.hverdage": ("hverdage", "working days"),
        "diagram.mined.unit.dage": ("kalenderdage", "calendar days"),
        "diagram.mined.open": ("▶ her nu: {count}", "▶ here now: {count}"),
        "diagram.mined.moves": ("{count} ×", "{count} ×"),
        "diagram.mined.forwarded": (
            "→ videre til næste organ: {count} ×",
            "→ on to the next body: {count} ×",
        ),
        "diagram.mined.again": ("↻ samme organ igen: {count} ×", "↻ same body again: {count} ×"),
        "diagram.mined.median": ("median {value} {unit}", "median {value} {unit}"),
        "diagram.mined.p90": ("p90 {value}", "p90 {value}"),
        "diagram.mined.deviation": (
            "✗ ikke tilladt i workflowet ({count} ×)",
            "✗ not allowed by the workflow ({count} ×)",
        ),
        "diagram.mined.deviation_all": (
            "✗ ikke tilladt i workflowet",
            "✗ not allowed by the workflow",
        ),
        "diagram.mined.legend.wait": ("Median ventetid", "Median wait"),
        "diagram.mined.legend.width": (
            "Stregens tykkelse: hvor mange sager gik den vej",
            "Line width: how many cases went that way",
        ),
        "diagram.mined.legend.deviation": (
            "✗ Rød stiplet: en overgang, workflowet ikke tillader",
            "✗ Red dashed: a move the workflow does not allow",
        ),
        "diagram.mined.legend.deviations": ("Afvigelser", "Deviations"),
        "diagram.mined.legend.none": ("Ingen afvigelser fra workflowet", "No deviations"),
        "diagram.mined.empty": (
            "Ingen hændelser i det valgte udsnit",
            "No events in the selection",
        ),
        "diagram.mined.scale.0": ("højst {hi} {unit}", "at most {hi} {unit}"),
        "diagram.mined.scale.n": ("{lo}–{hi} {unit}", "{lo}–{hi} {unit}"),
        "diagram.mined.scale.last": ("over {lo} {unit}", "over {lo} {unit}"),
    }
)


def mined_figure(
    mined: MinedMap,
    definitions: Mapping[str, WorkflowDefinition],
    municipality: Municipality,
    lang: str = "da",
) -> Figure:
    """The mined map as DOT and Mermaid, in ``lang``."""
    names = _names(mined, definitions, municipality, lang)
    title = tr("diagram.mined.title", lang)
    subtitle = _subtitle(mined, definitions, municipality, lang)
    ident = "mined--" + (mined.filters.workflow or "all") + f"--{mined.level.value}"
    return Figure(
        id=ident,
        lang=lang,
        dot=_dot(ident, mined, names=names, title=title, subtitle=subtitle, lang=lang),
        mermaid=_mermaid(mined, names, title, subtitle, lang),
    )


def _names(
    mined: MinedMap,
    definitions: Mapping[str, WorkflowDefinition],
    municipality: Municipality,
    lang: str,
) -> dict[str, tuple[str, StepKind | None]]:
    # Step titles from the first workflow (in id order) that has the step; the body's short
    # name after a concrete meeting step.
    names: dict[str, tuple[str, StepKind | None]] = {START: (tr("diagram.start", lang), None)}
    ordered = [definitions[w] for w in sorted(definitions)]
    preferred = [definitions[w] for w in mined.workflows if w in definitions]
    for activity in mined.activities:
        workflow, step_id = split_label(activity.id)
        template, body, visit = split_step_id(step_id)
        title, kind = template, None
        own = [definitions[workflow]] if workflow is not None and workflow in definitions else []
        for definition in [*own, *preferred, *ordered]:
            step = definition.steps.get(template)
            if step is not None:
                title, kind = step.label(lang), step.kind
                break
        if workflow is not None:  # a map of several workflows: say whose step it is
            name = definition_title(own[0], lang) if own else workflow
            title = f"{name}: {title}"
        if body:
            found = municipality.bodies.get(body)
            title += f" · {pass_label(found.short if found is not None else body, visit, lang)}"
        names[activity.id] = (title, kind)
    return names


def _subtitle(
    mined: MinedMap,
    definitions: Mapping[str, WorkflowDefinition],
    municipality: Municipality,
    lang: str,
) -> tuple[str, ...]:
    filters = mined.filters
    if filters.workflow is not None and filters.workflow in definitions:
        chosen = definitions[filters.workflow]
        what = (chosen.title_en or chosen.title) if lang == "en" else chosen.title
    else:
        what = filters.workflow or tr("diagram.mined.all", lang)
    parts = [what]
    if filters.start is not None or filters.end is not None:
        parts.append(
            tr(
                "diagram.mined.period",
                lang,
                start=format_date(filters.start, lang) if filters.start else "…",
                end=format_date(filters.end, lang) if filters.end else "…",
            )
        )
    else:
        parts.append(tr("diagram.mined.always", lang))
    if filters.body is not None:
        body = municipality.bodies.get(filters.body)
        parts.append(
            tr("diagram.mined.body", lang, body=body.title(lang) if body else filters.body)
        )
    counts = tr(
        "diagram.mined.counts",
        lang,
        cases=counted("case", mined.cases, lang),
        events=counted("event", mined.events, lang),
        unit=_unit(mined, lang),
    )
    return (" · ".join(parts), counts)


def _unit(mined: MinedMap, lang: str) -> str:
    return tr(f"diagram.mined.unit.{mined.unit}", lang)


def _wait_lines(wait: Wait | None, mined: MinedMap, lang: str) -> list[str]:
    if wait is None:
        return []
    unit = noun(mined.unit, wait.median, lang)
    return [
        tr("diagram.mined.median", lang, value=number(wait.median, lang), unit=unit),
        tr("diagram.mined.p90", lang, value=number(wait.p90, lang)),
    ]


_SHAPES = {
    None: ("circle", "filled"),
    StepKind.MEETING: ("hexagon", "filled"),
    StepKind.TERMINAL: ("doubleoctagon", "filled"),
}


def _dot(
    ident: str,
    mined: MinedMap,
    *,
    names: Mapping[str, tuple[str, StepKind | None]],
    title: str,
    subtitle: tuple[str, ...],
    lang: str,
) -> str:
    # Top to bottom: the flow reads down the page, and the figure stays printable on A4.
    lines = [f"digraph {quote(ident)} {{", *graph_defaults("TB")]
    lines.append(f"  label={title_label(title, subtitle)};")
    ink = quote(palette.INK)
    if not mined.flows:
        empty = tr("diagram.mined.empty", lang)
        lines += [f"  empty [shape=plaintext, label={quote(empty)}];", "}"]
        return "\n".join(lines) + "\n"
    lines.append(
        f"  {quote(START)} [shape=circle, style=filled, fillcolor={quote(palette.WHITE)},"
        f" width=0.3, label={quote('')}, xlabel={quote(names[START][0])}];"
    )
    for activity in mined.activities:
        name, kind = names[activity.id]
        shape, style = _SHAPES.get(kind, ("box", "rounded,filled"))
        fill, _ = palette.wait_look(activity.wait.median if activity.wait else None)
        rows = [f"<B>{html(name)}</B>"]
        rows.append(html(counted("visit", activity.visits, lang)))
        rows += [html(line) for line in _wait_lines(activity.wait, mined, lang)]
        if activity.open:
            rows.append(html(tr("diagram.mined.open", lang, count=number(activity.open, lang))))
        label = "<" + "<BR/>".join(rows) + ">"
        lines.append(
            f"  {quote(activity.id)} [shape={shape}, style={quote(style)},"
            f" fillcolor={quote(fill)}, color={ink}, label={label}];"
        )
    top = max(flow.count for flow in mined.flows)
    for flow in mined.flows:
        width = 1.0 + 5.0 * flow.count / top
        texts = _flow_texts(flow, mined, lang)
        if flow.deviations:
            color, style = palette.DEVIATION, "dashed"
        else:
            _, color = palette.wait_look(flow.wait.median if flow.wait else None)
            style = "solid"
        lines.append(
            f"  {quote(flow.source)} -> {quote(flow.target)} [label={quote(chr(10).join(texts))},"
            f" penwidth={width:.2f}, color={quote(color)}, style={style}];"
        )
    lines += _legend(mined, names, lang)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _flow_texts(flow: Flow, mined: MinedMap, lang: str) -> list[str]:
    """An edge's lines: deviations first, how many moves, a loop's meaning, the waits."""
    texts = [tr("diagram.mined.moves", lang, count=number(flow.count, lang))]
    if flow.source == flow.target and flow.forwarded:
        # A loop of the template map: on to the next body is not "the same step again".
        texts = [tr("diagram.mined.forwarded", lang, count=number(flow.forwarded, lang))]
        again = flow.count - flow.forwarded
        if again:
            texts.append(tr("diagram.mined.again", lang, count=number(again, lang)))
    texts += _wait_lines(flow.wait, mined, lang)
    if flow.deviations:
        texts.insert(0, _deviation_text(flow, lang))
    return texts


def _deviation_text(flow: Flow, lang: str) -> str:
    # The count is on the next line already when every move of the edge deviates.
    if flow.deviations == flow.count:
        return tr("diagram.mined.deviation_all", lang)
    return tr("diagram.mined.deviation", lang, count=number(flow.deviations, lang))


def _legend(
    mined: MinedMap, names: Mapping[str, tuple[str, StepKind | None]], lang: str
) -> list[str]:
    unit = _unit(mined, lang)
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html(tr("diagram.legend", lang))}</B></TD></TR>']
    rows.append(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html(tr("diagram.mined.legend.wait", lang))}</TD></TR>'
    )
    for text, fill, line in palette.wait_scale(lambda k, **p: tr(k, lang, unit=unit, **p), lang):
        rows.append(
            f'<TR><TD BGCOLOR="{fill}" WIDTH="28" BORDER="1" COLOR="{line}"> </TD>'
            f'<TD ALIGN="LEFT">{html(text)}</TD></TR>'
        )
    rows.append(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html(tr("diagram.mined.legend.width", lang))}</TD></TR>'
    )
    rows.append(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{palette.DEVIATION}">'
        f"{html(tr('diagram.mined.legend.deviation', lang))}</FONT></TD></TR>"
    )
    deviating = [f for f in mined.flows if f.deviations]
    if deviating:
        rows.append(
            f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>'
            f"{html(tr('diagram.mined.legend.deviations', lang))}</B></TD></TR>"
        )
        for flow in deviating:
            moves = number(flow.deviations, lang)
            text = f"{names[flow.source][0]} → {names[flow.target][0]}: {moves} ×"
            rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html(text)}</TD></TR>')
    else:
        rows.append(
            f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html(tr("diagram.mined.legend.none", lang))}'
            "</TD></TR>"
        )
    table = (
        '<<TABLE BORDER="1" COLOR="#C5CBD3" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>>"
    )
    return [f"  legend [shape=plaintext, label={table}];"]


def _mermaid(
    mined: MinedMap,
    names: Mapping[str, tuple[str, StepKind | None]],
    title: str,
    subtitle: tuple[str, ...],
    lang: str,
) -> str:
    lines = ["flowchart LR", f"  %% {title}", *(f"  %% {line}" for line in subtitle)]
    if not mined.flows:
        lines.append(f"  empty[{mermaid_label(tr('diagram.mined.empty', lang))}]")
        return "\n".join(lines) + "\n"
    ids = {START: "start"}
    for index, activity in enumerate(mined.activities):
        ids[activity.id] = f"s{index:02d}"
    lines.append(f"  start(({mermaid_label(names[START][0])}))")
    for activity in mined.activities:
        name, kind = names[activity.id]
        texts = [name, counted("visit", activity.visits, lang)]
        texts += _wait_lines(activity.wait, mined, lang)
        if activity.open:
            texts.append(tr("diagram.mined.open", lang, count=number(activity.open, lang)))
        left, right = {StepKind.MEETING: ("{{", "}}"), StepKind.TERMINAL: ("(((", ")))")}.get(
            kind,  # type: ignore[arg-type]  # None is a fine key to miss
            ("(", ")"),
        )
        fill, _ = palette.wait_look(activity.wait.median if activity.wait else None)
        lines.append(f"  {ids[activity.id]}{left}{mermaid_label(chr(10).join(texts))}{right}")
        lines.append(f"  style {ids[activity.id]} fill:{fill},stroke:{palette.INK}")
    top = max(flow.count for flow in mined.flows)
    styles = []
    for index, flow in enumerate(mined.flows):
        texts = _flow_texts(flow, mined, lang)
        width = 1.0 + 5.0 * flow.count / top
        if flow.deviations:
            arrow = "-.->"
            style = f"stroke:{palette.DEVIATION},stroke-width:{width:.1f}px,stroke-dasharray:8 4"
        else:
            arrow = "-->"
            _, color = palette.wait_look(flow.wait.median if flow.wait else None)
            style = f"stroke:{color},stroke-width:{width:.1f}px"
        lines.append(
            f"  {ids[flow.source]} {arrow}|{mermaid_label(chr(10).join(texts))}| {ids[flow.target]}"
        )
        styles.append(f"  linkStyle {index} {style}")
    return "\n".join([*lines, *styles]) + "\n"
