"""View models: what every entry point shows of a case, built once, here.

The CLI's tables and its ``--json``, the web pages, the JSON API and the Prefect artifacts all
render these values; they differ only in presentation. A view is built for one language and
one day (the app's clock), from the case, its events and the configuration; nothing in it
re-decides or re-reads. Before this module the same case was labelled three ways (the CLI
showed raw step ids in the history, the web page labelled them, the API had a third shape), so
where a case sits depended on where one looked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casework.app import texts
from casework.domain import access
from casework.domain.case import (
    override_reason,
    recorded_decision,
    responsible_people,
    route_source,
)
from casework.domain.danish import value_text
from casework.domain.events import EventKind
from casework.domain.messages import render
from casework.domain.routes import pass_label
from casework.domain.workflow import CaseStatus, RouteRole

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.app.discussions import DiscussionPanel
    from casework.diagrams.model import Diagram
    from casework.domain.case import Case
    from casework.domain.events import CaseEvent
    from casework.domain.organisation import Municipality
    from casework.domain.workflow import CaseGraph

texts.register_texts()


# --------------------------------------------------------------------------- values
@dataclass(frozen=True, slots=True)
class RouteStop:
    """One body of a case's route: who it is, what it does, whether the case is there now."""

    body: str
    short: str
    name: str
    role: RouteRole
    role_text: str
    current: bool

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` and the API."""
        return {"body": self.body, "role": self.role.value, "name": self.name}


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action the viewer may take now."""

    action: str
    title: str
    to: str

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` and the API."""
        return {"action": self.action, "title": self.title, "to": self.to}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of the history as people read it."""

    seq: int
    when: str  # "2026-03-02 09:00" (UTC, as stored)
    actor: str
    actor_name: str
    kind: str
    text: str
    comment: str
    hash: str


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A step ahead with its due date."""

    step: str
    label: str
    due: str
    current: bool


@dataclass(frozen=True, slots=True)
class PlanView:
    """The recorded plan of a case, or (none recorded) the earliest plan from today."""

    recorded: bool
    rows: tuple[PlanRow, ...] = ()
    meetings_ahead: bool = False


@dataclass(frozen=True, slots=True)
class DecisionView:
    """The delegation plan's decision for the case as recorded, and its explanation."""

    recorded: Mapping[str, Any] | None
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as listings and the case page's head show it (the board has :class:`BoardRow`)."""

    case: Case
    lang: str
    workflow_title: str
    step_title: str  # the step alone: "Politisk behandling"
    step_label: str  # with the body: "Politisk behandling – TMU"
    body: str | None
    status_text: str
    route: tuple[RouteStop, ...]
    responsible: tuple[str, ...]
    responsible_names: tuple[str, ...]
    owner_name: str
    centre_name: str
    overdue: bool
    actions: tuple[ActionView, ...] = ()

    @property
    def id(self) -> str:
        """The case id."""
        return self.case.id

    @property
    def public_title(self) -> str:
        """The title for a public or limited audience (a Prefect artifact, an e-mail): a closed
        item (KSL § 10) by its public agenda heading only (:func:`access.public_title`)."""
        return access.public_title(self.case.title, self.case.attributes)

    @property
    def route_text(self) -> str:
        """ "TMU (indstiller) → ØU (indstiller) → KB (beslutter)", or "–" without a route."""
        return " → ".join(f"{s.short} ({s.role_text})" for s in self.route) or "–"

    def as_json(self) -> dict[str, Any]:
        """The case with stable keys: the CLI's ``--json`` and the API answer this shape."""
        return case_json(
            self.case, self.step_title, self.body, self.route, self.responsible, self.actions
        )


def case_json(  # noqa: PLR0917 - the parts of a row every listing shares
    case: Case,
    step_title: str,
    body: str | None,
    route: Sequence[RouteStop],
    responsible: Sequence[str],
    actions: Sequence[ActionView],
) -> dict[str, Any]:
    """A case's stable keys, shared by :class:`CaseRow` and the board's rows."""
    return {
        "id": case.id,
        "title": case.title,
        "workflow": case.workflow_id,
        "workflow_version": case.workflow_version,
        "case_type": case.case_type,
        "status": case.status.value,
        "step": case.step,
        "step_title": step_title,
        "body": body,
        "version": case.version,
        "owner": case.owner,
        "centre": case.centre,
        "route": [stop.as_json() for stop in route],
        "attributes": case.attributes,
        "opened_at": case.opened_at,
        "updated_at": case.updated_at,
        "step_due": case.step_due,
        "deadline": case.deadline,
        "due": case.due,
        "reference": case.reference,
        "responsible": list(responsible),
        "actions": [a.as_json() for a in actions],
    }


@dataclass(frozen=True, slots=True)
class CaseView:
    """The case page: the row, where the route came from, the decision, the history."""

    row: CaseRow
    route_source: str  # plan | given | override
    route_source_text: str
    override_reason: str | None
    decision: DecisionView
    attributes: tuple[tuple[str, str, str], ...]  # (name, title, value as the reader writes it)
    history: tuple[HistoryEntry, ...]
    events: tuple[CaseEvent, ...] = field(repr=False)
    #: The current step's minimum period while it runs (:meth:`Views.minimum`), or None.
    minimum: str | None = None
    #: Issue 20: the discussion it came from or the cases it led to, its facilitation kit, its
    #: citizen involvement (:mod:`casework.app.discussions`).
    discussion: DiscussionPanel | None = None

    @property
    def case(self) -> Case:
        """The case itself."""
        return self.row.case

    def as_json(self) -> dict[str, Any]:
        """The case with its history and decision (``case show --json``, ``GET /cases/ID``)."""
        data = self.row.as_json()
        data["route_source"] = self.route_source
        data["route_override_reason"] = self.override_reason
        data["decision"] = dict(self.decision.recorded) if self.decision.recorded else None
        data["history"] = [event.as_json() for event in self.events]
        if self.discussion is not None:
            data.update(self.discussion.as_json())
        return data


# --------------------------------------------------------------------------- building
def _presentation_text(event: CaseEvent, lang: str) -> str | None:
    """The presentation's events (issue 14) in their own words; None for the others."""
    from casework.domain.presentation_events import PRESENTATION_PAYLOADS

    if not isinstance(event.payload, PRESENTATION_PAYLOADS):
        return None
    from casework.domain.presentation import history_text

    return history_text(event.payload, lang)


class Views:
    """Builds the view models for one app (its configuration, graphs and clock)."""

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def _municipality(self) -> Municipality:
        return self._app.config.municipality

    def body_short(self, body: str) -> str:
        """A body's short name; a body imported from OParl is named by its key."""
        found = self._municipality.bodies.get(body)
        return found.short if found is not None else body

    def person_name(self, person: str) -> str:
        """A person's name, or the id of someone not in the configuration."""
        people = self._municipality.people
        return people[person].name if person in people else person

    def step_label(self, graph: CaseGraph, step_id: str, lang: str) -> str:
        """A concrete step's title, with the body's short name for meeting steps."""
        node = graph.steps.get(step_id)
        if node is None:  # a step of an older graph, kept in the history
            return step_id
        label: str = node.step.label(lang)
        if node.body is None:
            return label
        return f"{label} – {pass_label(self.body_short(node.body), node.visit, lang)}"

    def journey(
        self, case: Case, events: Sequence[CaseEvent], lang: str, *, public: bool = False
    ) -> Diagram:
        """The case's journey (done, current, ahead), the one drawing the web page, the CLI's
        ``diagram case`` and the Prefect artifact render. Bodies of a case imported from OParl
        that are not configured are named by their keys. ``public`` (the Prefect artifact) names
        a closed item by its public heading (:func:`access.public_title`), not its title."""
        import dataclasses

        from casework.diagrams.journey import journey_diagram
        from casework.diagrams.texts import tr
        from casework.domain.oparl import with_route_bodies

        app = self._app
        municipality = with_route_bodies(self._municipality, case.route)
        graph = app.graph(case)
        # The minimum periods (a hearing, the klagefrist) are the calendar's; only a workflow
        # with such a step loads it (see minimum()).
        calendar = (
            app.config.calendar if any(n.step.minimum for n in graph.steps.values()) else None
        )
        diagram = journey_diagram(
            case, events, graph, municipality, app.clock.today(), lang=lang,
            periods=calendar.periods if calendar is not None else None,
        )  # fmt: skip
        shown = access.public_title(case.title, case.attributes) if public else case.title
        if shown == case.title:
            return diagram
        title = tr("diagram.case_title", lang, case_id=case.id, title=shown)
        return dataclasses.replace(diagram, title=title)

    def route(
        self, case: Case, current: str | None, lang: str, *, position: int | None = None
    ) -> tuple[RouteStop, ...]:
        """The case's route of bodies, ``current`` the body it is at now (``position``: the
        pass of the route it is at, when the route meets that body more than once)."""
        bodies = self._municipality.bodies
        roles = texts.route_roles(lang)
        return tuple(
            RouteStop(
                body=entry.body,
                short=self.body_short(entry.body),
                name=getattr(bodies.get(entry.body), "name", entry.body),
                role=entry.role,
                role_text=roles[entry.role],
                current=entry.body == current and position in {None, index},
            )
            for index, entry in enumerate(case.route)
        )

    def row(self, case: Case, lang: str, *, actor: str | None = None) -> CaseRow:
        """The case as listings show it; ``actor`` adds the actions that person may take."""
        app = self._app
        graph = app.graph(case)
        municipality = self._municipality
        node = graph.steps[case.step]
        definition = graph.definition
        route = self.route(case, node.body, lang, position=node.position)
        who = tuple(responsible_people(case, graph, municipality))
        actions = case.available_actions(graph, municipality if actor else None, actor)
        today = app.clock.today().isoformat()
        return CaseRow(
            case=case,
            lang=lang,
            workflow_title=(definition.title_en or definition.title)
            if lang == "en"
            else definition.title,
            step_title=node.step.label(lang),
            step_label=self.step_label(graph, case.step, lang),
            body=node.body,
            status_text=render(f"status.{case.status.value}", lang),
            route=route,
            responsible=who,
            responsible_names=tuple(self.person_name(p) for p in who),
            owner_name=self.person_name(case.owner),
            centre_name=municipality.centres[case.centre].name
            if case.centre in municipality.centres
            else case.centre,
            overdue=case.status is CaseStatus.OPEN and case.due is not None and case.due < today,
            actions=tuple(
                ActionView(a.action, a.transition.label(lang), a.target) for a in actions
            ),
        )

    def case(
        self, case: Case, events: Sequence[CaseEvent], lang: str, *, actor: str | None = None
    ) -> CaseView:
        """The case page's view model."""
        graph = self._app.graph(case)
        source = route_source(events)
        reason = override_reason(events)
        attributes = self._municipality.attributes
        return CaseView(
            row=self.row(case, lang, actor=actor),
            route_source=source,
            route_source_text=render(f"cli.route_source.{source}", lang, reason=reason or ""),
            override_reason=reason,
            decision=self.decision(case, events, lang),
            attributes=tuple(
                (k, attributes[k].title if k in attributes else k, value_text(v, lang))
                for k, v in sorted(case.attributes.items())
            ),
            history=tuple(self.history_entry(graph, e, lang) for e in events),
            events=tuple(events),
            minimum=self.minimum(case, lang),
            discussion=self._app.discussions.panel(case, events, lang, actor=actor),
        )

    def decision(self, case: Case, events: Sequence[CaseEvent], lang: str) -> DecisionView:
        """The recorded delegation decision, explained from the record; empty when the route was
        given. Nothing is decided again: the plan, if still loaded, only lends its words."""
        from casework.domain.delegation_recorded import explain_recorded, recorded_plan

        record = recorded_decision(events)
        if record is None:
            return DecisionView(None)
        plan = recorded_plan(record, self._app.config.delegation)
        lines = explain_recorded(record, plan, self._municipality, lang, pointer=False)
        return DecisionView(record.to_data(), tuple(line for line in lines if line))

    def history_entry(self, graph: CaseGraph, event: CaseEvent, lang: str) -> HistoryEntry:
        """One event as people read it; steps and actions by their titles."""
        return HistoryEntry(
            seq=event.seq,
            when=event.at[:16].replace("T", " "),
            actor=event.actor,
            actor_name=self.person_name(event.actor),
            kind=str(event.kind),
            text=_presentation_text(event, lang)
            or self._note_text(graph, event, lang)
            or self._event_text(graph, event, lang),
            comment=event.data.get("comment") or "",
            hash=event.hash,
        )

    def _event_text(self, graph: CaseGraph, event: CaseEvent, lang: str) -> str:
        data: dict[str, Any] = event.data
        if event.kind is EventKind.OPENED:
            return render("event.opened", lang)
        if event.kind is EventKind.ATTRIBUTES_CHANGED:
            changes = ", ".join(
                f"{k}={value_text(v, lang) if v is not None else '–'}"
                for k, v in data["changes"].items()
            )
            routed = " → " + render("event.rerouted", lang) if data.get("route") else ""
            return render("event.attributes", lang, changes=changes) + routed
        if event.kind is EventKind.PLANNED:
            meetings = (
                ", ".join(f"{self.body_short(m['body'])} {m['date']}" for m in data["meetings"])
                or "–"
            )
            return render("event.planned", lang, meetings=meetings)
        if event.kind is EventKind.ROUTE_CHANGED:
            bodies = " → ".join(self.body_short(e["body"]) for e in data["route"]) or "–"
            return render("event.route", lang, route=bodies, reason=data["reason"])
        if event.kind in {EventKind.BILAG_ATTACHED, EventKind.BILAG_REMOVED}:
            from casework.domain.bilag import history_text

            return history_text(event.payload, lang)  # type: ignore[arg-type]
        source, target = str(data["from"]), str(data["to"])
        edge = graph.actions(source).get(data["action"]) if source in graph.steps else None
        action = edge.transition.label(lang) if edge is not None else str(data["action"])
        minutes = data.get("minutes") or {}
        if minutes.get("to_body"):
            # A referral reads as the minutes say it (older ones stored "recommended" with it).
            body = self._municipality.bodies.get(minutes["to_body"])
            action = render("event.referred", lang, body=body.name if body else minutes["to_body"])
        moved = f"{action}: {self.step_label(graph, source, lang)} → "
        moved += self.step_label(graph, target, lang)
        if data.get("override"):  # left before the step's minimum period had passed
            moved += " · " + render("event.override", lang, reason=data["override"])
        return moved

    def _note_text(self, graph: CaseGraph, event: CaseEvent, lang: str) -> str | None:
        """Issue 20's events in their own words (a link, an involvement answer); None else."""
        if event.kind is EventKind.LINKED:
            from casework.domain.discussions import history_text as link_text

            return link_text(event.payload, lang)  # type: ignore[arg-type]
        if event.kind is not EventKind.INVOLVEMENT_ANSWERED:
            return None
        from casework.domain.involvement import history_text, party_name

        payload = event.payload
        node = graph.steps.get(event.data["step"])
        involvement = node.step.involvement if node is not None else None
        party = involvement.party(event.data["party"]) if involvement is not None else None
        name = (
            party_name(party, self._municipality, lang)
            if party is not None
            else str(event.data["party"])
        )
        return history_text(payload, name, lang)  # type: ignore[arg-type]

    def minimum(self, case: Case, lang: str) -> str | None:
        """The current step's minimum period as text ("tidligst 2026-06-02 (4 uger; Planloven
        § 24, stk. 5 …)"), while it has not passed; None without one (docs/periods.md)."""
        if case.status is CaseStatus.CLOSED:
            return None
        graph = self._app.graph(case)
        node = graph.steps.get(case.step)
        # Most steps have no minimum: asking first keeps the calendar (and the planning module
        # behind it) out of `case show`'s start-up (tests/e2e/test_cli_startup.py).
        if node is None or not node.step.minimum:
            return None
        config = self._app.config
        if config.calendar is None:
            return None
        minimum = case.minimum(graph, config.calendar.periods, config.work_calendar)
        if minimum is None or minimum.allows(self._app.clock.today()):
            return None
        period = minimum.period
        basis = period.basis or period.source.value
        earliest = minimum.earliest.isoformat()
        return render("case.minimum", lang, earliest=earliest, length=period.length(lang),
                      basis=basis)  # fmt: skip

    def actions(self, case: Case, lang: str, actor: str) -> tuple[ActionView, ...]:
        """The actions ``actor`` may take on the case now (the engine checks them again)."""
        graph = self._app.graph(case)
        return tuple(
            ActionView(a.action, a.transition.label(lang), a.target)
            for a in case.available_actions(graph, self._municipality, actor)
        )

    def plan(self, case: Case, lang: str) -> PlanView:
        """The recorded plan of the case, or (none recorded) the earliest plan from today.

        An open case that cannot be planned (no meeting plan, no route, no feasible chain of
        meetings) has no rows; ``meetings_ahead`` says whether planning it could book any.
        """
        app = self._app
        graph = app.graph(case)
        if case.planned:
            recorded = sorted(case.planned.items(), key=lambda kv: (kv[1], kv[0]))
            return PlanView(
                recorded=True,
                rows=tuple(
                    PlanRow(step, self.step_label(graph, step, lang), due, step == case.step)
                    for step, due in recorded
                ),
                meetings_ahead=True,
            )
        if case.status is CaseStatus.CLOSED or app.config.calendar is None or not case.route:
            return PlanView(recorded=False)
        from casework.domain.errors import CaseworkError

        try:
            plan = app.preview_plan(case)
        except CaseworkError:  # NoFeasibleChain, a target out of reach: nothing to show
            return PlanView(recorded=False)
        bodies = self._municipality.bodies
        return PlanView(
            recorded=False,
            rows=tuple(
                PlanRow(
                    row.step,
                    row.label(lang)
                    + (
                        f" – {bodies[row.body].short}"
                        if row.body is not None and row.body in bodies
                        else ""
                    ),
                    row.due.isoformat(),
                    row.step == case.step,
                )
                for row in plan.steps
            ),
            meetings_ahead=bool(plan.meetings),
        )


__all__ = [
    "ActionView",
    "CaseRow",
    "CaseView",
    "DecisionView",
    "HistoryEntry",
    "PlanRow",
    "PlanView",
    "RouteStop",
    "Views",
    "case_json",
]
