"""Agendas closed and published on time: one-off runs at each meeting's agenda deadline.

On the deadline day (counted back from the meeting by the calendar's agenda rule), the agenda is
*closed* in the morning: the full version (with closed items and the secretariat's warnings) is
written for the members, and its items and missing cases go to an artifact. Later that day it
is *published*: the public version, which holds no closed-item content, is written for the
website. The times of day are ``CASEWORK_AGENDA_CLOSE_AT`` and ``CASEWORK_AGENDA_PUBLISH_AT``
(defaults 08:00 and 12:00, local time). Each run re-checks that the meeting and its deadline are
still what it was scheduled for, so a run left over from a changed meeting plan does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger

from casework.flows import runtime

if TYPE_CHECKING:
    from casework.domain.configuration import Configuration
    from casework.domain.meetings import Meeting

DEFAULT_CLOSE_AT = dt.time(8, 0)
DEFAULT_PUBLISH_AT = dt.time(12, 0)
FORMATS = ("html", "pdf", "json")


def _time_setting(name: str, default: dt.time) -> dt.time:
    text = os.environ.get(name)
    return dt.time.fromisoformat(text) if text else default


def agenda_times(
    config: Configuration, start: dt.datetime, until: dt.datetime
) -> Iterator[tuple[Meeting, dt.datetime, dt.datetime]]:
    """Each ordinary meeting whose agenda deadline falls between ``start`` and ``until``, with
    its close and publication instants (aware, UTC)."""
    from casework.domain.agenda import NoMeetingPlan
    from casework.domain.meetings import MeetingKind

    calendar = config.calendar
    if calendar is None:
        raise NoMeetingPlan()
    close_at = _time_setting("CASEWORK_AGENDA_CLOSE_AT", DEFAULT_CLOSE_AT)
    publish_at = _time_setting("CASEWORK_AGENDA_PUBLISH_AT", DEFAULT_PUBLISH_AT)
    first = calendar.calendar.local_date(start)
    last = calendar.calendar.local_date(until)
    for meeting in calendar.meetings.meetings:
        if meeting.kind is MeetingKind.EXTRA or meeting.date < first:
            continue
        spec = calendar.rules.for_body(meeting.body).agenda
        if spec is None:
            continue
        try:
            deadline = calendar.calendar.before(meeting.date, spec).date
        except Exception:
            continue
        if not first <= deadline <= last:
            continue
        yield (
            meeting,
            calendar.calendar.local(deadline, close_at).astimezone(dt.UTC),
            calendar.calendar.local(deadline, publish_at).astimezone(dt.UTC),
        )


def _out_dir(body: str, day: dt.date) -> Path:
    return runtime.settings().data_dir / "dagsordener" / f"{body}-{day.isoformat()}"


def _still_due(body: str, day: dt.date) -> bool:
    return any(m.date == day for m in runtime.services().agendas.meetings(body))


@flow(name="close-agenda", flow_run_name="close-agenda-{body}-{date}", log_prints=False)
def close_agenda(body: str, date: dt.date) -> list[str]:
    """Close the agenda: write the full version and report its items and missing cases."""
    return _write(body, date, public=False)


@flow(name="publish-agenda", flow_run_name="publish-agenda-{body}-{date}", log_prints=False)
def publish_agenda(body: str, date: dt.date) -> list[str]:
    """Publish the agenda: write the public version (no closed-item content)."""
    return _write(body, date, public=True)


def _write(body: str, day: dt.date, *, public: bool) -> list[str]:
    from prefect.artifacts import create_markdown_artifact

    from casework.app.coordination import outlook_of
    from casework.app.files import private_dir, write_published
    from casework.domain.agenda import Visibility
    from casework.flows.artifacts import agendas_markdown

    logger = get_run_logger()
    if not _still_due(body, day):
        logger.info("Mødet %s %s findes ikke længere i mødeplanen; intet at gøre.", body, day)
        return []
    services = runtime.services()
    today = services.clock.today()
    agenda = services.agendas.agenda(body, day)
    visibility = Visibility.PUBLIC if public else Visibility.FULL
    version = agenda.publish(visibility)
    out = private_dir(_out_dir(body, day))  # in the data directory: owner only
    written: list[str] = []
    for kind in FORMATS:
        path = out / f"{body}-{day.isoformat()}-{visibility.value}.{kind}"
        # Atomic (a reader never sees half a file); the full version is 0600.
        write_published(path, services.agendas.render(version, kind), full=not public)
        written.append(str(path))
    outlook = outlook_of(agenda, public=public)
    what = "offentliggjort" if public else "lukket"
    create_markdown_artifact(
        markdown=agendas_markdown([outlook], today)
        + f"\nDagsordenen er {what}. Filer:\n\n"
        + "\n".join(f"- `{p}`" for p in written)
        + "\n",
        key=f"agenda-{body}-{day.isoformat()}-{'public' if public else 'full'}",
        description=f"Dagsorden for {agenda.body_name} {day.isoformat()}: {what}.",
    )
    logger.info("Dagsorden %s %s %s: %d filer.", body, day, what, len(written))
    return written
