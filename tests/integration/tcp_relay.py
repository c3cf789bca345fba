"""A TCP relay for the network-namespace fault test (run as a script, not collected).

Usage:
    tcp_relay.py LISTEN_HOST TARGET_HOST PORT [PORT ...]

Listens on LISTEN_HOST:PORT for every PORT and copies each connection both ways to
TARGET_HOST:PORT. ``test_scale_netns.py`` runs one inside the namespace (its loopback to the
host end of the veth pair) and one on the host (the veth address to the host's loopback), so a
worker in the namespace reaches PostgreSQL, the Prefect API server and the SMTP server at the
same ``127.0.0.1`` addresses as everybody else, and only through the veth link. Prints "ready"
once listening.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def _serve(listen: str, target: str, port: int) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(target, port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    return await asyncio.start_server(handle, listen, port)


async def main(listen: str, target: str, ports: list[int]) -> None:
    servers = [await _serve(listen, target, port) for port in ports]
    print("ready", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]))
