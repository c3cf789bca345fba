"""iCalendar files (RFC 5545, with the ``icalendar`` package): a body's meetings, and a
person's step deadlines.

Meetings are timed events in Europe/Copenhagen (with its VTIMEZONE), deadlines all-day events
(DTSTART and DTEND as dates, DTEND exclusive). UIDs are stable, so a re-exported file updates
the events a calendar already holds instead of duplicating them: ``meeting-tmu-2026-04-13@casework``
and ``case-2026-0012-step-kladde@casework``. ``DTSTAMP`` comes from the caller's clock.

Calendar files end up on phones and in cloud calendars, so they carry no closed-item content:
a meeting event names the body only, and a deadline of a case proposed closed names the case
number and the step, not the case's title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from casework.domain.meetings import Meeting, MeetingKind
from casework.services.ports import StepDeadline

ZONE = ZoneInfo("Europe/Copenhagen")
PRODID = "-//casework//agendas//DA"
#: Meetings have no end in the meeting plan; calendars show this much.
MEETING_LENGTH = dt.timedelta(hours=2)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _uid_part(text: str) -> str:
    # '@' separates the UID's domain; concrete step ids such as "orientering@oeu" carry one.
    return text.replace("@", "-")


def meetings_ical(
    meetings: Iterable[Meeting],
    *,
    body: str,
    body_name: str,
    stamp: dt.datetime,
    municipality: str = "",
) -> bytes:
    """Every meeting of one body as a VCALENDAR."""
    cal = _calendar(f"{body_name} – møder")
    for meeting in meetings:
        start = dt.datetime.combine(meeting.date, meeting.time, tzinfo=ZONE)
        event = Event()
        event.add("uid", f"meeting-{_uid_part(body)}-{meeting.date.isoformat()}@casework")
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
        kind = " (ekstra møde)" if meeting.kind is MeetingKind.EXTRA else ""
        event.add("summary", f"Møde i {body_name}{kind}")
        if meeting.note:
            event.add("description", meeting.note)
        if municipality:
            event.add("location", municipality)
        event.add("categories", [body])
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def deadlines_ical(
    deadlines: Iterable[StepDeadline], *, person_name: str, stamp: dt.datetime
) -> bytes:
    """Step deadlines as all-day events; ``stamp`` (DTSTAMP) is the time of the export."""
    cal = _calendar(f"Frister for {person_name}")
    for deadline in deadlines:
        event = Event()
        step = _uid_part(deadline.step)
        event.add("uid", f"case-{deadline.case_id}-step-{step}@casework")
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + dt.timedelta(days=1))
        case = f"Sag {deadline.case_id}"
        if not deadline.closed:
            case = f"{case}: {deadline.title}"
        event.add("summary", f"Frist: {deadline.step_title} – {case}")
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        cal.add_component(event)
    return bytes(cal.to_ical())
