"""Process statistics over case histories: routes, time per body and step, deciders, rates.

Pure: :func:`compute` folds cases with their events (as the store returns them) into a
:class:`Stats`. It works for every workflow – the configured ones and the built-in ``oparl``
workflow of imported council data – because it reads only what every history has: the step each
event entered (``case.opened`` → ``step``, ``case.advanced`` → ``to``), the route of bodies, and
the minutes recorded with a body's decision.

Definitions (also in docs/oparl.md):

* a *stay* is the time from entering a step until the first event that enters another step
  (a postponement re-enters the same step, so it lengthens the stay); stays still open at the
  end of the history are left out of the durations (they have no end yet) and counted apart;
* time is calendar days, with hours as fractions;
* a case is *postponed* when a body postponed it at least once (outcome ``postponed``, or a
  ``postpone`` transition), *referred* when a body referred it (outcome ``referred``);
* the *deciding body* is the route's body with the role ``beslutter`` (the first, if several);
* cases fall into a period by the day they were opened.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from casework.domain.case import Case
from casework.domain.events import CaseEvent, EventKind, parse_instant
from casework.domain.messages import register
from casework.domain.workflow import CaseStatus, RouteRole, split_step_id

register({
    "error.stats.input": (
        "Ugyldigt input til statistikken: {detail}",
        "Invalid input for the statistics: {detail}",
    ),
})  # fmt: skip


class Period(StrEnum):
    """How ``casework stats`` groups cases in time."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_of(day: dt.date, by: Period) -> str:
    """The period a day falls in: ``2025-03``, ``2025-Q1`` or ``2025``."""
    if by is Period.MONTH:
        return f"{day.year}-{day.month:02d}"
    if by is Period.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


@dataclass(frozen=True, slots=True)
class Durations:
    """Summary of a list of durations in days."""

    count: int
    median: float | None
    mean: float | None
    p90: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Durations:
        """The summary of ``values`` (None figures for an empty list)."""
        if not values:
            return cls(0, None, None, None)
        ordered = sorted(values)
        return cls(
            len(ordered),
            round(_quantile(ordered, 0.5), 1),
            round(sum(ordered) / len(ordered), 1),
            round(_quantile(ordered, 0.9), 1),
        )

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {"count": self.count, "median": self.median, "mean": self.mean, "p90": self.p90}


def _quantile(ordered: Sequence[float], q: float) -> float:
    # Linear interpolation between closest ranks (the "R-7" rule of most tools).
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class _Tally:
    """Counters for one group of cases (all, or one period)."""

    cases: int = 0
    closed: int = 0
    postponed: int = 0
    referred: int = 0
    durations: list[float] = field(default_factory=list)
    deciders: Counter[str] = field(default_factory=Counter)

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "closed": self.closed,
            "postponement_rate": _share(self.postponed, self.cases),
            "referral_rate": _share(self.referred, self.cases),
            "postponed_cases": self.postponed,
            "referred_cases": self.referred,
            "duration_days": Durations.of(self.durations).as_json(),
            "top_decider": self.deciders.most_common(1)[0][0] if self.deciders else None,
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Stats:
    """The statistics of a set of cases; :meth:`as_json` is the ``--json`` form."""

    by: Period
    start: dt.date | None
    end: dt.date | None
    total: dict[str, Any]
    routes: list[dict[str, Any]]
    bodies: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    deciders: list[dict[str, Any]]
    outcomes: dict[str, int]
    periods: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """Every figure with stable keys."""
        return {
            "by": self.by.value,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "total": self.total,
            "routes": self.routes,
            "bodies": self.bodies,
            "steps": self.steps,
            "deciding_bodies": self.deciders,
            "outcomes": self.outcomes,
            "periods": self.periods,
        }


@dataclass
class _Place:
    """Stays and decisions at one body or step."""

    durations: list[float] = field(default_factory=list)
    open: int = 0
    cases: set[str] = field(default_factory=set)
    postponed: int = 0
    referred: int = 0


def outcome_of(event: CaseEvent) -> str | None:
    """What a body decided in an advance event, in the import's vocabulary (or None).

    The import records ``decision`` (approved …); the CLI's ``case decide`` records casework's
    ``outcome`` (decided …), read here as the same words. A referral is ``referred``; before it
    was an outcome of its own, ``case decide`` stored it as ``recommended`` with the ``to_body``
    it was referred to, and is read as a referral too.
    """
    data = event.data
    minutes = data.get("minutes")
    if isinstance(minutes, dict):
        if minutes.get("to_body"):
            return "referred"
        decision = minutes.get("decision") or minutes.get("outcome")
        if isinstance(decision, str):
            return _WORDS.get(decision, decision)
    if data.get("kind") == "postpone":
        return "postponed"
    return None


_WORDS = {"decided": "approved", "returned": "returned"}


def compute(
    histories: Iterable[tuple[Case, Sequence[CaseEvent]]],
    *,
    by: Period = Period.YEAR,
    start: dt.date | None = None,
    end: dt.date | None = None,
    top: int = 15,
) -> Stats:
    """The statistics of the cases opened between ``start`` and ``end`` (both included)."""
    total = _Tally()
    periods: defaultdict[str, _Tally] = defaultdict(_Tally)
    routes: Counter[str] = Counter()
    bodies: defaultdict[str, _Place] = defaultdict(_Place)
    steps: defaultdict[str, _Place] = defaultdict(_Place)
    outcomes: Counter[str] = Counter()
    for case, events in histories:
        opened = parse_instant(case.opened_at)
        day = opened.date()
        if (start is not None and day < start) or (end is not None and day > end):
            continue
        tally = periods[period_of(day, by)]
        routes[_pattern(case)] += 1
        decider = next((e.body for e in case.route if e.role is RouteRole.DECIDES), None)
        postponed = referred = False
        for stay in _stays(events):
            template, body, _ = split_step_id(stay.step)
            places = [steps[template]] + ([bodies[body]] if body else [])
            for place in places:
                place.cases.add(case.id)
                if stay.days is None:
                    place.open += 1
                else:
                    place.durations.append(stay.days)
                place.postponed += stay.outcomes.count("postponed")
                place.referred += stay.outcomes.count("referred")
            outcomes.update(stay.outcomes)
            postponed = postponed or "postponed" in stay.outcomes
            referred = referred or "referred" in stay.outcomes
        closed = case.status is CaseStatus.CLOSED
        for group in (total, tally):
            group.cases += 1
            group.closed += closed
            group.postponed += postponed
            group.referred += referred
            group.deciders[decider or "-"] += 1
            if closed:
                group.durations.append(_days(opened, parse_instant(case.updated_at)))
    return Stats(
        by=by,
        start=start,
        end=end,
        total=total.as_json(),
        routes=[
            {"pattern": pattern, "cases": n, "share": _share(n, total.cases)}
            for pattern, n in routes.most_common(top)
        ],
        bodies=_places(bodies, total.cases, "body"),
        steps=_places(steps, total.cases, "step"),
        deciders=[
            {"body": None if body == "-" else body, "cases": n, "share": _share(n, total.cases)}
            for body, n in total.deciders.most_common()
        ],
        outcomes=dict(outcomes.most_common()),
        periods=[{"period": key, **periods[key].as_json()} for key in sorted(periods)],
    )


def _places(places: dict[str, _Place], cases: int, key: str) -> list[dict[str, Any]]:
    rows = []
    for name, place in sorted(places.items(), key=lambda item: (-len(item[1].cases), item[0])):
        stays = len(place.durations) + place.open
        rows.append({
            key: name,
            "cases": len(place.cases),
            "share": _share(len(place.cases), cases),
            "stays": stays,
            "open": place.open,
            "days": Durations.of(place.durations).as_json(),
            "postponements": place.postponed,
            "referrals": place.referred,
            "postponement_rate": _share(place.postponed, stays),
        })  # fmt: skip
    return rows


def _pattern(case: Case) -> str:
    if not case.route:
        return "-"
    return " → ".join(f"{e.body} ({e.role.value})" for e in case.route)


@dataclass(frozen=True, slots=True)
class _Stay:
    step: str
    days: float | None  # None: still there
    outcomes: tuple[str, ...]


def _stays(events: Sequence[CaseEvent]) -> list[_Stay]:
    """The case's stays at its steps, in order, with what the bodies decided during each."""
    stays: list[_Stay] = []
    current: str | None = None
    since: dt.datetime | None = None
    decided: list[str] = []
    for event in events:
        if event.kind is EventKind.OPENED:
            current, since, decided = event.data["step"], event.occurred_at, []
            continue
        if event.kind is not EventKind.ADVANCED or current is None or since is None:
            continue
        outcome = outcome_of(event)
        if outcome is not None:
            decided.append(outcome)
        target = event.data["to"]
        if target == current:
            continue  # postponed: still at the same step
        stays.append(_Stay(current, _days(since, event.occurred_at), tuple(decided)))
        current, since, decided = target, event.occurred_at, []
    if current is not None and not _is_end(current, events):
        stays.append(_Stay(current, None, tuple(decided)))
    return stays


def _is_end(step: str, events: Sequence[CaseEvent]) -> bool:
    # A terminal step is where the last event closed the case: no stay to measure there.
    last = events[-1] if events else None
    if last is None:
        return False
    data = last.data
    return bool(data.get("closes")) and (data.get("to") or data.get("step")) == step


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return max(0.0, round((end - start).total_seconds() / 86400, 2))
