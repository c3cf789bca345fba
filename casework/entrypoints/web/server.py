"""Run the web app with uvicorn (``casework serve`` calls :func:`run`).

Deployment settings beyond :class:`~casework.settings.Settings` come from the environment,
read here at the edge:

- ``CASEWORK_WEB_SECRET``: the key that signs session cookies. Set it in production, so
  sessions survive a restart; without it a random key is drawn at start.
- ``CASEWORK_WEB_SECURE_COOKIES=1``: mark the session cookie Secure (serve behind HTTPS).
- ``CASEWORK_WEB_TRUSTED_HEADER``: turn on single sign-on through an identity-aware proxy that
  passes the signed-in person's e-mail (or person id) in this header (docs/web.md).
- ``CASEWORK_WEB_TRUSTED_PROXIES``: the reverse proxies (addresses or networks, comma-separated)
  whose ``X-Forwarded-For`` names the client for the per-address sign-in limit; none by default,
  so the header is ignored. Run uvicorn with ``--no-proxy-headers`` (``casework serve`` does):
  uvicorn's own proxy handling would otherwise believe the header from 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from casework.settings import Settings


def app_from_env(settings: Settings | None = None, env: Mapping[str, str] | None = None) -> FastAPI:
    """The web app for ``settings``, with the deployment settings of ``env``.

    Without arguments it reads both from the environment, so uvicorn can build the app in its
    own process: ``uvicorn --factory casework.entrypoints.web.server:app_from_env``.
    """
    from casework.entrypoints.web.app import create_app
    from casework.entrypoints.web.session import TrustedHeaderSignIn
    from casework.settings import Settings

    env = os.environ if env is None else env
    settings = settings or Settings.from_env(env)
    header = (env.get("CASEWORK_WEB_TRUSTED_HEADER") or "").strip()
    return create_app(
        settings,
        secret_key=env.get("CASEWORK_WEB_SECRET") or None,
        secure_cookies=env.get("CASEWORK_WEB_SECURE_COOKIES", "") in {"1", "true", "yes"},
        sign_in_hook=TrustedHeaderSignIn(header=header) if header else None,
        trusted_proxies=env.get("CASEWORK_WEB_TRUSTED_PROXIES") or None,
        warm=True,  # each worker process builds its open-case snapshot at start
    )


def run(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web app on ``host:port`` until interrupted."""
    import uvicorn

    from casework.entrypoints.web.tcp import NoDelayHTTPProtocol

    uvicorn.run(
        app_from_env(settings),
        host=host,
        port=port,
        http=NoDelayHTTPProtocol,  # as `casework serve` runs it (web/tcp.py)
        log_level="info",
        proxy_headers=False,  # the client address (rate limiting) is the socket's own
        server_header=False,
    )
