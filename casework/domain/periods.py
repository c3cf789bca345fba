"""Minimum periods: how long a case must stay at a step before it may leave it.

Every period comes from ONE table (``periods:`` in ``config/calendar.yaml``), with its legal
source: the law (planloven) or the council's own rules (forretningsorden). A workflow step names
the period it waits for (``minimum:``); :func:`check_minimum` refuses to let a case leave such a
step before the period has passed, unless a person whose role may override (the secretariat)
gives a reason, which is kept on the event.

Two kinds of period:

``wait``
    counted from the day the case entered the step (the day itself not counted); a period in
    days or weeks that ends on a non-working day runs on to the next hverdag. The case may leave
    the step the day after the period's last day: a public hearing of 4 weeks that starts on
    1 June ends on 29 June, and the hearing can be closed from 30 June.
``notice``
    the item must have been received at least this long before the meeting that decides it
    (a member's proposal: 8 days before the council's meeting). The meeting is the one named
    in the decision's minutes, or today when the step is left without minutes. The receipt is
    the day the case was opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from casework.domain.errors import Finding
from casework.domain.messages import register
from casework.domain.workdays import DeadlineSpec, Unit

if TYPE_CHECKING:
    from casework.domain.workdays import WorkCalendar
    from casework.domain.workflow import Condition, WorkflowDefinition

register({
    "config.period_unknown": (
        "arbejdsgangen {workflow}, trin {step}, venter på perioden '{period}', som ikke står "
        "i calendar.yaml's periods",
        "workflow {workflow}, step {step} waits for the period '{period}', which is not in "
        "calendar.yaml's periods",
    ),
    "config.period_unused": (
        "perioden '{period}' i calendar.yaml bruges ikke af noget trin (minimum:); brug den "
        "eller fjern den",
        "the period '{period}' in calendar.yaml is used by no step (minimum:); use it or "
        "remove it",
    ),
})  # fmt: skip


class PeriodKind(StrEnum):
    """How a minimum period is measured (see the module's text)."""

    WAIT = "wait"
    NOTICE = "notice"


class PeriodSource(StrEnum):
    """Where a period comes from: the law, or the municipality's own rules and practice."""

    LAW = "lov"
    RULES_OF_PROCEDURE = "forretningsorden"
    CHARTER = "styrelsesvedtaegt"
    PRACTICE = "praksis"


@dataclass(frozen=True, slots=True)
class Period:
    """One row of the period table: its length, how it is measured and its legal source."""

    id: str
    spec: DeadlineSpec
    kind: PeriodKind = PeriodKind.WAIT
    source: PeriodSource = PeriodSource.LAW
    basis: str | None = None

    @property
    def statutory(self) -> bool:
        """Whether the law itself sets it (otherwise a local rule the council may change)."""
        return self.source is PeriodSource.LAW

    def length(self, lang: str = "da") -> str:
        """The length as text: "4 uger", "8 dage", "2 weeks"."""
        units = {Unit.HVERDAGE: ("hverdage", "working days"), Unit.DAGE: ("dage", "days"),
                 Unit.UGER: ("uger", "weeks")}  # fmt: skip
        da, en = units[self.spec.unit]
        return f"{self.spec.amount} {en if lang == 'en' else da}"


@dataclass(frozen=True, slots=True)
class MinimumRule:
    """A step's minimum: the period it waits for, when ``when`` holds for the case's
    attributes (the first rule that holds applies; a rule without conditions always holds)."""

    period: str
    when: tuple[Condition, ...] = ()

    def holds(self, attributes: Mapping[str, Any]) -> bool:
        """Whether this rule applies to a case with ``attributes``."""
        return all(c.holds(attributes) for c in self.when)


def applicable(
    rules: Sequence[MinimumRule], attributes: Mapping[str, Any], periods: Mapping[str, Period]
) -> Period | None:
    """The period a step's ``rules`` impose on a case with ``attributes`` (None: no minimum).

    A rule naming a period the table lacks is skipped (``config check`` reports it)."""
    for rule in rules:
        if rule.holds(attributes):
            return periods.get(rule.period)
    return None


@dataclass(frozen=True, slots=True)
class Minimum:
    """What a period means for one case at one step: the earliest day it may leave."""

    period: Period
    earliest: dt.date
    #: The day the period counts from: the step's entry (wait) or the receipt (notice).
    start: dt.date

    def allows(self, day: dt.date) -> bool:
        """Whether the case may leave the step on ``day`` without an override."""
        return day >= self.earliest


def minimum_for(
    period: Period,
    *,
    entered: dt.date,
    opened: dt.date,
    calendar: WorkCalendar | None,
) -> Minimum:
    """The earliest day a case may leave a step with ``period``.

    ``entered`` is the local day the case entered the step, ``opened`` the day it was opened
    (received). For a notice period, ``earliest`` is the first meeting day far enough after
    the receipt.
    """
    if period.kind is PeriodKind.NOTICE:
        return Minimum(period, opened + _span(period.spec), opened)
    if calendar is not None:
        last = calendar.after(entered, period.spec).date
    else:
        last = entered + _span(period.spec)
    return Minimum(period, last + dt.timedelta(days=1), entered)


def _span(spec: DeadlineSpec) -> dt.timedelta:
    if spec.unit is Unit.HVERDAGE:  # without a calendar: weekdays only
        return dt.timedelta(days=spec.amount + 2 * (spec.amount // 5))
    return dt.timedelta(days=spec.amount * (7 if spec.unit is Unit.UGER else 1))


def check_periods(
    workflows: Mapping[str, WorkflowDefinition], periods: Mapping[str, Period]
) -> list[Finding]:
    """The one table and the workflows agree: every period a step names is in the table
    (CW124), and every period of the table is used by some step (CW125)."""
    findings: list[Finding] = []
    used: set[str] = set()
    for definition in workflows.values():
        for step in definition.steps.values():
            for rule in step.minimum:
                used.add(rule.period)
                if rule.period not in periods:
                    where = {"workflow": definition.id, "step": step.id, "period": rule.period}
                    findings.append(Finding("CW124", "config.period_unknown", where))
    findings.extend(
        Finding("CW125", "config.period_unused", {"period": p}) for p in periods if p not in used
    )
    return findings
