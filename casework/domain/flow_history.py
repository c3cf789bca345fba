"""The flow over time: a cumulative-flow diagram's figures and the throughput per week.

Pure: the application turns each case's history into a *timeline* — the phases it entered
along the route (drafting, approvals, secretariat, booked, decided, executing, done), each with
the instant it entered — and this module counts, at the end of each of the last weeks, how many
cases stood in each phase (the bands of a cumulative-flow diagram, "done" at the bottom), how
many were opened and how many finished in that week (the throughput).

Counting at the end of a week (Sunday 24:00, in the instants' own ISO text) means a case opened
and finished within one week appears in that week's "opened" and "finished" and in the "done"
band from then on, never in an open band.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: The bands of the diagram, bottom to top: done first, then back along the route.
BANDS = ("done", "executing", "decided", "booked", "secretariat", "approvals", "drafting")
BAND_TEXT = {
    "done": ("Afsluttet", "Finished"),
    "executing": ("Udførelse", "Executing"),
    "decided": ("Besluttet, til orientering", "Decided, informing"),
    "booked": ("Til politisk behandling", "Booked for a meeting"),
    "secretariat": ("Sekretariatet", "Secretariat"),
    "approvals": ("Godkendelser", "Approvals"),
    "drafting": ("Udarbejdelse", "Drafting"),
}

#: One case's phases, each with the ISO instant it entered it, in order.
Timeline = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class FlowWeek:
    """One week of the flow: the cases in each band at its end, and what moved in it."""

    start: dt.date  # the Monday
    bands: tuple[tuple[str, int], ...]  # (band, cases at the end of the week), in BANDS order
    opened: int
    finished: int

    @property
    def week(self) -> str:
        """The ISO week, e.g. "2026-W49"."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def count(self, band: str) -> int:
        """Cases in ``band`` at the end of the week."""
        return dict(self.bands).get(band, 0)

    def as_json(self) -> dict[str, Any]:
        """Stable keys."""
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "bands": dict(self.bands),
            "opened": self.opened,
            "finished": self.finished,
        }


def week_starts(today: dt.date, weeks: int) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, the current one last."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def flow_weeks(timelines: Iterable[Timeline], today: dt.date, weeks: int) -> tuple[FlowWeek, ...]:
    """The cumulative flow of ``timelines`` over the last ``weeks`` weeks up to ``today``.

    A case counts from the instant its timeline begins (opened); at each week's end it stands
    in the last phase it entered before then. Phases outside :data:`BANDS` count as drafting.
    """
    starts = week_starts(today, weeks)
    # The end of each week as ISO text, compared with the instants as text: the instants are
    # ISO 8601 in one zone, so text order is time order. The current week ends today.
    ends = [(s + dt.timedelta(days=7)).isoformat() for s in starts]
    ends[-1] = min(ends[-1], (today + dt.timedelta(days=1)).isoformat())
    first = starts[0].isoformat()
    counts = [dict.fromkeys(BANDS, 0) for _ in starts]
    opened = [0] * len(starts)
    finished = [0] * len(starts)
    for timeline in timelines:
        if not timeline:
            continue
        instants = [at for _, at in timeline]
        if instants[0] >= first:
            i = bisect.bisect_right(ends, instants[0])
            if i < len(starts):
                opened[i] += 1
        done_at = next((at for phase, at in timeline if phase == "done"), None)
        if done_at is not None and done_at >= first:
            i = bisect.bisect_right(ends, done_at)
            if i < len(starts):
                finished[i] += 1
        for w, end in enumerate(ends):
            k = bisect.bisect_left(instants, end)  # entered strictly before the week's end
            if k == 0:
                continue
            phase = timeline[k - 1][0]
            counts[w][phase if phase in counts[w] else "drafting"] += 1
    return tuple(
        FlowWeek(
            start=s,
            bands=tuple((b, counts[w][b]) for b in BANDS),
            opened=opened[w],
            finished=finished[w],
        )
        for w, s in enumerate(starts)
    )
