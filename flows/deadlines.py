"""Time, given to Prefect: the deadline sweep, one-off reminder runs, and the runs scheduling them.

- ``deadline-sweep`` (Cron 07:00 and 13:00 on weekdays, Europe/Copenhagen; a public holiday is
  skipped by casework's calendar, which cron cannot know) enqueues every reminder that is due and
  drains the outbox. The outbox's unique key makes each reminder go out once, whichever sweep or
  one-off run gets there first, and whether or not an earlier sweep died midway.
- ``send-reminder`` is one reminder at its due time. It re-reads the database when it starts and
  does nothing if the reminder has become obsolete (the case moved on or was re-planned).
- ``schedule-runs`` (every few minutes) keeps the one-off runs in step with the database: a
  reminder of a newly planned or re-planned case gets its run (``run_deployment`` with the
  reminder's key as idempotency key, so a rerun creates nothing twice), a run whose reminder is
  obsolete is cancelled, and each coming agenda gets its close and publication runs. Planning a
  case therefore never waits for Prefect: the change is committed first and followed up here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect import flow, get_run_logger

from flows import runtime

#: Deployment names, "<flow name>/<deployment name>", for run_deployment.
SEND_REMINDER = "send-reminder/casework"
CLOSE_AGENDA = "close-agenda/casework"
PUBLISH_AGENDA = "publish-agenda/casework"

#: How far ahead reminders and agenda runs are scheduled as one-off runs; the sweep covers
#: everything, so this only bounds how many scheduled runs the UI lists.
DEFAULT_HORIZON_DAYS = 21


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return runtime.services().clock.now()
    return now if now.tzinfo else now.replace(tzinfo=dt.UTC)


@flow(name="deadline-sweep", log_prints=False)
def deadline_sweep(now: dt.datetime | None = None, force: bool = False) -> dict[str, Any]:
    """Send every reminder that is due, exactly once; skipped on days that are not hverdage."""
    logger = get_run_logger()
    at = _now(now)
    services = runtime.services()
    from casework.services.agendas import calendar_of

    calendar = calendar_of(services.config).calendar
    local_day = calendar.local_date(at)
    if not force and not _is_working_day(calendar, local_day):
        logger.info("Ingen fristkørsel: %s er ikke en hverdag.", local_day.isoformat())
        return {"skipped": local_day.isoformat()}
    report = runtime.reminders().sweep(now=at)
    summary = _as_dict(report)
    logger.info("Fristkørsel: %s", summary)
    return summary


@flow(name="send-reminder", flow_run_name="reminder-{key}", log_prints=False)
def send_reminder(key: str) -> str:
    """Send one reminder if it is still due and not yet sent; the outcome is returned."""
    outcome = str(runtime.reminders().fire(key))
    get_run_logger().info("Påmindelse %s: %s", key, outcome)
    return outcome


@flow(name="schedule-runs", log_prints=False)
def schedule_runs(horizon_days: int = DEFAULT_HORIZON_DAYS) -> dict[str, int]:
    """Create the one-off runs for coming reminders and agendas; cancel obsolete reminder runs."""
    from prefect.deployments import run_deployment

    from casework.services.ports import CaseQuery

    logger = get_run_logger()
    services = runtime.services()
    reminders = runtime.reminders()
    now = services.clock.now()
    until = now + dt.timedelta(days=horizon_days)
    created = 0
    obsolete: list[Any] = []
    # Closed cases too: their still-scheduled runs are obsolete and get cancelled.
    for case in services.cases(CaseQuery(status=None, limit=1_000_000)):
        wanted = {r.key: r for r in reminders.upcoming(case.id, now=now) if r.fire_at <= until}
        known = {run.key: run for run in reminders.runs_for_case(case.id)}
        for key, reminder in wanted.items():
            if key in known:
                continue
            run: Any = run_deployment(  # sync here: a sync flow gets the sync variant
                SEND_REMINDER,
                parameters={"key": key},
                scheduled_time=reminder.fire_at,
                timeout=0,
                idempotency_key=f"reminder:{key}",
                as_subflow=False,
                tags=[f"case:{case.id}", "reminder", f"kind:{reminder.kind}"],
            )
            reminders.record_run(key, str(run.id), reminder.fire_at)
            created += 1
        obsolete += [
            run
            for key, run in known.items()
            if key not in wanted and _instant(run.scheduled_for) > now
        ]
    cancelled = _cancel_obsolete(obsolete)
    agendas = _schedule_agendas(now, until)
    summary = {"reminder_runs": created, "cancelled": cancelled, "agenda_runs": agendas}
    logger.info("Planlagte kørsler: %s", summary)
    return summary


def _instant(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _cancel_obsolete(runs: list[Any]) -> int:
    """Cancel still-scheduled runs of obsolete reminders (the run would find nothing to do)."""
    if not runs:
        return 0
    from uuid import UUID

    from prefect import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound
    from prefect.states import Cancelled

    cancelled = 0
    with get_client(sync_client=True) as client:
        for run in runs:
            run_id = UUID(str(run.flow_run_id))
            try:
                flow_run = client.read_flow_run(run_id)
            except ObjectNotFound:  # vacuumed or deleted: nothing left to cancel
                continue
            if flow_run.state is not None and flow_run.state.type is StateType.SCHEDULED:
                client.set_flow_run_state(
                    run_id,
                    Cancelled(message="Påmindelsen er forældet: sagen er gået videre eller "
                              "planlagt om."),
                    force=True,
                )  # fmt: skip
                cancelled += 1
    return cancelled


def _schedule_agendas(now: dt.datetime, until: dt.datetime) -> int:
    from prefect.deployments import run_deployment

    from flows.agendas import agenda_times

    created = 0
    for meeting, close_at, publish_at in agenda_times(runtime.services().config, now, until):
        day = meeting.date.isoformat()
        params = {"body": meeting.body, "date": day}
        tags = [f"body:{meeting.body}", "agenda"]
        for name, at, kind in (
            (CLOSE_AGENDA, close_at, "close"),
            (PUBLISH_AGENDA, publish_at, "publish"),
        ):
            if at <= now:
                continue
            run_deployment(
                name,
                parameters=params,
                scheduled_time=at,
                timeout=0,
                # The time is part of the key: a moved deadline gets a run of its own, and the
                # old run finds the meeting's times changed and does nothing.
                idempotency_key=f"agenda-{kind}:{meeting.body}:{day}:{at.isoformat()}",
                as_subflow=False,
                tags=tags,
            )
            created += 1
    return created


def _is_working_day(calendar: Any, day: dt.date) -> bool:
    try:
        return bool(calendar.is_hverdag(day, saturday=False))
    except Exception:
        return day.weekday() < 5


def _as_dict(report: Any) -> dict[str, Any]:
    if hasattr(report, "as_dict"):
        return dict(report.as_dict())
    if hasattr(report, "model_dump"):
        return dict(report.model_dump())
    from dataclasses import asdict, is_dataclass

    if is_dataclass(report) and not isinstance(report, type):
        return asdict(report)
    return dict(report)
