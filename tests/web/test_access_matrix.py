"""The authorisation matrix: every role × every operation, through the JSON API and the HTML
forms; only the permitted succeed, and no closed item's content reaches anyone else.

The expectations are written out by hand, not computed from the policy, so a change of the
policy shows up here as a changed table. People (Eksempel Kommune): the case belongs to mette
(case officer, Center for Miljø og Teknik); jonas is her colleague, aase a case officer of
another centre; henrik and birgitte are centre heads inside and outside; annelise and peter
directors inside and outside; sofie is the secretariat; ``None`` has no token at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import World, make_world

from casework.domain.configuration import Configuration

PEOPLE = ["mette", "jonas", "aase", "henrik", "birgitte", "annelise", "peter", "sofie", None]
STAFF = {p for p in PEOPLE if p is not None}
SEE = {"mette", "jonas", "henrik", "annelise", "sofie"}  # may see mette's case
SEE_CLOSED = {"mette", "henrik", "annelise", "sofie"}  # may see it when it is a closed item
SECRET = "Xyzzy"  # in the closed item's title and texts; must never leak
MEETING = "/api/v1/meetings/tmu/2026-03-09/agenda"
#: TMU's last meeting before the tests' today (2 March 2026): minutes are of a held meeting.
HELD = "2026-02-09"


def _case(world: World) -> str:
    return world.open_case()


def _meeting_case(world: World) -> str:
    return world.at_meeting()


def _closed(world: World) -> str:
    return world.open_case(f"Køb af {SECRET}gården", lukket="ja", lukket_grund="ejendomshandel",
                           sagsfremstilling=f"Prisen på {SECRET} er fortrolig.")  # fmt: skip


#: operation → (set-up that returns a case id or "", method, url, body, {person: status}).
def _expect(ok: set[str], ok_status: int = 200, **others: int) -> dict[str | None, int]:
    """``ok`` succeed; people who see the case but lack the right get 403; the rest 404."""
    table: dict[str | None, int] = {p: others.get("default", 404) for p in STAFF}
    table.update({p: others.get("seen", 403) for p in SEE})
    table.update(dict.fromkeys(ok, ok_status))
    table[None] = 401
    return table


def _everyone(ok: set[str], denied: int = 403) -> dict[str | None, int]:
    table: dict[str | None, int] = dict.fromkeys(STAFF, denied)
    table.update(dict.fromkeys(ok, 200))
    table[None] = 401
    return table


def _closed_discussion(world: World) -> str:
    from casework.domain.commands import OpenCase

    return world.services.open_case(OpenCase(
        workflow="droeftelsessag", title=f"Drøftelse af {SECRET}gården", actor="mette",
        attributes={"politikomraade": "veje", "lukket": "ja", "lukket_grund": "ejendomshandel"},
    )).id  # fmt: skip


def _in_hearing(world: World) -> str:
    """A discussion of mette's sent out for consultation: its involvement takes answers."""
    from casework.domain.commands import AdvanceCase, OpenCase

    case_id = world.services.open_case(OpenCase(
        workflow="droeftelsessag", title="Temadrøftelse: ældrevenlig by", actor="mette",
        attributes={"politikomraade": "veje"},
    )).id  # fmt: skip
    world.services.advance(AdvanceCase(case_id=case_id, action="send_i_hoering", actor="mette"))
    return case_id


def _mettes_token(world: World) -> str:
    return world.accounts.create_token("mette", "ESDH").split("_")[1]


Setup = Callable[[World], str]
OPERATIONS: dict[str, tuple[Setup, str, str, Any, dict[str | None, int]]] = {
    "view case": (_case, "GET", "/api/v1/cases/{id}", None, _expect(SEE)),
    "view history": (_case, "GET", "/api/v1/cases/{id}/history", None, _expect(SEE)),
    "view plan": (_case, "GET", "/api/v1/cases/{id}/plan", None, _expect(SEE)),
    "indsend": (_case, "POST", "/api/v1/cases/{id}/actions", {"action": "indsend"},
                _expect({"mette", "jonas"})),
    "change attributes": (_case, "PATCH", "/api/v1/cases/{id}/attributes",
                          {"attributes": {"beloeb": 1000}},
                          _expect({"mette", "jonas", "henrik", "sofie"})),
    "change route": (_case, "PUT", "/api/v1/cases/{id}/route",
                     {"route": "tmu,oeu,kb,kfu:orienteres", "reason": "KFU skal orienteres"},
                     _expect({"sofie"})),
    "record plan": (_case, "POST", "/api/v1/cases/{id}/plan", {},
                    _expect({"mette", "jonas", "sofie"})),
    "record decision": (_meeting_case, "POST", "/api/v1/cases/{id}/decision",
                        {"outcome": "anbefales", "meeting": HELD}, _expect({"sofie"})),
    "open case": (lambda w: "", "POST", "/api/v1/cases",
                  {"title": "Ny p-plads ved rådhuset", "workflow": "beslutningssag",
                   "route": "tmu,kb", "attributes": {"politikomraade": "veje"}},
                  {**_everyone({"mette", "jonas", "aase", "henrik", "birgitte", "sofie"}),
                   **dict.fromkeys(["mette", "jonas", "aase", "henrik", "birgitte", "sofie"],
                                   201)}),
    # Issue 20: opened linked to a closed discussion of mette's: who may not see it gets 404.
    "open case from closed origin": (_closed_discussion, "POST", "/api/v1/cases",
                                     {"title": "Ny p-plads ved rådhuset",
                                      "workflow": "beslutningssag", "route": "tmu,kb",
                                      "attributes": {"politikomraade": "veje"}, "origin": "{id}"},
                                     {**_expect({"mette", "henrik", "sofie"}, 201, seen=404),
                                      "annelise": 403, "peter": 403}),
    # Issue 20 on an existing case: as its other writes (see it, may change its details).
    "record answer": (_in_hearing, "POST", "/api/v1/cases/{id}/answers",
                      {"party": "aeldreraad", "summary": "Flere bænke."},
                      _expect({"mette", "jonas", "henrik", "sofie"}, 201)),
    "view involvement": (_in_hearing, "GET", "/api/v1/cases/{id}/involvement", None,
                         _expect(SEE)),
    # A task committee's work: its facilitator (jonas) and the secretariat (sofie).
    "add committee idea": (lambda w: "", "POST", "/api/v1/task-committees/obu/ideas",
                           {"title": "Fælles ladestandere", "hours": 20},
                           {**_everyone(set()), "jonas": 201, "sofie": 201}),
    "view board": (_case, "GET", "/api/v1/board", None, _everyone(STAFF)),
    "view meetings": (_case, "GET", "/api/v1/meetings", None, _everyone(STAFF)),
    "public agenda": (_meeting_case, "GET", MEETING, None, _everyone(STAFF)),
    "full agenda": (_meeting_case, "GET", MEETING + "?udgave=fuld", None, _everyone({"sofie"})),
    "me": (_case, "GET", "/api/v1/me", None, _everyone(STAFF)),
    "list own tokens": (_case, "GET", "/api/v1/tokens", None, _everyone(STAFF)),
    "list mette's tokens": (_case, "GET", "/api/v1/tokens?person=mette", None,
                            _everyone({"mette", "sofie"})),
    "revoke mette's token": (_mettes_token, "DELETE", "/api/v1/tokens/{id}", None,
                             {**_everyone({"mette", "sofie"}, denied=404)}),
    "view closed item": (_closed, "GET", "/api/v1/cases/{id}", None,
                         _expect(SEE_CLOSED, seen=404)),
    "act on closed item": (_closed, "POST", "/api/v1/cases/{id}/actions",
                           {"action": "indsend"},
                           {**_expect({"mette"}, seen=404), "henrik": 403, "annelise": 403,
                            "sofie": 403}),
}  # fmt: skip


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_only_the_permitted_succeed_through_the_api(world: World, person: str | None) -> None:
    """Every operation for one person; each on a fresh case, so none depends on another."""
    outcomes = {}
    for name, (setup, method, url, body, expected) in OPERATIONS.items():
        case_id = setup(world)
        sent = body
        if isinstance(body, dict) and body.get("origin") == "{id}":
            sent = {**body, "origin": case_id}
        response = world.call(method, person, url.format(id=case_id), sent)
        outcomes[name] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}, (name, response.text)
        if expected[person] != 200 and expected[person] != 201:
            assert SECRET not in response.text
    wanted = {name: spec[4][person] for name, spec in OPERATIONS.items()}
    assert outcomes == wanted


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_no_closed_item_content_reaches_who_may_not_see_it(
    world: World, person: str | None
) -> None:
    closed = world.at_meeting(f"Køb af {SECRET}gården", lukket="ja",
                              lukket_grund="ejendomshandel",
                              sagsfremstilling=f"Prisen på {SECRET} er fortrolig.")  # fmt: skip
    world.at_meeting("Trafikplan for Østervej")
    listings = [
        "/api/v1/cases",
        "/api/v1/cases?status=all&limit=1000",
        "/api/v1/cases?centre=cmt",
        "/api/v1/cases/mine",
        "/api/v1/board?limit=500",
        f"/api/v1/cases/{closed}",
        f"/api/v1/cases/{closed}/history",
        f"/api/v1/cases/{closed}/plan",
    ]
    seen = "".join(world.get(person, url).text for url in listings)
    assert (SECRET in seen) == (person in SEE_CLOSED)
    # The public agenda never carries it, whoever asks; it shows the item as closed.
    public = world.get(person, MEETING)
    assert SECRET not in public.text
    if person is not None:
        items = public.json()["items"]
        assert any(item["closed"] and item["heading"].startswith("Lukket punkt") for item in items)
    full = world.get(person, MEETING + "?udgave=fuld")
    assert (SECRET in full.text) == (person == "sofie")


# ----------------------------------------------------------------------------- HTML forms
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _browser(world: World, person: str | None) -> Any:
    """A TestClient signed in as ``person`` through the login form (none for None)."""
    from fastapi.testclient import TestClient

    client = TestClient(world.app, raise_server_exceptions=False)
    if person is not None:
        world.accounts.set_password(person, "demo")
        page = client.get("/login")
        token = _CSRF.search(page.text)
        assert token is not None
        signed = client.post("/login", data={"person": person, "password": "demo",
                             "csrf_token": token.group(1)}, follow_redirects=False)  # fmt: skip
        assert signed.status_code in {302, 303}, signed.text
    return client


def _csrf(client: Any) -> str:
    found = _CSRF.search(client.get("/").text)
    return found.group(1) if found else ""


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_only_the_permitted_succeed_through_the_html_forms(
    world: World, person: str | None
) -> None:
    client = _browser(world, person)
    token = _csrf(client)

    def version(case_id: str) -> int:
        return world.services.case(case_id)[0].version

    draft = world.open_case()
    client.post(f"/sager/{draft}/handling", data={"action": "indsend", "csrf_token": token})
    assert (version(draft) > 1) == (person in {"mette", "jonas"})

    draft = world.open_case()
    client.post(f"/sager/{draft}/plan", data={"csrf_token": token})
    assert (version(draft) > 1) == (person in {"mette", "jonas", "sofie"})

    waiting = world.at_meeting()
    before = version(waiting)
    client.post(f"/moeder/tmu-{HELD}/referat", data={"case_id": waiting,
                "outcome": "anbefales", "csrf_token": token})  # fmt: skip
    assert (version(waiting) > before) == (person == "sofie")

    def count() -> int:
        from casework.services.ports import CaseQuery

        return len(world.services.cases(CaseQuery(status=None, limit=10_000)))

    before = count()
    client.post("/sager/ny", data={"title": "Ny p-plads ved rådhuset", "workflow":
                "beslutningssag", "route": "tmu,kb", "attr_politikomraade": "veje",
                "csrf_token": token})  # fmt: skip
    opens = {"mette", "jonas", "aase", "henrik", "birgitte", "sofie"}
    assert (count() == before + 1) == (person in opens)

    closed = world.at_meeting(f"Køb af {SECRET}gården", lukket="ja",
                              lukket_grund="ejendomshandel")  # fmt: skip
    page = client.get(f"/sager/{closed}")
    assert (SECRET in page.text) == (person in SEE_CLOSED)
    if person not in SEE_CLOSED:
        for url in ("/", "/tavle", "/tavle?centre=cmt"):
            assert SECRET not in client.get(url).text
    assert SECRET not in client.get("/moeder/tmu-2026-03-09/dagsorden").text
    full = client.get("/moeder/tmu-2026-03-09/dagsorden?udgave=fuld")
    assert (SECRET in full.text) == (person == "sofie")


def test_a_post_without_the_csrf_token_changes_nothing(world: World) -> None:
    client = _browser(world, "mette")
    draft = world.open_case()
    response = client.post(f"/sager/{draft}/handling", data={"action": "indsend"})
    assert response.status_code == 403
    assert world.services.case(draft)[0].version == 1


def test_an_idempotency_key_never_hands_out_someone_elses_closed_item(world: World) -> None:
    title = f"Køb af {SECRET}gården"
    opened = world.post("mette", "/api/v1/cases", {"title": title, "workflow": "beslutningssag",
                        "route": "tmu,kb", "attributes": {"politikomraade": "veje",
                        "lukket": True, "lukket_grund": "ejendomshandel"},
                        "idempotency_key": "esdh-7"})  # fmt: skip
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    # jonas (same centre, may not see the closed item) retries with the same key and title.
    retry = world.post("jonas", "/api/v1/cases", {"title": title, "workflow": "beslutningssag",
                       "route": "tmu,kb", "attributes": {"politikomraade": "veje"},
                       "idempotency_key": "esdh-7"})  # fmt: skip
    assert retry.status_code == 409
    assert SECRET not in retry.text
    assert case_id not in retry.text
    # The owner's own retry gets her case back.
    again = world.post("mette", "/api/v1/cases", {"title": title, "workflow": "beslutningssag",
                       "route": "tmu,kb", "attributes": {"politikomraade": "veje"},
                       "idempotency_key": "esdh-7"})  # fmt: skip
    assert again.status_code == 201
    assert again.json()["id"] == case_id
    # A key used on the closed item does not name it when reused on another case either.
    world.post("mette", f"/api/v1/cases/{case_id}/actions",
               {"action": "indsend", "idempotency_key": "k-1"})  # fmt: skip
    other = world.open_case()
    clash = world.post("jonas", f"/api/v1/cases/{other}/actions",
                       {"action": "indsend", "idempotency_key": "k-1"})  # fmt: skip
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "CW207"
    assert case_id not in clash.text
