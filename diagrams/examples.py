"""Example cases with fixed histories, for documentation images, golden files and benchmarks.

Each one is opened and moved with the real domain verbs (``Case.open``, ``Case.advance``) at
fixed instants, so its history is genuine and its diagram never changes from run to run. They
need Eksempel Kommune's people and bodies (``config/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.events import CaseEvent
from casework.domain.routes import build_route, parse_route
from casework.domain.workflow import CaseGraph


@dataclass(frozen=True, slots=True)
class Example:
    """A case, its events and graph, and the day its diagram is drawn for."""

    case: Case
    events: tuple[CaseEvent, ...]
    graph: CaseGraph
    today: dt.date


#: (day in 2026, hour UTC, action, actor, comment)
Step = tuple[str, int, str, str, str | None]

#: A local plan through every kind of move: sent back once by the centre head, approved late
#: by the director, postponed once in the committee, now with the finance committee.
LOKALPLAN: tuple[Step, ...] = (
    ("03-04", 10, "indsend", "aase", "Klar til centerchefen"),
    ("03-05", 14, "send_tilbage", "birgitte", "Økonomiafsnittet mangler"),
    ("03-09", 9, "indsend", "aase", "Økonomiafsnit tilføjet"),
    ("03-10", 11, "godkend", "birgitte", None),
    ("03-18", 15, "godkend", "annelise", None),
    ("03-19", 9, "godkend", "sofie", None),
    ("03-24", 16, "udsaet", "sofie", "Udsat til næste møde"),
    ("04-14", 16, "anbefal", "sofie", None),
)

#: A traffic plan stuck with the centre head past its due date.
TRAFIKPLAN: tuple[Step, ...] = (("03-03", 13, "indsend", "mette", None),)

#: A committee decision carried out and closed.
SKOLE: tuple[Step, ...] = (
    ("02-02", 9, "indsend", "soeren", None),
    ("02-03", 9, "godkend", "karsten", None),
    ("02-04", 9, "godkend", "peter", None),
    ("02-05", 9, "godkend", "rasmus", None),
    ("02-25", 17, "godkend", "rasmus", "Udvalget godkendte indstillingen"),
    ("03-02", 12, "afslut", "soeren", None),
)


def lokalplan(config: Configuration) -> Example:
    """Lokalplan 212 at the finance committee, drawn on 20 April 2026: a local plan, so the
    proposal's adoption, the public hearing and the final adoption lie ahead."""
    return build(
        config,
        case_id="2026-0061",
        title="Lokalplan 212 for Virum Bytorv",
        workflow="lokalplan",
        route="bpu,oeu,kb",
        owner="aase",
        centre="cby",
        attributes={
            "sagstype": "lokalplan",
            "politikomraade": "lokalplaner",
            "beloeb": "1500000",
            "principiel": "ja",
        },
        opened="03-02",
        steps=LOKALPLAN,
        today=dt.date(2026, 4, 20),
        deadline=dt.date(2026, 6, 30),
    )


def trafikplan(config: Configuration) -> Example:
    """A traffic safety plan overdue with the centre head, drawn on 16 March 2026."""
    return build(
        config,
        case_id="2026-0044",
        title="Trafiksikkerhedsplan 2026",
        workflow="beslutningssag",
        route="tmu,oeu,kb",
        owner="mette",
        centre="cmt",
        attributes={"politikomraade": "veje"},
        opened="03-02",
        steps=TRAFIKPLAN,
        today=dt.date(2026, 3, 16),
    )


def skole(config: Configuration) -> Example:
    """A school grant the committee decided alone, closed on 2 March 2026."""
    return build(
        config,
        case_id="2026-0017",
        title="Tilskud til lejrskole på Eksempel Skole",
        workflow="beslutningssag",
        route="buu:beslutter",
        owner="soeren",
        centre="cbu",
        attributes={"politikomraade": "skole"},
        opened="01-29",
        steps=SKOLE,
        today=dt.date(2026, 3, 10),
        # The committee's decision at its meeting of 25 February, as the minutes record it.
        minutes={4: {"outcome": "decided", "meeting": "2026-02-25"}},
    )


def build(
    config: Configuration,
    *,
    case_id: str,
    title: str,
    workflow: str,
    route: str,
    owner: str,
    centre: str,
    attributes: dict[str, str],
    opened: str,
    steps: Sequence[Step],
    today: dt.date,
    deadline: dt.date | None = None,
    minutes: Mapping[int, Mapping[str, str]] | None = None,
) -> Example:
    """A case opened on ``opened`` (MM-DD, 2026) and moved through ``steps``.

    ``minutes`` gives, by the index of a step in ``steps``, the body's decision the minutes
    record with that move (``outcome``, ``meeting``), as ``casework case decide`` stores it.
    """
    definition = config.workflow(workflow)
    municipality = config.municipality
    graph = definition.expand(build_route(parse_route(route), definition, municipality))
    start = _instant(opened, 8)
    case = Case.open(
        case_id=case_id,
        graph=graph,
        title=title,
        owner=owner,
        centre=centre,
        attributes=municipality.check_attributes(attributes),
        at=start,
        today=start.date(),
        actor=owner,
        deadline=deadline,
    )
    for index, (day, hour, action, actor, comment) in enumerate(steps):
        at = _instant(day, hour)
        case.advance(
            graph=graph,
            municipality=municipality,
            actor=actor,
            action=action,
            at=at,
            today=at.date(),
            comment=comment,
            minutes=(minutes or {}).get(index),
        )
    return Example(case, tuple(case.pending), graph, today)


def _instant(day: str, hour: int) -> dt.datetime:
    month, date = (int(part) for part in day.split("-"))
    return dt.datetime(2026, month, date, hour, 0, tzinfo=dt.UTC)
