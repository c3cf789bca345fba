"""The task committees' use cases (issue 20): one function per command around one unit of work.

Each command reads the committee's events, lets the domain decide
(:mod:`casework.domain.task_committee`) and appends the one event it records, chained to the
last; a writer that came first makes the append fail (CW909) and nothing is written. The
recommendation opens its case through the normal case creation path
(:func:`casework.services.handlers.open_case`, the delegation plan choosing its workflow and
route) and records ``recommendation.created`` in the same unit of work, so the case and the
committee's note of it commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from casework.domain.case import Case
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import Finding
from casework.domain.events import format_instant
from casework.domain.organisation import Municipality
from casework.domain.task_committee import (
    GENESIS,
    CommitteeEvent,
    CommitteeState,
    Decided,
    Kommissorium,
    NotFacilitator,
    UnknownTaskCommittee,
    audit_findings,
    check_recommendable,
    recommendation_text,
    recommended,
    replay,
)
from casework.services import handlers
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.task_committees import CommitteeStore, MemoryCommitteeStore


def store_of(uow: UnitOfWork) -> CommitteeStore:
    """The unit of work's committee store; a unit of work without one (the in-memory fake, or
    a wrapper around it) gets one that lives as long as it does."""
    inner: Any = getattr(uow, "inner", uow)
    store: CommitteeStore | None = getattr(inner, "task_committees", None)
    if store is None:
        store = MemoryCommitteeStore()
        inner.task_committees = store
    return store


def kommissorium_of(kommissorier: Mapping[str, Kommissorium], committee: str) -> Kommissorium:
    """The committee's kommissorium, or CW900 with a did-you-mean."""
    from casework.domain.errors import did_you_mean

    found = kommissorier.get(committee)
    if found is None:
        raise UnknownTaskCommittee(
            committee=committee, suggestion=did_you_mean(committee, kommissorier)
        )
    return found


def may_run(municipality: Municipality, kommissorium: Kommissorium, person_id: str) -> bool:
    """Whether the person runs the committee's work: its facilitator, or the secretariat (a role
    of the whole municipality that may also override routes)."""
    person = municipality.people.get(person_id)
    if person is None:
        return False
    if person.id == kommissorium.facilitator:
        return True
    roles = municipality.roles
    return any(
        roles[r].route_override and roles[r].scope.value == "all"
        for r in person.roles
        if r in roles
    )


def require_runner(
    municipality: Municipality, kommissorium: Kommissorium, person_id: str, what: str
) -> None:
    """NotFacilitator (CW901) unless the person may run the committee's work."""
    from casework.domain.messages import Msg

    municipality.person(person_id)  # an unknown person is CW2xx with a did-you-mean
    if not may_run(municipality, kommissorium, person_id):
        raise NotFacilitator(person=person_id, what=Msg(f"task.what.{what}"))


def state(reader: UnitOfWork, committee: str) -> tuple[CommitteeState, list[CommitteeEvent]]:
    """The committee's state and its events, read in one unit of work."""
    with reader as uow:
        events = store_of(uow).events(committee)
    return replay(committee, events), events


def _append(
    uow: UnitOfWork, committee: str, decided: Decided, actor: str, clock: Clock
) -> CommitteeEvent:
    store = store_of(uow)
    events = store.events(committee)
    prev = events[-1].hash if events else GENESIS
    event = CommitteeEvent.make(
        committee, len(events) + 1, decided.kind, at=format_instant(clock.now()), actor=actor,
        data=decided.data, prev_hash=prev,
    )  # fmt: skip
    store.append(event)
    return event


def record(
    uow: UnitOfWork,
    kommissorium: Kommissorium,
    decide: Callable[[CommitteeState], Decided],
    actor: str,
    clock: Clock,
) -> CommitteeState:
    """Run one command: read, decide, append, commit; the committee's state after it."""
    with uow:
        events = store_of(uow).events(kommissorium.committee)
        current = replay(kommissorium.committee, events)
        decided = decide(current)
        event = _append(uow, kommissorium.committee, decided, actor, clock)
        uow.commit()
    return replay(kommissorium.committee, [*events, event])


@dataclass(frozen=True, slots=True)
class Recommended:
    """What writing the recommendation did: the case opened and the committee's state after."""

    case: Case
    state: CommitteeState


def recommend(
    uow_factory: Callable[[], UnitOfWork],
    config: Configuration,
    clock: Clock,
    kommissorium: Kommissorium,
    *,
    sprint: int,
    actor: str,
    title: str | None = None,
) -> Recommended:
    """Open the committee's written recommendation from ``sprint``'s results as a case to the
    standing committee, and record it; the delegation plan chooses the case's workflow and
    route from the kommissorium's ``recommendation.attributes``."""
    with uow_factory() as uow:
        events = store_of(uow).events(kommissorium.committee)
    current = replay(kommissorium.committee, events)
    found = check_recommendable(current, sprint)
    texts = recommendation_text(kommissorium, current, found)
    cmd = OpenCase(
        title=title or f"Indstilling fra {kommissorium.title}: {found.goal}"[:300],
        actor=actor,
        owner=kommissorium.facilitator,
        attributes={**kommissorium.recommendation_attributes, **texts},
    )
    written: list[CommitteeState] = []

    def note(inner: UnitOfWork, case: Case) -> None:
        # In the case's own unit of work: the committee must not have moved meanwhile.
        latest = store_of(inner).events(kommissorium.committee)
        check_recommendable(replay(kommissorium.committee, latest), sprint)
        event = _append(inner, kommissorium.committee, recommended(sprint, case.id), actor, clock)
        written.append(replay(kommissorium.committee, [*latest, event]))

    case = handlers.open_case(uow_factory(), config, clock, cmd, then=note)
    return Recommended(case=case, state=written[0] if written else current)


def verify(uow: UnitOfWork) -> tuple[int, list[Finding]]:
    """Every committee's chain checked, in an open unit of work: (events seen, findings)."""
    store = store_of(uow)
    seen = 0
    findings: list[Finding] = []
    for committee in store.committees():
        events = store.events(committee)
        seen += len(events)
        findings.extend(audit_findings(committee, events))
    return seen, findings


__all__ = [
    "Recommended",
    "kommissorium_of",
    "may_run",
    "recommend",
    "record",
    "require_runner",
    "state",
    "store_of",
    "verify",
]
