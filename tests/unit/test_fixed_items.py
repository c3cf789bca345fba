"""The agendas' fixed items are configuration (issue 13, item 5): ``fixed_items`` in calendar.yaml.

Eksempel Kommune keeps the three usual items for every body and gives the council citizens'
question time (*Spørgetid for borgere*) after the approval of the agenda. The loader refuses an
unknown key, an empty title, an item twice on one body's agenda and an unknown body, each with
its file and line; the assembled agenda and the snapshot frozen at sending carry the items,
numbered with the case items.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from casework.adapters.config.meetings_loader import load_calendar_configuration
from casework.domain.agenda import (
    CLOSING_ITEMS,
    OPENING_ITEMS,
    Candidate,
    CaseContent,
    FixedItems,
    Visibility,
    assemble,
)
from casework.domain.configuration import Configuration
from casework.domain.errors import DefinitionError, Finding
from casework.domain.meeting_record import AgendaHeader, MeetingRecord

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
CALENDAR = "calendar.yaml"
SPOERGETID = "Spørgetid for borgere"
KB_OPENING = "      opening: [Godkendelse af dagsorden, Spørgetid for borgere]\n"
AT = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


def edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    path = target / CALENDAR
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return target


def findings_in(directory: Path, config: Configuration) -> list[Finding]:
    with pytest.raises(DefinitionError) as info:
        load_calendar_configuration(directory, config.municipality)
    return list(info.value.findings)


def line_of(directory: Path, text: str) -> int:
    lines = (directory / CALENDAR).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def where(finding: Finding) -> tuple[str, str | None, int | None]:
    assert finding.location is not None
    return finding.code, finding.location.file, finding.location.line


# --- configuration ----------------------------------------------------------------------------


def test_the_council_has_question_time_and_the_others_the_usual_three(
    config: Configuration,
) -> None:
    calendar = config.calendar
    assert calendar is not None
    rules = calendar.fixed_items
    assert rules.for_body("kb") == FixedItems(
        ("Godkendelse af dagsorden", SPOERGETID), CLOSING_ITEMS
    )
    for body in ("oeu", "tmu", "bpu", "obu"):
        assert rules.for_body(body) == FixedItems(OPENING_ITEMS, CLOSING_ITEMS)


def test_without_fixed_items_every_body_gets_todays_three(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(tmp_path, ("fixed_items:\n", "unused_fixed_items:\n"))
    text = (directory / CALENDAR).read_text(encoding="utf-8")
    start = text.index("unused_fixed_items:")
    (directory / CALENDAR).write_text(text[:start] + text[text.index("periods:") :], "utf-8")
    rules = load_calendar_configuration(directory, config.municipality).fixed_items
    assert rules.for_body("kb") == FixedItems()
    assert FixedItems() == FixedItems(("Godkendelse af dagsorden",), ("Meddelelser", "Eventuelt"))


def test_a_body_list_replaces_the_default_and_the_other_list_is_kept(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(
        tmp_path,
        ("    closing: [Meddelelser, Eventuelt]\n", "    closing: [Eventuelt]\n"),
        ("  bodies:\n    kb:\n", "  bodies:\n    tmu:\n      closing: []\n    kb:\n"),
    )
    rules = load_calendar_configuration(directory, config.municipality).fixed_items
    assert rules.for_body("kb").closing == ("Eventuelt",)  # the default's, changed above
    assert rules.for_body("kb").opening == ("Godkendelse af dagsorden", SPOERGETID)
    assert rules.for_body("tmu") == FixedItems(OPENING_ITEMS, ())
    assert rules.for_body("bpu") == FixedItems(OPENING_ITEMS, ("Eventuelt",))


def test_unknown_key_and_empty_title_name_file_and_line(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(
        tmp_path,
        (
            KB_OPENING,
            '      opening: [Godkendelse af dagsorden, "  "]\n      closng: [Eventuelt]\n',
        ),
    )
    findings = sorted(findings_in(directory, config), key=lambda f: f.code)
    file = "config/calendar.yaml"
    assert [where(f) for f in findings] == [
        ("CW102", file, line_of(directory, "closng")),
        ("CW104", file, line_of(directory, '"  "')),
    ]
    unknown, empty = findings
    assert unknown.suggestion == "closing" and "closng" in unknown.message("en")
    assert "fixed_items.bodies.kb.opening[1]" in empty.message("en")


def test_an_unknown_body_is_named_with_a_suggestion(tmp_path: Path, config: Configuration) -> None:
    directory = edited(tmp_path, ("  bodies:\n    kb:\n", "  bodies:\n    kbb:\n"))
    (finding,) = findings_in(directory, config)
    assert where(finding) == ("CW710", "config/calendar.yaml", line_of(directory, "kbb:"))
    assert finding.suggestion == "kb"


def test_an_item_twice_on_one_agenda_is_refused_where_the_file_gives_it(
    tmp_path: Path, config: Configuration
) -> None:
    directory = edited(
        tmp_path,
        (
            KB_OPENING,
            "      opening: [Godkendelse af dagsorden, Spørgetid for borgere, eventuelt]\n",
        ),
        ("    opening: [Godkendelse af dagsorden]\n", "    opening: [Meddelelser, Start]\n"),
    )
    findings = findings_in(directory, config)
    assert [where(f) for f in findings] == [
        ("CW105", "config/calendar.yaml", line_of(directory, "closing: [Meddelelser, Eventuelt]")),
        ("CW105", "config/calendar.yaml", line_of(directory, "borgere, eventuelt]")),
    ]
    assert (
        findings[0]
        .message("en")
        .endswith(
            "(fixed_items.default.closing[0]): the fixed item 'Meddelelser' is on the agenda twice "
            "(default)"
        )
    )
    # KB's own "eventuelt" meets the "Eventuelt" it takes over from the default's closing.
    assert (
        findings[1]
        .message("da")
        .endswith("det faste punkt 'eventuelt' står to gange på dagsordenen (kb)")
    )


# --- agendas ----------------------------------------------------------------------------------


def candidate(case_id: str, title: str, *, closed: bool = False) -> Candidate:
    content = CaseContent(case_id, case_id, title, "beslutning")
    return Candidate(content, dt.date(2026, 3, 2), closed=closed, closed_reason="personforhold")


KB = FixedItems(("Godkendelse af dagsorden", SPOERGETID), CLOSING_ITEMS)
HEADER = AgendaHeader("Kommunalbestyrelsen", dt.time(17), dt.date(2026, 3, 20), "Eksempel", KB)


def test_question_time_is_item_two_and_the_cases_follow_it() -> None:
    agenda = assemble(
        body="kb", body_name="Kommunalbestyrelsen", date=dt.date(2026, 3, 26), time=dt.time(17),
        deadline=dt.date(2026, 3, 20), opening=KB.opening, closing=KB.closing,
        candidates=[candidate("2026-0001", "Budget"), candidate("2026-0002", "Ansættelse",
                                                                 closed=True)],
    )  # fmt: skip
    titles = [(i.number, i.title, i.fixed) for i in agenda.items]
    assert titles == [
        (1, "Godkendelse af dagsorden", True),
        (2, SPOERGETID, True),
        (3, "Budget (Beslutning)", False),
        (4, "Meddelelser", True),
        (5, "Eventuelt", True),
        (6, "Ansættelse (Beslutning)", False),
    ]
    public = agenda.publish(Visibility.PUBLIC).items[1]
    assert (public.number, public.heading, public.fixed, public.closed) == (
        2,
        SPOERGETID,
        True,
        False,
    )


def test_a_booked_meeting_shows_the_items_and_freezes_them_when_sent() -> None:
    record = MeetingRecord("kb", dt.date(2026, 3, 26))
    record.book(candidate("2026-0001", "Budget"), at=AT, actor="sofie")
    candidates = {"2026-0001": candidate("2026-0001", "Budget")}
    before = [i.title for i in record.agenda(candidates, HEADER).items]
    assert before[:3] == ["Godkendelse af dagsorden", SPOERGETID, "Budget (Beslutning)"]
    record.send(candidates, HEADER, today=dt.date(2026, 3, 20), at=AT, actor="sofie")
    assert [s.heading for s in record.sent.fixed] == [  # type: ignore[union-attr]
        "Godkendelse af dagsorden",
        SPOERGETID,
        "Meddelelser",
        "Eventuelt",
    ]
    frozen = [(i.number, i.title) for i in record.frozen_agenda().items]
    assert frozen[:3] == [(1, "Godkendelse af dagsorden"), (2, SPOERGETID),
                          (3, "Budget (Beslutning)")]  # fmt: skip
    # A later change of the configuration does not change what was sent.
    assert record.agenda(candidates, AgendaHeader("KB", dt.time(17), None)).items[1].title != (
        SPOERGETID
    )
    assert record.frozen_agenda().items[1].title == SPOERGETID
