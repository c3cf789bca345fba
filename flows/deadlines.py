"""Time, given to Prefect: the deadline sweep, one-off reminder runs, and the runs scheduling them.

- ``deadline-sweep`` (Cron 07:00 and 13:00 on weekdays, Europe/Copenhagen; a public holiday is
  skipped by casework's calendar, which cron cannot know) enqueues every reminder that is due and
  drains the outbox. The outbox's unique key makes each reminder go out once, whichever sweep or
  one-off run gets there first, and whether or not an earlier sweep died midway.
  The sweep also makes the day's audit anchor, once a working day, and keeps its file in the data
  directory's ``revisionsankre`` folder for the archive (``casework.app.anchors``).
- ``send-reminder`` is one reminder at its due time. It re-reads the database when it starts and
  does nothing if the reminder has become obsolete (the case moved on or was re-planned).
- ``schedule-runs`` (every few minutes) keeps the one-off runs in step with the database, reading
  only the cases changed since its last run (the bus's change feed; every case on its first
  run) and retrying follow-ups that failed: a reminder of a newly planned or re-planned case
  gets its run (``run_deployment`` with the
  reminder's key as idempotency key, so a rerun creates nothing twice), a run whose reminder is
  obsolete is cancelled, and each coming agenda gets its close and publication runs. Planning a
  case therefore never waits for Prefect: the change is committed first and followed up here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from prefect import flow, get_run_logger

from casework.flows import runtime
from casework.flows.protocols import schedule_protocols

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
    calendar = services.agendas.calendar().calendar
    local_day = calendar.local_date(at)
    if not force and not _is_working_day(calendar, local_day):
        logger.info("Ingen fristkørsel: %s er ikke en hverdag.", local_day.isoformat())
        return {"skipped": local_day.isoformat()}
    # The day's audit anchor: once a day (the second sweep finds it made), its file kept in the
    # data directory for the archive (docs/operations.md).
    made, kept = services.daily_anchor()
    anchor = {"anchor": made.anchor.seq, "anchor_made": made.made, "anchor_file": str(kept)}
    # Follow-ups that failed (a re-plan) are retried first, so the sweep sees their result.
    retried = services.dispatch_pending()
    if retried.failed:
        logger.warning("Opfølgninger fejlede: %s", "; ".join(retried.errors))
    report = runtime.reminders().sweep(now=at)
    summary = {**_as_dict(report), "follow_ups_failed": retried.failed, **anchor}
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
    """Create the one-off runs for coming reminders and agendas; cancel obsolete reminder runs.

    Only the cases changed since the last run are read (the bus's change feed); the first run,
    with no position stored yet, reads every case. Follow-ups that failed earlier are retried
    first, so a re-plan they make is scheduled in this same run.
    """
    from prefect.deployments import run_deployment

    logger = get_run_logger()
    services = runtime.services()
    reminders = runtime.reminders()
    retried = services.dispatch_pending()
    if retried.failed:
        logger.warning("Opfølgninger fejlede: %s", "; ".join(retried.errors))
    now = services.clock.now()
    until = now + dt.timedelta(days=horizon_days)
    plan = services.reminder_runs_to_schedule(reminders, now=now, until=until)
    for reminder in plan.create:
        run: Any = run_deployment(  # sync here: a sync flow gets the sync variant
            SEND_REMINDER,
            parameters={"key": reminder.key},
            scheduled_time=reminder.fire_at,
            timeout=0,
            idempotency_key=f"reminder:{reminder.key}",
            as_subflow=False,
            tags=[f"case:{reminder.case_id}", "reminder", f"kind:{reminder.kind}"],
        )
        reminders.record_run(reminder.key, str(run.id), reminder.fire_at)
    cancelled = _cancel_obsolete(list(plan.cancel))
    # Stored only now: had anything above failed, the next run reads these cases again.
    services.reminder_runs_scheduled(plan)
    agendas = _schedule_agendas(now, until)
    protocols = schedule_protocols()
    summary = {
        "reminder_runs": len(plan.create),
        "cancelled": cancelled,
        "agenda_runs": agendas,
        "protocol_runs": protocols,
        "cases_read": plan.cases_read,
        "follow_ups_failed": retried.failed,
    }
    logger.info("Planlagte kørsler: %s", summary)
    return summary


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

    from casework.flows.agendas import agenda_times

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
