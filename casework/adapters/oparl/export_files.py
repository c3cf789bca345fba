"""An OParl export as static JSON files, or as a read-only map of URL paths for the web app.

:func:`served_objects` turns an :class:`~casework.services.ports.OparlExport` into
``{url_path: json_object}``: every object under its id's path (``papers/2026-0001``) and every
list as OParl list pages (``data``, ``pagination``, ``links``; page 1 at the list's URL, page
*n* at ``<list>/page/<n>``). :func:`write_export` writes that map as ``<url_path>.json`` files,
the documents (the public agendas) under their own paths, and ``index.json``. Output is
deterministic (sorted keys, fixed order, no timestamps of its own), so two exports can be
compared with ``diff -r``.

Writing is all or nothing: the tree is written to a sibling folder and moved into place; an
earlier export (a folder with ``index.json``) is replaced, any other non-empty folder is refused
(CW696) and left alone.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

from casework.domain.errors import ExportTargetNotEmpty
from casework.services.ports import OPARL, OparlExport, OparlList
from casework.services.ports.progress import OnProgress, Ticker

#: Objects per list page (OParl leaves the size to the server).
PAGE_SIZE = 100
INDEX = "index.json"
FORMAT_VERSION = 1


def list_pages(
    export: OparlExport, oparl_list: OparlList, page_size: int = PAGE_SIZE
) -> dict[str, dict[str, Any]]:
    """The pages of one list, by URL: objects in full, with OParl's pagination and links."""
    members = oparl_list.members
    total = max(1, math.ceil(len(members) / page_size))

    def page_url(number: int) -> str:
        return oparl_list.url if number == 1 else f"{oparl_list.url}/page/{number}"

    pages: dict[str, dict[str, Any]] = {}
    for number in range(1, total + 1):
        chunk = members[(number - 1) * page_size : number * page_size]
        links = {"first": page_url(1), "last": page_url(total), "self": page_url(number)}
        if number > 1:
            links["prev"] = page_url(number - 1)
        if number < total:
            links["next"] = page_url(number + 1)
        pages[page_url(number)] = {
            "data": [export.objects[url] for url in chunk],
            "pagination": {
                "totalElements": len(members),
                "elementsPerPage": page_size,
                "currentPage": number,
                "totalPages": total,
            },
            "links": links,
        }
    return pages


def served_objects(export: OparlExport, page_size: int = PAGE_SIZE) -> dict[str, dict[str, Any]]:
    """``{url_path: object}`` for every object and list page, paths relative to the base URL.

    The web app serves these read-only at ``<base>/<url_path>`` (JSON) and the documents of
    :func:`served_documents` beside them.
    """
    served: dict[str, dict[str, Any]] = {}
    for url, obj in export.objects.items():
        served[export.path(url)] = obj
    for oparl_list in export.lists:
        for url, page in list_pages(export, oparl_list, page_size).items():
            served[export.path(url)] = page
    return dict(sorted(served.items()))


def served_documents(export: OparlExport) -> dict[str, bytes]:
    """``{url_path: bytes}`` of the documents (``files/tmu-2026-03-09-dagsorden.html``)."""
    return {export.path(url): data for url, data in export.documents.items()}


def index(export: OparlExport, served: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the folder holds: the entry point, counts per type, and every path."""
    return {
        "format_version": FORMAT_VERSION,
        "oparlVersion": OPARL,
        "base_url": export.base_url,
        "system": export.system,
        "counts": export.counts(),
        "json": [f"{path}.json" for path in served],
        "documents": sorted(served_documents(export)),
    }


def write_export(
    export: OparlExport,
    out: Path,
    page_size: int = PAGE_SIZE,
    on_progress: OnProgress | None = None,
) -> int:
    """Write the export as a static tree into ``out``; returns the number of files written.
    ``on_progress(done, total)`` counts the files as they are written.

    Raises:
        ExportTargetNotEmpty: ``out`` is a file, or a non-empty folder without ``index.json``.
    """
    out = out.resolve()  # "." and "..": the staging folder needs a real name and parent
    _check_target(out)
    served = served_objects(export, page_size)
    documents = served_documents(export)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    ticker = Ticker(on_progress, len(served) + len(documents) + 1)
    ticker.start()
    try:
        for path, obj in served.items():
            _write(staging, f"{path}.json", _json(obj))
            ticker.add()
        for path, data in documents.items():
            _write(staging, path, data)
            ticker.add()
        _write(staging, INDEX, _json(index(export, served)))
        ticker.add()
        _replace(staging, out)
        ticker.finish()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ticker.done


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _write(root: Path, path: str, data: bytes) -> None:
    parts = path.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        # Ids are quoted segment by segment; an id that still escapes the folder is a bug.
        raise ValueError(f"unsafe export path: {path!r}")
    target = root.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _check_target(out: Path) -> None:
    if out.is_file() or (out.is_dir() and any(out.iterdir()) and not (out / INDEX).is_file()):
        raise ExportTargetNotEmpty(path=str(out))


def _replace(staging: Path, out: Path) -> None:
    """Move ``staging`` to ``out``; an earlier export there is removed only once the new one
    is in place, so a failure leaves one complete export behind."""
    if not out.exists():
        staging.rename(out)
        return
    retired = out.with_name(f".{out.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


__all__ = [
    "PAGE_SIZE",
    "index",
    "list_pages",
    "served_documents",
    "served_objects",
    "write_export",
]
