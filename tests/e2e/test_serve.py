"""``casework serve`` end to end: a real Prefect server, the served deployments, a sweep that
reaches a real SMTP server process, the board artifact seen in headless Chromium, and a clean
stop on SIGTERM.

Slow (a Prefect server starts from nothing); it runs in the full suite and in CI.
"""

from __future__ import annotations

import email
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from casework.testing import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
DEPLOYMENTS = {
    "deadline-sweep/casework",
    "send-reminder/casework",
    "schedule-runs/casework",
    "coordinator-board/casework",
    "close-agenda/casework",
    "publish-agenda/casework",
    "publish-protocol/casework",
    "advance-case/casework",
    "plan-case/casework",
}
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A real SMTP server process (aiosmtpd) on loopback, storing mail in a Maildir."""
    # Mailbox creates the Maildir only where nothing exists yet.
    maildir = tmp_path_factory.mktemp("mail") / "maildir"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until(lambda: socket.create_connection(("127.0.0.1", port), 1).close() or True, 20,
              "the SMTP server")  # fmt: skip
        yield port, maildir
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, smtp: tuple[int, Path]
) -> Iterator[dict[str, Any]]:
    """``casework serve`` on free ports over a fresh demo database, mail going to ``smtp``."""
    data = tmp_path_factory.mktemp("serve-data")
    smtp_port, _ = smtp
    env = {
        **os.environ,
        "CASEWORK_DATA_DIR": str(data),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
        "CASEWORK_NOTIFY_CHANNELS": "smtp",
        "CASEWORK_SMTP_HOST": "127.0.0.1",
        "CASEWORK_SMTP_PORT": str(smtp_port),
        "CASEWORK_SMTP_TLS": "none",
    }
    env.pop("PREFECT_API_URL", None)
    for args in (["init"], ["demo"]):
        subprocess.run([str(BIN / "casework"), *args], env=env, check=True,
                       capture_output=True)  # fmt: skip
    prefect_port, web_port = free_port(), free_port()
    out = data / "serve.out"
    handle = out.open("wb")
    started = time.monotonic()
    process = subprocess.Popen(
        [str(BIN / "casework"), "serve", "--prefect-port", str(prefect_port),
         "--port", str(web_port)],
        env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=str(ROOT),
    )  # fmt: skip
    try:
        wait_until(lambda: "casework kører" in out.read_text(), 120, "casework serve to be ready")
        ready = time.monotonic() - started
        sys.stderr.write(f"casework serve ready after {ready:.1f} s\n")
        yield {
            "process": process,
            "out": out,
            "api": f"http://127.0.0.1:{prefect_port}/api",
            "ui": f"http://127.0.0.1:{prefect_port}",
            "data": data,
            "ready_seconds": ready,
        }
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        handle.close()


def _deployments(api: str) -> set[str]:
    flows = {f["id"]: f["name"] for f in httpx.post(f"{api}/flows/filter", json={}).json()}
    found = httpx.post(f"{api}/deployments/filter", json={}).json()
    return {f"{flows[d['flow_id']]}/{d['name']}" for d in found}


def _run(api: str, name: str, parameters: dict[str, Any]) -> dict[str, Any]:
    flow, deployment = name.split("/")
    dep = httpx.get(f"{api}/deployments/name/{flow}/{deployment}").json()
    run = wait_until(
        lambda: (
            httpx.post(
                f"{api}/deployments/{dep['id']}/create_flow_run", json={"parameters": parameters}
            )
            .raise_for_status()
            .json()
        ),
        30,
        f"a run of {name}",
    )
    return dict(
        wait_until(
            lambda: (
                (r := httpx.get(f"{api}/flow_runs/{run['id']}").json())["state"]["type"]
                in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
                and r
            ),
            120,
            f"{name} to finish",
        )
    )


@pytest.mark.slow
def test_serve_registers_every_deployment_with_schedules_active(served: dict[str, Any]) -> None:
    api = served["api"]
    assert _deployments(api) >= DEPLOYMENTS
    found = httpx.post(f"{api}/deployments/filter", json={}).json()
    sweep = next(d for d in found if d["name"] == "casework" and d["schedules"]
                 and "7,13" in d["schedules"][0]["schedule"].get("cron", ""))  # fmt: skip
    assert sweep["schedules"][0]["schedule"]["timezone"] == "Europe/Copenhagen"
    assert not sweep["paused"]


@pytest.mark.slow
def test_serve_keeps_the_zombie_watch_on_its_prefect_server(served: dict[str, Any]) -> None:
    """A run whose process dies is marked CRASHED, not RUNNING for ever (deployment.md)."""
    from casework.flows.deployments import ZOMBIE_WATCH

    found = httpx.post(f"{served['api']}/automations/filter", json={}).json()
    watches = [a for a in found if a["name"] == ZOMBIE_WATCH]
    assert len(watches) == 1, [a["name"] for a in found]
    assert watches[0]["enabled"]
    assert watches[0]["trigger"]["posture"] == "Proactive"
    assert watches[0]["actions"][0]["state"] == "CRASHED"


@pytest.mark.slow
def test_a_sweep_sends_the_due_reminders_to_the_smtp_server(
    served: dict[str, Any], smtp: tuple[int, Path]
) -> None:
    run = _run(served["api"], "deadline-sweep/casework", {"force": True})
    assert run["state"]["type"] == "COMPLETED", run["state"]
    _, maildir = smtp
    mails = wait_until(lambda: list((maildir / "new").iterdir()), 30, "mail in the Maildir")
    messages = [email.message_from_bytes(p.read_bytes()) for p in mails]
    ids = [m["Message-ID"] for m in messages]
    assert len(ids) == len(set(ids)), "a reminder was sent twice"
    assert all(m["To"] and m["Subject"] for m in messages)
    assert any("/sager/" in m.get_payload(decode=False) or m.is_multipart() for m in messages)
    # A second sweep finds everything sent already: nothing new arrives.
    count = len(mails)
    again = _run(served["api"], "deadline-sweep/casework", {"force": True})
    assert again["state"]["type"] == "COMPLETED"
    assert len(list((maildir / "new").iterdir())) == count


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (under CI=true this fails instead)",
)
def test_chromium_shows_the_deployments_and_the_case_board(
    served: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    api, ui = served["api"], served["ui"]
    wait_until(
        lambda: httpx.post(f"{api}/artifacts/filter",
                           json={"artifacts": {"key": {"any_": ["case-board"]}}}).json(),
        120, "the case-board artifact",
    )  # fmt: skip
    shots = ROOT / "docs" / "images"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{ui}/v2/deployments", wait_until="networkidle")
            page.get_by_text("deadline-sweep").first.wait_for(timeout=30_000)
            page.get_by_text("coordinator-board").first.wait_for(timeout=30_000)
            page.screenshot(path=str(shots / "prefect-deployments.png"))
            latest = httpx.post(
                f"{api}/artifacts/latest/filter",
                json={"artifacts": {"key": {"any_": ["case-board"]}}},
            ).json()
            page.goto(f"{ui}/v2/artifacts/artifact/{latest[0]['latest_id']}",
                      wait_until="networkidle")  # fmt: skip
            page.get_by_text("Hverdage tilbage").first.wait_for(timeout=30_000)
            assert page.get_by_text("Overskredet").count() + page.get_by_text("I rute").count()
            page.screenshot(path=str(shots / "prefect-case-board.png"), full_page=False)
        finally:
            browser.close()


#: The smallest text a diagram's node may have in the Prefect UI at 100 % zoom (CSS px).
LEGIBLE_PX = 12
#: Each Mermaid diagram on the page: its node labels' font size times the scale the UI draws the
#: SVG at (its width on the page over its viewBox width), and the labels' own rendered heights.
MERMAID_TEXT = """() => [...document.querySelectorAll('svg[id^="mermaid"]')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('.node .nodeLabel')];
  return {
    scale, nodes: labels.length,
    px: Math.min(...labels.map(l => parseFloat(getComputedStyle(l).fontSize) * scale)),
    height: Math.min(...labels.map(l => l.getBoundingClientRect().height)),
  };
})"""


def _latest(api: str, keys: list[str]) -> list[dict[str, Any]]:
    found = httpx.post(f"{api}/artifacts/latest/filter",
                       json={"artifacts": {"key": {"any_": keys}}}).json()  # fmt: skip
    return list(found)


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (under CI=true this fails instead)",
)
def test_the_route_and_flow_map_diagrams_are_legible_at_normal_zoom(
    served: dict[str, Any],
) -> None:
    """Issue 22, item 5: the UI fits a Mermaid diagram into its column (about 650 px of a
    1400 px window) by scaling it down; the artifacts' node text must stay at 12 px or more."""
    from playwright.sync_api import sync_playwright

    from casework.flows.artifacts import FLOW_MAP_KEY, case_route_key

    api, ui = served["api"], served["ui"]
    wait_until(lambda: len(_latest(api, ["case-board", FLOW_MAP_KEY])) == 2, 120,
               "the case-board and flow-map artifacts")  # fmt: skip
    board = _latest(api, ["case-board"])[0]
    cases = [row["Sag"] for row in json.loads(board["data"])]
    keys = [case_route_key(case) for case in cases]
    routes = wait_until(lambda: (found := _latest(api, keys)) and len(found) == len(keys)
                        and found, 120, "every open case's route artifact")  # fmt: skip
    # Per workflow (the diagram's second comment line names it) the route with the most lane
    # runs: the one most likely to outgrow the column (a lokalplan: hearing, complaint period).
    longest: dict[str, dict[str, Any]] = {}
    ranked = sorted(routes, key=lambda a: (str(a["data"]).count("subgraph"), a["key"]))
    for route in ranked:
        found = re.search(r"flowchart TB\n  %% .*\n  %% ([^·\n]*)", str(route["data"]))
        longest[found.group(1).strip() if found else route["key"]] = route
    assert len(longest) >= 3, sorted(longest)
    flow_map = _latest(api, [FLOW_MAP_KEY])[0]
    workflows = str(flow_map["data"]).count("```mermaid")
    assert workflows >= 2
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            shots = {
                FLOW_MAP_KEY: "prefect-flow-map.png",
                ranked[-1]["key"]: "prefect-case-route.png",
            }
            for artifact, diagrams in [
                *((r, 1) for r in longest.values()),
                (flow_map, workflows),
            ]:
                page.goto(f"{ui}/v2/artifacts/artifact/{artifact['latest_id']}",
                          wait_until="networkidle")  # fmt: skip
                # Measured inside the wait: mermaid first draws each diagram into a temporary
                # svg[id^="mermaid"] it removes again, so a count seen once can be gone a moment
                # later (CI once measured no diagram at all right after such a wait).
                measured = page.wait_for_function(
                    f"(n) => {{ const m = ({MERMAID_TEXT})();"
                    " return m.length === n && m.every(f => f.nodes > 0 && f.scale > 0) && m; }",
                    arg=diagrams,
                    timeout=30_000,
                ).json_value()
                assert page.get_by_text("Failed to render mermaid diagram").count() == 0
                assert len(measured) == diagrams, measured
                smallest = min(figure["px"] for figure in measured)
                sys.stderr.write(f"{artifact['key']}: node text {smallest:.1f} px\n")
                for figure in measured:
                    assert figure["nodes"] >= 2, (artifact["key"], figure)
                    assert figure["px"] >= LEGIBLE_PX, (artifact["key"], figure)
                    # One line of 12 px text is at least 12 px high on the screen.
                    assert figure["height"] >= LEGIBLE_PX, (artifact["key"], figure)
                if artifact["key"] in shots:
                    shot = ROOT / "docs" / "images" / shots[artifact["key"]]
                    page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()


@pytest.mark.slow
def test_serve_stops_cleanly_on_sigterm(served: dict[str, Any]) -> None:
    process = served["process"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(45) == 0
    text = served["out"].read_text()
    assert "casework er stoppet." in text
    assert "Traceback" not in text
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{served['api']}/health", timeout=2)


@pytest.mark.parametrize(("option", "message"), [("--prefect-port", "--prefect-port"),
                                                  ("--port", "--port")])  # fmt: skip
def test_a_taken_port_is_one_clear_line(
    option: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from casework.entrypoints.cli import main

    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        free = free_port()
        other = "--port" if option == "--prefect-port" else "--prefect-port"
        code = main(["serve", option, str(port), other, str(free)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert f"Porten {port} på 127.0.0.1 er optaget" in err and message in err
