"""The case's bilag on the web: the list on the case page, the upload form, removal, download.

The upload is a multipart form with the session's CSRF token like every other form; the file is
read up to one byte past the configured limit (a larger one is refused without being read
whole) and handed to ``App.bilag.attach``, the same use case as ``casework case attach``. The
download route answers a bilag only to whoever may read it: an open one to whoever may see the
case, a closed one (or any of a closed item) only to who may see closed content; to anyone else
it does not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.bilag import BilagNotFound
from casework.domain.errors import CaseworkError, NotFound
from casework.domain.messages import register
from casework.entrypoints.web.downloads import attachment
from casework.entrypoints.web.pages.case import back_to, require_on, visible_case
from casework.entrypoints.web.pages.render import app_of, changed, flash, lang_of
from casework.entrypoints.web.session import check_csrf, signed_in

if TYPE_CHECKING:
    from casework.domain.case import Case

register(
    {
        "web.bilag.heading": ("Bilag", "Attachments (bilag)"),
        "web.bilag.none": ("Sagen har ingen bilag.", "The case has no bilag."),
        "web.bilag.closed": ("Lukket bilag", "Closed bilag"),
        "web.bilag.open": ("Åbent", "Public"),
        "web.bilag.closed_hidden": (
            "Lukket bilag {number} ({category})",
            "Closed bilag {number} ({category})",
        ),
        "web.bilag.upload": ("Vedhæft et bilag", "Attach a bilag"),
        "web.bilag.file": (
            "Fil (PDF, DOCX, XLSX, PNG eller JPEG)",
            "File (PDF, DOCX, XLSX, PNG or JPEG)",
        ),
        "web.bilag.title": ("Titel (valgfri)", "Title (optional)"),
        "web.bilag.closed_box": ("Lukket bilag (KSL § 10)", "Closed bilag (KSL § 10)"),
        "web.bilag.reason": ("Grund til lukning", "Reason for closing"),
        "web.bilag.submit": ("Vedhæft", "Attach"),
        "web.bilag.remove": ("Fjern", "Remove"),
        "web.bilag.attached": ("Bilag {number} er vedhæftet.", "Bilag {number} was attached."),
        "web.bilag.removed": ("Bilag {number} er fjernet.", "Bilag {number} was removed."),
        "web.bilag.no_file": ("Vælg en fil.", "Choose a file."),
    }
)

router = APIRouter()


@dataclass(frozen=True, slots=True)
class BilagLine:
    """One bilag as the case page lists it for the signed-in person."""

    number: int
    text: str
    href: str | None  # None: the person may not read it (a closed bilag shown by category)
    closed: bool
    kind: str
    size: int


def case_bilag(request: Request, person: str, case: Case) -> dict[str, Any]:
    """The case page's bilag section: the lines, and whether the person may attach."""
    app = app_of(request)
    municipality = app.config.municipality
    may_read_closed = access.can_view_closed_content(municipality, person, case)
    lang = lang_of(request)
    lines = []
    for row in app.bilag.rows(case.id):
        if row.closed and not may_read_closed:
            text = _t(lang, "web.bilag.closed_hidden", number=row.number, category=row.category)
            lines.append(BilagLine(row.number, text, None, True, row.kind, row.size))
        else:
            text = f"Bilag {row.number}: {row.title}"
            lines.append(BilagLine(row.number, text, row.path, row.closed, row.kind, row.size))
    from casework.domain.agenda import ClosedCategory
    from casework.domain.workflow import CaseStatus

    return {
        "bilag": lines,
        "can_attach": case.status is CaseStatus.OPEN
        and access.may_on_case(municipality, person, Permission.CHANGE_ATTRIBUTES, case),
        "bilag_reasons": [(c.value, c.heading) for c in ClosedCategory],
    }


def _back(case: Case, form: Any) -> Response:
    """Back to the page the form was on: the presentation's editor or the case page."""
    if form.get("back") == "sagsfremstilling":
        from casework.entrypoints.web.pages.presentation import back_to_editor

        return back_to_editor(case)
    return back_to(case)


def _t(lang: str, key: str, **params: Any) -> str:
    from casework.entrypoints.web import i18n

    return i18n.translate(lang, key, **params)


@router.get("/sager/{case_id}/bilag/{number}")
def download(request: Request, case_id: str, number: int) -> Response:
    """The file of bilag ``number``: to a signed-in person who may read it; to anyone else
    (not signed in too) only an open bilag a public agenda links (``App.bilag.read_public``).
    Anything else answers 404, a closed bilag above all, so not even its existence shows."""
    from casework.domain.access import AccessDenied

    app = app_of(request)
    person = signed_in(request)
    found = None
    if person is not None and person in app.config.municipality.people:
        try:
            found = app.bilag.read(case_id, number, person=person)
        except (BilagNotFound, AccessDenied, NotFound):
            found = None
    public = found is None
    if found is None:
        found = app.bilag.read_public(case_id, number)
    bilag = found.bilag
    return attachment(found.content, bilag.media_type, bilag.filename, private=not public)


@router.post("/sager/{case_id}/bilag")
async def upload(request: Request, case_id: str) -> Response:
    """Attach the uploaded file (the multipart form of the case page)."""
    try:
        return await _upload(request, case_id)
    finally:
        await (await request.form()).close()  # the spooled upload, refused or not


async def _upload(request: Request, case_id: str) -> Response:
    from starlette.datastructures import UploadFile

    from casework.app.bilag import AttachBilag

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    lang = lang_of(request)
    app = app_of(request)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        flash(request, _t(lang, "web.bilag.no_file"), "error")
        return _back(case, form)
    # One byte past the limit is enough to refuse a file as too large.
    content = await upload.read(app.bilag.limit + 1)
    closed = form.get("closed") in {"on", "1", "true"}
    try:
        row = app.bilag.attach(
            AttachBilag(
                case_id=case.id, actor=person, filename=upload.filename, content=content,
                title=str(form.get("title") or "").strip() or None, closed=closed,
                reason=(str(form.get("reason") or "") or None) if closed else None,
            )
        )  # fmt: skip
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _back(case, form)
    changed(request)
    flash(request, _t(lang, "web.bilag.attached", number=row.number))
    return _back(case, form)


@router.post("/sager/{case_id}/bilag/{number}/fjern")
async def remove(request: Request, case_id: str, number: int) -> Response:
    """Take bilag ``number`` off the case."""
    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    lang = lang_of(request)
    try:
        app_of(request).bilag.remove(case.id, number, person)
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return back_to(case)
    changed(request)
    flash(request, _t(lang, "web.bilag.removed", number=number))
    return back_to(case)
