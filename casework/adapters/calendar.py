"""Non-working days as data: Danish public holidays from ``holidays`` plus the configured days.

The domain calendar (:class:`casework.domain.workdays.WorkCalendar`) must not import
``holidays``, so this adapter turns the package's answer into a frozen set of dates for a range
of years and adds what ``config/calendar.yaml`` asks for: the extra days off every year
(Grundlovsdag, juleaftensdag and nytårsaftensdag by default, as forældelsesloven § 27, stk. 2
counts them), 1 May when configured, and one-off closing days.

Only the PUBLIC category is taken from the package, and only its dates: names are localised and
have changed between releases, while the configured extra days are listed by month and day so
that they do not depend on how the package categorises them. Releases before 0.22 still list
Store Bededag after its abolition (last held 5 May 2023); :func:`public_holidays` refuses such a
release instead of planning around a holiday that no longer exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from casework.domain.errors import ConfigFileError
from casework.domain.messages import Msg, register
from casework.domain.workdays import CountingRules, WorkCalendar

register(
    {
        "calendar.holidays_outdated": (
            "pakken 'holidays' ({version}) har stadig store bededag i 2024; kræver holidays>=0.22",
            "the 'holidays' package ({version}) still lists Store Bededag in 2024; "
            "holidays>=0.22 is required",
        ),
        "calendar.unknown_zone": ("ukendt tidszone '{zone}'", "unknown time zone '{zone}'"),
    }
)

#: The day Store Bededag would have fallen on in 2024, had it not been abolished.
_ABOLISHED_STORE_BEDEDAG = dt.date(2024, 4, 26)
FIRST_OF_MAY = (5, 1)


def public_holidays(years: Iterable[int], country: str = "DK") -> frozenset[dt.date]:
    """The public holidays of ``country`` in ``years``, as dates.

    Raises:
        ConfigFileError: the installed ``holidays`` still has Store Bededag after 2023.
    """
    wanted = sorted(set(years))
    if country == "DK":
        check = holidays.country_holidays("DK", years=2024)
        if _ABOLISHED_STORE_BEDEDAG in check:
            raise ConfigFileError(
                file="holidays",
                detail=Msg(
                    "calendar.holidays_outdated", version=getattr(holidays, "__version__", "?")
                ),
            )
    found = holidays.country_holidays(country, years=wanted, categories=("public",))
    return frozenset(day for day in found if day.year in wanted)


def non_working_days(
    years: Iterable[int],
    *,
    country: str = "DK",
    extra: Iterable[tuple[int, int]] = ((6, 5), (12, 24), (12, 31)),
    first_of_may: bool = False,
    dates: Iterable[dt.date] = (),
) -> frozenset[dt.date]:
    """Every day that is not a hverdag in ``years``, apart from weekends.

    Args:
        years: the calendar years to cover.
        country: the country whose public holidays count (``holidays`` country code).
        extra: (month, day) pairs off every year; by default 5 June, 24 and 31 December.
        first_of_may: whether 1 May is a day off (KL agreements give only the afternoon,
            so by default it is a hverdag).
        dates: one-off days off, e.g. a municipal closing day.
    """
    covered = sorted(set(years))
    days = set(public_holidays(covered, country))
    recurring = set(extra) | ({FIRST_OF_MAY} if first_of_may else set())
    for year in covered:
        for month, day in recurring:
            days.add(dt.date(year, month, day))
    days.update(d for d in dates if d.year in covered)
    return frozenset(days)


def zone(name: str) -> ZoneInfo:
    """The time zone ``name`` (``Europe/Copenhagen``); :class:`ConfigFileError` if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigFileError(
            file="calendar.yaml", detail=Msg("calendar.unknown_zone", zone=name)
        ) from None


def build_calendar(
    first_year: int,
    last_year: int,
    *,
    zone_name: str = "Europe/Copenhagen",
    counting: CountingRules | None = None,
    country: str = "DK",
    extra: Iterable[tuple[int, int]] = ((6, 5), (12, 24), (12, 31)),
    first_of_may: bool = False,
    dates: Iterable[dt.date] = (),
) -> WorkCalendar:
    """A domain calendar for 1 January ``first_year`` to 31 December ``last_year``."""
    years = range(first_year, last_year + 1)
    return WorkCalendar(
        non_working=non_working_days(
            years, country=country, extra=extra, first_of_may=first_of_may, dates=dates
        ),
        first=dt.date(first_year, 1, 1),
        last=dt.date(last_year, 12, 31),
        zone=zone(zone_name),
        counting=counting or CountingRules(),
    )
