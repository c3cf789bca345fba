"""``casework case link / answer / involvement`` and ``case show`` for issue 20, through
``main`` as a user types them (SQLite, read through the plain sqlite3 reader)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli


def _new(run: Cli, *args: str) -> str:
    result = run("case", "new", "--as", "mette", "--print-id", *args)
    assert result.code == 0, result.output
    return result.out.strip()


def test_discussion_without_route_links_to_its_decision_case(run: Cli) -> None:
    # The known bug: a discussion case without --route (and without sagstype) failed (CW209).
    discussion = _new(run, "--title", "Temadrøftelse: fremtidens bymidte", "--workflow",
                      "droeftelsessag", "--attr", "politikomraade=veje",
                      "--attr", "droeftelsesformat=dilemmavaerksted")  # fmt: skip
    shown = json.loads(run("case", "show", discussion, "--json").out)
    assert shown["route"] == [
        {"body": "tmu", "role": "droefter", "name": "Teknik- og Miljøudvalget"}
    ]
    assert "TMU (drøfter)" in run("case", "show", discussion).out
    decision = _new(run, "--title", "Vision for bymidten", "--workflow", "beslutningssag",
                    "--route", "tmu,kb", "--attr", "politikomraade=veje")  # fmt: skip

    done = run("case", "link", decision, "--origin", discussion, "--as", "mette")
    assert done.code == 0, done.output
    assert f"Sag {decision} har nu drøftelsessag {discussion} som oprindelse." in done.err
    page = run("case", "show", decision).out
    assert f"Oprindelse: {discussion} Temadrøftelse: fremtidens bymidte" in page
    origin = json.loads(run("case", "show", decision, "--json").out)["origin"]
    assert origin["id"] == discussion
    produced = json.loads(run("case", "show", discussion, "--json").out)["produced"]
    assert [c["id"] for c in produced] == [decision]
    discussion_page = run("case", "show", discussion).out
    assert "Førte til:" in discussion_page
    assert "Drøftelsesformat: Dilemmaværksted" in discussion_page

    again = run("case", "link", decision, "--origin", discussion, "--as", "mette")
    assert again.code != 0
    assert again.err.strip().startswith("[CW922]") and "Traceback" not in again.output
    english = run("--lang", "en", "case", "link", discussion, "--origin", decision, "--as", "mette")
    assert english.code != 0 and "is not a discussion case" in english.err
    assert run("audit", "verify").code == 0


def test_answers_of_a_hearing_are_recorded_and_listed(run: Cli) -> None:
    case = _new(run, "--title", "Temadrøftelse: ældrevenlig by", "--workflow", "droeftelsessag",
                "--attr", "politikomraade=aeldre")  # fmt: skip
    early = run("case", "answer", case, "--party", "aeldreraad", "--summary", "x", "--as", "mette")
    assert early.code != 0 and early.err.startswith("[CW931]")
    assert run("case", "advance", case, "send_i_hoering", "--as", "mette").code == 0
    done = run("case", "answer", case, "--party", "aeldreraad", "--as", "mette",
               "--summary", "Rådet ønsker flere bænke.", "--received", "2026-02-27",
               "--by", "formand Grethe Holm")  # fmt: skip
    assert done.code == 0, done.output
    bad_date = run("case", "answer", case, "--party", "handicapraad", "--summary", "x",
                   "--received", "27-02-2026", "--as", "mette")  # fmt: skip
    assert bad_date.code != 0 and bad_date.err.startswith("[CW213]")
    listing = json.loads(run("case", "involvement", case, "--json").out)
    rows = {p["party"]: p for p in listing[0]["parties"]}
    assert rows["aeldreraad"]["received"] == "2026-02-27"
    assert rows["aeldreraad"]["summary"] == "Rådet ønsker flere bænke."
    assert not rows["handicapraad"]["answered"]
    table = run("case", "involvement", case).out
    assert "✓ Ældrerådet: svar 2026-02-27, formand Grethe Holm" in table
    assert "Handicaprådet: afventer svar" in table
    assert run("audit", "verify").code == 0


def test_the_kit_is_on_the_full_agenda_and_a_closed_item_keeps_it_off_the_public_one(
    run: Cli, tmp_path: Path
) -> None:
    """Secret marker: a closed discussion item's title and kit reach only the full agenda."""
    secret = "HEMMELIG-DROEFTELSE-20"
    open_item = _new(run, "--title", "Temadrøftelse: strategi for cykling", "--workflow",
                     "droeftelsessag", "--attr", "politikomraade=veje",
                     "--attr", "droeftelsesformat=seks_skarpe")  # fmt: skip
    closed = _new(run, "--title", f"Drøftelse af grundkøb {secret}", "--workflow",
                  "droeftelsessag", "--attr", "politikomraade=veje", "--attr", "lukket=true",
                  "--attr", "lukket_grund=ejendomshandel",
                  "--attr", "droeftelsesformat=negativ_brainstorm")  # fmt: skip
    for case in (open_item, closed):
        for action, actor in (("indsend", "mette"), ("godkend", "henrik"), ("godkend", "sofie")):
            done = run("case", "advance", case, action, "--as", actor)
            assert done.code == 0, done.output
    meetings = json.loads(run("meetings", "list", "--body", "tmu", "--from", "2026-03-02",
                              "--json").out)  # fmt: skip
    published = None
    for meeting in meetings[:3]:
        out = tmp_path / meeting["date"]
        assert run("agenda", "publish", "tmu", meeting["date"], "--out", str(out)).code == 0
        full = next(out.glob("*-fuld.json")).read_text(encoding="utf-8")
        if open_item in full:
            published = out
            break
    assert published is not None, "the discussion reached none of TMU's next meetings"
    full = json.loads(next(published.glob("*-fuld.json")).read_text(encoding="utf-8"))
    items = {i.get("case_number"): i for i in full["items"]}
    assert items[open_item]["facilitation"][0] == "Drøftelsesformat: 6 skarpe til strategien"
    assert items[closed]["facilitation"][0] == "Drøftelsesformat: Negativ brainstorm"
    assert "Drøftelsens forløb" in next(published.glob("*-fuld.html")).read_text(encoding="utf-8")
    for public in (*published.glob("*-offentlig.html"), *published.glob("*-offentlig.json")):
        text = public.read_text(encoding="utf-8")
        assert secret not in text, public.name
        assert "Negativ brainstorm" not in text, public.name  # the closed item's kit
    public_json = json.loads(next(published.glob("*-offentlig.json")).read_text(encoding="utf-8"))
    assert any(i.get("facilitation") for i in public_json["items"])  # the open item keeps its kit


def test_case_new_with_its_origin_is_opened_linked(run: Cli) -> None:
    """``case new --origin``: the decision case is opened already linked to its discussion, both
    histories recording it, with --target-meeting too; the case page and --json show it."""
    discussion = _new(run, "--title", "Temadrøftelse: trafiksikkerhed", "--workflow",
                      "droeftelsessag", "--attr", "politikomraade=veje")  # fmt: skip
    decision = _new(run, "--title", "Trafiksikkerhedsplan", "--workflow", "beslutningssag",
                    "--route", "tmu,kb", "--attr", "politikomraade=veje",
                    "--origin", discussion)  # fmt: skip
    shown = json.loads(run("case", "show", decision, "--json").out)
    assert shown["origin"]["id"] == discussion
    assert [e["kind"] for e in shown["history"]] == ["case.opened", "case.linked"]
    assert shown["history"][-1]["data"] == {"case": discussion, "relation": "origin"}
    produced = json.loads(run("case", "show", discussion, "--json").out)["produced"]
    assert [c["id"] for c in produced] == [decision]
    english = run("--lang", "en", "case", "show", decision).out
    assert f"Origin: {discussion} Temadrøftelse: trafiksikkerhed" in english

    planned = run("case", "new", "--title", "Skolevejsplan", "--workflow", "beslutningssag",
                  "--route", "tmu,oeu,kb", "--attr", "politikomraade=veje", "--as", "mette",
                  "--origin", discussion, "--target-meeting", "kb:2026-09-24",
                  "--json")  # fmt: skip
    assert planned.code == 0, planned.output
    case_id = json.loads(planned.out)["id"]
    history = json.loads(run("case", "show", case_id, "--json").out)["history"]
    assert [e["kind"] for e in history] == ["case.opened", "case.planned", "case.linked"]
    produced = json.loads(run("case", "show", discussion, "--json").out)["produced"]
    assert [c["id"] for c in produced] == [decision, case_id]
    # A discussion cannot come from a discussion (CW921), and nothing is opened.
    again = run("case", "new", "--title", "Ny drøftelse", "--workflow", "droeftelsessag",
                "--attr", "politikomraade=veje", "--as", "mette",
                "--origin", discussion)  # fmt: skip
    assert again.code == 1 and again.err.startswith("[CW921]"), again.output
    assert len(json.loads(run("case", "list", "--json").out)) == 3
    assert run("audit", "verify").code == 0
