"""The ``casework`` command line: thin commands over the services, for people and scripts.

``main(argv) -> int`` runs the typer app without click's own exit handling: 0 on success, 1 for
a :class:`CaseworkError` (one line in the user's language, never a traceback), 2 for a usage
error. Every listing has ``--json`` with stable keys. Commands import what they need inside their
bodies, so ``casework --help`` and the read commands stay quick, and nothing imports Prefect.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casework.domain.errors import CaseworkError, InvalidInput
from casework.entrypoints.texts import t

if TYPE_CHECKING:
    from casework.app import App
    from casework.domain.case import Case
    from casework.domain.configuration import Configuration
    from casework.services.handlers import AdvanceResult
    from casework.settings import Settings

app = typer.Typer(
    name="casework",
    help="casework – sagsgange for politiske sager i kommunen (Danish by default; --lang en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
case_app = typer.Typer(help="Sager: opret, vis, list, avancer, historik.", no_args_is_help=True)
config_app = typer.Typer(help="Konfiguration: kontrollér config/.", no_args_is_help=True)
audit_app = typer.Typer(help="Revisionsspor: kontrollér hændelseskæderne.", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(config_app, name="config")
app.add_typer(audit_app, name="audit")


def _add_subcommands() -> None:
    # The sub-apps import only typer at module level, so registering them costs no start-up.
    from casework.entrypoints.agenda_cli import agenda_app
    from casework.entrypoints.delegation_cli import delegation_app
    from casework.entrypoints.diagram_cli import diagram_app
    from casework.entrypoints.meetings_cli import meetings_app

    app.add_typer(agenda_app, name="agenda")
    app.add_typer(delegation_app, name="delegation")
    app.add_typer(diagram_app, name="diagram")
    app.add_typer(meetings_app, name="meetings")

    from casework.entrypoints import oparl_cli, reminders_cli, serve_cli, stats_cli, web_cli

    for module in (serve_cli, reminders_cli, oparl_cli, stats_cli, web_cli):
        module.register(app)


class _State:
    lang: str = "da"
    overrides: dict[str, Any] = {}  # noqa: RUF012 - one process, one CLI invocation
    services: list[App] = []  # noqa: RUF012 - closed when the invocation ends


JsonOpt = Annotated[bool, typer.Option("--json", help="Output JSON for scripts.")]
ActorOpt = Annotated[str, typer.Option("--as", help="Who acts (person id from the config).")]


@app.callback()
def _root(
    lang: Annotated[str | None, typer.Option(help="Language: da or en.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Directory of the SQLite database.")] = None,
    config_dir: Annotated[Path | None, typer.Option(help="Configuration directory.")] = None,
    database_url: Annotated[str | None, typer.Option(help="Database URL (PostgreSQL).")] = None,
) -> None:
    """casework – sagsgange for politiske sager."""
    _State.overrides = {
        "data_dir": data_dir,
        "config_dir": config_dir,
        "database_url": database_url,
        "lang": lang,
    }
    if lang in {"da", "en"}:
        _State.lang = lang


def _settings() -> Settings:
    from casework.settings import Settings

    settings = Settings.from_env(**_State.overrides)
    _State.lang = settings.lang
    return settings


def _services() -> App:
    from casework.app import open_app

    services = open_app(_settings())
    _State.services.append(services)
    return services


def _invalid(exc: Any) -> InvalidInput:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return InvalidInput(detail="; ".join(parts))


def _command(model: Any, **values: Any) -> Any:
    from pydantic import ValidationError

    try:
        return model(**values)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


_add_subcommands()


# --------------------------------------------------------------------------- init / config
@app.command()
def init() -> None:
    """Opret eller opdatér databasen og kontrollér konfigurationen."""
    from casework.adapters.sql.engine import make_engine
    from casework.adapters.sql.schema import upgrade
    from casework.app import load_config

    settings = _settings()
    config = load_config(settings)
    engine = make_engine(settings.url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    _services().register_workflows()
    console = _console()
    console.print(t("cli.config_ok", _State.lang, **_config_counts(config)))
    console.print(t("cli.init_done", _State.lang, url=_safe_url(settings.url)))


def _safe_url(url: str) -> str:
    # Never print a password from a database URL.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


def _config_counts(config: Configuration) -> dict[str, Any]:
    m = config.municipality
    return {
        "workflows": len(config.workflows),
        "bodies": len(m.bodies),
        "people": len(m.people),
        "directory": config.directory or "",
    }


@config_app.command("check")
def config_check(
    directory: Annotated[Path | None, typer.Argument(help="Config directory.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Kontrollér hele konfigurationen og vis alle fejl på én gang."""
    from casework.adapters.config.full import load_full_configuration
    from casework.domain.errors import DefinitionError

    settings = _settings()
    target = directory or settings.config_dir
    try:
        config = load_full_configuration(target)
    except DefinitionError as exc:
        if not as_json:
            raise
        _print_json({"ok": False, "findings": [f.as_dict(_State.lang) for f in exc.findings]})
        raise typer.Exit(1) from None
    if as_json:
        _print_json({"ok": True, "findings": [], **_config_counts(config)})
    else:
        _console().print(t("cli.config_ok", _State.lang, **_config_counts(config)))


# --------------------------------------------------------------------------- cases
@case_app.command("new")
def case_new(
    title: Annotated[str, typer.Option(help="The case's title.")],
    actor: ActorOpt,
    workflow: Annotated[
        str | None,
        typer.Option(help="Workflow id, e.g. beslutningssag (default: as the plan decides)."),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            help="Bodies in order, e.g. 'tmu,oeu,kb' or 'tmu:indstiller,kb:beslutter' "
            "(default: the delegation plan decides)."
        ),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option("--attr", help="Attribute name=value (repeatable).")
    ] = None,
    deadline: Annotated[str | None, typer.Option(help="Done-by date, YYYY-MM-DD.")] = None,
    reference: Annotated[str | None, typer.Option(help="ESDH case number.")] = None,
    target_meeting: Annotated[
        str | None,
        typer.Option(help="Plan backwards from this meeting, e.g. 'kb:2027-04-29'."),
    ] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Opret en ny sag (og planlæg den baglæns fra et møde med --target-meeting)."""
    from casework.domain.commands import OpenCase
    from casework.domain.routes import parse_route

    cmd = _command(
        OpenCase,
        workflow=workflow,
        title=title,
        actor=actor,
        route=parse_route(route) if route is not None else None,
        attributes=_parse_attrs(attr or []),
        deadline=deadline,
        reference=reference,
        idempotency_key=key,
    )
    target = _target(target_meeting)
    services = _services()
    case = services.open_case(cmd)
    if target is not None:
        from casework.domain.commands import PlanCase

        case = services.plan(
            _command(PlanCase, case_id=case.id, actor=actor, target_body=target[0],
                     target_date=target[1])
        )  # fmt: skip
    if as_json:
        _print_json(_case_json(services, case))
        return
    graph = services.graph(case)
    _console().print(
        t(
            "cli.case_opened",
            _State.lang,
            case_id=case.id,
            title=case.title,
            step=graph.steps[case.step].step.label(_State.lang),
        )
    )


def _target(text: str | None) -> tuple[str, str] | None:
    """``kb:2027-04-29`` as (body, date text); pydantic checks the date."""
    if text is None:
        return None
    body, sep, day = text.partition(":")
    if not sep or not body.strip() or not day.strip():
        raise InvalidInput(detail=f"--target-meeting: ORGAN:ÅÅÅÅ-MM-DD ({text})")
    return body.strip(), day.strip()


def _parse_attrs(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(detail=t("cli.bad_attr", _State.lang, text=item))
        values[name.strip()] = value.strip()
    return values


@case_app.command("advance")
def case_advance(
    case_id: Annotated[str, typer.Argument(help="Case id, e.g. 2026-0012.")],
    action: Annotated[str, typer.Argument(help="Action, e.g. godkend.")],
    actor: ActorOpt,
    comment: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    expected_version: Annotated[
        int | None, typer.Option(help="Refuse if the case is no longer at this version.")
    ] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Udfør en handling på en sag."""
    from casework.domain.commands import AdvanceCase

    cmd = _command(
        AdvanceCase,
        case_id=case_id,
        action=action,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        idempotency_key=key,
    )
    services = _services()
    _report_advance(services, services.advance(cmd), as_json=as_json)


@case_app.command("show")
def case_show(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    actor: Annotated[
        str | None, typer.Option("--as", help="Show only the actions this person may take.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vis en sag: trin, sagsgang, frister, mulige handlinger og historik."""
    from casework.entrypoints import views

    services = _services()
    case, events = services.case(case_id)
    if as_json:
        from casework.domain.case import last_decision, override_reason, route_source

        data = _case_json(services, case, actor)
        data["route_source"] = route_source(events)
        data["route_override_reason"] = override_reason(events)
        data["decision"] = last_decision(events)
        data["history"] = [e.as_json() for e in events]
        _print_json(data)
        return
    views.print_case(_console(), services, case, events, actor=actor, lang=_State.lang)


@case_app.command("decide")
def case_decide(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    outcome: Annotated[
        str,
        typer.Argument(
            help="godkendt, anbefales, taget_til_efterretning, udsat, tilbagesendt, afvist, "
            "oversendt (or decided, recommended, noted, postponed, returned, rejected, referred)."
        ),
    ],
    actor: ActorOpt,
    text: Annotated[str | None, typer.Option(help="The decision's text in the minutes.")] = None,
    votes: Annotated[
        str | None, typer.Option(help="Vote lines, e.g. 'For: 5, imod: 2 (C)'.")
    ] = None,
    meeting: Annotated[str | None, typer.Option(help="The meeting's date, YYYY-MM-DD.")] = None,
    to: Annotated[str | None, typer.Option(help="'oversendt': the body referred to.")] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Registrér et organs beslutning fra beslutningsprotokollen; den flytter sagen videre."""
    from casework.domain.commands import Minutes, RecordDecision

    minutes = _command(
        Minutes, outcome=outcome, text=text, votes=votes, meeting=meeting, to_body=to
    )
    cmd = _command(
        RecordDecision, case_id=case_id, actor=actor, minutes=minutes, idempotency_key=key
    )
    services = _services()
    _report_advance(services, services.decide(cmd), as_json=as_json)


@case_app.command("set")
def case_set(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    actor: ActorOpt,
    attr: Annotated[
        list[str], typer.Option("--attr", help="Attribute name=value; name= clears it.")
    ],
    comment: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    expected_version: Annotated[int | None, typer.Option(help="Refuse if changed since.")] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ret sagens attributter; en sag routet af delegationsplanen vurderes igen."""
    from casework.domain.commands import ChangeAttributes

    values: dict[str, str | None] = {k: (v or None) for k, v in _parse_attrs(attr).items()}
    cmd = _command(
        ChangeAttributes,
        case_id=case_id,
        actor=actor,
        attributes=values,
        comment=comment,
        expected_version=expected_version,
        idempotency_key=key,
    )
    services = _services()
    _report_changed(services, services.change_attributes(cmd), as_json=as_json)


@case_app.command("route")
def case_route(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    route: Annotated[str, typer.Option(help="The new route, e.g. 'tmu,oeu,kb'.")],
    reason: Annotated[str, typer.Option(help="Why the route changes (kept in the history).")],
    actor: ActorOpt,
    expected_version: Annotated[int | None, typer.Option(help="Refuse if changed since.")] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key for safe retries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ændr sagens sagsgang (sekretariatet), med en begrundelse der bliver i historikken."""
    from casework.domain.commands import ChangeRoute
    from casework.domain.routes import parse_route

    cmd = _command(
        ChangeRoute,
        case_id=case_id,
        actor=actor,
        route=parse_route(route),
        reason=reason,
        expected_version=expected_version,
        idempotency_key=key,
    )
    services = _services()
    _report_changed(services, services.change_route(cmd), as_json=as_json)


def _report_advance(services: App, result: AdvanceResult, *, as_json: bool) -> None:
    """What an advance (or a decision from the minutes) did, for people or as JSON."""
    case = result.case
    if as_json:
        _print_json({"replayed": result.replayed, "event": result.event.as_json(),
                     "case": _case_json(services, case)})  # fmt: skip
    elif result.replayed:
        _console().print(t("cli.case_replayed", _State.lang, case_id=case.id))
    else:
        label = services.graph(case).steps[case.step].step.label(_State.lang)
        _console().print(t("cli.case_advanced", _State.lang, case_id=case.id,
                           action=result.event.data["action"], step=label,
                           version=case.version))  # fmt: skip


def _report_changed(services: App, case: Case, *, as_json: bool) -> None:
    if as_json:
        _print_json(_case_json(services, case))
    else:
        _console().print(t("cli.case_changed", _State.lang, case_id=case.id, version=case.version))


@case_app.command("plan")
def case_plan(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    ready: Annotated[
        str | None, typer.Option(help="Day the case is ready to move on (default: today).")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Record the plan in the case's history (needs --as).")
    ] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Who records the plan.")] = None,
    target_meeting: Annotated[
        str | None,
        typer.Option(help="Plan backwards from this meeting, e.g. 'kb:2027-04-29' (records)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Planlæg sagen baglæns fra møderne: de tidligste møder og fristen for hvert trin.

    Med --record gemmes planen i sagens historik: trinnenes frister følger planen, og en
    udsættelse eller tilbagesendelse planlægger sagen igen.
    """
    import datetime as dt

    from casework.domain.errors import CaseClosed
    from casework.domain.planning import NoFeasibleChain, Planner
    from casework.domain.workflow import CaseStatus
    from casework.entrypoints.meetings_cli import print_case_plan

    services = _services()
    case, _ = services.case(case_id)
    if case.status is CaseStatus.CLOSED:
        raise CaseClosed(case_id=case.id)
    calendar = services.config.calendar
    if calendar is None:
        raise InvalidInput(detail="config/calendar.yaml og config/meetings/ mangler")
    try:
        day = dt.date.fromisoformat(ready) if ready else services.clock.today()
    except ValueError:
        raise InvalidInput(detail=f"--ready: {ready!r} (YYYY-MM-DD)") from None
    target = _target(target_meeting)
    if record or target is not None:
        from casework.domain.commands import PlanCase

        if actor is None:
            raise InvalidInput(detail="--record / --target-meeting: --as PERSON")
        case = services.plan(
            _command(PlanCase, case_id=case.id, actor=actor, ready=day,
                     target_body=target[0] if target else None,
                     target_date=target[1] if target else None)
        )  # fmt: skip
    municipality = services.config.municipality
    planner = Planner(
        calendar.calendar,
        calendar.meetings,
        calendar.rules,
        names={b.id: b.short for b in municipality.bodies.values()},
    )
    graph = services.graph(case)
    try:
        if target is not None:
            from casework.services.plans import plan_towards

            try:
                goal = dt.date.fromisoformat(target[1])
            except ValueError:
                raise InvalidInput(detail=f"--target-meeting: {target[1]!r}") from None
            plan = plan_towards(planner, graph.definition, case, day, (target[0], goal))
        else:
            plan = planner.plan(graph.definition, case.route, day, from_step=case.step)
    except NoFeasibleChain as exc:
        if not as_json:
            for rejection in exc.rejections:
                _console().print("  " + rejection.message(_State.lang), markup=False)
        raise
    if as_json:
        _print_json({"case": case.id, **plan.as_json(_State.lang)})
        return
    heading = f"{case.id}  {case.title}"
    print_case_plan(_console(), heading, plan, municipality, _State.lang)


@case_app.command("list")
def case_list(
    status: Annotated[str, typer.Option(help="open, closed or all.")] = "open",
    owner: Annotated[str | None, typer.Option(help="Case officer id.")] = None,
    centre: Annotated[str | None, typer.Option(help="Centre id.")] = None,
    step: Annotated[str | None, typer.Option(help="Step id (template).")] = None,
    workflow: Annotated[str | None, typer.Option(help="Workflow id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List sager, nyeste ændring først."""
    from casework.domain.workflow import CaseStatus
    from casework.entrypoints import views
    from casework.services.ports import CaseQuery

    statuses = {"open": CaseStatus.OPEN, "closed": CaseStatus.CLOSED, "all": None}
    if status not in statuses:
        raise InvalidInput(detail=f"--status: open | closed | all ({status})")
    services = _services()
    cases = services.cases(
        CaseQuery(
            status=statuses[status],
            owner=owner,
            centre=centre,
            step=step,
            workflow=workflow,
            limit=limit,
        )
    )
    if as_json:
        _print_json([_case_json(services, c) for c in cases])
        return
    views.print_cases(_console(), services, cases, _State.lang, title=None)


@case_app.command("history")
def case_history(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    as_json: JsonOpt = False,
) -> None:
    """Vis sagens historik (hændelser med hash-kæde)."""
    from casework.entrypoints import views

    services = _services()
    events = services.history(case_id)
    if as_json:
        _print_json([e.as_json() for e in events])
        return
    views.print_history(_console(), services, events, _State.lang)


@app.command()
def board(
    limit: Annotated[int, typer.Option(min=1, max=500, help="Urgent cases shown.")] = 15,
    as_json: JsonOpt = False,
) -> None:
    """Sagstavlen: åbne sager pr. trin og de mest presserende sager."""
    from casework.entrypoints import views
    from casework.services.ports import CaseQuery

    services = _services()
    urgent = services.urgent(limit)
    open_cases = services.cases(CaseQuery(limit=100_000))
    counts: dict[str, int] = {}
    for case in open_cases:
        label = views.step_label(services, case, _State.lang)
        counts[label] = counts.get(label, 0) + 1
    if as_json:
        _print_json({"by_step": counts, "urgent": [_case_json(services, c) for c in urgent]})
        return
    views.print_board(_console(), services, counts, urgent, _State.lang)


# --------------------------------------------------------------------------- audit / demo
@audit_app.command("verify")
def audit_verify(
    case_id: Annotated[list[str] | None, typer.Argument(help="Only these cases.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Kontrollér hash-kæden og at hver sag svarer til genafspilningen af dens hændelser."""
    services = _services()
    report = services.verify_audit(case_id or None)
    lang = _State.lang
    if as_json:
        _print_json(
            {
                "ok": report.ok,
                "cases": report.cases,
                "events": report.events,
                "findings": [f.as_dict(lang) for f in report.findings],
            }
        )
    elif report.ok:
        _console().print(t("cli.audit_ok", lang, cases=report.cases, events=report.events))
    else:
        err = _console()
        err.print(t("cli.audit_bad", lang, count=len(report.findings), cases=report.cases))
        for finding in report.findings:
            err.print("  " + finding.message(lang), markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def demo(
    cases: Annotated[int, typer.Option(min=1, max=100_000, help="How many cases.")] = 60,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same cases).")] = 2026,
    force: Annotated[bool, typer.Option(help="Add cases even if some exist.")] = False,
) -> None:
    """Fyld databasen med demosager for Eksempel Kommune, på alle trin og med historik."""
    from casework.services.demo import seed_demo
    from casework.services.ports import CaseQuery

    services = _services()
    existing = len(services.cases(CaseQuery(status=None, limit=100_000)))
    if existing and not force:
        _console().print(t("cli.demo_skipped", _State.lang, count=existing))
        return
    ids = seed_demo(
        services.uow_factory,
        services.config,
        cases=cases,
        seed=seed + existing,
        end=services.clock.now(),
    )
    _console().print(t("cli.demo_done", _State.lang, count=len(ids)))


def _case_json(services: App, case: Case, actor: str | None = None) -> dict[str, Any]:
    from casework.domain.case import responsible_people

    graph = services.graph(case)
    municipality = services.config.municipality
    node = graph.steps[case.step]
    actions = case.available_actions(graph, municipality if actor else None, actor)
    return {
        "id": case.id,
        "title": case.title,
        "workflow": case.workflow_id,
        "workflow_version": case.workflow_version,
        "case_type": case.case_type,
        "status": case.status.value,
        "step": case.step,
        "step_title": node.step.label("da"),
        "body": node.body,
        "version": case.version,
        "owner": case.owner,
        "centre": case.centre,
        "route": [
            # A body imported from OParl is not configured: its key is its name (issue 7).
            {
                "body": e.body,
                "role": e.role.value,
                "name": getattr(municipality.bodies.get(e.body), "name", e.body),
            }
            for e in case.route
        ],
        "attributes": case.attributes,
        "opened_at": case.opened_at,
        "updated_at": case.updated_at,
        "step_due": case.step_due,
        "deadline": case.deadline,
        "due": case.due,
        "reference": case.reference,
        "responsible": responsible_people(case, graph, municipality),
        "actions": [
            {"action": a.action, "title": a.transition.label("da"), "to": a.target} for a in actions
        ],
    }


# --------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; 0 success, 1 a casework error, 2 a usage error."""
    args = list(sys.argv[1:] if argv is None else argv)
    _State.lang = "da"
    _State.overrides = {}
    _State.services = []
    try:
        return _invoke(args)
    finally:
        for services in _State.services:
            services.close()


def _invoke(args: list[str]) -> int:
    try:
        result = app(args=args, prog_name="casework", standalone_mode=False)
    except CaseworkError as exc:
        _error(exc.message(_State.lang))
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 1
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        formatter = getattr(exc, "format_message", None)
        detail = formatter() if callable(formatter) else str(exc)
        _error(t("cli.usage", _State.lang, detail=detail))
        return int(getattr(exc, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def _error(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
