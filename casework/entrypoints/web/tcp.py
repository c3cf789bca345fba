"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection, however it was accepted.

With ``--workers N`` uvicorn binds the listening socket itself and hands it to its worker
processes; that socket is made with ``proto`` 0, the accepted connections inherit it, and
asyncio turns ``TCP_NODELAY`` on only for sockets that say ``IPPROTO_TCP``
(uvicorn issue #3149, open). uvicorn writes a response's head and body in two sends, so on a
kept-alive connection the body waited for the client's delayed ACK: every request after a
connection's first took a constant ~44 ms instead of 2-4 ms (``bench/web.py --workers 2``, one
user; issue 21's closing note). A single worker was not affected (asyncio makes its listener from
``getaddrinfo``, which says TCP).

``casework serve`` and ``bench/web.py`` name :class:`NoDelayHTTPProtocol` as uvicorn's ``--http``
(``casework.entrypoints.serve.WEB_HTTP_PROTOCOL``); :func:`casework.entrypoints.web.server.run`
passes it itself.
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import suppress

from uvicorn.protocols.http.auto import AutoHTTPProtocol


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    """Send small writes at once on ``transport``'s TCP socket (a no-op for Unix sockets)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with suppress(OSError):  # the peer may already be gone
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's own HTTP protocol (httptools when installed, else h11), with TCP_NODELAY."""

    def connection_made(self, transport: asyncio.Transport) -> None:
        set_nodelay(transport)
        super().connection_made(transport)


__all__ = ["NoDelayHTTPProtocol", "set_nodelay"]
