"""The coordinator's flow board (issue 22) from the one board query: a case waiting for a
meeting names it with its countdown (on every rendering), the coming meetings list the cases
booked, waiting or planned for each with the agenda deadline and capacity, the flow by step
counts the cases along the route, and the API and ``casework board --json`` answer the same."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import make_world

from casework.app.board import BoardFilters
from casework.app.flow import PHASES
from casework.domain.commands import AdvanceCase, PlanCase
from casework.domain.configuration import Configuration
from casework.entrypoints.cli import main

TMU_MEETING = dt.date(2026, 3, 9)  # TMU's first meeting after the world's Monday 2 March


def _column(view: Any, body: str, day: dt.date) -> Any:
    return next(m for m in view.meetings if m.body == body and m.date == day)


def test_the_flow_board_follows_cases_to_their_meetings(
    tmp_path: Path, config: Configuration, capsys: pytest.CaptureFixture[str]
) -> None:
    world = make_world(tmp_path, config)
    services = world.services
    waiting = world.at_meeting("Cykelsti langs Søvej")
    booked = world.at_meeting("Parkering ved Bytorvet")
    draft = world.open_case("Trafikplan for Østervej")
    services.advance(AdvanceCase(case_id=draft, action="indsend", actor="mette"))
    services.plan(PlanCase(case_id=draft, actor="sofie"))
    services.agendas.book("tmu", TMU_MEETING, [booked], actor="sofie")

    view = services.board("da", limit=None)
    calendar = config.calendar
    assert calendar is not None
    today = services.clock.today()
    # A case at the political step shows its meeting and the working days to it, not "–".
    row = next(r for r in view.rows if r.id == waiting)
    assert row.meeting == TMU_MEETING
    assert row.meeting_workdays_left == calendar.calendar.count_hverdage(today, TMU_MEETING)
    assert row.due_text("da") == f"TMU 2026-03-09 (om {row.meeting_workdays_left} hverdage)"
    assert row.as_json()["meeting"] == "2026-03-09"

    # TMU's coming meeting: the booked one and the one waiting, with deadline and capacity.
    tmu = _column(view, "tmu", TMU_MEETING)
    states = {c.id: c.state for c in tmu.cards}
    assert states[booked] == "booked" and states[waiting] == "waiting"
    assert tmu.booked == 1 and tmu.count == len(tmu.cards)
    rules = calendar.rules.for_body("tmu")
    assert rules.agenda is not None
    assert tmu.deadline == calendar.calendar.before(TMU_MEETING, rules.agenda).date
    assert tmu.deadline_workdays == calendar.calendar.count_hverdage(today, tmu.deadline)
    assert tmu.capacity == rules.capacity
    # The planned case is on the meeting its recorded plan gives it.
    plan = services.case(draft)[0].planned
    planned = [m for m in view.meetings if any(c.id == draft for c in m.cards)]
    assert len(planned) >= 1
    assert all(c.state == "planned" for m in planned for c in m.cards if c.id == draft)
    assert {m.date.isoformat() for m in planned} <= set(plan.values())
    # Three coming meetings per body, in date order.
    assert [m.date for m in view.meetings] == sorted(m.date for m in view.meetings)
    assert sum(1 for m in view.meetings if m.body == "tmu") == 3

    # The flow by step: every open case once, in route order.
    assert [p.phase for p in view.phases] == list(PHASES)
    assert sum(p.count for p in view.phases) == view.total == 3
    phase = {c.id: p.phase for p in view.phases for c in p.cards}
    assert phase == {waiting: "booked", booked: "booked", draft: "approvals"}

    # The person filter: henrik (the centre head) is responsible for the draft only.
    mine = services.board("da", limit=None, filters=BoardFilters(person="henrik"))
    assert [r.id for r in mine.rows] == [draft]

    # The API and the CLI answer the same flow.
    api = world.get("sofie", "/api/v1/board", params={"limit": 100}).json()
    capsys.readouterr()
    assert main(["board", "--json", "--limit", "100"], app=services) == 0
    cli = json.loads(capsys.readouterr().out)
    assert api["meetings"] == cli["meetings"] and api["flow"] == cli["flow"]
    assert api["meetings"] == [m.as_json() for m in view.meetings]
    only = world.get("sofie", "/api/v1/board", params={"body": "tmu"}).json()
    assert {m["body"] for m in only["meetings"]} == {"tmu"}

    # The CLI's flow by meeting names the meeting.
    assert main(["board", "--by", "meeting"], app=services) == 0
    assert "TMU 2026-03-09" in capsys.readouterr().out


def test_a_planned_case_moves_to_another_meeting_from_the_board(
    tmp_path: Path, config: Configuration
) -> None:
    import re

    world = make_world(tmp_path, config)
    services = world.services
    draft = world.open_case("Trafikplan for Østervej")
    services.plan(PlanCase(case_id=draft, actor="sofie"))
    wide = BoardFilters(meetings=6)
    before = services.board("da", limit=None, filters=wide)
    now, later = next(
        (m, o)
        for m in before.meetings
        if any(c.id == draft for c in m.cards)
        for o in before.meetings
        if o.body == m.body and o.date > m.date
    )

    world.accounts.set_password("sofie", "demo")
    client = world.client
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    client.post("/login", data={"person": "sofie", "password": "demo",
                                "csrf_token": token.group(1)})  # fmt: skip
    page = client.get("/tavle?moeder=6").text
    assert f'action="/sager/{draft}/plan" class="move"' in page
    assert f'<option value="{later.body}/{later.date}">' in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    moved = client.post(
        f"/sager/{draft}/plan",
        data={"csrf_token": csrf.group(1), "target": f"{later.body}/{later.date}", "back": "tavle"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/tavle"
    # Re-planned through the engine and recorded: the board shows it on the later meeting.
    after = services.board("da", limit=None, filters=wide)
    on = [(m.body, m.date) for m in after.meetings for c in m.cards if c.id == draft]
    assert (later.body, later.date) in on and (now.body, now.date) not in on
    assert services.case(draft)[0].planned != {}
    history = services.history(draft)
    assert sum(1 for e in history if "plan" in str(e.kind)) >= 2


def test_the_board_offers_a_planned_card_only_the_meetings_it_can_reach(
    tmp_path: Path, config: Configuration
) -> None:
    import re

    from casework.domain.errors import TargetMeetingNotFeasible

    world = make_world(tmp_path, config)
    services = world.services
    draft = world.open_case("Trafikplan for Østervej")
    services.plan(PlanCase(case_id=draft, actor="sofie"))
    # From Monday 2 March the draft's earliest chain takes TMU's third coming meeting (11 May):
    # TMU's first two are too soon for its steps before the meeting, the fourth is not.
    view = services.board("da", limit=None, filters=BoardFilters(meetings=4))
    tmu = [m.date for m in view.meetings if m.body == "tmu"]
    assert len(tmu) == 4
    column = next(m for m in view.meetings if any(c.id == draft for c in m.cards))
    assert (column.body, column.date) == ("tmu", tmu[2])
    card = next(c for c in column.cards if c.id == draft)
    assert card.state == "planned"
    assert card.moves == (tmu[3],)
    assert card.as_json()["moves"] == [tmu[3].isoformat()]  # what the API and --json answer
    # The engine agrees: the move to a meeting not offered is refused (CW217), the one offered
    # is planned.
    for too_soon in tmu[:2]:
        with pytest.raises(TargetMeetingNotFeasible, match="earliest"):
            services.plan(PlanCase(case_id=draft, actor="sofie", target_body="tmu",
                                   target_date=too_soon))  # fmt: skip

    # The page's move form lists the reachable meeting alone; on three meetings a body there
    # is none, so the card shows the hint and no form.
    world.accounts.set_password("sofie", "demo")
    client = world.client
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    client.post("/login", data={"person": "sofie", "password": "demo",
                                "csrf_token": token.group(1)})  # fmt: skip
    page = client.get("/tavle?moeder=4").text
    card_html = page[page.index(f'data-case="{draft}"') :]
    card_html = card_html[: card_html.index("</li>")]
    assert re.findall(r'<option value="([^"]+)">', card_html) == [f"tmu/{tmu[3]}"]
    narrow = client.get("/tavle").text
    card_html = narrow[narrow.index(f'data-case="{draft}"') :]
    card_html = card_html[: card_html.index("</li>")]
    assert "Intet af de andre viste møder kan nås" in card_html
    assert 'class="move"' not in card_html and 'draggable="true"' not in card_html

    planned = services.plan(PlanCase(case_id=draft, actor="sofie", target_body="tmu",
                                     target_date=tmu[3]))  # fmt: skip
    assert planned.planned["politisk_behandling@tmu"] == tmu[3].isoformat()
