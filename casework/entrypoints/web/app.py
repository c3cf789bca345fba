"""The FastAPI application: services, sessions, pages and the JSON API wired together.

Errors never show a traceback: a :class:`CaseworkError` renders its one-line message on a
Danish (or English) error page with a fitting status, anything else is logged and answered
with a plain error page (500). Under ``/api/`` the same errors answer as JSON
``{"error": {"code": …, "message": …}}``.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from casework.app.open_cases import CaseSnapshot
from casework.domain.access import AccessDenied, NotSignedIn
from casework.domain.errors import (
    CaseworkError,
    ConcurrentUpdate,
    InvalidInput,
    NotFound,
    OutsideCentre,
    RoleNotPermitted,
)
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages import SignInRequired, lang_of, render
from casework.entrypoints.web.session import (
    CsrfFailed,
    LoginLimiter,
    SignInHook,
    install_sessions,
)
from casework.entrypoints.web.session import trusted_proxies as parse_trusted_proxies

if TYPE_CHECKING:
    from casework.app import App
    from casework.settings import Settings

log = logging.getLogger("casework.web")

STATIC_DIR = Path(__file__).parent / "static"

#: Headers on every answer: no framing, no sniffing, no referrer leaks to other sites.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
#: Pages load only their own CSS, script and images (the route SVG is inline).
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def create_app(
    settings: Settings | None = None,
    *,
    services: App | None = None,
    secret_key: str | None = None,
    secure_cookies: bool = False,
    accounts: Any = None,  # an AccountStore (a port of the services, built by App.accounts)
    sign_in_hook: SignInHook | None = None,
    trusted_proxies: str | Iterable[str] | None = None,
    warm: bool = False,
) -> FastAPI:
    """The web app bound to one set of services (built from ``settings`` when not given).

    ``secret_key`` signs the session cookies; without one a random key is drawn, so sessions
    do not survive a restart (and do not work across several worker processes).
    ``secure_cookies`` marks the cookie Secure (serve behind HTTPS). ``accounts`` is the
    password store (built from the settings on first sign-in when not given);
    ``sign_in_hook`` turns on single sign-on at ``/login/sso`` (docs/web.md).
    ``trusted_proxies`` (addresses or networks) are the reverse proxies whose
    ``X-Forwarded-For`` names the client for the sign-in limit; by default none is trusted.
    ``warm`` builds the snapshot of the open cases when the app starts (:func:`_warm_up`).
    """
    if services is None:
        from casework.app import open_app

        services = open_app(settings)
    app = FastAPI(
        title="casework", docs_url=None, redoc_url=None, lifespan=_warm_up if warm else None
    )
    app.state.services = services
    app.state.settings = settings or services.settings
    app.state.secure_cookies = secure_cookies
    app.state.accounts = _accounts(accounts, services)
    app.state.login_limiter = LoginLimiter(app.state.accounts)
    app.state.trusted_proxies = parse_trusted_proxies(trusted_proxies)
    app.state.sign_in_hook = sign_in_hook
    app.state.journeys = {}
    app.state.case_views = {}
    app.state.snapshot = CaseSnapshot(services)

    install_sessions(app, secret_key or secrets.token_urlsafe(32), secure=secure_cookies)
    _install_errors(app)

    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    from casework.entrypoints.web.api import router as api_router
    from casework.entrypoints.web.oparl import router as oparl_router
    from casework.entrypoints.web.pages import router as pages_router
    from casework.entrypoints.web.training import router as training_router

    app.include_router(pages_router)
    app.include_router(api_router)

    app.include_router(oparl_router)  # the OParl 1.1 export, read-only and public
    app.include_router(training_router)  # den virtuelle byrådssal, made of the configuration
    return app


@contextlib.asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Build the open-case snapshot in the background as soon as the worker process starts.

    Each web worker keeps its own snapshot, built on first use. Behind several workers the
    first board request a worker got could come under full load: at 100,000 open cases and
    200 users its request threads all waited for the build (one of the causes of the boards'
    stalls with two workers, docs/performance.md, issue 21). The build starts at once here, in a
    thread, so the worker answers /healthz and its first requests meanwhile (those that need
    the snapshot wait for this build, as before, instead of starting one).
    """

    def build() -> None:
        try:
            app.state.snapshot.get()
        except Exception as exc:  # the first request builds it again and shows what went wrong
            log.warning("casework: the open cases could not be read at start: %s", exc)

    threading.Thread(target=build, name="casework-warm-up", daemon=True).start()
    yield


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every answer, and the page policy to HTML pages.

    Plain ASGI rather than ``@app.middleware("http")``: that wrapper costs about a millisecond
    a request, which the case page and the board (p95 <= 100 ms under load) cannot spare.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", PAGE_CSP)
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def _accounts(given: Any, services: App) -> Callable[[], Any]:
    """The account store: the one given, else the application service's, which builds it on
    first use (tests and pages that never sign in skip it)."""
    if given is not None:
        return lambda: given
    return lambda: services.accounts


def _status(exc: CaseworkError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, NotSignedIn):
        return 401
    if isinstance(exc, (AccessDenied, RoleNotPermitted, OutsideCentre)):
        return 403
    if isinstance(exc, ConcurrentUpdate):
        return 409
    return 400


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _json_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _install_errors(app: FastAPI) -> None:
    """Danish error pages (JSON under /api/), never a traceback."""

    async def sign_in_required(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    async def casework_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CaseworkError)
        lang = lang_of(request)
        status = _status(exc)
        if _api(request):
            return _json_error(status, exc.code, exc.message("da"))
        if isinstance(exc, NotSignedIn):
            return await sign_in_required(request, exc)
        return render(request, "error.html", status, message=exc.message(lang))

    async def csrf_failed(request: Request, exc: Exception) -> Response:
        return render(
            request, "error.html", 403, message=i18n.translate(lang_of(request), "web.csrf")
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _api(request):
            return _json_error(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))
        key = "web.not_found" if exc.status_code == 404 else "web.error.title"
        return render(
            request, "error.html", exc.status_code, message=i18n.translate(lang_of(request), key)
        )

    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        from casework.domain.validation_text import invalid_detail

        message = InvalidInput(detail=invalid_detail(exc.errors(), skip=())).message(
            lang_of(request)
        )
        if _api(request):
            return _json_error(422, "CW213", message)
        return render(request, "error.html", 400, message=message)

    async def internal(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        if _api(request):
            return _json_error(500, "CW500", "Der opstod en uventet fejl.")
        try:
            return render(
                request, "error.html", 500, message=i18n.translate("da", "web.error.internal")
            )
        except Exception:  # rendering itself failed: a bare page then
            return Response(
                "<!doctype html><title>Fejl</title><p>Der opstod en uventet fejl.</p>",
                status_code=500,
                media_type="text/html",
            )

    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(CaseworkError, casework_error)
    app.add_exception_handler(CsrfFailed, csrf_failed)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(Exception, internal)
