"""Danish text formats: the domain's plain-Python ones and Babel's agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casework.adapters.publish.babel_dates import (
    format_date,
    format_datetime,
    format_meeting,
    format_time,
)
from casework.domain.danish import clauses, date_da, long_date_da, meeting_when_da, names


def test_a_meeting_reads_as_in_the_issue() -> None:
    assert meeting_when_da(dt.date(2026, 3, 12), dt.time(17, 0)) == (
        "torsdag den 12. marts 2026 kl. 17.00"
    )
    assert format_meeting(dt.date(2026, 3, 12), dt.time(17, 0)) == (
        "torsdag den 12. marts 2026 kl. 17.00"
    )
    assert format_meeting(dt.date(2026, 3, 12), dt.time(17, 0), "en") == (
        "Thursday 12 March 2026 at 17:00"
    )


@pytest.mark.parametrize("offset", range(0, 366, 17))
def test_babel_and_the_domain_agree_on_danish_dates(offset: int) -> None:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
    assert format_date(day) == long_date_da(day)
    assert format_date(day, weekday=False) == date_da(day)


def test_an_instant_is_shown_on_the_copenhagen_clock() -> None:
    # 16:00 UTC on 26 March 2026 is 17:00 in Copenhagen (winter time), 30 April 15:00 UTC too.
    assert format_datetime(dt.datetime(2026, 3, 26, 16, 0, tzinfo=dt.UTC)).endswith("kl. 17.00")
    assert format_datetime(dt.datetime(2026, 4, 30, 15, 0, tzinfo=dt.UTC)).endswith("kl. 17.00")
    assert format_time(dt.time(9, 5), "en") == "09:05"


def test_an_indstilling_is_split_into_at_clauses() -> None:
    text = "- at planen godkendes;\n2) der afsættes 1 mio. kr.\n\nat sagen genoptages"
    assert clauses(text) == (
        "at planen godkendes",
        "at der afsættes 1 mio. kr.",
        "at sagen genoptages",
    )
    assert clauses(None) == ()


def test_attachments_are_a_comma_separated_list() -> None:
    assert names("Plan.pdf, , Kort.pdf ") == ("Plan.pdf", "Kort.pdf")


def test_every_configured_case_type_has_an_agenda_suffix() -> None:
    from casework.adapters.config.full import load_full_configuration
    from casework.domain.danish import TYPE_SUFFIX

    config = load_full_configuration(Path(__file__).resolve().parents[2] / "config")
    missing = {d.case_type for d in config.workflows.values()} - set(TYPE_SUFFIX)
    assert not missing, missing
    assert TYPE_SUFFIX[config.workflow("droeftelsessag").case_type] == "Drøftelse"
