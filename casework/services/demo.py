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

from casework.domain.case import APPROPRIATIONS, Case, responsible_people
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.meetings import MeetingKind
from casework.domain.workflow import CaseStatus, RouteRole, StepKind, TransitionKind
from casework.services import handlers, resolve
from casework.services.ports import UnitOfWork

#: Per committee: the centre that writes its cases, and realistic titles with their matter type
#: (the delegation plan's ``sagstype``) for decisions and administrative decisions, and titles
#: of information cases. Demo data only.
_Matter = tuple[str, str]
_COMMITTEES: dict[str, tuple[str, tuple[_Matter, ...], tuple[str, ...], tuple[_Matter, ...]]] = {
    "tmu": (
        "cmt",
        (
            ("Trafiksikkerhedsplan {year}", "serviceniveau"),
            ("Klimahandleplan {year}-{next}", "klimaplan"),
            ("Renovering af {place}vej", "vejprojekt"),
            ("Ny cykelsti langs {place}vej", "vejprojekt"),
        ),
        ("Orientering om vandkvaliteten i {place} Sø", "Status på klimaregnskabet"),
        (
            ("Miljøgodkendelse af {place} Renseanlæg", "miljoegodkendelse"),
            ("Asfaltering af {place}vej", "vejprojekt"),
        ),
    ),
    "bpu": (
        "cby",
        (
            ("Lokalplan for {place} Bymidte", "lokalplan"),
            ("Kommuneplantillæg for {place}", "kommuneplantillaeg"),
            ("Salg af grund ved {place}", "ejendomssalg"),
        ),
        ("Orientering om byggesagsbehandlingstider",),
        (("Dispensation fra lokalplan for {place}vej 12", "dispensation"),),
    ),
    "buu": (
        "cbu",
        (
            ("Ny skolestruktur i {place}", "skolestruktur"),
            ("Anlægsbevilling til {place} Skole", "anlaegsbevilling"),
            ("Takster for dagtilbud {year}", "takster"),
        ),
        ("Orientering om elevtal og klassedannelse",),
        (("Tilskud til lejrskole på {place} Skole", "tilskud"),),
    ),
    "kfu": (
        "ckf",
        (
            ("Frigivelse af anlægsbevilling til {place} Idrætscenter", "anlaegsbevilling"),
            ("Udvidede åbningstider på {place} Bibliotek", "serviceniveau"),
            ("Tilskud til {place} Musikskole", "tilskud"),
        ),
        ("Status på {place} Bibliotek",),
        (("Lokaletilskud til {place} Boldklub", "tilskud"),),
    ),
    "sou": (
        "css",
        (
            ("Kvalitetsstandard for hjemmehjælp {year}", "serviceniveau"),
            ("Tillægsbevilling til hjemmeplejen", "tillaegsbevilling"),
        ),
        ("Orientering om tilsyn med plejecentre",),
        (("Afgørelse om boligændring", "afgoerelse_borger"),),
    ),
    "oeu": (
        "cop",
        (
            ("Budget {year}-{next}", "budget"),
            ("Låneoptagelse {year}", "laan"),
            ("Køb af ejendom ved {place} Station", "ejendomskoeb"),
        ),
        ("Orientering om likviditeten",),
        (("Låneomlægning {year}", "laaneomlaegning"),),
    ),
    "beu": (
        "cje",
        (
            ("Beskæftigelsesplan {year}", "serviceniveau"),
            ("Integrationsindsats i {place}", "tilskud"),
        ),
        ("Orientering om ledighedstal",),
        (("Tilskud til jobmesse i {place}", "tilskud"),),
    ),
}
#: Member's proposals (medlemsforslag), registered by the secretariat, and discussion cases
#: (drøftelsessager) per committee: the plan's workflow table gives each its own workflow.
_PROPOSALS = (
    "Medlemsforslag om gratis busser i {place}",
    "Medlemsforslag om flere træer langs {place}vej",
    "Medlemsforslag om længere åbningstid i {place} Svømmehal",
    "Medlemsforslag om solceller på {place} Rådhus",
)
_DISCUSSIONS = (
    "Temadrøftelse: fremtidens {place}",
    "Drøftelse af visionen for {place} Bymidte",
    "Drøftelse af udvalgets mål for {year}",
)
#: Amounts and areas the demo draws from, so the plan's thresholds fall both ways.
_AMOUNTS = (0, 30_000, 250_000, 1_500_000, 4_000_000, 12_000_000)
_AREAS = (200, 800, 2_500)
_FINANCING = (
    "Kassebeholdningen",
    "Omprioritering inden for udvalgets ramme",
    "Puljen til uforudsete udgifter under Økonomiudvalget",
)
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
    progress: Callable[[int, int], object] | None = None,
) -> list[str]:
    """Open ``cases`` demo cases spread over the weeks before ``end``; their ids are returned.

    ``progress(done, cases)`` is called after each case (a progress bar in the CLI).
    """
    rng = random.Random(seed)
    # No case opens before a delegation plan is in force: the plan routes the new cases.
    adopted = [p.valid_from for p in config.delegation or () if not p.is_draft]
    earliest = (
        dt.datetime.combine(min(adopted), dt.time(8, 0), tzinfo=dt.UTC)
        if adopted
        else dt.datetime.min.replace(tzinfo=dt.UTC)
    )
    municipality = config.municipality
    opened: list[str] = []
    titles: set[str] = set()
    kinds = ("decision", "information", "administrative", "proposal", "discussion")
    for index in range(cases):
        kind = rng.choices(kinds, weights=[7, 2, 2, 1, 1])[0]
        committee_id = rng.choice(sorted(_COMMITTEES))
        centre, decisions, notes, administrative = _COMMITTEES[committee_id]
        officer = rng.choice(municipality.people_with_role("sagsbehandler", centre))
        committee = municipality.bodies[committee_id]
        area = rng.choice(committee.policy_areas)
        attributes: dict[str, object] = {"politikomraade": area}
        workflow: str | None = None
        route: list[tuple[str, str]] | None = None
        owner_centre: str | None = None
        if kind in {"proposal", "discussion"} and not _plan_knows(config, kind):
            kind = "information"  # a configuration whose plan has no such sagstype
        if kind == "proposal":
            # A council member's proposal: the secretariat registers it (KSL § 11).
            template = rng.choice(_PROPOSALS)
            officer = rng.choice(municipality.people_with_role("sekretariat", "bds"))
            owner_centre = "bds"
            attributes["sagstype"] = "medlemsforslag"
        elif kind == "discussion":
            template = rng.choice(_DISCUSSIONS)
            attributes["sagstype"] = "droeftelse"
        elif kind == "information":
            template = rng.choice(notes)
            if _plan_knows(config, "information"):
                attributes["sagstype"] = "orientering"
            else:
                workflow, route = "orienteringssag", [(committee_id, RouteRole.INFORMED.value)]
        else:
            template, matter = rng.choice(decisions if kind == "decision" else administrative)
            attributes.update(
                sagstype=matter,
                beloeb=rng.choice(_AMOUNTS),
                principiel=rng.random() < 0.2,
                areal=rng.choice(_AREAS),
            )
            if matter in APPROPRIATIONS:  # KSL § 40, stk. 3: how the expense is covered
                attributes["finansiering"] = rng.choice(_FINANCING)
            if not config.delegation:  # without a plan, the committee decides alone
                workflow, route = "beslutningssag", [(committee_id, RouteRole.DECIDES.value)]
        title = _unique_title(template, titles, rng, end)
        # A budget is opened in the weeks before its own cycle, not left behind at ØU.
        days = rng.uniform(1, 12) if attributes.get("sagstype") == "budget" else rng.uniform(1, 70)
        opened_at = _opening_time(config, max(end - dt.timedelta(days=days), earliest), end, rng)
        clock = _MovingClock(opened_at)
        case = handlers.open_case(
            uow_factory(),
            config,
            clock,
            OpenCase(
                workflow=workflow,
                title=title,
                actor=officer.id,
                centre=owner_centre,
                route=route,
                attributes=attributes,
                idempotency_key=f"demo-{seed}-{index}",
            ),
        )
        _walk(uow_factory, config, clock, case, rng=rng, end=end)
        opened.append(case.id)
        if progress is not None:
            progress(index + 1, cases)
    return opened


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
    graph = resolve.case_graph(config, case)
    periods = config.calendar.periods if config.calendar is not None else {}
    for _ in range(30):
        if case.status is CaseStatus.CLOSED:
            return
        clock.instant += dt.timedelta(days=rng.uniform(1, 7) * rng.choice([1, 1, 2]))
        clock.instant = _working_time(config, clock.instant, rng)
        # A step with a minimum period (a hearing, the klagefrist, a member's proposal's
        # notice) is never left early: the case waits until the period has passed.
        minimum = case.minimum(graph, periods, config.work_calendar)
        if minimum is not None and clock.instant.date() < minimum.earliest:
            start = dt.datetime.combine(minimum.earliest, dt.time(8), tzinfo=dt.UTC)
            clock.instant = _working_time(config, start, rng)
        node = graph.steps[case.step]
        if node.body is not None and node.step.kind is StepKind.MEETING:
            # A body acts at its meetings: the case waits for the next one, as it would.
            meeting_start = _next_meeting(config, node.body, clock.instant)
            if meeting_start is None:
                return
            clock.instant = meeting_start + dt.timedelta(hours=1)
        if clock.instant >= end:
            return
        actors = responsible_people(case, graph, config.municipality)
        if not actors:
            return
        actor = rng.choice(actors)
        # The optional involvement detour (a høring before the discussion, issue 20) is left
        # out, so the walk is the one it was before that step existed.
        actions = [
            a
            for a in case.available_actions(graph, config.municipality, actor)
            if graph.steps[a.target].step.kind is not StepKind.INVOLVEMENT
        ]
        if not actions:
            return
        forward = [
            a
            for a in actions
            if a.transition.kind is TransitionKind.FORWARD
            and a.action not in {"traek_tilbage", "afvis"}
        ]
        # Withdrawals are rare in practice; returns and postponements less so.
        other = [
            a
            for a in actions
            if a not in forward and (a.action != "traek_tilbage" or rng.random() < 0.2)
        ]
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


def _plan_knows(config: Configuration, kind: str) -> bool:
    """Whether the plans' workflow table gives the demo's ``kind`` its own workflow."""
    value = {"proposal": "medlemsforslag", "discussion": "droeftelse"}.get(kind, "orientering")
    return any(
        p.workflows is not None and value in p.workflows.by_value for p in config.delegation or ()
    )


def _unique_title(template: str, taken: set[str], rng: random.Random, end: dt.datetime) -> str:
    """A title from ``template`` that no earlier demo case has (another place, or a number)."""
    title = ""
    for _ in range(20):
        title = template.format(place=rng.choice(_PLACES), year=end.year + 1, next=end.year + 4)
        if title not in taken:
            break
    number = 2
    base = title
    while title in taken:
        title, number = f"{base} ({number})", number + 1
    taken.add(title)
    return title


def _working_time(config: Configuration, instant: dt.datetime, rng: random.Random) -> dt.datetime:
    """``instant`` moved into working hours (08-16 local) on a hverdag: people act then."""
    calendar = config.work_calendar
    if calendar is None:
        return instant
    day = calendar.local_date(instant)
    hour = instant.astimezone(calendar.local(day, dt.time(12)).tzinfo).hour
    if calendar.is_hverdag(day) and 8 <= hour < 16:
        return instant
    if not calendar.is_hverdag(day) or hour >= 16:
        day += dt.timedelta(days=1)
        while not calendar.is_hverdag(day):
            day += dt.timedelta(days=1)
    pick = rng.uniform(8.0, 15.5)
    return calendar.local(day, dt.time(int(pick), int(pick % 1 * 60))).astimezone(dt.UTC)


def _opening_time(
    config: Configuration, instant: dt.datetime, end: dt.datetime, rng: random.Random
) -> dt.datetime:
    """When a case is opened: ``instant`` in working hours, but never after ``end`` (now): on
    a weekend or an evening a case opened "today" was opened on the last working day."""
    found = _working_time(config, instant, rng)
    calendar = config.work_calendar
    if found <= end or calendar is None:
        return min(found, end)
    day = calendar.local_date(end)
    while True:
        day -= dt.timedelta(days=1)
        if calendar.is_hverdag(day):
            pick = rng.uniform(8.0, 15.5)
            at = calendar.local(day, dt.time(int(pick), int(pick % 1 * 60))).astimezone(dt.UTC)
            return min(at, end)


def _next_meeting(config: Configuration, body: str, after: dt.datetime) -> dt.datetime | None:
    """The start of ``body``'s first ordinary meeting at or after ``after`` (UTC), or None when
    the meeting plan has none (then the case waits where it is)."""
    calendar = config.calendar
    if calendar is None:
        return after
    zone = calendar.calendar.zone or dt.UTC
    for meeting in calendar.meetings.for_body(body):
        if meeting.kind is MeetingKind.EXTRA:
            continue
        start = meeting.starts_at(zone).astimezone(dt.UTC)
        if start >= after:
            return start
    return None
