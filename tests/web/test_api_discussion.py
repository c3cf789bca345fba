"""Issue 20 through the JSON API: GET /api/v1/cases/{id} carries the origin of a decision case,
what a discussion produced, its facilitation kit and its involvement; a linked closed item is
named by its public heading to whoever may not see it (secret marker)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_fixtures import World, make_world

from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration

SECRET = "HEMMELIG-API-20"


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def test_origin_and_produced_in_the_api(world: World) -> None:
    app = world.services
    discussion = app.open_case(
        OpenCase(workflow="droeftelsessag", title="Temadrøftelse: fremtidens bymidte",
                 actor="mette",
                 attributes={"politikomraade": "veje", "droeftelsesformat": "dilemmavaerksted"})
    ).id  # fmt: skip
    decision = world.open_case("Vision for bymidten")
    closed = world.open_case(f"Køb af grund {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    app.discussions.link(decision, discussion, "mette")
    app.discussions.link(closed, discussion, "mette")

    detail = world.get("jonas", f"/api/v1/cases/{decision}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["origin"]["id"] == discussion
    assert detail.json()["history"][-1]["data"] == {"case": discussion, "relation": "origin"}

    for person, sees in (("mette", True), ("jonas", False)):
        body = world.get(person, f"/api/v1/cases/{discussion}")
        assert body.status_code == 200, body.text
        produced = body.json()["produced"]
        assert [c["id"] for c in produced] == [decision, closed]
        assert (SECRET in body.text) is sees, person
        if not sees:
            assert produced[1]["title"] == "Lukket punkt: Ejendomssag"
        assert body.json()["facilitation"]["title"] == "Dilemmaværksted"
        assert [i["step"] for i in body.json()["involvement"]] == ["inddragelse"]


# ----------------------------------------------------------------------------- existing cases
# POST /cases/{id}/origin, POST /cases/{id}/answers and GET /cases/{id}/involvement run the use
# cases of ``case link / answer / involvement`` and answer with their --json. A write's JSON is
# compared with the CLI's on a twin store (the same cases, the same fixed clock), since the same
# write cannot be made twice on one.
def _cli(capsys: pytest.CaptureFixture[str], world: World, *args: str) -> tuple[int, str, str]:
    """``casework ARGS`` on ``world``'s store (its App, its clock)."""
    from casework.entrypoints.cli import main

    capsys.readouterr()
    code = main(list(args), app=world.services)
    out, err = capsys.readouterr()
    return code, out, err


def _discussion(world: World, title: str = "Temadrøftelse: fremtidens bymidte",
                **attrs: object) -> str:  # fmt: skip
    return world.services.open_case(OpenCase(
        workflow="droeftelsessag", title=title, actor="mette",
        attributes={"politikomraade": "veje", **attrs},
    )).id  # fmt: skip


def _in_hearing(world: World) -> str:
    """A discussion of mette's sent out for consultation (its involvement step)."""
    from casework.domain.commands import AdvanceCase

    case_id = _discussion(world, "Temadrøftelse: ældrevenlig by")
    world.services.advance(AdvanceCase(case_id=case_id, action="send_i_hoering", actor="mette"))
    return case_id


def _state(world: World) -> list[tuple[str, int]]:
    """Every case with its version: what a refused write must leave as it was."""
    from casework.services.ports import CaseQuery

    return sorted((c.id, c.version) for c in world.services.cases(CaseQuery(status=None)))


def _english(world: World, person: str, url: str, body: dict[str, object]) -> str:
    headers = {**world.headers(person), "Accept-Language": "en"}
    answer = world.client.post(url, json=body, headers=headers)
    message: str = answer.json()["error"]["message"]
    return message


ANSWER = {"party": "aeldreraad", "summary": "Rådet ønsker flere bænke.",
          "received": "2026-02-27", "by": "formand Grethe Holm"}  # fmt: skip


def test_an_existing_case_is_linked_to_its_discussion_as_case_link_does(
    world: World, tmp_path: Path, config: Configuration, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = make_world(tmp_path / "twin", config)
    for w in (world, twin):
        discussion = _discussion(w)
        decision = w.open_case("Vision for bymidten")
    linked = world.post("jonas", f"/api/v1/cases/{decision}/origin", {"origin": discussion})
    assert linked.status_code == 200, linked.text
    code, out, err = _cli(capsys, twin, "case", "link", decision, "--origin", discussion,
                          "--as", "jonas", "--json")  # fmt: skip
    assert code == 0, err
    assert linked.json() == json.loads(out)
    assert linked.json()["case"]["data"] == {"case": discussion, "relation": "origin"}
    assert linked.json()["origin"]["data"] == {"case": decision, "relation": "produced"}
    assert world.get("jonas", f"/api/v1/cases/{decision}").json()["origin"]["id"] == discussion
    assert world.services.verify_audit().ok


def test_a_refused_link_answers_as_the_cli_and_writes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    discussion = _discussion(world)
    decision = world.open_case("Vision for bymidten")
    other = world.open_case("Trafikplan")
    second = _discussion(world, "Temadrøftelse: cykling")
    closed = _discussion(world, f"Grundkøb {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    closed_case = world.open_case(f"Køb af grund {SECRET}", lukket=True,
                                  lukket_grund="ejendomshandel")  # fmt: skip
    world.post("mette", f"/api/v1/cases/{decision}/origin", {"origin": discussion})
    before = _state(world)
    refusals = (
        ("mette", "2026-0999", discussion, 404, "CW201"),  # no such case
        ("mette", other, decision, 422, "CW920"),  # the origin is no discussion
        ("mette", second, discussion, 422, "CW921"),  # a discussion has no origin
        ("mette", other, other, 422, "CW923"),  # not its own origin
        ("mette", decision, discussion, 409, "CW922"),  # linked already
        ("jonas", other, closed, 404, "CW201"),  # a closed origin jonas may not see
        ("jonas", closed_case, discussion, 404, "CW201"),  # a closed case jonas may not see
        ("annelise", other, discussion, 403, "CW221"),  # sees it, may not change it
    )
    for person, case_id, origin, status, code in refusals:
        url = f"/api/v1/cases/{case_id}/origin"
        refused = world.post(person, url, {"origin": origin})
        assert refused.status_code == status, (case_id, origin, refused.text)
        error = refused.json()["error"]
        assert error["code"] == code, (case_id, origin, error)
        assert SECRET not in refused.text
        if person == "mette":  # the use case's refusals (the API's own policy is not the CLI's)
            done, _, err = _cli(capsys, world, "case", "link", case_id, "--origin", origin,
                                "--as", person, "--json")  # fmt: skip
            assert done == 1
            assert err.strip() == f"[{code}] {error['message']}"
        assert _state(world) == before
    assert "is not a discussion case" in _english(
        world, "mette", f"/api/v1/cases/{other}/origin", {"origin": decision}
    )
    assert _english(world, "mette", "/api/v1/cases/2026-0999/origin",
                    {"origin": discussion}) == "Case '2026-0999' does not exist."  # fmt: skip
    blank = world.post("mette", f"/api/v1/cases/{other}/origin", {"origin": " "})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "CW213"
    assert _state(world) == before
    assert world.services.verify_audit().ok


def test_an_answer_is_recorded_as_case_answer_does(
    world: World, tmp_path: Path, config: Configuration, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = make_world(tmp_path / "twin", config)
    case_id = _in_hearing(world)
    assert _in_hearing(twin) == case_id
    answered = world.post("mette", f"/api/v1/cases/{case_id}/answers", ANSWER)
    assert answered.status_code == 201, answered.text
    code, out, err = _cli(capsys, twin, "case", "answer", case_id, "--party", "aeldreraad",
                          "--summary", ANSWER["summary"], "--received", "2026-02-27",
                          "--by", "formand Grethe Holm", "--as", "mette", "--json")  # fmt: skip
    assert code == 0, err
    assert answered.json() == json.loads(out)
    assert answered.json()["kind"] == "case.involvement_answered"
    # Without a date the answer came today (the world's clock: 2 March 2026).
    today = world.post("mette", f"/api/v1/cases/{case_id}/answers",
                       {"party": "handicapraad", "summary": "Ingen bemærkninger."})  # fmt: skip
    assert today.status_code == 201, today.text
    assert today.json()["data"]["received"] == "2026-03-02"
    assert world.services.verify_audit().ok


def test_the_involvement_is_listed_as_case_involvement_does(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _in_hearing(world)
    world.post("mette", f"/api/v1/cases/{case_id}/answers", ANSWER)
    listed = world.get("jonas", f"/api/v1/cases/{case_id}/involvement")
    assert listed.status_code == 200, listed.text
    code, out, err = _cli(capsys, world, "case", "involvement", case_id, "--json")
    assert code == 0, err
    assert listed.json() == json.loads(out)
    rows = {p["party"]: p for p in listed.json()[0]["parties"]}
    assert rows["aeldreraad"]["summary"] == "Rådet ønsker flere bænke."
    assert rows["aeldreraad"]["by"] == "formand Grethe Holm"
    assert not rows["handicapraad"]["answered"]
    plain = world.open_case()
    assert world.get("mette", f"/api/v1/cases/{plain}/involvement").json() == []


def test_refused_answers_and_involvement_of_unknown_or_hidden_cases(world: World) -> None:
    case_id = _in_hearing(world)
    not_sent = _discussion(world, "Temadrøftelse: cykling")
    closed = _discussion(world, f"Grundkøb {SECRET}", lukket=True, lukket_grund="ejendomshandel")
    world.post("mette", f"/api/v1/cases/{case_id}/answers", ANSWER)
    before = _state(world)
    refusals = (
        ("mette", "2026-0999", ANSWER, 404, "CW201"),
        ("mette", case_id, {**ANSWER, "party": "handicapraad", "received": "27-02-2026"},
         422, "CW213"),
        ("mette", case_id, {**ANSWER, "party": "ungdomsraad"}, 422, "CW930"),
        ("mette", not_sent, ANSWER, 409, "CW931"),
        ("mette", case_id, ANSWER, 409, "CW932"),
        ("mette", case_id, {**ANSWER, "party": "handicapraad", "received": "2026-03-03"},
         422, "CW933"),
        ("jonas", closed, ANSWER, 404, "CW201"),
        ("annelise", case_id, {**ANSWER, "party": "handicapraad"}, 403, "CW221"),
    )  # fmt: skip
    for person, target, body, status, code in refusals:
        refused = world.post(person, f"/api/v1/cases/{target}/answers", body)
        assert refused.status_code == status, (target, body, refused.text)
        assert refused.json()["error"]["code"] == code, (target, body, refused.text)
        assert SECRET not in refused.text
        assert _state(world) == before
    bad_date = world.post("mette", f"/api/v1/cases/{case_id}/answers",
                          {**ANSWER, "received": "27-02-2026"})  # fmt: skip
    assert bad_date.json()["error"]["message"].startswith("Ugyldigt input: received")
    for person, target in (("mette", "2026-0999"), ("jonas", closed)):
        hidden = world.get(person, f"/api/v1/cases/{target}/involvement")
        assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "CW201"
        assert SECRET not in hidden.text
    assert world.services.verify_audit().ok
