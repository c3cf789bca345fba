"""Rendering agenda versions (HTML, PDF) and calendars (iCalendar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from casework.adapters.publish.html import render_html
from casework.adapters.publish.ical import deadlines_ical, meetings_ical
from casework.adapters.publish.pdf import extract_text, render_pdf
from casework.domain.agenda import (
    LATE_TEXT,
    Agenda,
    Candidate,
    CaseContent,
    FontMissing,
    Visibility,
    assemble,
)
from casework.domain.meetings import Meeting
from casework.services.ports import StepDeadline

STAMP = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def sample() -> Agenda:
    return assemble(
        body="tmu",
        body_name="Teknik- og Miljøudvalget",
        date=dt.date(2026, 4, 13),
        time=dt.time(16, 0),
        deadline=dt.date(2026, 4, 7),
        municipality="Eksempel Kommune",
        candidates=[
            Candidate(
                CaseContent(
                    "2026-0001",
                    "2026-0001",
                    "Veje <b>& stier</b>",
                    "beslutning",
                    resume="Økonomi & æøå",
                    indstilling=("at planen godkendes",),
                ),
                dt.date(2026, 4, 8),
            ),
            Candidate(
                CaseContent("2026-0002", "2026-0002", "TOPHEMMELIG", "beslutning"),
                dt.date(2026, 4, 1),
                closed=True,
                closed_reason="laan",
            ),
        ],
    )


def test_html_escapes_case_text_and_shows_late_and_closed_items() -> None:
    html = render_html(sample().publish(Visibility.PUBLIC))
    assert "Veje &lt;b&gt;&amp; stier&lt;/b&gt; (Beslutning)" in html
    assert "<b>" not in html
    assert LATE_TEXT in html
    assert "Lukket punkt: Lånesag" in html
    assert "TOPHEMMELIG" not in html
    assert "mandag den 13. april 2026 kl. 16.00" in html
    assert "TOPHEMMELIG" in render_html(sample().publish(Visibility.FULL))


def test_pdf_holds_the_danish_text_and_not_the_closed_title() -> None:
    data = render_pdf(sample().publish(Visibility.PUBLIC), compress=False)
    assert data.startswith(b"%PDF")
    text = extract_text(data)
    assert "Lukket punkt: Lånesag" in text
    assert "Økonomi & æøå" in text
    assert "TOPHEMMELIG" not in text
    assert "TOPHEMMELIG" in extract_text(
        render_pdf(sample().publish(Visibility.FULL), compress=False)
    )


def test_pdf_is_deterministic() -> None:
    version = sample().publish(Visibility.FULL)
    assert render_pdf(version) == render_pdf(version)


def test_a_missing_font_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FontMissing) as error:
        render_pdf(sample().publish(Visibility.PUBLIC), font=tmp_path / "nope.ttf")
    assert error.value.code == "CW805"
    assert "nope.ttf" in error.value.message()


def test_meetings_become_timed_events_in_copenhagen_time() -> None:
    meetings = [Meeting("kb", dt.date(2026, 3, 26), dt.time(17, 0))]
    cal = icalendar.Calendar.from_ical(
        meetings_ical(meetings, body="kb", body_name="Kommunalbestyrelsen", stamp=STAMP)
    )
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == "meeting-kb-2026-03-26@casework"
    start = event.decoded("dtstart")
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 26, 16, 0, tzinfo=dt.UTC)
    assert cal.walk("VTIMEZONE")


def test_deadlines_are_all_day_events_with_stable_uids_and_closed_titles_hidden() -> None:
    rows = [
        StepDeadline("2026-0012", "Ny p-plads", "kladde", "Udkast", dt.date(2026, 3, 16)),
        StepDeadline(
            "2026-0013", "HEMMELIG", "orientering@oeu", "Orientering", dt.date(2026, 3, 17), True
        ),
    ]
    data = deadlines_ical(rows, person_name="Mette Sørensen", stamp=STAMP)
    assert b"HEMMELIG" not in data
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "case-2026-0012-step-kladde@casework",
        "case-2026-0013-step-orientering-oeu@casework",
    ]
    assert events[0].decoded("dtstart") == dt.date(2026, 3, 16)
    assert events[0].decoded("dtend") == dt.date(2026, 3, 17)
