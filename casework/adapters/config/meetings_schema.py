"""The file formats of ``config/calendar.yaml`` and ``config/meetings/*.yaml`` as pydantic models.

Same conventions as :mod:`casework.adapters.config.schema`: unknown keys are refused, every field
is described (for the JSON Schema editors show), values are strict, and ``to_domain()`` returns
frozen domain objects. Times are written ``"17:00"`` and recurring days ``"12-24"`` (month-day);
both are quoted or left as strings by the narrowed YAML loader, and parsed here strictly, so
``16:30`` can never turn into 990 seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from casework.adapters.config.schema import Id, SchemaVersion, Text, _FileModel
from casework.domain.agenda import FixedItemRules, FixedItems
from casework.domain.meetings import (
    ALL_MONTHS,
    ORDINALS,
    WEEKDAYS,
    Break,
    MeetingEntry,
    MeetingKind,
    MeetingRule,
    MonthlyRule,
    RelativeRule,
    Shift,
    YearPlanSource,
)
from casework.domain.messages import register
from casework.domain.periods import Period, PeriodKind, PeriodSource
from casework.domain.planning import BodyRules, PlanningRules
from casework.domain.term import TermStep
from casework.domain.workdays import CountingRules, DeadlineSpec, Unit

register(
    {
        "config.value.time": ('skal være et klokkeslæt som "17:00"', 'must be a time like "17:00"'),
        "config.value.month_day": (
            'skal være måned-dag som "12-24"',
            'must be a month-day like "12-24"',
        ),
        "config.value.date": ("skal være en dato som 2026-03-02", "must be a date like 2026-03-02"),
        "config.rule_kind": (
            "en regel har enten 'ordinal' (fast ugedag i måneden) eller 'follows' (et andet "
            "organs møder), ikke begge og ikke ingen",
            "a rule has either 'ordinal' (a weekday of the month) or 'follows' (another body's "
            "meetings), not both and not neither",
        ),
        "config.months_both": (
            "brug enten 'months' eller 'except_months'",
            "use either 'months' or 'except_months'",
        ),
        "config.months_on_relative": (
            "'{field}' gælder kun regler med 'ordinal'",
            "'{field}' only applies to rules with 'ordinal'",
        ),
        "config.cancel_and_move": (
            "et møde kan ikke både aflyses og flytte et andet ('cancelled' og 'replaces')",
            "a meeting cannot both be cancelled and move another ('cancelled' and 'replaces')",
        ),
        "config.years_order": (
            "'from' ({first}) skal ligge før 'to' ({last})",
            "'from' ({first}) must come before 'to' ({last})",
        ),
    }
)

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_MONTH_DAY = re.compile(r"^(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])$")


def _time(value: Any) -> Any:
    # Strings only: an integer here would be YAML 1.1's base-60 reading of an unquoted time,
    # which the narrowed loader no longer produces, but a hand-built dict still could.
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError("config.value.time", 'must be a time like "17:00"')
    return dt.time(int(match[1]), int(match[2]))


def _month_day(value: Any) -> Any:
    match = _MONTH_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError("config.value.month_day", 'must be a month-day like "12-24"')
    month, day = int(match[1]), int(match[2])
    try:
        dt.date(2024, month, day)  # a leap year, so "02-29" is allowed
    except ValueError:
        raise PydanticCustomError(
            "config.value.month_day", 'must be a month-day like "12-24"'
        ) from None
    return (month, day)


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise PydanticCustomError("config.value.date", "must be a date like 2026-03-02")


# The JSON Schema says what the file holds (text), not what the loader makes of it.
Time = Annotated[
    dt.time,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern, "examples": ["17:00"]}),
]
MonthDay = Annotated[
    tuple[int, int],
    BeforeValidator(_month_day),
    WithJsonSchema({"type": "string", "pattern": _MONTH_DAY.pattern, "examples": ["12-24"]}),
]
Date = Annotated[dt.date, BeforeValidator(_date)]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Month = Annotated[StrictInt, Field(ge=1, le=12)]


# --- calendar.yaml -----------------------------------------------------------------------------


class DeadlineSpecModel(_FileModel):
    """A deadline rule with its counting convention (``intake:``, ``agenda:``, ``periods:``)."""

    amount: StrictInt = Field(ge=0, description="How many units.")
    unit: Unit = Field(Unit.HVERDAGE, description="'hverdage', 'dage' (calendar days) or 'uger'.")
    saturday: StrictBool | None = Field(
        None, description="Whether Saturday counts as a hverdag for this rule (default: counting)."
    )
    dispatch_day_counts: StrictBool | None = Field(
        None,
        description="Whether the day of dispatch is one of the N days (true, as domain.md's table) "
        "or N clear days must lie between it and the meeting (false).",
    )
    cutoff: Time | None = Field(None, description='Local time on the due day, e.g. "12:00".')
    statutory: StrictBool = Field(
        False, description="True for a minimum set by law, which may never be shortened."
    )
    basis: Text | None = Field(None, description="Where the rule comes from (law, local rule).")

    def to_domain(self) -> DeadlineSpec:
        """The frozen domain spec."""
        return DeadlineSpec(
            amount=self.amount,
            unit=self.unit,
            saturday=self.saturday,
            dispatch_day_counts=self.dispatch_day_counts,
            cutoff=self.cutoff,
            statutory=self.statutory,
            basis=self.basis,
        )


class PeriodModel(DeadlineSpecModel):
    """A minimum period (``periods:``): how long a case stays at a step that names it, how it
    is measured, and where the rule comes from."""

    kind: PeriodKind = Field(
        PeriodKind.WAIT,
        description="'wait': counted from when the case enters the step, which it may leave the "
        "day after the period's last day; 'notice': the case must have been received this long "
        "before the meeting that decides it.",
    )
    source: PeriodSource = Field(
        description="Where the rule comes from: 'lov' (the law), 'forretningsorden', "
        "'styrelsesvedtaegt' or 'praksis' (the municipality's own rules, which it may change)."
    )
    basis: Text = Field(description="The citation and, briefly, what it says.")

    @model_validator(mode="after")
    def _statutory_is_the_law(self) -> PeriodModel:
        # "statutory" is derived from the source; a file saying both must agree.
        if self.statutory and self.source is not PeriodSource.LAW:
            raise PydanticCustomError(
                "config.period_statutory",
                "'statutory: true' only fits 'source: lov'; a local rule is not statutory",
            )
        return self

    def to_period(self, period_id: str) -> Period:
        """The frozen domain period."""
        spec = dataclasses.replace(self.to_domain(), statutory=self.source is PeriodSource.LAW)
        return Period(id=period_id, spec=spec, kind=self.kind, source=self.source, basis=self.basis)


def _spec(model: DeadlineSpecModel | None) -> DeadlineSpec | None:
    return model.to_domain() if model is not None else None


class YearsModel(_FileModel):
    """The years the working-day calendar covers (``years:``)."""

    first: StrictInt = Field(alias="from", ge=1900, description="First year covered.")
    last: StrictInt = Field(alias="to", le=2200, description="Last year covered.")

    @model_validator(mode="after")
    def _ordered(self) -> YearsModel:
        if self.first > self.last:
            raise PydanticCustomError(
                "config.years_order",
                "'from' must come before 'to'",
                {"first": self.first, "last": self.last},
            )
        return self


class HolidaysModel(_FileModel):
    """Which days are not hverdage besides weekends (``holidays:``)."""

    country: Annotated[StrictStr, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        "DK", description="Country whose public holidays count (holidays package code)."
    )
    first_of_may: StrictBool = Field(
        False, description="True when 1 May is a day off (by default it is a hverdag)."
    )
    extra: tuple[MonthDay, ...] = Field(
        ((6, 5), (12, 24), (12, 31)),
        description='Days off every year as "month-day"; default Grundlovsdag, juleaftensdag, '
        "nytårsaftensdag (forældelsesloven § 27, stk. 2).",
    )
    dates: tuple[Date, ...] = Field((), description="One-off days off, e.g. a closing day.")


class CountingModel(_FileModel):
    """Defaults for rules that do not say (``counting:``)."""

    saturday: StrictBool = Field(False, description="Whether Saturday counts as a hverdag.")
    dispatch_day_counts: StrictBool = Field(
        True, description="Whether the dispatch day is one of the N days before a meeting."
    )
    cutoff: Time | None = Field(None, description='Time of day deadlines fall at, e.g. "12:00".')

    def to_domain(self) -> CountingRules:
        """The frozen domain counting rules."""
        return CountingRules(self.saturday, self.dispatch_day_counts, self.cutoff)


class BreakModel(_FileModel):
    """A recurring break without meetings (``breaks:``)."""

    id: Id = Field(description="Stable id, e.g. 'sommerferie'.")
    name: Text = Field(description="Danish name shown in findings.")
    name_en: Text | None = Field(None, description="English name.")
    start: MonthDay = Field(alias="from", description='First day, e.g. "07-01".')
    end: MonthDay = Field(alias="to", description='Last day, e.g. "07-31"; may wrap the year.')

    def to_domain(self) -> Break:
        """The frozen domain break."""
        return Break(self.id, self.name, self.start, self.end, self.name_en)


class TermStepModel(_FileModel):
    """A step of the council's four-year term, the *forandringstrappe* (``term:``)."""

    id: Id = Field(description="Stable id, e.g. 'konstituering'.")
    title: Text = Field(description="Danish name of the step.")
    title_en: Text | None = Field(None, description="English name.")
    start: int = Field(ge=1, le=48, description="First month of the term (1: the election's).")
    end: int = Field(ge=1, le=48, description="Last month of the term, at most 48.")
    activities: tuple[Text, ...] = Field(
        (), description="What the secretariat plans to support the council at this step."
    )
    activities_en: tuple[Text, ...] = Field((), description="The activities in English.")

    def to_domain(self) -> TermStep:
        """The frozen domain step."""
        return TermStep(self.id, self.title, self.start, max(self.start, self.end),
                        self.activities, self.title_en, self.activities_en)  # fmt: skip


class BodyRulesModel(_FileModel):
    """A body's internal deadlines (``deadlines.default`` and ``deadlines.bodies.<id>``)."""

    intake: DeadlineSpecModel | None = Field(
        None,
        description="Before the meeting, the case must be with the secretariat (first body of "
        "a route); default: the meeting step's own rule in the workflow.",
    )
    agenda: DeadlineSpecModel | None = Field(
        None, description="Before the meeting, the agenda is sent out."
    )
    after_previous: DeadlineSpecModel | None = Field(
        None, description="The previous body of the route must meet at least this long before."
    )
    within: DeadlineSpecModel | None = Field(
        None, description="The previous body of the route must meet at most this long before."
    )
    capacity: StrictInt | None = Field(None, ge=1, description="Items a meeting can take.")

    def to_domain(self) -> BodyRules:
        """The frozen domain rules."""
        return BodyRules(
            intake=_spec(self.intake),
            agenda=_spec(self.agenda),
            after_previous=_spec(self.after_previous),
            within=_spec(self.within),
            capacity=self.capacity,
        )


class DeadlinesModel(_FileModel):
    """Internal deadlines of the bodies (``deadlines:``)."""

    default: BodyRulesModel = Field(
        default_factory=BodyRulesModel, description="Rules for every body that does not say."
    )
    bodies: dict[Id, BodyRulesModel] = Field(
        default_factory=dict, description="Rules of single bodies, by body id."
    )

    def to_domain(self) -> PlanningRules:
        """The frozen domain planning rules."""
        return PlanningRules(
            default=self.default.to_domain(),
            bodies=MappingProxyType({b: r.to_domain() for b, r in self.bodies.items()}),
        )


#: An agenda item's title: surrounding spaces dropped, so "  " is as empty as "".
ItemTitle = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


class FixedItemsModel(_FileModel):
    """The standing items of an agenda (``fixed_items.default`` and ``fixed_items.bodies.<id>``).

    A body's list, when given, replaces the default's (so a body repeats the items it keeps);
    an empty list means none.
    """

    opening: tuple[ItemTitle, ...] | None = Field(
        None,
        description="Items before the case items, in order, e.g. ['Godkendelse af dagsorden', "
        "'Spørgetid for borgere'] (default: ['Godkendelse af dagsorden']).",
    )
    closing: tuple[ItemTitle, ...] | None = Field(
        None,
        description="Open items after the open case items and before the closed ones "
        "(default: ['Meddelelser', 'Eventuelt']).",
    )

    def to_domain(self, base: FixedItems) -> FixedItems:
        """These items, ``base`` filling the lists not given."""
        return FixedItems(
            opening=self.opening if self.opening is not None else base.opening,
            closing=self.closing if self.closing is not None else base.closing,
        )


class FixedItemRulesModel(_FileModel):
    """The agendas' standing items (``fixed_items:``): a default and the bodies' own."""

    default: FixedItemsModel = Field(
        default_factory=FixedItemsModel, description="Items of every body that does not say."
    )
    bodies: dict[Id, FixedItemsModel] = Field(
        default_factory=dict, description="Items of single bodies, by body id."
    )

    def to_domain(self) -> FixedItemRules:
        """The frozen domain rules, each body's lists filled from the default."""
        default = self.default.to_domain(FixedItems())
        return FixedItemRules(
            default=default,
            bodies=MappingProxyType({b: m.to_domain(default) for b, m in self.bodies.items()}),
        )


class CalendarFile(_FileModel):
    """``config/calendar.yaml``: working days, breaks, the bodies' internal deadlines and their
    agendas' fixed items."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    timezone: Text = Field("Europe/Copenhagen", description="IANA time zone of the municipality.")
    years: YearsModel | None = Field(
        None, description="Years the calendar covers; default: the meeting plans' years ± 1."
    )
    holidays: HolidaysModel = Field(default_factory=HolidaysModel, description="Days off.")
    counting: CountingModel = Field(default_factory=CountingModel, description="Conventions.")
    breaks: tuple[BreakModel, ...] = Field((), description="Breaks without meetings.")
    deadlines: DeadlinesModel = Field(
        default_factory=DeadlinesModel, description="Internal deadlines per body."
    )
    periods: dict[Id, PeriodModel] = Field(
        default_factory=dict,
        description="The one table of minimum periods (hearings, klagefrist, notice of a "
        "member's proposal), each with its legal source; workflow steps name them "
        "('minimum:') and a case cannot leave such a step before its period has passed.",
    )
    term: tuple[TermStepModel, ...] = Field(
        (), description="The council's four-year term as steps (forandringstrappe), in order."
    )
    fixed_items: FixedItemRulesModel = Field(
        default_factory=FixedItemRulesModel,
        description="Standing agenda items (faste punkter) per body, e.g. the council's "
        "citizens' question time; default: Godkendelse af dagsorden; Meddelelser, Eventuelt.",
    )


# --- meetings/*.yaml ---------------------------------------------------------------------------


class MeetingRuleModel(_FileModel):
    """A rule that generates meetings (``rules:``): a weekday of the month, or following
    another body's meetings."""

    body: Id = Field(description="The body that meets.")
    weekday: Weekday = Field(description="Day of the week, e.g. 'thursday'.")
    time: Time = Field(description='Local start time, e.g. "17:00".')
    ordinal: Literal["first", "second", "third", "fourth", "last"] | None = Field(
        None, description="Which of the month's weekdays (with 'months'/'except_months')."
    )
    months: tuple[Month, ...] | None = Field(None, description="Only these months (1-12).")
    except_months: tuple[Month, ...] | None = Field(None, description="All months but these.")
    follows: Id | None = Field(
        None, description="Meet once per ordinary meeting of this body (with 'weeks')."
    )
    weeks: StrictInt = Field(
        0, ge=-8, le=8, description="Weeks from the followed meeting's week; -1: the week before."
    )
    shift: Shift = Field(
        Shift.EARLIER, description="Where a meeting on a non-working day moves: earlier/later."
    )
    capacity: StrictInt | None = Field(None, ge=1, description="Items a meeting can take.")

    @model_validator(mode="after")
    def _one_kind(self) -> MeetingRuleModel:
        if (self.ordinal is None) == (self.follows is None):
            raise PydanticCustomError("config.rule_kind", "ordinal or follows")
        if self.months is not None and self.except_months is not None:
            raise PydanticCustomError("config.months_both", "months or except_months")
        for name in ("months", "except_months"):
            if self.follows is not None and getattr(self, name) is not None:
                raise PydanticCustomError(
                    "config.months_on_relative", "only with ordinal", {"field": name}
                )
        return self

    def to_domain(self, origin: str) -> MeetingRule:
        """The frozen domain rule; ``origin`` is its YAML path."""
        weekday = WEEKDAYS.index(self.weekday)
        if self.follows is not None:
            return RelativeRule(
                body=self.body,
                anchor=self.follows,
                weeks=self.weeks,
                weekday=weekday,
                time=self.time,
                shift=self.shift,
                capacity=self.capacity,
                origin=origin,
            )
        months = ALL_MONTHS
        if self.months is not None:
            months = frozenset(self.months)
        elif self.except_months is not None:
            months = ALL_MONTHS - set(self.except_months)
        assert self.ordinal is not None  # _one_kind
        return MonthlyRule(
            body=self.body,
            weekday=weekday,
            ordinal=ORDINALS[self.ordinal],
            time=self.time,
            months=months,
            shift=self.shift,
            capacity=self.capacity,
            origin=origin,
        )


class MeetingEntryModel(_FileModel):
    """An explicit meeting (``meetings:``): added, or moving, cancelling or overriding a
    generated one."""

    body: Id = Field(description="The body that meets.")
    date: Date = Field(description="The meeting's date (for 'cancelled': the date cancelled).")
    time: Time | None = Field(None, description="Local start time; default the rule's.")
    kind: MeetingKind | None = Field(
        None, description="'ordinary' (gets cases, carries the cycle) or 'extra'."
    )
    replaces: Date | None = Field(None, description="The generated meeting this one moves.")
    cancelled: StrictBool = Field(False, description="True to cancel the generated meeting.")
    capacity: StrictInt | None = Field(None, ge=1, description="Items the meeting can take.")
    note: Text | None = Field(None, description="Why, e.g. '2. behandling af budget 2027'.")
    allow_in_break: StrictBool = Field(
        False, description="True for a deliberate meeting during a break."
    )

    @model_validator(mode="after")
    def _not_both(self) -> MeetingEntryModel:
        if self.cancelled and self.replaces is not None:
            raise PydanticCustomError("config.cancel_and_move", "cancelled or replaces")
        return self

    def to_domain(self, origin: str) -> MeetingEntry:
        """The frozen domain entry; ``origin`` is its YAML path."""
        return MeetingEntry(
            body=self.body,
            date=self.date,
            time=self.time,
            kind=self.kind,
            replaces=self.replaces,
            cancelled=self.cancelled,
            capacity=self.capacity,
            note=self.note,
            allow_in_break=self.allow_in_break,
            origin=origin,
        )


class MeetingPlanFile(_FileModel):
    """``config/meetings/<name>.yaml``: one year's meeting plan (mødeplan)."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    year: StrictInt = Field(ge=1900, le=2200, description="The year the plan is for.")
    title: Text | None = Field(None, description="E.g. 'Mødeplan 2026, vedtaget af KB 27/11'.")
    rules: tuple[MeetingRuleModel, ...] = Field((), description="Rules that generate meetings.")
    meetings: tuple[MeetingEntryModel, ...] = Field(
        (), description="Explicit meetings; they override what the rules generate."
    )

    def to_domain(self, source: str | None = None) -> YearPlanSource:
        """The frozen domain source of the year's plan."""
        return YearPlanSource(
            year=self.year,
            rules=tuple(r.to_domain(f"rules[{i}]") for i, r in enumerate(self.rules)),
            entries=tuple(m.to_domain(f"meetings[{i}]") for i, m in enumerate(self.meetings)),
            source=source,
        )


#: The file kinds of this module by name, as in ``schema.FILE_MODELS``.
CALENDAR_FILE_MODELS: dict[str, type[_FileModel]] = {
    "calendar": CalendarFile,
    "meetings": MeetingPlanFile,
}
