"""Sessions, sign-in and sign-out, CSRF protection and the single sign-on hook.

The session is a signed cookie (Starlette's ``SessionMiddleware`` over itsdangerous): HttpOnly,
SameSite=Lax, Secure when the app is told it runs behind HTTPS, and limited to a working day.
It holds only the person's id, the page language and the CSRF token; nothing a person may not
see ever goes into it.

Every form that POSTs carries the session's CSRF token, compared in constant time
(:func:`check_csrf`). Sign-in is rate-limited twice: per client address here (a burst of
guesses from one machine), and per account in the account store (``AccountStore.verify``
locks an account after repeated failures, whoever guesses).

Single sign-on: a municipality that signs its staff in through OIDC puts its identity-aware
proxy in front of casework and installs a :class:`TrustedHeaderSignIn` (see docs/web.md); the
hook is any callable from a request to a person id, so a real OIDC callback can replace it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from fastapi import FastAPI, Request

    from casework.domain.organisation import Municipality

SESSION_COOKIE = "casework_session"
#: A session lasts a working day; after that the person signs in again.
SESSION_MAX_AGE = 10 * 60 * 60
CSRF_FIELD = "csrf_token"


def install_sessions(app: FastAPI, secret_key: str, *, secure: bool) -> None:
    """Add the signed session cookie to ``app``."""
    from starlette.middleware.sessions import SessionMiddleware

    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure,
    )


def csrf_token(request: Request) -> str:
    """The session's CSRF token, drawn on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: object) -> bool:
    """Whether ``submitted`` is this session's CSRF token (constant-time comparison)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


async def check_csrf(request: Request) -> None:
    """Refuse a POST whose form does not carry the session's CSRF token (403)."""
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise CsrfFailed()


class CsrfFailed(Exception):
    """A POST without the session's CSRF token; the app answers 403 with a Danish page."""


def signed_in(request: Request) -> str | None:
    """The signed-in person's id, or None."""
    person = request.session.get("person")
    return person if isinstance(person, str) else None


def sign_in(request: Request, person: str) -> None:
    """Start a fresh session for ``person``: a new CSRF token, the language kept.

    Clearing the old session first means nothing from before sign-in (a planted token, say)
    carries over into the signed-in one.
    """
    lang = request.session.get("lang")
    request.session.clear()
    request.session["person"] = person
    request.session["since"] = int(time.time())
    request.session["csrf"] = secrets.token_urlsafe(32)
    if lang:
        request.session["lang"] = lang


def sign_out(request: Request) -> None:
    """End the session (the language choice stays, it is no secret)."""
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang


# --------------------------------------------------------------------------- rate limiting
@dataclass
class LoginLimiter:
    """At most ``attempts`` failed sign-ins per client address within ``window`` seconds.

    In memory, per process: it slows a guesser down; the account store's lock-out is what
    protects one account from guesses spread over many addresses.
    """

    attempts: int = 10
    window: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, client: str) -> bool:
        """Whether ``client`` has used up its failed attempts for now."""
        with self._lock:
            recent = self._recent(client)
            return len(recent) >= self.attempts

    def failed(self, client: str) -> None:
        """Count one failed attempt from ``client``."""
        with self._lock:
            self._recent(client).append(self.clock())
            if len(self._failures) > 10_000:  # forget the quietest addresses first
                for key in [k for k, v in self._failures.items() if not v][:5_000]:
                    del self._failures[key]

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures after a successful sign-in."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        found = self._failures.setdefault(client, deque())
        cutoff = self.clock() - self.window
        while found and found[0] < cutoff:
            found.popleft()
        return found


# --------------------------------------------------------------------------- single sign-on
class SignInHook(Protocol):
    """Who a request is, as the municipality's single sign-on vouches: a person id or None."""

    def __call__(self, request: Request, municipality: Municipality) -> str | None: ...


@dataclass(frozen=True)
class TrustedHeaderSignIn:
    """Single sign-on through an identity-aware proxy that did the OIDC sign-in.

    The proxy (e.g. oauth2-proxy or Apache mod_auth_openidc) authenticates the person with the
    municipality's OIDC provider and passes one claim in ``header`` — by default the e-mail
    address. The claim maps to a person of municipality.yaml by id or by e-mail, or through
    ``claims`` (claim value → person id) where they differ.

    Only safe when casework is reachable through that proxy alone and the proxy removes the
    header from incoming requests: otherwise anyone can send it. Off unless installed.
    """

    header: str = "X-Forwarded-Email"
    claims: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, request: Request, municipality: Municipality) -> str | None:
        """The person the proxy vouches for, or None."""
        value = (request.headers.get(self.header) or "").strip()
        if not value:
            return None
        if value in self.claims:
            return self.claims[value]
        if value in municipality.people:
            return value
        wanted = value.casefold()
        for person_id, person in municipality.people.items():
            email = getattr(person, "email", None)
            if isinstance(email, str) and email.casefold() == wanted:
                return person_id
        return None


def client_address(request: Request) -> str:
    """The client's address for rate limiting (the socket peer; proxies are not trusted)."""
    client = request.client
    return client.host if client is not None else "unknown"
