"""OParl council data as casework cases: the pure model, the classification and the case builder.

OParl (the open standard of German council information systems) describes a *Paper* (Vorlage)
and its *Consultations* (Beratungen): which body considers the paper, in which part (Vorberatung,
Entscheidung, Kenntnisnahme, Anhörung …), at which meeting, under which agenda item, whose
``result`` text says what the body did. That is exactly a casework case with its route of bodies.

This module turns normalised records (the reader in ``casework.adapters.oparl`` makes them from
OParl 1.0 and 1.1 JSON) into a :class:`PlannedCase` – the route and one step per consultation –
and that plan into a :class:`~casework.domain.case.Case` whose events are appended through the
domain verbs, so the history is hash-chained like any other. The mapping from German result texts
and consultation roles to casework's vocabulary is data (:class:`Classification`), loaded from
YAML by the adapter. Nothing here reads files or the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from casework.domain.case import Case, check_route_change
from casework.domain.events import CaseEvent, EventKind, canonical_json
from casework.domain.messages import register
from casework.domain.organisation import Body, BodyKind, Municipality, Person, Role, RoleScope
from casework.domain.workflow import (
    CaseStatus,
    Outcome,
    RouteEntry,
    RouteRole,
    WorkflowDefinition,
)

register(
    {
        "error.oparl_import.source": (
            "Kan ikke læse OParl-kilden {path}: {detail}",
            "Cannot read the OParl source {path}: {detail}",
        ),
    }
)

#: The id and version of the built-in workflow imported cases run on.
WORKFLOW_ID = "oparl"
WORKFLOW_VERSION = 1
#: Who records imported events: the import itself, not a person of the municipality.
IMPORT_ACTOR = "oparl-import"
_IMPORT_ROLE = "oparl"

#: A municipality of one: the import actor, allowed every action of the import workflow and a
#: route override (a paper that gains a consultation gains a body). Imported histories never
#: pass through the configured people, so they need none of them.
IMPORT_MUNICIPALITY = Municipality(
    id="oparl",
    name="OParl import",
    bodies={},
    centres={},
    roles={
        _IMPORT_ROLE: Role(_IMPORT_ROLE, "OParl-import", scope=RoleScope.ALL, route_override=True)
    },
    people={IMPORT_ACTOR: Person(IMPORT_ACTOR, "OParl-import", roles=frozenset({_IMPORT_ROLE}))},
)


class Decision(StrEnum):
    """What a body did with a paper, as the import classifies an agenda item's result text."""

    APPROVED = "approved"
    RECOMMENDED = "recommended"
    POSTPONED = "postponed"
    REFERRED = "referred"
    NOTED = "noted"
    REJECTED = "rejected"
    UNKNOWN = "unknown"


#: The import workflow's action for each decision (see ``workflow-oparl.yaml``).
ACTIONS = {
    Decision.APPROVED: "godkend",
    Decision.RECOMMENDED: "anbefal",
    Decision.POSTPONED: "udsaet",
    Decision.REFERRED: "oversend",
    Decision.NOTED: "tag_til_efterretning",
    Decision.REJECTED: "afvis",
    Decision.UNKNOWN: "behandlet",
}

#: The action that moves a case on without a known outcome.
MOVE_ON = ACTIONS[Decision.UNKNOWN]

#: casework's outcome of the minutes for each decision (None: the outcome is not known).
OUTCOMES: dict[Decision, Outcome | None] = {
    Decision.APPROVED: Outcome.DECIDED,
    Decision.RECOMMENDED: Outcome.RECOMMENDED,
    Decision.POSTPONED: Outcome.POSTPONED,
    Decision.REFERRED: Outcome.REFERRED,
    Decision.NOTED: Outcome.NOTED,
    Decision.REJECTED: Outcome.REJECTED,
    Decision.UNKNOWN: None,
}


# --------------------------------------------------------------------------- classification
@dataclass(frozen=True, slots=True)
class ResultRule:
    """One rule of the result classification: a case-insensitive pattern and its decision."""

    pattern: str
    decision: Decision
    #: Where the rule was written (file:line), for explanations.
    source: str | None = None

    def matches(self, text: str) -> bool:
        """Whether the rule's pattern is found in ``text`` (a regular expression search)."""
        return _compiled(self.pattern).search(text) is not None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _PATTERNS.get(pattern)
    if found is None:
        found = _PATTERNS[pattern] = re.compile(pattern, re.IGNORECASE)
    return found


@dataclass(frozen=True)
class Classification:
    """The configurable mapping: result texts to decisions, consultation roles to route roles.

    ``results`` are tried in order; the first that matches wins, ``empty`` is the decision when
    an agenda item has no result text, ``fallback`` when no rule matches. ``roles`` maps an
    OParl consultation role (compared case-insensitively) to a route role; ``authoritative``
    is the route role of a consultation marked ``authoritative`` whose role maps to
    ``indstiller`` (or has no mapping); ``default_role`` the role of anything else. When no
    consultation of a paper names a role, the last body of its route decides if
    ``last_body_decides`` (Hürtgenwald's OParl 1.0 server names none).
    """

    results: tuple[ResultRule, ...]
    roles: Mapping[str, RouteRole]
    empty: Decision = Decision.UNKNOWN
    fallback: Decision = Decision.UNKNOWN
    authoritative: RouteRole = RouteRole.DECIDES
    default_role: RouteRole = RouteRole.RECOMMENDS
    last_body_decides: bool = True
    _cache: dict[str, Decision] = field(default_factory=dict, compare=False, repr=False)

    def decision(self, text: str | None) -> Decision:
        """The decision a result text records."""
        cleaned = " ".join((text or "").split())
        if not cleaned:
            return self.empty
        found = self._cache.get(cleaned)
        if found is None:
            found = next((r.decision for r in self.results if r.matches(cleaned)), self.fallback)
            self._cache[cleaned] = found
        return found

    def route_role(self, role: str | None, authoritative: bool | None) -> RouteRole:
        """The route role of one consultation."""
        mapped = self.roles.get((role or "").strip().lower()) if role else None
        if authoritative and mapped in {None, RouteRole.RECOMMENDS}:
            return self.authoritative
        return mapped or self.default_role


# --------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Organization:
    """An OParl Organization (a body, or an office of the administration)."""

    id: str
    name: str
    short_name: str | None = None
    classification: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An OParl AgendaItem, as embedded in its meeting."""

    id: str
    meeting: str
    consultation: str | None = None
    number: str | None = None
    name: str | None = None
    result: str | None = None
    order: int | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """An OParl Meeting with its agenda items."""

    id: str
    name: str | None
    start: dt.datetime | None
    organizations: tuple[str, ...] = ()
    agenda_items: tuple[AgendaItem, ...] = ()
    cancelled: bool = False
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class Consultation:
    """An OParl Consultation: one body's consideration of one paper."""

    id: str
    paper: str | None
    organizations: tuple[str, ...] = ()
    meeting: str | None = None
    agenda_item: str | None = None
    role: str | None = None
    authoritative: bool | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """An OParl Paper (Vorlage) with the consultations it embeds or names."""

    id: str
    name: str
    reference: str | None
    date: dt.date | None
    created: dt.datetime | None
    paper_type: str | None = None
    consultations: tuple[Consultation | str, ...] = ()
    modified: str | None = None


@dataclass
class SourceData:
    """Everything read from a SOURCE, by OParl id, with what was left out and why."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    consultations: dict[str, Consultation] = field(default_factory=dict)
    #: Agenda items served as objects of their own (not embedded in their meeting).
    agenda_items: dict[str, AgendaItem] = field(default_factory=dict)
    #: Objects found per kind (including deleted and malformed ones, not second copies).
    seen: Counter[str] = field(default_factory=Counter)
    #: Second copies of an object already read (a static OParl tree serves each object as a
    #: file and again in its list); the newer copy is kept, each object is counted once.
    duplicates: Counter[str] = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    #: Objects of types the import does not use (Person, Body, System, File …), per type.
    other: Counter[str] = field(default_factory=Counter)
    files: int = 0


# --------------------------------------------------------------------------- the plan
@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One consultation that took place: its body, when, and what the body decided."""

    body: str
    at: dt.datetime
    decision: Decision
    #: The import workflow's action: the decision's, except a postponement the next body
    #: takes up (the case moved on, :data:`MOVE_ON`).
    action: str
    text: str | None
    consultation: str
    meeting: str | None
    meeting_name: str | None
    agenda_item: str | None
    role: str | None

    def minutes(self) -> dict[str, Any]:
        """The step as the minutes recorded with its event."""
        outcome = OUTCOMES[self.decision]
        data: dict[str, Any] = {
            "outcome": outcome.value if outcome is not None else "unknown",
            "decision": self.decision.value,
            "text": self.text,
            "meeting": self.at.date().isoformat(),
            "source": "oparl",
            "consultation": self.consultation,
            "oparl_meeting": self.meeting,
            "meeting_name": self.meeting_name,
            "agenda_item": self.agenda_item,
            "role": self.role,
        }
        return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Skip:
    """A record (or part of one) the import left out, and why."""

    kind: str
    reason: str
    id: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedCase:
    """What one paper becomes: a case with this route, opened at ``opened``, these steps."""

    paper: str
    title: str
    reference: str | None
    opened: dt.datetime
    route: tuple[RouteEntry, ...]
    steps: tuple[PlannedStep, ...]
    attributes: Mapping[str, Any]
    skipped: tuple[Skip, ...] = ()

    @property
    def digest(self) -> str:
        """A fingerprint of everything the case is built from: equal digests, nothing to do."""
        payload = {
            "title": self.title,
            "reference": self.reference,
            "opened": self.opened.isoformat(),
            "route": [e.as_json() for e in self.route],
            "attributes": dict(self.attributes),
            "steps": [
                [s.body, s.at.isoformat(), s.decision.value, s.action, s.text, s.consultation]
                for s in self.steps
            ],
        }
        return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


_ROLE_RANK = {
    RouteRole.INFORMED: 0,
    RouteRole.DISCUSSES: 1,
    RouteRole.RECOMMENDS: 2,
    RouteRole.DECIDES: 3,
}


@dataclass(frozen=True)
class Lookups:
    """What a paper's consultations refer to: bodies by OParl id, meetings, agenda items."""

    bodies: Mapping[str, str]  # organisation id -> casework body key (its name)
    meetings: Mapping[str, Meeting]
    agenda_items: Mapping[str, AgendaItem]
    #: Agenda items by the consultation they belong to (OParl 1.1 links both ways).
    items_by_consultation: Mapping[str, AgendaItem]
    consultations: Mapping[str, Consultation]


#: A consultation with its place in the paper, its body, its meeting and when it was held.
_Entry = tuple[int, Consultation, str, Meeting | None, dt.datetime | None]


def plan_case(
    paper: Paper,
    lookups: Lookups,
    classification: Classification,
    now: dt.datetime,
    extra: Sequence[Consultation] = (),
) -> PlannedCase:
    """The case a paper becomes: its route from the consultations, one step per meeting held.

    Consultations are ordered by their meeting's start (those without a held meeting last, in
    the paper's order); the route is one pass per time a body takes the paper up, so a body
    the paper comes back to is on it again (see :func:`_walk`).
    A consultation whose meeting lies after ``now`` or is unknown is on the route but has not
    happened. ``extra`` are standalone consultations naming this paper that it does not embed.
    """
    skipped: list[Skip] = []
    entries = _entries(paper, lookups, now, extra, skipped)
    route, steps = _walk(entries, lookups, classification)
    attributes: dict[str, Any] = {"oparl_id": paper.id}
    if paper.paper_type:
        attributes["vorlagenart"] = paper.paper_type
    return PlannedCase(
        paper=paper.id,
        title=" ".join(paper.name.split()) or paper.id,
        reference=paper.reference,
        opened=_opened(paper, steps),
        route=route,
        steps=tuple(steps),
        attributes=attributes,
        skipped=tuple(skipped),
    )


def _entries(
    paper: Paper,
    lookups: Lookups,
    now: dt.datetime,
    extra: Sequence[Consultation],
    skipped: list[Skip],
) -> list[_Entry]:
    """The paper's consultations with their body, meeting and when it was held, in order."""
    entries: list[_Entry] = []
    seen: set[str] = set()
    for index, item in enumerate([*paper.consultations, *extra]):
        consultation = lookups.consultations.get(item) if isinstance(item, str) else item
        if consultation is None:
            skipped.append(Skip("consultation", "unknown_reference", str(item), "consultation"))
            continue
        if consultation.id in seen:
            continue
        seen.add(consultation.id)
        meeting = lookups.meetings.get(consultation.meeting) if consultation.meeting else None
        body = _body_of(consultation, meeting, lookups)
        if body is None:
            reason = "missing_field" if not consultation.organizations else "unknown_reference"
            detail = "organization" if reason == "missing_field" else consultation.organizations[0]
            skipped.append(Skip("consultation", reason, consultation.id, detail))
            continue
        held = meeting.start if meeting is not None and not meeting.cancelled else None
        entries.append((index, consultation, body, meeting, held if held and held <= now else None))
    # A consultation that was never held although a later one (in the paper's order) was did
    # not take place: it is left off the route. Unheld ones after the last held one are pending.
    last_held = max((e[0] for e in entries if e[4] is not None), default=-1)
    for entry in [e for e in entries if e[4] is None and e[0] < last_held]:
        skipped.append(Skip("consultation", "not_held", entry[1].id, entry[2]))
        entries.remove(entry)
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: (e[4] or far, e[0]))
    return entries


def _walk(
    entries: Sequence[_Entry], lookups: Lookups, classification: Classification
) -> tuple[tuple[RouteEntry, ...], list[PlannedStep]]:
    """The route, one pass per time a body takes the paper up, and one step per held
    consultation, as the case walks that route.

    A consultation opens a new pass unless the case is still at a pass of the same body (the
    body postponed it, or it has not been held yet): then it is that pass again. So a paper the
    council sends to a committee and takes back, or a first and second reading, keeps every
    pass in its order, as the source tells it. Each pass plays the strongest part of its
    consultations (*beslutter* > *indstiller* > *orienteres*).
    """
    bodies: list[str] = []
    roles: list[RouteRole] = []
    steps: list[PlannedStep] = []
    named_role = False
    waiting = False  # the case is still at the last pass (postponed there, or not held yet)
    postponed = False  # the last step postponed the paper at the last pass
    for _, consultation, body, meeting, at in entries:
        role = classification.route_role(consultation.role, consultation.authoritative)
        known = (consultation.role or "").strip().lower() in classification.roles
        named_role = named_role or known or bool(consultation.authoritative)
        if waiting and bodies[-1] == body:
            if _ROLE_RANK[role] > _ROLE_RANK[roles[-1]]:
                roles[-1] = role
        else:
            if postponed:
                # Postponed at one body, then taken up by another: the case moved on after all.
                steps[-1] = replace(steps[-1], action=MOVE_ON)
            bodies.append(body)
            roles.append(role)
            postponed = False
        waiting = True
        if at is None:
            continue  # not held (yet): the case waits at this pass
        item = _agenda_item(consultation, lookups)
        decision = classification.decision(item.result if item else None)
        steps.append(
            PlannedStep(
                body=body,
                at=at,
                decision=decision,
                action=ACTIONS[decision],
                text=" ".join(item.result.split()) if item and item.result else None,
                consultation=consultation.id,
                meeting=meeting.id if meeting else None,
                meeting_name=meeting.name if meeting else None,
                agenda_item=item.id if item else consultation.agenda_item,
                role=consultation.role,
            )
        )
        waiting = postponed = decision is Decision.POSTPONED
    if roles and not named_role and classification.last_body_decides:
        roles[-1] = RouteRole.DECIDES
    return tuple(RouteEntry(b, r) for b, r in zip(bodies, roles, strict=True)), steps


def _body_of(consultation: Consultation, meeting: Meeting | None, lookups: Lookups) -> str | None:
    for org in consultation.organizations:
        if org in lookups.bodies:
            return lookups.bodies[org]
    # OParl 1.0 servers sometimes leave the organisation to the meeting.
    if meeting is not None and not consultation.organizations:
        for org in meeting.organizations:
            if org in lookups.bodies:
                return lookups.bodies[org]
    return None


def _agenda_item(consultation: Consultation, lookups: Lookups) -> AgendaItem | None:
    if consultation.agenda_item and consultation.agenda_item in lookups.agenda_items:
        return lookups.agenda_items[consultation.agenda_item]
    return lookups.items_by_consultation.get(consultation.id)


def _opened(paper: Paper, steps: Sequence[PlannedStep]) -> dt.datetime:
    # The earlier of the paper's date and when the server created it (an OParl 1.0 server may
    # date a paper by its session, created ~10 days before), never after its first meeting, so
    # no wait comes out negative; without either, the first meeting.
    known = [paper.created] if paper.created is not None else []
    if paper.date is not None:
        known.append(dt.datetime.combine(paper.date, dt.time(), tzinfo=dt.UTC))
    if steps:
        known.append(steps[0].at)
    return min(known, default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


# --------------------------------------------------------------------------- building cases
def build_case(case_id: str, plan: PlannedCase, definition: WorkflowDefinition) -> Case:
    """A new case for ``plan``, its events pending: opened, then one event per step."""
    graph = definition.expand(plan.route)
    case = Case.open(
        case_id=case_id,
        graph=graph,
        title=plan.title,
        owner=IMPORT_ACTOR,
        centre="",
        attributes=plan.attributes,
        at=plan.opened,
        today=plan.opened.date(),
        actor=IMPORT_ACTOR,
        reference=plan.reference,
    )
    for step in plan.steps:
        _advance(case, definition, step)
    return case


def _advance(case: Case, definition: WorkflowDefinition, step: PlannedStep) -> None:
    graph = definition.expand(case.route)
    case.advance(
        graph=graph,
        municipality=IMPORT_MUNICIPALITY,
        actor=IMPORT_ACTOR,
        action=step.action,
        at=step.at,
        today=step.at.date(),
        comment=step.text,
        minutes=step.minutes(),
    )


class Diverged(Exception):
    """The stored history and the paper now disagree about the past; it is not rewritten."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def extend_case(
    case: Case, events: Sequence[CaseEvent], plan: PlannedCase, definition: WorkflowDefinition
) -> list[CaseEvent]:
    """Bring an imported case up to date with its paper by appending events; never rewriting.

    The steps already recorded must be the first steps of the plan (the same consultations with
    the same decisions); a route that gained bodies is recorded as a route change first. Returns
    the new events (empty when the case already says everything the paper does).

    Raises:
        Diverged: the paper now tells a different past than the recorded history.
    """
    recorded = [
        e.data.get("minutes", {}).get("consultation")
        for e in events
        if e.kind is EventKind.ADVANCED
    ]
    planned = [s.consultation for s in plan.steps]
    if planned[: len(recorded)] != recorded:
        raise Diverged("history_changed")
    for event, step in zip(
        (e for e in events if e.kind is EventKind.ADVANCED), plan.steps, strict=False
    ):
        if event.data["minutes"].get("decision") != step.decision.value:
            raise Diverged("history_changed")
    new_steps = plan.steps[len(recorded) :]
    if plan.route != case.route:
        old_graph, new_graph = definition.expand(case.route), definition.expand(plan.route)
        if case.status is CaseStatus.CLOSED:
            raise Diverged("closed_case_rerouted")
        try:
            check_route_change(case, events, old_graph, new_graph)
        except Exception as exc:  # RouteChangeNotAllowed: the new route drops a passed body
            raise Diverged("route_changed") from exc
        case.change_route(
            municipality=IMPORT_MUNICIPALITY,
            actor=IMPORT_ACTOR,
            route=plan.route,
            reason="OParl: ændrede beratninger (consultations changed)",
            at=new_steps[0].at if new_steps else case_time(case),
        )
    for step in new_steps:
        if case.status is CaseStatus.CLOSED:
            raise Diverged("closed_case_continued")
        _advance(case, definition, step)
    return list(case.pending)


def case_time(case: Case) -> dt.datetime:
    """The instant of the case's last event, as an aware datetime."""
    from casework.domain.events import parse_instant

    return parse_instant(case.updated_at)


def unique_body_key(name: str, taken: set[str]) -> str:
    """The casework body key for an organisation named ``name``: its name, made unique."""
    base = " ".join(name.split()) or "?"
    key, n = base, 2
    while key in taken:
        key, n = f"{base} ({n})", n + 1
    return key


def with_route_bodies(municipality: Municipality, route: Sequence[RouteEntry]) -> Municipality:
    """``municipality`` with a body for each body of ``route`` it does not configure.

    Imported bodies (their key is the organisation's name) are not in ``municipality.yaml``;
    code that draws a case's route looks its bodies up, so they are added by name.
    """
    missing = [e.body for e in route if e.body not in municipality.bodies]
    if not missing:
        return municipality
    bodies = dict(municipality.bodies)
    for body in missing:
        bodies[body] = Body(body, body, body, BodyKind.STANDING)
    return replace(municipality, bodies=bodies)
