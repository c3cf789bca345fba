"""The council's four-year term as a staircase (*forandringstrappe*): what a new council goes
through, and what the secretariat plans to support it at each step.

The steps (konstituering, roller, budget, udvikling, innovation) and the support activities are
the municipality's own plan, kept in ``calendar.yaml`` (``term:``); the booklet draws them as
steps up from the election. Pure data: :mod:`diagrams.stairs` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TermStep:
    """One step of the term: its name, when in the term (months after the election, from and
    to, both counted from 1), and the secretariat's support activities."""

    id: str
    title: str
    start: int
    end: int
    activities: tuple[str, ...] = ()
    title_en: str | None = None
    activities_en: tuple[str, ...] = ()

    def label(self, lang: str = "da") -> str:
        """The step's name in ``lang``."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def support(self, lang: str = "da") -> tuple[str, ...]:
        """The support activities in ``lang`` (the Danish ones where no English are given)."""
        return (self.activities_en or self.activities) if lang == "en" else self.activities
