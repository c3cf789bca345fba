"""Issue 21, item 1–2: ``casework serve --role`` starts one part of a scaled-out installation.

What each role runs (its command line), and the refusals before anything starts: several web
processes without one shared session key (CW550), a worker without a Prefect API (CW551). The
roles themselves run in ``tests/integration/test_scale_faults.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casework.entrypoints.serve import ServeOptions, Supervisor
from casework.testing import free_port

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def _supervisor(tmp_path: Path, **options: object) -> Supervisor:
    return Supervisor(ServeOptions(data_dir=tmp_path, **options), lambda _line: None)  # type: ignore[arg-type]


def test_the_api_role_is_a_prefect_server_without_services(tmp_path: Path) -> None:
    supervisor = _supervisor(tmp_path, role="api", prefect_port=4310)
    argv = supervisor.api_argv()
    assert argv[1:3] == ["server", "start"]
    assert "--no-services" in argv
    assert argv[argv.index("--port") + 1] == "4310"
    assert supervisor.api_url == "http://127.0.0.1:4310/api"
    assert supervisor.services_argv()[1:] == ["server", "services", "start"]


def test_the_worker_role_serves_the_pool_and_the_web_role_several_processes(
    tmp_path: Path,
) -> None:
    worker = _supervisor(tmp_path, role="worker", api_url="http://10.0.0.5:4200/api",
                         pool="kommune", worker_name="w1")  # fmt: skip
    argv = worker.worker_argv()
    assert argv[1:3] == ["worker", "start"]
    assert argv[argv.index("--pool") + 1] == "kommune"
    assert argv[argv.index("--type") + 1] == "process"
    assert worker.env()["PREFECT_API_URL"] == "http://10.0.0.5:4200/api"
    web = _supervisor(tmp_path, role="web", web_workers=3).web_argv()
    assert web[web.index("--workers") + 1] == "3"
    assert "--workers" not in _supervisor(tmp_path).web_argv()  # one process by default


def _serve(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "CASEWORK_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [str(BIN / "casework"), "serve", *args], env=full, capture_output=True, text=True,
        timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("args", [["--role", "web"], ["--web-workers", "2"]])
def test_several_web_processes_need_a_shared_secret(tmp_path: Path, args: list[str]) -> None:
    env = {"CASEWORK_WEB_SECRET": "", "PREFECT_API_URL": ""}
    done = _serve(tmp_path, *args, env=env)
    assert done.returncode != 0
    assert "CW550" in done.stderr + done.stdout
    assert "CASEWORK_WEB_SECRET" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "logs").exists()  # nothing started, nothing written
    short = _serve(tmp_path, *args, env={**env, "CASEWORK_WEB_SECRET": "kort"})
    assert "CW550" in short.stderr + short.stdout


def test_a_worker_needs_a_prefect_api(tmp_path: Path) -> None:
    done = _serve(tmp_path, "--role", "worker", env={"PREFECT_API_URL": ""})
    assert done.returncode != 0
    out = done.stderr + done.stdout
    assert "CW551" in out and "PREFECT_API_URL" in out
    assert "Traceback" not in out
    english = _serve(tmp_path, "--lang", "en", "--role", "worker", env={"PREFECT_API_URL": ""})
    assert "needs PREFECT_API_URL" in english.stderr + english.stdout


def test_a_worker_whose_api_does_not_answer_names_the_address(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/api"
    done = _serve(tmp_path, "--role", "worker", "--ready-timeout", "2",
                  env={"PREFECT_API_URL": dead})  # fmt: skip
    out = done.stderr + done.stdout
    assert done.returncode != 0
    assert f"(se PREFECT_API_URL={dead})" in out  # not a log file that was never written
    assert "worker.log" not in out and "Traceback" not in out
