"""The OParl 1.1 export as use cases of the application service.

The municipality, its meetings and every routed case as OParl objects: served by the web app at
``/oparl/v1`` (:func:`served_export`) and written as static files by ``casework export oparl``
(:func:`write_export`). Both build the same graph (:func:`casework.services.oparl_export.
export_oparl`) with the public agendas as HTML documents; this module is where that use case
meets the adapters that page and write it, so entry points import neither.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from casework.app.core import App
    from casework.services.ports import OparlExport
    from casework.services.ports.progress import OnProgress


@dataclass(frozen=True, slots=True)
class ServedOparl:
    """The export as a server answers it: objects and list pages by path, documents by path."""

    base_url: str
    objects: dict[str, dict[str, Any]]
    documents: dict[str, bytes]


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash. Raises InvalidBaseUrl unless absolute http(s)."""
    from casework.services.oparl_export import check_base_url as check

    return check(url)


def export_oparl(app: App, base_url: str, *, public_people: Collection[str] = ()) -> OparlExport:
    """The OParl graph of ``app``'s municipality, meetings and cases, as of the app's today.

    Raises InvalidBaseUrl, UnknownPerson (a public person not in municipality.yaml).
    """
    from casework.adapters.publish.html import render_html
    from casework.adapters.publish.protocol_html import render_protocol_html
    from casework.services.oparl_export import export_oparl as export

    return export(
        app.reader_factory or app.uow_factory,
        app.config,
        base_url=base_url,
        today=app.clock.today(),
        public_people=public_people,
        render=lambda agenda: render_html(agenda).encode("utf-8"),
        render_protocol=lambda protocol: render_protocol_html(protocol).encode("utf-8"),
        bilag_content=app.bilag.store.get,
    )


def served_export(app: App, base_url: str) -> ServedOparl:
    """The export paged for serving under ``base_url`` (no people are public)."""
    from casework.adapters.oparl.export_files import served_documents, served_objects

    export = export_oparl(app, base_url)
    return ServedOparl(base_url, served_objects(export), served_documents(export))


def write_export(export: OparlExport, out: Path, on_progress: OnProgress | None = None) -> int:
    """Write ``export`` as static files under ``out`` (replaced whole); the number written.
    ``on_progress(done, total)`` counts the files (a progress bar).

    Raises ExportTargetNotEmpty when ``out`` holds files that are not an earlier export.
    """
    from casework.adapters.oparl.export_files import write_export as write

    return write(export, out, on_progress=on_progress)


def closed_papers(export: OparlExport) -> int:
    """How many exported papers are closed items (their content withheld)."""
    from casework.services.oparl_export import CLOSED_NAME

    return sum(
        1
        for obj in export.objects.values()
        if obj["type"].endswith("/Paper") and obj.get("name") == CLOSED_NAME
    )


__all__ = [
    "ServedOparl",
    "check_base_url",
    "closed_papers",
    "export_oparl",
    "served_export",
    "write_export",
]
