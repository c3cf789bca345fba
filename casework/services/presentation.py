"""The presentation's use cases (issue 14): save a section, re-approve, tick off a clause, and
the guards an action or an attribute change passes first (freeze after approval, quality checks).

Each write is one unit of work: the text goes into the text store and its ``case.text_saved``
event into the case's chain in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.errors import Finding, IdempotencyConflict
from casework.domain.events import CaseEvent
from casework.domain.messages import Msg
from casework.domain.presentation import (
    DECISION_ATTRIBUTES,
    AfterApproval,
    ClauseAlreadyTicked,
    ClauseBeforeApproval,
    ClauseNotPossible,
    NotTheApprover,
    NotWaitingForApproval,
    PresentationConfig,
    PresentationFrozen,
    PresentationState,
    QualityBlocked,
    ReapprovalNeeded,
    UnknownSection,
    WorkflowPresentation,
    approval_step_of,
    approval_voided,
    approved,
    audit_texts,
    clause_list,
    decided,
    normalise,
    presentation_state,
    refuse_agenda_only,
    saved_texts,
    text_hash,
)
from casework.domain.presentation_checks import QualityFinding, blocking, check_presentation
from casework.domain.presentation_commands import Reapprove, SaveText, TickClause
from casework.domain.presentation_events import (
    ClauseTicked,
    ReapprovalRequired,
    Reapproved,
    TextSaved,
)
from casework.domain.workflow import CaseGraph, TransitionKind, WorkflowDefinition
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.presentation import DictTextStore, TextStore
from casework.services.resolve import case_graph, loaded, pinned_definition


def texts_of(uow: UnitOfWork) -> TextStore:
    """The unit of work's text store; a unit of work without one (the in-memory fake, or a
    wrapper around it) gets a dictionary that lives as long as it does."""
    inner: Any = getattr(uow, "inner", uow)
    store: TextStore | None = getattr(inner, "texts", None)
    if store is None:
        store = DictTextStore()
        inner.texts = store
    return store


@dataclass(frozen=True, slots=True)
class Saved:
    """What saving a section did."""

    case: Case
    #: False when the text was the section's current text already (nothing recorded).
    changed: bool
    #: True when the change voided the approval (``case.reapproval_required`` recorded).
    reapproval: bool


def rules_for(
    pconfig: PresentationConfig, definition: WorkflowDefinition
) -> tuple[WorkflowPresentation, str | None]:
    """The workflow's presentation rules and its approval step."""
    rules = pconfig.for_workflow(definition.id)
    return rules, approval_step_of(definition, rules)


def after_approval_mode(
    rules: WorkflowPresentation,
    graph: CaseGraph,
    events: Sequence[CaseEvent],
    approval_step: str | None,
) -> AfterApproval | None:
    """What a change does now: None while not approved, else reapprove or refuse."""
    if decided(events, graph):
        return rules.after_decision
    if not approved(events, approval_step):
        return None
    return rules.before_decision


def save_text(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, clock: Clock,
    cmd: SaveText,
) -> Saved:  # fmt: skip
    """Save a new version of one section (a no-op when the text is unchanged).

    Raises UnknownSection, PresentationFrozen (CW872), the case errors (CW201, CW206, CW204).
    """
    spec = pconfig.section(cmd.section)
    if spec is None:
        raise UnknownSection(section=cmd.section, known=", ".join(s.id for s in pconfig.sections))
    text = normalise(spec, cmd.text)
    with uow:
        if cmd.idempotency_key and (earlier := uow.cases.event_by_key(cmd.idempotency_key)):
            if (earlier.case_id, earlier.actor) != (cmd.case_id, cmd.actor):
                raise IdempotencyConflict(key=cmd.idempotency_key, other=earlier.case_id)
            return Saved(uow.cases.get(cmd.case_id), changed=False, reapproval=False)
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        version = case.version
        events = uow.cases.events(case.id)
        sha = text_hash(text)
        current = presentation_state(events).sections.get(spec.id)
        if (current.sha256 if current else text_hash("")) == sha:
            return Saved(case, changed=False, reapproval=False)
        definition = pinned_definition(config, case, uow)
        graph = definition.expand(case.route)
        rules, approval_step = rules_for(pconfig, definition)
        mode = after_approval_mode(rules, graph, events, approval_step)
        _refuse_if_frozen(mode, case, events, graph, Msg("presentation.what.text"))
        texts_of(uow).put(sha, text)
        at = clock.now()
        municipality = config.municipality
        case.record_presentation(
            municipality=municipality, actor=cmd.actor, at=at,
            payload=TextSaved(section=spec.id, sha256=sha, chars=len(text)),
            idempotency_key=cmd.idempotency_key,
        )  # fmt: skip
        reapproval = mode is AfterApproval.REAPPROVE and not approval_voided(events)
        if reapproval:
            case.record_presentation(
                municipality=municipality, actor=cmd.actor, at=at,
                payload=ReapprovalRequired(changed=(spec.id,)),
            )  # fmt: skip
        uow.cases.save(case, expected_version=version)
        uow.commit()
    return Saved(case, changed=True, reapproval=reapproval)


def save_sections(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, clock: Clock, *,
    case_id: str, actor: str, texts: Mapping[str, str], expected_version: int | None = None,
) -> SavedMany:  # fmt: skip
    """Save several sections at once (an imported Word document): each changed section is one
    ``case.text_saved`` event, as :func:`save_text` records it, all in one transaction, with one
    ``case.reapproval_required`` naming every changed section when the approval stands.

    Raises UnknownSection (CW870), PresentationFrozen (CW872), the case errors.
    """
    normalised: dict[str, str] = {}
    for section, text in texts.items():
        spec = pconfig.section(section)
        if spec is None:
            known = ", ".join(s.id for s in pconfig.sections)
            raise UnknownSection(section=section, known=known)
        normalised[spec.id] = normalise(spec, text)
    with uow:
        case = loaded(uow, case_id, expected_version)
        version = case.version
        events = uow.cases.events(case.id)
        current = presentation_state(events).sections
        changed = [
            spec.id
            for spec in pconfig.sections
            if spec.id in normalised
            and (current[spec.id].sha256 if spec.id in current else text_hash(""))
            != text_hash(normalised[spec.id])
        ]
        if not changed:
            return SavedMany(case, changed=(), reapproval=False)
        definition = pinned_definition(config, case, uow)
        graph = definition.expand(case.route)
        rules, approval_step = rules_for(pconfig, definition)
        mode = after_approval_mode(rules, graph, events, approval_step)
        _refuse_if_frozen(mode, case, events, graph, Msg("presentation.what.text"))
        at = clock.now()
        municipality = config.municipality
        store = texts_of(uow)
        for section in changed:
            text = normalised[section]
            sha = text_hash(text)
            store.put(sha, text)
            case.record_presentation(
                municipality=municipality, actor=actor, at=at,
                payload=TextSaved(section=section, sha256=sha, chars=len(text)),
            )  # fmt: skip
        reapproval = mode is AfterApproval.REAPPROVE and not approval_voided(events)
        if reapproval:
            case.record_presentation(
                municipality=municipality, actor=actor, at=at,
                payload=ReapprovalRequired(changed=tuple(changed)),
            )  # fmt: skip
        uow.cases.save(case, expected_version=version)
        uow.commit()
    return SavedMany(case, changed=tuple(changed), reapproval=reapproval)


@dataclass(frozen=True, slots=True)
class SavedMany:
    """What saving several sections did."""

    case: Case
    #: The sections saved, in the template's order (empty: the texts were the current ones).
    changed: tuple[str, ...]
    #: True when the change voided the approval (``case.reapproval_required`` recorded).
    reapproval: bool


def _refuse_if_frozen(
    mode: AfterApproval | None,
    case: Case,
    events: Sequence[CaseEvent],
    graph: CaseGraph,
    what: Msg,
) -> None:
    if mode is AfterApproval.REFUSE:
        after = Msg("error.presentation.after_decision") if decided(events, graph) else ""
        raise PresentationFrozen(case_id=case.id, after=after, what=what)


def attribute_change_rules(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, clock: Clock, *,
    case: Case, events: Sequence[CaseEvent], actor: str, changes: Mapping[str, Any],
) -> Callable[[Case], None] | None:  # fmt: skip
    """The presentation's rules for an attribute change, inside the change's unit of work and
    before it is recorded: refuse it (CW880, CW872) when it touches an attribute only the agenda
    approval sets, or a decision-relevant attribute of an approved case whose workflow freezes;
    when it voids the approval, what records ``case.reapproval_required`` on the case after the
    change, to be saved with it (the change and the voided approval commit together or not at
    all). None when the change is the presentation's no concern."""
    refuse_agenda_only(changes)
    relevant = sorted(set(changes) & DECISION_ATTRIBUTES)
    if not relevant:
        return None
    definition = pinned_definition(config, case, uow)
    graph = definition.expand(case.route)
    rules, approval_step = rules_for(pconfig, definition)
    mode = after_approval_mode(rules, graph, events, approval_step)
    what = Msg("presentation.what.attributes", names=", ".join(relevant))
    _refuse_if_frozen(mode, case, events, graph, what)
    if mode is not AfterApproval.REAPPROVE or approval_voided(events):
        return None

    def record(changed: Case) -> None:
        changed.record_presentation(
            municipality=config.municipality, actor=actor, at=clock.now(),
            payload=ReapprovalRequired(changed=tuple(relevant)),
        )  # fmt: skip

    return record


def reapprove(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, clock: Clock,
    cmd: Reapprove,
) -> Case:  # fmt: skip
    """Give the approval again; only a holder of the approval step's role may."""
    with uow:
        case = uow.cases.get(cmd.case_id)
        version = case.version
        events = uow.cases.events(case.id)
        if not approval_voided(events):
            raise NotWaitingForApproval(case_id=case.id)
        definition = pinned_definition(config, case, uow)
        _, approval_step = rules_for(pconfig, definition)
        role = definition.steps[approval_step].role if approval_step else "centerchef"
        person = config.municipality.person(cmd.actor)
        if role not in person.roles:
            raise NotTheApprover(person=cmd.actor, role=role, case_id=case.id)
        case.record_presentation(
            municipality=config.municipality, actor=cmd.actor, at=clock.now(),
            payload=Reapproved(comment=cmd.comment),
        )  # fmt: skip
        uow.cases.save(case, expected_version=version)
        uow.commit()
    return case


def tick_clause(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, clock: Clock,
    cmd: TickClause,
) -> Case:  # fmt: skip
    """Mark one at-clause as executed (after the approval; each clause once)."""
    with uow:
        case = uow.cases.get(cmd.case_id)
        version = case.version
        events = uow.cases.events(case.id)
        state = presentation_state(events)
        saved = state.sections.get("indstilling")
        text = texts_of(uow).get([saved.sha256]).get(saved.sha256, "") if saved else ""
        count = len(clause_list(text))
        if not 1 <= cmd.clause <= count:
            raise ClauseNotPossible(case_id=case.id, clause=cmd.clause, count=count)
        if cmd.clause in state.ticked:
            raise ClauseAlreadyTicked(case_id=case.id, clause=cmd.clause)
        definition = pinned_definition(config, case, uow)
        _, approval_step = rules_for(pconfig, definition)
        if not approved(events, approval_step):
            raise ClauseBeforeApproval(case_id=case.id)
        case.record_presentation(
            municipality=config.municipality, actor=cmd.actor, at=clock.now(),
            payload=ClauseTicked(clause=cmd.clause, note=cmd.note),
        )  # fmt: skip
        uow.cases.save(case, expected_version=version)
        uow.commit()
    return case


@dataclass(frozen=True, slots=True)
class Loaded:
    """A case's presentation with its texts, read in one unit of work."""

    case: Case
    events: list[CaseEvent]
    definition: WorkflowDefinition
    state: PresentationState
    #: Every text any version names, by hash.
    texts: dict[str, str]


def load(
    uow: UnitOfWork, config: Configuration, case_id: str, version: int | None = None
) -> Loaded:
    """The case's presentation as of ``version`` (default the latest), with its texts."""
    with uow:
        case = uow.cases.get(case_id)
        events = uow.cases.events(case_id)
        definition = pinned_definition(config, case, uow)
        state = presentation_state(events, version)
        texts = texts_of(uow).get({s.sha256 for s in state.history})
    return Loaded(case, events, definition, state, texts)


def section_texts(loaded_: Loaded) -> dict[str, str]:
    """Section id → text as of the loaded version."""
    return {k: loaded_.texts.get(v.sha256, "") for k, v in loaded_.state.sections.items()}


def bilag_names(case: Case, events: Sequence[CaseEvent]) -> list[str]:
    """The case's bilag (the attached files' titles, else the ``bilag`` attribute's names)."""
    try:  # the attached files (issue 14, item 3), once they have landed
        from casework.domain.bilag import bilag_of

        attached = [b.title for b in bilag_of(events)]
    except ImportError:  # pragma: no cover - a tree without attachments
        attached = []
    if attached:
        return attached
    from casework.domain.danish import names

    value = case.attributes.get("bilag")
    return list(names(str(value))) if value else []


def check(
    config: Configuration, pconfig: PresentationConfig, loaded_: Loaded,
    draft: Mapping[str, str] | None = None,
) -> list[QualityFinding]:  # fmt: skip
    """The quality findings on the loaded presentation at the case's current step (with the
    sections of ``draft``, normalised as a save would, in place of the saved ones: an unsaved
    edit checked before it is saved)."""
    rules, _ = rules_for(pconfig, loaded_.definition)
    texts = section_texts(loaded_)
    for section, text in (draft or {}).items():
        if (spec := pconfig.section(section)) is not None:
            texts[spec.id] = normalise(spec, text)
    for name in ("resume", "sagsfremstilling", "oekonomi", "indstilling"):
        # A case written before issue 14 keeps its texts as attributes.
        if name not in texts and isinstance(loaded_.case.attributes.get(name), str):
            texts[name] = normalise(pconfig.section(name), loaded_.case.attributes[name])
    return check_presentation(
        config=pconfig, rules=rules, texts=texts, step_order=list(loaded_.definition.steps),
        current_step=loaded_.case.step, attributes=loaded_.case.attributes,
        bilag=bilag_names(loaded_.case, loaded_.events),
    )  # fmt: skip


def guard_advance(
    uow: UnitOfWork, config: Configuration, pconfig: PresentationConfig, case_id: str,
    action: str,
) -> None:  # fmt: skip
    """Before an action: a case waiting for re-approval moves only back (a return) or by the
    approver's re-approval; an action the workflow lets the checks block needs no errors."""
    loaded_ = load(uow, config, case_id)
    rules, _ = rules_for(pconfig, loaded_.definition)
    case = loaded_.case
    if loaded_.state.needs_reapproval:
        with uow:
            edge = case_graph(config, case, uow).actions(case.step).get(action)
        if edge is not None and edge.transition.kind is not TransitionKind.RETURN:
            changed = _last_changed(loaded_.events)
            raise ReapprovalNeeded(case_id=case.id, changed=", ".join(changed))
    if action in rules.block:
        errors = blocking(check(config, pconfig, loaded_))
        if errors:
            codes = ", ".join(sorted({f.code for f in errors}))
            raise QualityBlocked(action=action, case_id=case.id, codes=codes)


def _last_changed(events: Sequence[CaseEvent]) -> list[str]:
    found: list[str] = []
    for event in events:
        if isinstance(event.payload, ReapprovalRequired):
            found = list(event.payload.changed)
    return found


#: Sections an agenda item has no field of its own for: shown under their heading after the
#: sagsfremstilling.
_APPENDED = (("hoering", "Høring"), ("kommunikation", "Kommunikation"))


def agenda_texts(uow: UnitOfWork, events: Sequence[CaseEvent]) -> dict[str, str]:
    """The latest version's texts by section for an agenda item; empty for a case without a
    presentation (its item keeps reading the attributes). Høring and Kommunikation are joined
    to the sagsfremstilling under their headings."""
    state = presentation_state(events)
    if not state.sections:
        return {}
    stored = texts_of(uow).get({s.sha256 for s in state.sections.values()})
    texts = {k: stored.get(v.sha256, "") for k, v in state.sections.items()}
    extra = [f"{title}\n{texts[k]}" for k, title in _APPENDED if texts.get(k, "").strip()]
    if extra:
        texts["sagsfremstilling"] = "\n\n".join(
            [t for t in [texts.get("sagsfremstilling", "").strip()] if t] + extra
        )
    return texts


def verify(uow: UnitOfWork, case_ids: Iterable[str] | None = None) -> list[Finding]:
    """The audit of the presentations' texts (CW412 missing, CW413 changed)."""
    findings: list[Finding] = []
    with uow:
        ids = list(case_ids) if case_ids is not None else sorted(uow.cases.ids())
        store = texts_of(uow)
        for case_id in ids:
            history = saved_texts(uow.cases.events(case_id))
            if history:
                texts = store.get({s.sha256 for s in history})
                findings.extend(audit_texts(case_id, history, texts))
    return findings
