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
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

PREFIX = "/oparl/v1"
TTL_SECONDS = 60.0

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@dataclass
class _Served:
    base_url: str
    built: float
    objects: dict[str, dict[str, Any]]
    documents: dict[str, bytes]


_lock = threading.Lock()


def _served(request: Request) -> _Served:
    base = str(request.base_url).rstrip("/") + PREFIX
    cached: _Served | None = getattr(request.app.state, "oparl_export", None)
    now = time.monotonic()
    if cached is not None and cached.base_url == base and now - cached.built < TTL_SECONDS:
        return cached
    with _lock:
        again: _Served | None = getattr(request.app.state, "oparl_export", None)
        if again is not None and again.base_url == base and now - again.built < TTL_SECONDS:
            return again
        from casework.adapters.oparl.export_files import served_documents, served_objects
        from casework.adapters.publish.html import render_html
        from casework.services.oparl_export import export_oparl

        services = request.app.state.services
        export = export_oparl(
            services.reader_factory or services.uow_factory,
            services.config,
            base_url=base,
            today=services.clock.today(),
            render=lambda agenda: render_html(agenda).encode("utf-8"),
        )
        fresh = _Served(base, now, served_objects(export), served_documents(export))
        request.app.state.oparl_export = fresh
        return fresh


@router.get("")
@router.get("/")
def oparl_entry(request: Request) -> Response:
    """The OParl entry point is the System object."""
    return oparl_object("system", request)


@router.get("/{path:path}")
def oparl_object(path: str, request: Request) -> Response:
    """One OParl object or list page (``papers``, ``papers/page/2``, ``papers/2026-0012``), or a
    document (an agenda file)."""
    served = _served(request)
    key = path.strip("/").removesuffix(".json")
    if key in served.objects:
        return JSONResponse(served.objects[key], media_type="application/json")
    if path in served.documents:
        return Response(served.documents[path], media_type="text/html; charset=utf-8")
    return JSONResponse(
        {"error": {"code": "CW201", "message": f"Intet OParl-objekt med stien {path!r}."}},
        status_code=404,
    )
