"""The flow board's kept HTML (issue 22): the board's results are rendered once per board view
and served again with the reader's own CSRF token; they are never another person's. Two people
who see different cases get different results, a closed item's title reaches only those who may
see it, and the board's poll gets the results alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world

from casework.domain.commands import PlanCase
from casework.domain.configuration import Configuration

SECRET = "Xyzzy"  # in the closed item's title: only who may see the item may read it
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: Four meetings per body: the planned case's earliest chain takes TMU's third coming meeting,
#: so only from four on does its card have a meeting it can be moved to (and a move form).
BOARD = "/tavle?moeder=4"


def _signed_in(world: World, person: str) -> Any:
    """A TestClient of its own (its own session) signed in as ``person`` by the login form."""
    from fastapi.testclient import TestClient

    client = TestClient(world.app)
    token = _CSRF.search(client.get("/login").text)
    assert token is not None
    signed = client.post("/login", data={"person": person, "password": "demo",
                         "csrf_token": token.group(1)}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303, signed.text
    return client


def _results(page: str) -> str:
    start = page.index('<div id="board-results"')
    return page[start : page.index("</main>", start)]


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    world = make_world(tmp_path, config)
    world.app.state.snapshot.ttl = 3600.0  # one snapshot for the whole test: the cache is shared
    for person in ("sofie", "jonas", "aase"):
        world.accounts.set_password(person, "demo")  # once: a new password ends the sessions
    return world


def test_the_kept_board_is_never_another_persons(world: World) -> None:
    closed = world.at_meeting(f"Køb af {SECRET}gården", lukket="ja",
                              lukket_grund="ejendomshandel")  # fmt: skip
    planned = world.open_case("Trafikplan for Østervej")
    world.services.plan(PlanCase(case_id=planned, actor="sofie"))
    sofie, jonas, aase = (_signed_in(world, p) for p in ("sofie", "jonas", "aase"))
    sofie_again = _signed_in(world, "sofie")  # another session of the same person

    # sofie (the secretariat) sees the closed item on its meeting's lane; she renders first.
    first = sofie.get(BOARD).text
    assert f'data-case="{closed}"' in first and SECRET in first
    # jonas (mette's colleague) sees her planned case but not the closed item: not its card,
    # not its title, although sofie's board of the same filters was just kept.
    seen = jonas.get(BOARD).text
    assert f'data-case="{planned}"' in seen
    assert f'data-case="{closed}"' not in seen and SECRET not in seen
    # aase (another centre) sees neither.
    other = aase.get(BOARD).text
    assert f'data-case="{planned}"' not in other and SECRET not in other

    # Each session's move forms carry its own CSRF token, never the one the board was kept with.
    tokens = {name: set(_CSRF.findall(page)) for name, page in
              (("sofie", first), ("jonas", seen), ("aase", other))}  # fmt: skip
    assert all(len(found) == 1 for found in tokens.values()), tokens
    assert len(set.union(*tokens.values())) == 3
    assert f'action="/sager/{planned}/plan" class="move"' in seen
    again = sofie_again.get(BOARD).text
    (own,) = set(_CSRF.findall(again))
    assert own not in tokens["sofie"]
    # ... and apart from the token the same kept results as sofie's first.
    assert _results(again).replace(own, "T") == _results(first).replace(*tokens["sofie"], "T")
    kept = [k for k in world.app.state.snapshot.get().memo if k[0] == "board-html"]
    assert len(kept) == 3  # sofie (twice, one kept board), jonas, aase

    # The board's poll gets the results alone, with the session's token.
    poll = jonas.get(BOARD, headers={"X-Casework-Partial": "board"})
    assert poll.text.startswith('<div id="board-results"')
    assert "<html" not in poll.text and SECRET not in poll.text
    assert set(_CSRF.findall(poll.text)) == tokens["jonas"]
    assert "X-Casework-Partial" in poll.headers["vary"]


def test_the_kept_board_follows_the_language_and_the_move(world: World) -> None:
    planned = world.open_case("Trafikplan for Østervej")
    world.services.plan(PlanCase(case_id=planned, actor="sofie"))
    sofie = _signed_in(world, "sofie")
    danish = sofie.get(BOARD).text
    assert 'title="Træk kortet til et andet af organets møder for at flytte sagen"' in danish
    assert 'data-drop="Slip her for at flytte sagen"' in danish
    token = _CSRF.search(danish)
    assert token is not None
    sofie.post("/sprog", data={"lang": "en", "next": "/tavle", "csrf_token": token.group(1)})
    english = sofie.get(BOARD).text
    assert "Drag the card to another of the body&#39;s meetings to move the case" in english
    assert "Træk kortet" not in english

    # The card's lane before and after a move through its form: the kept board is not shown.
    def lane(page: str) -> str:
        card = page.index(f'data-case="{planned}"')
        return re.findall(r'data-meeting="([^"]+)"', page[:card])[-1]

    now = lane(english)
    card = english[english.index(f'data-case="{planned}"') :]
    assert '<input type="hidden" name="back" value="tavle?moeder=4">' in card
    # On three meetings a body the case can reach none but its own: no form, a hint instead.
    narrow = sofie.get("/tavle").text
    card = narrow[narrow.index(f'data-case="{planned}"') :]
    card = card[: card.index("</li>")]
    assert "None of the other meetings shown can be reached" in card
    assert 'class="move"' not in card and 'draggable="true"' not in card
    wide = sofie.get("/tavle?moeder=6").text
    card = wide[wide.index(f'data-case="{planned}"') :]
    assert '<input type="hidden" name="back" value="tavle?moeder=6">' in card
    later = [o for o in re.findall(r'<option value="([^"]+)">', card[: card.index("</form>")])
             if o > now]  # fmt: skip
    assert later
    other = later[0]
    moved = sofie.post(f"/sager/{planned}/plan", data={"csrf_token": token.group(1),
                       "target": other, "back": "tavle?moeder=6"})  # fmt: skip
    assert moved.status_code == 200 and str(moved.url).endswith("/tavle?moeder=6")
    assert lane(moved.text) == other != now, re.findall(r"class=\"flash[^<]*<", moved.text)
