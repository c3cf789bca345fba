"""The presentation's Word round trip through the JSON API (issue 14's leftover).

``GET /cases/{id}/presentation.docx`` is ``App.presentations.export_docx`` (the CLI's
``case export-docx``, the editor's download); ``PUT`` of a document to the same address is
``App.presentations.import_docx`` as the token's person (``case import-docx --as``, the editor's
upload), answered as ``case import-docx --json``. The sections, the approval's rules and the
errors (CW881–CW886 a bad document, CW872 frozen, CW206 a version conflict) are the use case's;
this module only reads the body, under the bilag limit as the web does, and checks who may.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from casework.domain.access import Permission
from casework.domain.messages import Msg
from casework.domain.presentation_docx import DocxUnreadable
from casework.entrypoints.web.api.common import (
    Person,
    changed,
    permission_on,
    services_of,
    visible,
)
from casework.entrypoints.web.api_errors import ApiRoute, lang_of
from casework.entrypoints.web.downloads import attachment

router = APIRouter(route_class=ApiRoute)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/cases/{case_id}/presentation.docx",
    summary="Sagsfremstillingen som Word-dokument (DOCX)",
    response_class=Response,
    responses={200: {"content": {DOCX: _BINARY}, "description": "Word-dokumentet"}},
)
def export_docx(
    request: Request,
    person: Person,
    case_id: str,
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The presentation as of ``version`` (default the latest) from the municipality's Word
    template, as ``case export-docx``; a case the caller may not see answers 404."""
    services = services_of(request)
    case, _ = visible(services, person, case_id)
    found = services.presentations.export_docx(case.id, version, lang_of(request))
    return attachment(found.content, found.media_type, found.filename)


@router.put(
    "/cases/{case_id}/presentation.docx",
    summary="Indlæs et redigeret Word-dokument i sagsfremstillingens afsnit",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The edited Word document (its bytes)",
            "content": {DOCX: _BINARY, "application/octet-stream": _BINARY},
        }
    },
)
async def import_docx(
    request: Request,
    person: Person,
    case_id: str,
    expected_version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> dict[str, Any]:
    """The document's sections back as new versions of those that changed, in one
    transaction, by the caller (as ``case import-docx --as``): ``case``, ``changed``,
    ``found``, ``reapproval``, ``version`` (the presentation's latest). Needs the right to
    change the case's details (403); the bilag size limit applies (422, CW881)."""
    services = services_of(request)
    case_id = await run_in_threadpool(_writable, request, person, case_id)
    name = _name(case_id)
    data = await _read_body(request, services.bilag.limit, name)
    answer = await run_in_threadpool(
        _import, request, person, case_id, data, name, expected_version
    )
    if answer["changed"]:
        changed(request)
    return answer


def _writable(request: Request, person: str, case_id: str) -> str:
    """The case's id, when the caller may see it (else 404) and change its details (403)."""
    services = services_of(request)
    case, _ = visible(services, person, case_id)
    permission_on(services, person, Permission.CHANGE_ATTRIBUTES, case)
    return case.id


async def _read_body(request: Request, limit: int, name: str) -> bytes:
    """The body, read no further than the chunk that passes ``limit`` (the use case refuses
    it then); one whose declared length is over the limit is refused unread (CW881)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise DocxUnreadable(name=name, why=Msg("docx.why.size", size=int(declared), limit=limit))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)


def _name(case_id: str) -> str:
    """What a bad document's message calls it (the body has no file name): the export's name."""
    return f"sagsfremstilling-{case_id}.docx"


def _import(  # noqa: PLR0917 - the import's inputs, passed through run_in_threadpool
    request: Request, person: str, case_id: str, data: bytes, name: str,
    expected_version: int | None,
) -> dict[str, Any]:  # fmt: skip
    """``import-docx --json``: the result and the presentation's latest version."""
    services = services_of(request)
    result = services.presentations.import_docx(case_id, person, data, name, expected_version)
    view = services.presentation(case_id, lang="da")
    return {**result.as_json(), "version": view.latest}
