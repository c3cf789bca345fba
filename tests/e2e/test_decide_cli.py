"""`casework case decide` end to end: a decision belongs to a meeting the body held, once.

The case runs BPU → ØU → KB (Eksempel Kommune's 2026 plan: BPU meets 2026-02-10, 2026-03-10 and
2026-04-14, ØU 2026-03-19); the tests' clock starts on Monday 2 March 2026 and is moved to the
evening of a meeting when that meeting is to have been held.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

TO_MEETING = [("indsend", "aase"), ("godkend", "birgitte"), ("godkend", "annelise"),
              ("godkend", "sofie")]  # fmt: skip


@pytest.fixture
def at_bpu(env: Path, run: Cli) -> str:
    """A case waiting at BPU's meeting step."""
    assert run("init")[0] == 0
    code, out, err = run(
        "case", "new", "--workflow", "beslutningssag", "--title", "Lokalplan 212", "--as",
        "aase", "--route", "bpu,oeu,kb", "--attr", "politikomraade=lokalplaner", "--json",
    )  # fmt: skip
    assert code == 0, err
    case_id = str(json.loads(out)["id"])
    for action, actor in TO_MEETING:
        assert run("case", "advance", case_id, action, "--as", actor)[0] == 0
    return case_id


def _evening_of(run: Cli, day: str) -> None:
    run.clock.instant = dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(18, 0), tzinfo=dt.UTC
    )


def _state(run: Cli, case_id: str) -> tuple[str, int, int]:
    """The case's step, version and number of events."""
    code, out, err = run("case", "show", case_id, "--json")
    assert code == 0, err
    shown = json.loads(out)
    code, out, err = run("case", "history", case_id, "--json")
    assert code == 0, err
    return shown["step"], shown["version"], len(json.loads(out))


def _decide(run: Cli, case_id: str, *args: str) -> tuple[int, str, str]:
    return run("case", "decide", case_id, *args, "--as", "sofie")


def test_a_meeting_not_yet_held_is_refused(at_bpu: str, run: Cli) -> None:
    before = _state(run, at_bpu)
    code, out, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-03-10")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "[CW219] Mødet i BPU 2026-03-10 er ikke holdt endnu (i dag er 2026-03-02); "
        "seneste møde i BPU: 2026-02-10."
    ]
    code, _, err = run("--lang", "en", "case", "decide", at_bpu, "anbefales", "--as", "sofie",
                       "--meeting", "2026-03-10")  # fmt: skip
    assert code == 1 and "[CW219] The BPU meeting of 2026-03-10 has not been held yet" in err
    assert _state(run, at_bpu) == before


def test_a_day_the_body_did_not_meet_is_refused_naming_its_meetings(at_bpu: str, run: Cli) -> None:
    before = _state(run, at_bpu)
    code, _, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-02-17")
    assert code == 1
    assert "[CW224] BPU har intet møde 2026-02-17 i mødeplanen" in err
    assert "BPU holder møde 2026-02-10, 2026-03-10." in err
    # ØU's meeting day is not BPU's: the body is the one the case is at.
    code, _, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-02-19")
    assert code == 1 and "[CW224]" in err
    assert _state(run, at_bpu) == before


def test_the_meeting_date_is_required(at_bpu: str, run: Cli) -> None:
    before = _state(run, at_bpu)
    code, _, err = _decide(run, at_bpu, "anbefales")
    assert code == 1
    assert "[CW218] Beslutningen mangler datoen for mødet i BPU" in err
    assert "seneste møde i BPU: 2026-02-10." in err
    assert _state(run, at_bpu) == before


def test_a_second_decision_at_the_same_meeting_is_refused(at_bpu: str, run: Cli) -> None:
    _evening_of(run, "2026-03-10")
    assert _decide(run, at_bpu, "udsat", "--meeting", "2026-03-10")[0] == 0
    after_first = _state(run, at_bpu)
    assert after_first[0] == "politisk_behandling@bpu"
    code, _, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-03-10")
    assert code == 1
    assert "[CW225] BPU har allerede besluttet 'udsat' om sag" in err and "2026-03-10" in err
    # The same decision again (a retried command) changes nothing and says so.
    code, out, err = _decide(run, at_bpu, "udsat", "--meeting", "2026-03-10")
    assert code == 0, err
    assert "var allerede registreret; intet ændret" in " ".join(out.split())
    assert _state(run, at_bpu) == after_first
    # The postponed item taken up again at BPU's next meeting is a new decision.
    _evening_of(run, "2026-04-14")
    code, out, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-04-14", "--json")
    assert code == 0, err
    assert json.loads(out)["case"]["step"] == "politisk_behandling@oeu"


def test_a_retry_after_the_case_moved_on_does_not_move_it_again(at_bpu: str, run: Cli) -> None:
    _evening_of(run, "2026-03-10")
    args = ("anbefales", "--meeting", "2026-03-10", "--text", "Anbefales.")
    assert _decide(run, at_bpu, *args)[0] == 0
    moved = _state(run, at_bpu)
    assert moved[0] == "politisk_behandling@oeu"
    code, out, err = _decide(run, at_bpu, *args, "--json")
    assert code == 0, err
    assert json.loads(out)["replayed"] is True
    code, _, err = _decide(run, at_bpu, "anbefales", "--meeting", "2026-03-10")
    assert code == 1 and "[CW225] BPU har allerede besluttet 'anbefales'" in err
    assert _state(run, at_bpu) == moved


def test_a_referral_is_stored_as_referred_and_counted(at_bpu: str, run: Cli) -> None:
    _evening_of(run, "2026-03-10")
    code, out, err = _decide(run, at_bpu, "oversendt", "--to", "tmu", "--meeting", "2026-03-10",
                             "--key", "bpu-2026-03-10-punkt-4", "--json")  # fmt: skip
    assert code == 0, err
    decided = json.loads(out)
    assert decided["event"]["data"]["minutes"] == {
        "outcome": "referred", "meeting": "2026-03-10", "to_body": "tmu",
    }  # fmt: skip
    assert decided["event"]["data"]["action"] == "anbefal"  # the workflow edge of a referral
    assert [r["body"] for r in decided["case"]["route"]] == ["bpu", "tmu", "oeu", "kb"]
    # Retried with its key: the first result, the route not grown twice.
    code, out, err = _decide(run, at_bpu, "oversendt", "--to", "tmu", "--meeting", "2026-03-10",
                             "--key", "bpu-2026-03-10-punkt-4", "--json")  # fmt: skip
    assert code == 0, err
    again = json.loads(out)
    assert again["replayed"] is True
    assert [r["body"] for r in again["case"]["route"]] == ["bpu", "tmu", "oeu", "kb"]
    app = run.app()
    assert app is not None
    texts = [entry.text for entry in app.case_view(at_bpu, "da").history]
    assert texts[-1].startswith("Oversendt til Teknik- og Miljøudvalget: ")
    english = app.case_view(at_bpu, "en").history[-1].text
    assert english.startswith("Referred to Teknik- og Miljøudvalget: ")
    code, out, err = run("stats", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["total"]["referral_rate"] == 1.0
    assert stats["outcomes"] == {"referred": 1}
    bpu = next(r for r in stats["bodies"] if r["body"] == "bpu")
    assert bpu["referrals"] == 1


def test_a_body_to_refer_to_goes_only_with_a_referral(at_bpu: str, run: Cli) -> None:
    _evening_of(run, "2026-03-10")
    before = _state(run, at_bpu)
    code, _, err = _decide(run, at_bpu, "anbefales", "--to", "tmu", "--meeting", "2026-03-10")
    assert code == 1 and "[CW213]" in err and "oversendt" in err
    assert _state(run, at_bpu) == before
