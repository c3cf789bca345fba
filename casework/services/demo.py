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

#: Per standing committee: the centre that writes its cases, and realistic case titles per
#: workflow (decision, information, administrative decision). Demo data only.
_COMMITTEES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "tmu": (
        "cmt",
        (
            "Trafiksikkerhedsplan {year}",
            "Klimahandleplan – status og næste skridt",
            "Ny affaldsordning for {place}",
            "Renovering af {place}vej",
        ),
        ("Orientering om vandkvaliteten i {place} Sø", "Status på klimaregnskabet"),
        ("Tilladelse til vejarbejde på {place}vej", "Gravetilladelse ved {place} Station"),
    ),
    "bpu": (
        "cby",
        (
            "Lokalplan for {place} Bymidte",
            "Kommuneplantillæg for {place}",
            "Salg af grund ved {place}",
        ),
        ("Orientering om byggesagsbehandlingstider",),
        ("Dispensation fra lokalplan for {place}vej 12",),
    ),
    "buu": (
        "cbu",
        (
            "Ny skolestruktur i {place}",
            "Anlægsbevilling til {place} Skole",
            "Takster for dagtilbud {year}",
        ),
        ("Orientering om elevtal og klassedannelse",),
        ("Tilskud til lejrskole på {place} Skole",),
    ),
    "kfu": (
        "ckf",
        (
            "Frigivelse af anlægsbevilling til {place} Idrætscenter",
            "Udvidede åbningstider på {place} Bibliotek",
        ),
        ("Status på {place} Bibliotek",),
        ("Tilskud til {place} Borgerforening", "Lokaletilskud til {place} Boldklub"),
    ),
    "sou": (
        "css",
        ("Kvalitetsstandard for hjemmehjælp {year}", "Ny sundhedspolitik {year}-{next}"),
        ("Orientering om tilsyn med plejecentre",),
        ("Tilskud til {place} Seniorklub",),
    ),
    "oeu": (
        "cop",
        (
            "Budgetopfølgning pr. 30. september",
            "Låneoptagelse {year}",
            "Principper for økonomistyring",
        ),
        ("Orientering om likviditeten",),
        ("Omplacering af lønbudget",),
    ),
    "beu": (
        "cje",
        ("Beskæftigelsesplan {year}", "Integrationsindsats i {place}"),
        ("Orientering om ledighedstal",),
        ("Tilskud til jobmesse i {place}",),
    ),
}
_WORKFLOWS = ["beslutningssag", "orienteringssag", "administrativ_beslutning"]
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
    opened: list[str] = []
    for index in range(cases):
        clock = _MovingClock(end - dt.timedelta(days=rng.uniform(1, 70), hours=rng.uniform(0, 6)))
        workflow = rng.choices(_WORKFLOWS, weights=[7, 2, 2])[0]
        committee_id = rng.choice(sorted(_COMMITTEES))
        centre, *titles = _COMMITTEES[committee_id]
        officer = rng.choice(municipality.people_with_role("sagsbehandler", centre))
        area, route = _route_for(config, workflow, committee_id, rng)
        title = rng.choice(titles[_WORKFLOWS.index(workflow)]).format(
            place=rng.choice(_PLACES), year=end.year + 1, next=end.year + 4
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
    config: Configuration, workflow: str, committee_id: str, rng: random.Random
) -> tuple[str, list[tuple[str, str]]]:
    committee = config.municipality.bodies[committee_id]
    area = rng.choice(committee.policy_areas)
    if workflow == "orienteringssag":
        return area, [(committee.id, RouteRole.INFORMED.value)]
    if workflow == "administrativ_beslutning":
        return area, ([(committee.id, RouteRole.INFORMED.value)] if rng.random() < 0.5 else [])
    if rng.random() < 0.45:  # within the committee's own competence
        return area, [(committee.id, RouteRole.DECIDES.value)]
    if committee.id == "oeu":  # the finance committee recommends straight to the council
        return area, [("oeu", "indstiller"), ("kb", "beslutter")]
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
