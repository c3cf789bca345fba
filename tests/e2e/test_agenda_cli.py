"""``casework agenda`` end to end, and the promise that no closed-item content reaches any public
rendering.

Until ``cli.py`` registers the sub-app, the agenda commands run through typer's ``CliRunner`` on
``agenda_app``; cases are opened and advanced through ``casework.entrypoints.cli.main``. The
system clock is pinned so that the cases meet Eksempel Kommune's 2026 meeting plan.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner, Result

from casework.adapters.clock import SystemClock
from casework.adapters.publish.pdf import extract_text
from casework.domain.errors import CaseworkError
from casework.entrypoints.agenda_cli import agenda_app
from casework.entrypoints.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROUTE = "tmu:indstiller,oeu:indstiller,kb:beslutter"
TO_MEETING = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise")]
SECRETS = {
    "title": "SECRET-TITLE",
    "resume": "SECRET-RESUME",
    "sagsfremstilling": "SECRET-FREMSTILLING",
    "oekonomi": "SECRET-OEKONOMI",
    "indstilling": "SECRET-INDSTILLING",
    "bilag": "SECRET-BILAG.pdf",
    "kle_emne": "SECRET-KLE",
    "reference": "SECRET-REF",
    "comment": "SECRET-COMMENT",
}


class Clock:
    instant = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    from casework.entrypoints.cli import _State

    monkeypatch.setattr(_State, "overrides", {})
    monkeypatch.setattr(_State, "lang", "da")
    monkeypatch.setattr(_State, "services", [])
    values = {
        "CASEWORK_DATA_DIR": str(tmp_path / "data"),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
        "CASEWORK_LANG": "da",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(Clock, "instant", Clock.instant)
    monkeypatch.setattr(SystemClock, "now", lambda _self: Clock.instant)
    monkeypatch.setattr(SystemClock, "today", lambda _self: Clock.instant.date())
    assert main(["init"]) == 0
    yield values
    for services in _State.services:
        services.close()


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(agenda_app, list(args), env=env)


def cli(*args: str) -> None:
    assert main(list(args)) == 0, args


def open_case(capsys: pytest.CaptureFixture[str], title: str, *attrs: str, ref: str = "") -> str:
    capsys.readouterr()
    extra = ["--reference", ref] if ref else []
    argv = ["case", "new", "--title", title, "--as", "mette", "--workflow", "beslutningssag"]
    argv += ["--route", ROUTE, "--attr", "politikomraade=veje", *extra, "--json"]
    for attr in attrs:
        argv += ["--attr", attr]
    cli(*argv)
    return str(json.loads(capsys.readouterr().out)["id"])


def to_tmu(case_id: str) -> None:
    for action, actor in [*TO_MEETING, ("godkend", "sofie")]:
        cli("case", "advance", case_id, action, "--as", actor)


def secret_attrs(reason: str = "udbud") -> list[str]:
    return [
        f"resume={SECRETS['resume']}",
        f"sagsfremstilling={SECRETS['sagsfremstilling']}",
        f"oekonomi={SECRETS['oekonomi']}",
        f"indstilling={SECRETS['indstilling']}",
        f"bilag={SECRETS['bilag']}",
        f"kle_emne={SECRETS['kle_emne']}",
        "lukket=ja",
        f"lukket_grund={reason}",
    ]


@pytest.fixture
def meetings(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Open items, closed items with planted secrets (at TMU and, after TMU, at ØU), a late
    item, and a closed case still in draft."""
    open_id = open_case(capsys, "Trafikplan for bymidten", "resume=Et åbent resumé")
    closed_tmu = open_case(capsys, SECRETS["title"], *secret_attrs(), ref=SECRETS["reference"])
    closed_oeu = open_case(capsys, f"{SECRETS['title']}-2", *secret_attrs("ejendomshandel"))
    to_tmu(open_id)
    to_tmu(closed_tmu)
    to_tmu(closed_oeu)
    Clock.instant = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)  # after TMU's deadline (3 Mar)
    late = open_case(capsys, "Cykelsti langs Ringvejen")
    to_tmu(late)
    open_case(capsys, f"{SECRETS['title']}-kladde", *secret_attrs())
    Clock.instant = dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    cli("case", "advance", closed_oeu, "anbefal", "--as", "sofie", "--comment", SECRETS["comment"])
    cli("case", "advance", open_id, "anbefal", "--as", "sofie", "--comment", "Enstemmigt")
    return {"open": open_id, "late": late, "closed_tmu": closed_tmu, "closed_oeu": closed_oeu}


def pdf_text(data: bytes) -> str:
    """The text of a (compressed) PDF: inflate its streams, then read the text operations."""
    inflated = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return extract_text(b"\n".join(inflated))


def assert_no_secret(text: str, where: str) -> None:
    for marker in SECRETS.values():
        assert marker not in text, f"{marker} leaked into {where}"


# --- the promise ------------------------------------------------------------------------------


def test_no_closed_item_content_appears_in_any_public_rendering(
    env: dict[str, str], meetings: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for body, day in (("tmu", "2026-03-09"), ("oeu", "2026-03-19")):
        result = run(env, "publish", body, day, "--out", str(out))
        assert result.exit_code == 0, result.output
        for kind in ("html", "json"):
            text = (out / f"{body}-{day}-offentlig.{kind}").read_text("utf-8")
            assert "Lukket punkt:" in text
            assert_no_secret(text, f"{body} public {kind}")
        text = pdf_text((out / f"{body}-{day}-offentlig.pdf").read_bytes())
        assert "Lukket punkt:" in text
        assert "Godkendelse af dagsorden" in text  # the extraction really reads the PDF
        assert_no_secret(text, f"{body} public pdf")
        for argv in (("show", body, day), ("show", body, day, "--json")):
            shown = run(env, *argv)
            assert shown.exit_code == 0, shown.output
            assert_no_secret(shown.output, " ".join(argv))
        full = (out / f"{body}-{day}-fuld.html").read_text("utf-8")
        assert SECRETS["title"] in full
        assert SECRETS["indstilling"] in full
        assert SECRETS["title"] in pdf_text((out / f"{body}-{day}-fuld.pdf").read_bytes())
    assert SECRETS["comment"] in (out / "oeu-2026-03-19-fuld.json").read_text("utf-8")
    for body in ("tmu", "oeu"):
        assert run(env, "ical", "meetings", body, "--out", str(out / f"{body}.ics")).exit_code == 0
        assert_no_secret((out / f"{body}.ics").read_text("utf-8"), f"{body}.ics")
    for person in ("mette", "sofie"):
        path = out / f"{person}.ics"
        assert run(env, "ical", "deadlines", person, "--out", str(path)).exit_code == 0
        assert_no_secret(path.read_text("utf-8"), path.name)


# --- the commands -----------------------------------------------------------------------------


def test_show_lists_the_items_in_order_with_the_late_one_flagged(
    env: dict[str, str], meetings: dict[str, str]
) -> None:
    result = run(env, "show", "tmu", "2026-03-09", "--full")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Dagsorden – Teknik- og Miljøudvalget – mandag den 9. marts 2026 kl. 16.00")
    items = [line.strip() for line in lines if re.match(r"\s*\d+\. ", line)]
    # The open case has moved on to ØU (the agenda follows the cases' current steps), so TMU's
    # agenda holds the late case and the closed one still waiting there.
    assert items[0] == "1. Godkendelse af dagsorden"
    assert items[1].startswith("2. Cykelsti langs Ringvejen (Beslutning)")
    assert items[1].endswith("[Sagen er optaget efter fristen]")
    assert items[2:4] == ["3. Meddelelser", "4. Eventuelt"]
    assert items[4].startswith(f"5. Lukket punkt: {SECRETS['title']} (Beslutning)")
    assert len(items) == 5


def test_the_next_body_shows_the_committees_decision(
    env: dict[str, str], meetings: dict[str, str]
) -> None:
    result = run(env, "show", "oeu", "2026-03-19", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["visibility"] == "offentlig"
    item = next(i for i in data["items"] if i["case_number"] == meetings["open"])
    assert item["decisions"] == [
        "Teknik- og Miljøudvalget den 9. marts 2026: Anbefales. Enstemmigt."
    ]


def test_publish_one_format_writes_both_versions(
    env: dict[str, str], meetings: dict[str, str], tmp_path: Path
) -> None:
    result = run(env, "publish", "tmu", "2026-03-09", "--out", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "tmu-2026-03-09-fuld.json",
        "tmu-2026-03-09-offentlig.json",
    ]


def test_ical_files_parse(env: dict[str, str], meetings: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "ical", "meetings", "kb", "--out", str(tmp_path / "kb.ics")).exit_code == 0
    events = icalendar.Calendar.from_ical((tmp_path / "kb.ics").read_bytes()).walk("VEVENT")
    assert len(events) >= 11
    assert str(events[0]["uid"]) == "meeting-kb-2026-01-29@casework"
    assert run(env, "ical", "deadlines", "mette", "--out", str(tmp_path / "m.ics")).exit_code == 0
    summaries = [
        str(e["summary"])
        for e in icalendar.Calendar.from_ical((tmp_path / "m.ics").read_bytes()).walk("VEVENT")
    ]
    assert len(summaries) == 1
    assert summaries[0].startswith("Frist: Sagsfremstilling udarbejdes – Sag ")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("show", "tmuu", "2026-03-09"), "CW801"),
        (("show", "tmu", "2026-03-10"), "CW802"),
        (("ical", "deadlines", "mete", "--out", "x.ics"), "CW804"),
        (("publish", "tmu", "2026-03-09", "--out", "x", "--format", "docx"), "CW806"),
        (("show", "tmu", "9/3/2026"), "CW213"),
    ],
)
def test_errors_have_cw8xx_codes(env: dict[str, str], argv: tuple[str, ...], code: str) -> None:
    result = run(env, *argv)
    assert isinstance(result.exception, CaseworkError), result.output
    assert result.exception.code == code
