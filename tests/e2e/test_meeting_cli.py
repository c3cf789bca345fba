"""``casework meeting`` end to end: a meeting is a record, and its agenda stays as it was sent.

The issue's complaint, as a user types it: book a case onto TMU's meeting, close and send the
agenda, decide the case at the meeting, and ``agenda show --full`` still shows the item with the
text as sent (before, the agenda emptied once the case moved on). A correction is a new version;
``audit verify`` catches an edited meeting event; bad input is one line and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROUTE = "tmu:indstiller,oeu:indstiller,kb:beslutter"
DAY = "2026-03-09"  # TMU's meeting; its agenda deadline is Tuesday 3 March


def cli(run: Cli, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, out, err)
    return out


def refused(run: Cli, *args: str) -> str:
    """A command that must fail with one line on stderr; that line."""
    code, out, err = run(*args)
    assert code == 1, (args, out, err)
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


def meeting_json(run: Cli) -> dict[str, object]:
    return dict(json.loads(cli(run, "meeting", "show", "tmu", DAY, "--json")))


def history(run: Cli) -> list[str]:
    return [str(h["kind"]) for h in meeting_json(run)["history"]]  # type: ignore[attr-defined]


@pytest.fixture
def sent(run: Cli) -> str:
    """A case booked onto TMU's meeting of 9 March, the agenda closed and sent."""
    case_id = open_case(run, "Trafikplan for bymidten", "resume=Resumé som sendt")
    out = cli(run, "meeting", "book", "tmu", DAY, "--planned", "--as", "sofie")
    assert f"Booket: {case_id}" in out
    cli(run, "meeting", "close", "tmu", DAY, "--as", "sofie")
    out = cli(run, "meeting", "send", "tmu", DAY, "--as", "sofie")
    assert "udsendt" in out
    return case_id


def test_the_sent_agenda_keeps_its_item_after_the_case_is_decided(run: Cli, sent: str) -> None:
    cli(run, "case", "set", sent, "--as", "mette", "--attr", "resume=Ændret efter udsendelsen")
    run.clock.instant = dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    cli(run, "meeting", "hold", "tmu", DAY, "--as", "sofie")
    cli(run, "case", "decide", sent, "anbefales", "--as", "sofie", "--meeting", DAY)
    shown = cli(run, "agenda", "show", "tmu", DAY, "--full")
    assert "Trafikplan for bymidten (Beslutning)" in shown
    assert "Resumé som sendt" in shown and "Ændret efter" not in shown
    assert "Udsendt" in shown
    published = json.loads(cli(run, "agenda", "show", "tmu", DAY, "--full", "--json"))
    item = next(i for i in published["items"] if i["case_number"] == sent)
    assert (item["resume"], item["version"]) == ("Resumé som sendt", 1)
    assert published["sent_on"] == "2026-03-02"
    assert history(run) == [
        "meeting.item_booked", "meeting.agenda_closed", "meeting.agenda_sent", "meeting.held",
        "meeting.decision_recorded",
    ]  # fmt: skip


def test_a_correction_is_a_new_version_visible_as_such(run: Cli, sent: str) -> None:
    refused_line = refused(run, "meeting", "correct", "tmu", DAY, sent, "--as", "sofie",
                           "--reason", "Intet ændret")  # fmt: skip
    assert refused_line.startswith("[CW815]")
    cli(run, "case", "set", sent, "--as", "mette", "--attr", "resume=Rettet resumé")
    cli(run, "meeting", "correct", "tmu", DAY, "2", "--as", "sofie", "--reason", "Forkert beløb")
    shown = cli(run, "agenda", "show", "tmu", DAY, "--full")
    assert "Rettet resumé" in shown and "Rettelsesblad, version 2: Forkert beløb" in shown
    record = meeting_json(run)
    (item,) = record["items"]  # type: ignore[misc]
    assert [v["reason"] for v in item["versions"]] == [None, "Forkert beløb"]
    assert "version 2" in cli(run, "meeting", "show", "tmu", DAY)


def test_bad_input_is_one_line_and_writes_nothing(run: Cli, sent: str) -> None:
    before = history(run)
    cases = [
        (("meeting", "send", "tmu", DAY, "--as", "sofie"), "[CW811]"),  # sent twice
        (("meeting", "book", "tmu", DAY, sent, "--as", "sofie"), "[CW812]"),  # booked twice
        (("meeting", "hold", "tmu", DAY, "--as", "sofie"), "[CW816]"),  # before its day
        (("meeting", "withdraw", "tmu", DAY, sent, "--as", "sofie"), "[CW814]"),  # no reason
        (("meeting", "send", "tmu", DAY, "--as", "mette"), "[CW221]"),  # not the secretariat
        (("meeting", "close", "tmu", "2026-03-10", "--as", "sofie"), "[CW802]"),  # no meeting
        (("meeting", "close", "tmu", "9-3-2026", "--as", "sofie"), "[CW213]"),
        (("meeting", "book", "buu", "2026-03-10", sent, "--as", "sofie"), None),
    ]
    for argv, code in cases:
        line = refused(run, *argv)
        if code is not None:
            assert line.startswith(code), (argv, line)
    assert history(run) == before
    cli(run, "meeting", "cancel", "tmu", DAY, "--as", "sofie", "--reason", "Ingen beslutningssager")
    assert refused(run, "meeting", "book", "tmu", DAY, sent, "--as", "sofie").startswith("[CW810]")
    assert "Mødet er aflyst." in cli(run, "agenda", "show", "tmu", DAY)


def test_withdrawing_after_sending_keeps_the_item_marked(run: Cli, sent: str) -> None:
    cli(run, "meeting", "withdraw", "tmu", DAY, sent, "--as", "sofie", "--reason", "Trukket")
    shown = cli(run, "agenda", "show", "tmu", DAY, "--full")
    assert "Trafikplan for bymidten" in shown and "Punktet er udgået: Trukket" in shown


def test_a_late_booking_and_a_supplementary_item(run: Cli) -> None:
    first = open_case(run, "Cykelsti langs Ringvejen")
    cli(run, "meeting", "book", "tmu", DAY, first, "--as", "sofie")
    cli(run, "meeting", "close", "tmu", DAY, "--as", "sofie")
    late = open_case(run, "Vejbump på Skolevej")
    cli(run, "meeting", "book", "tmu", DAY, late, "--as", "sofie")
    cli(run, "meeting", "send", "tmu", DAY, "--as", "sofie")
    extra = open_case(run, "Ny busrute")
    cli(run, "meeting", "book", "tmu", DAY, extra, "--as", "sofie")
    items = {i["case_id"]: i for i in meeting_json(run)["items"]}  # type: ignore[attr-defined]
    assert [items[c]["late"] for c in (first, late, extra)] == [False, True, True]
    assert items[extra]["supplementary"] and items[extra]["number"] == 6
    shown = cli(run, "agenda", "show", "tmu", DAY)
    assert "Tillægsdagsorden" in shown and "Sagen er optaget efter fristen" in shown


def test_moving_a_meeting_takes_its_items_along(run: Cli) -> None:
    case_id = open_case(run, "Parkering ved stationen")
    cli(run, "meeting", "book", "tmu", DAY, case_id, "--as", "sofie")
    cli(run, "meeting", "move", "tmu", DAY, "--to", "2026-04-13", "--as", "sofie")
    assert "Mødet er flyttet til 13. april 2026." in cli(run, "agenda", "show", "tmu", DAY)
    moved = json.loads(cli(run, "meeting", "show", "tmu", "2026-04-13", "--json"))
    assert [(i["case_id"], i["moved_from"]) for i in moved["items"]] == [(case_id, DAY)]


def test_audit_verify_catches_an_edited_meeting_event(run: Cli, sent: str, env: Path) -> None:
    assert run("audit", "verify").code == 0
    database = env / "data" / "casework.db"
    with sqlite3.connect(database) as connection:
        # Whoever edits the history must first drop the append-only trigger.
        connection.execute("DROP TRIGGER meeting_events_no_update")
        connection.execute(
            "UPDATE meeting_events SET data_json = replace(data_json, 'Resumé som sendt', "
            "'Forfalsket') WHERE kind = 'meeting.agenda_sent'"
        )
    code, out, _ = run("audit", "verify")
    assert code == 1
    assert "[CW401]" in out and "tmu/2026-03-09" in out
