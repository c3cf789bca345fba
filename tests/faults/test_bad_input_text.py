"""Bad text and numbers, tried through every way in and every way out (issue 16, items 2 and 3).

In: each control character class and each unbounded number through the CLI (``case new``,
``case advance --comment``, ``case set``) and the JSON API: each must be one line with CW230 or
CW231 (the CLI exits 1, the API answers 422), never a traceback or a 5xx, and nothing written.
Out: a case stored before the rules with each odd title and an amount of ``1E+309`` is shown by
``case show``, ``case list``, ``board``, ``diagram case`` (DOT, Mermaid, SVG), the web case page,
its journey SVG, the board page and the Prefect route artifact's text, with no traceback, no
5xx and no control character in the output. The figures print as one JSON line and, with
``CASEWORK_FAULT_REPORT`` naming a directory, go to ``bad-input-text.json`` there.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from casework.domain import commands, organisation
from casework.domain.commands import OpenCase
from casework.services.ports import CaseQuery
from casework.testing import FixedClock
from tests.e2e.conftest import CONFIG_DIR, NOW, Cli

#: One of each kind: C0 controls (NUL, BEL, BS, TAB, LF, CR, ESC with a CSI and an OSC 8 link),
#: DEL, C1 controls (NEL, CSI, APC).
TITLES = [
    "Vej\x00projekt", "Vej\x07projekt", "Vej\x08projekt", "Vej\tprojekt",
    "Vej\nVedtaget af KB", "Vej\rprojekt", "Vej\x1b[2J\x1b[31mprojekt",
    "Vej\x1b]8;;https://ond.example\x07klik\x1b]8;;\x07", "Vej\x7fprojekt", "Vej\x85projekt",
    "Vej\x9b31mprojekt", "Vej\x9fprojekt",
]  # fmt: skip
#: What a multi-line text (a comment) may not hold either.
COMMENTS = ["Ok\x00", "Ok\x1b[2J", "Linje\rover", "Ok\x9b31m", "Ok\x7f"]
NUMBERS = [
    "1e309", "-1e309", "inf", "-inf", "Infinity", "nan", "NaN", "sNaN", "1e999999999",
    "99999999999999999999", "1e15", "-1e15", "1_000_000_000_000_000", "1.000.000.000.000.000",
]  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: In HTML a CR is white space like LF (a page may keep it); the rest must not be sent.
HTML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ROUTE = ["--route", "tmu:indstiller,kb:beslutter"]


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """``casework`` in-process on a fresh SQLite data directory (as the e2e tests run it)."""
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASEWORK_CONFIG_DIR", str(CONFIG_DIR))
    for name in ("CASEWORK_DATABASE_URL", "CASEWORK_LANG", "CASEWORK_NOTIFY_CHANNELS"):
        monkeypatch.delenv(name, raising=False)
    cli = Cli(capsys, FixedClock(NOW))
    yield cli
    cli.close()


def _count(cli: Cli) -> int:
    listed = cli("case", "list", "--json")
    return len(json.loads(listed.out))


def _leaks(text: str, where: object, leaks: list[str], pattern: re.Pattern[str] = CONTROL) -> bool:
    found = pattern.search(text)
    if found is not None:
        leaks.append(f"{where}: {text[max(0, found.start() - 30) : found.end() + 10]!r}")
    return found is not None


def _one_line_refusal(outcome: Any, code: str) -> bool:
    lines = outcome.err.strip().splitlines()
    return (
        outcome.code == 1
        and len(lines) == 1
        and lines[0].startswith(f"[{code}]")
        and "Traceback" not in outcome.output
        and "\x1b" not in outcome.output
    )


def test_bad_text_and_numbers_in_and_out(run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    figures: Counter[str] = Counter()
    base = ["case", "new", "--as", "mette", *ROUTE]
    made = run(*base, "--title", "Fast sag", "--print-id")
    case_id = made.out.strip()
    before = _count(run)

    # ---- in, through the CLI
    for title in TITLES:
        figures["tried"] += 1
        outcome = run(*base, "--title", title)
        figures["refused_one_line"] += _one_line_refusal(outcome, "CW230")
        figures["tracebacks"] += "Traceback" in outcome.output
    for comment in COMMENTS:
        figures["tried"] += 1
        outcome = run("case", "advance", case_id, "indsend", "--as", "mette", "--comment", comment)
        figures["refused_one_line"] += _one_line_refusal(outcome, "CW230")
        figures["tracebacks"] += "Traceback" in outcome.output
    for number in NUMBERS:
        for argv in (
            [*base, "--title", "Et beløb", "--attr", f"beloeb={number}"],
            ["case", "set", case_id, "--as", "mette", "--attr", f"beloeb={number}"],
        ):
            figures["tried"] += 1
            outcome = run(*argv)
            figures["refused_one_line"] += _one_line_refusal(outcome, "CW231")
            figures["tracebacks"] += "Traceback" in outcome.output
    shown = run("case", "show", case_id, "--json")
    assert json.loads(shown.out)["version"] == 1  # nothing was written to the case
    figures["written"] = _count(run) - before

    # ---- in, through the JSON API
    import warnings

    with warnings.catch_warnings():  # the locked dependencies have httpx, which works
        warnings.filterwarnings("ignore", message=".*install `httpx2` instead")
        from fastapi.testclient import TestClient

    from casework.entrypoints.web.app import create_app

    app = run.app()
    assert app is not None
    accounts = app.accounts
    token = accounts.create_token("mette", "fault suite")
    client = TestClient(create_app(services=app, accounts=accounts), raise_server_exceptions=False)
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    body = {"workflow": "beslutningssag", "route": "tmu,kb"}
    api_bodies = [json.dumps({**body, "title": title}) for title in TITLES]
    api_bodies += [
        json.dumps({**body, "title": "Et beløb", "attributes": {"beloeb": number}})
        for number in NUMBERS
    ]
    api_bodies += [
        '{"workflow": "beslutningssag", "route": "tmu,kb", "title": "Et beløb",'
        f' "attributes": {{"beloeb": {number}}}}}'
        for number in ("1e309", "-1e309", "1e15", "123456789012345678901234567890")
    ]
    for raw in api_bodies:
        figures["tried"] += 1
        answer = client.post("/api/v1/cases", headers=headers, content=raw.encode())
        figures["api_5xx"] += answer.status_code >= 500
        figures["refused_one_line"] += answer.status_code == 422 and answer.json()["error"][
            "code"
        ] in {"CW230", "CW231"}
    figures["written"] = _count(run) - before

    # ---- out: cases stored before the rules
    with monkeypatch.context() as old_code:
        old_code.setattr(organisation, "within_limit", lambda _n: True)
        old_code.setattr(organisation, "check_number", lambda value, _field="": value)
        old_code.setattr(commands, "check_number", lambda value, _field="": value)
        old_code.setattr(commands, "check_one_line", lambda text, _field="": text)
        stored = [
            app.open_case(
                OpenCase(workflow="beslutningssag", title=title, actor="mette",
                         route=[("tmu", "indstiller"), ("kb", "beslutter")],
                         attributes={"beloeb": "1e309"})
            ).id
            for title in TITLES
        ]  # fmt: skip
    from casework.flows.artifacts import board_table, case_route_markdown

    page_client = TestClient(
        create_app(services=app, accounts=accounts, secret_key="fault"),
        raise_server_exceptions=False,
    )
    accounts.set_password("mette", "demo")
    login = page_client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert csrf is not None
    page_client.post(
        "/login", data={"person": "mette", "password": "demo", "csrf_token": csrf.group(1)}
    )
    leaks: list[str] = []
    outputs = [("board",), ("case", "list")]
    for stored_id in stored:
        outputs += [("case", "show", stored_id)]
        outputs += [("diagram", "case", stored_id, "--format", kind) for kind in ("dot", "mermaid")]
    for argv in outputs:
        figures["shown"] += 1
        outcome = run(*argv)
        figures["tracebacks"] += outcome.code != 0 or "Traceback" in outcome.output
        figures["control_characters_out"] += _leaks(outcome.out, argv, leaks)
    for stored_id in stored:
        for url in (f"/sager/{stored_id}", f"/sager/{stored_id}/forloeb.svg"):
            figures["shown"] += 1
            answer = page_client.get(url)
            figures["web_5xx"] += answer.status_code >= 500
            figures["control_characters_out"] += _leaks(answer.text, url, leaks, HTML_CONTROL)
        figures["shown"] += 1
        route = case_route_markdown(app, stored_id, "http://casework.test")
        figures["control_characters_out"] += _leaks(route.replace("\n", ""), "route", leaks)
    figures["shown"] += 2
    figures["web_5xx"] += page_client.get("/tavle").status_code >= 500
    table = board_table(app.board("da", limit=None).rows, "http://casework.test")
    table_text = json.dumps(table, ensure_ascii=False)
    figures["control_characters_out"] += _leaks(table_text, "board table", leaks)

    report = {
        "tried": figures["tried"],
        "refused_one_line": figures["refused_one_line"],
        "tracebacks": figures["tracebacks"],
        "api_5xx": figures["api_5xx"],
        "written": figures["written"],
        "stored_odd_cases": len(stored),
        "outputs_shown": figures["shown"],
        "web_5xx": figures["web_5xx"],
        "control_characters_out": figures["control_characters_out"],
    }
    print(json.dumps({"fault": "bad-input-text", **report}))
    target = os.environ.get("CASEWORK_FAULT_REPORT")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / "bad-input-text.json").write_text(json.dumps(report, indent=2) + "\n")
    assert report["refused_one_line"] == report["tried"], report
    assert report["tracebacks"] == report["api_5xx"] == report["web_5xx"] == 0, report
    assert report["written"] == 0 and report["control_characters_out"] == 0, leaks
    assert app.cases(CaseQuery(limit=100))
