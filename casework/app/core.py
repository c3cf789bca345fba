"""The application service: the one front door of casework, and its composition root.

Every entry point (the CLI, the web pages, the JSON API, the Prefect flows) and the tests start
here: :func:`open_app` takes settings and returns an :class:`App` whose methods are the use
cases, wired to real adapters except where a fake is passed in. Nothing is connected or read
until :func:`open_app` is called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from casework.domain.errors import ConcurrentUpdate, IdempotencyConflict, UnknownWorkflow
from casework.services import bus as event_bus
from casework.services import handlers, plans, resolve
from casework.services.ports import CaseQuery, Clock, UnitOfWork
from casework.settings import Settings

if TYPE_CHECKING:  # only for annotations: keeps pydantic model building out of start-up
    from pathlib import Path

    from casework.app.agendas import Agendas
    from casework.app.bilag import BilagCases
    from casework.app.board import BoardFilters, BoardView
    from casework.app.coordination import AgendaOutlook
    from casework.app.discussions import Discussions
    from casework.app.flow_history import FlowHistoryView
    from casework.app.open_cases import Snapshot
    from casework.app.presentation import Presentations, PresentationView
    from casework.app.task_committees import TaskCommittees
    from casework.app.views import CaseRow, CaseView, Views
    from casework.domain.case import Case
    from casework.domain.commands import (
        AdvanceCase,
        ChangeAttributes,
        ChangeRoute,
        OpenCase,
        PlanCase,
        RecordDecision,
    )
    from casework.domain.configuration import Configuration
    from casework.domain.events import CaseEvent
    from casework.domain.planning import CasePlan, Planner
    from casework.domain.workflow import CaseGraph
    from casework.services.anchors import Made
    from casework.services.bus import DispatchReport
    from casework.services.handlers import AdvanceResult, AuditReport
    from casework.services.ports import AccountStore, ImportReport
    from casework.services.ports.bilag import BlobStore
    from casework.services.ports.dispatch import Dispatch
    from casework.services.reminders import ReminderService
    from casework.services.runs import ReminderSource, RunPlan


_T = TypeVar("_T")


@dataclass
class App:
    """The use cases, bound to one configuration, store and clock (the application service)."""

    config: Configuration
    uow_factory: Callable[[], UnitOfWork]
    clock: Clock
    settings: Settings | None = None
    #: Units of work for reading only; on SQLite they do not queue behind writers.
    reader_factory: Callable[[], UnitOfWork] | None = None
    #: Releases what the adapters hold (the engine's pooled connections).
    closer: Callable[[], None] | None = None
    #: Builds the reminder use cases on first use (default: on the SQL outbox of ``settings``);
    #: tests pass one over ``casework.testing.InMemoryReminderStore``.
    reminders_factory: Callable[[], ReminderService] | None = None
    #: Builds the account store on first use (default: on the database of ``settings``).
    accounts_factory: Callable[[], AccountStore] | None = None
    #: Where bilag files are kept (default: from ``settings``, see :mod:`casework.app.bilag`).
    blob_store: BlobStore | None = None
    _views: Views | None = field(default=None, init=False, repr=False)
    _reminders: ReminderService | None = field(default=None, init=False, repr=False)
    _accounts: AccountStore | None = field(default=None, init=False, repr=False)
    _planners: dict[bool, Planner] = field(default_factory=dict, init=False, repr=False)
    #: Dispatch after commit (issue 12.4); every write goes through its unit of work.
    _bus: event_bus.Bus = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Committed events get outbox rows in their own transaction and are handed to their
        # handlers (re-planning, the change feed) after commit, within the same call.
        self._bus = wire_bus(self.uow_factory, self.config, self.clock)
        self.uow_factory = self._bus.uow

    def close(self) -> None:
        """Release pooled connections; the services must not be used afterwards."""
        if self._reminders is not None:
            self._reminders.close()
            self._reminders = None
        if self._accounts is not None:
            self._accounts.close()
            self._accounts = None
        if self.closer is not None:
            self.closer()

    @property
    def reminders(self) -> ReminderService:
        """The reminder use cases (sweep, fire, upcoming, overdue, outbox), built on first use
        so that commands without reminders never import SQLAlchemy."""
        if self._reminders is None:
            if self.reminders_factory is not None:
                self._reminders = self.reminders_factory()
            else:
                from casework.app.reminders import reminder_service

                self._reminders = reminder_service(
                    self.settings, config=self.config, clock=self.clock
                )
        return self._reminders

    @property
    def accounts(self) -> AccountStore:
        """The web app's passwords and API tokens, built on first use."""
        if self._accounts is None:
            if self.accounts_factory is not None:
                self._accounts = self.accounts_factory()
            else:
                from casework.app.accounts import account_store

                self._accounts = account_store(self.settings, clock=self.clock)
        return self._accounts

    def import_oparl(
        self,
        source: Path,
        mapping: Path | None = None,
        on_progress: Callable[[int, int | None], None] | None = None,
    ) -> ImportReport:
        """Import an OParl dump into this app's database (see :func:`casework.app.oparl`)."""
        from casework.app.oparl import import_oparl

        return import_oparl(
            self, source, mapping=mapping, clock=self.clock, on_progress=on_progress
        )

    def _reader(self) -> UnitOfWork:
        return (self.reader_factory or self.uow_factory)()

    # ------------------------------------------------------------ dispatch after commit (12.4)
    def _once(self, key: str | Sequence[str] | None, run: Callable[[], _T]) -> _T:
        """Run a command carrying idempotency key ``key`` (a batch: its commands' keys); a
        caller that lost a race against the same key gets what the sequential path answers: a
        replay of the first result, or the conflict when the first request was a different one.

        Two calls with the same key at the same instant both miss the key on their first read.
        SQLite's write lock then serialises them, but on PostgreSQL the second waits on the
        case's row lock or the key's unique index and is refused (CW206 or CW207) once the
        first commits. The refusal rolled its unit of work back; if the key is now taken, the
        command runs once more in a fresh unit of work, whose first read finds the first event.
        """
        keys = [key] if isinstance(key, str) else [k for k in key or () if k]
        try:
            return run()
        except (ConcurrentUpdate, IdempotencyConflict):
            if not keys or not self._key_taken(keys):
                raise
        return run()

    def _key_taken(self, keys: Sequence[str]) -> bool:
        with self.uow_factory() as uow:
            return any(uow.cases.event_by_key(key) is not None for key in keys)

    def _settled(self, result: AdvanceResult) -> AdvanceResult:
        import dataclasses

        return dataclasses.replace(result, case=self._bus.settled(result.case))

    def pending_dispatches(self, limit: int = 100) -> list[Dispatch]:
        """Follow-ups not done yet (waiting, failing with their error, or given up)."""
        return self._bus.pending(limit)

    def dispatch_pending(self, limit: int = 500) -> DispatchReport:
        """Run the follow-ups that are due: failed ones whose backoff has passed, and any a
        process left behind between commit and dispatch. The deadline flows call this."""
        return self._bus.dispatch_pending(limit)

    def reminder_runs_to_schedule(
        self, reminders: ReminderSource, *, now: dt.datetime, until: dt.datetime
    ) -> RunPlan:
        """The one-off reminder runs to create and cancel, read from the cases changed since
        the last :meth:`reminder_runs_scheduled` (every case before the first)."""
        from casework.services.runs import plan_reminder_runs

        return plan_reminder_runs(self.uow_factory, reminders, now=now, until=until)

    def reminder_runs_scheduled(self, plan: RunPlan) -> None:
        """Note that ``plan`` was carried out, so the next call reads only newer changes."""
        from casework.services.runs import reminder_runs_scheduled

        reminder_runs_scheduled(self.uow_factory, self.clock, plan)

    def open_case(self, cmd: OpenCase, target: tuple[str, dt.date] | None = None) -> Case:
        """Open a case (see :func:`handlers.open_case`); with ``target`` (body, meeting date)
        also plan it backwards from that meeting, in the same unit of work: a case that cannot
        be planned is not opened (:func:`plans.open_and_plan`)."""
        from casework.domain.presentation import refuse_agenda_only

        refuse_agenda_only(cmd.attributes)  # only the agenda approval sets these
        if target is not None:
            return self._once(
                cmd.idempotency_key,
                lambda: plans.open_and_plan(
                    self.uow_factory(), self.config, self.clock, cmd, target
                ),
            )
        return self._once(
            cmd.idempotency_key,
            lambda: handlers.open_case(self.uow_factory(), self.config, self.clock, cmd),
        )

    def advance(self, cmd: AdvanceCase) -> AdvanceResult:
        """Take one action on a case (after the presentation's guards: CW871, CW873)."""
        self.presentations.guard_advance(cmd.case_id, cmd.action)
        result = self._once(
            cmd.idempotency_key,
            lambda: handlers.advance_case(self.uow_factory(), self.config, self.clock, cmd),
        )
        return self._settled(result)

    def advance_many(self, cmds: Sequence[AdvanceCase]) -> list[AdvanceResult]:
        """Take several actions in one transaction: as :meth:`advance` does one, with the same
        replay of a batch that lost a race against its own keys, and each case returned with
        its follow-ups (a re-plan)."""
        for cmd in cmds:
            self.presentations.guard_advance(cmd.case_id, cmd.action)
        results = self._once(
            [cmd.idempotency_key for cmd in cmds if cmd.idempotency_key],
            lambda: handlers.advance_many(self.uow_factory(), self.config, self.clock, cmds),
        )
        return [self._settled(result) for result in results]

    def change_attributes(self, cmd: ChangeAttributes) -> Case:
        """Set or clear attributes; a plan-routed case is re-evaluated. A decision-relevant
        attribute of an approved case is refused (CW872) or voids the approval, per workflow."""
        changes = dict(cmd.attributes)

        def rules(
            uow: UnitOfWork, case: Case, events: Sequence[CaseEvent]
        ) -> Callable[[Case], None] | None:
            return self.presentations.attribute_change_rules(uow, case, events, cmd.actor, changes)

        return self._bus.settled(
            self._once(
                cmd.idempotency_key,
                lambda: handlers.change_attributes(
                    self.uow_factory(),
                    self.config,
                    self.clock,
                    cmd,
                    handlers.plan_decider(self.config),
                    rules=rules,
                ),
            )
        )

    def change_route(self, cmd: ChangeRoute) -> Case:
        """Override a case's route of bodies, with the reason on record."""
        changed = self._once(
            cmd.idempotency_key,
            lambda: handlers.change_route(self.uow_factory(), self.config, self.clock, cmd),
        )
        return self._bus.settled(changed)

    def decide(self, cmd: RecordDecision) -> AdvanceResult:
        """Record a body's decision from the minutes; it moves the case."""
        return self._settled(self._once(
            cmd.idempotency_key,
            lambda: handlers.record_decision(self.uow_factory(), self.config, self.clock, cmd),
        ))  # fmt: skip

    def replan_stale(self, actor: str) -> list[str]:
        """Plan again the cases planned for meetings the meeting plan no longer has."""
        return plans.replan_stale(self.uow_factory, self.config, self.clock, actor)

    def plan(self, cmd: PlanCase) -> Case:
        """Plan a case onto the meeting plan and record the plan."""
        return plans.plan_case(self.uow_factory(), self.config, self.clock, cmd)

    def case(self, case_id: str) -> tuple[Case, list[CaseEvent]]:
        """A case with its history."""
        return handlers.get_case(self._reader(), case_id)

    def graph(self, case: Case) -> CaseGraph:
        """The concrete graph a case runs on (an old pinned version read from the store)."""
        try:
            return resolve.case_graph(self.config, case)
        except UnknownWorkflow:
            with self._reader() as uow:
                return resolve.case_graph(self.config, case, uow)

    def register_workflows(self) -> None:
        """Keep the configured workflow versions in the store (``casework init``)."""
        handlers.register_workflows(self.uow_factory(), self.config, self.clock)

    def cases(self, query: CaseQuery) -> list[Case]:
        """Cases matching a query."""
        return handlers.list_cases(self._reader(), query)

    def history(self, case_id: str) -> list[CaseEvent]:
        """A case's events."""
        return handlers.history(self._reader(), case_id)

    def verify_audit(
        self, case_ids: Sequence[str] | None = None, anchors: Sequence[Path] = ()
    ) -> AuditReport:
        """Check the hash chains, that every case, and every meeting's record, equals its replay,
        the kept workflow snapshots and the cases against the audit anchors (only the cases
        named, when ``case_ids`` are given); ``anchors`` are exported anchors' files to check
        the anchor table and their cases against too (CW419 for a file that cannot be used)."""
        import dataclasses

        from casework.app.anchors import read
        from casework.services import anchors as anchoring
        from casework.services import task_committees
        from casework.services.audit import verify_workflows
        from casework.services.meetings import verify_meetings

        exported = [read(path) for path in anchors]  # first: a bad file stops before the audit
        report = handlers.verify_audit(self._reader(), case_ids)
        # Every bilag's file must be stored and hash to what the history recorded.
        files = self.bilag.verify(case_ids)
        if files:
            report = dataclasses.replace(report, findings=(*report.findings, *files))
        # Every saved section's text must be stored and hash to what its event recorded.
        texts = self.presentations.verify(case_ids)
        if texts:
            report = dataclasses.replace(report, findings=(*report.findings, *texts))
        if case_ids is not None:
            return report
        with self._reader() as uow:
            meetings = verify_meetings(uow)
            workflows = verify_workflows(uow, self.config)
            # Issue 20: every task committee's chain of events.
            committee_events, committees = task_committees.verify(uow)
            # A whole case deleted, or a chain rewritten: the anchors (issue 16's closing note).
            anchored = anchoring.verify(uow, exported)
        return dataclasses.replace(
            report,
            events=report.events + meetings.events + committee_events,
            findings=(*report.findings, *meetings.findings, *workflows.findings, *committees,
                      *anchored.findings),
        )  # fmt: skip

    def anchor(
        self, *, out: Path | None = None, once_a_day: bool = False
    ) -> tuple[Made, Path | None]:
        """Anchor every case's head for the audit (``casework audit anchor``), written to
        ``out`` when given (the file written comes back); with ``once_a_day``, today's anchor
        when one is made already."""
        from casework.app.anchors import make

        return make(self, out=out, once_a_day=once_a_day)

    def daily_anchor(self) -> tuple[Made, Path | None]:
        """The day's anchor, once a day, and the file in the data directory it is kept in
        (the deadline sweep)."""
        from casework.app.anchors import daily

        return daily(self)

    # ------------------------------------------------------------------ view models
    @property
    def views(self) -> Views:
        """The builder of the view models every entry point renders."""
        if self._views is None:
            from casework.app.views import Views

            self._views = Views(self)
        return self._views

    @property
    def presentations(self) -> Presentations:
        """The sagsfremstilling's use cases: save, history, diff, check, tick, reapprove."""
        from casework.app.presentation import Presentations

        return Presentations(self)

    def presentation(
        self, case_id: str, version: int | None = None, lang: str = "da"
    ) -> PresentationView:
        """A case's presentation as of ``version`` (default the latest): the one query."""
        return self.presentations.show(case_id, version, lang)

    @property
    def agendas(self) -> Agendas:
        """The meeting and agenda use cases: meetings, agendas, approval, minutes, files."""
        from casework.app.agendas import Agendas

        return Agendas(self)

    @property
    def bilag(self) -> BilagCases:
        """The bilag use cases: attach, remove, list, read a file, audit and sweep the store."""
        from casework.app.bilag import BilagCases

        return BilagCases(self)

    @property
    def task_committees(self) -> TaskCommittees:
        """The § 17, stk. 4 task committees: kommissorium, backlog, sprints, recommendation."""
        from casework.app.task_committees import TaskCommittees

        return TaskCommittees(self)

    @property
    def discussions(self) -> Discussions:
        """Issue 20: a discussion linked to the cases it produced, facilitation kits, citizen
        involvement's answers."""
        from casework.app.discussions import Discussions

        return Discussions(self)

    def case_view(self, case_id: str, lang: str, *, actor: str | None = None) -> CaseView:
        """The case page: the case, its route and decision, its history, the actor's actions."""
        case, events = self.case(case_id)
        return self.views.case(case, events, lang, actor=actor)

    def case_rows(self, query: CaseQuery, lang: str) -> list[CaseRow]:
        """Cases matching ``query`` as listings show them."""
        return [self.views.row(case, lang) for case in self.cases(query)]

    def board(
        self,
        lang: str,
        *,
        person: str | None = None,
        filters: BoardFilters | None = None,
        limit: int | None = 15,
        open_cases: Snapshot | None = None,
    ) -> BoardView:
        """The case board: the open cases counted by step and by body, most urgent first.

        The one board query; the CLI, the web page, the JSON API and the coordinator's Prefect
        artifacts render what it returns (:mod:`casework.app.board`).

        Args:
            lang: the language of the step labels.
            person: only the cases this person may see; None is the coordinators' whole view.
            filters: which cases count (centre, workflow, body, step, overdue); default all.
            limit: rows returned, most urgent first (the counts cover every case that passes);
                None returns every one (the coordinators' "every open case").
            open_cases: the snapshot to read (the web app's kept one); default a fresh read.
        """
        from casework.app.board import BoardFilters, board_view
        from casework.app.open_cases import read_snapshot

        snapshot = open_cases if open_cases is not None else read_snapshot(self)
        return board_view(
            self, snapshot, lang, person=person, filters=filters or BoardFilters(), limit=limit
        )

    def flow_history(
        self,
        lang: str,
        *,
        filters: BoardFilters | None = None,
        weeks: int = 12,
        open_cases: Snapshot | None = None,
    ) -> FlowHistoryView:
        """The flow over time: cases per phase at the end of each of the last ``weeks`` weeks
        (a cumulative-flow diagram), opened and finished per week, and the open cases' route
        map with counts and waiting times at each step (:mod:`casework.app.flow_history`).

        Counts only, no case titles; ``filters`` apply their centre and workflow.
        """
        from casework.app.board import BoardFilters
        from casework.app.flow_history import flow_history

        return flow_history(
            self, lang, filters=filters or BoardFilters(), weeks=weeks, open_cases=open_cases
        )

    def coming_agendas(self, horizon_days: int = 21) -> list[AgendaOutlook]:
        """The ordinary meetings of the next ``horizon_days`` with their agendas as of today."""
        from casework.app.coordination import coming_agendas

        return coming_agendas(self._reader, self.config, self.clock.today(), horizon_days)

    def planner(self, *, include_extra: bool = False) -> Planner:
        """The backward planner over the configured meeting plan and working days.

        Raises NoMeetingPlan when the configuration has no calendar.
        """
        key = bool(include_extra)
        if key not in self._planners:
            from casework.domain.planning import Planner
            from casework.services.agendas import calendar_of

            calendar = calendar_of(self.config)
            self._planners[key] = Planner(
                calendar.calendar,
                calendar.meetings,
                calendar.rules,
                include_extra=include_extra,
                names={b.id: b.short for b in self.config.municipality.bodies.values()},
            )
        return self._planners[key]

    def preview_plan(
        self, case: Case, ready: dt.date | None = None, target: tuple[str, dt.date] | None = None
    ) -> CasePlan:
        """The earliest plan for the rest of the case's route from ``ready`` (default today),
        or, with a ``target`` (body, meeting day), the latest plan that still reaches it.

        Nothing is recorded (see :meth:`plan`). Raises CaseClosed, NoMeetingPlan,
        NoFeasibleChain, TargetMeetingNotFeasible.
        """
        from casework.domain.errors import CaseClosed
        from casework.domain.workflow import CaseStatus

        if case.status is CaseStatus.CLOSED:
            raise CaseClosed(case_id=case.id)
        day = ready or self.clock.today()
        definition = self.graph(case).definition
        if target is not None:
            towards: CasePlan = plans.plan_towards(self.planner(), definition, case, day, target)
            return towards
        return self.planner().plan(definition, case.route, day, from_step=case.step)


def load_config(settings: Settings) -> Configuration:
    """The checked configuration from ``settings.config_dir`` (snapshot in the data dir)."""
    from casework.adapters.config.cache import load_configuration_cached

    return load_configuration_cached(settings.config_dir, settings.data_dir / "cache")


def sql_engine(settings: Settings) -> Any:
    """The SQLAlchemy engine for ``settings.database_url``, its schema checked as current.

    The embedded SQLite default does not come here: ``_embedded_store`` checks its file with
    plain sqlite3 (without creating a missing one) and builds the engine only when writing.
    """
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import ensure_ready

    engine = make_engine(settings.url)
    ensure_ready(engine)
    return engine


def _embedded_store(
    settings: Settings,
) -> tuple[Callable[[], UnitOfWork], Callable[[], UnitOfWork], Callable[[], None]]:
    """The SQLite default: reads through plain sqlite3, writes through SQLAlchemy on demand.

    SQLAlchemy costs ~100 ms to import, so it is loaded only by a command that writes; reading
    a case (``casework case show``) never pays for it.
    """
    from casework.adapters.sql.sqlite_reader import SqliteReadUnitOfWork, check_schema

    path = settings.data_dir / "casework.db"
    check_schema(path)
    engines: list[Any] = []

    def engine() -> Any:
        if not engines:
            from casework.adapters.sql.engine import make_engine

            engines.append(make_engine(settings.url))
        return engines[0]

    def writer() -> UnitOfWork:
        from casework.adapters.sql.uow import SqlUnitOfWork

        return SqlUnitOfWork(engine())

    def reader() -> UnitOfWork:
        return SqliteReadUnitOfWork(path)

    def close() -> None:
        for created in engines:
            created.dispose()

    return writer, reader, close


def render_agenda(agenda: Any, kind: str) -> bytes:
    """A published agenda (:class:`~casework.domain.agenda.PublishedAgenda`) as html, pdf or json.

    Here so that the flows, which may not import the adapters, can write agenda files.
    """
    from casework.domain.agenda import UnknownFormat

    if kind == "html":
        from casework.adapters.publish.html import render_html

        return render_html(agenda).encode("utf-8")
    if kind == "pdf":
        from casework.adapters.publish.pdf import render_pdf

        return render_pdf(agenda)
    if kind == "json":
        import json

        return (json.dumps(agenda.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
    raise UnknownFormat(format=kind)


def open_app(
    settings: Settings | None = None,
    *,
    config: Configuration | None = None,
    uow_factory: Callable[[], UnitOfWork] | None = None,
    clock: Clock | None = None,
) -> App:
    """The application wired to real adapters, except where a fake is passed in."""
    settings = settings or Settings.from_env()
    if config is None:
        config = load_config(settings)
    reader_factory: Callable[[], UnitOfWork] | None = None
    closer: Callable[[], None] | None = None
    if uow_factory is None and settings.database_url is None:
        uow_factory, reader_factory, closer = _embedded_store(settings)
    elif uow_factory is None:
        from casework.adapters.sql.uow import SqlUnitOfWork

        engine = sql_engine(settings)

        def uow_factory() -> UnitOfWork:
            return SqlUnitOfWork(engine)

        def reader_factory() -> UnitOfWork:
            return SqlUnitOfWork(engine, read_only=True)

        closer = engine.dispose

    if clock is None:
        from casework.adapters.clock import SystemClock

        clock = SystemClock()
    return App(
        config=config,
        uow_factory=uow_factory,
        clock=clock,
        settings=settings,
        reader_factory=reader_factory,
        closer=closer,
    )


__all__ = ["App", "CaseQuery", "open_app"]


def wire_bus(
    uow_factory: Callable[[], UnitOfWork], config: Configuration, clock: Clock
) -> event_bus.Bus:
    """The bus with casework's follow-ups: re-planning after a postponement, return or route
    change, and the feed of changed cases that ``schedule-runs`` reads."""
    from casework.domain.events import EventKind

    bus = event_bus.Bus(uow_factory, clock)
    bus.subscribe(
        plans.REPLAN, plans.replan_handler(config, clock),
        EventKind.ADVANCED, EventKind.ROUTE_CHANGED, EventKind.ATTRIBUTES_CHANGED,
        when=lambda event: plans.replan_reason(event) is not None,
    )  # fmt: skip
    bus.subscribe(event_bus.CASE_CHANGED, None)
    # The minutes published: the feed the Prefect run publishing the protocol reads.
    from casework.app.protocols import PROTOCOL_FEED
    from casework.domain.meeting_events import MeetingEventKind

    bus.subscribe(PROTOCOL_FEED, None, MeetingEventKind.MINUTES_PUBLISHED, meetings=True)
    return bus
