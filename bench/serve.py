"""How long ``casework serve`` takes to be ready, and to stop.

Ready means what ``casework serve`` itself waits for before it prints the addresses: the Prefect
API answers, all deployments are registered, and the web app answers ``/healthz``. Measured
twice: on a fresh data directory (the Prefect server creates and migrates its SQLite database)
and on a restart. Target (issue 5): ready in <= 30 s on the reference machine.

    .venv/bin/python bench/serve.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from casework.testing import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _once(data: Path, env: dict[str, str]) -> tuple[float, float]:
    out = data / "serve.out"
    started = time.monotonic()
    with out.open("wb") as handle:
        process = subprocess.Popen(
            [str(BIN / "casework"), "serve", "--port", str(free_port()),
             "--prefect-port", str(free_port())],
            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=str(ROOT),
        )  # fmt: skip
        while "casework kører" not in out.read_text():
            if process.poll() is not None or time.monotonic() - started > 180:
                sys.exit(f"casework serve did not come up:\n{out.read_text()}")
            time.sleep(0.1)
        ready = time.monotonic() - started
        stop_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
        stopped = time.monotonic() - stop_at
    if code != 0 or "Traceback" in out.read_text():
        sys.exit(f"casework serve did not stop cleanly (exit {code}):\n{out.read_text()}")
    return ready, stopped


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "CASEWORK_DATA_DIR": str(data),
               "CASEWORK_CONFIG_DIR": str(ROOT / "config")}  # fmt: skip
        env.pop("PREFECT_API_URL", None)
        for args in (["init"], ["demo"]):
            subprocess.run([str(BIN / "casework"), *args], env=env, check=True,
                           capture_output=True)  # fmt: skip
        first = _once(data, env)
        again = _once(data, env)
    print(f"casework serve, fresh data dir: ready {first[0]:.1f} s, stopped {first[1]:.1f} s")
    print(f"casework serve, restart:        ready {again[0]:.1f} s, stopped {again[1]:.1f} s")
    print("target: ready <= 30 s")


if __name__ == "__main__":
    main()
