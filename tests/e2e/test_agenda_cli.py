"""``casework agenda`` end to end, and the promise that no closed-item content reaches any public
rendering.

Every command runs through ``main`` (the ``run`` fixture); the App's clock starts on Monday
2 March 2026 and is moved on, so that the cases meet Eksempel Kommune's 2026 meeting plan.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import icalendar
import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

from casework.adapters.publish.pdf import extract_text

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
    # A closed bilag of an open item (title and content), and an open bilag of a closed item.
    "bilag_lukket": "SECRET-LUKKET-BILAG",
    "bilag_indhold": "SECRET-BILAG-INDHOLD",
    "bilag_paa_lukket": "SECRET-BILAG-PAA-LUKKET-PUNKT",
}
#: The open bilag of the open item: every version of its agenda links it.
OPEN_BILAG = "Kort over bymidten"


def cli(run: Cli, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, err)
    return out


def open_case(run: Cli, title: str, *attrs: str, ref: str = "") -> str:
    extra = ["--reference", ref] if ref else []
    argv = ["case", "new", "--title", title, "--as", "mette", "--workflow", "beslutningssag"]
    argv += ["--route", ROUTE, "--attr", "politikomraade=veje", *extra, "--json"]
    for attr in attrs:
        argv += ["--attr", attr]
    return str(json.loads(cli(run, *argv))["id"])


def to_tmu(run: Cli, case_id: str) -> None:
    for action, actor in [*TO_MEETING, ("godkend", "sofie")]:
        cli(run, "case", "advance", case_id, action, "--as", actor)


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


def attach_bilag(run: Cli, folder: Path, open_id: str, closed_id: str) -> None:
    """An open and a closed bilag on the open case, an open one on the closed case."""
    from bilag_files import docx, pdf

    folder.mkdir(exist_ok=True)
    (folder / "kort.pdf").write_bytes(pdf())
    (folder / "notat.docx").write_bytes(docx(SECRETS["bilag_indhold"]))
    for case_id, title, extra in (
        (open_id, OPEN_BILAG, ()),
        (open_id, SECRETS["bilag_lukket"], ("--closed", "--reason", "personforhold")),
        (closed_id, SECRETS["bilag_paa_lukket"], ()),
    ):
        name = "notat.docx" if extra else "kort.pdf"
        cli(run, "case", "attach", case_id, str(folder / name), "--as", "mette", "--title",
            title, *extra)  # fmt: skip


@pytest.fixture
def meetings(run: Cli, tmp_path: Path) -> dict[str, str]:
    """Open items, closed items with planted secrets (at TMU and, after TMU, at ØU), a late
    item, and a closed case still in draft; bilag open and closed on them."""
    open_id = open_case(run, "Trafikplan for bymidten", "resume=Et åbent resumé")
    closed_tmu = open_case(run, SECRETS["title"], *secret_attrs(), ref=SECRETS["reference"])
    attach_bilag(run, tmp_path / "bilag-filer", open_id, closed_tmu)
    closed_oeu = open_case(run, f"{SECRETS['title']}-2", *secret_attrs("ejendomshandel"))
    to_tmu(run, open_id)
    to_tmu(run, closed_tmu)
    to_tmu(run, closed_oeu)
    run.clock.instant = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)  # after TMU's deadline (3 Mar)
    late = open_case(run, "Cykelsti langs Ringvejen")
    to_tmu(run, late)
    open_case(run, f"{SECRETS['title']}-kladde", *secret_attrs())
    run.clock.instant = dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    cli(
        run,
        "case",
        "advance",
        closed_oeu,
        "anbefal",
        "--as",
        "sofie",
        "--comment",
        SECRETS["comment"],
    )
    cli(run, "case", "advance", open_id, "anbefal", "--as", "sofie", "--comment", "Enstemmigt")
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
    run: Cli, meetings: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for body, day in (("tmu", "2026-03-09"), ("oeu", "2026-03-19")):
        result = run("agenda", "publish", body, day, "--out", str(out))
        assert result.code == 0, result.output
        for kind in ("html", "json"):
            text = (out / f"{body}-{day}-offentlig.{kind}").read_text("utf-8")
            assert "Lukket punkt:" in text
            assert_no_secret(text, f"{body} public {kind}")
        text = pdf_text((out / f"{body}-{day}-offentlig.pdf").read_bytes())
        assert "Lukket punkt:" in text
        assert "Godkendelse af dagsorden" in text  # the extraction really reads the PDF
        assert_no_secret(text, f"{body} public pdf")
        for argv in (("show", body, day), ("show", body, day, "--json")):
            shown = run("agenda", *argv)
            assert shown.code == 0, shown.output
            assert_no_secret(shown.output, " ".join(argv))
        full = (out / f"{body}-{day}-fuld.html").read_text("utf-8")
        assert SECRETS["title"] in full
        assert SECRETS["bilag_lukket"] not in full  # a closed bilag is on no agenda at all
        assert SECRETS["indstilling"] in full
        assert SECRETS["title"] in pdf_text((out / f"{body}-{day}-fuld.pdf").read_bytes())
    assert SECRETS["comment"] in (out / "oeu-2026-03-19-fuld.json").read_text("utf-8")
    # The open item's open bilag is linked in every public format of its agenda (ØU).
    public_html = (out / "oeu-2026-03-19-offentlig.html").read_text("utf-8")
    assert f'<a href="/sager/{meetings["open"]}/bilag/1">Bilag 1: {OPEN_BILAG} (PDF,' in public_html
    public_json = json.loads((out / "oeu-2026-03-19-offentlig.json").read_text("utf-8"))
    files = [f for item in public_json["items"] for f in item["files"]]
    assert [(f["number"], f["title"]) for f in files] == [(1, OPEN_BILAG)]
    assert OPEN_BILAG in pdf_text((out / "oeu-2026-03-19-offentlig.pdf").read_bytes())
    for body in ("tmu", "oeu"):
        assert run("agenda", "ical", "meetings", body, "--out", str(out / f"{body}.ics")).code == 0
        assert_no_secret((out / f"{body}.ics").read_text("utf-8"), f"{body}.ics")
    for person in ("mette", "sofie"):
        path = out / f"{person}.ics"
        assert run("agenda", "ical", "deadlines", person, "--out", str(path)).code == 0
        assert_no_secret(path.read_text("utf-8"), path.name)


# --- the commands -----------------------------------------------------------------------------


def test_show_lists_the_items_in_order_with_the_late_one_flagged(
    run: Cli, meetings: dict[str, str]
) -> None:
    result = run("agenda", "show", "tmu", "2026-03-09", "--full")
    assert result.code == 0, result.output
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


def test_the_next_body_shows_the_committees_decision(run: Cli, meetings: dict[str, str]) -> None:
    result = run("agenda", "show", "oeu", "2026-03-19", "--json")
    assert result.code == 0, result.output
    data = json.loads(result.output)
    assert data["visibility"] == "offentlig"
    item = next(i for i in data["items"] if i["case_number"] == meetings["open"])
    assert item["decisions"] == [
        "Teknik- og Miljøudvalget den 9. marts 2026: Anbefales. Enstemmigt."
    ]


def test_publish_one_format_writes_both_versions(
    run: Cli, meetings: dict[str, str], tmp_path: Path
) -> None:
    result = run(
        "agenda", "publish", "tmu", "2026-03-09", "--out", str(tmp_path), "--format", "json"
    )
    assert result.code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "tmu-2026-03-09-fuld.json",
        "tmu-2026-03-09-offentlig.json",
    ]


def test_ical_files_parse(run: Cli, meetings: dict[str, str], tmp_path: Path) -> None:
    assert run("agenda", "ical", "meetings", "kb", "--out", str(tmp_path / "kb.ics")).code == 0
    events = icalendar.Calendar.from_ical((tmp_path / "kb.ics").read_bytes()).walk("VEVENT")
    assert len(events) >= 11
    assert str(events[0]["uid"]) == "meeting-kb-2026-01-29@casework"
    assert run("agenda", "ical", "deadlines", "mette", "--out", str(tmp_path / "m.ics")).code == 0
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
def test_errors_have_cw8xx_codes(run: Cli, argv: tuple[str, ...], code: str) -> None:
    result = run("agenda", *argv)
    assert result.code == 1, result.output
    assert result.err.startswith(f"[{code}]") and len(result.err.splitlines()) == 1
