"""The sagsfremstilling as a structured, versioned document (issue 14).

A case's presentation is a set of sections (Resumé, Sagsfremstilling, Økonomi, Høring,
Kommunikation, Indstilling, Beslutning — which ones and when each is required come from
``config/presentation.yaml``, else :data:`DEFAULT_CONFIG`). Every saved section is a
``case.text_saved`` event in the case's hash chain naming the text by its SHA-256; the text is
stored once elsewhere (content-addressed). Version *N* of the presentation is the state after
the case's *N*-th saved text. The indstilling is kept as its numbered "at …" clauses, one per
line; ``case.clause_ticked`` records the execution of one clause (ekspedition).
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from casework.domain.danish import clauses as split_clauses
from casework.domain.errors import CaseworkError, Finding
from casework.domain.event_types import CaseAdvanced
from casework.domain.events import CaseEvent
from casework.domain.messages import register, render
from casework.domain.presentation_events import (
    ClauseTicked,
    ReapprovalRequired,
    Reapproved,
    TextSaved,
)
from casework.domain.workflow import (
    CaseGraph,
    RouteRole,
    StepKind,
    TransitionKind,
    WorkflowDefinition,
)

#: The section whose text is the indstilling's at-clauses.
INDSTILLING = "indstilling"
#: The attributes frozen with the approval: the decision's facts (amount, the delegation plan's
#: inputs, the closed proposal) and the text attributes cases kept before issue 14 (their
#: presentation).
DECISION_ATTRIBUTES = frozenset(
    {
        "beloeb", "sagstype", "principiel", "vaesentlig", "lukket",
        "resume", "sagsfremstilling", "oekonomi", "indstilling",
    }
)  # fmt: skip


class AfterApproval(StrEnum):
    """What a change to the text or the decision's facts does once the approval is given."""

    #: The change is recorded and the approval must be given again before the case moves on.
    REAPPROVE = "reapprove"
    #: The change is refused (CW872).
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section of the municipality's template."""

    id: str
    title: str
    title_en: str
    #: Written as numbered "at …" clauses (the indstilling).
    clauses: bool = False

    def label(self, lang: str) -> str:
        """The heading in ``lang``."""
        return self.title_en if lang == "en" else self.title


@dataclass(frozen=True, slots=True)
class WorkflowPresentation:
    """Per workflow: which section is required from which step, and what the checks block."""

    #: Section id → the step from which it must be written (it is checked on leaving that step).
    required: Mapping[str, str] = field(default_factory=dict)
    #: Actions that quality errors (severity "error") refuse (CW871).
    block: frozenset[str] = frozenset()
    #: The approval step (default: the workflow's first step of kind ``approval``).
    approval_step: str | None = None
    #: After the approval, until the deciding body has decided.
    before_decision: AfterApproval = AfterApproval.REAPPROVE
    #: Once the decision is taken (by the deciding body, or administratively).
    after_decision: AfterApproval = AfterApproval.REFUSE


@dataclass(frozen=True, slots=True)
class QualitySettings:
    """The kvalitetssikring's limits."""

    resume_max_words: int = 120
    lix_ceiling: int = 45
    #: Plain-language hints: a word or phrase → the plainer wording.
    plain_words: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PresentationConfig:
    """The template: sections in order, per-workflow rules (``default`` for the rest)."""

    sections: tuple[SectionSpec, ...]
    workflows: Mapping[str, WorkflowPresentation]
    default: WorkflowPresentation
    quality: QualitySettings

    def section(self, section_id: str) -> SectionSpec | None:
        """The section with this id, if the template has one."""
        return next((s for s in self.sections if s.id == section_id), None)

    def for_workflow(self, workflow_id: str) -> WorkflowPresentation:
        """The rules of one workflow (the default when it has none of its own)."""
        return self.workflows.get(workflow_id, self.default)


DEFAULT_SECTIONS = (
    SectionSpec("resume", "Resumé", "Summary"),
    SectionSpec("sagsfremstilling", "Sagsfremstilling", "Background"),
    SectionSpec("oekonomi", "Økonomi", "Finances"),
    SectionSpec("hoering", "Høring", "Consultation"),
    SectionSpec("kommunikation", "Kommunikation", "Communication"),
    SectionSpec(INDSTILLING, "Indstilling", "Recommendation", clauses=True),
    SectionSpec("beslutning", "Beslutning", "Decision"),
)
DEFAULT_PLAIN_WORDS: Mapping[str, str] = {
    "i henhold til": "efter",
    "foranlediget af": "på grund af",
    "med henblik på": "for at",
    "fremadrettet": "fremover",
    "iværksætte": "sætte i gang",
    "endvidere": "også",
}
DEFAULT_CONFIG = PresentationConfig(
    sections=DEFAULT_SECTIONS,
    workflows={},
    default=WorkflowPresentation(),
    quality=QualitySettings(plain_words=DEFAULT_PLAIN_WORDS),
)


def text_hash(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, as hex: its address in the text store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise(section: SectionSpec | None, text: str) -> str:
    """The text as stored: trailing spaces and blank edges gone; the indstilling as its
    "at …" clauses, one per line (numbering and bullets dropped: the clause's place is its
    number)."""
    if section is not None and section.clauses:
        return "\n".join(split_clauses(text))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def clause_list(text: str | None) -> tuple[str, ...]:
    """The stored indstilling's clauses, in order (clause *n* is item *n-1*)."""
    return tuple(line for line in (text or "").split("\n") if line.strip())


@dataclass(frozen=True, slots=True)
class SavedText:
    """One saved version of one section: who wrote it, when, and the text's hash."""

    version: int
    seq: int
    section: str
    sha256: str
    chars: int
    actor: str
    at: str


@dataclass(frozen=True, slots=True)
class TickedClause:
    """A clause of the indstilling marked as executed."""

    clause: int
    actor: str
    at: str
    note: str | None


@dataclass(frozen=True, slots=True)
class PresentationState:
    """The presentation as of one version: each section's latest saved text (by hash)."""

    version: int
    latest: int
    sections: Mapping[str, SavedText]
    history: tuple[SavedText, ...]
    ticked: Mapping[int, TickedClause]
    #: The approval is void: the text or the facts changed after it and it was not given again.
    needs_reapproval: bool


def saved_texts(events: Iterable[CaseEvent]) -> list[SavedText]:
    """Every saved section text of a case, numbered as presentation versions 1, 2, …"""
    found: list[SavedText] = []
    for event in events:
        payload = event.payload
        if isinstance(payload, TextSaved):
            found.append(
                SavedText(
                    version=len(found) + 1, seq=event.seq, section=payload.section,
                    sha256=payload.sha256, chars=payload.chars, actor=event.actor, at=event.at,
                )
            )  # fmt: skip
    return found


def presentation_state(
    events: Iterable[CaseEvent], version: int | None = None
) -> PresentationState:
    """The presentation as of ``version`` (default the latest).

    Raises:
        ValueError: ``version`` is not between 1 and the latest version (0 when none).
    """
    events = list(events)
    history = saved_texts(events)
    latest = len(history)
    chosen = latest if version is None else version
    if not (0 <= chosen <= latest) or (version is not None and version < 1 and latest):
        raise ValueError(f"version {version} (1-{latest})")
    sections: dict[str, SavedText] = {}
    for saved in history[:chosen]:
        sections[saved.section] = saved
    ticked: dict[int, TickedClause] = {}
    for event in events:
        if isinstance(event.payload, ClauseTicked):
            p = event.payload
            ticked[p.clause] = TickedClause(p.clause, event.actor, event.at, p.note)
    return PresentationState(
        version=chosen, latest=latest, sections=sections, history=tuple(history),
        ticked=ticked, needs_reapproval=approval_voided(events),
    )  # fmt: skip


def approval_step_of(definition: WorkflowDefinition, rules: WorkflowPresentation) -> str | None:
    """The workflow's approval step: the configured one, else its first ``approval`` step."""
    if rules.approval_step is not None:
        return rules.approval_step
    return next((s.id for s in definition.steps.values() if s.kind is StepKind.APPROVAL), None)


def _template(step: str) -> str:
    return step.split("@", 1)[0].split("#", 1)[0]


def approved(events: Iterable[CaseEvent], approval_step: str | None) -> bool:
    """Whether the approval step has approved the case (and not sent it back since).

    An action out of the approval step that is not a return approves; a later return to or
    before it (the case entering the approval step again) withdraws that approval.
    """
    if approval_step is None:
        return False
    state = False
    for event in events:
        p = event.payload
        if not isinstance(p, CaseAdvanced):
            continue
        if _template(p.from_step) == approval_step and p.kind is not TransitionKind.RETURN:
            state = _template(p.to_step) != approval_step
        elif _template(p.to_step) == approval_step or p.kind is TransitionKind.RETURN:
            state = False
    return state


def approval_voided(events: Iterable[CaseEvent]) -> bool:
    """A change after the approval asked for re-approval (``case.reapproval_required``) and
    the approval has not been given again since (``case.reapproved``), nor has the case been
    sent back (a return: it passes the approval step again on its way)."""
    voided = False
    for event in events:
        p = event.payload
        if isinstance(p, ReapprovalRequired):
            voided = True
        elif isinstance(p, Reapproved) or (
            isinstance(p, CaseAdvanced) and p.kind is TransitionKind.RETURN
        ):
            voided = False
    return voided


def decided(events: Iterable[CaseEvent], graph: CaseGraph) -> bool:
    """Whether the decision is taken: the deciding body (route role ``beslutter``) acted on the
    case other than by postponing or returning it, or an administrative decision was made
    (the case left an approval step into execution with no political body deciding)."""
    for event in events:
        p = event.payload
        if not isinstance(p, CaseAdvanced) or p.kind is not TransitionKind.FORWARD:
            continue
        node = graph.steps.get(p.from_step)
        if node is not None and node.route_role is RouteRole.DECIDES:
            return True
        target = graph.steps.get(p.to_step)
        if target is not None and target.step.is_terminal and p.closes:
            return True
    return False


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> tuple[str, ...]:
    """The lines of a unified diff between two texts (empty when they are equal)."""
    return tuple(
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old.splitlines(), new.splitlines(), old_name, new_name, lineterm=""
        )
    )


# ------------------------------------------------------------------------------------ errors
register(
    {
        "error.presentation.section": (
            "afsnittet '{section}' findes ikke i skabelonen (kendte: {known})",
            "the section '{section}' is not in the template (known: {known})",
        ),
        "error.presentation.blocked": (
            "'{action}' afvist af kvalitetssikringen på sag {case_id}: {codes} "
            "(se 'casework case check {case_id}')",
            "'{action}' refused by the quality checks on case {case_id}: {codes} "
            "(see 'casework case check {case_id}')",
        ),
        "error.presentation.frozen": (
            "sag {case_id} er godkendt{after}; {what} kan ikke ændres længere",
            "case {case_id} is approved{after}; {what} can no longer be changed",
        ),
        "presentation.what.text": ("teksten", "the text"),
        "presentation.what.attributes": ("{names}", "{names}"),
        "error.presentation.after_decision": (
            " og afgjort",
            " and decided",
        ),
        "error.presentation.reapproval": (
            "sag {case_id} skal godkendes igen ('casework case reapprove {case_id}') "
            "efter ændringen af {changed}",
            "case {case_id} must be approved again ('casework case reapprove {case_id}') "
            "after the change of {changed}",
        ),
        "error.presentation.not_voided": (
            "sag {case_id} venter ikke på en ny godkendelse",
            "case {case_id} is not waiting for a new approval",
        ),
        "error.presentation.approver": (
            "{person} har ikke rollen '{role}', som godkender sag {case_id}",
            "{person} does not hold the role '{role}' that approves case {case_id}",
        ),
        "error.presentation.clause": (
            "sag {case_id} har ingen at-sætning nr. {clause} i indstillingen ({count} i alt)",
            "case {case_id} has no at-clause no. {clause} in its indstilling ({count} in all)",
        ),
        "error.presentation.ticked": (
            "at-sætning nr. {clause} på sag {case_id} er allerede ekspederet",
            "at-clause no. {clause} of case {case_id} is already executed",
        ),
        "error.presentation.not_approved": (
            "sag {case_id} er ikke godkendt endnu; at-sætninger ekspederes efter godkendelsen",
            "case {case_id} is not approved yet; at-clauses are executed after the approval",
        ),
        "error.presentation.version": (
            "sag {case_id} har ingen version {version} af sagsfremstillingen (1-{latest})",
            "case {case_id} has no version {version} of its presentation (1-{latest})",
        ),
    }
)


class UnknownSection(CaseworkError):
    """A section the template does not have."""

    code = "CW870"
    key = "error.presentation.section"


class QualityBlocked(CaseworkError):
    """An action the workflow lets the quality checks block, with errors found."""

    code = "CW871"
    key = "error.presentation.blocked"


class PresentationFrozen(CaseworkError):
    """A change to the approved text or facts where the workflow refuses it."""

    code = "CW872"
    key = "error.presentation.frozen"


class ReapprovalNeeded(CaseworkError):
    """The case cannot move on (or be re-approved) in its approval state."""

    code = "CW873"
    key = "error.presentation.reapproval"


class ClauseNotPossible(CaseworkError):
    """Ticking off an at-clause that does not exist, is ticked, or comes before approval."""

    code = "CW874"
    key = "error.presentation.clause"


class NoSuchVersion(CaseworkError):
    """A version of the presentation the case does not have."""

    code = "CW875"
    key = "error.presentation.version"


class NotWaitingForApproval(ReapprovalNeeded):
    """Re-approving a case whose approval stands."""

    key = "error.presentation.not_voided"


class NotTheApprover(ReapprovalNeeded):
    """Re-approving without the approval step's role."""

    key = "error.presentation.approver"


class ClauseAlreadyTicked(ClauseNotPossible):
    """Ticking off a clause twice."""

    key = "error.presentation.ticked"


class ClauseBeforeApproval(ClauseNotPossible):
    """Ticking off a clause before the approval."""

    key = "error.presentation.not_approved"


register(
    {
        "event.text_saved": (
            "Sagsfremstilling: afsnittet {section} gemt ({chars} tegn, {sha})",
            "Presentation: section {section} saved ({chars} characters, {sha})",
        ),
        "event.reapproval_required": (
            "Ændret efter godkendelsen ({changed}): skal godkendes igen",
            "Changed after the approval ({changed}): to be approved again",
        ),
        "event.reapproved": ("Godkendt igen efter ændringen", "Approved again after the change"),
        "event.clause_ticked": (
            "At-sætning {clause} i indstillingen ekspederet",
            "At-clause {clause} of the indstilling executed",
        ),
    }
)


def history_text(
    payload: TextSaved | ReapprovalRequired | Reapproved | ClauseTicked, lang: str
) -> str:
    """A presentation event as the case's history shows it (the text itself only by hash)."""
    if isinstance(payload, TextSaved):
        return render(
            "event.text_saved", lang, section=payload.section, chars=payload.chars,
            sha=payload.sha256[:12],
        )  # fmt: skip
    if isinstance(payload, ReapprovalRequired):
        return render("event.reapproval_required", lang, changed=", ".join(payload.changed))
    if isinstance(payload, Reapproved):
        return render("event.reapproved", lang)
    return render("event.clause_ticked", lang, clause=payload.clause)


#: Set only by the body's approval of its agenda (KSL § 10): never by a form, the CLI or the API.
AGENDA_ONLY_ATTRIBUTES = frozenset({"lukket_bekraeftet"})

register(
    {
        "error.presentation.agenda_only": (
            "'{name}' sættes kun når udvalget godkender sin dagsorden",
            "'{name}' is set only when the body approves its agenda",
        ),
    }
)


class AgendaOnlyAttribute(CaseworkError):
    """An attribute only the agenda approval may set, given by a user (a crafted POST too)."""

    code = "CW880"
    key = "error.presentation.agenda_only"


def refuse_agenda_only(attributes: Iterable[str]) -> None:
    """Refuse (CW880) a user's change to an attribute only the agenda approval sets."""
    for name in sorted(set(attributes) & AGENDA_ONLY_ATTRIBUTES):
        raise AgendaOnlyAttribute(name=name)


register(
    {
        "audit.text_missing": (
            "sag {case_id}, version {version} ({section}): teksten {sha256} mangler",
            "case {case_id}, version {version} ({section}): the text {sha256} is missing",
        ),
        "audit.text_changed": (
            "sag {case_id}, version {version} ({section}): den gemte tekst har ikke hashen "
            "{sha256} (den er ændret)",
            "case {case_id}, version {version} ({section}): the stored text does not hash to "
            "{sha256} (it was changed)",
        ),
    }
)


def audit_texts(
    case_id: str, history: Iterable[SavedText], texts: Mapping[str, str]
) -> list[Finding]:
    """The audit of a case's saved texts: each must be stored (CW412) and hash to what its
    ``case.text_saved`` recorded (CW413)."""
    found = []
    for saved in history:
        params = {"case_id": case_id, "version": saved.version, "section": saved.section,
                  "sha256": saved.sha256}  # fmt: skip
        text = texts.get(saved.sha256)
        if text is None:
            found.append(Finding("CW412", "audit.text_missing", params))
        elif text_hash(text) != saved.sha256:
            found.append(Finding("CW413", "audit.text_changed", params))
    return found
