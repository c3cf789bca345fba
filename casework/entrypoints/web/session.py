"""Sessions, sign-in and sign-out, CSRF protection and the single sign-on hook.

The session is a signed cookie (Starlette's ``SessionMiddleware`` over itsdangerous): HttpOnly,
SameSite=Lax, Secure when the app is told it runs behind HTTPS, and limited to a working day.
It holds only the person's id, the session generation it was issued under, the page language
and the CSRF token; nothing a person may not see ever goes into it. A signed cookie cannot be
taken back, so every request compares its generation with the account store's
(:func:`signed_in`): signing out, a new password and a lock-out bump the stored one, which
ends every session of that person, in every worker process.

Every form that POSTs carries the session's CSRF token, compared in constant time
(:func:`check_csrf`). Sign-in is rate-limited twice: per client address here (a burst of
guesses from one machine, counted in the database so the limit holds across worker
processes), and per account in the account store (``AccountStore.verify`` locks an account
after repeated failures, whoever guesses). The client address is the socket peer; a proxy's
``X-Forwarded-For`` counts only when the peer is one of the configured trusted proxies
(:func:`client_address`).

Single sign-on: a municipality that signs its staff in through OIDC puts its identity-aware
proxy in front of casework and installs a :class:`TrustedHeaderSignIn` (see docs/web.md); the
hook is any callable from a request to a person id, so a real OIDC callback can replace it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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


_CHECKED = "casework.signed_in"  # the scope key caching one request's checked person


def accounts_of(request: Request) -> Any:
    """The app's account store (kept as a lazy getter; a store given directly works too)."""
    store = request.app.state.accounts
    return store if hasattr(store, "session_generation") else store()


def signed_in(request: Request) -> str | None:
    """The signed-in person's id, or None.

    The session counts only while its generation is the person's current one in the account
    store (checked once per request): after sign-out elsewhere, a new password or a lock-out,
    the cookie is cleared here and the person is signed out.
    """
    if _CHECKED in request.scope:
        checked: str | None = request.scope[_CHECKED]
        return checked
    person = request.session.get("person")
    if not isinstance(person, str):
        person = None
    elif request.session.get("gen") != accounts_of(request).session_generation(person):
        _clear(request)
        person = None
    request.scope[_CHECKED] = person
    return person


def sign_in(request: Request, person: str) -> None:
    """Start a fresh session for ``person``: a new CSRF token, the language kept.

    Clearing the old session first means nothing from before sign-in (a planted token, say)
    carries over into the signed-in one.
    """
    generation = accounts_of(request).session_generation(person)
    _clear(request)
    request.session["person"] = person
    request.session["gen"] = generation
    request.session["since"] = int(time.time())
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.scope[_CHECKED] = person


def sign_out(request: Request) -> None:
    """End the session, and every other session of the same person (other browsers, copies
    of the cookie); the language choice stays, it is no secret."""
    person = signed_in(request)
    if person is not None:
        accounts_of(request).end_sessions(person)
    _clear(request)
    request.scope[_CHECKED] = None


def _clear(request: Request) -> None:
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang


# --------------------------------------------------------------------------- rate limiting
@dataclass
class LoginLimiter:
    """At most ``attempts`` failed sign-ins per client address within ``window`` seconds.

    Counted in the account store's database, so every web worker process sees the same count;
    the account store's lock-out is what protects one account from guesses spread over many
    addresses.
    """

    store: Callable[[], Any]
    attempts: int = 10
    window: float = 300.0

    def _window(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.window)

    def blocked(self, client: str) -> bool:
        """Whether ``client`` has used up its failed attempts for now."""
        return bool(self.store().address_failures(client, self._window()) >= self.attempts)

    def failed(self, client: str) -> None:
        """Count one failed attempt from ``client``."""
        self.store().address_failed(client, self._window())

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures after a successful sign-in."""
        self.store().address_succeeded(client)


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


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(text: str | Iterable[str] | None) -> tuple[Network, ...]:
    """The trusted proxies of a setting: addresses or networks, comma- or space-separated.

    Raises:
        ValueError: an entry is no address or network (the server refuses to start).
    """
    if text is None:
        return ()
    items = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: tuple[Network, ...]) -> bool:
    found = _address(text)
    return found is not None and any(found in network for network in proxies)


def client_address(request: Request) -> str:
    """The client's address for rate limiting.

    The socket peer, unless the peer is one of the app's trusted proxies
    (``CASEWORK_WEB_TRUSTED_PROXIES``; none by default): then the nearest address of
    ``X-Forwarded-For`` that is not itself a trusted proxy. Anyone else's header is ignored, so
    a client cannot give itself a fresh address per guess.
    """
    client = request.client
    peer = client.host if client is not None else "unknown"
    proxies: tuple[Network, ...] = getattr(request.app.state, "trusted_proxies", ())
    if not proxies or not _trusted(peer, proxies):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if _address(hop) is None:
            return peer  # a malformed chain: count it against the proxy itself
        if not _trusted(hop, proxies):
            return hop
    return peer
