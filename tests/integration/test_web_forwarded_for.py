"""The sign-in limit holds behind uvicorn as ``casework serve`` starts it (issue 16, item 5).

uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 unless told otherwise, so a guesser on the
same machine (or behind a proxy that passes the header on) could give itself a fresh address
for every attempt. The web app is started here with the very command line ``casework serve``
uses, and eleven wrong sign-ins from one client with eleven forwarded addresses hit the limit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from casework.entrypoints.serve import ServeOptions, Supervisor
from casework.testing import free_port, wait_until

CONFIG = Path(__file__).resolve().parents[2] / "config"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_serve_starts_uvicorn_without_proxy_headers(tmp_path: Path) -> None:
    argv = Supervisor(ServeOptions(data_dir=tmp_path), lambda _line: None).web_argv()
    assert "--no-proxy-headers" in argv


def test_forwarded_addresses_do_not_reset_the_limit(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")},
        "CASEWORK_DATA_DIR": str(data),
        "CASEWORK_CONFIG_DIR": str(CONFIG),
        "CASEWORK_WEB_SECRET": "test-secret",
    }
    casework = str(Path(sys.executable).with_name("casework"))
    subprocess.run([casework, "init"], env=env, check=True, capture_output=True)
    argv = Supervisor(ServeOptions(data_dir=data, port=port), lambda _line: None).web_argv()
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: httpx.get(f"{base}/healthz").status_code == 200, 60, "the web app")
        with httpx.Client(base_url=base) as client:
            statuses = []
            for n in range(11):
                page = client.get("/login")
                token = _CSRF.search(page.text).group(1)  # type: ignore[union-attr]
                answer = client.post(
                    "/login",
                    data={"person": "ukendt", "password": "forkert", "csrf_token": token},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"},
                )
                statuses.append(answer.status_code)
        assert statuses[:10] == [401] * 10
        assert statuses[10] == 429
    finally:
        server.terminate()
        server.wait(timeout=20)
