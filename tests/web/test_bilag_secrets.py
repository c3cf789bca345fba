"""A closed bilag's title and content never reach who may not read them, through the JSON API,
the web pages, the downloads and the agendas; and an open bilag of a closed item is content of
that item (seen only by who may see the item).

People as in ``test_access_matrix``: the case belongs to mette (Center for Miljø og Teknik);
jonas is her colleague (sees the case, not closed content), henrik and annelise are above her,
sofie is the secretariat; aase, birgitte and peter are outside.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world
from bilag_files import docx, pdf

from casework.app.bilag import AttachBilag
from casework.domain.configuration import Configuration

PEOPLE = ["mette", "jonas", "aase", "henrik", "birgitte", "annelise", "peter", "sofie", None]
SEE = {"mette", "jonas", "henrik", "annelise", "sofie"}
SEE_CLOSED = {"mette", "henrik", "annelise", "sofie"}
#: In a closed bilag's title and content: only who may see closed content reads it.
LUKKET = "Qwertybilag"
#: In the title of an open bilag of a closed item: content of that item.
ITEM = "Xyzzybilag"
OPEN_TITLE = "Kort over Østervej"
MEETING = "/api/v1/meetings/tmu/2026-03-09/agenda"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def _attach(  # noqa: PLR0917 - a test helper called positionally
    world: World, case_id: str, title: str, content: bytes, name: str, closed: bool = False
) -> None:
    world.services.bilag.attach(AttachBilag(
        case_id=case_id, actor="mette", filename=name, content=content, title=title,
        closed=closed, reason="personforhold" if closed else None,
    ))  # fmt: skip


@pytest.fixture
def cases(world: World) -> dict[str, str]:
    open_id = world.at_meeting()
    closed_id = world.at_meeting("Køb af gården", lukket="ja", lukket_grund="ejendomshandel")
    _attach(world, open_id, OPEN_TITLE, pdf(), "kort.pdf")
    _attach(world, open_id, f"Notat om {LUKKET}", docx(LUKKET), "notat.docx", closed=True)
    _attach(world, closed_id, f"Vurdering af {ITEM}", pdf(ITEM), "vurdering.pdf")
    return {"open": open_id, "closed": closed_id}


def _browser(world: World, person: str | None) -> Any:
    from fastapi.testclient import TestClient

    client = TestClient(world.app, raise_server_exceptions=False)
    if person is not None:
        world.accounts.set_password(person, "demo")
        token = _CSRF.search(client.get("/login").text)
        assert token is not None
        client.post("/login", data={"person": person, "password": "demo",
                    "csrf_token": token.group(1)}, follow_redirects=False)  # fmt: skip
    return client


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_the_api_and_the_agendas_never_carry_a_closed_bilag(
    world: World, cases: dict[str, str], person: str | None
) -> None:
    urls = [
        "/api/v1/cases?status=all&limit=1000", "/api/v1/board?limit=500",
        f"/api/v1/cases/{cases['open']}", f"/api/v1/cases/{cases['open']}/history",
        f"/api/v1/cases/{cases['closed']}", f"/api/v1/cases/{cases['closed']}/history",
        MEETING, MEETING + "?udgave=fuld",
    ]  # fmt: skip
    seen = "".join(world.get(person, url).text for url in urls)
    # The history's record of the closed bilag: its title only to who may read closed content.
    assert (LUKKET in seen) == (person in SEE_CLOSED)
    assert (ITEM in seen) == (person in SEE_CLOSED)  # the closed item's own history
    public = world.get(person, MEETING)
    assert ITEM not in public.text
    if person is not None:
        files = [f for item in public.json()["items"] for f in item["files"]]
        assert [f["title"] for f in files] == [OPEN_TITLE]


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_pages_and_downloads_show_a_closed_bilag_only_to_who_may_read_it(
    world: World, cases: dict[str, str], person: str | None
) -> None:
    client = _browser(world, person)
    page = client.get(f"/sager/{cases['open']}").text
    assert (LUKKET in page) == (person in SEE_CLOSED)
    if person in SEE and person not in SEE_CLOSED:
        assert "Lukket bilag 2 (Personsag)" in page
    statuses = {
        n: client.get(f"/sager/{cases['open']}/bilag/{n}", follow_redirects=False).status_code
        for n in (1, 2)
    }
    # The case is approved and on an agenda: its open bilag is public, signed in or not; the
    # closed one exists only for who may read it (404 to everyone else, not signed in too).
    assert statuses == {1: 200, 2: 200 if person in SEE_CLOSED else 404}
    item = client.get(f"/sager/{cases['closed']}/bilag/1", follow_redirects=False)
    assert (item.status_code == 200) == (person in SEE_CLOSED)
    if person not in SEE_CLOSED:
        assert ITEM not in item.text and LUKKET not in item.text
    for url in ("/", "/tavle", "/moeder/tmu-2026-03-09/dagsorden"):
        text = client.get(url).text
        assert LUKKET not in text and ITEM not in text, url
    full = client.get("/moeder/tmu-2026-03-09/dagsorden?udgave=fuld").text
    assert LUKKET not in full
    assert (ITEM in full) == (person == "sofie")
