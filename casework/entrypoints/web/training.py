"""Den virtuelle byrådssal served at ``/byraadssal/…`` (issue 20, item 4).

The same files ``casework training site --out DIR`` writes (:func:`casework.app.training.site`),
drawn on the first request of the day and held in memory per language (today's only). The site
is made of the configuration only (no case data), so it needs no sign-in. Its links are
relative, so it works here as from a folder. The page language is the session's (the language
switch of the other pages).
"""

from __future__ import annotations

import mimetypes
import threading

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from casework.app import training
from casework.entrypoints.web.pages.render import lang_of

PREFIX = "/byraadssal"

router = APIRouter(prefix=PREFIX, include_in_schema=False)
_lock = threading.Lock()
_TYPES = {
    ".svg": "image/svg+xml",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
}


def _files(request: Request) -> dict[str, bytes]:
    services = request.app.state.services
    lang = lang_of(request)
    key = (lang, services.clock.today())
    cached: dict[tuple[str, object], dict[str, bytes]] = getattr(
        request.app.state, "training_site", {}
    )
    found = cached.get(key)
    if found is not None:
        return found
    with _lock:  # one request draws the site; the others wait for it
        cached = getattr(request.app.state, "training_site", {})
        found = cached.get(key)
        if found is None:
            found = training.site(services.config, key[1], 1, lang)
            # Only today's sites are kept (one per language): yesterday's meeting may be past.
            kept = {k: v for k, v in cached.items() if k[1] == key[1]}
            request.app.state.training_site = {**kept, key: found}
        return found


@router.get("")
@router.get("/")
def entry() -> Response:
    """The site's front page."""
    return RedirectResponse(f"{PREFIX}/index.html", status_code=307)


@router.get("/{name:path}")
def file(name: str, request: Request) -> Response:
    """One file of the site; 404 for anything else."""
    files = _files(request)
    content = files.get(name)
    if content is None:
        return Response(status_code=404)
    suffix = name[name.rfind(".") :] if "." in name else ""
    media = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(content, media_type=media)
