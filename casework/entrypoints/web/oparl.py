"""The OParl 1.1 export, served read-only at ``/oparl/v1/…`` (issue 7, item 3).

The same objects ``casework export oparl`` writes as static files (``docs/oparl-export.md``):
public council information, so no sign-in; closed items are already reduced to "Lukket punkt"
by the export itself. The entry point is ``/oparl/v1/system``. Ids are URLs under this app's own
address, so an OParl client can follow every link. The export is rebuilt at most once a minute
(``TTL_SECONDS``); a client sees changes after that.
"""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from casework.app.oparl_export import ServedOparl, served_export

PREFIX = "/oparl/v1"
TTL_SECONDS = 60.0

router = APIRouter(prefix=PREFIX, include_in_schema=False)
_lock = threading.Lock()


def _fresh(request: Request, base: str, now: float) -> ServedOparl | None:
    cached: tuple[float, ServedOparl] | None = getattr(request.app.state, "oparl_export", None)
    if cached is not None and cached[1].base_url == base and now - cached[0] < TTL_SECONDS:
        return cached[1]
    return None


def _served(request: Request) -> ServedOparl:
    base = str(request.base_url).rstrip("/") + PREFIX
    now = time.monotonic()
    found = _fresh(request, base, now)
    if found is not None:
        return found
    with _lock:  # one request builds the export; the others wait for it
        found = _fresh(request, base, now)
        if found is not None:
            return found
        fresh = served_export(request.app.state.services, base)
        request.app.state.oparl_export = (now, fresh)
        return fresh


@router.get("")
@router.get("/")
def oparl_entry(request: Request) -> Response:
    """The OParl entry point is the System object."""
    return oparl_object("system", request)


def _media_type(path: str) -> str:
    """A document's type by its name: the agendas and protocols are HTML, bilag their own."""
    import mimetypes

    if path.endswith(".html"):
        return "text/html; charset=utf-8"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


@router.get("/{path:path}")
def oparl_object(path: str, request: Request) -> Response:
    """One OParl object or list page (``papers``, ``papers/page/2``, ``papers/2026-0012``), or a
    document (an agenda file)."""
    served = _served(request)
    key = path.strip("/").removesuffix(".json")
    if key in served.objects:
        return JSONResponse(served.objects[key], media_type="application/json")
    if path in served.documents:
        return Response(served.documents[path], media_type=_media_type(path))
    return JSONResponse(
        {"error": {"code": "CW201", "message": f"Intet OParl-objekt med stien {path!r}."}},
        status_code=404,
    )
