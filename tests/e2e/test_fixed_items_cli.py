"""The council's citizens' question time on every output of its agenda, as a user sees it.

``agenda show`` (table and JSON) and ``agenda publish`` (HTML, PDF, JSON) of a KB meeting carry
"Spørgetid for borgere" as item 2, the committees' agendas do not; once KB's agenda is sent the
item is part of what was sent, so taking it out of calendar.yaml afterwards changes later
meetings only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_agenda_cli import pdf_text

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
KB_DAY = "2026-03-26"  # the council's March meeting (last Thursday)
SPOERGETID = "Spørgetid for borgere"
FIXED = ["Godkendelse af dagsorden", SPOERGETID, "Meddelelser", "Eventuelt"]


def cli(run: Cli, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, out, err)
    return out


def headings(run: Cli, body: str, day: str) -> list[tuple[int, str, bool]]:
    data = json.loads(cli(run, "agenda", "show", body, day, "--json"))
    return [(i["number"], i["heading"], i["fixed"]) for i in data["items"]]


def test_the_council_agenda_opens_with_question_time_and_committees_do_not(run: Cli) -> None:
    assert headings(run, "kb", KB_DAY) == [(n, t, True) for n, t in enumerate(FIXED, 1)]
    assert SPOERGETID not in [h for _, h, _ in headings(run, "oeu", "2026-03-19")]
    table = cli(run, "agenda", "show", "kb", KB_DAY)
    assert "  2. Spørgetid for borgere" in table


def test_every_published_version_shows_it(run: Cli, tmp_path: Path) -> None:
    cli(run, "agenda", "publish", "kb", KB_DAY, "--out", str(tmp_path))
    for version in ("offentlig", "fuld"):
        html = (tmp_path / f"kb-{KB_DAY}-{version}.html").read_text("utf-8")
        assert f"<h2>2. {SPOERGETID}</h2>" in html
        pdf = pdf_text((tmp_path / f"kb-{KB_DAY}-{version}.pdf").read_bytes())
        assert f"2. {SPOERGETID}" in pdf
        data = json.loads((tmp_path / f"kb-{KB_DAY}-{version}.json").read_text("utf-8"))
        assert [i["heading"] for i in data["items"]] == FIXED


def test_the_sent_agenda_keeps_it_when_the_configuration_drops_it(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli(run, "meeting", "send", "kb", KB_DAY, "--as", "sofie")
    changed = tmp_path / "config"
    shutil.copytree(ROOT / "config", changed)
    calendar = changed / "calendar.yaml"
    text = calendar.read_text("utf-8")
    old = "opening: [Godkendelse af dagsorden, Spørgetid for borgere]"
    assert old in text
    calendar.write_text(text.replace(old, "opening: [Godkendelse af dagsorden]"), "utf-8")
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(changed))
    assert [h for _, h, _ in headings(run, "kb", KB_DAY)] == FIXED  # as sent
    later = [h for _, h, _ in headings(run, "kb", "2026-04-30")]
    assert later == ["Godkendelse af dagsorden", "Meddelelser", "Eventuelt"]
