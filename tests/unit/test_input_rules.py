"""Issue 16, items 2 and 3: control characters and unbounded numbers are refused at the command.

Every entry point builds these commands, so one refusal here is the CLI's, the web forms' and
the API's (the e2e and web tests check that each says it in one line and writes nothing).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.domain.commands import (
    AdvanceCase,
    ChangeAttributes,
    ChangeRoute,
    Minutes,
    OpenCase,
    RecordDecision,
)
from casework.domain.configuration import Configuration
from casework.domain.organisation import AttributeSpec, AttributeType, InvalidAttribute
from casework.domain.text_rules import ControlCharacter, NumberOutOfRange, check_number

BAD_TITLES = [
    "Vej\x00projekt",
    "Vej\x1b[31mrød",
    "To\nlinjer",
    "Tab\ther",
    "Del\x7f",
    "C1\x85x",
    "CR\rx",
]


@pytest.mark.parametrize("title", BAD_TITLES)
def test_a_title_with_a_control_character_is_refused(title: str) -> None:
    with pytest.raises(ControlCharacter) as caught:
        OpenCase(title=title, actor="mette")
    assert caught.value.code == "CW230"
    message = caught.value.message("da")
    assert "title" in message and "styretegn" in message and "\n" not in message
    assert "control character" in caught.value.message("en")


@pytest.mark.parametrize("text", ["Linje 1\nLinje 2\tmed tab", "Windows\r\nlinjeskift"])
def test_multi_line_texts_keep_tabs_and_line_breaks(text: str) -> None:
    cmd = AdvanceCase(case_id="2026-0001", action="godkend", actor="mette", comment=text)
    assert cmd.comment is not None and "\r" not in cmd.comment and "\n" in cmd.comment


@pytest.mark.parametrize("text", ["nul\x00", "esc\x1b]8;;http://x\x07", "cr\ralone", "c1\x9b"])
def test_multi_line_texts_refuse_other_control_characters(text: str) -> None:
    with pytest.raises(ControlCharacter):
        AdvanceCase(case_id="2026-0001", action="godkend", actor="mette", comment=text)
    with pytest.raises(ControlCharacter):
        ChangeRoute(case_id="2026-0001", actor="mette", route=[], reason="fordi " + text)
    with pytest.raises(ControlCharacter):
        RecordDecision(
            case_id="2026-0001", actor="mette", minutes=Minutes(outcome="decided", text=text)
        )
    with pytest.raises(ControlCharacter):
        ChangeAttributes(case_id="2026-0001", actor="mette", attributes={"resume": text})


@pytest.mark.parametrize(
    "value",
    [
        "1e309",
        "-1e400",
        "inf",
        "-Infinity",
        "nan",
        "1e999999999",
        float("inf"),
        float("nan"),
        1e300,
        10**20,
        "1000000000000000",
        "1.000.000.000.000.000",
    ],
)
def test_unbounded_numbers_are_refused_at_the_command(value: object) -> None:
    with pytest.raises(NumberOutOfRange) as caught:
        OpenCase(title="Et beløb", actor="mette", attributes={"beloeb": value})
    assert caught.value.code == "CW231"
    assert "beloeb" in caught.value.message("da") and "10^15" in caught.value.message("en")
    with pytest.raises(NumberOutOfRange):
        ChangeAttributes(case_id="2026-0001", actor="mette", attributes={"beloeb": value})


@pytest.mark.parametrize(
    "value",
    [
        "2500000",
        "2.500.000",
        "1.5",
        "1,5",
        "999999999999999",
        42,
        12.5,
        True,
        "Vejprojekt",
        "2026-05-01",
        None,
    ],
)
def test_ordinary_values_pass(value: object) -> None:
    assert check_number(value) == value
    OpenCase(title="Et beløb", actor="mette", attributes={"x": value})


def test_expected_version_is_bounded() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        AdvanceCase(case_id="1", action="a", actor="m", expected_version=10**30)


@pytest.mark.parametrize("kind", [AttributeType.AMOUNT, AttributeType.INTEGER])
def test_the_attribute_types_apply_the_same_bound(kind: AttributeType) -> None:
    spec = AttributeSpec("beloeb", kind, "Beløb")
    assert spec.coerce("2500000") in {"2500000", 2500000}
    for value in ("1e309", "1E+15", "-1000000000000000", 10**16, "inf", "nan"):
        with pytest.raises(NumberOutOfRange):
            spec.coerce(value)
    with pytest.raises(InvalidAttribute):
        spec.coerce("mange")
    assert Decimal(str(spec.coerce("999999999999999"))) == Decimal("999999999999999")


def test_meeting_reasons_and_minutes_texts_follow_the_same_rule(config: Configuration) -> None:
    import datetime as dt

    from casework.app import App
    from casework.testing import FixedClock, InMemoryUnitOfWork

    uow = InMemoryUnitOfWork()
    services = App(
        config=config,
        uow_factory=lambda: uow,
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)),
    )
    day = dt.date(2026, 3, 26)
    agendas = services.agendas
    calls = [
        lambda: agendas.cancel("kb", day, actor="sofie", reason="Aflyst\x1b[2J"),
        lambda: agendas.move("kb", day, dt.date(2026, 3, 27), actor="sofie", reason="\x00"),
        lambda: agendas.withdraw("kb", day, "2026-0001", actor="sofie", reason="x\x9b"),
        lambda: agendas.correct("kb", day, "2026-0001", actor="sofie", reason="x\ry"),
        lambda: agendas.reopen_item("kb", day, "2026-0001", actor="sofie", reason="\x7f"),
        lambda: agendas.note_fixed_item("kb", day, 2, "Meddelelse\x1b", actor="sofie"),
    ]
    for call in calls:
        with pytest.raises(ControlCharacter):
            call()
    assert uow.store.meetings == {}  # nothing written
