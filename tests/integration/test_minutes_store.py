"""The minutes through the application on the in-memory double, SQLite and PostgreSQL alike: a
decision moves the case and lands on the meeting's record in one unit of work (or neither
does), the stored row equals the replay of the meeting's events, the audit verifies the chain,
and the protocol reads back what was recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.schema import upgrade
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.agenda import Visibility
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, RecordDecision
from casework.domain.configuration import Configuration
from casework.domain.meeting_errors import ItemNotOnMeeting, MeetingChanged, MinutesClosed
from casework.domain.meeting_record import replay_meeting
from casework.services import minutes as minutes_service
from casework.services.ports import UnitOfWork
from casework.testing import FixedClock, InMemoryUnitOfWork

DAY = dt.date(2026, 3, 9)
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
STEPS = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"), ("godkend", "sofie")]


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app(
    request: pytest.FixtureRequest, config: Configuration, clock: FixedClock, tmp_path: Path
) -> Iterator[App]:
    """The App on the in-memory double, and on a fresh database of each backend."""
    factory: Callable[[], UnitOfWork]
    engine = None
    if request.param == "memory":
        memory = InMemoryUnitOfWork()
        factory = lambda: memory  # noqa: E731 - one store for all
    else:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'casework.db'}"
        else:
            url = request.getfixturevalue("postgres_url")
            with psycopg.connect(_libpq(url), autocommit=True) as connection:
                connection.execute("DROP SCHEMA public CASCADE")
                connection.execute("CREATE SCHEMA public")
        engine = make_engine(url)
        upgrade(engine)
        sql = engine
        factory = lambda: SqlUnitOfWork(sql)  # noqa: E731
    app = App(config=config, uow_factory=factory, clock=clock)
    app.register_workflows()
    yield app
    if engine is not None:
        engine.dispose()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def to_tmu(app: App, title: str) -> str:
    case = app.open_case(
        OpenCase(workflow="beslutningssag", title=title, actor="mette", route=ROUTE,
                 attributes={"politikomraade": "veje"})
    )  # fmt: skip
    for action, actor in STEPS:
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def decide(app: App, case_id: str, outcome: str, **minutes: Any) -> None:
    minutes_ = Minutes(outcome=outcome, meeting=DAY, **minutes)
    app.decide(RecordDecision(case_id=case_id, actor="sofie", minutes=minutes_))


def held(app: App, clock: FixedClock, *titles: str) -> list[str]:
    case_ids = [to_tmu(app, title) for title in titles]
    app.agendas.book("tmu", DAY, case_ids, actor="sofie")
    app.agendas.send("tmu", DAY, actor="sofie")
    clock.instant = dt.datetime(2026, 3, 9, 18, tzinfo=dt.UTC)
    app.agendas.hold("tmu", DAY, actor="sofie")
    return case_ids


def test_a_whole_minutes_cycle_is_stored_as_its_events_say(app: App, clock: FixedClock) -> None:
    road, bike = held(app, clock, "Trafikplan", "Cykelsti")
    app.agendas.record_attendance("tmu", DAY, "Anna Berg", substitute="Bo Lund", actor="sofie")
    decide(app, road, "anbefales", text="Som indstillet", in_favour=5, against=2, abstaining=0,
           votes="For: A, B; imod: O", minority=["O: afvis"], entries=["C: tilførsel"])  # fmt: skip
    decide(app, bike, "udsat")
    app.agendas.reopen_item("tmu", DAY, bike, actor="sofie", reason="Genoptaget")
    decide(app, bike, "anbefales")
    app.agendas.approve_minutes("tmu", DAY, actor="sofie")
    app.agendas.publish_minutes("tmu", DAY, actor="sofie")

    with app.uow_factory() as uow:
        repository = uow.meetings  # type: ignore[attr-defined]
        stored = repository.find("tmu", DAY)
        events = repository.events("tmu", DAY)
        case_events = {c: uow.cases.events(c) for c in (road, bike)}
    assert stored.state_dict() == replay_meeting(events).state_dict()
    assert [str(e.kind) for e in events][4:] == [
        "meeting.held", "meeting.attendance_recorded", "meeting.decision_recorded",
        "meeting.decision_recorded", "meeting.item_reopened", "meeting.decision_recorded",
        "meeting.minutes_approved", "meeting.minutes_published",
    ]  # fmt: skip
    decision = stored.item_of(road).decision
    pointed = next(e for e in case_events[road] if e.seq == decision.case_seq)
    assert pointed.hash == decision.case_hash and pointed.kind == "case.advanced"
    assert app.verify_audit().ok

    protocol = app.agendas.protocol("tmu", DAY)
    assert protocol.state == "published" and protocol.approved_by is not None
    items = {i.case_id: i for i in protocol.items if i.case_id}
    assert items[road].vote_lines()[:2] == ("For stemte: 5", "Imod stemte: 2")
    assert items[road].minority == ("O: afvis",) and items[road].entries == ("C: tilførsel",)
    assert (items[bike].outcome, items[bike].reopened) == ("recommended", ("Genoptaget",))
    public = protocol.publish(Visibility.PUBLIC)
    assert list(public.absent) == ["Anna Berg (stedfortræder: Bo Lund)"]

    with pytest.raises(MinutesClosed):
        decide(app, road, "anbefales", text="Anderledes")


def test_a_decision_the_meeting_refuses_leaves_the_case_where_it_was(
    app: App, clock: FixedClock
) -> None:
    held(app, clock, "Trafikplan")
    other = to_tmu(app, "Ikke på dagsordenen")
    before = app.case(other)[0].version
    with pytest.raises(ItemNotOnMeeting):
        decide(app, other, "anbefales")
    assert app.case(other)[0].version == before
    assert app.agendas.record("tmu", DAY, "da").version == 4


def test_a_meeting_changed_meanwhile_rolls_the_case_back(
    app: App, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    (road,) = held(app, clock, "Trafikplan")
    before = app.case(road)[0]

    def stale(uow: UnitOfWork) -> Any:
        raise MeetingChanged(meeting="tmu/2026-03-09", expected=4, actual=5)

    monkeypatch.setattr(minutes_service, "meetings_of", stale)
    with pytest.raises(MeetingChanged):
        decide(app, road, "anbefales")
    after = app.case(road)[0]
    assert (after.step, after.version) == (before.step, before.version)
    assert len(app.history(road)) == before.version


def test_a_meeting_not_run_on_casework_keeps_offering_its_undecided_items(
    app: App, clock: FixedClock
) -> None:
    first, second = to_tmu(app, "Første"), to_tmu(app, "Anden")
    clock.instant = dt.datetime(2026, 3, 9, 18, tzinfo=dt.UTC)
    decide(app, first, "anbefales")
    sheet = app.agendas.minutes("tmu", DAY, "da")
    offered = {item.case_id: bool(item.outcomes) for item in sheet.items}
    assert offered == {first: False, second: True}  # the first moved on, the second waits
    decide(app, second, "udsat")
    protocol = app.agendas.protocol("tmu", DAY)
    assert protocol.held_implicitly
    assert [(i.case_id, i.outcome) for i in protocol.items] == [
        (first, "recommended"), (second, "postponed"),
    ]  # fmt: skip
    assert app.verify_audit().ok
