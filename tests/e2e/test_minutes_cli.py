"""``casework minutes`` and ``case decide`` end to end: the minutes taken at the meeting.

A whole cycle of TMU's meeting of 9 March 2026 (Eksempel Kommune): two cases booked (one a
closed item carrying a secret marker), the agenda closed and sent, the meeting held, a member
absent with a substitute, a decision with a vote and a minority statement, a referral
(oversendt), the minutes approved and published; ``minutes show --json`` is the protocol, whose
public version never shows the closed item's decision. Bad input is one line, exit 1, nothing
written.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROUTE = "tmu:indstiller,oeu:indstiller,kb:beslutter"
DAY = "2026-03-09"  # TMU's meeting; its agenda deadline is Tuesday 3 March
SECRET = "SECRET-KØBESUM-4711"


def cli(run: Cli, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, out, err)
    return out


def refused(run: Cli, *args: str) -> str:
    """A command that must fail with one line on stderr and nothing on stdout; that line."""
    code, out, err = run(*args)
    assert (code, out) == (1, ""), (args, out, err)
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def open_case(run: Cli, title: str, *attrs: str) -> str:
    argv = ["case", "new", "--title", title, "--as", "mette", "--workflow", "beslutningssag"]
    argv += ["--route", ROUTE, "--attr", "politikomraade=veje", "--json"]
    for attr in attrs:
        argv += ["--attr", attr]
    case_id = str(json.loads(cli(run, *argv))["id"])
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie")]:  # fmt: skip
        cli(run, "case", "advance", case_id, action, "--as", actor)
    return case_id


def protocol(run: Cli, *flags: str) -> dict[str, object]:
    return dict(json.loads(cli(run, "minutes", "show", "tmu", DAY, "--json", *flags)))


def history(run: Cli) -> list[str]:
    shown = json.loads(cli(run, "meeting", "show", "tmu", DAY, "--json"))
    return [str(h["kind"]) for h in shown["history"]]


@pytest.fixture
def held(run: Cli) -> tuple[str, str]:
    """Two cases on TMU's sent agenda (the second a closed item), the meeting's evening come."""
    assert run("init")[0] == 0
    road = open_case(run, "Trafikplan for bymidten")
    secret = open_case(run, f"Køb af grund {SECRET}", "lukket=ja", "lukket_grund=ejendomshandel",
                       f"resume=Pris {SECRET}")  # fmt: skip
    cli(run, "meeting", "book", "tmu", DAY, "--planned", "--as", "sofie")
    cli(run, "meeting", "send", "tmu", DAY, "--as", "sofie")
    run.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
    return road, secret


def test_a_whole_meeting_cycle_ends_in_a_published_protocol(
    run: Cli, held: tuple[str, str]
) -> None:
    road, secret = held
    refused_line = refused(run, "minutes", "absent", "tmu", DAY, "Anna Berg", "--as", "sofie")
    assert refused_line.startswith("[CW810]")  # not held yet
    cli(run, "meeting", "hold", "tmu", DAY, "--as", "sofie")
    cli(run, "minutes", "absent", "tmu", DAY, "Anna Berg", "--substitute", "Bo Lund",
        "--as", "sofie")  # fmt: skip
    cli(run, "case", "decide", road, "oversendt", "--to", "bpu", "--meeting", DAY, "--as", "sofie",
        "--text", "Sagen oversendes til BPU", "--for", "5", "--against", "2", "--abstain", "0",
        "--votes", "For: A, B, F; imod: O", "--minority", "O ønsker sagen afvist",
        "--entry", "C tilføjer: mere trafik")  # fmt: skip
    cli(run, "case", "decide", secret, "anbefales", "--meeting", DAY, "--as", "sofie",
        "--text", f"Købet anbefales {SECRET}", "--for", "4", "--against", "3",
        "--entry", f"Tilført {SECRET}")  # fmt: skip
    line = refused(run, "minutes", "note", "tmu", DAY, "2", "Tekst", "--as", "sofie")
    assert line.startswith("[CW827]")  # item 2 is a case's
    cli(run, "minutes", "note", "tmu", DAY, "3", "Formanden orienterede om vejarbejdet.",
        "--as", "sofie")  # fmt: skip
    refused_line = refused(run, "minutes", "publish", "tmu", DAY, "--as", "sofie")
    assert refused_line.startswith("[CW810]") and "godkendes" in refused_line
    cli(run, "minutes", "approve", "tmu", DAY, "--as", "sofie")
    out = cli(run, "minutes", "publish", "tmu", DAY, "--as", "sofie")
    assert "offentliggjort" in out

    public = protocol(run)
    assert public["state"] == "published" and public["visibility"] == "offentlig"
    assert public["absent"] == ["Anna Berg (stedfortræder: Bo Lund)"]
    assert public["approved_on"] == "2026-03-09" and public["published_on"] == "2026-03-09"
    items = {i["case_number"]: i for i in public["items"]}  # type: ignore[attr-defined]
    referral = items[road]
    assert referral["outcome"] == "referred"
    assert referral["outcome_text"] == "Oversendt til Byplanudvalget"
    assert referral["decision_text"] == "Sagen oversendes til BPU"
    assert referral["votes"] == [
        "For stemte: 5", "Imod stemte: 2", "Undlod at stemme: 0", "For: A, B, F; imod: O",
    ]  # fmt: skip
    assert referral["minority"] == ["O ønsker sagen afvist"]
    assert referral["entries"] == ["C tilføjer: mere trafik"]
    noted = next(i for i in public["items"] if i["number"] == 3)  # type: ignore[attr-defined]
    assert (noted["heading"], noted["decision_text"]) == (
        "Meddelelser", "Formanden orienterede om vejarbejdet.",
    )  # fmt: skip
    closed = next(i for i in public["items"] if i["closed"])  # type: ignore[attr-defined]
    assert closed["heading"] == "Lukket punkt: Ejendomssag"
    assert closed["outcome"] is None and closed["votes"] == [] and closed["entries"] == []
    public_outputs = (
        json.dumps(public, ensure_ascii=False), cli(run, "minutes", "show", "tmu", DAY),
        cli(run, "meeting", "show", "tmu", DAY), cli(run, "meeting", "show", "tmu", DAY, "--json"),
        cli(run, "--lang", "en", "minutes", "show", "tmu", DAY),
    )  # fmt: skip
    for shown in public_outputs:
        assert SECRET not in shown
    # The agenda of the past meeting: as sent, and what each item got (closed: nothing).
    agenda = cli(run, "agenda", "show", "tmu", DAY)
    assert "Beslutning: Oversendt til Byplanudvalget" in agenda and SECRET not in agenda
    agenda = cli(run, "agenda", "show", "tmu", DAY, "--full")
    assert "Beslutning: Anbefales" in agenda and f"Købet anbefales {SECRET}" in agenda
    full = json.dumps(protocol(run, "--full"), ensure_ascii=False)
    assert f"Købet anbefales {SECRET}" in full and f"Tilført {SECRET}" in full
    assert history(run)[-7:] == [
        "meeting.held", "meeting.attendance_recorded", "meeting.decision_recorded",
        "meeting.decision_recorded", "meeting.fixed_item_noted", "meeting.minutes_approved",
        "meeting.minutes_published",
    ]  # fmt: skip
    # The case's history points the other way: the event the meeting's decision names.
    events = json.loads(cli(run, "case", "history", road, "--json"))
    decided = [e for e in events if e["kind"] == "case.advanced"][-1]
    assert decided["data"]["minutes"]["votes"].startswith("For stemte: 5; Imod stemte: 2")
    code, _, err = run("audit", "verify")
    assert code == 0, err


def test_the_minutes_refuse_what_a_secretariat_must_not_record(
    run: Cli, held: tuple[str, str]
) -> None:
    road, secret = held
    cli(run, "case", "decide", road, "udsat", "--meeting", DAY, "--as", "sofie")
    assert history(run)[-2:] == ["meeting.held", "meeting.decision_recorded"]  # held by it
    before = history(run)
    # The same decision again changes nothing; a different one needs the item reopened.
    cli(run, "case", "decide", road, "udsat", "--meeting", DAY, "--as", "sofie")
    line = refused(run, "case", "decide", road, "anbefales", "--meeting", DAY, "--as", "sofie")
    assert line.startswith("[CW225]") and "minutes reopen" in line
    assert history(run) == before
    # More votes than TMU's 7 members.
    line = refused(run, "case", "decide", secret, "anbefales", "--meeting", DAY, "--as", "sofie",
                   "--for", "5", "--against", "3")  # fmt: skip
    assert line.startswith("[CW824]")
    line = refused(run, "case", "decide", secret, "anbefales", "--meeting", DAY, "--as", "sofie",
                   "--minority", " ")  # fmt: skip
    assert line.startswith("[CW826]")
    # A case that is not on the meeting's agenda.
    other = open_case(run, "Ny sag efter udsendelsen")
    line = refused(run, "case", "decide", other, "anbefales", "--meeting", DAY, "--as", "sofie")
    assert line.startswith("[CW820]")
    # Reopened, the item takes another decision.
    line = refused(run, "minutes", "reopen", "tmu", DAY, secret, "--reason", "x", "--as", "sofie")
    assert line.startswith("[CW825]")
    cli(run, "minutes", "reopen", "tmu", DAY, road, "--reason", "Genoptaget efter pausen",
        "--as", "sofie")  # fmt: skip
    cli(run, "case", "decide", road, "anbefales", "--meeting", DAY, "--as", "sofie")
    shown = cli(run, "minutes", "show", "tmu", DAY)
    assert "Beslutning: Anbefales" in shown and "genoptaget: Genoptaget efter pausen" in shown
    # Only the secretariat approves; after the approval nothing is recorded.
    assert refused(run, "minutes", "approve", "tmu", DAY, "--as", "mette").startswith("[CW221]")
    cli(run, "minutes", "approve", "tmu", DAY, "--as", "sofie")
    before = history(run)
    line = refused(run, "case", "decide", secret, "anbefales", "--meeting", DAY, "--as", "sofie")
    assert line.startswith("[CW823]")
    line = refused(run, "minutes", "absent", "tmu", DAY, "Anna Berg", "--as", "sofie")
    assert line.startswith("[CW823]")
    assert history(run) == before
    code, _, err = run("audit", "verify")
    assert code == 0, err


def test_english_texts(run: Cli, held: tuple[str, str]) -> None:
    road, _ = held
    cli(run, "case", "decide", road, "anbefales", "--meeting", DAY, "--as", "sofie")
    out = cli(run, "--lang", "en", "minutes", "show", "tmu", DAY)
    assert out.startswith("Minutes – Teknik- og Miljøudvalget")
    assert "Decision: recommended" in out and "Absent: none" in out
    code, _, err = run("--lang", "en", "minutes", "publish", "tmu", DAY, "--as", "sofie")
    assert code == 1 and "cannot publish the minutes (they must be approved first)" in err


def test_a_meeting_not_run_on_casework_gets_its_minutes_from_its_decisions(run: Cli) -> None:
    assert run("init")[0] == 0
    first = open_case(run, "Første sag")
    second = open_case(run, "Anden sag")
    run.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
    cli(run, "case", "decide", first, "anbefales", "--meeting", DAY, "--as", "sofie")
    # The agenda of the meeting keeps the decided item as it stood and the one still waiting.
    agenda = cli(run, "agenda", "show", "tmu", DAY)
    assert "Første sag" in agenda and "Beslutning: Anbefales" in agenda and "Anden sag" in agenda
    cli(run, "case", "decide", second, "udsat", "--meeting", DAY, "--as", "sofie")
    assert history(run) == [
        "meeting.item_booked", "meeting.held", "meeting.decision_recorded",
        "meeting.item_booked", "meeting.decision_recorded",
    ]  # fmt: skip
    shown = protocol(run, "--full")
    assert [(i["case_number"], i["outcome"]) for i in shown["items"]] == [  # type: ignore[attr-defined]
        (first, "recommended"), (second, "postponed"),
    ]  # fmt: skip
    code, _, err = run("audit", "verify")
    assert code == 0, err


def test_a_booked_meeting_never_sent_and_a_day_without_a_meeting_are_refused(run: Cli) -> None:
    assert run("init")[0] == 0
    case_id = open_case(run, "Booket, aldrig udsendt")
    cli(run, "meeting", "book", "tmu", DAY, case_id, "--as", "sofie")
    run.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
    before = history(run)
    line = refused(run, "case", "decide", case_id, "anbefales", "--meeting", DAY, "--as", "sofie")
    assert line.startswith("[CW821]") and "ikke afholdt" in line
    line = refused(run, "case", "decide", case_id, "anbefales", "--meeting", "2026-03-05",
                   "--as", "sofie")  # fmt: skip
    assert line.startswith("[CW224]")
    line = refused(run, "minutes", "approve", "tmu", DAY, "--as", "sofie")
    assert line.startswith("[CW810]") and "godkende protokollen" in line
    assert history(run) == before
    code, out, _ = run("case", "show", case_id, "--json")
    assert code == 0 and json.loads(out)["step"] == "politisk_behandling@tmu"
