"""The meeting use cases on the in-memory store: every reader of an agenda gets the frozen one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework.app import App
from casework.app.oparl_export import export_oparl
from casework.domain.access import AccessDenied
from casework.domain.agenda import Visibility
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.meeting_errors import NotOnRoute
from casework.testing import FixedClock

DAY = dt.date(2026, 3, 9)
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
STEPS = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"), ("godkend", "sofie")]


def to_tmu(app: App, title: str, route: list[tuple[str, str]] = ROUTE) -> str:
    case = app.open_case(
        OpenCase(workflow="beslutningssag", title=title, actor="mette", route=route,
                 attributes={"politikomraade": "veje", "resume": f"{title}: som sendt"})
    )  # fmt: skip
    for action, actor in STEPS:
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def case_ids(app: App) -> list[str]:
    agenda = app.agendas.agenda("tmu", DAY)
    return [i.content.case_id for i in agenda.items if i.content is not None]


def test_every_reader_gets_the_sent_agenda_after_the_case_moved_on(
    memory_services: App, clock: FixedClock
) -> None:
    app = memory_services
    case_id = to_tmu(app, "Trafikplan")
    assert app.agendas.book("tmu", DAY, actor="sofie", planned=True) == [case_id]
    app.agendas.send("tmu", DAY, actor="sofie")
    clock.instant = dt.datetime(2026, 3, 9, 17, tzinfo=dt.UTC)
    app.advance(AdvanceCase(case_id=case_id, action="anbefal", actor="sofie"))
    assert app.case(case_id)[0].step != "politisk_behandling@tmu"

    assert case_ids(app) == [case_id]
    item = next(i for i in app.agendas.published("tmu", DAY, Visibility.FULL).items if i.resume)
    assert item.resume == "Trafikplan: som sendt"
    assert [i.case_id for i in app.agendas.minutes("tmu", DAY, "da").items] == [case_id]
    export = export_oparl(app, "https://eksempel.dk/oparl")
    meeting = export.objects["https://eksempel.dk/oparl/meetings/tmu-2026-03-09"]
    names = [item["name"] for item in meeting["agendaItem"]]
    assert "Trafikplan (Beslutning)" in names


def test_booking_checks_the_case_and_books_nothing_when_one_is_refused(
    memory_services: App,
) -> None:
    app = memory_services
    good = to_tmu(app, "Trafikplan")
    elsewhere = to_tmu(app, "Skolevej", [("buu", "beslutter")])
    with pytest.raises(NotOnRoute):
        app.agendas.book("tmu", DAY, [good, elsewhere], actor="sofie")
    with pytest.raises(AccessDenied):
        app.agendas.book("tmu", DAY, [good], actor="mette")
    assert app.agendas.record("tmu", DAY, "da").version == 0


def test_before_sending_the_agenda_is_what_is_booked(memory_services: App) -> None:
    app = memory_services
    first, second = to_tmu(app, "Trafikplan"), to_tmu(app, "Cykelsti")
    assert case_ids(app) == [first, second]  # nothing recorded: assembled from the cases
    app.agendas.book("tmu", DAY, [second], actor="sofie")
    assert case_ids(app) == [second]
    app.agendas.withdraw("tmu", DAY, second, actor="sofie")
    assert case_ids(app) == []


def test_the_audit_verifies_the_meetings_chains_and_rows(memory_services: App) -> None:
    app = memory_services
    app.agendas.book("tmu", DAY, [to_tmu(app, "Trafikplan")], actor="sofie")
    app.agendas.send("tmu", DAY, actor="sofie")
    report = app.verify_audit()
    assert report.ok and report.events == 5 + 3  # the case's five, the meeting's three
    store = app.uow_factory().inner.store  # type: ignore[attr-defined]
    events = store.meeting_events[("tmu", DAY.isoformat())]
    events[0] = dataclasses.replace(events[0], actor="rasmus")
    assert {f.code for f in app.verify_audit().findings} == {"CW401"}
    events[0] = dataclasses.replace(events[0], actor="sofie")
    row = store.meetings[("tmu", DAY.isoformat())]
    store.meetings[("tmu", DAY.isoformat())] = (*row[:2], "held", *row[3:])
    assert [f.message("en") for f in app.verify_audit().findings] == [
        "[CW407] meeting tmu/2026-03-09: the stored state (state) differs from the replay of its "
        "events"
    ]
    assert app.verify_audit(["2026-0001"]).ok  # only the cases named
