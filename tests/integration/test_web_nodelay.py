"""The web app's connections send at once, also behind several uvicorn workers (issue 21's note).

uvicorn's supervisor for ``--workers N`` binds the listening socket itself, with ``proto`` 0,
and each worker serves on it (``Server.run(sockets=…)``); asyncio then leaves Nagle's algorithm
on for every accepted connection, and a kept-alive request waited ~44 ms for the client's
delayed ACK. Here a real uvicorn server serves on such a socket, as a worker does, and the test
reads TCP_NODELAY off the connection the server accepted.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from uvicorn.importer import import_from_string

from casework.entrypoints.serve import WEB_HTTP_PROTOCOL, ServeOptions, Supervisor
from casework.entrypoints.web.tcp import NoDelayHTTPProtocol


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _listener_as_uvicorn_binds_it() -> socket.socket:
    # What uvicorn.Config.bind_socket makes for the multiprocess supervisor: proto left at 0.
    sock = socket.socket(family=socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    assert sock.proto == 0
    return sock


@contextmanager
def _worker(protocol: str) -> Iterator[tuple[uvicorn.Server, int]]:
    """A uvicorn server in a thread, serving on a pre-bound socket as a worker process does."""
    sock = _listener_as_uvicorn_binds_it()
    config = uvicorn.Config(_app, http=protocol, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise AssertionError("uvicorn did not start")
            time.sleep(0.02)
        yield server, sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _accepted_nodelay(protocol: str) -> int:
    """TCP_NODELAY of the connection the server accepted for one kept-alive request."""
    with _worker(protocol) as (server, port):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            client.request("GET", "/")
            response = client.getresponse()
            assert response.read() == b"ok"
            (connection,) = server.server_state.connections  # still open: kept alive
            sock = connection.transport.get_extra_info("socket")
            return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        finally:
            client.close()


def test_uvicorns_own_protocol_leaves_nagle_on_behind_a_prebound_socket() -> None:
    # The defect this module works around; if uvicorn fixes it, this fails and
    # casework/entrypoints/web/tcp.py can go.
    assert _accepted_nodelay("auto") == 0


def test_the_web_apps_protocol_sets_tcp_nodelay_behind_a_prebound_socket() -> None:
    assert _accepted_nodelay(WEB_HTTP_PROTOCOL) == 1


@pytest.mark.parametrize("workers", [1, 3])
def test_casework_serve_runs_the_web_app_with_that_protocol(tmp_path: Path, workers: int) -> None:
    argv = Supervisor(ServeOptions(data_dir=tmp_path, web_workers=workers), lambda _l: None)
    args = argv.web_argv()
    assert args[args.index("--http") + 1] == WEB_HTTP_PROTOCOL
    assert import_from_string(WEB_HTTP_PROTOCOL) is NoDelayHTTPProtocol
