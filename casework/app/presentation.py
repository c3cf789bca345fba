"""The presentation (sagsfremstilling) as use cases of the application service (issue 14).

``App.presentation(case_id, version=None)`` is the one query: the sections as of a version, with
who wrote each, the indstilling's numbered at-clauses and which are executed, whether the
approval stands. ``App.presentations`` holds the rest: ``save`` (a new version of a section),
``history``, ``diff``, ``check`` (the kvalitetssikring), ``tick`` (ekspedition of a clause) and
``reapprove``. The CLI renders these view models; the web editor will render the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.domain.presentation import (
    DEFAULT_CONFIG,
    NoSuchVersion,
    PresentationConfig,
    approved,
    clause_list,
    normalise,
    unified_diff,
)
from casework.domain.presentation_checks import ERROR, lix
from casework.services import presentation as service

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from casework.app.core import App
    from casework.domain.case import Case
    from casework.domain.errors import Finding
    from casework.domain.events import CaseEvent
    from casework.domain.presentation_commands import Reapprove, SaveText, TickClause
    from casework.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class ClauseView:
    """One at-clause of the indstilling."""

    number: int
    text: str
    executed_by: str | None
    executed_at: str | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number, "text": self.text, "executed_by": self.executed_by,
            "executed_at": self.executed_at, "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class SectionView:
    """One section as of the shown version (empty when never written)."""

    id: str
    title: str
    text: str
    version: int | None
    author: str | None
    at: str | None
    sha256: str | None
    clauses: tuple[ClauseView, ...]
    lix: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "text": self.text, "version": self.version,
            "author": self.author, "at": self.at, "sha256": self.sha256,
            "clauses": [c.as_json() for c in self.clauses], "lix": self.lix,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class PresentationView:
    """A case's presentation as of one version."""

    case_id: str
    title: str
    version: int
    latest: int
    sections: tuple[SectionView, ...]
    approved: bool
    needs_reapproval: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "title": self.title, "version": self.version,
            "latest": self.latest, "approved": self.approved,
            "needs_reapproval": self.needs_reapproval,
            "sections": [s.as_json() for s in self.sections],
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class VersionRow:
    """One saved version: who wrote which section when."""

    version: int
    section: str
    title: str
    author: str
    author_name: str
    at: str
    chars: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "section": self.section, "title": self.title,
            "author": self.author, "author_name": self.author_name, "at": self.at,
            "chars": self.chars, "sha256": self.sha256,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistoryView:
    """Every saved version of a case's presentation, oldest first."""

    case_id: str
    rows: tuple[VersionRow, ...]

    def as_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "versions": [r.as_json() for r in self.rows]}


@dataclass(frozen=True, slots=True)
class SectionDiff:
    """The unified diff of one section between two versions."""

    section: str
    title: str
    lines: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"section": self.section, "title": self.title, "lines": list(self.lines)}


@dataclass(frozen=True, slots=True)
class DiffView:
    """What changed between versions ``a`` and ``b`` (only the changed sections)."""

    case_id: str
    a: int
    b: int
    sections: tuple[SectionDiff, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "a": self.a, "b": self.b,
            "sections": [s.as_json() for s in self.sections],
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class FindingView:
    """One quality finding."""

    code: str
    severity: str
    section: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "section": self.section,
            "message": self.message,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class CheckView:
    """The kvalitetssikring of a case's current presentation."""

    case_id: str
    findings: tuple[FindingView, ...]
    #: The actions these findings block (the workflow's ``block`` when there are errors).
    blocks: tuple[str, ...]
    lix: dict[str, int]

    @property
    def ok(self) -> bool:
        """No errors."""
        return not any(f.severity == ERROR for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "ok": self.ok, "blocks": list(self.blocks),
            "lix": dict(self.lix), "findings": [f.as_json() for f in self.findings],
        }  # fmt: skip


#: The municipality's Word template for the presentation, in the configuration directory.
DOCX_TEMPLATE = "presentation.docx"


@dataclass(frozen=True, slots=True)
class DocxFile:
    """An exported Word document: its file name and bytes."""

    filename: str
    content: bytes
    media_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing a Word document did."""

    case_id: str
    #: The sections saved as new versions, in the template's order.
    changed: tuple[str, ...]
    #: The sections the document had a heading for.
    found: tuple[str, ...]
    reapproval: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "changed": list(self.changed), "found": list(self.found),
            "reapproval": self.reapproval,
        }  # fmt: skip


def presentation_config(app: App) -> PresentationConfig:
    """``config/presentation.yaml`` of the app's configuration (the default without one),
    read once per app."""
    cached: PresentationConfig | None = getattr(app, "_presentation_config", None)
    if cached is None:
        if app.settings is None:
            cached = DEFAULT_CONFIG
        else:
            from casework.adapters.config.presentation_loader import load_presentation_config

            cached = load_presentation_config(app.settings.config_dir, app.config.workflows)
        object.__setattr__(app, "_presentation_config", cached)
    return cached


class Presentations:
    """The presentation's use cases on one app."""

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def config(self) -> PresentationConfig:
        """The sections and rules in force."""
        return presentation_config(self._app)

    def _load(self, case_id: str, version: int | None = None) -> service.Loaded:
        app = self._app
        try:
            return service.load(app._reader(), app.config, case_id, version)
        except ValueError:
            latest = service.load(app._reader(), app.config, case_id).state.latest
            raise NoSuchVersion(case_id=case_id, version=version, latest=latest) from None

    def show(self, case_id: str, version: int | None = None, lang: str = "da") -> PresentationView:
        """The presentation as of ``version`` (default the latest). Raises CW201, CW875."""
        loaded = self._load(case_id, version)
        state = loaded.state
        rules, approval_step = service.rules_for(self.config, loaded.definition)
        sections = []
        for spec in self.config.sections:
            saved = state.sections.get(spec.id)
            text = loaded.texts.get(saved.sha256, "") if saved else ""
            clauses: tuple[ClauseView, ...] = ()
            if spec.clauses:
                clauses = tuple(
                    ClauseView(
                        n,
                        clause,
                        state.ticked[n].actor if n in state.ticked else None,
                        state.ticked[n].at if n in state.ticked else None,
                        state.ticked[n].note if n in state.ticked else None,
                    )
                    for n, clause in enumerate(clause_list(text), start=1)
                )
            sections.append(
                SectionView(
                    id=spec.id,
                    title=spec.label(lang),
                    text=text,
                    version=saved.version if saved else None,
                    author=saved.actor if saved else None,
                    at=saved.at if saved else None,
                    sha256=saved.sha256 if saved else None,
                    clauses=clauses,
                    lix=lix(text) if text and not spec.clauses else None,
                )
            )
        del rules
        return PresentationView(
            case_id=loaded.case.id, title=loaded.case.title, version=state.version,
            latest=state.latest, sections=tuple(sections),
            approved=approved(loaded.events, approval_step),
            needs_reapproval=state.needs_reapproval,
        )  # fmt: skip

    def history(self, case_id: str, lang: str = "da") -> HistoryView:
        """Every saved version: section, author, time, length and hash."""
        loaded = self._load(case_id)
        people = self._app.config.municipality.people
        rows = []
        for saved in loaded.state.history:
            spec = self.config.section(saved.section)
            person = people.get(saved.actor)
            rows.append(
                VersionRow(
                    version=saved.version,
                    section=saved.section,
                    title=spec.label(lang) if spec else saved.section,
                    author=saved.actor,
                    author_name=person.name if person else saved.actor,
                    at=saved.at,
                    chars=saved.chars,
                    sha256=saved.sha256,
                )
            )
        return HistoryView(loaded.case.id, tuple(rows))

    def diff(self, case_id: str, a: int, b: int, lang: str = "da") -> DiffView:
        """The sections that differ between versions ``a`` and ``b``, as unified diffs."""
        old = service.section_texts(self._load(case_id, a))
        new = service.section_texts(self._load(case_id, b))
        found = []
        for spec in self.config.sections:
            lines = unified_diff(
                old.get(spec.id, ""), new.get(spec.id, ""), f"{spec.id}@{a}", f"{spec.id}@{b}"
            )
            if lines:
                found.append(SectionDiff(spec.id, spec.label(lang), lines))
        return DiffView(case_id, a, b, tuple(found))

    def check(
        self, case_id: str, lang: str = "da", draft: Mapping[str, str] | None = None
    ) -> CheckView:
        """The kvalitetssikring at the case's current step (codes Q001-Q007); with ``draft``
        (section → unsaved text) the draft's sections in place of the saved ones."""
        app = self._app
        loaded = self._load(case_id)
        findings = service.check(app.config, self.config, loaded, draft)
        rules, _ = service.rules_for(self.config, loaded.definition)
        errors = any(f.severity == ERROR for f in findings)
        texts = service.section_texts(loaded)
        for section, text in (draft or {}).items():
            if (spec := self.config.section(section)) is not None:
                texts[spec.id] = normalise(spec, text)
        figures = {
            k: figure
            for k, v in texts.items()
            if (spec := self.config.section(k)) is not None
            and not spec.clauses
            and (figure := lix(v)) is not None
        }
        return CheckView(
            case_id=loaded.case.id,
            findings=tuple(
                FindingView(f.code, f.severity, f.section, f.message(lang)) for f in findings
            ),
            blocks=tuple(sorted(rules.block)) if errors else (),
            lix=figures,
        )

    # ------------------------------------------------------------------------ commands
    def save(self, cmd: SaveText) -> service.Saved:
        """Save a new version of one section (CW870, CW872)."""
        app = self._app
        saved = app._once(
            cmd.idempotency_key,
            lambda: service.save_text(app.uow_factory(), app.config, self.config, app.clock, cmd),
        )
        app._bus.settled(saved.case)
        return saved

    def tick(self, cmd: TickClause) -> Case:
        """Mark an at-clause as executed (CW874)."""
        app = self._app
        return service.tick_clause(app.uow_factory(), app.config, self.config, app.clock, cmd)

    def reapprove(self, cmd: Reapprove) -> Case:
        """Give the approval again after a change (CW873)."""
        app = self._app
        return service.reapprove(app.uow_factory(), app.config, self.config, app.clock, cmd)

    # ------------------------------------------------------------------ the Word round trip
    def export_docx(self, case_id: str, version: int | None = None, lang: str = "da") -> DocxFile:
        """The presentation as of ``version`` as a Word document from the municipality's
        template (``config/presentation.docx``; python-docx's plain one without it). CW881,
        CW886 for a template that is no Word document."""
        from casework.adapters.publish.docx import write_docx
        from casework.domain.presentation_docx import document_of

        loaded = self._load(case_id, version)
        document = document_of(
            loaded.case.id, loaded.case.title, self.config, service.section_texts(loaded), lang
        )
        data = write_docx(document, self._template())
        return DocxFile(f"sagsfremstilling-{loaded.case.id}.docx", data)

    def read_docx(self, case_id: str, data: bytes, name: str) -> dict[str, str]:
        """The section texts an edited Word document holds (normalised as a save would):
        CW881-CW885 for a document that is none, or names no section, or another case."""
        from casework.adapters.publish.docx import read_docx, template_tail
        from casework.domain.presentation_docx import check_case, sections_from, without_tail

        settings = self._app.settings
        limit = settings.bilag_max_bytes if settings is not None else 25 * 1024 * 1024
        paragraphs, identifier = read_docx(data, name, limit)
        check_case(identifier, case_id)
        case = self._load(case_id).case
        tail = template_tail(self._template(), case.id, case.title)
        return sections_from(without_tail(paragraphs, tail), self.config)

    def _template(self) -> Path | None:
        settings = self._app.settings
        template = settings.config_dir / DOCX_TEMPLATE if settings is not None else None
        return template if template is not None and template.exists() else None

    def import_docx(
        self, case_id: str, actor: str, data: bytes, name: str,
        expected_version: int | None = None,
    ) -> ImportResult:  # fmt: skip
        """An edited Word document back into the sections, as new versions of the sections
        that changed (one transaction; the approval's rules as for every save: CW872 refused,
        else re-approval). A section whose heading the document lacks is left as it is."""
        texts = self.read_docx(case_id, data, name)
        saved = self.save_all(case_id, actor, texts, expected_version)
        return ImportResult(case_id, saved.changed, tuple(texts), saved.reapproval)

    def save_all(
        self, case_id: str, actor: str, texts: Mapping[str, str],
        expected_version: int | None = None,
    ) -> service.SavedMany:  # fmt: skip
        """Save several sections in one transaction (the web editor's form, an imported
        document): each changed one a new version, under the approval's rules like
        :meth:`save` (CW230 for a text with a control character, CW870, CW872)."""
        from casework.domain.presentation_commands import SaveText

        app = self._app
        for section, text in texts.items():  # every command's rules on text (CW230)
            SaveText(case_id=case_id, actor=actor, section=section, text=text)
        saved = service.save_sections(
            app.uow_factory(), app.config, self.config, app.clock, case_id=case_id,
            actor=actor, texts=texts, expected_version=expected_version,
        )  # fmt: skip
        if saved.changed:
            app._bus.settled(saved.case)
        return saved

    def verify(self, case_ids: Sequence[str] | None = None) -> list[Finding]:
        """The audit of the saved texts (CW412 missing, CW413 changed)."""
        return service.verify(self._app._reader(), case_ids)

    def guard_advance(self, case_id: str, action: str) -> None:
        """Refuse an action while the approval is void (CW873) or blocked by checks (CW871)."""
        app = self._app
        service.guard_advance(app._reader(), app.config, self.config, case_id, action)

    def attribute_change_rules(
        self, uow: UnitOfWork, case: Case, events: Sequence[CaseEvent], actor: str,
        changes: dict[str, Any],
    ) -> Callable[[Case], None] | None:  # fmt: skip
        """Inside an attribute change's unit of work: refuse it (CW880, CW872), or return what
        records the voided approval after it (saved with the change)."""
        app = self._app
        return service.attribute_change_rules(
            uow, app.config, self.config, app.clock, case=case, events=events, actor=actor,
            changes=changes,
        )  # fmt: skip
