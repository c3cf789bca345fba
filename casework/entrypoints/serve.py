"""``casework serve``: what a municipality runs on one machine, started and stopped as one.

Three child processes, each in its own session so that Ctrl-C reaches only this supervisor,
which then stops them in order (runner, web app, server) and exits without a traceback:

1. a local Prefect server (``prefect server start``) with its SQLite database under casework's
   data directory and analytics off — skipped when ``PREFECT_API_URL`` names an existing server;
2. the runner serving casework's deployments (``python -m casework.flows.deployments``),
   schedules not paused on shutdown;
3. the web app (uvicorn), when it is installed.

Their output goes to log files under ``<data dir>/logs``; the console shows one line per
milestone and the addresses. Ready means: the API answers, all deployments are registered, and
the web app answers its health check.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casework.app.files import private_dir
from casework.domain.errors import CaseworkError
from casework.domain.messages import register

register(
    {
        "serve.starting_server": (
            "Starter Prefect-serveren på {url} …",
            "Starting the Prefect server at {url} …",
        ),
        "serve.using_server": (
            "Bruger Prefect-serveren på {url}.",
            "Using the Prefect server at {url}.",
        ),
        "serve.starting_runner": (
            "Starter kørslerne (deployments) …",
            "Starting the runner (deployments) …",
        ),
        "serve.starting_web": (
            "Starter webappen på {url} …",
            "Starting the web app at {url} …",
        ),
        "serve.ready": (
            "casework kører (klar efter {seconds} s).",
            "casework is running (ready after {seconds} s).",
        ),
        "serve.ui": ("  Prefect UI:  {url}", "  Prefect UI:  {url}"),
        "serve.prefect_open": (
            "Advarsel: Prefect-serveren lytter på {host} uden login; alle, der når porten "
            "{port}, kan læse sagstavlen og starte kørsler. Sæt den bag en proxy med login "
            "(docs/orchestration.md).",
            "Warning: the Prefect server listens on {host} without sign-in; anyone who reaches "
            "port {port} can read the case board and start runs. Put it behind a proxy with "
            "sign-in (docs/orchestration.md).",
        ),
        "serve.web": ("  casework:    {url}", "  casework:    {url}"),
        "serve.logs": ("  Logfiler:    {path}", "  Log files:   {path}"),
        "serve.stop_hint": ("Stop med Ctrl-C.", "Stop with Ctrl-C."),
        "serve.stopping": ("Stopper casework …", "Stopping casework …"),
        "serve.stopped": ("casework er stoppet.", "casework has stopped."),
        "serve.failed": (
            "casework serve: {what} (se {log})",
            "casework serve: {what} (see {log})",
        ),
        "serve.port_in_use": (
            "Porten {port} på {host} er optaget; vælg en anden med {option}",
            "Port {port} on {host} is taken; choose another with {option}",
        ),
        "serve.kick_off_failed": (
            "Bemærk: {name} kunne ikke startes nu; den kører ved næste planlagte tidspunkt.",
            "Note: {name} could not be started now; it runs at its next scheduled time.",
        ),
        "serve.role_ready": (
            "casework ({role}) kører (klar efter {seconds} s).",
            "casework ({role}) is running (ready after {seconds} s).",
        ),
        "serve.api": ("  Prefect API: {url}", "  Prefect API: {url}"),
        "serve.starting_services": (
            "Starter Prefects baggrundstjenester (planlægning, sene kørsler, automatiseringer) …",
            "Starting Prefect's background services (scheduler, late runs, automations) …",
        ),
        "serve.starting_worker": (
            "Registrerer kørslerne i arbejdspuljen {pool} og starter en arbejder …",
            "Registering the deployments on the work pool {pool} and starting a worker …",
        ),
        "serve.worker": (
            "  Arbejder:    {name} (pulje {pool})",
            "  Worker:      {name} (pool {pool})",
        ),
        "serve.secret_required": (
            "Webappen i flere processer eller på flere maskiner kræver en fælles nøgle til "
            "sessionerne: sæt CASEWORK_WEB_SECRET (samme værdi overalt, mindst 32 tegn).",
            "The web app in several processes or on several machines needs one shared session "
            "key: set CASEWORK_WEB_SECRET (the same value everywhere, at least 32 characters).",
        ),
        "serve.api_url_required": (
            "--role {role} kræver PREFECT_API_URL (adressen på en Prefect API-server, "
            "fx http://10.0.0.5:4200/api).",
            "--role {role} needs PREFECT_API_URL (the address of a Prefect API server, "
            "e.g. http://10.0.0.5:4200/api).",
        ),
        "serve.child_died": (
            "{name} stoppede uventet (kode {code}); se {log}",
            "{name} stopped unexpectedly (code {code}); see {log}",
        ),
    }
)


class ServeFailed(CaseworkError):
    """A part of ``casework serve`` did not come up."""

    code = "CW540"
    key = "serve.failed"


class PortInUse(CaseworkError):
    """The port asked for is taken."""

    code = "CW541"
    key = "serve.port_in_use"


class SecretRequired(CaseworkError):
    """Several web processes without one shared session key: each would sign its own cookies,
    and a person would be signed out whenever a request reached another process."""

    code = "CW550"
    key = "serve.secret_required"


class ApiUrlRequired(CaseworkError):
    """A worker (or a web app of a scaled-out installation) started without a Prefect API."""

    code = "CW551"
    key = "serve.api_url_required"


#: What ``casework serve --role`` can start. ``all`` is the one-machine default: a local Prefect
#: server with its services, the runner serving the deployments, and the web app.
ROLES = ("all", "api", "services", "worker", "web")
#: uvicorn's ``--http`` for the web app: its own protocol with TCP_NODELAY (``web/tcp.py``).
WEB_HTTP_PROTOCOL = "casework.entrypoints.web.tcp:NoDelayHTTPProtocol"
#: The shortest session key accepted in multi-process mode.
MIN_SECRET = 32


#: Prefect's settings for a municipal machine (shared/docs/prefect.md, section 5).
PRIVATE = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DO_NOT_TRACK": "1",
}


@dataclass
class ServeOptions:
    """Where things listen and live."""

    data_dir: Path
    host: str = "127.0.0.1"  # the web app's address
    port: int = 8000
    #: The local Prefect server's address: the loopback address whatever ``host`` is, because
    #: its UI and API have no sign-in of their own (issue 16); ``--prefect-host`` opens it.
    prefect_host: str = "127.0.0.1"
    prefect_port: int = 4200
    api_url: str | None = None  # an existing Prefect server's API
    web: bool = True
    ready_timeout: float = 90.0
    lang: str = "da"
    extra_env: Mapping[str, str] = field(default_factory=dict)
    #: One of :data:`ROLES`; see :meth:`Supervisor.start`.
    role: str = "all"
    #: uvicorn worker processes behind the one web port (more than one needs a shared secret).
    web_workers: int = 1
    #: The process work pool the ``worker`` role registers the deployments on and serves.
    pool: str = "casework"
    #: The worker's name in the pool (default: host name and process id).
    worker_name: str | None = None


@dataclass
class _Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    handle: IO[bytes]


class Supervisor:
    """Starts the children, waits until they are ready, and stops them in order."""

    def __init__(self, options: ServeOptions, say: Callable[[str], None]) -> None:
        self.options = options
        self.say = say
        self.children: list[_Child] = []
        self.logs = options.data_dir / "logs"
        self.stop_requested = False
        own = options.api_url is None and options.role in {"all", "api"}
        self.api_url = (
            f"http://{_reach(options.prefect_host)}:{options.prefect_port}/api"
            if own
            else str(options.api_url).rstrip("/")
        )
        self.own_server = own
        self.started = time.monotonic()

    # ------------------------------------------------------------------ environment
    def env(self) -> dict[str, str]:
        """The environment of every child (and of this process's Prefect client)."""
        env = dict(os.environ)
        env.update(PRIVATE)
        if self.own_server or self.options.api_url:
            env["PREFECT_API_URL"] = self.api_url
        env["CASEWORK_DATA_DIR"] = str(self.options.data_dir)
        env.setdefault("CASEWORK_BASE_URL", f"http://{self.options.host}:{self.options.port}")
        if not env.get("CASEWORK_WEB_SECRET"):
            env["CASEWORK_WEB_SECRET"] = _web_secret(self.options.data_dir)
        if self.own_server:
            env["PREFECT_HOME"] = str(self.options.data_dir / "prefect")
            # The UI must be told where the API is whenever it is not on port 4200.
            env["PREFECT_UI_API_URL"] = self.api_url
            env["PREFECT_SERVER_API_HOST"] = self.options.prefect_host
            env["PREFECT_SERVER_API_PORT"] = str(self.options.prefect_port)
        env.update(self.options.extra_env)
        return env

    @property
    def ui_url(self) -> str:
        """The v2 UI, which draws Mermaid routes (the v1 UI at ``/`` shows them as code)."""
        return self.api_url.removesuffix("/api") + "/v2/"

    @property
    def web_url(self) -> str:
        """The web app's address."""
        return f"http://{self.options.host}:{self.options.port}/"

    def server_argv(self) -> list[str]:
        """``prefect server start`` on the Prefect host and port (loopback unless asked)."""
        return [_prefect(), "server", "start", "--host", self.options.prefect_host,
                "--port", str(self.options.prefect_port)]  # fmt: skip

    def web_argv(self) -> list[str]:
        """uvicorn serving the web app on the web host and port.

        ``--no-proxy-headers``: uvicorn would otherwise take ``X-Forwarded-For`` from any
        client on 127.0.0.1 as the client's address, and a guesser could give itself a fresh
        address per sign-in attempt; the app reads the header only from the proxies of
        ``CASEWORK_WEB_TRUSTED_PROXIES``.

        ``--http``: uvicorn's protocol with TCP_NODELAY on every connection (``web/tcp.py``):
        with several workers uvicorn's own left Nagle's algorithm on, and every kept-alive
        request waited ~44 ms for the browser's delayed ACK.
        """
        workers = self.options.web_workers
        return [sys.executable, "-m", "uvicorn", "--factory",
                "casework.entrypoints.web.server:app_from_env",
                "--host", self.options.host, "--port", str(self.options.port),
                *(["--workers", str(workers)] if workers > 1 else []),
                "--http", WEB_HTTP_PROTOCOL,
                "--no-proxy-headers", "--log-level", "warning"]  # fmt: skip

    def api_argv(self) -> list[str]:
        """One API server of a scaled-out installation: ``prefect server start --no-services``
        (the background services run once, elsewhere: :meth:`services_argv`)."""
        return [*self.server_argv(), "--no-services"]

    def services_argv(self) -> list[str]:
        """Prefect's background services (scheduler, late runs, automations …) in one process."""
        return [_prefect(), "server", "services", "start"]

    def worker_argv(self) -> list[str]:
        """A process worker of the pool: it runs each flow run in a subprocess of its own."""
        return [_prefect(), "worker", "start", "--pool", self.options.pool, "--type", "process",
                "--name", self.worker_name]  # fmt: skip

    @property
    def worker_name(self) -> str:
        """This worker's name in the pool."""
        import socket

        return self.options.worker_name or f"casework-{socket.gethostname()}-{os.getpid()}"

    def warn_if_open(self) -> None:
        """Say so when the own Prefect server listens beyond this machine (no sign-in there)."""
        host = self.options.prefect_host
        if not self.own_server or host.startswith("127.") or host in {"localhost", "::1"}:
            return
        port = self.options.prefect_port
        self.say(_t("serve.prefect_open", self.options.lang, host=host, port=port))

    # ------------------------------------------------------------------ lifecycle
    def check(self) -> None:
        """Refuse what cannot work before anything starts (CW550, CW551)."""
        role, options = self.options.role, self.options
        several = options.web_workers > 1 or role == "web"
        if several and options.web and len(os.environ.get("CASEWORK_WEB_SECRET", "")) < MIN_SECRET:
            raise SecretRequired()
        if role == "worker" and not options.api_url:
            raise ApiUrlRequired(role=role)

    def start(self) -> None:
        """Start this machine's part and wait until it is ready; raises :class:`ServeFailed`.

        ``all`` is one machine's worth (below). The other roles are one part each of a
        scaled-out installation (docs/deployment.md): ``api`` a Prefect API server without
        services, ``services`` Prefect's background services, ``worker`` a process worker
        serving casework's deployments from the work pool, ``web`` the web app.
        """
        self.check()
        private_dir(self.logs)  # the data directory and what it holds: owner only
        if self.options.role != "all":
            self._start_role(self.options.role)
            return
        env = self.env()
        os.environ.update({k: env[k] for k in ("PREFECT_API_URL", *PRIVATE)})
        if self.options.web and _web_available():
            _check_port(self.options.host, self.options.port, "--port")
        if self.own_server:
            _check_port(self.options.prefect_host, self.options.prefect_port, "--prefect-port")
            self.say(_t("serve.starting_server", self.options.lang, url=self.ui_url))
            self.warn_if_open()
            private_dir(self.options.data_dir / "prefect")
            self._spawn("Prefect-serveren", "prefect-server.log", self.server_argv(), env)
        else:
            self.say(_t("serve.using_server", self.options.lang, url=self.api_url))
        if self.options.web and _web_available():
            self.say(_t("serve.starting_web", self.options.lang, url=self.web_url))
            self._spawn("Webappen", "web.log", self.web_argv(), env)
        self._wait(self._api_healthy, "Prefect-serveren svarer ikke", "prefect-server.log")
        self.say(_t("serve.starting_runner", self.options.lang))
        self._spawn(
            "Kørslerne", "runner.log", [sys.executable, "-m", "casework.flows.deployments"], env
        )
        self._wait(self._deployments_ready, "kørslerne blev ikke registreret", "runner.log")
        if self.options.web and _web_available():
            self._wait(self._web_healthy, "webappen svarer ikke", "web.log")
        self._kick_off()

    def _start_role(self, role: str) -> None:
        env = self.env()
        os.environ.update({k: env[k] for k in ("PREFECT_API_URL", *PRIVATE) if k in env})
        lang = self.options.lang
        if role == "api":
            _check_port(self.options.prefect_host, self.options.prefect_port, "--prefect-port")
            self.say(_t("serve.starting_server", lang, url=self.api_url))
            self.warn_if_open()
            private_dir(self.options.data_dir / "prefect")
            log = f"prefect-api-{self.options.prefect_port}.log"
            self._spawn("Prefect-API-serveren", log, self.api_argv(), env)
            self._wait(self._api_healthy, "Prefect-API-serveren svarer ikke", log)
        elif role == "services":
            self.say(_t("serve.starting_services", lang))
            self._spawn("Prefect-tjenesterne", "prefect-services.log", self.services_argv(), env)
            self._wait(
                self._services_up, "Prefect-tjenesterne startede ikke", "prefect-services.log"
            )
        elif role == "worker":
            self.say(_t("serve.starting_worker", lang, pool=self.options.pool))
            # Nothing of this worker runs yet, so there is no log to point at: the address is.
            self._wait(self._api_healthy, "Prefect-API-serveren svarer ikke", "",
                       look_at=f"PREFECT_API_URL={self.api_url}")  # fmt: skip
            self._register(env)
            log = f"worker-{self.worker_name}.log"
            self._spawn("Arbejderen", log, self.worker_argv(), env)
            self._wait(self._worker_online, "arbejderen meldte sig ikke i puljen", log)
        elif role == "web":
            _check_port(self.options.host, self.options.port, "--port")
            self.say(_t("serve.starting_web", lang, url=self.web_url))
            self._spawn("Webappen", "web.log", self.web_argv(), env)
            self._wait(self._web_healthy, "webappen svarer ikke", "web.log")

    def _register(self, env: dict[str, str]) -> None:
        """Register the deployments on the pool (one short process; every worker does it)."""
        log = self.logs / "register.log"
        argv = [
            sys.executable,
            "-m",
            "casework.flows.deployments",
            "--work-pool",
            self.options.pool,
        ]
        with log.open("ab") as handle:
            try:
                done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=handle,
                                      stderr=subprocess.STDOUT, env=env,
                                      timeout=self.options.ready_timeout, check=False)  # fmt: skip
            except subprocess.TimeoutExpired:
                raise ServeFailed(what="kørslerne blev ikke registreret", log=str(log)) from None
        if done.returncode != 0:
            raise ServeFailed(what="kørslerne blev ikke registreret", log=str(log))

    def _services_up(self) -> bool:
        # The services process has no port; it is up once it has run a few seconds and logged
        # its start (a bad database URL or Redis address ends it within that time).
        child = self.children[-1]
        return time.monotonic() - self.started > 5 and child.process.poll() is None

    def _worker_online(self) -> bool:
        import httpx

        reply = httpx.post(
            f"{self.api_url}/work_pools/{self.options.pool}/workers/filter",
            json={"limit": 200}, headers=_auth(), timeout=5,
        )  # fmt: skip
        reply.raise_for_status()
        return any(w.get("name") == self.worker_name for w in reply.json())

    def _spawn(self, name: str, log_name: str, argv: list[str], env: dict[str, str]) -> None:
        log = self.logs / log_name
        handle = log.open("ab")
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(Path.cwd()),
            start_new_session=True,  # Ctrl-C goes to the supervisor, which stops us in order
        )
        self.children.append(_Child(name, process, log, handle))

    def _wait(self, ready: Callable[[], bool], what: str, log_name: str, look_at: str = "") -> None:
        """Poll ``ready`` until true; :class:`ServeFailed` naming the log (or ``look_at``) when
        a child dies or the ready timeout passes."""
        deadline = time.monotonic() + self.options.ready_timeout
        while time.monotonic() < deadline:
            if self.stop_requested:
                raise KeyboardInterrupt
            dead = self.dead_child()
            if dead is not None:
                raise ServeFailed(what=f"{dead.name} stoppede (kode {dead.process.returncode})",
                                  log=str(dead.log))  # fmt: skip
            with contextlib.suppress(Exception):
                if ready():
                    return
            time.sleep(0.25)
        raise ServeFailed(what=what, log=look_at or str(self.logs / log_name))

    def _api_healthy(self) -> bool:
        import httpx

        return httpx.get(f"{self.api_url}/health", headers=_auth(), timeout=2).status_code == 200

    def _web_healthy(self) -> bool:
        import httpx

        return httpx.get(f"{self.web_url}healthz", timeout=2).status_code == 200

    def _deployments_ready(self) -> bool:
        import httpx

        from casework.flows.deployments import DEPLOYMENT_NAMES

        auth = _auth()
        reply = httpx.post(
            f"{self.api_url}/deployments/filter", json={"limit": 200}, headers=auth, timeout=5
        )
        reply.raise_for_status()
        names = {(d["name"], d.get("flow_id")) for d in reply.json()}
        flows = httpx.post(
            f"{self.api_url}/flows/filter", json={"limit": 200}, headers=auth, timeout=5
        ).json()
        flow_names = {f["id"]: f["name"] for f in flows}
        found = {f"{flow_names.get(flow_id)}/{name}" for name, flow_id in names}
        return set(DEPLOYMENT_NAMES) <= found

    def _kick_off(self) -> None:
        """Run the scheduler of one-off runs and the board once now, so nothing waits for the
        first schedule (the board artifact is there when a coordinator first looks).

        A busy SQLite server answers 503 ("database is locked"); the request is retried, and
        if it still fails the schedules do the same work a few minutes later.
        """
        import httpx

        for name in ("schedule-runs/casework", "coordinator-board/casework"):
            flow, deployment = name.split("/")
            for attempt in range(8):
                try:
                    reply = httpx.get(
                        f"{self.api_url}/deployments/name/{flow}/{deployment}",
                        headers=_auth(),
                        timeout=10,
                    )
                    reply.raise_for_status()
                    httpx.post(
                        f"{self.api_url}/deployments/{reply.json()['id']}/create_flow_run",
                        json={"state": {"type": "SCHEDULED"}},
                        headers=_auth(),
                        timeout=10,
                    ).raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(min(0.5 * 2**attempt, 4.0))
            else:
                self.say(_t("serve.kick_off_failed", self.options.lang, name=name))

    def dead_child(self) -> _Child | None:
        """The first child that has exited, if any."""
        for child in self.children:
            if child.process.poll() is not None:
                return child
        return None

    def stop(self) -> None:
        """Stop the children one by one, newest first: the runner while the server still
        answers (so it finishes cleanly), then the web app, then the server."""
        for child in reversed(self.children):
            if child.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGTERM)
                try:
                    child.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child.process.pid, signal.SIGKILL)
                    child.process.wait(timeout=5)
            child.handle.close()


def serve(options: ServeOptions, say: Callable[[str], None]) -> int:
    """Run until SIGINT or SIGTERM; 0 on a clean stop, 1 when a part failed."""
    supervisor = Supervisor(options, say)
    supervisor.check()  # refused before anything starts, without "Stopper casework …"
    lang = options.lang

    def request_stop(_signum: int, _frame: Any) -> None:
        supervisor.stop_requested = True

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    code = 0
    try:
        supervisor.start()
        seconds = time.monotonic() - supervisor.started
        shown = f"{seconds:.1f}"  # a decimal comma in Danish: "klar efter 1,4 s"
        shown = shown if lang == "en" else shown.replace(".", ",")
        if options.role == "all":
            say(_t("serve.ready", lang, seconds=shown))
            say(_t("serve.ui", lang, url=supervisor.ui_url))
            if options.web and _web_available():
                say(_t("serve.web", lang, url=supervisor.web_url))
        else:
            say(_t("serve.role_ready", lang, role=options.role, seconds=shown))
            if options.role == "api":
                say(_t("serve.api", lang, url=supervisor.api_url))
                say(_t("serve.ui", lang, url=supervisor.ui_url))
            elif options.role == "worker":
                say(_t("serve.worker", lang, name=supervisor.worker_name, pool=options.pool))
            elif options.role == "web":
                say(_t("serve.web", lang, url=supervisor.web_url))
        say(_t("serve.logs", lang, path=str(supervisor.logs)))
        say(_t("serve.stop_hint", lang))
        while not supervisor.stop_requested:
            dead = supervisor.dead_child()
            if dead is not None:
                say(_t("serve.child_died", lang, name=dead.name, code=dead.process.returncode,
                       log=str(dead.log)))  # fmt: skip
                code = 1
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        say(_t("serve.stopping", lang))
        supervisor.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say(_t("serve.stopped", lang))
    return code


def _t(key: str, lang: str, **values: Any) -> str:
    from casework.domain.messages import render

    return render(key, lang, **values)


def _prefect() -> str:
    # The prefect script beside our interpreter: the locked version, never another on PATH.
    return str(Path(sys.executable).with_name("prefect"))


def _web_secret(data_dir: Path) -> str:
    """The key that signs the web app's session cookies, kept in the data directory (mode 0600)
    so that sessions survive a restart; ``CASEWORK_WEB_SECRET`` overrides it."""
    import secrets

    path = data_dir / "web-secret"
    if not path.exists():
        private_dir(data_dir)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _web_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("casework.entrypoints.web.server") is not None


def _auth() -> dict[str, str]:
    """The header Prefect's own client sends when the server has basic authentication
    (``PREFECT_API_AUTH_STRING``, ``user:password``; docs/orchestration.md)."""
    import base64

    auth_string = os.environ.get("PREFECT_API_AUTH_STRING")
    if not auth_string:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(auth_string.encode()).decode()}


def _reach(host: str) -> str:
    """The address a client on this machine uses for a server listening on ``host``."""
    return "127.0.0.1" if host in {"0.0.0.0", "", "::"} else host


def _check_port(host: str, port: int, option: str) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise PortInUse(host=host, port=port, option=option) from None
