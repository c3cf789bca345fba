"""The agenda model: order, numbering, late and closed items, and the public projection."""

from __future__ import annotations

import datetime as dt
import json

from casework.domain.agenda import (
    LATE_TEXT,
    Agenda,
    Candidate,
    CaseContent,
    Decision,
    Visibility,
    assemble,
)

MEETING = dt.date(2026, 4, 13)
DEADLINE = dt.date(2026, 4, 7)


def content(case_id: str, **values: object) -> CaseContent:
    base: dict[str, object] = {
        "case_id": case_id,
        "case_number": f"ESDH-{case_id}",
        "title": f"Sag {case_id}",
        "case_type": "beslutning",
    }
    base.update(values)
    return CaseContent(**base)  # type: ignore[arg-type]


def agenda_of(*candidates: Candidate) -> Agenda:
    return assemble(
        body="tmu",
        body_name="Teknik- og Miljøudvalget",
        date=MEETING,
        time=dt.time(16, 0),
        deadline=DEADLINE,
        candidates=candidates,
        municipality="Eksempel Kommune",
    )


def test_fixed_items_frame_the_open_items_and_closed_items_come_last() -> None:
    agenda = agenda_of(
        Candidate(content("2026-0003"), dt.date(2026, 4, 2), closed=True, closed_reason="udbud"),
        Candidate(content("2026-0002"), dt.date(2026, 4, 1)),
        Candidate(content("2026-0001", case_type="orientering"), dt.date(2026, 3, 20)),
    )
    titles = [(i.number, i.title) for i in agenda.items]
    assert titles == [
        (1, "Godkendelse af dagsorden"),
        (2, "Sag 2026-0001 (Orientering)"),
        (3, "Sag 2026-0002 (Beslutning)"),
        (4, "Meddelelser"),
        (5, "Eventuelt"),
        (6, "Sag 2026-0003 (Beslutning)"),
    ]
    assert agenda.items[-1].closed
    assert agenda.items[-1].public_heading == "Lukket punkt: Udbud og tilbud"


def test_a_case_entered_after_the_deadline_is_kept_and_flagged_late() -> None:
    agenda = agenda_of(
        Candidate(content("2026-0009"), dt.date(2026, 4, 8)),
        Candidate(content("2026-0010"), dt.date(2026, 4, 7)),
    )
    cases = [i for i in agenda.items if not i.fixed]
    assert [(i.content.case_id, i.late) for i in cases if i.content] == [
        ("2026-0010", False),
        ("2026-0009", True),
    ]
    public = agenda.publish(Visibility.PUBLIC).as_json()
    late = [i for i in public["items"] if i["late"]]
    assert [i["late_text"] for i in late] == [LATE_TEXT]


def test_plans_and_the_budget_cannot_be_closed() -> None:
    agenda = agenda_of(
        Candidate(
            content("2026-0004", sagstype="lokalplan"),
            dt.date(2026, 4, 1),
            closed=True,
            closed_reason="ejendomshandel",
        )
    )
    item = next(i for i in agenda.items if not i.fixed)
    assert not item.closed
    assert [w.kind for w in agenda.warnings] == ["cannot_close"]
    assert "kan ikke behandles lukket" in agenda.warnings[0].text


def test_a_closed_item_without_a_known_reason_is_closed_and_warned_about() -> None:
    agenda = agenda_of(Candidate(content("2026-0005"), dt.date(2026, 4, 1), closed=True))
    item = agenda.items[-1]
    assert item.closed
    assert item.public_heading == "Lukket punkt: Fortrolig sag"
    assert [w.kind for w in agenda.warnings] == ["no_reason"]
    assert agenda.publish(Visibility.PUBLIC).warnings == ()
    assert agenda.publish(Visibility.FULL).warnings


def test_the_public_projection_of_a_closed_item_holds_its_number_and_category_only() -> None:
    secret = content(
        "2026-0006",
        title="HEMMELIG-TITEL",
        resume="HEMMELIG-RESUME",
        sagsfremstilling="HEMMELIG-FREMSTILLING",
        oekonomi="HEMMELIG-OEKONOMI",
        indstilling=("at HEMMELIG-INDSTILLING",),
        bilag=("HEMMELIG-BILAG.pdf",),
        decisions=(Decision("Økonomiudvalget", dt.date(2026, 3, 5), "Anbefales", "HEMMELIG-K"),),
        kle="HEMMELIG-KLE",
    )
    agenda = agenda_of(
        Candidate(secret, dt.date(2026, 4, 9), closed=True, closed_reason="personforhold")
    )
    public = json.dumps(agenda.publish(Visibility.PUBLIC).as_json(), ensure_ascii=False)
    full = json.dumps(agenda.publish(Visibility.FULL).as_json(), ensure_ascii=False)
    assert "HEMMELIG" not in public
    assert "ESDH-2026-0006" not in public
    assert "2026-0006" not in public
    assert "Lukket punkt: Personsag" in public
    for marker in ("TITEL", "RESUME", "FREMSTILLING", "OEKONOMI", "INDSTILLING", "BILAG", "KLE"):
        assert f"HEMMELIG-{marker}" in full


def test_decisions_of_earlier_bodies_read_as_on_the_agenda() -> None:
    decision = Decision("Teknik- og Miljøudvalget", dt.date(2026, 3, 10), "Anbefales")
    assert decision.text() == "Teknik- og Miljøudvalget den 10. marts 2026: Anbefales."
    with_comment = Decision("Økonomiudvalget", dt.date(2026, 3, 19), "Udsat", "Afventer høring")
    assert with_comment.text() == "Økonomiudvalget den 19. marts 2026: Udsat. Afventer høring."


def test_an_empty_agenda_has_only_its_fixed_items() -> None:
    agenda = agenda_of()
    assert [i.title for i in agenda.items] == [
        "Godkendelse af dagsorden",
        "Meddelelser",
        "Eventuelt",
    ]
    assert agenda.publish(Visibility.PUBLIC).title == (
        "Dagsorden – Teknik- og Miljøudvalget – mandag den 13. april 2026 kl. 16.00"
    )
