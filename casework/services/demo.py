"""Seed a database with a realistic spread of demo cases for Eksempel Kommune.

Cases are opened and moved through the real use cases, with a simulated clock running over the
past weeks, so every demo history is a genuine, hash-chained history: nothing is inserted behind
the engine's back. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from casework.domain.case import Case, responsible_people
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.workflow import CaseStatus, RouteRole, TransitionKind
from casework.services import handlers
from casework.services.ports import UnitOfWork

_TITLES = {
    "beslutningssag": [
        "Lokalplan for {place}",
        "Trafiksikkerhedsplan {year}",
        "Anlægsbevilling til {place} Skole",
        "Klimahandleplan – status og næste skridt",
        "Takster for {area} {year}",
        "Frigivelse af anlægsbevilling til {place} Idrætscenter",
        "Ny skolestruktur i {place}",
        "Udbud af rengøring på {area}",
        "Salg af grund ved {place}",
        "Budgetopfølgning {year}",
    ],
    "orienteringssag": [
        "Orientering om {area} – kvartalsrapport",
        "Status på {place} Bibliotek",
        "Orientering om tilsyn med {area}",
        "Meddelelse om ny lovgivning på {area}",
    ],
    "administrativ_beslutning": [
        "Tilladelse til vejarbejde på {place}vej",
        "Tilskud til {place} Borgerforening",
        "Dispensation fra lokalplan for {place}vej 12",
    ],
}
_PLACES = [
    "Lindebjerg",
    "Sorgenfri",
    "Engelsborg",
    "Virum",
    "Taarbæk",
    "Hjortekær",
    "Bagsværd",
    "Fuglevad",
    "Kongens Lyngby",
    "Ulrikkenborg",
]


@dataclass
class _MovingClock:
    instant: dt.datetime

    def now(self) -> dt.datetime:
        return self.instant

    def today(self) -> dt.date:
        return self.instant.date()


def seed_demo(
    uow_factory: Callable[[], UnitOfWork],
    config: Configuration,
    *,
    cases: int = 60,
    seed: int = 2026,
    end: dt.datetime,
) -> list[str]:
    """Open ``cases`` demo cases spread over the weeks before ``end``; their ids are returned."""
    rng = random.Random(seed)
    municipality = config.municipality
    officers = [p for p in municipality.people.values() if "sagsbehandler" in p.roles]
    opened: list[str] = []
    for index in range(cases):
        clock = _MovingClock(end - dt.timedelta(days=rng.uniform(1, 70), hours=rng.uniform(0, 6)))
        workflow = rng.choices(list(_TITLES), weights=[7, 2, 2])[0]
        officer = rng.choice(officers)
        area, route = _route_for(config, workflow, rng)
        title = rng.choice(_TITLES[workflow]).format(
            place=rng.choice(_PLACES), year=end.year + 1, area=area
        )
        attributes: dict[str, object] = {"politikomraade": area}
        if workflow == "beslutningssag":
            attributes["beloeb"] = rng.choice([0, 250_000, 1_500_000, 12_000_000])
            attributes["principiel"] = rng.random() < 0.3
        case = handlers.open_case(
            uow_factory(),
            config,
            clock,
            OpenCase(
                workflow=workflow,
                title=title,
                actor=officer.id,
                route=route,
                attributes=attributes,
                idempotency_key=f"demo-{seed}-{index}",
            ),
        )
        _walk(uow_factory, config, clock, case, rng=rng, end=end)
        opened.append(case.id)
    return opened


def _route_for(
    config: Configuration, workflow: str, rng: random.Random
) -> tuple[str, list[tuple[str, str]]]:
    bodies = [b for b in config.municipality.bodies.values() if b.kind.value == "staaende_udvalg"]
    committee = rng.choice(bodies)
    area = rng.choice(committee.policy_areas)
    if workflow == "orienteringssag":
        return area, [(committee.id, RouteRole.INFORMED.value)]
    if workflow == "administrativ_beslutning":
        return area, ([(committee.id, RouteRole.INFORMED.value)] if rng.random() < 0.5 else [])
    if rng.random() < 0.45:  # within the committee's own competence
        return area, [(committee.id, RouteRole.DECIDES.value)]
    return area, [(committee.id, "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]


def _walk(
    uow_factory: Callable[[], UnitOfWork],
    config: Configuration,
    clock: _MovingClock,
    case: Case,
    *,
    rng: random.Random,
    end: dt.datetime,
) -> None:
    # Move the case step by step until it is finished or its simulated time reaches the
    # present, so cases end up spread over every step (older cases further along), most of them
    # within their deadlines, with some returns and postponements on the way.
    graph = handlers.case_graph(config, case)
    for _ in range(25):
        if case.status is CaseStatus.CLOSED:
            return
        clock.instant += dt.timedelta(days=rng.uniform(1, 7) * rng.choice([1, 1, 2]))
        if clock.instant >= end:
            return
        actors = responsible_people(case, graph, config.municipality)
        if not actors:
            return
        actor = rng.choice(actors)
        actions = case.available_actions(graph, config.municipality, actor)
        if not actions:
            return
        forward = [
            a
            for a in actions
            if a.transition.kind is TransitionKind.FORWARD
            and a.action not in {"traek_tilbage", "afvis"}
        ]
        other = [a for a in actions if a not in forward]
        pool = forward if (rng.random() < 0.85 or not other) else other
        edge = rng.choice(pool or actions)
        comment = {
            TransitionKind.RETURN: "Mangler økonomiafsnit",
            TransitionKind.POSTPONE: "Udsat til næste møde",
        }.get(edge.transition.kind)
        result = handlers.advance_case(
            uow_factory(),
            config,
            clock,
            AdvanceCase(
                case_id=case.id,
                action=edge.action,
                actor=actor,
                comment=comment,
                expected_version=case.version,
            ),
        )
        case = result.case
