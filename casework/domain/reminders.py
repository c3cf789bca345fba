"""Reminders and the escalation chain for step deadlines; pure arithmetic, no I/O, no clock.

A step's deadline (the case's nearest due date while it stands at that step) gives three
reminders, as the issue's escalation chain has it:

* ``before``: N hverdage before the deadline, to the people responsible for the step;
* ``due``: on the deadline, to them and their superior in the organisation (a case officer's
  centre head, a centre head's director, a director's municipal director, the secretariat's
  head: the ``superior:`` of their role in municipality.yaml);
* ``overdue``: M hverdage after the deadline, to the director of the centre's directorate and
  the secretariat (for a director's or the secretariat's own step, their superior instead).

Each reminder has a stable key built from case id, step, kind and due date
(``2026-0061:kladde:before:2026-03-10``): a case re-planned to another date gets new keys and
the old ones become obsolete, and the outbox's unique key is what makes a reminder go out once.
It fires at the configured local time of day (07:00 Europe/Copenhagen) on its day, as a UTC
instant. Whether a reminder is still wanted is decided against the case as it is now
(:func:`is_obsolete`): a case that moved on, closed or got another due date makes it obsolete.

Who holds which role comes from ``municipality.yaml`` (roles are data); which role ids mean
"superior", "director" and "secretariat" comes from ``reminders.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from casework.domain.danish import date_da, long_date_da
from casework.domain.errors import CaseworkError
from casework.domain.messages import register
from casework.domain.organisation import Municipality
from casework.domain.workdays import CalendarRangeError, WorkCalendar, local_datetime

register(
    {
        "reminders.send_failed": (
            "Beskeden kunne ikke sendes via {channel}: {detail}",
            "The message could not be sent via {channel}: {detail}",
        ),
        "reminders.bad_key": (
            "'{key}' er ingen påmindelsesnøgle (sag:trin:art:frist, fx "
            "2026-0061:kladde:before:2026-03-10)",
            "'{key}' is no reminder key (case:step:kind:due, e.g. "
            "2026-0061:kladde:before:2026-03-10)",
        ),
        "reminders.no_calendar": (
            "Påmindelser kræver en arbejdsdagskalender (config/calendar.yaml).",
            "Reminders need a working-day calendar (config/calendar.yaml).",
        ),
        "reminders.bad_setting": ("{setting}: {detail}", "{setting}: {detail}"),
    }
)


class NotificationFailed(CaseworkError):
    """A channel did not accept a message; ``permanent`` when retrying cannot help."""

    code = "CW521"
    key = "reminders.send_failed"

    def __init__(self, *, channel: str, detail: str, permanent: bool = False) -> None:
        self.permanent = permanent
        super().__init__(channel=channel, detail=detail)


class UnknownReminder(CaseworkError):
    """A reminder key given by a caller does not have the shape of one."""

    code = "CW522"
    key = "reminders.bad_key"


class NoWorkCalendar(CaseworkError):
    """Reminders are counted in hverdage, and no calendar is configured."""

    code = "CW523"
    key = "reminders.no_calendar"


class ReminderSettingError(CaseworkError):
    """A reminder setting from the environment (``CASEWORK_SMTP_PORT`` …) is invalid."""

    code = "CW524"
    key = "reminders.bad_setting"


class ReminderKind(StrEnum):
    """The three steps of the escalation chain, in the order they fire."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


#: Kinds in firing order, so a later kind can supersede an earlier one that is also due.
KIND_ORDER: tuple[ReminderKind, ...] = (ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.OVERDUE)


@dataclass(frozen=True, slots=True)
class EscalationRoles:
    """Which role ids of ``municipality.yaml`` play the parts of the escalation chain."""

    superior: str = "centerchef"
    director: str = "direktoer"
    secretariat: str = "sekretariat"


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    """The chain's timing: N hverdage before, M hverdage after, at ``send_at`` local time."""

    before_workdays: int = 3
    overdue_workdays: int = 2
    send_at: dt.time = dt.time(7, 0)
    roles: EscalationRoles = EscalationRoles()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff for failed sends: ``base``, ``2·base``, … up to ``cap`` seconds; the
    message is given up (kept, never marked sent) after ``max_attempts`` failures."""

    max_attempts: int = 8
    base_seconds: float = 60.0
    cap_seconds: float = 3600.0

    def delay(self, attempts: int) -> dt.timedelta:
        """The wait after the ``attempts``-th failure (1-based)."""
        seconds = self.base_seconds * 2 ** max(attempts - 1, 0)
        return dt.timedelta(seconds=min(seconds, self.cap_seconds))


@dataclass(frozen=True, slots=True)
class ReminderConfig:
    """``reminders.yaml`` (and the environment's overrides) as one frozen object.

    ``channels`` are channel names (``file``, ``console``, ``smtp``, ``webhook``); every message
    goes out on each of them. ``channel_settings`` holds each channel's own settings as plain
    values, for the adapters.
    """

    policy: EscalationPolicy = EscalationPolicy()
    channels: tuple[str, ...] = ("file",)
    lang: str = "da"
    base_url: str = "http://127.0.0.1:8000"
    sender_name: str = "casework"
    batch_size: int = 500
    #: Messages sent side by side (each lane its own SMTP connection).
    parallel: int = 4
    lease_seconds: float = 300.0
    retry: RetryPolicy = RetryPolicy()
    channel_settings: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StepDeadline:
    """One deadline a reminder can be about: a case's step and its due date.

    ``responsible`` are the people who should act at the step (the owner for case-officer
    steps, else the role's holders in the case's centre), as ``responsible_people`` names them.
    """

    case_id: str
    title: str
    step: str
    due: dt.date
    centre: str
    responsible: tuple[str, ...]
    step_title: str = ""


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder of one kind about one step deadline, to its recipients, at ``fire_at``."""

    key: str
    case_id: str
    step: str
    kind: ReminderKind
    due: dt.date
    fire_on: dt.date
    fire_at: dt.datetime  # aware, UTC
    recipients: tuple[str, ...]
    title: str = ""
    step_title: str = ""

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form with stable keys, for ``--json`` and flow parameters."""
        return {
            "key": self.key,
            "case_id": self.case_id,
            "step": self.step,
            "kind": self.kind.value,
            "due": self.due.isoformat(),
            "fire_on": self.fire_on.isoformat(),
            "fire_at": self.fire_at.isoformat(),
            "recipients": list(self.recipients),
        }


@dataclass(frozen=True, slots=True)
class CurrentState:
    """What a reminder is checked against when it fires: the case as it stands now."""

    open: bool
    step: str
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class ParsedKey:
    """The parts of a reminder key."""

    case_id: str
    step: str
    kind: ReminderKind
    due: dt.date


def reminder_key(case_id: str, step: str, kind: ReminderKind, due: dt.date) -> str:
    """``2026-0061:kladde:before:2026-03-10``: unique per case, step, kind and due date."""
    return f"{case_id}:{step}:{kind.value}:{due.isoformat()}"


def parse_key(key: str) -> ParsedKey:
    """The parts of a key made by :func:`reminder_key`; ValueError for anything else."""
    parts = key.split(":")
    if len(parts) != 4 or not all(parts):
        raise ValueError(f"not a reminder key: {key!r}")
    case_id, step, kind, due = parts
    return ParsedKey(case_id, step, ReminderKind(kind), dt.date.fromisoformat(due))


@dataclass(frozen=True, slots=True)
class Organisation:
    """The people the chain escalates to, looked up once per centre (a sweep asks 100,000 times).

    Built from the municipality and the policy's role ids; lists are sorted by person id.
    """

    municipality: Municipality
    roles: EscalationRoles
    _cache: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, compare=False)
    _superiors: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = field(
        default_factory=dict, compare=False
    )

    def holders(self, role: str, centre: str) -> tuple[str, ...]:
        """People holding ``role``; centre-scoped roles narrowed to ``centre``."""
        found = self._cache.get((role, centre))
        if found is None:
            if role in self.municipality.roles or any(
                role in p.roles for p in self.municipality.people.values()
            ):
                found = tuple(p.id for p in self.municipality.people_with_role(role, centre))
            else:
                found = ()
            self._cache[(role, centre)] = found
        return found

    def superiors(self, centre: str, responsible: Sequence[str]) -> tuple[str, ...]:
        """The superiors of the people ``responsible`` for a step of a case in ``centre``.

        Each person's superior follows the organisation (``superior:`` of their role in
        municipality.yaml), looked up in their own centre: a case officer's is her centre head,
        a director's the municipal director, the secretariat's its head, never the case's
        centre head for a director's step and never one of the responsible people. A role
        without holders there passes on to its own superior. Without any ``superior:`` in the
        configuration the centre head of ``centre`` (the director when that head is the one
        responsible) is used, as before.
        """
        wanted = tuple(responsible)
        found = self._superiors.get((centre, wanted))
        if found is None:
            people: list[str] = []
            for person_id in wanted:
                people += self._line_superiors(person_id, centre)
            found = tuple(p for p in dict.fromkeys(people) if p not in wanted)
            if not found and not self._has_lines():
                heads = tuple(
                    p for p in self.holders(self.roles.superior, centre) if p not in wanted
                )
                found = heads or tuple(p for p in self.directors(centre) if p not in wanted)
            self._superiors[(centre, wanted)] = found
        return found

    def _has_lines(self) -> bool:
        return any(r.superior for r in self.municipality.roles.values())

    def _line_superiors(self, person_id: str, centre: str) -> list[str]:
        person = self.municipality.people.get(person_id)
        if person is None:
            return []
        # A director of several centres answers for the case's one; anyone else in their own.
        centres = [centre] if centre in person.centres else sorted(person.centres) or [centre]
        found: list[str] = []
        for role_id in sorted(person.roles):
            seen = {role_id}
            role = self.municipality.roles.get(role_id)
            above = role.superior if role else None
            while above is not None and above not in seen:
                seen.add(above)
                holders = [p for c in centres for p in self.holders(above, c) if p != person_id]
                if holders:
                    found += holders
                    break
                role = self.municipality.roles.get(above)
                above = role.superior if role else None
        return found

    def directors(self, centre: str) -> tuple[str, ...]:
        """The director(s) of the directorate ``centre`` belongs to."""
        return self.holders(self.roles.director, centre)

    def secretariat(self) -> tuple[str, ...]:
        """The secretariat's people (a role of scope ``all``)."""
        return self.holders(self.roles.secretariat, "")


def recipients(
    kind: ReminderKind, deadline: StepDeadline, organisation: Organisation
) -> tuple[str, ...]:
    """Who gets the ``kind`` reminder about ``deadline``, without repeats, in chain order."""
    responsible = set(deadline.responsible)
    if kind is ReminderKind.BEFORE:
        people: Iterable[str] = deadline.responsible
    elif kind is ReminderKind.DUE:
        people = (
            *deadline.responsible,
            *organisation.superiors(deadline.centre, deadline.responsible),
        )
    else:
        # The director and the secretariat; when one of them is the responsible person, their
        # superior in the organisation instead (a director's step escalates to the municipal
        # director, the secretariat's to its head): nobody is escalated to about herself.
        above = organisation.superiors(deadline.centre, deadline.responsible)
        directors = [p for p in organisation.directors(deadline.centre) if p not in responsible]
        secretariat = [p for p in organisation.secretariat() if p not in responsible]
        people = (*(directors or above), *(secretariat or above))
    return tuple(dict.fromkeys(people))


def fire_day(
    kind: ReminderKind, due: dt.date, policy: EscalationPolicy, calendar: WorkCalendar
) -> dt.date:
    """The local date the ``kind`` reminder of a deadline on ``due`` fires.

    ``before``: the N-th hverdag before ``due``; ``due``: ``due`` itself when it is a hverdag,
    else the hverdag before (nobody reads a reminder on a Sunday); ``overdue``: the M-th
    hverdag after ``due``. Raises CalendarRangeError outside the calendar's years.
    """
    if kind is ReminderKind.BEFORE:
        return calendar.hverdage_before(due, policy.before_workdays)
    if kind is ReminderKind.DUE:
        return calendar.hverdage_before(due, 0)
    return calendar.hverdage_after(due, policy.overdue_workdays)


def reminders_for(
    deadline: StepDeadline,
    policy: EscalationPolicy,
    calendar: WorkCalendar,
    organisation: Organisation,
) -> list[Reminder]:
    """The three reminders of ``deadline``, in firing order (kinds without anyone left out)."""
    zone = calendar.zone
    if zone is None:
        raise ValueError("the calendar needs a time zone to place reminders")
    found: list[Reminder] = []
    for kind in KIND_ORDER:
        people = recipients(kind, deadline, organisation)
        if not people:
            continue
        day = fire_day(kind, deadline.due, policy, calendar)
        found.append(
            Reminder(
                key=reminder_key(deadline.case_id, deadline.step, kind, deadline.due),
                case_id=deadline.case_id,
                step=deadline.step,
                kind=kind,
                due=deadline.due,
                fire_on=day,
                fire_at=local_datetime(day, policy.send_at, zone).astimezone(dt.UTC),
                recipients=people,
                title=deadline.title,
                step_title=deadline.step_title,
            )
        )
    return found


def due_reminders(
    deadline: StepDeadline,
    policy: EscalationPolicy,
    calendar: WorkCalendar,
    organisation: Organisation,
    now: dt.datetime,
) -> list[Reminder]:
    """The reminder of ``deadline`` that should have gone out by ``now``, if any.

    Only the latest kind whose time has come is returned: a sweep that first sees a case when
    it is already overdue escalates, rather than also sending a stale "in three days" note.
    Kinds sent earlier are in the outbox already, and their keys keep them from going twice.
    """
    due = [r for r in reminders_for(deadline, policy, calendar, organisation) if r.fire_at <= now]
    return due[-1:]


def upcoming_reminders(
    deadlines: Iterable[StepDeadline],
    policy: EscalationPolicy,
    calendar: WorkCalendar,
    organisation: Organisation,
    now: dt.datetime,
) -> list[Reminder]:
    """The reminders of ``deadlines`` (the current step and planned ones) still to fire after
    ``now``, by firing time: what the flows schedule as one-off runs."""
    found = [
        r
        for d in deadlines
        for r in reminders_for(d, policy, calendar, organisation)
        if r.fire_at > now
    ]
    return sorted(found, key=lambda r: (r.fire_at, r.key))


def is_obsolete(key: str | ParsedKey, current: CurrentState | None) -> bool:
    """Whether the reminder ``key`` no longer fits the case: gone, closed, moved on to another
    step or given another due date (re-planned)."""
    parsed = parse_key(key) if isinstance(key, str) else key
    if current is None or not current.open:
        return True
    return current.step != parsed.step or current.due != parsed.due


def sweep_horizon(today: dt.date, policy: EscalationPolicy, calendar: WorkCalendar) -> dt.date:
    """The latest due date that can have a reminder due on ``today``: N hverdage ahead.

    A sweep reads only the open cases due on or before this date (one index range), not all
    100,000. Past the end of the calendar the last covered date is used.
    """
    try:
        return calendar.hverdage_after(today, policy.before_workdays)
    except CalendarRangeError:
        return calendar.last


def workdays_overdue(due: dt.date, today: dt.date, calendar: WorkCalendar) -> int:
    """How many hverdage after ``due`` ``today`` is (0 on or before the deadline)."""
    if today <= due:
        return 0
    return max(calendar.count_hverdage(due, today), 0)


# --------------------------------------------------------------------------- texts
_TEXTS: Mapping[str, Mapping[str, str]] = {
    "da": {
        "subject.before": "Påmindelse: frist {deadline} for sag {case_id} {title}",
        "subject.due": "Frist i dag: sag {case_id} {title}",
        "subject.overdue": "Overskredet frist: sag {case_id} {title}",
        "greeting": "Kære {name}",
        "lead": "Sagen {case_id} «{title}» står på trinnet «{step}».",
        "before": "Fristen er {deadline_long}, om {days} {days_unit}.",
        "due": "Fristen er i dag, {deadline_long}.",
        "due.ahead": "Fristen er {deadline_long}.",
        "due.past": "Fristen var {deadline_long}.",
        "overdue": "Fristen var {deadline_long} og er overskredet med {days} {days_unit}.",
        "why.due": "Du får også denne besked som nærmeste leder for den ansvarlige.",
        "why.overdue": "Du får denne besked som led i eskaleringen af en overskredet frist.",
        "link": "Se sagen: {link}",
        "closing": "Venlig hilsen\n{sender}",
        "unit.one": "hverdag",
        "unit.many": "hverdage",
    },
    "en": {
        "subject.before": "Reminder: deadline {deadline} for case {case_id} {title}",
        "subject.due": "Deadline today: case {case_id} {title}",
        "subject.overdue": "Missed deadline: case {case_id} {title}",
        "greeting": "Dear {name}",
        "lead": "Case {case_id} “{title}” is at the step “{step}”.",
        "before": "The deadline is {deadline_long}, in {days} {days_unit}.",
        "due": "The deadline is today, {deadline_long}.",
        "due.ahead": "The deadline is {deadline_long}.",
        "due.past": "The deadline was {deadline_long}.",
        "overdue": "The deadline was {deadline_long}; it is {days} {days_unit} overdue.",
        "why.due": "You receive this as the responsible person's superior.",
        "why.overdue": "You receive this as part of the escalation of a missed deadline.",
        "link": "Open the case: {link}",
        "closing": "Kind regards\n{sender}",
        "unit.one": "working day",
        "unit.many": "working days",
    },
}

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class MessageText:
    """A rendered reminder: one subject line and a plain-text body."""

    subject: str
    body: str


def render_reminder(
    reminder: Reminder,
    *,
    recipient: str,
    recipient_name: str,
    responsible: Sequence[str] = (),
    days: int,
    base_url: str,
    sender: str,
    lang: str = "da",
    today: dt.date | None = None,
) -> MessageText:
    """The message to ``recipient`` about ``reminder``: case id and title, step, the deadline as
    a Danish (or English) date, the hverdage left or overdue, and a link to the case.

    ``days`` is the number of hverdage between today and the deadline (left for ``before``,
    overdue for ``overdue`` and for a ``due`` reminder sent late). ``today`` is the local date
    the message is written: a ``due`` reminder says "today" only on the deadline itself, not
    on the Friday before a Sunday deadline nor when a sweep sends it after the deadline.
    """
    texts = _TEXTS["en" if lang == "en" else "da"]
    due = reminder.due
    if lang == "en":
        deadline = f"{due.day} {_MONTHS_EN[due.month - 1]} {due.year}"
        deadline_long = f"{_WEEKDAYS_EN[due.weekday()]} {deadline}"
    else:
        deadline, deadline_long = date_da(due), long_date_da(due)
    values = {
        "case_id": reminder.case_id,
        "title": reminder.title,
        "step": reminder.step_title or reminder.step,
        "deadline": deadline,
        "deadline_long": deadline_long,
        "days": days,
        "days_unit": texts["unit.one"] if days == 1 else texts["unit.many"],
        "name": recipient_name,
        "link": f"{base_url.rstrip('/')}/sager/{reminder.case_id}",
        "sender": sender,
    }
    kind = reminder.kind.value
    subject, line = f"subject.{kind}", kind
    if reminder.kind is ReminderKind.DUE and today is not None and today != due:
        if today < due:
            subject, line = "subject.before", "due.ahead"
        else:
            subject, line = "subject.overdue", "overdue" if days > 0 else "due.past"
    lines = [
        texts["greeting"].format(**values),
        "",
        texts["lead"].format(**values),
        texts[line].format(**values),
    ]
    if reminder.kind is ReminderKind.DUE and recipient not in responsible:
        lines.append(texts["why.due"])
    elif reminder.kind is ReminderKind.OVERDUE:
        lines.append(texts["why.overdue"])
    lines += ["", texts["link"].format(**values), "", texts["closing"].format(**values), ""]
    return MessageText(texts[subject].format(**values), "\n".join(lines))


__all__ = [
    "KIND_ORDER",
    "CurrentState",
    "EscalationPolicy",
    "EscalationRoles",
    "MessageText",
    "NoWorkCalendar",
    "NotificationFailed",
    "Organisation",
    "ParsedKey",
    "Reminder",
    "ReminderConfig",
    "ReminderKind",
    "ReminderSettingError",
    "RetryPolicy",
    "StepDeadline",
    "UnknownReminder",
    "due_reminders",
    "fire_day",
    "is_obsolete",
    "parse_key",
    "recipients",
    "reminder_key",
    "reminders_for",
    "render_reminder",
    "sweep_horizon",
    "upcoming_reminders",
    "workdays_overdue",
]
