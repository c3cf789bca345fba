"""Use cases of issue 20: link a discussion to the decision case it produced; record an answer
of a citizen involvement (borgermøde, høring of councils, internal høring).

Each runs in one unit of work: a link appends ``case.linked`` to both cases' histories or to
neither; a decision case opened with its origin (``case new --origin``) is opened and linked in
the same unit of work, so a bad origin leaves no case, no case number and no event; an answer
appends ``case.involvement_answered`` to the case.

The origin must be a case the actor may see: a closed item they may not see is refused as if it
did not exist (CW201), so the refusal does not betray it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.domain import access
from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.discussions import ORIGIN, PRODUCED, CaseLinked, Links, check_link, links_of
from casework.domain.errors import NotFound, did_you_mean
from casework.domain.events import CaseEvent
from casework.domain.involvement import (
    InvolvementAnswered,
    InvolvementNotStarted,
    UnknownParty,
    answers_of,
    check_answer,
)
from casework.domain.workflow import StepKind
from casework.services.ports import Clock, UnitOfWork
from casework.services.resolve import case_graph, pinned_definition

if TYPE_CHECKING:
    from casework.domain.commands import OpenCase


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The two events a link wrote: on the decision case and on the discussion case."""

    case_event: CaseEvent
    origin_event: CaseEvent

    def as_json(self) -> dict[str, Any]:
        """``case`` and ``origin``, each event's stable keys (``case link --json``, the API)."""
        return {"case": self.case_event.as_json(), "origin": self.origin_event.as_json()}


def link(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    *,
    case_id: str,
    origin_id: str,
    actor: str,
) -> LinkResult:
    """Record that discussion ``origin_id`` produced case ``case_id``, on both histories."""
    with uow:
        case = uow.cases.get(case_id)
        case_version = case.version
        links = links_of(uow.cases.events(case.id))
        result = _link(uow, config, clock, case, origin_id=origin_id, actor=actor, links=links)
        uow.cases.save(case, expected_version=case_version)
        uow.commit()
    return result


def open_with_origin(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    cmd: OpenCase,
    *,
    origin_id: str,
    target: tuple[str, dt.date] | None = None,
) -> Case:
    """Open a decision case already linked to discussion ``origin_id`` (``case new --origin``),
    planned backwards from the meeting ``target`` when one is given: one unit of work, so an
    origin that is refused (unknown or not visible CW201, not a discussion CW920, the new case a
    discussion itself CW921) writes nothing. A retry with the idempotency key returns the case
    opened (and linked) the first time."""
    from casework.services import handlers, plans

    plan = plans.planner(config, clock, cmd, target) if target is not None else None

    def linked(inner: UnitOfWork, case: Case) -> None:
        if plan is not None:
            plan(inner, case)
        _link(inner, config, clock, case, origin_id=origin_id, actor=cmd.actor, links=Links())

    return handlers.open_case(uow, config, clock, cmd, then=linked)


def _link(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    case: Case,
    *,
    origin_id: str,
    actor: str,
    links: Links,
) -> LinkResult:
    """Check the link and record it on ``case`` (the caller saves or adds it) and on the origin
    (saved here), in the entered unit of work."""
    municipality = config.municipality
    origin = uow.cases.get(origin_id)
    if not access.can_view_case(municipality, actor, origin):
        raise NotFound(case_id=origin_id)  # a closed item stays unknown to whoever may not see it
    check_link(
        origin_id=origin.id,
        origin_definition=pinned_definition(config, origin, uow),
        case_id=case.id,
        definition=pinned_definition(config, case, uow),
        links=links,
    )
    origin_version = origin.version
    now = clock.now()
    case_event = case.record_note(
        municipality=municipality, actor=actor, at=now,
        payload=CaseLinked(relation=ORIGIN, case=origin.id), open_only=False,
    )  # fmt: skip
    # The discussion has usually ended when the decision cases it led to are opened.
    origin_event = origin.record_note(
        municipality=municipality, actor=actor, at=now,
        payload=CaseLinked(relation=PRODUCED, case=case.id), open_only=False,
    )  # fmt: skip
    uow.cases.save(origin, expected_version=origin_version)
    return LinkResult(case_event, origin_event)


def answer(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    *,
    case_id: str,
    party: str,
    summary: str,
    actor: str,
    received: dt.date | None = None,
    by: str | None = None,
) -> CaseEvent:
    """Record ``party``'s answer in the case's involvement (the step that asks it)."""
    today = clock.today()
    with uow:
        case = uow.cases.get(case_id)
        graph = case_graph(config, case, uow)
        steps = [n for n in graph.steps.values() if n.step.kind is StepKind.INVOLVEMENT]
        asking = [n for n in steps if n.step.involvement and n.step.involvement.party(party)]
        if not asking:
            everyone = sorted(
                {p.id for n in steps if n.step.involvement for p in n.step.involvement.parties}
            )
            raise UnknownParty(
                case_id=case.id, party=party, parties=", ".join(everyone) or "–",
                suggestion=did_you_mean(party, everyone),
            )  # fmt: skip
        events = uow.cases.events(case.id)
        entered = {e.data.get("to") for e in events} | {case.step}
        node = next((n for n in asking if n.id in entered), asking[0])
        involvement = node.step.involvement
        if involvement is None:  # pragma: no cover - asking holds only steps with one
            raise InvolvementNotStarted(case_id=case.id, step=node.step.label())
        check_answer(
            case_id=case.id,
            step=node.id,
            step_title=node.step.label(),
            involvement=involvement,
            party=party,
            received=received or today,
            today=today,
            reached=node.id in entered,
            answers=[a for a in answers_of(events) if a.step == node.id],
        )
        version = case.version
        event = case.record_note(
            municipality=config.municipality,
            actor=actor,
            at=clock.now(),
            payload=InvolvementAnswered(
                step=node.id,
                party=party,
                received=(received or today).isoformat(),
                summary=summary,
                by=by,
            ),
        )
        uow.cases.save(case, expected_version=version)
        uow.commit()
    return event
