"""The annual wheel (*årshjul*), stepped: months across, the year's phases, each body's meetings.

One table, months as columns: on top the budget and accounts phases and, in election years, the
municipal election and the constituting meeting (shared/docs/domain.md §9), then the breaks of
the calendar (summer, Christmas), then one row per body with the days of its meetings in each
month. It is the secretariat's overview of the political year, and shows at a glance why a case
started in June waits until August.

Drawn as one Graphviz HTML-like table (a table keeps its grid exactly, where a graph layout
would move cells), and as a Mermaid ``gantt`` chart for the Prefect UI. The phases are facts of
Danish municipal law and practice, kept here as data with their sources in domain.md §9; the
meetings and breaks come from the configured calendar.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from casework.diagrams import palette
from casework.diagrams.dot import html
from casework.diagrams.figure import Figure, graph_defaults, title_label
from casework.diagrams.texts import tr
from casework.domain.meetings import Break, MeetingKind, MeetingPlan
from casework.domain.messages import register
from casework.domain.organisation import BodyKind, Municipality

register(
    {
        "diagram.year.title": ("Årshjul {year}", "Annual wheel {year}"),
        "diagram.year.subtitle": (
            "{municipality} · møder pr. organ og måned, budget- og regnskabsfaser",
            "{municipality} · meetings per body and month, budget and accounts phases",
        ),
        "diagram.year.body": ("Organ", "Body"),
        "diagram.year.row.budget": ("Budget", "Budget"),
        "diagram.year.row.accounts": ("Regnskab", "Accounts"),
        "diagram.year.row.election": ("Valg", "Election"),
        "diagram.year.row.breaks": ("Ferier", "Breaks"),
        "diagram.year.budget_procedure": (
            "Budgetprocedure og tidsplan (ØU/KB)",
            "Budget procedure and timetable (ØU/KB)",
        ),
        "diagram.year.oekonomiaftale": (
            "Økonomiaftale KL–regeringen",
            "Economic agreement KL–government",
        ),
        "diagram.year.budget": (
            "Budget: ØU's forslag 15. sep., 1. og 2. behandling, vedtaget senest 15. okt.",
            "Budget: ØU's proposal 15 Sep, 1st and 2nd reading, adopted by 15 Oct",
        ),
        "diagram.year.accounts": (
            "Årsregnskab: ØU → KB, til revisor før 1. maj",
            "Annual accounts: ØU → KB, to the auditor by 1 May",
        ),
        "diagram.year.election": ("Kommunalvalg {date}", "Municipal election {date}"),
        "diagram.year.constitution": (
            "Konstituering 1.–15. dec.",
            "Constituting meeting 1–15 Dec",
        ),
        "diagram.year.no_election": (
            "Intet kommunalvalg i {year} (næste: {next})",
            "No municipal election in {year} (next: {next})",
        ),
        "diagram.year.no_meetings": ("ingen møder", "no meetings"),
        "diagram.year.extra": ("* ekstraordinært møde", "* extra meeting"),
        "diagram.year.none": (
            "Ingen møder planlagt for {year}",
            "No meetings planned for {year}",
        ),
    }
)

_MONTHS = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
           "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip
_KINDS = (BodyKind.COUNCIL, BodyKind.FINANCE, BodyKind.STANDING, BodyKind.TASK)
#: Municipal elections are every fourth year (kommunal- og regionalvalgloven § 6, stk. 2).
ELECTION_BASE = 2021

PHASE_FILL = "#E1F3EC"
ELECTION_FILL = "#F6E4EF"
BREAK_FILL = "#EEF0F2"
MEETING_FILL = "#E3EEF9"


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of the year in one row: months ``first`` to ``last`` (1–12), both included."""

    row: str
    first: int
    last: int
    text: str
    fill: str
    start: dt.date
    end: dt.date


def election_day(year: int) -> dt.date | None:
    """The municipal election in ``year``: the third Tuesday of November, or None."""
    if (year - ELECTION_BASE) % 4:
        return None
    first = dt.date(year, 11, 1)
    first_tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + dt.timedelta(days=14)


def phases(year: int, breaks: Sequence[Break], lang: str) -> list[Phase]:
    """The year's phases (domain.md §9), elections and the calendar's breaks, row by row."""
    d = dt.date
    found = [
        Phase("budget", 1, 3, tr("diagram.year.budget_procedure", lang), PHASE_FILL,
              d(year, 1, 1), d(year, 3, 31)),
        Phase("budget", 6, 6, tr("diagram.year.oekonomiaftale", lang), PHASE_FILL,
              d(year, 6, 1), d(year, 6, 30)),
        Phase("budget", 8, 10, tr("diagram.year.budget", lang), PHASE_FILL,
              d(year, 8, 1), d(year, 10, 15)),
        Phase("accounts", 3, 4, tr("diagram.year.accounts", lang), PHASE_FILL,
              d(year, 3, 1), d(year, 4, 30)),
    ]  # fmt: skip
    election = election_day(year)
    if election is not None:
        # A no-break space: the date stays on one line in the narrow month column.
        when = f"{election.day}.\u00a0nov." if lang == "da" else f"{election.day}\u00a0Nov"
        found += [
            Phase("election", 11, 11, tr("diagram.year.election", lang, date=when),
                  ELECTION_FILL, election, election),
            Phase("election", 12, 12, tr("diagram.year.constitution", lang), ELECTION_FILL,
                  d(year, 12, 1), d(year, 12, 15)),
        ]  # fmt: skip
    for pause in breaks:
        if pause.start <= pause.end:
            spans = [(pause.start, pause.end)]
        else:  # wraps the new year: its end in January, its start in December
            spans = [((1, 1), pause.end), (pause.start, (12, 31))]
        for (m1, d1), (m2, d2) in spans:
            text = f"{pause.label(lang)} {_span(d1, m1, d2, m2, lang)}"
            found.append(
                Phase("breaks", m1, m2, text, BREAK_FILL, d(year, m1, d1), d(year, m2, d2))
            )
    return found


def _span(d1: int, m1: int, d2: int, m2: int, lang: str) -> str:
    months = _MONTHS["en" if lang == "en" else "da"]
    if lang == "en":
        return f"{d1} {months[m1 - 1]}–{d2} {months[m2 - 1]}"
    return f"{d1}. {months[m1 - 1]}–{d2}. {months[m2 - 1]}"


def year_figure(
    year: int,
    plan: MeetingPlan,
    municipality: Municipality,
    breaks: Sequence[Break] = (),
    lang: str = "da",
) -> Figure:
    """The annual wheel of ``year`` as DOT and Mermaid, in ``lang``."""
    meetings = plan.select(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    days: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for meeting in meetings:
        mark = "*" if meeting.kind is MeetingKind.EXTRA else ""
        days[(meeting.body, meeting.date.month)].append(f"{meeting.date.day}{mark}")

    def order(body: str) -> tuple[int, str]:
        found = municipality.bodies.get(body)
        return (_KINDS.index(found.kind) if found is not None else len(_KINDS), body)

    bodies = sorted({m.body for m in meetings}, key=order)
    found_phases = phases(year, breaks, lang)
    title = tr("diagram.year.title", lang, year=year)
    subtitle = (tr("diagram.year.subtitle", lang, municipality=municipality.name),)
    dot = _dot(year, bodies, days, found_phases, municipality, breaks, title, subtitle, lang)
    mermaid = _mermaid(year, meetings, found_phases, municipality, title, lang)
    return Figure(id=f"year-{year}", lang=lang, dot=dot, mermaid=mermaid)


def _body_name(body: str, municipality: Municipality, lang: str) -> str:
    found = municipality.bodies.get(body)
    return f"{found.title(lang)} ({found.short})" if found is not None else body


def _dot(  # noqa: PLR0917 - one private drawing step with everything it draws
    year: int,
    bodies: list[str],
    days: dict[tuple[str, int], list[str]],
    found_phases: list[Phase],
    municipality: Municipality,
    breaks: Sequence[Break],
    title: str,
    subtitle: tuple[str, ...],
    lang: str,
) -> str:
    months = _MONTHS["en" if lang == "en" else "da"]
    corner = html(tr("diagram.year.body", lang))
    head = f'<TD BGCOLOR="{palette.LANE_HEADER}" ALIGN="LEFT"><B>{corner}</B></TD>'
    head += "".join(
        f'<TD BGCOLOR="{palette.LANE_HEADER}" WIDTH="92"><B>{html(m)}</B></TD>' for m in months
    )
    rows = [f"<TR>{head}</TR>", *_phase_rows(year, found_phases, lang)]
    closed = _closed_months(breaks)
    for body in bodies:
        cells = [f'<TD ALIGN="LEFT">{html(_body_name(body, municipality, lang))}</TD>']
        for month in range(1, 13):
            found = days.get((body, month))
            if found:
                cells.append(f'<TD BGCOLOR="{MEETING_FILL}">{html(" · ".join(found))}</TD>')
            elif month in closed:
                none = html(tr("diagram.year.no_meetings", lang))
                cells.append(
                    f'<TD BGCOLOR="{BREAK_FILL}"><FONT COLOR="{palette.MUTED}" POINT-SIZE="8">'
                    f"{none}</FONT></TD>"
                )
            else:
                cells.append("<TD> </TD>")
        rows.append("<TR>" + "".join(cells) + "</TR>")
    if not bodies:
        text = html(tr("diagram.year.none", lang, year=year))
        rows.append(f'<TR><TD COLSPAN="13"><FONT COLOR="{palette.MUTED}">{text}</FONT></TD></TR>')
    elif any("*" in d for ds in days.values() for d in ds):
        rows.append(
            f'<TR><TD COLSPAN="13" ALIGN="LEFT" BORDER="0"><FONT COLOR="{palette.MUTED}">'
            f"{html(tr('diagram.year.extra', lang))}</FONT></TD></TR>"
        )
    table = (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5"'
        f' COLOR="{palette.LANE_BORDER}">' + "".join(rows) + "</TABLE>>"
    )
    lines = [f'digraph "year-{year}" {{', *graph_defaults("TB")]
    lines.append(f"  label={title_label(title, subtitle)};")
    lines.append(f"  wheel [shape=plaintext, label={table}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _phase_rows(year: int, found_phases: list[Phase], lang: str) -> list[str]:
    # One table row per phase row, each phase a cell spanning its months.
    rows: list[str] = []
    for row in ("budget", "accounts", "election", "breaks"):
        in_row = sorted((p for p in found_phases if p.row == row), key=lambda p: p.first)
        if row == "election" and not in_row:
            nxt = year + (4 - (year - ELECTION_BASE) % 4)
            text = tr("diagram.year.no_election", lang, year=year, next=nxt)
            rows.append(
                f'<TR><TD ALIGN="LEFT"><B>{html(tr(f"diagram.year.row.{row}", lang))}</B></TD>'
                f'<TD COLSPAN="12"><FONT COLOR="{palette.MUTED}">{html(text)}</FONT></TD></TR>'
            )
            continue
        if not in_row:
            continue
        cells = [f'<TD ALIGN="LEFT"><B>{html(tr(f"diagram.year.row.{row}", lang))}</B></TD>']
        month = 1
        for phase in in_row:
            if phase.first > month:
                cells.append(f'<TD COLSPAN="{phase.first - month}"> </TD>')
            span = phase.last - phase.first + 1
            cells.append(
                f'<TD COLSPAN="{span}" BGCOLOR="{phase.fill}">{_wrapped(phase.text, span)}</TD>'
            )
            month = phase.last + 1
        if month <= 12:
            cells.append(f'<TD COLSPAN="{13 - month}"> </TD>')
        rows.append("<TR>" + "".join(cells) + "</TR>")
    return rows


def _wrapped(text: str, months: int) -> str:
    # About 14 characters fit in a month column; a phase over one month wraps its words.
    import textwrap

    width = max(14, 15 * months)
    return "<BR/>".join(html(line) for line in textwrap.wrap(text, width, break_long_words=False))


def _closed_months(breaks: Sequence[Break]) -> set[int]:
    # Months a break covers entirely (July): an empty cell there means "no meetings", not
    # "nothing planned yet".
    closed = set()
    for month in range(1, 13):
        first = dt.date(2001, month, 1)  # any non-leap year: only (month, day) matters
        last = (dt.date(2001 + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        for pause in breaks:
            if all(
                pause.contains(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)
            ):
                closed.add(month)
    return closed


def _mermaid(  # noqa: PLR0917 - one private drawing step with everything it draws
    year: int,
    meetings: Sequence[object],
    found_phases: list[Phase],
    municipality: Municipality,
    title: str,
    lang: str,
) -> str:
    from casework.domain.meetings import Meeting

    def clean(text: str) -> str:
        # ':' and '#' end a task's name in Mermaid's gantt syntax.
        return text.replace(": ", " – ").replace(":", " ").replace("#", " ").replace(";", ",")

    lines = ["gantt", f"  title {clean(title)}", "  dateFormat YYYY-MM-DD", "  axisFormat %b"]
    for row in ("budget", "accounts", "election", "breaks"):
        in_row = [p for p in found_phases if p.row == row]
        if not in_row:
            continue
        lines.append(f"  section {clean(tr(f'diagram.year.row.{row}', lang))}")
        for phase in in_row:
            end = phase.end + dt.timedelta(days=1)  # Mermaid's end date is exclusive
            lines.append(f"  {clean(phase.text)} :{phase.start.isoformat()}, {end.isoformat()}")
    by_body: defaultdict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        assert isinstance(meeting, Meeting)
        by_body[meeting.body].append(meeting)

    def order(body: str) -> tuple[int, str]:
        found = municipality.bodies.get(body)
        return (_KINDS.index(found.kind) if found is not None else len(_KINDS), body)

    for body in sorted(by_body, key=order):
        found = municipality.bodies.get(body)
        short = found.short if found is not None else body
        lines.append(f"  section {clean(_body_name(body, municipality, lang))}")
        for meeting in by_body[body]:
            mark = " *" if meeting.kind is MeetingKind.EXTRA else ""
            lines.append(
                f"  {clean(short)} {meeting.date.day}/{meeting.date.month}{mark}"
                f" :milestone, {meeting.date.isoformat()}, 0d"
            )
    return "\n".join(lines) + "\n"
