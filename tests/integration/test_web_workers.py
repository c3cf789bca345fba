"""Issue 21, item 2: the web app in several uvicorn workers behind one port, state in PostgreSQL.

``casework serve --role web --web-workers 3`` on a PostgreSQL database, with one shared
``CASEWORK_WEB_SECRET``. Every request goes on a new connection, so any worker may take it;
which one did is read from the workers' context-switch counters (``/proc/PID/status``), and the test
holds that more than one served. Then:

- a session signed in through one worker is honoured by every worker (the shared secret);
- signing out ends it in every worker (the session generation lives in the database);
- the per-address sign-in limit counts failures made on any worker (the database again): ten
  wrong passwords, then 429, whichever worker answers.

The refusal without a shared secret (CW550) is in ``tests/e2e/test_serve_roles.py``.
"""

from __future__ import annotations

import collections
import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from topology import create_database, descendants, drop_database

from casework.testing import free_port, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "kodeord-til-test-21"
WORKERS = 3


@pytest.fixture
def web(postgres_url: str, tmp_path: Path) -> Iterator[tuple[str, list[int]]]:
    """The web role in WORKERS processes; its address and the worker processes' ids."""
    url = create_database(postgres_url, "casework_web")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")},
        "CASEWORK_DATA_DIR": str(tmp_path / "data"),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
        "CASEWORK_DATABASE_URL": url,
        "CASEWORK_WEB_SECRET": "delt-hemmelighed-" + "x" * 40,
    }
    casework = str(BIN / "casework")
    subprocess.run([casework, "init"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run(
        [casework, "user", "set-password", "mette", "--password-stdin"],
        env=env, input=PASSWORD, text=True, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    port = free_port()
    out = tmp_path / "web.out"
    with out.open("wb") as handle:
        serve = subprocess.Popen(
            [casework, "serve", "--role", "web", "--web-workers", str(WORKERS), "--port",
             str(port)],
            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until(lambda: "kører (klar efter" in out.read_text(), 120, "the web role")
        workers = wait_until(lambda: _workers(serve.pid), 30, "the uvicorn workers")
        yield f"http://127.0.0.1:{port}", workers
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(10)
        drop_database(postgres_url, url)


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes (multiprocessing's spawned children of uvicorn)."""
    below = descendants(pid)
    found = []
    for child in below:
        with contextlib.suppress(OSError):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                found.append(child)
    return found if len(found) == WORKERS else []


def _writes(pids: list[int]) -> dict[int, int]:
    """Each worker's voluntary context switches: the one that answers a request waits on its
    socket and the database several times, an idle one at most once per loop tick."""
    counts = {}
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                counts[pid] = int(line.split()[1])
    return counts


class Client:
    """Each request on a fresh connection, the cookies kept, and who answered it noted."""

    def __init__(self, base: str, workers: list[int]) -> None:
        self.http = httpx.Client(
            base_url=base, limits=httpx.Limits(max_keepalive_connections=0), timeout=30
        )
        self.workers = workers
        self.served: list[int] = []

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        before = _writes(self.workers)
        answer = self.http.request(method, path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
        after = _writes(self.workers)
        self.served.append(max(self.workers, key=lambda pid: after[pid] - before[pid]))
        return answer

    def csrf(self) -> str:
        page = self.request("GET", "/login")
        return _CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def test_sessions_and_the_sign_in_limit_hold_across_web_workers(
    web: tuple[str, list[int]],
) -> None:
    base, workers = web
    person = Client(base, workers)
    signed_in = person.request(
        "POST", "/login", data={"person": "mette", "password": PASSWORD,
                                "csrf_token": person.csrf()},
    )  # fmt: skip
    assert signed_in.status_code == 303, signed_in.text
    answers = [person.request("GET", "/").status_code for _ in range(30)]
    assert answers == [200] * 30  # every worker honours the session signed by one of them
    print("requests per worker:", collections.Counter(person.served))
    assert len(set(person.served)) > 1, "all requests reached one worker: nothing was shown"

    # Signing out (on whichever worker) ends the cookie everywhere, even replayed by hand.
    cookie = dict(person.http.cookies)
    token = _CSRF.search(person.request("GET", "/").text).group(1)  # type: ignore[union-attr]
    assert person.request("POST", "/logout", data={"csrf_token": token}).status_code == 303
    replay = Client(base, workers)
    replay.http.cookies.update(cookie)
    after = [replay.request("GET", "/").status_code for _ in range(20)]
    assert 200 not in after, after
    assert len(set(replay.served)) > 1

    # Ten wrong passwords from one address, then the limit, whichever worker counts them.
    guesser = Client(base, workers)
    statuses = [
        guesser.request("POST", "/login", data={"person": "mette", "password": "forkert-1234",
                                                "csrf_token": guesser.csrf()}).status_code
        for _ in range(12)
    ]  # fmt: skip
    assert statuses[:10] == [401] * 10, statuses
    assert statuses[10:] == [429, 429], statuses
    assert len(set(guesser.served)) > 1
