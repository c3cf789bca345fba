"""Workflow definitions (what a case type is) and their expansion along a case's route of bodies.

A :class:`WorkflowDefinition` is loaded once from ``config/workflows/`` and never changes; a case
pins its id and version. Meeting steps are *templates*: :meth:`WorkflowDefinition.expand` turns
them into one concrete step per body in the case's route, giving every case its own
:class:`CaseGraph` (… → Teknik- og Miljøudvalget → Økonomiudvalget → Kommunalbestyrelsen →
ekspedition). Expansion is pure and cached, because every advance needs the concrete graph.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # networkx is imported lazily: the CLI's hot commands never draw a graph
    import networkx as nx

    from casework.domain.involvement import Involvement
    from casework.domain.periods import MinimumRule

#: Target of a meeting-step action that moves the case to the next body of its route, or to the
#: step's ``continues_to`` after the last body.
NEXT_BODY = "$next_body"
#: Target of a meeting-step action that keeps the case at the same body (postponement).
SAME_BODY = "$same_body"
SPECIAL_TARGETS = frozenset({NEXT_BODY, SAME_BODY})


class StepKind(StrEnum):
    """What kind of work a step is; meeting steps expand per body of the route."""

    TASK = "task"
    APPROVAL = "approval"
    MEETING = "meeting"
    HEARING = "hearing"
    WAIT = "wait"
    TERMINAL = "terminal"
    #: Citizen involvement: a borgermøde, a høring of councils (ældreråd, handicapråd) or an
    #: internal høring of other centres, with a deadline and the answers recorded
    #: (:mod:`casework.domain.involvement`).
    INVOLVEMENT = "involvement"


class RouteRole(StrEnum):
    """The part a body plays in a case's route."""

    RECOMMENDS = "indstiller"
    DECIDES = "beslutter"
    INFORMED = "orienteres"
    #: A body that discusses the matter to guide further work (temadrøftelse): no decision,
    #: and not merely informed either — the discussion is the point of the meeting.
    DISCUSSES = "droefter"


class TransitionKind(StrEnum):
    """How a transition moves the case: onwards, back for revision, or postponed in place."""

    FORWARD = "forward"
    RETURN = "return"
    POSTPONE = "postpone"


class Outcome(StrEnum):
    """What a body's decision on an item was, in the vocabulary minutes use (domain.md §4)."""

    DECIDED = "decided"  # Godkendt / Tiltrådt
    RECOMMENDED = "recommended"  # Anbefales
    NOTED = "noted"  # Taget til efterretning
    POSTPONED = "postponed"  # Udsat
    RETURNED = "returned"  # Sendt tilbage
    REJECTED = "rejected"  # Ikke godkendt / Afvist
    REFERRED = "referred"  # Oversendt til <organ>: the body joins the route next


#: The Danish words of minutes for each outcome (``casework case decide`` accepts either).
OUTCOME_WORDS = {
    "godkendt": Outcome.DECIDED,
    "anbefales": Outcome.RECOMMENDED,
    "taget_til_efterretning": Outcome.NOTED,
    "udsat": Outcome.POSTPONED,
    "tilbagesendt": Outcome.RETURNED,
    "afvist": Outcome.REJECTED,
    "ikke_godkendt": Outcome.REJECTED,
    "oversendt": Outcome.REFERRED,
}


class CaseStatus(StrEnum):
    """Whether a case can still move."""

    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """A step's deadline, kept as data: the calendar issue computes it against meetings.

    ``relative_to`` is ``entry`` (counted from when the case entered the step) or ``meeting``
    (counted back from the target meeting). ``unit`` is ``hverdage``, ``dage`` or ``uger``.
    """

    amount: int
    unit: str = "hverdage"
    relative_to: str = "entry"
    basis: str | None = None
    #: A minimum the law sets (a hearing period): never shortened, shown as statutory.
    statutory: bool = False

    def describe(self, lang: str = "da") -> str:
        """A short text such as "senest 12 hverdage før mødet"."""
        units = {
            "hverdage": ("hverdage", "working days"),
            "dage": ("dage", "days"),
            "uger": ("uger", "weeks"),
        }
        da_unit, en_unit = units.get(self.unit, (self.unit, self.unit))
        if lang == "en":
            where = "before the meeting" if self.relative_to == "meeting" else "after arrival"
            return f"within {self.amount} {en_unit} {where}"
        where = "før mødet" if self.relative_to == "meeting" else "efter modtagelse"
        return f"senest {self.amount} {da_unit} {where}"


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a guard on a case attribute (all conditions of a guard must hold)."""

    attribute: str
    op: str  # eq, ne, in, not_in, gt, ge, lt, le, set, unset
    value: Any = None

    def holds(self, attributes: Mapping[str, Any]) -> bool:
        """Whether the condition holds for the case's ``attributes``."""
        present = self.attribute in attributes and attributes[self.attribute] is not None
        if self.op == "set":
            return present
        if self.op == "unset":
            return not present
        if not present:
            return False
        actual = _comparable(attributes[self.attribute])
        expected = self.value
        if self.op in {"in", "not_in"}:
            inside = actual in {_comparable(v) for v in expected}
            return inside if self.op == "in" else not inside
        return bool(_COMPARE[self.op](actual, _comparable(expected)))

    def describe(self) -> str:
        """The condition as text, for error messages and diagrams."""
        symbol = {
            "eq": "=",
            "ne": "≠",
            "gt": ">",
            "ge": "≥",
            "lt": "<",
            "le": "≤",
            "in": "∈",
            "not_in": "∉",
        }.get(self.op)
        if symbol is None:
            return f"{self.attribute} {self.op}"
        return f"{self.attribute} {symbol} {self.value}"


def _comparable(value: Any) -> Any:
    # Amounts are stored as decimal strings and dates as ISO strings; compare them as numbers
    # and dates so that "900000" < "1000000" holds.
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            pass
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


_COMPARE = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


@dataclass(frozen=True, slots=True)
class Step:
    """A step of a workflow: who is responsible, what kind of work, and its deadline rule."""

    id: str
    title: str
    role: str
    kind: StepKind
    title_en: str | None = None
    deadline: DeadlineRule | None = None
    start: bool = False
    #: Meeting templates only: which route roles this template expands for, in route order.
    route_roles: frozenset[RouteRole] = frozenset()
    #: Meeting templates only: the step after the last body of the route.
    continues_to: str | None = None
    #: The minimum period the case must stay here (:mod:`casework.domain.periods`): the first
    #: rule whose conditions hold names the period in the calendar's table.
    minimum: tuple[MinimumRule, ...] = ()
    #: Involvement steps only: the form and who is asked (:mod:`casework.domain.involvement`).
    involvement: Involvement | None = None

    @property
    def is_terminal(self) -> bool:
        """Whether the case is finished when it reaches this step."""
        return self.kind is StepKind.TERMINAL

    def label(self, lang: str = "da") -> str:
        """The step's title in ``lang``."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True, slots=True)
class Transition:
    """An action that moves a case from one step to another, and who may take it."""

    action: str
    source: str
    target: str
    roles: frozenset[str]
    title: str | None = None
    title_en: str | None = None
    guard: tuple[Condition, ...] = ()
    #: From meeting templates only: the route roles of the body for which the action exists.
    body_roles: frozenset[RouteRole] | None = None
    kind: TransitionKind = TransitionKind.FORWARD
    #: For a body's decision at a meeting step: which outcome of the minutes takes this action.
    outcome: Outcome | None = None

    def label(self, lang: str = "da") -> str:
        """The action's title in ``lang``, falling back to its id."""
        if lang == "en":
            return self.title_en or self.title or self.action
        return self.title or self.action

    def failing_condition(self, attributes: Mapping[str, Any]) -> Condition | None:
        """The first guard condition that does not hold, or None when the guard passes."""
        for condition in self.guard:
            if not condition.holds(attributes):
                return condition
        return None


@dataclass(frozen=True, slots=True)
class RouteEntry:
    """One body of a case's route and the part it plays."""

    body: str
    role: RouteRole

    def as_json(self) -> dict[str, str]:
        """The entry as stored in the database and in events."""
        return {"body": self.body, "role": self.role.value}


Route = tuple[RouteEntry, ...]


def route_from_json(data: list[dict[str, str]]) -> Route:
    """A route read back from its stored form."""
    return tuple(RouteEntry(body=e["body"], role=RouteRole(e["role"])) for e in data)


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    """What routes a workflow accepts: whether a deciding body is required or forbidden."""

    decider: str = "optional"  # required | forbidden | optional
    min_bodies: int = 0
    roles: frozenset[RouteRole] = frozenset(RouteRole)


@dataclass(frozen=True, slots=True)
class ConcreteStep:
    """A step of one case's expanded graph; meeting steps carry their body and their pass.

    ``position`` is the index of the route entry the step expands (a body the route names twice
    has a step per pass); ``visit`` counts the passes of the body through this meeting template,
    from 1.
    """

    id: str
    step: Step
    body: str | None = None
    route_role: RouteRole | None = None
    position: int | None = None
    visit: int = 1


@dataclass(frozen=True, slots=True)
class ConcreteTransition:
    """A transition between two concrete steps of one case's graph."""

    action: str
    source: str
    target: str
    transition: Transition


def concrete_id(step_id: str, body: str | None, visit: int = 1) -> str:
    """The id of a concrete step: the template id, with ``@body`` for meeting steps.

    A route may meet a body more than once (first and second reading, a case sent back to a
    committee and taken up again); the later passes through the same template are
    ``template@body#2``, ``#3`` …, while the first keeps ``template@body``, so every stored
    case and event names the same step as before.
    """
    if body is None:
        return step_id
    return f"{step_id}@{body}" if visit == 1 else f"{step_id}@{body}#{visit}"


def split_step_id(step: str) -> tuple[str, str | None, int]:
    """A concrete step id read back as (template, body, pass): ``"b@kb#2"`` → ("b", "kb", 2)."""
    template, at, rest = step.partition("@")
    if not at:
        return step, None, 1
    body, hash_, visit = rest.rpartition("#")
    if hash_ and visit.isdigit() and body:
        return template, body, int(visit)
    return template, rest, 1


@dataclass(frozen=True, eq=False)
class CaseGraph:
    """The concrete graph of one case: its workflow expanded along its route."""

    definition: WorkflowDefinition
    route: Route
    steps: Mapping[str, ConcreteStep]
    outgoing: Mapping[str, Mapping[str, ConcreteTransition]]
    start: str

    def actions(self, step: str) -> Mapping[str, ConcreteTransition]:
        """Actions available from concrete ``step`` (empty for an unknown or terminal step)."""
        return self.outgoing.get(step, {})

    def is_terminal(self, step: str) -> bool:
        """Whether concrete ``step`` ends the case."""
        return self.steps[step].step.is_terminal

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The concrete graph as a frozen networkx multigraph (for diagrams and analysis)."""
        import networkx as nx

        graph = nx.MultiDiGraph(workflow=self.definition.id)
        for node_id, node in self.steps.items():
            graph.add_node(node_id, step=node.step.id, body=node.body, kind=node.step.kind.value)
        for node_id, actions in self.outgoing.items():
            for action, edge in actions.items():
                graph.add_edge(node_id, edge.target, key=action, kind=edge.transition.kind.value)
        return nx.freeze(graph)


@dataclass(frozen=True, eq=False)
class WorkflowDefinition:
    """An immutable workflow: steps, transitions and the routes it accepts.

    Built by the config adapter after every check has passed (see ``workflow_checks``).
    """

    id: str
    version: int
    title: str
    steps: Mapping[str, Step]
    transitions: tuple[Transition, ...]
    case_type: str = "beslutning"
    title_en: str | None = None
    route_policy: RoutePolicy = field(default_factory=RoutePolicy)
    source: str | None = None
    #: The definition as canonical JSON in its file format, set by the config adapter; stored
    #: with the cases that pin this version, so they keep running after the file changes.
    snapshot: str | None = field(default=None, repr=False)

    @functools.cached_property
    def fingerprint(self) -> str | None:
        """A digest of :attr:`snapshot`: equal fingerprints mean the same definition."""
        if self.snapshot is None:
            return None
        return hashlib.sha256(self.snapshot.encode("utf-8")).hexdigest()

    @functools.cached_property
    def start(self) -> str:
        """The one start step (the checks guarantee there is exactly one)."""
        return next(s.id for s in self.steps.values() if s.start)

    @functools.cached_property
    def outgoing(self) -> Mapping[str, tuple[Transition, ...]]:
        """Transitions grouped by their source step, in definition order."""
        grouped: dict[str, list[Transition]] = {sid: [] for sid in self.steps}
        for t in self.transitions:
            grouped.setdefault(t.source, []).append(t)
        return {sid: tuple(ts) for sid, ts in grouped.items()}

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The template graph (meeting steps unexpanded) as a frozen networkx multigraph.

        ``$next_body`` edges are drawn both to the template itself (the next body) and to its
        ``continues_to`` step, so reachability checks see every path the expansion can take.
        """
        import networkx as nx

        graph = nx.MultiDiGraph(workflow=self.id, version=self.version)
        for step in self.steps.values():
            graph.add_node(step.id, kind=step.kind.value, role=step.role)
        for t in self.transitions:
            for target in self.template_targets(t):
                graph.add_edge(t.source, target, key=f"{t.action}->{target}", action=t.action)
        return nx.freeze(graph)

    def __getstate__(self) -> dict[str, Any]:
        # The networkx graph is rebuilt on demand; leaving it out of a pickled snapshot keeps
        # networkx out of commands that never draw or check a graph.
        return {k: v for k, v in self.__dict__.items() if k != "graph"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def template_targets(self, transition: Transition) -> tuple[str, ...]:
        """The template steps a transition can lead to (special targets resolved)."""
        if transition.target == SAME_BODY:
            return (transition.source,)
        if transition.target == NEXT_BODY:
            step = self.steps.get(transition.source)
            exits = [transition.source]
            if step is not None and step.continues_to is not None:
                exits.append(step.continues_to)
            return tuple(exits)
        return (transition.target,)

    def expand(self, route: Route) -> CaseGraph:
        """The concrete graph of a case with ``route`` (cached per route)."""
        return _expand(self, route)


@functools.lru_cache(maxsize=4096)
def _expand(definition: WorkflowDefinition, route: Route) -> CaseGraph:
    chains: dict[str, list[tuple[int, RouteEntry]]] = {
        s.id: [(i, e) for i, e in enumerate(route) if e.role in s.route_roles]
        for s in definition.steps.values()
        if s.kind is StepKind.MEETING
    }

    def node_of(step_id: str, index: int) -> str:
        # The pass of the chain's index-th body: how often this template met it before.
        chain = chains[step_id]
        body = chain[index][1].body
        visit = 1 + sum(1 for _, e in chain[:index] if e.body == body)
        return concrete_id(step_id, body, visit)

    def entry_point(step_id: str) -> str:
        # A meeting template with no body of its kind in the route is skipped: the case goes
        # straight on (an administrative decision with nobody to inform ends at once).
        seen: set[str] = set()
        while step_id in chains and not chains[step_id]:
            if step_id in seen:
                break
            seen.add(step_id)
            nxt = definition.steps[step_id].continues_to
            if nxt is None:
                break
            step_id = nxt
        if chains.get(step_id):
            return node_of(step_id, 0)
        return step_id

    steps: dict[str, ConcreteStep] = {}
    outgoing: dict[str, dict[str, ConcreteTransition]] = {}
    for step in definition.steps.values():
        if step.kind is StepKind.MEETING:
            chain = chains[step.id]
            for index, (position, entry) in enumerate(chain):
                node = node_of(step.id, index)
                visit = split_step_id(node)[2]
                steps[node] = ConcreteStep(node, step, entry.body, entry.role, position, visit)
                after = (
                    node_of(step.id, index + 1)
                    if index + 1 < len(chain)
                    else entry_point(step.continues_to or step.id)
                )
                edges: dict[str, ConcreteTransition] = {}
                for t in definition.outgoing.get(step.id, ()):
                    if t.body_roles is not None and entry.role not in t.body_roles:
                        continue
                    if t.target == NEXT_BODY:
                        target = after
                    elif t.target == SAME_BODY:
                        target = node
                    else:
                        target = entry_point(t.target)
                    edges[t.action] = ConcreteTransition(t.action, node, target, t)
                outgoing[node] = edges
        else:
            steps[step.id] = ConcreteStep(step.id, step)
            outgoing[step.id] = {
                t.action: ConcreteTransition(t.action, step.id, entry_point(t.target), t)
                for t in definition.outgoing.get(step.id, ())
            }
    reachable = _reachable(entry_point(definition.start), outgoing)
    return CaseGraph(
        definition=definition,
        route=route,
        steps={k: v for k, v in steps.items() if k in reachable},
        outgoing={k: v for k, v in outgoing.items() if k in reachable},
        start=entry_point(definition.start),
    )


def _reachable(start: str, outgoing: Mapping[str, Mapping[str, ConcreteTransition]]) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for edge in outgoing.get(stack.pop(), {}).values():
            if edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return seen
