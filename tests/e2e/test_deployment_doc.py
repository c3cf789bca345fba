"""Issue 21: a fresh machine starts the scaled-out topology with the commands in docs/deployment.md.

The four ```sh blocks of "A fresh machine, step by step" (each after a ``<!-- deployment: NAME
-->`` comment: ``start``, ``check``, ``restart``, ``stop``) are read from the document on every
run and typed, in that order, into **one** ``bash`` (``set -e -o pipefail``), as a reader types
them into one shell: the exports reach the parts started with ``&``, and ``jobs``, ``kill %6``
and ``kill $(jobs -p)`` see the parts the start block started. Between the blocks the test waits
for what the document promises and checks it itself:

- after ``start``: six ``casework (ROLE) kører (klar efter … s)`` lines and no ``[CW…]`` refusal;
- after ``check`` (which runs one deadline sweep with ``prefect deployment run --watch``): both
  API servers answer ``/api/health``, the pool ``casework`` has two ONLINE workers, the web app
  answers ``/login`` on its port, and Prefect holds a COMPLETED ``deadline-sweep`` run;
- after ``restart``: the web app stopped (``casework er stoppet.``), came up again and answers;
- after ``stop``: every part said ``casework er stoppet.``, bash exits 0, no port answers, no
  ``Traceback`` in any console output, and the log files are where the document says.

What must differ on a test machine, and nothing else, is substituted (:data:`SKIPPED`,
:func:`substitutions`); each substitution must hit the document, so a changed line there fails
here instead of silently going untested:

- skipped lines: ``git clone`` (the commands run in a temporary directory holding a copy of the
  checkout's ``config/``), ``scripts/setup.sh`` (the test runs in the set-up venv) and ``apt-get
  install`` (the machine has PostgreSQL, Redis and curl, or the test skips / fails under CI);
- ``sudo -u postgres`` and ``sudo`` are dropped: ``createuser``, ``createdb`` and ``psql`` reach
  the PostgreSQL of ``CASEWORK_TEST_PG_URL`` through ``PGHOST``/``PGPORT``/``PGUSER``;
- the role and database names ``casework`` and ``prefect`` get a random suffix (dropped at the
  end); ``127.0.0.1`` in the database URLs becomes that server's address;
- ``/var/lib/casework`` becomes a temporary data directory;
- Redis ``127.0.0.1:6379`` becomes a ``redis-server`` of the test's own on a free port (the
  Prefect streams of two installations on one Redis would mix);
- the ports 4201, 4202 and 8000 become free ports;
- ``.venv/bin/`` is the directory of ``sys.executable``.

The environment of that bash has no ``CASEWORK_*`` or ``PREFECT_*`` variable of the shell running
pytest, except ``PREFECT_HOME`` (a temporary directory: the workers' Prefect profile stays out of
``~``), and ``PYTHONUNBUFFERED=1``. Slow (about a minute and a half: six parts start, one sweep
runs, the web app restarts); under ``CI=true`` it fails, not skips, without PostgreSQL, Redis
or the client tools.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from topology import RedisServer, descendants  # a helper of the integration tests

from casework.testing import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "deployment.md"
BLOCKS = ("start", "check", "restart", "stop")
PG_ADMIN_URL = os.environ.get(
    "CASEWORK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
#: Lines of the start block the test does not run (by their first words), and why.
SKIPPED = {
    "git clone": "the commands run in a temporary directory with a copy of config/",
    "scripts/setup.sh": "the test runs in the set-up venv",
    "sudo apt-get install": "the machine has PostgreSQL, Redis and curl (else skip / CI fails)",
}
READY = re.compile(
    r"^casework \((api|services|worker|web)\) kører \(klar efter [\d,]+ s\)\.$", re.M
)
STOPPED = re.compile(r"^casework er stoppet\.$", re.M)
PARTS = {"api": 2, "services": 1, "worker": 2, "web": 1}
TIMEOUT = 300  # seconds for one block; a hang guard, not a timing check


def doc_block(text: str, name: str) -> str:
    """The ```sh block right after ``<!-- deployment: NAME -->``."""
    lines = text.splitlines()
    marker = f"<!-- deployment: {name} -->"
    try:
        at = lines.index(marker)
    except ValueError:
        pytest.fail(f"docs/deployment.md has no {marker!r}")
    if lines[at + 1].strip() != "```sh":
        pytest.fail(f"{marker!r} is not followed by a ```sh block")
    end = next(i for i in range(at + 2, len(lines)) if lines[i].strip() == "```")
    return "\n".join(lines[at + 2 : end]) + "\n"


@dataclass
class Machine:
    """What differs on the test machine: names, ports, addresses, directories."""

    work: Path
    data: Path
    casework_db: str
    prefect_db: str
    pg_host: str
    pg_port: int
    redis_url: str
    api1: int
    api2: int
    web: int


def substitutions(m: Machine) -> list[tuple[str, re.Pattern[str], Callable[[str], str]]]:
    """(what, which lines, how) — every one must change at least one line of the document."""
    db_lines = re.compile(r"createuser|createdb|ALTER ROLE|postgresql\+")

    def databases(line: str) -> str:
        line = re.sub(r"\bcasework\b", m.casework_db, line)
        line = re.sub(r"\bprefect\b", m.prefect_db, line)
        return line.replace("@127.0.0.1/", f"@{m.pg_host}:{m.pg_port}/")

    def port(old: int, new: int) -> Callable[[str], str]:
        return lambda line: re.sub(rf"\b{old}\b", str(new), line)

    return [
        ("sudo", re.compile(r"\bsudo\b"), lambda line: re.sub(r"sudo (-u postgres )?", "", line)),
        ("database names", db_lines, databases),
        ("data directory", re.compile("/var/lib/casework"),
         lambda line: line.replace("/var/lib/casework", str(m.data))),
        ("Redis", re.compile("redis://127.0.0.1:6379/0"),
         lambda line: line.replace("redis://127.0.0.1:6379/0", m.redis_url)),
        ("port 4201", re.compile(r"\b4201\b"), port(4201, m.api1)),
        ("port 4202", re.compile(r"\b4202\b"), port(4202, m.api2)),
        ("port 8000", re.compile(r"\b8000\b"), port(8000, m.web)),
        (".venv/bin/", re.compile(r"\.venv/bin/"),
         lambda line: line.replace(".venv/bin/", f"{BIN}/")),
    ]  # fmt: skip


def adapt(blocks: dict[str, str], m: Machine) -> dict[str, str]:
    """The blocks as the test runs them: :data:`SKIPPED` lines dropped, substitutions made."""
    skipped = dict.fromkeys(SKIPPED, 0)
    hits = dict.fromkeys((what for what, _, _ in substitutions(m)), 0)
    adapted = {}
    for name, block in blocks.items():
        lines = []
        for original in block.splitlines():
            prefix = next((p for p in SKIPPED if original.startswith(p)), None)
            if prefix is not None:
                skipped[prefix] += 1
                continue
            line = original
            for what, pattern, change in substitutions(m):
                if pattern.search(line):
                    hits[what] += 1
                    line = change(line)
            lines.append(line)
        adapted[name] = "\n".join(lines) + "\n"
    missing = [p for p, n in skipped.items() if n != 1] + [w for w, n in hits.items() if not n]
    assert not missing, f"docs/deployment.md changed; the test's substitutions miss: {missing}"
    return adapted


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the deployment test must run in CI)")
    pytest.skip(reason)


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Machine]:
    """Throw-away names, ports, Redis and directories; the databases and roles dropped after."""
    for tool in ("redis-server", "createuser", "createdb", "psql", "curl"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed")
    admin_url = make_url(PG_ADMIN_URL)
    libpq = admin_url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        admin = psycopg.connect(libpq, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {' '.join(str(exc).split())}")
    work = tmp_path / "casework"
    shutil.copytree(ROOT / "config", work / "config")
    redis = RedisServer(tmp_path)
    suffix = uuid.uuid4().hex[:8]
    found = Machine(
        work=work, data=tmp_path / "data", casework_db=f"cw_deploy_{suffix}",
        prefect_db=f"pf_deploy_{suffix}", pg_host=admin_url.host or "127.0.0.1",
        pg_port=admin_url.port or 5432, redis_url=redis.url, api1=free_port(),
        api2=free_port(), web=free_port(),
    )  # fmt: skip
    try:
        yield found
    finally:
        redis.stop()
        with admin:
            for name in (found.casework_db, found.prefect_db):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'DROP ROLE IF EXISTS "{name}"')


class Shell:
    """One ``bash`` reading commands from a pipe, its output in a file."""

    def __init__(self, m: Machine, tmp: Path) -> None:
        admin = make_url(PG_ADMIN_URL)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEWORK_", "PREFECT_"))}
        env.update(
            PREFECT_HOME=str(tmp / "prefect-home"), PYTHONUNBUFFERED="1", PGHOST=m.pg_host,
            PGPORT=str(m.pg_port), PGUSER=admin.username or "postgres",
            PGDATABASE=admin.database or "postgres",
        )  # fmt: skip
        if admin.password:
            env["PGPASSWORD"] = str(admin.password)
        self.out = tmp / "console.out"
        with self.out.open("wb") as handle:
            self.process = subprocess.Popen(
                ["bash", "-s"], stdin=subprocess.PIPE, stdout=handle, stderr=subprocess.STDOUT,
                cwd=m.work, env=env, start_new_session=True,
            )  # fmt: skip
        self.type("set -e -o pipefail\n")

    def text(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        self.process.stdin.flush()

    def run(self, name: str, block: str) -> None:
        """Type the block and wait until bash has run all of it."""
        self.type(f"{block}echo '@@ {name} done'\n")
        self.wait_for(lambda text: f"@@ {name} done" in text, f"the {name} block")

    def wait_for(self, ready: Callable[[str], object], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            text = self.text()
            if ready(text):
                return
            refused = re.search(r"^\[CW\d+\].*$", text, re.M)
            assert refused is None, f"{refused.group(0)}\n--- console:\n{text}"
            if self.process.poll() is not None:
                pytest.fail(f"bash exited ({self.process.returncode}) before {what}:\n{text}")
            time.sleep(0.5)
        pytest.fail(f"no {what} after {TIMEOUT} s:\n{self.text()}")

    def kill(self) -> None:
        """Whatever is left after a failure: SIGTERM, then SIGKILL, to every process below."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        below = descendants(self.process.pid)
        for pid in [*below, self.process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(30)
        for pid in [*descendants(self.process.pid), *below, self.process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _completed_sweeps(api: str) -> list[str]:
    query = {"flows": {"name": {"any_": ["deadline-sweep"]}},
             "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}  # fmt: skip
    reply = httpx.post(f"{api}/flow_runs/filter", json=query, timeout=10)
    reply.raise_for_status()
    return [run["id"] for run in reply.json()]


def test_a_fresh_machine_starts_checks_restarts_and_stops_the_topology(
    machine: Machine, tmp_path: Path
) -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = adapt({name: doc_block(text, name) for name in BLOCKS}, machine)
    apis = [f"http://127.0.0.1:{p}/api" for p in (machine.api1, machine.api2)]
    web = f"http://127.0.0.1:{machine.web}"
    shell = Shell(machine, tmp_path)
    try:
        shell.run("start", blocks["start"])
        shell.wait_for(lambda out: len(READY.findall(out)) == sum(PARTS.values()), "six parts up")
        started = sorted(READY.findall(shell.text()))
        assert started == sorted(role for role, n in PARTS.items() for _ in range(n))

        shell.run("check", blocks["check"])
        out = shell.text()
        assert "truetrue" in out
        assert out.count(" ONLINE") == 2, out
        assert "webappen: 200" in out
        assert "finished successfully in 'Completed'" in out
        for api in apis:
            health = httpx.get(f"{api}/health", timeout=10)
            assert health.status_code == 200 and health.json() is True
        workers = httpx.post(f"{apis[0]}/work_pools/casework/workers/filter", json={}, timeout=10)
        assert sorted(w["status"] for w in workers.json()) == ["ONLINE", "ONLINE"]
        assert httpx.get(f"{web}/login", timeout=10).status_code == 200
        assert _completed_sweeps(apis[1]), "no COMPLETED deadline-sweep run"

        shell.run("restart", blocks["restart"])
        shell.wait_for(lambda out: len(READY.findall(out)) == 7, "the web app up again")
        assert len(STOPPED.findall(shell.text())) == 1
        assert httpx.get(f"{web}/login", timeout=10).status_code == 200

        shell.run("stop", blocks["stop"])
        assert shell.process.stdin is not None
        shell.process.stdin.close()
        assert shell.process.wait(60) == 0, shell.text()
    finally:
        if shell.process.poll() is None:
            shell.kill()
    out = shell.text()
    assert len(STOPPED.findall(out)) == 7, out
    assert "Traceback" not in out, out
    for port in (machine.api1, machine.api2, machine.web):
        assert not _answers(port), f"port {port} still answers after the stop block"
    logs = {path.name for path in (machine.data / "logs").iterdir()}
    expected = {f"prefect-api-{machine.api1}.log", f"prefect-api-{machine.api2}.log",
                "prefect-services.log", "register.log", "web.log"}  # fmt: skip
    assert expected <= logs, logs
    assert len([name for name in logs if name.startswith("worker-")]) == 2, logs
    for log in (machine.data / "logs").iterdir():
        assert "Traceback" not in log.read_text(errors="replace"), f"{log.name}:\n{log.read_text()}"
