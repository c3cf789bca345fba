"""Signing in and out (password or the municipality's single sign-on) and the language switch."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain.errors import NotFound
from casework.entrypoints.web import i18n
from casework.entrypoints.web.pages.render import (
    app_of,
    lang_of,
    redirect,
    render,
    safe_next,
)
from casework.entrypoints.web.session import (
    check_csrf,
    client_address,
    sign_in,
    sign_out,
    signed_in,
)

router = APIRouter()


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    if signed_in(request) in app_of(request).config.municipality.people:
        return redirect(safe_next(next))
    return render(request, "login.html", next=safe_next(next), sso=_sso(request) is not None)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the password (rate-limited per address and per account) and start a session."""
    await check_csrf(request)
    form = await request.form()
    person = str(form.get("person") or "").strip().lower()
    password = str(form.get("password") or "")
    target = safe_next(form.get("next"))
    lang = lang_of(request)
    limiter = request.app.state.login_limiter
    client = client_address(request)
    if limiter.blocked(client):
        return render(
            request, "login.html", 429, next=target, person=person,
            error=i18n.translate(lang, "web.login.limited"),
        )  # fmt: skip
    municipality = app_of(request).config.municipality
    accounts = request.app.state.accounts()
    # Unknown people go through verify too, so the answer time does not tell who exists.
    ok = accounts.verify(person, password) and person in municipality.people
    if not ok:
        limiter.failed(client)
        return render(
            request, "login.html", 401, next=target, person=person,
            error=i18n.translate(lang, "web.login.failed"),
        )  # fmt: skip
    limiter.succeeded(client)
    sign_in(request, person)
    return redirect(target)


@router.get("/login/sso")
def login_sso(request: Request, next: str = "/") -> Response:
    """Sign in through the municipality's single sign-on hook, when one is installed."""
    hook = _sso(request)
    if hook is None:
        raise NotFound(case_id="/login/sso")
    municipality = app_of(request).config.municipality
    person = hook(request, municipality)
    if person is None or person not in municipality.people:
        return render(
            request, "error.html", 403,
            message=i18n.translate(lang_of(request), "web.oidc.unknown"),
        )  # fmt: skip
    sign_in(request, person)
    return redirect(safe_next(next))


def _sso(request: Request) -> Any:
    return getattr(request.app.state, "sign_in_hook", None)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session."""
    await check_csrf(request)
    sign_out(request)
    return redirect("/login")


@router.post("/sprog")
async def switch_language(request: Request) -> Response:
    """The English switch (and back): kept in the session."""
    await check_csrf(request)
    form = await request.form()
    request.session["lang"] = i18n.normal_lang(form.get("lang"))
    return redirect(safe_next(form.get("next")))
