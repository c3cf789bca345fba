"""Use cases: one function per command, each one unit of work around one domain verb.

Handlers load aggregates through the repositories, call the domain, save and commit. They raise
only :class:`~casework.domain.errors.CaseworkError` subclasses for anything a user can cause.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.domain.audit import row_mismatches, verify_case
from casework.domain.case import Case, check_route_change, route_source, step_title
from casework.domain.configuration import Configuration
from casework.domain.decisions import (
    decisions_on,
    earlier_decision,
    held_meeting,
    outcome_text,
    same_decision,
)
from casework.domain.errors import (
    ConcurrentUpdate,
    DecisionAlreadyRecorded,
    DecisionNotPossible,
    Finding,
    IdempotencyConflict,
    InvalidAttribute,
    InvalidInput,
    NotFound,
    RouteChangeNotAllowed,
    UnknownWorkflow,
)
from casework.domain.event_types import CaseAdvanced, CaseOpened, DecisionTaken
from casework.domain.events import CaseEvent, format_instant
from casework.domain.messages import Msg
from casework.domain.recorded_decision import RecordedDecision
from casework.domain.routes import build_route
from casework.domain.workflow import (
    OUTCOME_WORDS,
    CaseGraph,
    Outcome,
    Route,
    RouteRole,
    WorkflowDefinition,
    split_step_id,
)
from casework.services.ports import CaseQuery, Clock, UnitOfWork
from casework.services.resolve import case_graph, loaded, pinned_definition

if TYPE_CHECKING:  # commands are pydantic models built by the entry points
    from casework.domain.commands import (
        AdvanceCase,
        ChangeAttributes,
        ChangeRoute,
        OpenCase,
        RecordDecision,
    )
    from casework.domain.delegation import Decision
    from casework.domain.delegation_plan import DelegationPlan


@dataclass(frozen=True, slots=True)
class AdvanceResult:
    """The case after an advance, the event it produced, and whether it was a retry."""

    case: Case
    event: CaseEvent
    replayed: bool = False


def open_case(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    cmd: OpenCase,
    then: Callable[[UnitOfWork, Case], None] | None = None,
) -> Case:
    """Open a case; with an idempotency key, a retry returns the case opened the first time.

    ``then`` runs on the new case in the same unit of work before it is stored (planning it
    onto a meeting: :func:`casework.services.plans.open_and_plan`): when it raises, nothing is
    written, not even the case.
    """
    municipality = config.municipality
    actor = municipality.person(cmd.actor)
    owner = municipality.person(cmd.owner) if cmd.owner else actor
    centre = cmd.centre or min(owner.centres, default="")
    if centre not in municipality.centres:
        raise InvalidAttribute(attribute="centre", detail=Msg("attribute.required"))
    attributes = municipality.check_attributes(cmd.attributes)
    now, today = clock.now(), clock.today()
    attributes = _with_workflow_input(config, cmd, attributes, today)
    definition, route, decision = _route_of_new_case(config, cmd, attributes, today)
    graph = definition.expand(route)
    with uow:
        if cmd.idempotency_key:
            earlier = uow.cases.event_by_key(cmd.idempotency_key)
            if earlier is not None:
                return _opened_before(uow, earlier, cmd)
        uow.workflows.register(definition, format_instant(now))
        number = uow.cases.next_number(today.year)
        case = Case.open(
            case_id=f"{today.year}-{number:04d}",
            graph=graph,
            title=cmd.title,
            owner=owner.id,
            centre=centre,
            attributes=attributes,
            at=now,
            today=today,
            actor=actor.id,
            deadline=cmd.deadline,
            reference=cmd.reference,
            idempotency_key=cmd.idempotency_key,
            calendar=config.work_calendar,
            decision=decision,
        )
        if then is not None:
            then(uow, case)
        uow.cases.add(case)
        uow.commit()
    return case


def _with_workflow_input(
    config: Configuration, cmd: OpenCase, attributes: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    """The attributes with the plan's workflow input filled in from a given workflow.

    ``case new --workflow droeftelsessag`` without ``sagstype`` names the kind of case all the
    same: when exactly one value of the plan's workflow table leads to that workflow, the case
    carries it, so the plan evaluates the case as the kind it is (a discussion case's body
    discusses it) instead of as a decision case whose route the workflow refuses.
    """
    if cmd.workflow is None or cmd.route is not None or not config.delegation:
        return attributes
    from casework.domain.delegation import plan_in_force

    table = plan_in_force(config.delegation, today).workflows
    if table is None or attributes.get(table.input) is not None:
        return attributes
    values = [value for value, workflow in table.by_value.items() if workflow == cmd.workflow]
    if len(values) != 1 or table.input not in config.municipality.attributes:
        return attributes
    return {**attributes, table.input: values[0]}


def _route_of_new_case(
    config: Configuration, cmd: OpenCase, attributes: Mapping[str, Any], today: dt.date
) -> tuple[WorkflowDefinition, Route, RecordedDecision | None]:
    """The workflow and route of a new case: as given, or as the delegation plan decides.

    Without a given route, the plan in force today decides the deciding body and the route; it
    also picks the workflow when none is given (:func:`chosen_workflow`). The evaluation is
    returned for the record.
    """
    municipality = config.municipality
    given = config.workflow(cmd.workflow) if cmd.workflow is not None else None
    if cmd.route is not None or not config.delegation:
        definition = given or config.workflow("beslutningssag")
        return definition, build_route(cmd.route or [], definition, municipality), None
    from casework.domain.delegation import decide, plan_in_force

    decision = decide(config.delegation, attributes, today, municipality)
    if given is not None:
        definition = given
    else:
        plan = plan_in_force(config.delegation, today)
        definition = chosen_workflow(config, plan, decision)[0]
    route = build_route([(e.body, e.role.value) for e in decision.route], definition, municipality)
    return definition, route, RecordedDecision.from_decision(decision)


def chosen_workflow(
    config: Configuration, plan: DelegationPlan, decision: Decision
) -> tuple[WorkflowDefinition, Msg | None]:
    """The workflow the plan's workflow table gives a case, and why.

    Without a table (or a row for the case), the administrative workflow when the
    administration decides, else the decision case (by their ``case_type``).
    """
    from casework.domain.delegation_workflows import choose_workflow

    if plan.workflows is not None:
        titles = {w.id: w.title for w in config.workflows.values()}
        choice = choose_workflow(
            plan.workflows, decision.values, decision.by_administration, titles
        )
        if choice is not None:
            return config.workflow(choice.workflow), choice.why
    case_type = "administrativ" if decision.by_administration else "beslutning"
    chosen = config.workflow_for(case_type)
    if chosen is None:
        raise UnknownWorkflow(workflow=f"({case_type})")
    return chosen, None


def plan_decider(
    config: Configuration,
) -> Callable[[Case], tuple[Route, RecordedDecision] | None] | None:
    """Re-evaluates the delegation plan for a case (on the day it was opened), if plans exist."""
    if not config.delegation:
        return None
    from casework.domain.delegation import decide
    from casework.domain.events import parse_instant

    def evaluate(case: Case) -> tuple[Route, RecordedDecision]:
        opened = parse_instant(case.opened_at)
        calendar = config.work_calendar
        day = calendar.local_date(opened) if calendar is not None else opened.date()
        decision = decide(config.delegation, case.attributes, day, config.municipality)
        return decision.route, RecordedDecision.from_decision(decision)

    return evaluate


def _opened_before(uow: UnitOfWork, earlier: CaseEvent, cmd: OpenCase) -> Case:
    if not isinstance(earlier.payload, CaseOpened) or earlier.payload.title != cmd.title:
        raise IdempotencyConflict(key=cmd.idempotency_key, other=f"{earlier.case_id}#{earlier.seq}")
    return uow.cases.get(earlier.case_id)


def advance_case(
    uow: UnitOfWork, config: Configuration, clock: Clock, cmd: AdvanceCase
) -> AdvanceResult:
    """Take one action on one case, in its own transaction."""
    with uow:
        result = _advance(uow, config, cmd, clock.now(), clock.today())
        if not result.replayed:
            uow.commit()
    return result


def advance_many(
    uow: UnitOfWork, config: Configuration, clock: Clock, cmds: Sequence[AdvanceCase]
) -> list[AdvanceResult]:
    """Take several actions in one transaction: all of them happen, or none does."""
    now, today = clock.now(), clock.today()
    with uow:
        results = [_advance(uow, config, cmd, now, today) for cmd in cmds]
        uow.commit()
    return results


def _advance(
    uow: UnitOfWork, config: Configuration, cmd: AdvanceCase, now: dt.datetime, today: dt.date
) -> AdvanceResult:
    if cmd.idempotency_key:
        earlier = uow.cases.event_by_key(cmd.idempotency_key)
        if earlier is not None:
            action = earlier.payload.action if isinstance(earlier.payload, CaseAdvanced) else None
            same = (earlier.case_id, action, earlier.actor) == (
                cmd.case_id,
                cmd.action,
                cmd.actor,
            )
            if not same:
                raise IdempotencyConflict(
                    key=cmd.idempotency_key, other=f"{earlier.case_id}#{earlier.seq}"
                )
            return AdvanceResult(uow.cases.get(cmd.case_id), earlier, replayed=True)
    case = uow.cases.get(cmd.case_id)
    if cmd.expected_version is not None and cmd.expected_version != case.version:
        raise ConcurrentUpdate(case_id=case.id, expected=cmd.expected_version, actual=case.version)
    loaded_version = case.version
    event = case.advance(
        graph=case_graph(config, case, uow),
        municipality=config.municipality,
        actor=cmd.actor,
        action=cmd.action,
        at=now,
        today=today,
        comment=cmd.comment,
        idempotency_key=cmd.idempotency_key,
        calendar=config.work_calendar,
        minutes=cmd.minutes.model_dump(mode="json", exclude_none=True, exclude=_MEETING_ONLY)
        if cmd.minutes is not None
        else None,
        periods=config.calendar.periods if config.calendar is not None else None,
        override=cmd.override_minimum,
    )
    # A postponement or return re-plans the case after commit (``plans.replan_handler``).
    uow.cases.save(case, expected_version=loaded_version)
    return AdvanceResult(case, event)


#: The presentation's rules for an attribute change (see :func:`change_attributes`).
AttributeRules = Callable[[UnitOfWork, Case, Sequence[CaseEvent]], Callable[[Case], None] | None]


def change_attributes(
    uow: UnitOfWork,
    config: Configuration,
    clock: Clock,
    cmd: ChangeAttributes,
    decide: Callable[[Case], tuple[Route, RecordedDecision] | None] | None = None,
    *,
    rules: AttributeRules | None = None,
) -> Case:
    """Set or clear attributes; a case routed by the delegation plan is re-evaluated.

    ``decide`` evaluates the plan for a case (with its new attributes) and returns the route and
    the decision, or None when no plan applies; the route changes only when the case still can
    take it (:func:`check_route_change`), and the evaluation is recorded either way.
    ``rules`` (the presentation's: CW880, CW872, the voided approval) see the case and its
    history in this unit of work before the change, may refuse it, and may return what to record
    after it (``case.reapproval_required``): the change and its consequence commit together or
    not at all, judged on the state they are written over.
    """
    municipality = config.municipality
    values = {k: v for k, v in cmd.attributes.items() if v not in (None, "")}
    changes: dict[str, Any] = dict(municipality.check_attributes(values))
    changes.update({k: None for k in cmd.attributes if k not in values})
    with uow:
        if cmd.idempotency_key and (earlier := uow.cases.event_by_key(cmd.idempotency_key)):
            if (earlier.case_id, earlier.actor) != (cmd.case_id, cmd.actor):
                raise IdempotencyConflict(key=cmd.idempotency_key, other=earlier.case_id)
            return uow.cases.get(cmd.case_id)
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        loaded_version = case.version
        events = uow.cases.events(case.id)
        then = rules(uow, case, events) if rules is not None else None
        route, decision = None, None
        if decide is not None and route_source(events) == "plan":
            proposal = decide(_with_changes(case, changes))
            if proposal is not None:
                new_route, decision = proposal
                if new_route != case.route:
                    old_graph = case_graph(config, case, uow)
                    new_graph = pinned_definition(config, case, uow).expand(new_route)
                    try:
                        check_route_change(case, events, old_graph, new_graph)
                        route = new_route
                    except RouteChangeNotAllowed as exc:
                        decision = decision.kept_route(exc.message("da"))
        case.change_attributes(
            municipality=municipality, actor=cmd.actor, changes=changes, at=clock.now(),
            comment=cmd.comment, route=route, decision=decision,
            idempotency_key=cmd.idempotency_key,
        )  # fmt: skip
        if then is not None:
            then(case)
        uow.cases.save(case, expected_version=loaded_version)
        uow.commit()
    return case


def _with_changes(case: Case, changes: Mapping[str, Any]) -> Case:
    attributes = {k: v for k, v in {**case.attributes, **changes}.items() if v is not None}
    return dataclasses.replace(case, attributes=attributes, pending=[])


def change_route(uow: UnitOfWork, config: Configuration, clock: Clock, cmd: ChangeRoute) -> Case:
    """Override a case's route of bodies, with the reason in the history."""
    with uow:
        if cmd.idempotency_key and (earlier := uow.cases.event_by_key(cmd.idempotency_key)):
            if (earlier.case_id, earlier.actor) != (cmd.case_id, cmd.actor):
                raise IdempotencyConflict(key=cmd.idempotency_key, other=earlier.case_id)
            return uow.cases.get(cmd.case_id)
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        loaded_version = case.version
        definition = pinned_definition(config, case, uow)
        route = build_route(cmd.route, definition, config.municipality)
        check_route_change(
            case, uow.cases.events(case.id), definition.expand(case.route),
            definition.expand(route),
        )  # fmt: skip
        case.change_route(
            municipality=config.municipality, actor=cmd.actor, route=route, reason=cmd.reason,
            at=clock.now(), idempotency_key=cmd.idempotency_key,
        )  # fmt: skip
        uow.cases.save(case, expected_version=loaded_version)
        uow.commit()
    return case


def record_decision(
    uow: UnitOfWork, config: Configuration, clock: Clock, cmd: RecordDecision
) -> AdvanceResult:
    """Record a body's decision from the minutes of a held meeting; the decision moves the case.

    The workflow names, per meeting-step action, the outcome it stands for (``outcome:``), so
    "Anbefales" at a recommending body and "Godkendt" at the deciding one need no code. The
    meeting must be one the case's current body held (:func:`held_meeting`); the same decision
    again for the same meeting is a repetition (nothing written), another one is refused unless
    the item was reopened at the meeting. "Oversendt" is kept as its own outcome and takes the
    recommending edge after the referred body joined the route.

    The decision is recorded on the meeting's record in the same unit of work
    (:mod:`casework.services.minutes`): on the case's item of a sent and held meeting (the first
    decision on the meeting's day holds it), or, for a meeting not run on casework, on an item
    booked by the decision itself.
    """
    from casework.services import minutes as meeting_minutes

    words = {**{o.value: o for o in Outcome}, **OUTCOME_WORDS}
    outcome = words.get(cmd.minutes.outcome.strip().lower().replace(" ", "_"))
    referred = outcome is Outcome.REFERRED
    if cmd.minutes.to_body is not None and outcome is not None and not referred:
        raise InvalidInput(detail=Msg("decision.to_body_only_referral"))
    today = clock.today()
    with uow:
        if cmd.idempotency_key and (earlier := uow.cases.event_by_key(cmd.idempotency_key)):
            return _decided_before(uow, earlier, cmd, outcome)
        # Checked here, before a referral changes the route (and with it the version).
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        graph = case_graph(config, case, uow)
        edges = {e.transition.outcome: e for e in graph.actions(case.step).values()
                 if e.transition.outcome is not None}  # fmt: skip
        body = graph.steps[case.step].body
        if body is None or outcome is None or (not referred and outcome not in edges):
            raise _not_possible(case, cmd, edges, graph)
        if cmd.minutes.meeting is not None and cmd.minutes.meeting <= today:
            meeting = meeting_minutes.standing(
                uow, config, case, body=body, cmd=cmd, outcome=outcome
            )
            if meeting.replayed is not None:
                return meeting.replayed
            if not meeting.reopened:
                events = uow.cases.events(case.id)
                repeated = _repeated(config, case, graph, events, body, cmd, outcome)
                if repeated is not None:
                    return repeated
        bodies = config.municipality.bodies
        plan = config.calendar.meetings if config.calendar is not None else None
        day = held_meeting(plan, body, bodies[body].short, cmd.minutes.meeting, today)
        entry = meeting_minutes.before(uow, config, case, body=body, day=day, cmd=cmd, today=today)
        if referred:
            # "Oversendt til X": X joins the route right after this body and takes the item
            # next, recorded as a route change with the minutes as its reason; the decision
            # takes the recommending edge on to X.
            case = _refer(uow, config, clock, case, cmd)
            graph = case_graph(config, case, uow)
            edges = {e.transition.outcome: e for e in graph.actions(case.step).values()
                     if e.transition.outcome is not None}  # fmt: skip
        edge = edges.get(Outcome.RECOMMENDED if referred else outcome)
        if edge is None:
            raise _not_possible(case, cmd, edges, graph)
        from casework.domain.commands import AdvanceCase as AdvanceCaseCommand

        minutes = cmd.minutes.model_copy(
            update={"outcome": outcome.value, "meeting": day, "votes": entry.votes_text}
        )
        advance = AdvanceCaseCommand(
            case_id=cmd.case_id, action=edge.action, actor=cmd.actor,
            comment=cmd.minutes.text, idempotency_key=cmd.idempotency_key, minutes=minutes,
            override_minimum=cmd.override_minimum,
        )  # fmt: skip
        # A referral grew the route: the route change re-plans the case after commit.
        result = _advance(uow, config, advance, clock.now(), today)
        meeting_minutes.after(
            uow, entry, result.event, outcome=outcome, at=clock.now(), actor=cmd.actor
        )
        uow.commit()
    return result


#: What the minutes record on the meeting's item only (the case event keeps the votes as text).
_MEETING_ONLY = {"in_favour", "against", "abstaining", "minority", "entries"}


def _not_possible(
    case: Case, cmd: RecordDecision, edges: Mapping[Any, Any], graph: CaseGraph
) -> DecisionNotPossible:
    return DecisionNotPossible(
        case_id=case.id, outcome=cmd.minutes.outcome, step=step_title(graph, case.step),
        allowed=_outcome_words(edges),
    )  # fmt: skip


def _outcome_words(outcomes: Iterable[Any]) -> Msg | str:
    """The possible decisions as ``case decide`` takes them: the minutes' Danish words
    ("anbefales"), the outcome ids in English ("recommended")."""
    from casework.domain.organisation import bilingual
    from casework.domain.workflow import OUTCOME_WORDS

    ids = sorted(o.value for o in outcomes if o is not None)
    if not ids:
        return "-"
    words = {outcome.value: word for word, outcome in reversed(OUTCOME_WORDS.items())}
    return bilingual(", ".join(words.get(i, i) for i in ids), ", ".join(ids))


def _repeated(  # noqa: PLR0917 - the decision's whole context
    config: Configuration,
    case: Case,
    graph: CaseGraph,
    events: Sequence[CaseEvent],
    body: str,
    cmd: RecordDecision,
    outcome: Outcome,
) -> AdvanceResult | None:
    """The earlier result when the decision was already recorded for the same meeting.

    The same minutes again are a repetition (the earlier result, nothing written); different
    minutes are refused, so a retried or doubled form never moves the case twice. The earlier
    decision is this body's at that meeting, or, when this body did not meet that day, the one
    taken that day before the case moved on (a retry after it left the deciding body).
    """
    day = cmd.minutes.meeting
    if day is None:
        return None
    earlier = earlier_decision(events, lambda step: _body_of(graph, step), body, day)
    plan = config.calendar.meetings if config.calendar is not None else None
    if earlier is None and (plan is None or day not in {m.date for m in plan.for_body(body)}):
        found = decisions_on(events, day)
        earlier = found[-1] if found else None
    if earlier is None:
        return None
    from casework.services.minutes import votes_text

    asked = DecisionTaken(
        outcome=outcome.value, text=cmd.minutes.text, votes=votes_text(cmd.minutes),
        meeting=day.isoformat(), to_body=cmd.minutes.to_body,
    )  # fmt: skip
    if same_decision(earlier.minutes, asked):
        return AdvanceResult(case, earlier.event, replayed=True)
    bodies = config.municipality.bodies
    by = _body_of(graph, earlier.step) or body
    raise DecisionAlreadyRecorded(
        body=bodies[by].short if by in bodies else by, case_id=case.id, day=day.isoformat(),
        outcome=outcome_text(earlier.minutes.outcome),
    )  # fmt: skip


def _body_of(graph: CaseGraph, step: str) -> str | None:
    node = graph.steps.get(step)
    if node is not None:
        return node.body
    # A step of an earlier route (meeting steps are named template@body, template@body#2 …).
    return split_step_id(step)[1]


def _decided_before(
    uow: UnitOfWork, earlier: CaseEvent, cmd: RecordDecision, outcome: Outcome | None
) -> AdvanceResult:
    """A decision retried with its idempotency key: the first one's result, or a conflict."""
    payload = earlier.payload
    minutes = payload.minutes if isinstance(payload, CaseAdvanced) else None
    same = minutes is not None and (earlier.case_id, earlier.actor) == (cmd.case_id, cmd.actor)
    if not same or outcome is None or minutes is None or minutes.outcome != outcome.value:
        raise IdempotencyConflict(key=cmd.idempotency_key, other=f"{earlier.case_id}#{earlier.seq}")
    return AdvanceResult(uow.cases.get(cmd.case_id), earlier, replayed=True)


def _refer(
    uow: UnitOfWork, config: Configuration, clock: Clock, case: Case, cmd: RecordDecision
) -> Case:
    municipality = config.municipality
    graph = case_graph(config, case, uow)
    here = graph.steps[case.step]
    target = cmd.minutes.to_body
    if here.body is None or here.route_role is not RouteRole.RECOMMENDS or target is None:
        raise DecisionNotPossible(
            case_id=case.id, outcome=cmd.minutes.outcome, step=step_title(graph, case.step),
            allowed="oversendt --to ORGAN (fra et indstillende organ)",
        )  # fmt: skip
    # Right after this pass of the body (a route may meet a body more than once, so a case
    # can also be sent back to a body it has already been at: that is a new pass there).
    position = (here.position if here.position is not None else len(case.route) - 1) + 1
    pairs = [(e.body, e.role.value) for e in case.route]
    pairs.insert(position, (target, RouteRole.RECOMMENDS.value))
    definition = pinned_definition(config, case, uow)
    route = build_route(pairs, definition, municipality)
    check_route_change(case, uow.cases.events(case.id), graph, definition.expand(route))
    body = municipality.bodies[target].name
    reason = cmd.minutes.text or f"Oversendt til {body}"
    loaded_version = case.version
    case.change_route(municipality=municipality, actor=cmd.actor, route=route, reason=reason,
                      at=clock.now())  # fmt: skip
    uow.cases.save(case, expected_version=loaded_version)
    return case


def get_case(uow: UnitOfWork, case_id: str) -> tuple[Case, list[CaseEvent]]:
    """A case and its history (read-only)."""
    with uow:
        return uow.cases.get(case_id), uow.cases.events(case_id)


def register_workflows(uow: UnitOfWork, config: Configuration, clock: Clock) -> None:
    """Keep every configured workflow version; refuse one changed under a pinned version."""
    at = format_instant(clock.now())
    with uow:
        for definition in config.workflows.values():
            uow.workflows.register(definition, at)
        uow.commit()


def list_cases(uow: UnitOfWork, query: CaseQuery) -> list[Case]:
    """Cases matching ``query``."""
    with uow:
        return uow.cases.list(query)


def history(uow: UnitOfWork, case_id: str) -> list[CaseEvent]:
    """A case's events, oldest first; :class:`NotFound` for an unknown case."""
    with uow:
        events = uow.cases.events(case_id)
        if not events and uow.cases.find(case_id) is None:
            raise NotFound(case_id=case_id)
        return events


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What ``audit verify`` found: cases and events checked, and every problem."""

    cases: int
    events: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def verify_audit(uow: UnitOfWork, case_ids: Iterable[str] | None = None) -> AuditReport:
    """Check every event's hash, each case's chain, and that each row equals its replay, column
    by column as stored."""
    findings: list[Finding] = []
    cases = events_seen = 0
    with uow:
        ids = list(case_ids) if case_ids is not None else sorted(uow.cases.ids())
        for case_id in ids:
            stored = uow.cases.find(case_id)
            events = uow.cases.events(case_id)
            if stored is None and not events and case_ids is not None:
                raise NotFound(case_id=case_id)
            cases += 1
            events_seen += len(events)
            found = verify_case(case_id, stored, events)
            if not found and stored is not None:  # equal to the replay: now the row as stored
                found = row_mismatches(case_id, uow.cases.row_differences(stored))
            findings.extend(found)
    return AuditReport(cases, events_seen, tuple(findings))
