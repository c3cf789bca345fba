"""The presentation's editor on the web (issue 14, items 5 and 6): a text area per section with a
preview, the quality checks inline, bilag upload with progress, and the Word round trip.

Every route renders the application service's view models, the same as the CLI's: the sections
are ``App.presentation`` (:class:`~casework.app.presentation.PresentationView`), the checks
``App.presentations.check`` (:class:`~casework.app.presentation.CheckView`, codes Q001–Q007).
"Kontrollér" checks the unsaved texts of the form (nothing is written); "Gem" saves the changed
sections as new versions in one transaction (``App.presentations.save_all``, the approval's rules
as for ``casework case text``). The Word document is ``App.presentations.export_docx``, an
uploaded one ``App.presentations.import_docx``. Forms carry the session's CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casework.domain.access import Permission
from casework.domain.errors import CaseworkError
from casework.domain.messages import register
from casework.domain.workflow import CaseStatus
from casework.entrypoints.web.downloads import attachment
from casework.entrypoints.web.pages.case import may_on, require_on, visible_case
from casework.entrypoints.web.pages.render import (
    app_of,
    changed,
    expected_version,
    flash,
    lang_of,
    redirect,
    render,
)
from casework.entrypoints.web.session import check_csrf

if TYPE_CHECKING:
    from casework.app.presentation import CheckView, FindingView, PresentationView
    from casework.domain.case import Case

register(
    {
        "web.presentation.heading": ("Sagsfremstilling", "Presentation"),
        "web.presentation.link": ("Skriv sagsfremstillingen", "Write the presentation"),
        "web.presentation.version": (
            "Version {version} af {latest}",
            "Version {version} of {latest}",
        ),
        "web.presentation.none": ("Ikke skrevet endnu.", "Not written yet."),
        "web.presentation.by": ("Version {version}, {author}, {at}",
                                "Version {version}, {author}, {at}"),
        "web.presentation.preview": ("Forhåndsvisning", "Preview"),
        "web.presentation.clauses_hint": (
            "Én at-sætning pr. linje; de nummereres på dagsordenen.",
            "One at-clause per line; they are numbered on the agenda.",
        ),
        "web.presentation.check": ("Kontrollér", "Check"),
        "web.presentation.save": ("Gem", "Save"),
        "web.presentation.saved": (
            "Gemt: {sections} (version {version}).",
            "Saved: {sections} (version {version}).",
        ),
        "web.presentation.unchanged": ("Intet ændret; intet gemt.",
                                       "Nothing changed; nothing saved."),
        "web.presentation.reapproval": (
            "Sagen var godkendt: den skal godkendes igen.",
            "The case was approved: it must be approved again.",
        ),
        "web.presentation.checks": ("Kvalitetssikring", "Quality check"),
        "web.presentation.checks_draft": (
            "Kvalitetssikring af udkastet (ikke gemt)",
            "Quality check of the draft (not saved)",
        ),
        "web.presentation.checks_ok": ("Ingen fejl.", "No errors."),
        "web.presentation.checks_errors": ("Der er fejl; de står ved afsnittene.",
                                           "There are errors; they are shown by the sections."),
        "web.presentation.checks_blocks": ("Fejlene blokerer: {actions}.",
                                           "The errors block: {actions}."),
        "web.presentation.lix": ("LIX {lix}", "LIX {lix}"),
        "web.presentation.approved": ("Godkendt.", "Approved."),
        "web.presentation.waiting": (
            "Venter på ny godkendelse efter en ændring.",
            "Waiting for a new approval after a change.",
        ),
        "web.presentation.word": ("Word", "Word"),
        "web.presentation.download": ("Hent som Word-dokument", "Download as a Word document"),
        "web.presentation.upload": ("Indlæs et redigeret Word-dokument",
                                    "Import an edited Word document"),
        "web.presentation.upload_file": ("Word-dokument (DOCX)", "Word document (DOCX)"),
        "web.presentation.upload_submit": ("Indlæs", "Import"),
        "web.presentation.no_file": ("Vælg et Word-dokument.", "Choose a Word document."),
        "web.presentation.progress": ("Sender …", "Uploading …"),
    }
)  # fmt: skip

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding as the editor shows it beside its section."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class EditorSection:
    """One section of the editor: its text area's text, the saved version's facts, the preview
    (paragraphs, or the at-clauses) and the checks' findings on it."""

    id: str
    title: str
    text: str
    clauses: bool
    saved: str | None
    paragraphs: tuple[tuple[str, ...], ...]
    items: tuple[str, ...]
    lix: int | None
    findings: tuple[Finding, ...]


def _preview(text: str) -> tuple[tuple[str, ...], ...]:
    """Paragraphs (split at blank lines), each as its lines."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return tuple(tuple(line for line in block.split("\n")) for block in blocks)


def _finding(f: FindingView) -> Finding:
    return Finding(f.code, f.severity, f.message)


def editor_sections(
    view: PresentationView,
    checks: CheckView,
    draft: dict[str, str] | None,
    clause_sections: set[str],
    lang: str,
) -> list[EditorSection]:
    """The editor's sections from the view models (the draft's texts where given)."""
    from casework.domain.danish import clauses as split_clauses

    found = []
    for section in view.sections:
        text = draft[section.id] if draft is not None and section.id in draft else section.text
        is_clauses = section.id in clause_sections
        saved = None
        if section.version is not None:
            saved = _t(lang, "web.presentation.by", version=section.version,
                       author=section.author or "", at=(section.at or "")[:16])  # fmt: skip
        found.append(
            EditorSection(
                id=section.id, title=section.title, text=text, clauses=is_clauses, saved=saved,
                paragraphs=() if is_clauses else _preview(text),
                items=split_clauses(text) if is_clauses else (),
                lix=checks.lix.get(section.id),
                findings=tuple(_finding(f) for f in checks.findings if f.section == section.id),
            )
        )  # fmt: skip
    return found


def _t(lang: str, key: str, **params: Any) -> str:
    from casework.entrypoints.web import i18n

    return i18n.translate(lang, key, **params)


def _editor(request: Request, case_id: str, draft: dict[str, str] | None = None) -> Response:
    person, case, _ = visible_case(request, case_id)
    app = app_of(request)
    lang = lang_of(request)
    view = app.presentation(case.id, lang=lang)
    checks = app.presentations.check(case.id, lang, draft)
    clause_sections = {s.id for s in app.presentations.config.sections if s.clauses}
    from casework.entrypoints.web.pages.bilag import case_bilag

    return render(
        request,
        "presentation.html",
        case=case,
        view=view,
        sections=editor_sections(view, checks, draft, clause_sections, lang),
        checks=checks,
        general=[_finding(f) for f in checks.findings if f.section is None],
        draft=draft is not None,
        can_write=_may_write(request, person, case),
        **case_bilag(request, person, case),
    )


def _may_write(request: Request, person: str, case: Case) -> bool:
    return case.status is CaseStatus.OPEN and may_on(
        request, person, Permission.CHANGE_ATTRIBUTES, case
    )


def back_to_editor(case: Case) -> Response:
    """Back to the editor (after a form post)."""
    return redirect(f"/sager/{quote(case.id)}/sagsfremstilling")


@router.get("/sager/{case_id}/sagsfremstilling")
def editor(request: Request, case_id: str) -> Response:
    """The editor: the saved sections, their preview and the checks of the saved version."""
    return _editor(request, case_id)


@router.post("/sager/{case_id}/sagsfremstilling")
async def save(request: Request, case_id: str) -> Response:
    """ "Kontrollér" checks the form's texts without saving; "Gem" saves the changed sections."""
    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    app = app_of(request)
    lang = lang_of(request)
    form = await request.form()
    known = [s.id for s in app.presentations.config.sections]
    draft = {sid: str(form[f"text_{sid}"]) for sid in known if f"text_{sid}" in form}
    if form.get("do") == "check":
        try:
            return _editor(request, case.id, draft)
        except CaseworkError as exc:
            flash(request, exc.message(lang), "error")
            return back_to_editor(case)
    try:
        saved = app.presentations.save_all(case.id, person, draft, expected_version(form))
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return _editor(request, case.id, draft)
    if not saved.changed:
        flash(request, _t(lang, "web.presentation.unchanged"))
        return back_to_editor(case)
    changed(request)
    titles = {s.id: s.label(lang) for s in app.presentations.config.sections}
    view = app.presentation(case.id, lang=lang)
    text = _t(lang, "web.presentation.saved", version=view.latest,
              sections=", ".join(titles[s] for s in saved.changed))  # fmt: skip
    if saved.reapproval:
        text += " " + _t(lang, "web.presentation.reapproval")
    flash(request, text)
    return back_to_editor(case)


@router.get("/sager/{case_id}/sagsfremstilling.docx")
def download_docx(request: Request, case_id: str) -> Response:
    """The presentation as a Word document, to whoever may see the case."""
    _, case, _ = visible_case(request, case_id)
    found = app_of(request).presentations.export_docx(case.id, lang=lang_of(request))
    return attachment(found.content, found.media_type, found.filename)


@router.post("/sager/{case_id}/sagsfremstilling.docx")
async def upload_docx(request: Request, case_id: str) -> Response:
    """An edited Word document back into the sections."""
    try:
        return await _upload_docx(request, case_id)
    finally:
        await (await request.form()).close()


async def _upload_docx(request: Request, case_id: str) -> Response:
    from starlette.datastructures import UploadFile

    await check_csrf(request)
    person, case, _ = visible_case(request, case_id)
    require_on(request, person, Permission.CHANGE_ATTRIBUTES, case)
    app = app_of(request)
    lang = lang_of(request)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        flash(request, _t(lang, "web.presentation.no_file"), "error")
        return back_to_editor(case)
    content = await upload.read(app.bilag.limit + 1)
    try:
        result = app.presentations.import_docx(
            case.id, person, content, upload.filename, expected_version(form)
        )
    except CaseworkError as exc:
        flash(request, exc.message(lang), "error")
        return back_to_editor(case)
    if not result.changed:
        flash(request, _t(lang, "web.presentation.unchanged"))
        return back_to_editor(case)
    changed(request)
    titles = {s.id: s.label(lang) for s in app.presentations.config.sections}
    view = app.presentation(case.id, lang=lang)
    text = _t(lang, "web.presentation.saved", version=view.latest,
              sections=", ".join(titles[s] for s in result.changed))  # fmt: skip
    if result.reapproval:
        text += " " + _t(lang, "web.presentation.reapproval")
    flash(request, text)
    return back_to_editor(case)
