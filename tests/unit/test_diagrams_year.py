"""The annual wheel: meetings per body and month, the budget year, elections and breaks."""

from __future__ import annotations

import datetime as dt

from test_diagrams_mined import compare_golden  # tests/unit is on sys.path (rootdir-less tests)

from casework.diagrams.year import election_day, year_figure
from casework.domain.configuration import Configuration
from casework.domain.meetings import MeetingPlan


def test_elections_are_the_third_tuesday_of_november_every_four_years() -> None:
    assert election_day(2021) == dt.date(2021, 11, 16)
    assert election_day(2025) == dt.date(2025, 11, 18)
    assert election_day(2029) == dt.date(2029, 11, 20)
    assert election_day(2026) is None


def test_an_election_year_shows_the_election_and_the_constitution(
    config: Configuration,
) -> None:
    figure = year_figure(2025, MeetingPlan(), config.municipality, lang="da")
    assert "Kommunalvalg<BR/>18.\u00a0nov." in figure.dot
    assert "Konstituering<BR/>1.–15. dec." in figure.dot
    assert "Ingen møder planlagt for 2025" in figure.dot
    assert "Kommunalvalg 18.\u00a0nov. :2025-11-18, 2025-11-19" in figure.mermaid


def test_meetings_fall_in_their_month_and_july_has_none(config: Configuration) -> None:
    assert config.calendar is not None
    figure = year_figure(
        2026, config.calendar.meetings, config.municipality, config.calendar.breaks
    )
    assert "Intet kommunalvalg i 2026 (næste: 2029)" in figure.dot
    assert figure.dot.count("ingen møder") == 9  # each body with meetings, in July
    kb_june = [m for m in config.calendar.meetings.for_body("kb") if m.date.month == 6]
    assert f"KB {kb_june[0].date.day}/6 :milestone" in figure.mermaid


def test_year_matches_golden_files(config: Configuration) -> None:
    assert config.calendar is not None
    calendar = config.calendar
    figure = year_figure(2026, calendar.meetings, config.municipality, calendar.breaks, "da")
    compare_golden("year_2026_da", figure, "year-2026.png")
    english = year_figure(2025, calendar.meetings, config.municipality, calendar.breaks, "en")
    compare_golden("year_2025_en", english)
