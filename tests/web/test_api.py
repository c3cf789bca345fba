"""The JSON API end to end through TestClient: tokens, cases, actions, plans, board, agendas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.domain.commands import AdvanceCase
from casework.domain.configuration import Configuration


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_without_a_valid_token_every_endpoint_answers_401_in_json(world: World) -> None:
    case_id = world.open_case()
    for headers in ({}, {"Authorization": "Bearer cw_00000000_nonsense-but-long-enough"},
                    {"Authorization": "Basic bWV0dGU6ZGVtbw=="}):  # fmt: skip
        response = world.client.get(f"/api/v1/cases/{case_id}", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "CW220"
        assert "Trafikplan" not in response.text


def test_a_revoked_token_is_refused(world: World) -> None:
    (info,) = world.accounts.list_tokens("mette")
    world.accounts.revoke_token(info.id)
    assert world.get("mette", "/api/v1/me").status_code == 401


def test_me_names_the_tokens_person_and_her_permissions(world: World) -> None:
    data = world.get("sofie", "/api/v1/me").json()
    assert data["id"] == "sofie"
    assert data["roles"] == ["sekretariat"]
    assert "record_minutes" in data["permissions"]
    assert "record_minutes" not in world.get("mette", "/api/v1/me").json()["permissions"]


def test_a_case_officer_opens_a_case_routed_by_the_delegation_plan(world: World) -> None:
    response = world.post(
        "aase",
        "/api/v1/cases",
        {
            "title": "Lokalplan 212 for Virum Bytorv",
            "attributes": {
                "sagstype": "lokalplan",
                "politikomraade": "lokalplaner",
                "beloeb": 1500000,
            },
        },
    )
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["owner"] == "aase"
    assert case["centre"] == "cby"
    assert case["route"]
    detail = world.get("aase", f"/api/v1/cases/{case['id']}").json()
    assert detail["route_source"] == "plan"
    assert detail["history"][0]["kind"] == "case.opened"


def test_open_case_with_an_explicit_route_and_bad_input(world: World) -> None:
    ok = world.post("mette", "/api/v1/cases", {"title": "Cykelsti langs Søvej",
                    "workflow": "beslutningssag", "route": "tmu,oeu,kb",
                    "attributes": {"politikomraade": "veje"}})  # fmt: skip
    assert ok.status_code == 201, ok.text
    assert [r["body"] for r in ok.json()["route"]] == ["tmu", "oeu", "kb"]
    short = world.post("mette", "/api/v1/cases", {"title": "x"})
    assert short.status_code == 422
    assert short.json()["error"]["code"] == "CW213"
    unknown_attr = world.post("mette", "/api/v1/cases", {"title": "Cykelsti",
                              "workflow": "beslutningssag", "route": "tmu,kb",
                              "attributes": {"politikomraad": "veje"}})  # fmt: skip
    assert unknown_attr.status_code == 422
    assert unknown_attr.json()["error"]["code"] == "CW212"
    assert "politikomraade" in unknown_attr.json()["error"]["message"]
    bad_route = world.post("mette", "/api/v1/cases", {"title": "Cykelsti",
                           "workflow": "beslutningssag", "route": "tmu,xyz"})  # fmt: skip
    assert bad_route.status_code == 422
    assert bad_route.json()["error"]["code"] == "CW209"
    extra = world.post("mette", "/api/v1/cases", {"title": "Cykelsti", "actor": "sofie"})
    assert extra.status_code == 422
    not_json = world.client.post("/api/v1/cases", headers={**world.headers("mette"),
                                 "content-type": "application/json"}, content=b"{")  # fmt: skip
    assert not_json.status_code == 422
    assert not_json.json()["error"]["code"] == "CW213"


def test_the_approval_chain_runs_through_the_api(world: World) -> None:
    case_id = world.open_case()
    for action, person in [("indsend", "mette"), ("godkend", "henrik"),
                           ("godkend", "annelise"), ("godkend", "sofie")]:  # fmt: skip
        response = world.post(person, f"/api/v1/cases/{case_id}/actions", {"action": action,
                              "comment": f"{action} af {person}"})  # fmt: skip
        assert response.status_code == 200, response.text
        assert response.json()["event"]["data"]["action"] == action
    case = world.get("sofie", f"/api/v1/cases/{case_id}").json()
    assert case["body"] == "tmu"
    world.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)  # TMU has met
    decided = world.post("sofie", f"/api/v1/cases/{case_id}/decision",
                         {"outcome": "anbefales", "text": "Anbefales.", "meeting": "2026-03-09",
                          "in_favour": 5, "against": 2, "minority": ["O: afvis"],
                          "entries": ["C: tilførsel"]})  # fmt: skip
    assert decided.status_code == 200, decided.text
    assert decided.json()["case"]["body"] == "oeu"
    protocol = world.services.agendas.protocol("tmu", dt.date(2026, 3, 9))
    (item,) = [i for i in protocol.items if i.case_id == case_id]
    assert (item.vote_lines(), item.minority, item.entries) == (
        ("For stemte: 5", "Imod stemte: 2"), ("O: afvis",), ("C: tilførsel",),
    )  # fmt: skip


def test_a_decision_needs_a_meeting_the_body_held(world: World) -> None:
    case_id = world.at_meeting()
    url = f"/api/v1/cases/{case_id}/decision"
    before = world.get("sofie", f"/api/v1/cases/{case_id}").json()["version"]
    future = world.post("sofie", url, {"outcome": "anbefales", "meeting": "2026-03-09"})
    assert future.status_code == 422
    assert future.json()["error"]["code"] == "CW219"
    no_meeting = world.post("sofie", url, {"outcome": "anbefales", "meeting": "2026-02-10"})
    assert no_meeting.status_code == 422
    assert no_meeting.json()["error"]["code"] == "CW224"
    assert "2026-02-09" in no_meeting.json()["error"]["message"]
    missing = world.post("sofie", url, {"outcome": "anbefales"})
    assert missing.json()["error"]["code"] == "CW218"
    assert world.get("sofie", f"/api/v1/cases/{case_id}").json()["version"] == before
    world.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
    postponed = world.post("sofie", url, {"outcome": "udsat", "meeting": "2026-03-09"})
    assert postponed.status_code == 200, postponed.text
    again = world.post("sofie", url, {"outcome": "anbefales", "meeting": "2026-03-09"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "CW225"
    assert world.get("sofie", f"/api/v1/cases/{case_id}").json()["body"] == "tmu"


def test_the_engine_refuses_actions_with_the_right_status(world: World) -> None:
    case_id = world.open_case()
    wrong_role = world.post("henrik", f"/api/v1/cases/{case_id}/actions", {"action": "indsend"})
    assert wrong_role.status_code == 403
    assert wrong_role.json()["error"]["code"] == "CW203"
    not_here = world.post("mette", f"/api/v1/cases/{case_id}/actions", {"action": "godkend"})
    assert not_here.status_code == 409
    assert not_here.json()["error"]["code"] == "CW202"
    stale = world.post("mette", f"/api/v1/cases/{case_id}/actions",
                       {"action": "indsend", "expected_version": 7})  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "CW206"
    missing = world.post("mette", "/api/v1/cases/2026-9999/actions", {"action": "indsend"})
    assert missing.status_code == 404


def test_an_idempotent_retry_is_replayed(world: World) -> None:
    case_id = world.open_case()
    body = {"action": "indsend", "idempotency_key": "esdh-42"}
    first = world.post("mette", f"/api/v1/cases/{case_id}/actions", body)
    again = world.post("mette", f"/api/v1/cases/{case_id}/actions", body)
    assert first.status_code == again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["case"]["version"] == first.json()["case"]["version"]


def test_attributes_route_and_plan(world: World) -> None:
    case_id = world.open_case()
    changed = world.call("PATCH", "mette", f"/api/v1/cases/{case_id}/attributes",
                         {"attributes": {"beloeb": "250000"}, "comment": "Beløb"})  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["attributes"]["beloeb"] == "250000"
    rerouted = world.call("PUT", "sofie", f"/api/v1/cases/{case_id}/route",
                          {"route": "tmu,kb", "reason": "Ikke en sag for ØU"})  # fmt: skip
    assert rerouted.status_code == 200, rerouted.text
    assert [r["body"] for r in rerouted.json()["route"]] == ["tmu", "kb"]
    case_id = world.open_case("Trafikplan for Vestervej")
    preview = world.get("mette", f"/api/v1/cases/{case_id}/plan")
    assert preview.status_code == 200, preview.text
    assert preview.json()["case"] == case_id
    recorded = world.post("mette", f"/api/v1/cases/{case_id}/plan", {})
    assert recorded.status_code == 200, recorded.text
    history = world.get("mette", f"/api/v1/cases/{case_id}/history").json()
    assert [e["kind"] for e in history][-1] == "case.planned"


def test_lists_show_only_visible_cases_and_my_cases_are_mine(world: World) -> None:
    mine = world.open_case("Trafikplan for Østervej")
    response = world.post("aase", "/api/v1/cases", {"title": "Lokalplan for Bytorvet",
                          "workflow": "beslutningssag", "route": "bpu,oeu,kb",
                          "attributes": {"politikomraade": "lokalplaner"}})  # fmt: skip
    theirs = response.json()["id"]
    assert {c["id"] for c in world.get("mette", "/api/v1/cases").json()} == {mine}
    assert {c["id"] for c in world.get("sofie", "/api/v1/cases").json()} == {mine, theirs}
    assert [c["id"] for c in world.get("aase", "/api/v1/cases/mine").json()["owned"]] == [theirs]
    world.post("mette", f"/api/v1/cases/{mine}/actions", {"action": "indsend"})
    henrik = world.get("henrik", "/api/v1/cases/mine").json()
    assert henrik["owned"] == []
    assert [c["id"] for c in henrik["waiting"]] == [mine]
    assert world.get("mette", "/api/v1/cases/mine").json()["waiting"] == []
    assert world.get("mette", "/api/v1/cases", params={"limit": 0}).status_code == 422
    assert world.get("mette", "/api/v1/cases", params={"status": "x"}).status_code == 422


def test_the_board_counts_visible_open_cases_by_step_and_body(world: World) -> None:
    world.open_case()
    world.at_meeting()
    board = world.get("sofie", "/api/v1/board")
    assert board.status_code == 200
    data = board.json()
    assert data["total"] == 2
    assert data["by_body"] == {"": 1, "tmu": 1}
    assert world.get("birgitte", "/api/v1/board").json()["total"] == 0


def test_meetings_and_the_two_agenda_versions(world: World) -> None:
    world.at_meeting("Trafikplan for Østervej")
    meetings = world.get("mette", "/api/v1/meetings", params={"body": "tmu", "to": "2026-04-30"})
    assert meetings.status_code == 200
    assert "2026-03-09" in [m["date"] for m in meetings.json()]
    unknown = world.get("mette", "/api/v1/meetings", params={"body": "xyz"})
    assert unknown.status_code == 422
    public = world.get("mette", "/api/v1/meetings/tmu/2026-03-09/agenda")
    assert public.status_code == 200, public.text
    assert public.json()["visibility"] == "offentlig"
    assert "Trafikplan for Østervej" in public.text
    full = world.get("sofie", "/api/v1/meetings/tmu/2026-03-09/agenda?udgave=fuld")
    assert full.json()["visibility"] == "fuld"
    assert world.get("mette", "/api/v1/meetings/tmu/2026-03-09/agenda?udgave=fuld"
                     ).status_code == 403  # fmt: skip
    no_meeting = world.get("mette", "/api/v1/meetings/tmu/2026-03-10/agenda")
    assert no_meeting.status_code == 422
    assert no_meeting.json()["error"]["code"] == "CW802"


def test_english_messages_on_request(world: World) -> None:
    response = world.client.get("/api/v1/cases/2026-9999", headers={
        **world.headers("mette"), "Accept-Language": "en"})  # fmt: skip
    assert response.json()["error"]["message"] == "Case '2026-9999' does not exist."


def test_the_openapi_description_lists_the_endpoints_with_bearer_auth(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/cases/{case_id}/actions" in paths
    assert set(paths["/api/v1/cases/{case_id}/origin"]) == {"post"}
    assert set(paths["/api/v1/cases/{case_id}/answers"]) == {"post"}
    assert set(paths["/api/v1/cases/{case_id}/involvement"]) == {"get"}
    assert "/api/v1/meetings/{body}/{date}/agenda" in paths
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_the_board_shows_writes_through_the_api_at_once(world: World) -> None:
    first = world.open_case()
    assert world.get("sofie", "/api/v1/board").json()["total"] == 1
    assert world.get("sofie", "/api/v1/board").json()["total"] == 1  # from the snapshot
    opened = world.post("mette", "/api/v1/cases", {"title": "Cykelsti langs Søvej",
                        "workflow": "beslutningssag", "route": "tmu,oeu,kb",
                        "attributes": {"politikomraade": "veje"}})  # fmt: skip
    assert opened.status_code == 201
    assert world.get("sofie", "/api/v1/board").json()["total"] == 2
    world.post("mette", f"/api/v1/cases/{first}/actions", {"action": "traek_tilbage"})
    assert world.get("sofie", "/api/v1/board").json()["total"] == 1
    assert world.get("mette", "/api/v1/board").json()["total"] == 1
    assert world.get("sofie", "/api/v1/board", params={"centre": "cby"}).json()["total"] == 0


def test_without_the_apps_snapshot_the_board_and_my_cases_read_the_store(world: World) -> None:
    del world.app.state.snapshot
    case_id = world.open_case()
    world.services.advance(AdvanceCase(case_id=case_id, action="indsend", actor="mette"))
    board = world.get("sofie", "/api/v1/board").json()
    assert board["total"] == 1
    assert board["urgent"][0]["id"] == case_id
    assert world.get("birgitte", "/api/v1/board").json()["total"] == 0
    assert [c["id"] for c in world.get("henrik", "/api/v1/cases/mine").json()["waiting"]] == [
        case_id
    ]
    assert [c["id"] for c in world.get("mette", "/api/v1/cases/mine").json()["owned"]] == [case_id]


def test_people_list_and_revoke_their_own_tokens_and_the_secretariat_anyones(
    world: World,
) -> None:
    spare = world.accounts.create_token("mette", "Gammelt script")
    spare_id = spare.split("_")[1]
    mine = world.get("mette", "/api/v1/tokens").json()
    assert sorted(t["name"] for t in mine) == ["Gammelt script", "test"]
    assert all("token" not in t and "token_hash" not in t for t in mine)
    assert world.get("jonas", "/api/v1/tokens?person=mette").status_code == 403
    assert world.call("DELETE", "jonas", f"/api/v1/tokens/{spare_id}").status_code == 404
    revoked = world.call("DELETE", "mette", f"/api/v1/tokens/{spare_id}")
    assert revoked.status_code == 200
    assert revoked.json()["active"] is False
    assert world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {spare}"}
                            ).status_code == 401  # fmt: skip
    (jonas_token,) = world.accounts.list_tokens("jonas")
    assert world.call("DELETE", "sofie", f"/api/v1/tokens/{jonas_token.id}").status_code == 200
    assert world.get("jonas", "/api/v1/me").status_code == 401
    missing = world.call("DELETE", "sofie", "/api/v1/tokens/deadbeef")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "CW223"


def test_a_hearing_is_closed_early_only_with_the_secretariats_override(world: World) -> None:
    # Issue 15, item 2: the same use case as `case advance --override-minimum`.
    attributes = {"sagstype": "lokalplan", "politikomraade": "lokalplaner"}
    opened = world.post(
        "aase",
        "/api/v1/cases",
        {"title": "Lokalplan 213 for Lyngby Port", "attributes": attributes},
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    assert opened.json()["workflow"] == "lokalplan"
    url = f"/api/v1/cases/{case_id}/actions"
    for action, person in [("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise"),
                           ("godkend", "sofie"), ("godkend", "sofie"),
                           ("offentliggoer", "aase")]:  # fmt: skip
        assert world.post(person, url, {"action": action}).status_code == 200
    early = world.post("aase", url, {"action": "afslut_hoering"})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "CW226"
    not_hers = world.post("aase", url, {"action": "afslut_hoering", "override_minimum": "Travlt"})
    assert not_hers.status_code == 403
    assert not_hers.json()["error"]["code"] == "CW227"
    reason = "Høringen er holdt på borgermødet"
    closed = world.post("sofie", url, {"action": "afslut_hoering", "override_minimum": reason})
    assert closed.status_code == 200, closed.text
    assert closed.json()["event"]["data"]["override"] == reason
