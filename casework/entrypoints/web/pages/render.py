"""What every page shares: the app and the signed-in person of a request, template rendering
with the common context (language, menu, CSRF token), redirects, flash messages, form errors.

Templates live in ``web/templates`` and are autoescaped; they render the application's view
models (:mod:`casework.app.views`) and domain values, never records.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from casework.domain import access
from casework.domain.access import Permission
from casework.entrypoints.web import i18n
from casework.entrypoints.web.session import CSRF_FIELD, csrf_token, signed_in

if TYPE_CHECKING:
    from casework.app import App
    from casework.app.open_cases import CaseSnapshot, Snapshot

#: Control characters but tab, LF and CR: HTML has no use for them (NUL is a parse error).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(value: Any) -> Any:
    """Every ``{{ value }}`` on a page: a control character in text stored before the commands
    refused them (issue 16) is shown as U+FFFD, not sent as is; HTML escaping follows."""
    if isinstance(value, str) and not isinstance(value, Markup) and _CONTROL.search(value):
        return _CONTROL.sub("\ufffd", value)
    return value


_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no stat() of each file per request
    finalize=_visible,
)
#: Rows shown in one listing; the rest are counted, not drawn.
LIST_LIMIT = 100


class SignInRequired(Exception):
    """The page needs a signed-in person; the app redirects to /login."""


def app_of(request: Request) -> App:
    """The application service the web app was built with."""
    app: App = request.app.state.services
    return app


def lang_of(request: Request) -> str:
    """The page language: the session's choice, else Danish."""
    return i18n.normal_lang(request.session.get("lang"))


def person_of(request: Request) -> str:
    """The signed-in person (still in the configuration). Raises SignInRequired."""
    person = signed_in(request)
    if person is None or person not in app_of(request).config.municipality.people:
        raise SignInRequired
    return person


def flash(request: Request, text: str, kind: str = "ok") -> None:
    """A message for the next page the person sees (after the redirect)."""
    request.session["flash"] = [kind, text]


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """``template`` with the page's common context: language, person, menu, CSRF token."""
    municipality = app_of(request).config.municipality
    # The 500 handler runs outside the session middleware: render without a session then.
    has_session = "session" in request.scope
    lang = lang_of(request) if has_session else "da"
    person = signed_in(request) if has_session else None
    if person not in municipality.people:
        person = None
    message = request.session.pop("flash", None) if has_session else None
    context = {
        "request": request,
        "lang": lang,
        "t": partial(i18n.translate, lang),
        "csrf_field": CSRF_FIELD,
        "csrf": csrf_token(request) if has_session else "",
        "me": person,
        "me_name": municipality.people[person].name if person else None,
        "perms": access.permissions(municipality, person) if person else frozenset(),
        "P": Permission,
        "municipality": municipality.name,
        "flash": message,
        "path": request.url.path,
        **values,
    }
    html = _TEMPLATES.get_template(template).render(context)
    return HTMLResponse(html, status_code=status)


def fragment(template: str, lang: str, **values: Any) -> str:
    """``template`` with the language's context only (no request, no session, no person): a
    part of a page that may be kept and served to everyone whose ``values`` are the same."""
    context = {"lang": lang, "t": partial(i18n.translate, lang), "csrf_field": CSRF_FIELD}
    return _TEMPLATES.get_template(template).render({**context, **values})


def redirect(url: str) -> RedirectResponse:
    """See other: the answer to every form post."""
    return RedirectResponse(url, status_code=303)


def safe_next(target: object) -> str:
    """Only local paths: never redirect to another site after sign-in."""
    if (
        isinstance(target, str)
        and target.startswith("/")
        and not target.startswith("//")
        and not any(c in target for c in "\\\r\n")
    ):
        return target
    return "/"


def snapshot(request: Request) -> Snapshot:
    """The app's snapshot of the open cases (for the board and "my cases")."""
    cache: CaseSnapshot = request.app.state.snapshot
    return cache.get()


def changed(request: Request) -> None:
    """A write went through: the listings must not show the old state."""
    request.app.state.snapshot.invalidate()


def expected_version(form: Any) -> int | None:
    """The case version the form was drawn for (optimistic concurrency), if it says."""
    version = str(form.get("version") or "")
    return int(version) if version.isdigit() else None


def field_errors(exc: Any, lang: str) -> dict[str, str]:
    """pydantic's errors as one Danish (or English) text per form field."""
    found: dict[str, str] = {}
    for error in exc.errors():
        where = error.get("loc", ())
        field = str(where[0]) if where else "title"
        kind = error.get("type", "")
        ctx = error.get("ctx") or {}
        if kind == "missing":
            text = i18n.translate(lang, "web.field.required")
        elif kind == "string_too_short":
            n = ctx.get("min_length", 1)
            key = "web.field.required" if n == 1 else "web.field.too_short"
            text = i18n.translate(lang, key, n=n)
        elif kind == "string_too_long":
            text = i18n.translate(lang, "web.field.too_long", n=ctx.get("max_length"))
        elif kind.startswith("date"):
            text = i18n.translate(lang, "web.field.date")
        else:
            text = i18n.translate(lang, "web.field.invalid")
        found.setdefault(field, text)
    return found


def workflow_choices(app: App, lang: str) -> list[tuple[str, str]]:
    """(id, title) of every configured workflow, by id."""
    return sorted(
        (w.id, (w.title_en or w.title) if lang == "en" else w.title)
        for w in app.config.workflows.values()
    )
