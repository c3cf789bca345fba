"""Issue 20's use cases on the application service (``App.discussions``), and their view models.

- **Link** a discussion case to a decision case it produced (``case.linked`` on both).
- **Open with origin**: open a decision case already linked to its discussion, in one unit of
  work (``case new --origin``, the web's new-case form, ``POST /api/v1/cases`` with ``origin``).
- **Answer**: record a party's answer in a citizen involvement step.
- **Panel**: what the case page, ``case show`` and the API show besides the case itself — the
  discussion it came from or the cases it led to, its facilitation kit (a discussion with a
  format), and its involvement with who has answered. A linked case is named by its title only
  to whoever may see it; anyone else reads the public heading of a closed item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.app.committee_link import recommending
from casework.domain.discussions import is_discussion, links_of
from casework.domain.facilitation import FacilitationConfig, Kit
from casework.domain.involvement import answers_of, party_name
from casework.domain.text_rules import check_multi_line, check_one_line
from casework.domain.workflow import RouteRole, StepKind
from casework.services import discussions as service

if TYPE_CHECKING:
    from collections.abc import Sequence

    from casework.app.committee_link import CommitteeLink
    from casework.app.core import App
    from casework.domain.case import Case
    from casework.domain.commands import OpenCase
    from casework.domain.events import CaseEvent
    from casework.services.discussions import LinkResult


@dataclass(frozen=True, slots=True)
class LinkedCase:
    """A case linked to the one shown: its number, its title as the viewer may read it, where it
    is now."""

    id: str
    title: str
    workflow: str
    step_title: str
    status: str

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"id": self.id, "title": self.title, "workflow": self.workflow,
                "step_title": self.step_title, "status": self.status}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One party of an involvement, answered or not."""

    party: str
    name: str
    answered: bool
    received: str | None = None
    by: str | None = None
    summary: str | None = None
    recorded_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"party": self.party, "name": self.name, "answered": self.answered,
                "received": self.received, "by": self.by, "summary": self.summary,
                "recorded_by": self.recorded_by}  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvolvementView:
    """An involvement step of the case: its form, its deadline and the answers."""

    step: str
    title: str
    form: str
    current: bool
    reached: bool
    due: str | None
    parties: tuple[PartyRow, ...]

    @property
    def missing(self) -> int:
        """Parties that have not answered."""
        return sum(1 for p in self.parties if not p.answered)

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"step": self.step, "title": self.title, "form": self.form,
                "current": self.current, "reached": self.reached, "due": self.due,
                "parties": [p.as_json() for p in self.parties]}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DiscussionPanel:
    """Issue 20's part of the case page."""

    is_discussion: bool
    origin: LinkedCase | None = None
    produced: tuple[LinkedCase, ...] = ()
    kit: Kit | None = None
    kit_step: str | None = None
    involvement: tuple[InvolvementView, ...] = ()
    lang: str = "da"
    #: The task committee whose written recommendation the case is (§ 17, stk. 4), if any.
    committee: CommitteeLink | None = None

    @property
    def empty(self) -> bool:
        """Nothing to show."""
        return not (self.origin or self.produced or self.kit or self.involvement or self.committee)

    def as_json(self) -> dict[str, Any]:
        """Stable keys: ``origin``, ``produced``, ``facilitation``, ``involvement``,
        ``task_committee``."""
        return {
            "task_committee": self.committee.as_json() if self.committee else None,
            "origin": self.origin.as_json() if self.origin else None,
            "produced": [c.as_json() for c in self.produced],
            "facilitation": self.kit.as_json(self.lang) if self.kit else None,
            "facilitation_step": self.kit_step,
            "involvement": [i.as_json() for i in self.involvement],
        }


def facilitation_config(app: App) -> FacilitationConfig:
    """The kits of the app's configuration (``config/facilitation.yaml``; none without it)."""
    return app.config.facilitation


def discussing_steps(case: Case, graph: Any) -> list[str]:
    """The concrete steps where a body discusses the case (its kit's place)."""
    return [
        node.id
        for node in graph.steps.values()
        if node.step.kind is StepKind.MEETING and node.route_role is RouteRole.DISCUSSES
    ]


class Discussions:
    """Issue 20's use cases on one app."""

    def __init__(self, app: App) -> None:
        self._app = app

    # ------------------------------------------------------------------ commands
    def link(self, case_id: str, origin_id: str, actor: str) -> LinkResult:
        """Record that discussion ``origin_id`` produced case ``case_id`` (both histories)."""
        app = self._app
        return service.link(
            app.uow_factory(), app.config, app.clock,
            case_id=case_id, origin_id=origin_id, actor=actor,
        )  # fmt: skip

    def open_with_origin(
        self, cmd: OpenCase, origin_id: str, target: tuple[str, dt.date] | None = None
    ) -> Case:
        """Open a case linked to discussion ``origin_id`` from the start (and planned backwards
        from ``target``, a meeting (body, date), when given): a refused origin writes nothing;
        a retry with the command's idempotency key returns the case opened the first time."""
        from casework.domain.presentation import refuse_agenda_only

        app = self._app
        refuse_agenda_only(cmd.attributes)  # as App.open_case: only the agenda approval sets these
        return app._once(
            cmd.idempotency_key,
            lambda: service.open_with_origin(
                app.uow_factory(), app.config, app.clock, cmd, origin_id=origin_id, target=target
            ),
        )

    def answer(
        self,
        case_id: str,
        party: str,
        summary: str,
        actor: str,
        *,
        received: dt.date | None = None,
        by: str | None = None,
    ) -> CaseEvent:
        """Record ``party``'s answer in the case's involvement."""
        app = self._app
        summary = check_multi_line(summary.strip(), "summary")
        if by is not None:
            by = check_one_line(by.strip(), "by")
        return service.answer(
            app.uow_factory(), app.config, app.clock,
            case_id=case_id, party=party, summary=summary, actor=actor, received=received, by=by,
        )  # fmt: skip

    # ------------------------------------------------------------------ reads
    def kit(self, case: Case) -> Kit | None:
        """The facilitation kit a discussion case has picked, if any."""
        graph = self._app.graph(case)
        if not is_discussion(graph.definition):
            return None
        return facilitation_config(self._app).kit_for(case.attributes)

    def panel(
        self, case: Case, events: Sequence[CaseEvent], lang: str, *, actor: str | None = None
    ) -> DiscussionPanel:
        """The links, kit and involvement of ``case`` for the viewer ``actor`` (None: the
        operator at the CLI, who sees every title)."""
        app = self._app
        graph = app.graph(case)
        discussion = is_discussion(graph.definition)
        links = links_of(events)
        linked = [c for c in (links.origin, *links.produced) if c is not None]
        shown = {c: self._linked(c, lang, actor) for c in linked}
        kit = facilitation_config(app).kit_for(case.attributes) if discussion else None
        steps = discussing_steps(case, graph) if kit is not None else []
        return DiscussionPanel(
            is_discussion=discussion,
            origin=shown.get(links.origin) if links.origin else None,
            produced=tuple(shown[c] for c in links.produced),
            kit=kit,
            kit_step=steps[0] if steps else None,
            involvement=self._involvement(case, graph, events, lang),
            lang=lang,
            committee=recommending(app, case.id, lang),
        )

    def _linked(self, case_id: str, lang: str, actor: str | None) -> LinkedCase:
        from casework.domain import access
        from casework.domain.workflow import CaseStatus

        app = self._app
        other, _ = app.case(case_id)
        municipality = app.config.municipality
        visible = actor is None or access.can_view_case(municipality, actor, other)
        title = other.title if visible else access.public_title(other.title, other.attributes)
        graph = app.graph(other)
        step = app.views.step_label(graph, other.step, lang)
        status = "closed" if other.status is CaseStatus.CLOSED else "open"
        definition = graph.definition
        workflow = (definition.title_en or definition.title) if lang == "en" else definition.title
        return LinkedCase(other.id, title, workflow, step, status)

    def _involvement(
        self, case: Case, graph: Any, events: Sequence[CaseEvent], lang: str
    ) -> tuple[InvolvementView, ...]:
        municipality = self._app.config.municipality
        answers = answers_of(events)
        entered = {e.data.get("to") for e in events} | {case.step}
        views: list[InvolvementView] = []
        for node in graph.steps.values():
            involvement = node.step.involvement
            if node.step.kind is not StepKind.INVOLVEMENT or involvement is None:
                continue
            mine = {a.party: a for a in answers if a.step == node.id}
            rows = []
            for party in involvement.parties:
                answer = mine.get(party.id)
                name = party_name(party, municipality, lang)
                if answer is None:
                    rows.append(PartyRow(party.id, name, answered=False))
                else:
                    rows.append(
                        PartyRow(party.id, name, True, answer.received, answer.by,
                                 answer.summary, self._app.views.person_name(answer.recorded_by))
                    )  # fmt: skip
            current = case.step == node.id
            views.append(
                InvolvementView(
                    step=node.id,
                    title=node.step.label(lang),
                    form=involvement.form.label(lang),
                    current=current,
                    reached=node.id in entered,
                    due=case.step_due if current else None,
                    parties=tuple(rows),
                )
            )
        return tuple(views)


__all__ = [
    "DiscussionPanel",
    "Discussions",
    "InvolvementView",
    "LinkedCase",
    "PartyRow",
    "discussing_steps",
    "facilitation_config",
]
