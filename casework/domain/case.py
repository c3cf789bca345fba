"""The Case aggregate: one political case, its current step and its hash-chained history.

A case pins the workflow id and version it started on and its route of bodies, so its concrete
graph never changes under it. :meth:`Case.advance` is the only way to move a case; it checks the
action, the actor's role and centre, and the guard, then appends a :class:`CaseEvent`. The state
is a fold over the events: :func:`replay` rebuilds it, and the store's row must always equal it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from casework.domain.bilag import BilagAttached, BilagRemoved
from casework.domain.calendar import due_after_entry
from casework.domain.discussions import CaseLinked
from casework.domain.errors import (
    CaseClosed,
    FinancingMissing,
    GuardFailed,
    MinimumPeriodNotPassed,
    OutsideCentre,
    OverrideNotPermitted,
    RoleNotPermitted,
    RouteChangeNotAllowed,
    TransitionNotAllowed,
)
from casework.domain.event_types import (
    AttributesChanged,
    CaseAdvanced,
    CaseOpened,
    CasePlanned,
    DecisionTaken,
    EventPayload,
    PlannedMeeting,
    RouteChanged,
)
from casework.domain.events import GENESIS, CaseEvent, EventKind
from casework.domain.involvement import InvolvementAnswered
from casework.domain.messages import Msg
from casework.domain.organisation import Municipality, RoleScope, bilingual
from casework.domain.periods import Minimum, Period, PeriodKind, applicable, minimum_for
from casework.domain.presentation_events import PRESENTATION_PAYLOADS, PresentationPayload
from casework.domain.recorded_decision import RecordedDecision
from casework.domain.workflow import (
    CaseGraph,
    CaseStatus,
    ConcreteTransition,
    Outcome,
    Route,
    TransitionKind,
)

if TYPE_CHECKING:
    from casework.domain.workdays import WorkCalendar


def step_title(graph: CaseGraph, step_id: str) -> Msg | str:
    """A step as the reader knows it (its title in either language), for messages."""
    node = graph.steps.get(step_id)
    if node is None:
        return step_id
    return bilingual(node.step.label("da"), node.step.label("en"))


def _role_titles(municipality: Municipality, roles: Iterable[str]) -> Msg:
    """Roles by their titles ("Direktør / Centerchef"), for messages."""
    found = [(r, municipality.roles.get(r)) for r in sorted(roles)]
    return bilingual(
        " / ".join(spec.label("da") if spec else r for r, spec in found),
        " / ".join(spec.label("en") if spec else r for r, spec in found),
    )


def _centre_name(municipality: Municipality, centre: str) -> str:
    found = municipality.centres.get(centre)
    return found.name if found is not None else centre


#: The ``sagstype`` values that grant an amount (KSL § 40, stk. 2-3): a supplementary or
#: capital appropriation, or a transfer between appropriations (itself a tillægsbevilling,
#: § 40, stk. 2, 4. pkt.). Deciding one needs the attribute ``finansiering`` (§ 40, stk. 3).
APPROPRIATIONS = frozenset({"tillaegsbevilling", "anlaegsbevilling", "omplacering"})


@dataclass(slots=True)
class Case:
    """The current state of one case; every field is derived from its events."""

    id: str
    workflow_id: str
    workflow_version: int
    case_type: str
    title: str
    owner: str
    centre: str
    route: Route
    attributes: dict[str, Any]
    step: str
    status: CaseStatus
    version: int
    opened_at: str
    updated_at: str
    step_entered_at: str
    step_due: str | None
    deadline: str | None
    reference: str | None
    head_hash: str
    #: Due dates by concrete step from the last recorded plan (empty until one is recorded).
    planned: dict[str, str] = field(default_factory=dict)
    pending: list[CaseEvent] = field(default_factory=list, compare=False, repr=False)

    # ----------------------------------------------------------------- verbs
    @classmethod
    def open(
        cls,
        *,
        case_id: str,
        graph: CaseGraph,
        title: str,
        owner: str,
        centre: str,
        attributes: Mapping[str, Any],
        at: dt.datetime,
        today: dt.date,
        actor: str,
        deadline: dt.date | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
        calendar: WorkCalendar | None = None,
        decision: RecordedDecision | None = None,
    ) -> Case:
        """A new case at the start step of ``graph``, with its ``case.opened`` event.

        ``calendar`` (the municipality's working days) dates the start step's deadline.
        ``decision`` is the delegation plan's evaluation when the route came from the plan.
        """
        definition = graph.definition
        start = graph.steps[graph.start]
        due = due_after_entry(start.step.deadline, today, calendar)
        payload = CaseOpened(
            title=title,
            workflow=definition.id,
            workflow_version=definition.version,
            case_type=definition.case_type,
            owner=owner,
            centre=centre,
            route=graph.route,
            attributes=dict(attributes),
            step=graph.start,
            step_due=due.isoformat() if due else None,
            deadline=deadline.isoformat() if deadline else None,
            reference=reference,
            closes=graph.is_terminal(graph.start),
            decision=decision,
        )
        event = CaseEvent.create(
            case_id=case_id,
            seq=1,
            at=at,
            actor=actor,
            payload=payload,
            prev_hash=GENESIS,
            idempotency_key=idempotency_key,
        )
        case = _from_opened(event)
        case.pending.append(event)
        return case

    def advance(
        self,
        *,
        graph: CaseGraph,
        municipality: Municipality,
        actor: str,
        action: str,
        at: dt.datetime,
        today: dt.date,
        comment: str | None = None,
        idempotency_key: str | None = None,
        calendar: WorkCalendar | None = None,
        minutes: DecisionTaken | Mapping[str, Any] | None = None,
        periods: Mapping[str, Period] | None = None,
        override: str | None = None,
    ) -> CaseEvent:
        """Take ``action`` as ``actor``; the new event is appended and returned.

        ``minutes`` is the body's decision as recorded in the minutes, kept with the event
        (a mapping is read as :class:`DecisionTaken`'s stored form).

        ``periods`` is the calendar's table of minimum periods: a step that names one cannot be
        left (except by a postponement) before it has passed, unless ``override`` gives the
        reason and the actor's role may override (the secretariat); the reason is kept on the
        event.

        ``calendar`` (the municipality's working days) dates the next step's deadline.

        Raises:
            CaseClosed: the case is finished.
            TransitionNotAllowed: the action does not leave the current step.
            RoleNotPermitted: the actor holds none of the roles allowed to take it.
            OutsideCentre: the actor's roles are limited to other centres.
            GuardFailed: a condition on the case's attributes does not hold.
            MinimumPeriodNotPassed: the step's minimum period has not passed.
            OverrideNotPermitted: an override by someone who may not override.
        """
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        edge = self._edge(graph, action)
        role = self._authorise(edge, municipality, actor)
        failing = edge.transition.failing_condition(self.attributes)
        if failing is not None:
            raise GuardFailed(case_id=self.id, action=action, condition=failing.describe())
        if minutes is not None and not isinstance(minutes, DecisionTaken):
            minutes = DecisionTaken.from_data(minutes)
        overridden = None
        if edge.transition.kind is not TransitionKind.POSTPONE:
            overridden = self._check_minimum(
                graph, municipality, actor, today, calendar, minutes, periods or {}, override
            )
        if edge.transition.outcome is Outcome.DECIDED:
            self._check_financing(action)
        target = graph.steps[edge.target]
        if edge.target in self.planned and edge.target != self.step:
            due: dt.date | None = dt.date.fromisoformat(self.planned[edge.target])
        else:
            due = due_after_entry(target.step.deadline, today, calendar)
        payload = CaseAdvanced(
            action=action,
            role=role,
            from_step=self.step,
            to_step=edge.target,
            kind=edge.transition.kind,
            comment=comment,
            step_due=due.isoformat() if due else None,
            closes=target.step.is_terminal,
            minutes=minutes,
            override=overridden,
        )
        return self._record(payload, actor, at, idempotency_key)

    def minimum(
        self,
        graph: CaseGraph,
        periods: Mapping[str, Period],
        calendar: WorkCalendar | None = None,
    ) -> Minimum | None:
        """The minimum period of the current step for this case, and its earliest exit."""
        node = graph.steps.get(self.step)
        if node is None or not node.step.minimum:
            return None
        period = applicable(node.step.minimum, self.attributes, periods)
        if period is None:
            return None
        return minimum_for(
            period,
            entered=_local_day(self.step_entered_at, calendar),
            opened=_local_day(self.opened_at, calendar),
            calendar=calendar,
        )

    def _check_minimum(  # noqa: PLR0917 - the advance's whole context
        self,
        graph: CaseGraph,
        municipality: Municipality,
        actor: str,
        today: dt.date,
        calendar: WorkCalendar | None,
        minutes: DecisionTaken | None,
        periods: Mapping[str, Period],
        override: str | None,
    ) -> str | None:
        """The override reason to record, or None; raises when the step may not be left."""
        minimum = self.minimum(graph, periods, calendar)
        if minimum is None:
            return None
        day = today
        if minimum.period.kind is PeriodKind.NOTICE and minutes is not None and minutes.meeting:
            day = dt.date.fromisoformat(minutes.meeting)
        if minimum.allows(day):
            return None
        step = graph.steps[self.step].step.title
        reason = (override or "").strip()
        if not reason:
            period = minimum.period
            raise MinimumPeriodNotPassed(
                case_id=self.id, step=step, earliest=minimum.earliest.isoformat(),
                length=period.length(), source=period.source.value, basis=period.basis or "-",
            )  # fmt: skip
        person = municipality.person(actor)
        if not any(
            municipality.roles[r].route_override for r in person.roles if r in municipality.roles
        ):
            raise OverrideNotPermitted(person=actor, step=step, case_id=self.id)
        return reason

    def _check_financing(self, action: str) -> None:
        """KSL § 40, stk. 3: a supplementary or capital appropriation of an amount says how the
        expense is covered (attribute ``finansiering``) before the deciding body approves it."""
        kind = self.attributes.get("sagstype")
        amount = self.attributes.get("beloeb")
        if kind not in APPROPRIATIONS or amount in (None, ""):
            return
        financing = self.attributes.get("finansiering")
        if isinstance(financing, str) and financing.strip():
            return
        raise FinancingMissing(case_id=self.id, amount=amount, sagstype=kind, action=action)

    def change_attributes(
        self,
        *,
        municipality: Municipality,
        actor: str,
        changes: Mapping[str, Any],
        at: dt.datetime,
        comment: str | None = None,
        route: Route | None = None,
        decision: RecordedDecision | None = None,
        idempotency_key: str | None = None,
    ) -> CaseEvent:
        """Set (a value) or clear (None) attributes; the delegation plan may re-route the case.

        ``changes`` are already checked against the declared attributes. ``route`` is the new
        route when re-evaluating the delegation plan changed it (checked by the caller with
        :func:`check_route_change`); ``decision`` is that evaluation, kept for the record.
        """
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        self._authorise_access(municipality, actor)
        payload = AttributesChanged(dict(changes), comment, route, decision)
        return self._record(payload, actor, at, idempotency_key)

    def change_route(
        self,
        *,
        municipality: Municipality,
        actor: str,
        route: Route,
        reason: str,
        at: dt.datetime,
        idempotency_key: str | None = None,
    ) -> CaseEvent:
        """Override the route of bodies (the secretariat's call), with the reason on record.

        The caller checks the change with :func:`check_route_change` first.
        """
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        person = municipality.person(actor)
        if not any(
            municipality.roles[r].route_override for r in person.roles if r in municipality.roles
        ):
            raise RouteChangeNotAllowed(
                case_id=self.id, detail=Msg("route.change.no_permission", person=actor)
            )
        payload = RouteChanged(route=route, previous=self.route, reason=reason)
        return self._record(payload, actor, at, idempotency_key)

    def record_plan(
        self,
        *,
        actor: str,
        at: dt.datetime,
        meetings: Sequence[PlannedMeeting | Mapping[str, Any]],
        steps: Mapping[str, str],
        ready: dt.date,
        reason: str | None = None,
    ) -> CaseEvent:
        """Record a plan: the meetings chosen for the rest of the route and each step's due date.

        The current step's due date becomes the plan's (a deadline counted back from a meeting
        is the one that matters); later steps take theirs from the plan as the case reaches them.
        ``meetings`` may be given in their stored form (``Meeting.as_json``).
        """
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        payload = CasePlanned(
            meetings=tuple(
                m if isinstance(m, PlannedMeeting) else PlannedMeeting.from_data(m)
                for m in meetings
            ),
            steps=dict(steps),
            ready=ready.isoformat(),
            reason=reason,
            step_due=steps.get(self.step, self.step_due),
        )
        return self._record(payload, actor, at, None)

    def attach_bilag(
        self, *, municipality: Municipality, actor: str, bilag: BilagAttached, at: dt.datetime
    ) -> CaseEvent:
        """Record a file attached as a bilag (its content already stored under its hash)."""
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        self._authorise_access(municipality, actor)
        return self._record(bilag, actor, at, None)

    def remove_bilag(
        self, *, municipality: Municipality, actor: str, number: int, at: dt.datetime
    ) -> CaseEvent:
        """Record that bilag ``number`` (checked by the caller to be attached) is taken off."""
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        self._authorise_access(municipality, actor)
        return self._record(BilagRemoved(number), actor, at, None)

    def record_presentation(
        self,
        *,
        municipality: Municipality,
        actor: str,
        at: dt.datetime,
        payload: PresentationPayload,
        idempotency_key: str | None = None,
    ) -> CaseEvent:
        """Append a presentation event (issue 14) by someone who may act on the case; what it
        says is checked by the caller (``casework.services.presentation``)."""
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        self._authorise_access(municipality, actor)
        return self._record(payload, actor, at, idempotency_key)

    def record_note(
        self,
        *,
        municipality: Municipality,
        actor: str,
        at: dt.datetime,
        payload: CaseLinked | InvolvementAnswered,
        open_only: bool = True,
    ) -> CaseEvent:
        """Append a link or an involvement answer (issue 20) by someone who may act on the case;
        the caller has checked what it says. A link may be added to a finished discussion
        (``open_only=False``): the decision cases it leads to come after it has ended."""
        if open_only and self.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=self.id)
        self._authorise_access(municipality, actor)
        return self._record(payload, actor, at, None)

    def _record(
        self,
        payload: EventPayload,
        actor: str,
        at: dt.datetime,
        idempotency_key: str | None,
    ) -> CaseEvent:
        event = CaseEvent.create(
            case_id=self.id, seq=self.version + 1, at=at, actor=actor, payload=payload,
            prev_hash=self.head_hash, idempotency_key=idempotency_key,
        )  # fmt: skip
        self.apply(event)
        self.pending.append(event)
        return event

    def _authorise_access(self, municipality: Municipality, actor: str) -> None:
        # Anyone who may act on the case at all: a role for every centre, or the case's centre.
        person = municipality.person(actor)
        for role in person.roles:
            spec = municipality.roles.get(role)
            if spec is not None and (spec.scope is RoleScope.ALL or self.centre in person.centres):
                return
        raise OutsideCentre(
            person=person.name, case_id=self.id, centre=_centre_name(municipality, self.centre)
        )

    def available_actions(
        self, graph: CaseGraph, municipality: Municipality | None = None, actor: str | None = None
    ) -> list[ConcreteTransition]:
        """Actions from the current step; only the actor's permitted ones when one is given."""
        if self.status is CaseStatus.CLOSED:
            return []
        edges = list(graph.actions(self.step).values())
        if municipality is None or actor is None:
            return edges
        permitted = []
        for edge in edges:
            try:
                self._authorise(edge, municipality, actor)
            except (RoleNotPermitted, OutsideCentre):
                continue
            if edge.transition.failing_condition(self.attributes) is None:
                permitted.append(edge)
        return permitted

    # ------------------------------------------------------------- internals
    def _edge(self, graph: CaseGraph, action: str) -> ConcreteTransition:
        edges = graph.actions(self.step)
        if action not in edges:
            raise TransitionNotAllowed(
                case_id=self.id,
                action=action,
                step=step_title(graph, self.step),  # the step's title, never its id
                allowed=", ".join(edges) or "-",
            )
        return edges[action]

    def _authorise(self, edge: ConcreteTransition, municipality: Municipality, actor: str) -> str:
        person = municipality.person(actor)
        held = sorted(edge.transition.roles & person.roles)
        if not held:
            raise RoleNotPermitted(
                person=person.name,
                action=edge.action,
                case_id=self.id,
                roles=_role_titles(municipality, edge.transition.roles),
            )
        for role in held:
            spec = municipality.roles.get(role)
            if spec is not None and (spec.scope is RoleScope.ALL or self.centre in person.centres):
                return role
        raise OutsideCentre(
            person=person.name, case_id=self.id, centre=_centre_name(municipality, self.centre)
        )

    def apply(self, event: CaseEvent) -> None:
        """Fold one event after ``case.opened`` into the state (used by the verbs and replay)."""
        payload = event.payload
        if isinstance(payload, CaseAdvanced):
            self.step = payload.to_step
            self.step_entered_at = event.at
            self.step_due = payload.step_due
            self.status = CaseStatus.CLOSED if payload.closes else CaseStatus.OPEN
        elif isinstance(payload, AttributesChanged):
            attributes = dict(self.attributes)
            for name, value in payload.changes.items():
                if value is None:
                    attributes.pop(name, None)
                else:
                    attributes[name] = value
            self.attributes = attributes
            if payload.route is not None:
                self.route = payload.route
        elif isinstance(payload, RouteChanged):
            self.route = payload.route
        elif isinstance(payload, CasePlanned):
            self.step_due = payload.step_due
            self.planned = dict(payload.steps)
        elif isinstance(payload, PRESENTATION_PAYLOADS):
            pass  # the presentation is read from the history (casework.domain.presentation)
        elif isinstance(payload, BilagAttached | BilagRemoved):
            pass  # the bilag are read from the history (casework.domain.bilag.bilag_of)
        elif isinstance(payload, CaseLinked | InvolvementAnswered):
            pass  # read from the history (domain.discussions.links_of, involvement.answers_of)
        else:
            raise ValueError(f"cannot apply {event.kind} to an existing case")
        self.version = event.seq
        self.updated_at = event.at
        self.head_hash = event.hash

    def state(self) -> dict[str, Any]:
        """The state as a plain dict (pending events excluded), for comparison with a replay."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "pending"}

    @property
    def due(self) -> str | None:
        """The nearest of the step's due date and the case's own deadline."""
        dates = [d for d in (self.step_due, self.deadline) if d]
        return min(dates) if dates else None


def _local_day(instant: str, calendar: WorkCalendar | None) -> dt.date:
    from casework.domain.events import parse_instant

    at = parse_instant(instant)
    return calendar.local_date(at) if calendar is not None else at.date()


def _from_opened(event: CaseEvent) -> Case:
    opened = event.payload
    if not isinstance(opened, CaseOpened):
        raise ValueError("a case history must start with case.opened")
    return Case(
        id=event.case_id,
        workflow_id=opened.workflow,
        workflow_version=opened.workflow_version,
        case_type=opened.case_type,
        title=opened.title,
        owner=opened.owner,
        centre=opened.centre,
        route=opened.route,
        attributes=dict(opened.attributes),
        step=opened.step,
        status=CaseStatus.CLOSED if opened.closes else CaseStatus.OPEN,
        version=event.seq,
        opened_at=event.at,
        updated_at=event.at,
        step_entered_at=event.at,
        step_due=opened.step_due,
        deadline=opened.deadline,
        reference=opened.reference,
        head_hash=event.hash,
    )


def check_route_change(
    case: Case, events: Iterable[CaseEvent], old: CaseGraph, new: CaseGraph
) -> None:
    """Refuse a new route that would rewrite where the case has been or where it is.

    The case's current step must exist on the new route, and every body whose meeting the case
    has already passed must still be in it, a later pass as that same pass (``template@body#2``):
    history stays a walk through the case's graph.
    """
    if new.route == old.route:
        raise RouteChangeNotAllowed(case_id=case.id, detail=Msg("route.change.unchanged"))
    if case.step not in new.steps:
        raise RouteChangeNotAllowed(
            case_id=case.id, detail=Msg("route.change.step_missing", step=case.step)
        )
    kept = {e.body for e in new.route}
    for event in events:
        entered = entered_step(event)
        node = old.steps.get(entered) if entered is not None else None
        if node is None or node.body is None:
            continue
        if node.body not in kept:
            raise RouteChangeNotAllowed(
                case_id=case.id, detail=Msg("route.change.passed_body", body=node.body)
            )
        if node.visit > 1 and node.id not in new.steps:
            # A later pass of a body the case has had must stay a pass of the new route.
            raise RouteChangeNotAllowed(
                case_id=case.id,
                detail=Msg("route.change.passed_pass", body=node.body, visit=str(node.visit)),
            )


def entered_step(event: CaseEvent) -> str | None:
    """The concrete step an event took the case into: the start step, or an action's target."""
    payload = event.payload
    if isinstance(payload, CaseOpened):
        return payload.step
    if isinstance(payload, CaseAdvanced):
        return payload.to_step
    return None


def route_source(events: Iterable[CaseEvent]) -> str:
    """Where the case's route comes from now: "plan", "given" (at opening) or "override"."""
    source = "given"
    for event in events:
        payload = event.payload
        if isinstance(payload, CaseOpened):
            source = payload.route_source
        elif isinstance(payload, RouteChanged):
            source = "override"
        elif isinstance(payload, AttributesChanged) and payload.route is not None:
            source = "plan"
    return source


def recorded_decision(events: Iterable[CaseEvent]) -> RecordedDecision | None:
    """The delegation plan's most recent evaluation of the case, as recorded, if any."""
    found: RecordedDecision | None = None
    for event in events:
        payload = event.payload
        if isinstance(payload, CaseOpened | AttributesChanged) and payload.decision is not None:
            found = payload.decision
    return found


def last_decision(events: Iterable[CaseEvent]) -> dict[str, Any] | None:
    """:func:`recorded_decision` in its stored JSON form (for ``--json`` output)."""
    found = recorded_decision(events)
    return found.to_data() if found is not None else None


def recorded_plan(events: Iterable[CaseEvent]) -> CasePlanned | None:
    """The most recently recorded plan, if any."""
    found: CasePlanned | None = None
    for event in events:
        payload = event.payload
        if isinstance(payload, CasePlanned):
            found = payload
    return found


def last_plan(events: Iterable[CaseEvent]) -> dict[str, Any] | None:
    """:func:`recorded_plan` in its stored JSON form (``case.planned`` data)."""
    found = recorded_plan(events)
    return found.to_data() if found is not None else None


def override_reason(events: Iterable[CaseEvent]) -> str | None:
    """The reason of the latest route override, if the route was overridden."""
    reason: str | None = None
    for event in events:
        payload = event.payload
        if isinstance(payload, RouteChanged):
            reason = payload.reason
    return reason


def replay(events: Iterable[CaseEvent]) -> Case:
    """The case as its events say it is; the stored row must always equal this."""
    iterator = iter(events)
    first = next(iterator, None)
    if first is None or first.kind is not EventKind.OPENED:
        raise ValueError("a case history must start with case.opened")
    case = _from_opened(first)
    for event in iterator:
        case.apply(event)
    return case


def responsible_people(case: Case, graph: CaseGraph, municipality: Municipality) -> list[str]:
    """Who should act next: the owner for case-officer steps, else the role's holders.

    Centre-scoped roles are narrowed to the case's centre, so the centre head of the right
    centre is named, not every centre head.
    """
    if case.status is CaseStatus.CLOSED:
        return []
    role = graph.steps[case.step].step.role
    owner = municipality.people.get(case.owner)
    if owner is not None and role in owner.roles:
        return [case.owner]
    return [p.id for p in municipality.people_with_role(role, case.centre)]
