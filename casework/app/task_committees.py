"""The § 17, stk. 4 task committees' use cases of the application service
(``App.task_committees``, issue 20), and the view models every entry point renders.

One use case each for the CLI, the web pages and the JSON API: list the committees, show one
(kommissorium, backlog board, sprints, recommendations), add an idea, start a sprint at the
sprint meeting, log it, close and evaluate it, write the recommendation as a case, and the
meetings' visual programme. The kommissorier come from ``config/opgaveudvalg/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.app.committee_link import CommitteeLink, recommending
from casework.domain.access import public_title
from casework.domain.errors import CaseworkError
from casework.domain.task_committee import (
    SECTOR_TITLES,
    CommitteeState,
    IdeaStatus,
    Kommissorium,
    add_idea,
    close_sprint,
    log_sprint,
    start_sprint,
)
from casework.services import task_committees as service

if TYPE_CHECKING:
    from casework.app.core import App


_TEXTS: Mapping[str, tuple[str, str]] = {
    "bagkatalog": ("Bagkatalog", "Backlog"),
    "i_sprint": ("I sprint", "In the sprint"),
    "faerdig": ("Færdig", "Done"),
    "tilbage": ("Tilbage i bagkataloget", "Back in the backlog"),
    "open": ("åben", "open"),
    "closed": ("lukket", "closed"),
    "met": ("opfyldt", "met"),
    "not_met": ("ikke opfyldt", "not met"),
}


def _t(key: str, lang: str) -> str:
    da, en = _TEXTS[key]
    return en if lang == "en" else da


def kommissorier(app: App) -> Mapping[str, Kommissorium]:
    """``config/opgaveudvalg/`` of the app's configuration, read once per app."""
    cached: Mapping[str, Kommissorium] | None = getattr(app, "_kommissorier", None)
    if cached is None:
        from casework.adapters.config.task_committee_loader import load_kommissorier

        directory = app.settings.config_dir if app.settings is not None else app.config.directory
        cached = (
            load_kommissorier(directory, app.config.municipality) if directory is not None else {}
        )
        object.__setattr__(app, "_kommissorier", cached)
    return cached


# ----------------------------------------------------------------------------- view models
@dataclass(frozen=True, slots=True)
class IdeaCard:
    """An idea on the backlog board."""

    number: int
    title: str
    description: str
    hours: int
    proposed_by: str
    status: str
    status_text: str
    sprint: int | None

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` and the API."""
        return {
            "number": self.number, "title": self.title, "description": self.description,
            "hours": self.hours, "proposed_by": self.proposed_by, "status": self.status,
            "sprint": self.sprint,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """One column of the backlog board."""

    status: str
    title: str
    cards: tuple[IdeaCard, ...]

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"status": self.status, "title": self.title,
                "ideas": [c.as_json() for c in self.cards]}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SprintView:
    """A sprint: its goal, what it picked, its log, and its evaluation when closed."""

    number: int
    goal: str
    capacity: int
    planned_hours: int
    ideas: tuple[str, ...]
    started_on: str
    open: bool
    state_text: str
    log: tuple[str, ...]
    closed_at: str | None
    done: tuple[str, ...]
    results: str
    evaluation: tuple[tuple[str, bool, str, str], ...]
    recommendation: str | None
    recommendation_title: str | None

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {
            "number": self.number, "goal": self.goal, "capacity": self.capacity,
            "planned_hours": self.planned_hours, "ideas": list(self.ideas),
            "started_on": self.started_on, "open": self.open, "log": list(self.log),
            "closed_at": self.closed_at, "done": list(self.done), "results": self.results,
            "evaluation": [{"goal": g, "met": m, "note": n} for g, m, _, n in self.evaluation],
            "recommendation": self.recommendation,
            "recommendation_title": self.recommendation_title,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """One block of the visual programme, with its clock time."""

    starts: str
    minutes: int
    kind: str
    title: str
    note: str

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"starts": self.starts, "minutes": self.minutes, "kind": self.kind,
                "title": self.title, "note": self.note}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    """The sprint meeting's visual programme, instead of a formal agenda: the blocks, and the
    backlog ideas the sprint meeting chooses from (or the running sprint's ideas)."""

    committee: str
    title: str
    blocks: tuple[ProgrammeItem, ...]
    choose_from: tuple[IdeaCard, ...]
    capacity: int
    day: str | None = None
    #: The cases on the meeting's agenda (the committee recommends them), by their public
    #: heading: a closed item shows as "Lukket punkt: <category>" to everyone here.
    cases: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"committee": self.committee, "title": self.title, "day": self.day,
                "cases": list(self.cases),
                "blocks": [b.as_json() for b in self.blocks],
                "choose_from": [c.as_json() for c in self.choose_from],
                "capacity": self.capacity}  # fmt: skip


_HISTORY: Mapping[str, tuple[str, str]] = {
    "idea.added": ("Idé {number} i bagkataloget: {title}", "Idea {number} in the backlog: {title}"),
    "sprint.started": (
        "Sprint {number} startet: {goal} (idé {ideas}; {capacity} timer)",
        "Sprint {number} started: {goal} (ideas {ideas}; {capacity} hours)",
    ),
    "sprint.logged": (
        "Sprintlog, sprint {sprint}: {entry}",
        "Sprint log, sprint {sprint}: {entry}",
    ),
    "sprint.closed": (
        "Sprint {sprint} lukket og evalueret: {met} af {goals} mål opfyldt",
        "Sprint {sprint} closed and evaluated: {met} of {goals} goals met",
    ),
    "recommendation.created": (
        "Indstillingen fra sprint {sprint} er sag {case}",
        "The recommendation of sprint {sprint} is case {case}",
    ),
}


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One event of the committee's history, as people read it."""

    seq: int
    at: str
    actor: str
    actor_name: str
    kind: str
    text: str

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "kind": self.kind,
                "text": self.text}  # fmt: skip


def history_line(event: Any, names: Mapping[str, str], lang: str) -> HistoryLine:
    """The line of one stored event (its payload's texts as they were recorded)."""
    data = dict(event.data)
    if event.kind == "sprint.started":
        data["ideas"] = ", ".join(str(n) for n in data.get("ideas", ()))
    if event.kind == "sprint.closed":
        evaluation = data.get("evaluation", ())
        data["met"] = sum(1 for e in evaluation if e.get("met"))
        data["goals"] = len(evaluation)
    da, en = _HISTORY.get(event.kind, (event.kind, event.kind))
    try:
        text = (en if lang == "en" else da).format(**data)
    except (KeyError, IndexError):
        text = event.kind
    at = event.at[:16].replace("T", " ")
    return HistoryLine(event.seq, at, event.actor, names.get(event.actor, event.actor),
                       event.kind, text)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CommitteeRow:
    """One task committee in a listing."""

    committee: str
    title: str
    reports_to: str
    facilitator: str
    period: str
    ideas: int
    sprints: int
    open_sprint: int | None

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {"committee": self.committee, "title": self.title,
                "reports_to": self.reports_to, "facilitator": self.facilitator,
                "period": self.period, "ideas": self.ideas, "sprints": self.sprints,
                "open_sprint": self.open_sprint}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CommitteeView:
    """A task committee's page: the kommissorium, the backlog board, the sprints."""

    committee: str
    title: str
    legal_basis: str
    mandate: str
    goals: tuple[str, ...]
    period: str
    reports_to: str
    reports_to_name: str
    facilitator: str
    facilitator_name: str
    council_members: tuple[str, ...]
    partners: tuple[tuple[str, str, str, str], ...]
    sprint_hours: int
    board: tuple[BoardColumn, ...]
    sprints: tuple[SprintView, ...]
    open_sprint: int | None
    version: int
    may_run: bool

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` and the API."""
        return {
            "committee": self.committee, "title": self.title, "legal_basis": self.legal_basis,
            "mandate": self.mandate, "goals": list(self.goals), "period": self.period,
            "reports_to": self.reports_to, "facilitator": self.facilitator,
            "council_members": list(self.council_members),
            "partners": [{"name": n, "organisation": o, "sector": s}
                         for n, o, s, _ in self.partners],
            "sprint_hours": self.sprint_hours,
            "board": [c.as_json() for c in self.board],
            "sprints": [s.as_json() for s in self.sprints],
            "open_sprint": self.open_sprint, "version": self.version,
        }  # fmt: skip


# ----------------------------------------------------------------------------- use cases
class TaskCommittees:
    """``App.task_committees``: the task committees' use cases."""

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def kommissorier(self) -> Mapping[str, Kommissorium]:
        """Every configured kommissorium, by committee."""
        return kommissorier(self._app)

    def kommissorium(self, committee: str) -> Kommissorium:
        """One committee's kommissorium (CW900 when there is none)."""
        return service.kommissorium_of(self.kommissorier, committee)

    def _reader(self) -> Any:
        app = self._app
        return (app.reader_factory or app.uow_factory)()

    def history(self, committee: str, lang: str = "da") -> list[HistoryLine]:
        """Who did what and when in the committee: its events, oldest first."""
        self.kommissorium(committee)
        _, events = service.state(self._reader(), committee)
        names = {p.id: p.name for p in self._app.config.municipality.people.values()}
        return [history_line(e, names, lang) for e in events]

    def state(self, committee: str) -> CommitteeState:
        """The committee's backlog and sprints as recorded."""
        self.kommissorium(committee)
        found, _ = service.state(self._reader(), committee)
        return found

    def committees(self, lang: str = "da") -> list[CommitteeRow]:
        """Every task committee with a kommissorium."""
        rows = []
        for committee, k in sorted(self.kommissorier.items()):
            current = self.state(committee)
            running = current.open_sprint
            rows.append(CommitteeRow(
                committee=committee, title=k.title, reports_to=k.reports_to,
                facilitator=k.facilitator, period=f"{k.start.isoformat()} – {k.end.isoformat()}",
                ideas=len(current.ideas), sprints=len(current.sprints),
                open_sprint=running.number if running else None,
            ))  # fmt: skip
        return rows

    def may_run(self, committee: str, person: str | None) -> bool:
        """Whether ``person`` runs the committee's work (facilitator or secretariat)."""
        if person is None:
            return False
        municipality = self._app.config.municipality
        return service.may_run(municipality, self.kommissorium(committee), person)

    def show(self, committee: str, lang: str = "da", *, viewer: str | None = None) -> CommitteeView:
        """The committee's page as ``viewer`` sees it."""
        k = self.kommissorium(committee)
        current = self.state(committee)
        municipality = self._app.config.municipality
        cards = [_card(i, lang) for i in current.ideas]
        board = tuple(
            BoardColumn(status, _t(status, lang),
                        tuple(c for c in cards if c.status == status
                              or (status == "bagkatalog" and c.status == "tilbage")))
            for status in ("bagkatalog", "i_sprint", "faerdig")
        )  # fmt: skip
        body = municipality.bodies.get(k.reports_to)
        facilitator = municipality.people.get(k.facilitator)
        running = current.open_sprint
        return CommitteeView(
            committee=committee, title=k.title, legal_basis=k.legal_basis, mandate=k.mandate,
            goals=k.goals, period=f"{k.start.isoformat()} – {k.end.isoformat()}",
            reports_to=k.reports_to,
            reports_to_name=(body.title(lang) if body is not None else k.reports_to),
            facilitator=k.facilitator,
            facilitator_name=facilitator.name if facilitator else k.facilitator,
            council_members=k.council_members,
            partners=tuple(
                (p.name, p.organisation, p.sector.value,
                 SECTOR_TITLES[p.sector][1 if lang == "en" else 0])
                for p in k.partners
            ),
            sprint_hours=k.sprint_hours, board=board,
            sprints=tuple(self._sprint(current, n, lang) for n in
                          sorted((s.number for s in current.sprints), reverse=True)),
            open_sprint=running.number if running else None, version=current.version,
            may_run=self.may_run(committee, viewer),
        )  # fmt: skip

    def _sprint(self, current: CommitteeState, number: int, lang: str) -> SprintView:
        sprint = current.sprint(number)
        assert sprint is not None  # numbers come from the state itself
        titles = {i.number: i.title for i in current.ideas}
        hours = {i.number: i.hours for i in current.ideas}
        title = None
        if sprint.recommendation is not None:
            title = self._recommendation_title(sprint.recommendation)
        return SprintView(
            number=sprint.number, goal=sprint.goal, capacity=sprint.capacity,
            planned_hours=sum(hours.get(n, 0) for n in sprint.ideas),
            ideas=tuple(f"{n}. {titles.get(n, '?')}" for n in sprint.ideas),
            started_on=sprint.started_on, open=sprint.open,
            state_text=_t("open" if sprint.open else "closed", lang), log=sprint.log,
            closed_at=sprint.closed[:16].replace("T", " ") if sprint.closed else None,
            done=tuple(f"{n}. {titles.get(n, '?')}" for n in sprint.done),
            results=sprint.results,
            evaluation=tuple((e.goal, e.met, _t("met" if e.met else "not_met", lang), e.note)
                             for e in sprint.evaluation),
            recommendation=sprint.recommendation, recommendation_title=title,
        )  # fmt: skip

    def _recommendation_title(self, case_id: str) -> str | None:
        # Whatever the reader may see, a closed item is named by its public heading only.
        try:
            case, _ = self._app.case(case_id)
        except CaseworkError:  # a case the store does not have is shown by its id only
            return None
        return public_title(case.title, case.attributes)

    def recommending(self, case_id: str, lang: str = "da") -> CommitteeLink | None:
        """The committee whose recommendation case ``case_id`` is (see
        :func:`casework.app.committee_link.recommending`); None for any other case."""
        return recommending(self._app, case_id, lang)

    def meetings(self, committee: str, *, coming: bool = True) -> list[tuple[str, str]]:
        """The committee's meetings in the meeting plan as (date, time), the coming ones by
        default: each gets the visual programme instead of a formal agenda."""
        self.kommissorium(committee)
        calendar = self._app.config.calendar
        if calendar is None:
            return []
        today = self._app.clock.today()
        return [
            (m.date.isoformat(), m.time.strftime("%H:%M"))
            for m in calendar.meetings.for_body(committee)
            if not coming or m.date >= today
        ]

    def programme(
        self, committee: str, lang: str = "da", start: str = "16:00", day: str | None = None
    ) -> ProgrammeView:
        """The sprint meeting's visual programme (instead of a formal agenda); ``day`` names
        one of the committee's meetings, whose time it starts at."""
        k = self.kommissorium(committee)
        if day is not None:
            found: dict[str, str] = dict(self.meetings(committee, coming=False))
            if day not in found:
                from casework.domain.errors import InvalidInput
                from casework.domain.messages import Msg

                raise InvalidInput(detail=Msg("task.no_meeting", committee=committee, day=day))
            start = found[day]
        current = self.state(committee)
        hour, minute = (int(x) for x in start.split(":"))
        clock = dt.datetime(2000, 1, 1, hour, minute)
        blocks = []
        for block in k.programme:
            blocks.append(ProgrammeItem(clock.strftime("%H:%M"), block.minutes, block.kind,
                                        block.title, block.note))  # fmt: skip
            clock += dt.timedelta(minutes=block.minutes)
        running = current.open_sprint
        ideas = [i for i in current.ideas
                 if (i.number in running.ideas if running else i.open)]  # fmt: skip
        cases: tuple[str, ...] = ()
        if day is not None:
            agenda = self._app.agendas.agenda(committee, dt.date.fromisoformat(day))
            cases = tuple(f"{i.number}. {i.public_heading}" for i in agenda.items if not i.fixed)
        return ProgrammeView(committee, k.title, tuple(blocks),
                             tuple(_card(i, lang) for i in ideas), k.sprint_hours, day,
                             cases)  # fmt: skip

    # ------------------------------------------------------------------ commands
    def _run(self, committee: str, actor: str, what: str, decide: Any) -> CommitteeState:
        app = self._app
        k = self.kommissorium(committee)
        service.require_runner(app.config.municipality, k, actor, what)
        return service.record(app.uow_factory(), k, lambda s: decide(s, k), actor, app.clock)

    def add_idea(
        self, committee: str, *, title: str, description: str = "", hours: int, actor: str
    ) -> CommitteeState:
        """An idea for the backlog (the facilitator or the secretariat writes it down)."""
        return self._run(committee, actor, "idea",
                         lambda s, _k: add_idea(s, title, description, hours))  # fmt: skip

    def start_sprint(
        self, committee: str, *, goal: str, ideas: Sequence[int], actor: str,
        capacity: int | None = None,
    ) -> CommitteeState:  # fmt: skip
        """The sprint meeting picks ideas that fit the sprint's resources."""
        today = self._app.clock.today()
        return self._run(committee, actor, "sprint", lambda s, k: start_sprint(
            s, k, day=today, goal=goal, ideas=ideas, capacity=capacity))  # fmt: skip

    def log_sprint(self, committee: str, *, entry: str, actor: str) -> CommitteeState:
        """An entry of the running sprint's log."""
        return self._run(committee, actor, "sprint", lambda s, _k: log_sprint(s, entry))

    def close_sprint(
        self, committee: str, *, done: Sequence[int], results: str, met: Sequence[bool],
        notes: Sequence[str] = (), actor: str,
    ) -> CommitteeState:  # fmt: skip
        """Close the sprint log and evaluate the results against the kommissorium's goals."""
        return self._run(committee, actor, "sprint", lambda s, k: close_sprint(
            s, k, done=done, results=results, met=met, notes=notes))  # fmt: skip

    def recommend(
        self, committee: str, *, sprint: int, actor: str, title: str | None = None
    ) -> service.Recommended:
        """The committee's written recommendation from ``sprint`` as a case to the standing
        committee (workflow and route by the delegation plan)."""
        app = self._app
        k = self.kommissorium(committee)
        service.require_runner(app.config.municipality, k, actor, "recommend")
        return service.recommend(app.uow_factory, app.config, app.clock, k, sprint=sprint,
                                 actor=actor, title=title)  # fmt: skip


def _card(idea: Any, lang: str) -> IdeaCard:
    status = idea.status.value
    shown = "bagkatalog" if idea.status is IdeaStatus.RETURNED else status
    return IdeaCard(idea.number, idea.title, idea.description, idea.hours, idea.proposed_by,
                    shown, _t(status, lang), idea.sprint)  # fmt: skip


__all__ = [
    "BoardColumn",
    "CommitteeLink",
    "CommitteeRow",
    "CommitteeView",
    "HistoryLine",
    "IdeaCard",
    "ProgrammeItem",
    "ProgrammeView",
    "SprintView",
    "TaskCommittees",
    "kommissorier",
]
