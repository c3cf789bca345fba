"""Backward planning: the earliest chain of meetings a case can reach, and every step's due date.

A case with the route TMU → ØU → KB that is ready on a given day needs one meeting per body,
each later than the one before, and each reachable under the bodies' internal deadlines:

* the **first** body's meeting must leave room for every administrative step before it (draft,
  centre head, director, quality check, each taking the time its workflow rule allows), ending
  at the body's *intake* deadline, by which the case must have entered the meeting step (with
  the secretariat, placed for that meeting). The intake is the body's rule in
  ``calendar.yaml`` if it has one, else the meeting step's own ``relative_to: meeting`` rule;
* a **later** body's meeting must come after the previous body's, with at least its
  ``after_previous`` lead (the previous recommendation must reach its agenda) and, when it has
  a ``within`` rule, at most that long after it ("ØU the week before KB" keeps both in one cycle);
* a meeting may have a capacity, and meetings already booked to it count against it.

Among the feasible chains :class:`Planner` picks the earliest decision, and for that decision
the earliest meeting of each body before it (compare chains by their last meeting, then the
one before, and so on). Every step's due date is then derived backwards from the chain (the
latest day each step can start and still make the intake deadline), the steps after the last
meeting forwards from it. Meetings the case could not make before the chosen ones are explained,
one reason each, in Danish or English.

The steps are the workflow's *happy path*: from the start (or the case's current step), the
first forward action of each step in the order the workflow lists them. Pure: the calendar,
the meeting plan and the rules arrive as data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from casework.domain.agenda import FixedItemRules
from casework.domain.errors import CaseworkError, TargetMeetingNotFeasible, did_you_mean
from casework.domain.meetings import Break, Meeting, MeetingKind, MeetingPlan, YearPlanSource
from casework.domain.messages import Msg, register, render
from casework.domain.periods import Period
from casework.domain.term import TermStep
from casework.domain.workdays import (
    CalendarRangeError,
    DeadlineSpec,
    Unit,
    WorkCalendar,
    day_text,
    spec_from_rule,
)
from casework.domain.workflow import (
    CaseGraph,
    ConcreteStep,
    DeadlineRule,
    Route,
    StepKind,
    TransitionKind,
    WorkflowDefinition,
)

register(
    {
        "plan.no_chain": (
            "Ingen mødeplan giver plads til sagsgangen {route} for en sag, der er klar {ready} "
            "(mødeplanen rækker til {end}).",
            "No meeting plan leaves room for the route {route} for a case ready on {ready} "
            "(the meeting plan runs to {end}).",
        ),
        "plan.no_meetings": (
            "{body} har ingen møder i mødeplanen efter {ready}.",
            "{body} has no meetings in the meeting plan after {ready}.",
        ),
        "plan.unknown_step": (
            "Trinnet '{step}' findes ikke i sagens forløb.",
            "Step '{step}' is not part of the case's graph.",
        ),
        "plan.reason.late": (
            "{body} {day}: sagen skulle være hos sekretariatet senest {intake} og dermed "
            "påbegyndes senest {start}, men den er først klar {ready}",
            "{body} {day}: the case had to be with the secretariat by {intake} and so be "
            "started by {start}, but it is only ready on {ready}",
        ),
        "plan.reason.extra": (
            "{body} {day}: ekstra møde ({note}); almindelige sager planlægges på ordinære møder",
            "{body} {day}: extra meeting ({note}); ordinary cases go to ordinary meetings",
        ),
        "plan.reason.full": (
            "{body} {day}: mødet er fuldt ({capacity} punkter)",
            "{body} {day}: the meeting is full ({capacity} items)",
        ),
        "plan.reason.previous_later": (
            "{body} {day}: sagen kan tidligst være i {previous} {earliest}",
            "{body} {day}: the case can reach {previous} on {earliest} at the earliest",
        ),
        "plan.reason.previous_none": (
            "{body} {day}: sagen kan ikke nå et møde i {previous} før",
            "{body} {day}: the case cannot reach a meeting of {previous} before it",
        ),
        "plan.reason.too_soon": (
            "{body} {day}: {previous} skal have behandlet sagen senest {latest} "
            "({rule} mødet), men kan tidligst {earliest}",
            "{body} {day}: {previous} must have dealt with the case by {latest} "
            "({rule} the meeting), but can at the earliest on {earliest}",
        ),
        "plan.reason.too_long": (
            "{body} {day}: {previous}s møde må højst ligge {rule} mødet",
            "{body} {day}: the meeting of {previous} may be at most {rule} the meeting",
        ),
        "plan.reason.no_continuation": (
            "{body} {day}: herfra kan sagen ikke nå et passende møde i {next}",
            "{body} {day}: from here the case cannot reach a fitting meeting of {next}",
        ),
        "plan.agenda": ("Dagsorden til {body} udsendes", "Agenda for {body} sent out"),
        "plan.intake": ("hos sekretariatet senest", "with the secretariat by"),
    }
)


#: How many answers :meth:`Planner.reaches` keeps (a board asks a few hundred a day).
REACH_MEMO = 4096
#: Looked up once: enum members reached through their class cost a descriptor call each time.
_EXTRA = MeetingKind.EXTRA


class NoFeasibleChain(CaseworkError):
    """No chain of meetings in the meeting plan fits the case's route and deadlines."""

    code = "CW702"
    key = "plan.no_chain"

    def __init__(self, rejections: Sequence[Rejection] = (), **params: Any) -> None:
        self.rejections = tuple(rejections)
        super().__init__(**params)


class NoMeetings(NoFeasibleChain):
    """A body of the route has no meetings in the meeting plan after the ready date."""

    code = "CW704"
    key = "plan.no_meetings"


class UnknownPlanStep(CaseworkError):
    """The step to plan from is not a step of the case's graph."""

    code = "CW703"
    key = "plan.unknown_step"


@dataclass(frozen=True, slots=True)
class BodyRules:
    """A body's internal deadlines, from ``calendar.yaml`` (None: not set here).

    ``intake``: before the meeting, the case must be with the secretariat (first body only);
    ``agenda``: before the meeting, the agenda goes out (shown in the plan); ``after_previous``:
    the previous body of the route must meet at least this long before; ``within``: and at
    most this long before; ``capacity``: how many items a meeting takes.
    """

    intake: DeadlineSpec | None = None
    agenda: DeadlineSpec | None = None
    after_previous: DeadlineSpec | None = None
    within: DeadlineSpec | None = None
    capacity: int | None = None

    def over(self, base: BodyRules) -> BodyRules:
        """These rules, with ``base`` filling what they leave unset."""
        return BodyRules(
            **{
                f.name: getattr(self, f.name)
                if getattr(self, f.name) is not None
                else getattr(base, f.name)
                for f in fields(self)
            }
        )


@dataclass(frozen=True, eq=False)
class PlanningRules:
    """Default internal deadlines and each body's own."""

    default: BodyRules = BodyRules()
    bodies: Mapping[str, BodyRules] = field(default_factory=dict)

    def for_body(self, body: str) -> BodyRules:
        """``body``'s rules, the defaults filling the gaps."""
        own = self.bodies.get(body)
        return own.over(self.default) if own is not None else self.default


@dataclass(frozen=True, eq=False)
class CalendarConfiguration:
    """Everything ``calendar.yaml`` and ``meetings/*.yaml`` say, checked and generated (the
    agendas' fixed items included)."""

    calendar: WorkCalendar
    meetings: MeetingPlan
    rules: PlanningRules = PlanningRules()
    breaks: tuple[Break, ...] = ()
    #: The one table of minimum periods (:mod:`casework.domain.periods`), by id.
    periods: Mapping[str, Period] = field(default_factory=dict)
    sources: Mapping[int, YearPlanSource] = field(default_factory=dict)
    fixed_items: FixedItemRules = field(default_factory=FixedItemRules)
    #: The council's four-year term as steps, with the secretariat's support (forandringstrappe).
    term: tuple[TermStep, ...] = ()


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One row of a case plan: a step (or a meeting's agenda) with its latest start and due."""

    step: str
    title: str
    role: str
    kind: str  # a StepKind value, or "agenda"
    due: dt.date
    start: dt.date | None = None
    due_time: dt.time | None = None
    body: str | None = None
    title_en: str | None = None
    spec: DeadlineSpec | None = None
    meeting: Meeting | None = None

    def label(self, lang: str = "da") -> str:
        """The row's title in ``lang``."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """Stable keys for ``--json``."""
        spec = self.spec
        return {
            "step": self.step,
            "title": self.label(lang),
            "kind": self.kind,
            "role": self.role,
            "body": self.body,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat(),
            "due_time": self.due_time.strftime("%H:%M") if self.due_time else None,
            "statutory": bool(spec and spec.statutory),
            "basis": spec.basis if spec else None,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a meeting before the chosen one could not take the case."""

    body: str
    meeting: Meeting
    reason: str  # late, extra, full, previous_later, previous_none, too_soon, ...
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "da") -> str:
        """The reason as one line in ``lang``."""
        # Dates stay dates until a reader asks: most plans are never explained to anyone.
        params = {k: day_text(v) if isinstance(v, dt.date) else v for k, v in self.params.items()}
        return render(f"plan.reason.{self.reason}", lang, **params)

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "body": self.body,
            "date": self.meeting.date.isoformat(),
            "reason": self.reason,
            "message": self.message(lang),
        }


@dataclass(frozen=True, eq=False)
class CasePlan:
    """The plan of one case: the chosen meetings, each step's dates, and why not earlier."""

    workflow: str
    ready: dt.date
    meetings: tuple[Meeting, ...]
    steps: tuple[PlannedStep, ...]
    rejections: tuple[Rejection, ...] = ()
    slack: int = 0  # hverdage between ready and the latest start of the first step

    @property
    def decision(self) -> Meeting | None:
        """The last meeting of the chain (the decision, for a deciding route)."""
        return self.meetings[-1] if self.meetings else None

    def due(self, step: str) -> PlannedStep | None:
        """The row of concrete step ``step`` (e.g. ``politisk_behandling@oeu``)."""
        return next((s for s in self.steps if s.step == step), None)

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "workflow": self.workflow,
            "ready": self.ready.isoformat(),
            "slack_working_days": self.slack,
            "meetings": [m.as_json() for m in self.meetings],
            "steps": [s.as_json(lang) for s in self.steps],
            "not_earlier": [r.as_json(lang) for r in self.rejections],
        }


# --------------------------------------------------------------------------- the path
def happy_path(graph: CaseGraph, start: str | None = None) -> list[ConcreteStep]:
    """The concrete steps from ``start`` (the graph's start step) along the first forward
    action of each step, up to a terminal step or the first step seen twice.

    Raises:
        UnknownPlanStep: ``start`` is not a step of ``graph``.
    """
    current = graph.start if start is None else start
    if current not in graph.steps:
        raise UnknownPlanStep(step=current, suggestion=did_you_mean(current, graph.steps))
    path: list[ConcreteStep] = []
    seen: set[str] = set()
    while current not in seen:
        seen.add(current)
        path.append(graph.steps[current])
        forward = (
            e.target
            for e in graph.actions(current).values()
            if e.transition.kind is TransitionKind.FORWARD and e.target != current
        )
        following = next(forward, None)
        if following is None:
            break
        current = following
    return path


@dataclass(frozen=True, slots=True)
class _Shape:
    """A happy path split at its meeting steps."""

    segments: tuple[tuple[ConcreteStep, ...], ...]  # the steps before each meeting step
    meetings: tuple[ConcreteStep, ...]
    tail: tuple[ConcreteStep, ...]  # after the last meeting, terminal steps left out
    at_meeting: bool  # the path starts in a meeting step: the case is already there

    @classmethod
    def of(cls, path: Sequence[ConcreteStep]) -> _Shape:
        segments: list[tuple[ConcreteStep, ...]] = []
        meetings: list[ConcreteStep] = []
        pending: list[ConcreteStep] = []
        for node in path:
            if node.step.kind is StepKind.MEETING and node.body is not None:
                segments.append(tuple(pending))
                meetings.append(node)
                pending = []
            elif not node.step.is_terminal:
                pending.append(node)
        at_meeting = bool(path) and path[0].step.kind is StepKind.MEETING
        return cls(tuple(segments), tuple(meetings), tuple(pending), at_meeting)


def _duration(node: ConcreteStep) -> DeadlineSpec | None:
    """The time a step takes, counted from when the case arrives (None: no rule)."""
    rule = node.step.deadline
    return _spec(rule) if rule is not None and rule.relative_to == "entry" else None


def _meeting_relative(node: ConcreteStep) -> DeadlineSpec | None:
    """A step's deadline counted back from the meeting (None: no such rule)."""
    rule = node.step.deadline
    return _spec(rule) if rule is not None and rule.relative_to == "meeting" else None


@functools.lru_cache(maxsize=1024)
def _spec(rule: DeadlineRule) -> DeadlineSpec:
    # Rules are frozen and few; converting one per step per case dominated planning 10,000.
    return spec_from_rule(rule)


# --------------------------------------------------------------------------- the planner
@dataclass(frozen=True, slots=True)
class _Level:
    """One body of the chain: its meetings and, per meeting, the window for what comes before.

    ``latest[i]``: the day the previous thing (the ready date for the first body, the previous
    body's meeting otherwise) must come by; ``earliest[i]``: the day it may not come before.
    """

    body: str
    meetings: tuple[Meeting, ...]
    dates: tuple[dt.date, ...]
    starts: tuple[dt.datetime, ...]
    latest: tuple[dt.date, ...]
    earliest: tuple[dt.date | None, ...]
    intake: tuple[dt.date | None, ...]
    rules: BodyRules


class Planner:
    """Plans cases onto one calendar and meeting plan; reuse it for many cases (it caches)."""

    def __init__(
        self,
        calendar: WorkCalendar,
        meetings: MeetingPlan | Iterable[Meeting],
        rules: PlanningRules | None = None,
        *,
        include_extra: bool = False,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.calendar = calendar
        self.meetings = meetings if isinstance(meetings, MeetingPlan) else MeetingPlan.of(meetings)
        self.rules = rules or PlanningRules()
        self.include_extra = include_extra
        self.names = dict(names or {})
        self._levels: dict[tuple[Any, ...], _Level] = {}
        self._shapes: dict[tuple[Any, ...], tuple[_Shape, list[_Level]]] = {}
        self._agenda_titles: dict[str, tuple[str, str]] = {}
        self._body_rules: dict[str, BodyRules] = {}
        self._reaches: dict[tuple[Any, ...], bool] = {}

    # ---------------------------------------------------------------- public
    def plan(
        self,
        definition: WorkflowDefinition,
        route: Route,
        ready: dt.date,
        *,
        from_step: str | None = None,
        booked: Mapping[tuple[str, dt.date], int] | None = None,
    ) -> CasePlan:
        """The plan of a case on ``route`` that is at ``from_step`` (the start) on ``ready``.

        Raises:
            NoFeasibleChain: the meeting plan has no chain that fits (the reasons attached).
            UnknownPlanStep: ``from_step`` is not a step of the case's graph.
            CalendarRangeError: the plan reaches beyond the calendar's years.
        """
        shape, levels = self._prepared(definition, route, from_step)
        booked = booked or {}
        if not shape.meetings:
            steps = self._forward(shape.tail, ready)
            return CasePlan(definition.id, ready, (), tuple(steps))
        search = _Search(self, levels, ready, booked)
        chain = search.earliest_chain()
        rejections = search.rejections(chain)
        if chain is None:
            raise self._no_chain(levels, ready, rejections)
        meetings = tuple(level.meetings[i] for level, i in zip(levels, chain, strict=True))
        steps, first_start = self._steps(shape, levels, chain)
        slack = self.calendar.count_hverdage(ready, first_start)
        return CasePlan(definition.id, ready, meetings, tuple(steps), rejections, slack)

    def towards(
        self,
        definition: WorkflowDefinition,
        route: Route,
        ready: dt.date,
        target: tuple[str, dt.date],
        *,
        from_step: str | None = None,
        case_id: str = "",
    ) -> CasePlan:
        """The plan that reaches ``target`` (body, meeting day) with every deadline as late as
        it can be: the earliest plan from the latest day the case could be ready and still
        make it. Bookings do not count (the secretariat chose the meeting).

        The earliest feasible meeting only moves later as the ready day does, so a binary
        search over ready days finds that latest day in a few plannings.

        Raises:
            TargetMeetingNotFeasible: the body is not on the route, the case cannot reach
                the meeting from ``ready`` (too soon), or the body has no meeting that day.
            UnknownPlanStep: ``from_step`` is not a step of the case's graph.
            CalendarRangeError: the plan reaches beyond the calendar's years.
        """
        body, day = target

        def fail(key: str, **params: object) -> TargetMeetingNotFeasible:
            return TargetMeetingNotFeasible(
                case_id=case_id, body=body, date=day.isoformat(), detail=Msg(key, **params)
            )

        if body not in {e.body for e in route}:
            raise fail("target.not_on_route")

        def meeting_of(start: dt.date) -> tuple[CasePlan | None, Meeting | None]:
            try:
                plan = self.plan(definition, route, start, from_step=from_step)
            except NoFeasibleChain:
                return None, None
            return plan, next((m for m in plan.meetings if m.body == body), None)

        plan, meeting = meeting_of(ready)
        if plan is None or meeting is None or meeting.date > day:
            earliest = meeting.date.isoformat() if meeting is not None else "-"
            raise fail("target.too_soon", earliest=earliest)
        lo, hi = ready.toordinal(), day.toordinal()
        while lo < hi:  # the latest ready day whose earliest chain still meets the target
            mid = (lo + hi + 1) // 2
            candidate, found = meeting_of(dt.date.fromordinal(mid))
            if candidate is not None and found is not None and found.date <= day:
                lo, plan, meeting = mid, candidate, found
            else:
                hi = mid - 1
        if meeting.date != day:
            raise fail("target.no_meeting", nearest=meeting.date.isoformat())
        return plan

    def reaches(
        self,
        definition: WorkflowDefinition,
        route: Route,
        ready: dt.date,
        target: tuple[str, dt.date],
        *,
        from_step: str | None = None,
    ) -> bool:
        """Whether a case on ``route`` at ``from_step``, ready on ``ready``, can be planned for
        ``target`` (body, meeting day): whether :meth:`towards` gives a plan.

        Remembered per (definition, route, step, target, ready day): the flow board asks for
        every planned card and every other meeting of its body, and cases share their
        workflow, route and step. Forgotten when more than :data:`REACH_MEMO` are kept.
        """
        key = (definition, route, from_step, target, ready)
        found = self._reaches.get(key)
        if found is None:
            try:
                self.towards(definition, route, ready, target, from_step=from_step)
            except (TargetMeetingNotFeasible, UnknownPlanStep, CalendarRangeError):
                found = False
            else:
                found = True
            if len(self._reaches) >= REACH_MEMO:
                self._reaches.clear()
            self._reaches[key] = found
        return found

    def capacity(self, meeting: Meeting) -> int | None:
        """How many items ``meeting`` takes (None: no limit)."""
        if meeting.capacity is not None:
            return meeting.capacity
        return self.body_rules(meeting.body).capacity

    def body_rules(self, body: str) -> BodyRules:
        """``body``'s internal deadlines, the defaults filling the gaps (cached)."""
        rules = self._body_rules.get(body)
        if rules is None:
            rules = self._body_rules[body] = self.rules.for_body(body)
        return rules

    def _prepared(
        self, definition: WorkflowDefinition, route: Route, from_step: str | None
    ) -> tuple[_Shape, list[_Level]]:
        # Cases of one workflow, route and starting step share their path and their windows;
        # definitions are immutable, so they can key the cache.
        key = (definition, route, from_step)
        prepared = self._shapes.get(key)
        if prepared is None:
            shape = _Shape.of(happy_path(definition.expand(route), from_step))
            levels = [self._level(shape, i) for i in range(len(shape.meetings))]
            prepared = self._shapes[key] = (shape, levels)
        return prepared

    @staticmethod
    def book(plan: CasePlan, booked: MutableMapping[tuple[str, dt.date], int]) -> None:
        """Count ``plan``'s meetings as taken in ``booked`` (for planning many cases)."""
        for meeting in plan.meetings:
            booked[meeting.key] = booked.get(meeting.key, 0) + 1

    def name(self, body: str) -> str:
        """The body's short name for messages."""
        return self.names.get(body, body)

    # ---------------------------------------------------------------- levels
    def _level(self, shape: _Shape, index: int) -> _Level:
        node = shape.meetings[index]
        body = str(node.body)
        segment = shape.segments[index]
        rules = self.body_rules(body)
        first = index == 0
        own = _meeting_relative(node)
        # A statutory deadline of the workflow, or the deadline of a step with a minimum
        # period (a member's proposal must be on the next meeting if received 8 days before:
        # the rules of procedure, forretningsorden § 3, stk. 1), overrides the body's intake.
        statutory = own is not None and (own.statutory or bool(node.step.minimum))
        intake = (own if statutory else rules.intake or own) if first else None
        # The body's "within" rule keeps the previous body's recommendation in the same meeting
        # cycle; a second pass of the same body (a second reading) is the next cycle by nature.
        again = not first and shape.meetings[index - 1].body == body
        key = (body, first, again, shape.at_meeting, intake, tuple(_signature(n) for n in segment))
        cached = self._levels.get(key)
        if cached is not None:
            return cached
        meetings = self.meetings.for_body(body)
        latest: list[dt.date] = []
        earliest: list[dt.date | None] = []
        intakes: list[dt.date | None] = []
        for meeting in meetings:
            try:
                bound, taken = self._bound(meeting, rules, first, shape.at_meeting, intake)
                latest.append(self._lead(segment, bound, meeting)[0])
                within = None if first or again else rules.within
                earliest.append(_back(self.calendar, meeting.date, within))
            except CalendarRangeError:
                # The meeting's deadlines fall before the calendar begins, so before any ready
                # date the calendar can count from: no case can reach it.
                taken = None
                latest.append(dt.date.min)
                earliest.append(None)
            intakes.append(taken)
        level = _Level(
            body,
            meetings,
            tuple(m.date for m in meetings),
            tuple(m.start for m in meetings),
            tuple(latest),
            tuple(earliest),
            tuple(intakes),
            rules,
        )
        self._levels[key] = level
        return level

    def _bound(
        self,
        meeting: Meeting,
        rules: BodyRules,
        first: bool,
        at_meeting: bool,
        intake: DeadlineSpec | None,
    ) -> tuple[dt.date, dt.date | None]:
        """The day the case must enter the meeting step for ``meeting``, and the intake."""
        if first and at_meeting:
            return meeting.date, None
        if first:
            if intake is None:
                return meeting.date, None
            day = self.calendar.before(meeting.date, intake).date
            return day, day
        if rules.after_previous is None:
            return meeting.date, None
        return self.calendar.before(meeting.date, rules.after_previous).date, None

    def _lead(
        self, segment: Sequence[ConcreteStep], bound: dt.date, meeting: Meeting
    ) -> tuple[dt.date, list[tuple[ConcreteStep, dt.date, dt.date]]]:
        """Walk ``segment`` backwards from ``bound``: the latest start of its first step, and
        (step, latest start, due) for each step."""
        rows: list[tuple[ConcreteStep, dt.date, dt.date]] = []
        due = bound
        for node in reversed(segment):
            own = _meeting_relative(node)
            if own is not None:
                due = min(due, self.calendar.before(meeting.date, own).date)
            start = self.calendar.latest_start(due, _duration(node))
            rows.append((node, start, due))
            due = start
        rows.reverse()
        return due, rows

    # ---------------------------------------------------------------- rows
    def _steps(
        self, shape: _Shape, levels: Sequence[_Level], chain: Sequence[int]
    ) -> tuple[list[PlannedStep], dt.date]:
        """Every row of the plan, and the latest day the case's first step can start."""
        steps: list[PlannedStep] = []
        first_start: dt.date | None = None
        previous: Meeting | None = None
        for index, (level, node) in enumerate(zip(levels, shape.meetings, strict=True)):
            meeting = level.meetings[chain[index]]
            first = index == 0
            intake = self._intake(level, node) if first else None
            bound, _ = self._bound(meeting, level.rules, first, shape.at_meeting, intake)
            start, rows = self._lead(shape.segments[index], bound, meeting)
            first_start = start if first else first_start
            steps.extend(_row(n, due, s) for n, s, due in rows)
            # The case enters a later body's meeting step at the previous body's meeting,
            # unless steps lie between them; a case already at the meeting step is there.
            entered: dt.date | None = bound
            if first and shape.at_meeting:
                entered = None
            elif previous is not None and not rows:
                entered = previous.date
            agenda = level.rules.agenda
            if agenda is not None:
                when = self.calendar.before(meeting.date, agenda)
                steps.append(self._agenda_row(node, meeting, when.date, when.time, agenda))
            spec = intake if first else level.rules.after_previous
            steps.append(_meeting_row(node, meeting, entered, spec))
            previous = meeting
        assert previous is not None
        assert first_start is not None
        steps.extend(self._forward(shape.tail, previous.date))
        return steps, first_start

    def _intake(self, level: _Level, node: ConcreteStep) -> DeadlineSpec | None:
        """The first body's intake rule: its own in calendar.yaml, else the step's."""
        return level.rules.intake or _meeting_relative(node)

    def _agenda_row(
        self,
        node: ConcreteStep,
        meeting: Meeting,
        day: dt.date,
        time: dt.time | None,
        spec: DeadlineSpec,
    ) -> PlannedStep:
        titles = self._agenda_titles.get(meeting.body)
        if titles is None:
            name = self.name(meeting.body)
            titles = render("plan.agenda", "da", body=name), render("plan.agenda", "en", body=name)
            self._agenda_titles[meeting.body] = titles
        return PlannedStep(
            step=f"{node.id}#agenda",
            title=titles[0],
            title_en=titles[1],
            role=node.step.role,
            kind="agenda",
            due=day,
            due_time=time,
            body=meeting.body,
            spec=spec,
            meeting=meeting,
        )

    def _forward(self, nodes: Sequence[ConcreteStep], entered: dt.date) -> list[PlannedStep]:
        """Steps after an event, each due its rule's period after it entered."""
        rows = []
        for node in nodes:
            spec = _duration(node)
            due = self.calendar.after(entered, spec).date if spec else entered
            rows.append(_row(node, due, entered))
            entered = due
        return rows

    def _no_chain(
        self, levels: Sequence[_Level], ready: dt.date, rejections: Sequence[Rejection]
    ) -> NoFeasibleChain:
        for level in levels:
            if not any(d >= ready for d in level.dates):
                return NoMeetings(rejections, body=self.name(level.body), ready=day_text(ready))
        return NoFeasibleChain(
            rejections,
            route=" → ".join(self.name(level.body) for level in levels),
            ready=day_text(ready),
            end=day_text(levels[-1].dates[-1]),
        )


def _signature(node: ConcreteStep) -> tuple[Any, ...]:
    return (node.id, _duration(node), _meeting_relative(node))


def _back(calendar: WorkCalendar, day: dt.date, spec: DeadlineSpec | None) -> dt.date | None:
    """The earliest day allowed by a "within" rule: ``spec`` counted back from ``day``."""
    if spec is None:
        return None
    if spec.unit is Unit.HVERDAGE:
        return calendar.hverdage_before(day, spec.amount, spec.saturday)
    return day - dt.timedelta(days=spec.amount * (7 if spec.unit is Unit.UGER else 1))


def _row(node: ConcreteStep, due: dt.date, start: dt.date | None) -> PlannedStep:
    return PlannedStep(
        step=node.id,
        title=node.step.title,
        title_en=node.step.title_en,
        role=node.step.role,
        kind=node.step.kind.value,
        due=due,
        start=start,
        body=node.body,
        spec=_duration(node) or _meeting_relative(node),
    )


def _meeting_row(
    node: ConcreteStep, meeting: Meeting, entered: dt.date | None, spec: DeadlineSpec | None
) -> PlannedStep:
    return PlannedStep(
        step=node.id,
        title=node.step.title,
        title_en=node.step.title_en,
        role=node.step.role,
        kind=node.step.kind.value,
        due=meeting.date,
        due_time=meeting.time,
        start=entered,
        body=meeting.body,
        spec=spec,
        meeting=meeting,
    )


# --------------------------------------------------------------------------- the search
class _Search:
    """The search for one case: which meetings are feasible, and the earliest chain.

    ``feasible(level, i)`` says whether meeting ``i`` of body ``level`` can be reached by some
    chain of earlier bodies; it remembers the earliest such predecessor, so the chain is read
    back from the decision meeting down. Each (level, meeting) is decided once.
    """

    def __init__(
        self,
        planner: Planner,
        levels: Sequence[_Level],
        ready: dt.date,
        booked: Mapping[tuple[str, dt.date], int],
    ) -> None:
        self.planner = planner
        self.levels = levels
        self.ready = ready
        self.booked = booked
        self.memo: dict[tuple[int, int], int | None] = {}
        self.firsts: dict[int, int | None] = {}

    def usable(self, meeting: Meeting) -> bool:
        """Not an extra meeting (unless allowed) and not full."""
        if meeting.kind is _EXTRA and not self.planner.include_extra:
            return False
        return not self.full(meeting)

    def full(self, meeting: Meeting) -> bool:
        """Whether the meeting's capacity is taken."""
        if not self.booked:
            return False
        capacity = self.planner.capacity(meeting)
        return capacity is not None and self.booked.get(meeting.key, 0) >= capacity

    def feasible(self, level: int, index: int) -> bool:
        """Whether meeting ``index`` of ``level`` ends some feasible chain."""
        key = (level, index)
        if key not in self.memo:
            self.memo[key] = self._predecessor(level, index)
        return self.memo[key] is not None

    def _predecessor(self, level: int, index: int) -> int | None:
        here = self.levels[level]
        meeting = here.meetings[index]
        if not self.usable(meeting):
            return None
        latest = here.latest[index]
        if level == 0:
            return -1 if self.ready <= latest else None
        before = self.levels[level - 1]
        earliest = here.earliest[index]
        start = bisect.bisect_left(before.dates, max(earliest or self.ready, self.ready))
        begins = here.starts[index]
        for j in range(start, len(before.meetings)):
            if before.dates[j] > latest or before.starts[j] >= begins:
                break
            if self.feasible(level - 1, j):
                return j
        return None

    def first_feasible(self, level: int) -> int | None:
        """The earliest feasible meeting of ``level``."""
        if level not in self.firsts:
            here = self.levels[level]
            start = bisect.bisect_left(here.dates, self.ready)
            self.firsts[level] = next(
                (i for i in range(start, len(here.meetings)) if self.feasible(level, i)), None
            )
        return self.firsts[level]

    def earliest_chain(self) -> list[int] | None:
        """Indexes of the chosen meetings, one per level, or None when nothing fits."""
        top = len(self.levels) - 1
        last = self.first_feasible(top)
        if last is None:
            return None
        chain = [last]
        for level in range(top, 0, -1):
            previous = self.memo[(level, chain[-1])]
            assert previous is not None  # feasible() stored the predecessor it found
            chain.append(previous)
        chain.reverse()
        return chain

    # ---------------------------------------------------------------- explanations
    def rejections(self, chain: Sequence[int] | None) -> tuple[Rejection, ...]:
        """Why each meeting from the ready date up to the chosen one was not chosen."""
        found: list[Rejection] = []
        for level, here in enumerate(self.levels):
            start = bisect.bisect_left(here.dates, self.ready)
            stop = chain[level] if chain is not None else len(here.meetings)
            for index in range(start, stop):
                found.append(self._why(level, index))
        return tuple(found)

    def _why(self, level: int, index: int) -> Rejection:
        here = self.levels[level]
        meeting = here.meetings[index]
        reason, params = self._reason(level, index)
        params = {"body": self.planner.name(here.body), "day": meeting.date, **params}
        return Rejection(here.body, meeting, reason, params)

    def _reason(self, level: int, index: int) -> tuple[str, dict[str, Any]]:
        here = self.levels[level]
        meeting = here.meetings[index]
        name = self.planner.name
        if meeting.kind is _EXTRA and not self.planner.include_extra:
            return "extra", {"note": meeting.note or "–"}
        if self.full(meeting):
            return "full", {"capacity": self.planner.capacity(meeting)}
        if not self.feasible(level, index):
            if level == 0:
                intake = here.intake[index] or here.latest[index]
                return "late", {
                    "intake": intake,
                    "start": here.latest[index],
                    "ready": self.ready,
                }
            return self._after_previous(level, index)
        following = self.levels[level + 1].body if level + 1 < len(self.levels) else here.body
        return "no_continuation", {"next": name(following)}

    def _after_previous(self, level: int, index: int) -> tuple[str, dict[str, Any]]:
        """Why a later body's meeting cannot follow any feasible meeting of the body before."""
        here = self.levels[level]
        meeting = here.meetings[index]
        before = self.levels[level - 1]
        previous = self.planner.name(before.body)
        first = self.first_feasible(level - 1)
        if first is None:
            return "previous_none", {"previous": previous}
        candidate = before.meetings[first]
        if candidate.start >= meeting.start:
            return "previous_later", {"previous": previous, "earliest": candidate.date}
        if candidate.date > here.latest[index]:
            rule = here.rules.after_previous
            return "too_soon", {
                "previous": previous,
                "latest": here.latest[index],
                "earliest": candidate.date,
                "rule": rule.describe() if rule else "–",
            }
        rule = here.rules.within
        return "too_long", {"previous": previous, "rule": rule.describe() if rule else "–"}


def plan_case(
    definition: WorkflowDefinition,
    route: Route,
    ready: dt.date,
    meetings: MeetingPlan | Iterable[Meeting],
    calendar: WorkCalendar,
    *,
    rules: PlanningRules | None = None,
    from_step: str | None = None,
    booked: Mapping[tuple[str, dt.date], int] | None = None,
    include_extra: bool = False,
    names: Mapping[str, str] | None = None,
) -> CasePlan:
    """The plan of one case; see :class:`Planner` (reuse one for many cases)."""
    planner = Planner(calendar, meetings, rules, include_extra=include_extra, names=names)
    return planner.plan(definition, route, ready, from_step=from_step, booked=booked)


__all__ = [
    "BodyRules",
    "CalendarConfiguration",
    "CasePlan",
    "NoFeasibleChain",
    "NoMeetings",
    "PlannedStep",
    "Planner",
    "PlanningRules",
    "Rejection",
    "UnknownPlanStep",
    "happy_path",
    "plan_case",
]
