"""A scaled-out casework on this machine, started with ``casework serve --role …`` (issue 21).

Used by the fault tests (``test_scale_faults.py``) and the scale benchmark (``bench/scale.py``);
not collected. One :class:`Topology` holds:

- a **Redis server of its own** (``redis-server`` on a free port, no persistence), so that the
  tests can restart it without touching the machine's shared Redis;
- a **Prefect database** on the PostgreSQL server (a fresh database, dropped at the end);
- Prefect **API servers** (``--role api``: ``prefect server start --no-services``) and one
  **services** process (``--role services``), all on PostgreSQL with Redis messaging, ordering,
  lease storage and docket (the settings of Prefect's self-hosting guide);
- process **workers** of the pool ``casework`` (``--role worker``), each against one API server;
- optionally the **web app** (``--role web``) in several uvicorn workers.

Every process runs in a session of its own; :meth:`Topology.kill` ends one with SIGKILL, its
children (the flow runs of a worker) included, as a lost machine would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy.engine import make_url

from casework.testing import free_port, wait_until

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def redis_settings(url: str) -> dict[str, str]:
    """Prefect's settings for several API servers sharing one Redis (docs/deployment.md)."""
    return {
        "PREFECT_MESSAGING_BROKER": "prefect_redis.messaging",
        "PREFECT_MESSAGING_CACHE": "prefect_redis.messaging",
        "PREFECT_SERVER_EVENTS_CAUSAL_ORDERING": "prefect_redis.ordering",
        "PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE": "prefect_redis.lease_storage",
        "PREFECT_SERVER_DOCKET_URL": url,
        "PREFECT_REDIS_MESSAGING_URL": url,
    }


class RedisServer:
    """A throw-away ``redis-server`` on a free loopback port; :meth:`restart` keeps the port."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        with (self.directory / f"redis-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(
                [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.directory)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_until(self.ping, 20, f"redis-server on port {self.port}")

    def ping(self) -> bool:
        import socket

        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def restart(self) -> None:
        """Kill the server (its data goes: nothing is persisted) and start a fresh one."""
        self.stop()
        self.start()


def create_database(admin_url: str, prefix: str) -> str:
    """A fresh PostgreSQL database; its SQLAlchemy URL (postgresql://…)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    libpq = make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(libpq.render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    libpq = make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(libpq.render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Part:
    """One ``casework serve --role …`` process."""

    name: str
    process: subprocess.Popen[bytes]
    out: Path
    url: str = ""

    def text(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")


@dataclass
class Topology:
    """The processes of a scaled-out installation; see the module's docstring."""

    directory: Path
    admin_url: str
    casework_db: str
    env: dict[str, str]
    redis: RedisServer
    prefect_db: str
    parts: dict[str, Part] = field(default_factory=dict)

    @classmethod
    def create(
        cls, directory: Path, admin_url: str, casework_db: str, extra: dict[str, str]
    ) -> Topology:
        """Redis and the Prefect database; no process is started yet."""
        redis = RedisServer(directory)
        prefect_db = create_database(admin_url, "prefect_scale")
        asyncpg = make_url(prefect_db).set(drivername="postgresql+asyncpg")
        env = {
            **os.environ,
            **redis_settings(redis.url),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": asyncpg.render_as_string(hide_password=False),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_HOME": str(directory / "prefect-home"),
            "CASEWORK_DATABASE_URL": casework_db,
            "CASEWORK_DATA_DIR": str(directory / "data"),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
        env.pop("PREFECT_API_URL", None)
        return cls(directory, admin_url, casework_db, env, redis, prefect_db)

    # ------------------------------------------------------------------ starting parts
    def start(
        self,
        name: str,
        role: str,
        *args: str,
        env: dict[str, str] | None = None,
        prefix: tuple[str, ...] = (),
    ) -> Part:
        """``casework serve --role ROLE ARGS`` in a session of its own (after ``prefix``, e.g.
        ``ip netns exec NAME``); waits until it says it is ready (fails with its output
        otherwise)."""
        out = self.directory / f"{name}.out"
        handle = out.open("wb")
        process = subprocess.Popen(
            [*prefix, str(BIN / "casework"), "serve", "--role", role, "--ready-timeout", "150",
             *args],
            env={**self.env, **(env or {})}, stdout=handle, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=str(ROOT), start_new_session=True,
        )  # fmt: skip
        handle.close()
        part = Part(name, process, out)
        self.parts[name] = part

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"{name} ({role}) exited {process.returncode}: {part.text()}")
            return "kører (klar efter" in part.text()

        try:
            wait_until(ready, 180, f"{name} (--role {role})")
        except AssertionError:
            raise
        except Exception as exc:
            raise AssertionError(f"{name} did not come up: {exc}\n{part.text()}") from exc
        return part

    def start_api(self, name: str) -> str:
        port = free_port()
        self.start(name, "api", "--prefect-port", str(port))
        url = f"http://127.0.0.1:{port}/api"
        self.parts[name].url = url
        return url

    def restart_api(self, name: str) -> str:
        """Start the API server ``name`` again on its old port (as systemd would)."""
        port = self.parts[name].url.rsplit(":", 1)[1].split("/")[0]
        url = self.parts[name].url
        self.start(name, "api", "--prefect-port", port)
        self.parts[name].url = url
        return url

    def start_services(self) -> Part:
        return self.start("services", "services")

    def start_worker(self, name: str, api: str, prefix: tuple[str, ...] = ()) -> Part:
        part = self.start(name, "worker", env={"PREFECT_API_URL": api}, prefix=prefix)
        part.url = api
        return part

    # ------------------------------------------------------------------ faults
    def kill(self, name: str) -> None:
        """SIGKILL the part and every process below it (a lost machine)."""
        part = self.parts[name]
        for pid in [*descendants(part.process.pid), part.process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        part.process.wait(20)

    def flow_run_processes(self, name: str) -> list[int]:
        """The flow-run processes under the part (a worker's runs)."""
        found = []
        for pid in descendants(self.parts[name].process.pid):
            with contextlib.suppress(OSError):
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                if b"prefect.engine" in cmdline:
                    found.append(pid)
        return found

    # ------------------------------------------------------------------ the API
    def create_run(self, api: str, deployment: str, parameters: dict[str, Any]) -> str:
        """A flow run of ``deployment`` (``flow/name``) to start now; its id."""
        flow, name = deployment.split("/")
        found = httpx.get(f"{api}/deployments/name/{flow}/{name}", timeout=10)
        found.raise_for_status()
        reply = httpx.post(
            f"{api}/deployments/{found.json()['id']}/create_flow_run",
            json={"parameters": parameters, "state": {"type": "SCHEDULED"}},
            timeout=10,
        )
        reply.raise_for_status()
        return str(reply.json()["id"])

    def run_state(self, api: str, run_id: str) -> str:
        reply = httpx.get(f"{api}/flow_runs/{run_id}", timeout=10)
        reply.raise_for_status()
        return str(reply.json()["state"]["type"])

    def wait_run(self, api: str, run_id: str, timeout: float = 240) -> str:
        """Wait until the run is final; its state type (a hang guard, not a timing check)."""
        final = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

        def state() -> str:
            found = self.run_state(api, run_id)
            return found if found in final else ""

        return wait_until(state, timeout, f"flow run {run_id}")

    # ------------------------------------------------------------------ the end
    def stop(self) -> None:
        """SIGTERM every part still running (newest first), then Redis; drop the Prefect DB."""
        for part in reversed(list(self.parts.values())):
            if part.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(part.process.pid, signal.SIGTERM)
                try:
                    part.process.wait(40)
                except subprocess.TimeoutExpired:
                    self.kill(part.name)
        self.redis.stop()
        with contextlib.suppress(Exception):
            drop_database(self.admin_url, self.prefect_db)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
