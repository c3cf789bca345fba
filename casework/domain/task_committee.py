"""A § 17, stk. 4 task committee (*opgaveudvalg*) as the booklet runs it (issue 20, item 1).

The council sets the committee up with a **kommissorium** (mandate, goals, period, members —
council members and external partners from business, knowledge institutions and the housing
sector, who are not council members —, the standing committee it reports to and a facilitator).
The committee works from a **backlog** (*bagkatalog*) of ideas in **sprints**: the sprint
meeting picks what fits the sprint's resources, the sprint group works, the sprint log is closed
and the results are evaluated against the goals. What it arrives at goes to the standing
committee as a **written recommendation**, a case of its own: the task committee cannot decide
(KSL § 17, stk. 4; the delegation check refuses a plan that lets it, CW624).

Pure: the kommissorium comes from ``config/opgaveudvalg/*.yaml`` through the config adapter; the
committee's work is a hash-chained list of events (:class:`CommitteeEvent`) folded by
:func:`replay` into :class:`CommitteeState`. Every rule a command can break is a
:class:`TaskCommitteeError` (CW900–CW909); the loader's findings are CW910–CW915.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar

from casework.domain.errors import CaseworkError, Finding, NotFound
from casework.domain.events import canonical_json
from casework.domain.messages import Msg, register

LEGAL_BASIS = "KSL § 17, stk. 4"

register(
    {
        "task.unknown": (
            "opgaveudvalget '{committee}' har intet kommissorium i config/opgaveudvalg",
            "the task committee '{committee}' has no kommissorium in config/opgaveudvalg",
        ),
        "task.not_allowed": (
            "{person} er hverken opgaveudvalgets facilitator eller i sekretariatet og kan ikke "
            "{what}",
            "{person} is neither the task committee's facilitator nor in the secretariat and "
            "cannot {what}",
        ),
        "task.sprint_open": (
            "sprint {sprint} er stadig åben; luk den, før en ny startes",
            "sprint {sprint} is still open; close it before starting another",
        ),
        "task.over_capacity": (
            "de valgte idéer kræver {needed} timer, men sprinten har kun {capacity}",
            "the chosen ideas need {needed} hours, but the sprint has only {capacity}",
        ),
        "task.unknown_idea": (
            "idé {idea} er ikke i bagkataloget (ukendt eller allerede valgt)",
            "idea {idea} is not in the backlog (unknown or already chosen)",
        ),
        "task.no_open_sprint": (
            "opgaveudvalget har ingen åben sprint",
            "the task committee has no open sprint",
        ),
        "task.sprint_not_closed": (
            "sprint {sprint} findes ikke eller er ikke lukket og evalueret",
            "sprint {sprint} does not exist or is not closed and evaluated",
        ),
        "task.recommended": (
            "sprint {sprint} har allerede givet indstillingen {case}",
            "sprint {sprint} has already produced the recommendation {case}",
        ),
        "task.outside_period": (
            "{day} ligger uden for kommissoriets periode {start} – {end}",
            "{day} is outside the kommissorium's period {start} – {end}",
        ),
        "task.changed": (
            "opgaveudvalget blev ændret imens; prøv igen",
            "the task committee was changed meanwhile; try again",
        ),
        "task.bad_input": (
            "{field}: {detail}",
            "{field}: {detail}",
        ),
        "task.no_meeting": (
            "{committee} har intet møde den {day} i mødeplanen",
            "{committee} has no meeting on {day} in the meeting plan",
        ),
        "task.what.idea": ("tilføje idéer", "add ideas"),
        "task.what.sprint": ("starte og lukke sprints", "start and close sprints"),
        "task.what.recommend": ("skrive indstillingen", "write the recommendation"),
    }
)


class TaskCommitteeError(CaseworkError):
    """A task committee command broke a rule; nothing was written."""

    code = "CW900"
    key = "task.unknown"


class UnknownTaskCommittee(TaskCommitteeError, NotFound):
    """CW900: no kommissorium for that body (the API answers 404)."""


class NotFacilitator(TaskCommitteeError):
    """CW901: only the facilitator or the secretariat runs the committee's work."""

    code = "CW901"
    key = "task.not_allowed"


class SprintStillOpen(TaskCommitteeError):
    """CW902."""

    code = "CW902"
    key = "task.sprint_open"


class OverCapacity(TaskCommitteeError):
    """CW903: the chosen ideas do not fit the sprint's resources."""

    code = "CW903"
    key = "task.over_capacity"


class UnknownIdea(TaskCommitteeError):
    """CW904."""

    code = "CW904"
    key = "task.unknown_idea"


class NoOpenSprint(TaskCommitteeError):
    """CW905."""

    code = "CW905"
    key = "task.no_open_sprint"


class SprintNotClosed(TaskCommitteeError):
    """CW906."""

    code = "CW906"
    key = "task.sprint_not_closed"


class AlreadyRecommended(TaskCommitteeError):
    """CW907."""

    code = "CW907"
    key = "task.recommended"


class OutsidePeriod(TaskCommitteeError):
    """CW908: the kommissorium's period does not cover the day."""

    code = "CW908"
    key = "task.outside_period"


class CommitteeChanged(TaskCommitteeError):
    """CW909: optimistic concurrency; someone else wrote an event first."""

    code = "CW909"
    key = "task.changed"


class BadCommitteeInput(TaskCommitteeError):
    """CW916: a text or number given to a command is not usable (blank, too long, negative)."""

    code = "CW916"
    key = "task.bad_input"


# ----------------------------------------------------------------------------- kommissorium
class PartnerSector(StrEnum):
    """Where an external member comes from (none of them is a council member)."""

    BUSINESS = "erhverv"
    KNOWLEDGE = "videninstitution"
    HOUSING = "boligsektor"
    CIVIL = "civilsamfund"
    CITIZEN = "borger"


SECTOR_TITLES: Mapping[PartnerSector, tuple[str, str]] = {
    PartnerSector.BUSINESS: ("Erhvervsliv", "Business"),
    PartnerSector.KNOWLEDGE: ("Videninstitution", "Knowledge institution"),
    PartnerSector.HOUSING: ("Boligsektor", "Housing sector"),
    PartnerSector.CIVIL: ("Civilsamfund", "Civil society"),
    PartnerSector.CITIZEN: ("Borger", "Citizen"),
}


@dataclass(frozen=True, slots=True)
class Partner:
    """An external member of the committee."""

    name: str
    organisation: str
    sector: PartnerSector


@dataclass(frozen=True, slots=True)
class ProgrammeBlock:
    """One block of the visual programme of the committee's meetings."""

    minutes: int
    title: str
    kind: str  # "start", "sprint", "work", "evaluation", "break", "close"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Kommissorium:
    """The council's terms of reference for one task committee."""

    committee: str
    title: str
    mandate: str
    goals: tuple[str, ...]
    start: dt.date
    end: dt.date
    reports_to: str
    facilitator: str
    council_members: tuple[str, ...]
    partners: tuple[Partner, ...]
    sprint_hours: int
    programme: tuple[ProgrammeBlock, ...]
    #: Attributes of the recommendation case; the delegation plan picks its workflow and route.
    recommendation_attributes: Mapping[str, Any] = field(default_factory=dict)
    legal_basis: str = LEGAL_BASIS

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is within the committee's period."""
        return self.start <= day <= self.end

    def check_day(self, day: dt.date) -> None:
        """OutsidePeriod unless the period covers ``day``."""
        if not self.covers(day):
            raise OutsidePeriod(day=day.isoformat(), start=self.start.isoformat(),
                                end=self.end.isoformat())  # fmt: skip


# ----------------------------------------------------------------------------- events
class CommitteeEventKind(StrEnum):
    """What happened in a task committee (``collection.verb``)."""

    IDEA_ADDED = "idea.added"
    SPRINT_STARTED = "sprint.started"
    SPRINT_LOGGED = "sprint.logged"
    SPRINT_CLOSED = "sprint.closed"
    RECOMMENDED = "recommendation.created"


GENESIS = "0" * 64


def committee_event_hash(
    committee: str, seq: int, kind: str, *, at: str, actor: str, data_json: str, prev_hash: str
) -> str:
    """The SHA-256 over one event's stored text and the previous event's hash."""
    text = "\x1f".join((committee, str(seq), kind, at, actor, data_json, prev_hash))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CommitteeEvent:
    """One stored event of a task committee, hash-chained per committee."""

    committee: str
    seq: int
    kind: str
    at: str
    actor: str
    data_json: str
    prev_hash: str
    hash: str

    @classmethod
    def make(
        cls, committee: str, seq: int, kind: CommitteeEventKind, *, at: str, actor: str,
        data: Mapping[str, Any], prev_hash: str,
    ) -> CommitteeEvent:  # fmt: skip
        """A new event chained to ``prev_hash``."""
        text = canonical_json(dict(data))
        digest = committee_event_hash(
            committee, seq, kind.value, at=at, actor=actor, data_json=text, prev_hash=prev_hash
        )
        return cls(committee, seq, kind.value, at, actor, text, prev_hash, digest)

    @property
    def data(self) -> dict[str, Any]:
        """The payload."""
        import json

        loaded: dict[str, Any] = json.loads(self.data_json)
        return loaded

    def verifies(self) -> bool:
        """Whether the stored hash matches the stored text."""
        return self.hash == committee_event_hash(
            self.committee, self.seq, self.kind, at=self.at, actor=self.actor,
            data_json=self.data_json, prev_hash=self.prev_hash,
        )  # fmt: skip


def chain_problems(events: Sequence[CommitteeEvent]) -> list[str]:
    """What is wrong with a committee's chain: a changed event, a gap, a broken link."""
    problems: list[str] = []
    prev = GENESIS
    for index, event in enumerate(events, start=1):
        if event.seq != index:
            problems.append(f"event {index}: sequence {event.seq}")
        if event.prev_hash != prev:
            problems.append(f"event {event.seq}: does not follow the previous event")
        if not event.verifies():
            problems.append(f"event {event.seq}: its content was changed")
        prev = event.hash
    return problems


register(
    {
        "audit.committee.hash": (
            "opgaveudvalg {committee}, hændelse {seq}: indholdet passer ikke med dens hash "
            "(ændret?)",
            "task committee {committee}, event {seq}: its content does not match its hash "
            "(edited?)",
        ),
        "audit.committee.chain": (
            "opgaveudvalg {committee}, hændelse {seq}: kæden er brudt (slettet eller flyttet "
            "hændelse?)",
            "task committee {committee}, event {seq}: the chain is broken (event deleted or "
            "reordered?)",
        ),
        "audit.committee.sequence": (
            "opgaveudvalg {committee}: hændelse nr. {position} har nummer {seq}",
            "task committee {committee}: event no. {position} is numbered {seq}",
        ),
        "audit.committee.replay": (
            "opgaveudvalg {committee}, hændelse {seq}: kan ikke genafspilles ({detail})",
            "task committee {committee}, event {seq}: cannot be replayed ({detail})",
        ),
    }
)


def audit_findings(committee: str, events: Sequence[CommitteeEvent]) -> list[Finding]:
    """What ``audit verify`` reports for one committee's events, with the audit's codes: an
    edited event (CW401), a broken link (CW402), a gap in the numbers (CW403), an event the
    fold cannot read (CW407)."""
    found: list[Finding] = []
    prev = GENESIS
    state = CommitteeState(committee)
    for position, event in enumerate(events, start=1):
        where = {"committee": committee, "seq": event.seq}
        if event.seq != position:
            found.append(Finding("CW403", "audit.committee.sequence",
                                 {**where, "position": position}))  # fmt: skip
        if event.prev_hash != prev:
            found.append(Finding("CW402", "audit.committee.chain", where))
        if not event.verifies():
            found.append(Finding("CW401", "audit.committee.hash", where))
        try:
            state = apply(state, event)
        except (KeyError, TypeError, ValueError) as exc:
            found.append(Finding("CW407", "audit.committee.replay",
                                 {**where, "detail": type(exc).__name__}))  # fmt: skip
        prev = event.hash
    return found


# ----------------------------------------------------------------------------- the fold
class IdeaStatus(StrEnum):
    """Where an idea of the backlog is."""

    BACKLOG = "bagkatalog"
    SPRINT = "i_sprint"
    DONE = "faerdig"
    RETURNED = "tilbage"


@dataclass(frozen=True, slots=True)
class Idea:
    """An idea of the backlog."""

    number: int
    title: str
    description: str
    hours: int
    proposed_by: str
    status: IdeaStatus = IdeaStatus.BACKLOG
    sprint: int | None = None

    @property
    def open(self) -> bool:
        """Whether a sprint meeting can still pick it (new, or back from an unfinished sprint)."""
        return self.status in {IdeaStatus.BACKLOG, IdeaStatus.RETURNED}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One goal of the kommissorium, evaluated at a sprint's close."""

    goal: str
    met: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sprint:
    """A sprint: picked at the sprint meeting, worked, logged, closed and evaluated."""

    number: int
    goal: str
    capacity: int
    ideas: tuple[int, ...]
    started: str
    started_on: str
    log: tuple[str, ...] = ()
    closed: str | None = None
    done: tuple[int, ...] = ()
    results: str = ""
    evaluation: tuple[Evaluation, ...] = ()
    recommendation: str | None = None

    @property
    def open(self) -> bool:
        """Whether the sprint still runs."""
        return self.closed is None


@dataclass(frozen=True, slots=True)
class CommitteeState:
    """A task committee's backlog and sprints: the fold of its events."""

    committee: str
    version: int = 0
    head: str = GENESIS
    ideas: tuple[Idea, ...] = ()
    sprints: tuple[Sprint, ...] = ()

    @property
    def open_sprint(self) -> Sprint | None:
        """The running sprint, if any."""
        return next((s for s in self.sprints if s.open), None)

    def idea(self, number: int) -> Idea | None:
        """The idea numbered ``number``."""
        return next((i for i in self.ideas if i.number == number), None)

    def sprint(self, number: int) -> Sprint | None:
        """The sprint numbered ``number``."""
        return next((s for s in self.sprints if s.number == number), None)


def _with_idea(state: CommitteeState, number: int, **changes: Any) -> tuple[Idea, ...]:
    return tuple(replace(i, **changes) if i.number == number else i for i in state.ideas)


def _with_sprint(state: CommitteeState, number: int, **changes: Any) -> tuple[Sprint, ...]:
    return tuple(replace(s, **changes) if s.number == number else s for s in state.sprints)


def apply(state: CommitteeState, event: CommitteeEvent) -> CommitteeState:
    """``state`` after ``event``."""
    data = event.data
    kind = CommitteeEventKind(event.kind)
    state = replace(state, version=event.seq, head=event.hash)
    if kind is CommitteeEventKind.IDEA_ADDED:
        idea = Idea(int(data["number"]), str(data["title"]), str(data["description"]),
                    int(data["hours"]), event.actor)  # fmt: skip
        return replace(state, ideas=(*state.ideas, idea))
    if kind is CommitteeEventKind.SPRINT_STARTED:
        number = int(data["number"])
        ideas = tuple(int(n) for n in data["ideas"])
        sprint = Sprint(number, str(data["goal"]), int(data["capacity"]), ideas, event.at,
                        str(data["day"]))  # fmt: skip
        for n in ideas:
            state = replace(state, ideas=_with_idea(state, n, status=IdeaStatus.SPRINT,
                                                    sprint=number))  # fmt: skip
        return replace(state, sprints=(*state.sprints, sprint))
    if kind is CommitteeEventKind.SPRINT_LOGGED:
        number = int(data["sprint"])
        found = state.sprint(number)
        log = (*(found.log if found else ()), str(data["entry"]))
        return replace(state, sprints=_with_sprint(state, number, log=log))
    if kind is CommitteeEventKind.SPRINT_CLOSED:
        number = int(data["sprint"])
        done = tuple(int(n) for n in data["done"])
        found = state.sprint(number)
        for n in found.ideas if found else ():
            status = IdeaStatus.DONE if n in done else IdeaStatus.RETURNED
            state = replace(state, ideas=_with_idea(state, n, status=status))
        evaluation = tuple(
            Evaluation(str(e["goal"]), bool(e["met"]), str(e.get("note", "")))
            for e in data["evaluation"]
        )
        return replace(state, sprints=_with_sprint(
            state, number, closed=event.at, done=done, results=str(data["results"]),
            evaluation=evaluation,
        ))  # fmt: skip
    number = int(data["sprint"])
    return replace(state, sprints=_with_sprint(state, number, recommendation=str(data["case"])))


def replay(committee: str, events: Iterable[CommitteeEvent]) -> CommitteeState:
    """The committee's state: the fold of its events."""
    state = CommitteeState(committee)
    for event in events:
        state = apply(state, event)
    return state


# ----------------------------------------------------------------------------- decisions
def _text(field_name: str, value: str, limit: int, *, blank: bool = False) -> str:
    text = " ".join(value.split()) if limit <= 300 else value.strip()
    if not text and not blank:
        raise BadCommitteeInput(field=field_name, detail=_detail("blank"))
    if len(text) > limit:
        raise BadCommitteeInput(field=field_name, detail=_detail("long", limit=limit))
    return text


register(
    {
        "task.detail.blank": ("må ikke være tom", "must not be blank"),
        "task.detail.long": ("højst {limit} tegn", "at most {limit} characters"),
        "task.detail.hours": ("et helt antal timer fra 1 til 1000", "whole hours from 1 to 1000"),
        "task.detail.evaluation": (
            "ét svar pr. mål i kommissoriet ({goals})",
            "one answer per goal of the kommissorium ({goals})",
        ),
        "task.detail.done": (
            "idé {idea} er ikke i sprinten",
            "idea {idea} is not in the sprint",
        ),
    }
)


def _detail(name: str, **params: Any) -> Msg:
    return Msg(f"task.detail.{name}", **params)


def _hours(field_name: str, value: int) -> int:
    if not 1 <= value <= 1000:
        raise BadCommitteeInput(field=field_name, detail=_detail("hours"))
    return value


@dataclass(frozen=True, slots=True)
class Decided:
    """What a command decided: the payload of the one event it records."""

    kind: CommitteeEventKind
    data: dict[str, Any]

    KINDS: ClassVar[tuple[CommitteeEventKind, ...]] = tuple(CommitteeEventKind)


def add_idea(state: CommitteeState, title: str, description: str, hours: int) -> Decided:
    """An idea for the backlog."""
    return Decided(CommitteeEventKind.IDEA_ADDED, {
        "number": len(state.ideas) + 1,
        "title": _text("titel", title, 200),
        "description": _text("beskrivelse", description, 4000, blank=True),
        "hours": _hours("timer", hours),
    })  # fmt: skip


def start_sprint(
    state: CommitteeState, kommissorium: Kommissorium, *, day: dt.date, goal: str,
    ideas: Sequence[int], capacity: int | None = None,
) -> Decided:  # fmt: skip
    """The sprint meeting: the ideas picked from the backlog, within the sprint's resources."""
    kommissorium.check_day(day)
    running = state.open_sprint
    if running is not None:
        raise SprintStillOpen(sprint=running.number)
    hours = _hours("kapacitet", capacity if capacity is not None else kommissorium.sprint_hours)
    picked: list[int] = []
    for number in ideas:
        idea = state.idea(number)
        if idea is None or not idea.open or number in picked:
            raise UnknownIdea(idea=number)
        picked.append(number)
    if not picked:
        raise BadCommitteeInput(field="idéer", detail=_detail("blank"))
    needed = sum(i.hours for i in state.ideas if i.number in picked)
    if needed > hours:
        raise OverCapacity(needed=needed, capacity=hours)
    return Decided(CommitteeEventKind.SPRINT_STARTED, {
        "number": len(state.sprints) + 1, "goal": _text("sprintmål", goal, 300),
        "capacity": hours, "ideas": picked, "day": day.isoformat(),
    })  # fmt: skip


def log_sprint(state: CommitteeState, entry: str) -> Decided:
    """An entry of the open sprint's log (what the sprint group did)."""
    running = state.open_sprint
    if running is None:
        raise NoOpenSprint()
    return Decided(CommitteeEventKind.SPRINT_LOGGED,
                   {"sprint": running.number, "entry": _text("log", entry, 2000)})  # fmt: skip


def close_sprint(
    state: CommitteeState, kommissorium: Kommissorium, *, done: Sequence[int], results: str,
    met: Sequence[bool], notes: Sequence[str] = (),
) -> Decided:  # fmt: skip
    """Close the sprint log and evaluate the results against every goal of the kommissorium.

    ``met`` answers each goal in order; ideas not ``done`` go back to the backlog.
    """
    running = state.open_sprint
    if running is None:
        raise NoOpenSprint()
    for number in done:
        if number not in running.ideas:
            raise BadCommitteeInput(field="færdige", detail=_detail("done", idea=number))
    goals = kommissorium.goals
    if len(met) != len(goals):
        raise BadCommitteeInput(field="evaluering",
                                detail=_detail("evaluation", goals=len(goals)))  # fmt: skip
    padded = [*notes, *[""] * len(goals)][: len(goals)]
    return Decided(CommitteeEventKind.SPRINT_CLOSED, {
        "sprint": running.number, "done": sorted(set(done)),
        "results": _text("resultater", results, 8000),
        "evaluation": [
            {"goal": g, "met": bool(m), "note": _text("note", n, 500, blank=True)}
            for g, m, n in zip(goals, met, padded, strict=True)
        ],
    })  # fmt: skip


def check_recommendable(state: CommitteeState, sprint: int) -> Sprint:
    """The closed sprint a recommendation can be written from."""
    found = state.sprint(sprint)
    if found is None or found.open:
        raise SprintNotClosed(sprint=sprint)
    if found.recommendation is not None:
        raise AlreadyRecommended(sprint=sprint, case=found.recommendation)
    return found


def recommendation_text(
    kommissorium: Kommissorium, state: CommitteeState, sprint: Sprint
) -> dict[str, str]:
    """The recommendation's written texts (resumé, sagsfremstilling, indstilling) from the
    sprint's results: what the committee recommends, which ideas it rests on and how the results
    were evaluated against the goals."""
    done = [i for i in state.ideas if i.number in sprint.done]
    lines = [f"{kommissorium.title} ({kommissorium.legal_basis}) afgiver denne skriftlige "
             f"indstilling efter sprint {sprint.number}: {sprint.goal}.", "",
             "Resultater:", sprint.results, ""]  # fmt: skip
    if done:
        lines.append("Idéer fra bagkataloget, der ligger til grund:")
        lines += [f"- {i.title}" for i in done]
        lines.append("")
    lines.append("Evaluering mod kommissoriets mål:")
    lines += [f"- {e.goal}: {'opfyldt' if e.met else 'ikke opfyldt'}"
              + (f" ({e.note})" if e.note else "") for e in sprint.evaluation]  # fmt: skip
    clauses = [f"at {i.title[0].lower()}{i.title[1:]} gennemføres" for i in done] or [
        "at udvalget tager opgaveudvalgets resultater til efterretning"
    ]
    return {
        "resume": f"{kommissorium.title} anbefaler: {sprint.goal}",
        "sagsfremstilling": "\n".join(lines),
        "indstilling": "\n".join(clauses),
    }


def recommended(sprint: int, case_id: str) -> Decided:
    """The recommendation case ``case_id`` was opened from ``sprint``."""
    return Decided(CommitteeEventKind.RECOMMENDED, {"sprint": sprint, "case": case_id})


__all__ = [
    "LEGAL_BASIS",
    "AlreadyRecommended",
    "BadCommitteeInput",
    "CommitteeChanged",
    "CommitteeEvent",
    "CommitteeEventKind",
    "CommitteeState",
    "Decided",
    "Evaluation",
    "Idea",
    "IdeaStatus",
    "Kommissorium",
    "NoOpenSprint",
    "NotFacilitator",
    "OutsidePeriod",
    "OverCapacity",
    "Partner",
    "PartnerSector",
    "ProgrammeBlock",
    "Sprint",
    "SprintNotClosed",
    "SprintStillOpen",
    "TaskCommitteeError",
    "UnknownIdea",
    "UnknownTaskCommittee",
    "add_idea",
    "apply",
    "audit_findings",
    "chain_problems",
    "close_sprint",
    "log_sprint",
    "recommendation_text",
    "recommended",
    "replay",
    "start_sprint",
]
