"""The sagsfremstilling as a structured, versioned document (issue 14): versions, at-clauses,
freeze after approval, quality checks, through the application service on the in-memory store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from casework.app import App
from casework.app.presentation import Presentations
from casework.domain.case import Case, replay
from casework.domain.commands import AdvanceCase, ChangeAttributes, OpenCase
from casework.domain.presentation import (
    DEFAULT_CONFIG,
    AfterApproval,
    ClauseAlreadyTicked,
    ClauseBeforeApproval,
    ClauseNotPossible,
    NoSuchVersion,
    NotTheApprover,
    PresentationFrozen,
    QualityBlocked,
    ReapprovalNeeded,
    UnknownSection,
    WorkflowPresentation,
    normalise,
    text_hash,
)
from casework.domain.presentation_checks import check_presentation, lix
from casework.domain.presentation_commands import Reapprove, SaveText, TickClause
from casework.domain.presentation_events import TextSaved

RULES = WorkflowPresentation(
    required={"resume": "kladde", "sagsfremstilling": "kladde", "indstilling": "kladde"},
    block=frozenset({"indsend"}),
)
CONFIG = dataclasses.replace(DEFAULT_CONFIG, workflows={"beslutningssag": RULES})


@pytest.fixture
def app(memory_services: App) -> App:
    object.__setattr__(memory_services, "_presentation_config", CONFIG)
    return memory_services


def _open(app: App, **attributes: str) -> Case:
    return app.open_case(
        OpenCase.model_validate(
            {
                "workflow": "beslutningssag",
                "title": "Trafiksikkerhedsplan 2027",
                "actor": "mette",
                "route": [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                "attributes": {"politikomraade": "veje", **attributes},
            }
        )
    )


def _save(app: App, case_id: str, section: str, text: str, actor: str = "mette") -> None:
    app.presentations.save(SaveText(case_id=case_id, actor=actor, section=section, text=text))


def _do(app: App, case_id: str, action: str, actor: str) -> Case:
    return app.advance(AdvanceCase(case_id=case_id, action=action, actor=actor)).case


def _write(app: App, case_id: str) -> None:
    _save(app, case_id, "resume", "Planen skal gøre vejene sikre for børn.")
    _save(app, case_id, "sagsfremstilling", "Byrådet vedtog i 2022 en plan. Den skal fornyes.")
    _save(app, case_id, "indstilling", "1. at planen godkendes\n2. at der afsættes 2 mio. kr.")
    _save(app, case_id, "oekonomi", "Udgiften afholdes af vejpuljen.")


def test_every_saved_section_is_an_event_naming_its_text_by_hash(app: App) -> None:
    case = _open(app)
    _save(app, case.id, "resume", "Første udgave.")
    _save(app, case.id, "resume", "Anden udgave.", actor="jonas")
    _save(app, case.id, "resume", "Anden udgave.")  # unchanged: nothing recorded
    events = app.history(case.id)
    saved = [e.payload for e in events if isinstance(e.payload, TextSaved)]
    assert [p.sha256 for p in saved] == [text_hash("Første udgave."), text_hash("Anden udgave.")]
    assert replay(events).version == 3
    view = app.presentation(case.id)
    resume = next(s for s in view.sections if s.id == "resume")
    assert (view.version, resume.text, resume.author) == (2, "Anden udgave.", "jonas")
    first = next(s for s in app.presentation(case.id, version=1).sections if s.id == "resume")
    assert first.text == "Første udgave."
    history = app.presentations.history(case.id)
    assert [(r.version, r.author) for r in history.rows] == [(1, "mette"), (2, "jonas")]
    diff = app.presentations.diff(case.id, 1, 2)
    assert [s.section for s in diff.sections] == ["resume"]
    assert "-Første udgave." in diff.sections[0].lines
    assert "+Anden udgave." in diff.sections[0].lines
    with pytest.raises(NoSuchVersion):
        app.presentation(case.id, version=3)


def test_the_indstilling_is_stored_as_numbered_at_clauses(app: App) -> None:
    case = _open(app)
    _save(app, case.id, "indstilling", "1) at planen godkendes;\n- at der afsættes 2 mio. kr.")
    view = app.presentation(case.id)
    section = next(s for s in view.sections if s.id == "indstilling")
    assert section.text == "at planen godkendes\nat der afsættes 2 mio. kr."
    assert [(c.number, c.text) for c in section.clauses] == [
        (1, "at planen godkendes"),
        (2, "at der afsættes 2 mio. kr."),
    ]


def test_an_unknown_section_is_refused(app: App) -> None:
    case = _open(app)
    with pytest.raises(UnknownSection, match="CW870"):
        _save(app, case.id, "konklusion", "tekst")


def test_quality_errors_block_only_the_configured_action(app: App) -> None:
    case = _open(app, beloeb="2000000")
    with pytest.raises(QualityBlocked, match=r"CW871.*Q001"):
        _do(app, case.id, "indsend", "mette")
    check = app.presentations.check(case.id)
    assert not check.ok
    assert check.blocks == ("indsend",)
    _write(app, case.id)
    assert app.presentations.check(case.id).ok
    assert _do(app, case.id, "indsend", "mette").step == "centerchef_godkendelse"


def test_a_text_change_after_approval_needs_re_approval_before_the_political_steps(
    app: App,
) -> None:
    case = _open(app)
    _write(app, case.id)
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")  # the centre head approves
    assert app.presentation(case.id).approved
    _save(app, case.id, "indstilling", "at planen godkendes")
    assert app.presentation(case.id).needs_reapproval
    with pytest.raises(ReapprovalNeeded, match="CW873"):
        _do(app, case.id, "godkend", "annelise")
    with pytest.raises(NotTheApprover):
        app.presentations.reapprove(Reapprove(case_id=case.id, actor="mette"))
    app.presentations.reapprove(Reapprove(case_id=case.id, actor="henrik"))
    assert not app.presentation(case.id).needs_reapproval
    assert _do(app, case.id, "godkend", "annelise").step == "kvalitetssikring"


def test_an_amount_change_after_approval_needs_re_approval(app: App) -> None:
    case = _open(app, beloeb="1000")
    _write(app, case.id)
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")
    app.change_attributes(
        ChangeAttributes(case_id=case.id, actor="mette", attributes={"beloeb": "5000000"})
    )
    assert app.presentation(case.id).needs_reapproval


def test_changes_are_refused_once_the_deciding_body_has_decided(app: App) -> None:
    case = _open(app, beloeb="1000")
    _write(app, case.id)
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie"), ("anbefal", "sofie")]:  # fmt: skip
        _do(app, case.id, action, actor)
    assert app.case(case.id)[0].step == "politisk_behandling@oeu"
    # In political treatment, before the decision: the change waits for a new approval.
    _save(app, case.id, "oekonomi", "Udgiften afholdes af vejpuljen og kassen.")
    assert app.presentation(case.id).needs_reapproval
    with pytest.raises(ReapprovalNeeded):
        _do(app, case.id, "anbefal", "sofie")
    app.presentations.reapprove(Reapprove(case_id=case.id, actor="henrik"))
    _do(app, case.id, "anbefal", "sofie")
    _do(app, case.id, "godkend", "sofie")  # KB decides
    assert app.case(case.id)[0].step == "ekspedition"
    with pytest.raises(PresentationFrozen, match=r"CW872.*decided"):
        _save(app, case.id, "sagsfremstilling", "Ny tekst.")
    with pytest.raises(PresentationFrozen, match="beloeb"):
        app.change_attributes(
            ChangeAttributes(case_id=case.id, actor="mette", attributes={"beloeb": "9"})
        )
    # An attribute that is not a decision fact may still change.
    app.change_attributes(
        ChangeAttributes(case_id=case.id, actor="mette", attributes={"kle_emne": "05.00"})
    )


def test_a_workflow_may_refuse_changes_already_before_the_decision(app: App) -> None:
    strict = dataclasses.replace(RULES, before_decision=AfterApproval.REFUSE)
    object.__setattr__(
        app, "_presentation_config",
        dataclasses.replace(CONFIG, workflows={"beslutningssag": strict}),
    )  # fmt: skip
    case = _open(app)
    _write(app, case.id)
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")
    with pytest.raises(PresentationFrozen):
        _save(app, case.id, "resume", "Kortere.")


def test_each_clause_is_ticked_off_once_after_approval(app: App) -> None:
    case = _open(app)
    _write(app, case.id)
    tick = TickClause(case_id=case.id, actor="mette", clause=1, note="Brev sendt")
    with pytest.raises(ClauseBeforeApproval):
        app.presentations.tick(tick)
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")
    app.presentations.tick(tick)
    with pytest.raises(ClauseAlreadyTicked):
        app.presentations.tick(tick)
    with pytest.raises(ClauseNotPossible, match="CW874"):
        app.presentations.tick(tick.model_copy(update={"clause": 3}))
    clauses = next(s for s in app.presentation(case.id).sections if s.id == "indstilling").clauses
    assert [(c.number, c.executed_by, c.note) for c in clauses] == [
        (1, "mette", "Brev sendt"),
        (2, None, None),
    ]


def test_lix_counts_words_per_sentence_and_long_words() -> None:
    # 5 words, 2 sentences, 3 long words (> 6 letters): 5/2 + 100*3/5 = 2.5 + 60 = 62.5 → 63
    assert lix("Kommunen bygger. Cykelstier hjælper alle.") == 63
    assert lix("Vi bygger veje. Alle cykler.") == 3  # 5/2 + 0 = 2.5 → 3
    assert lix("") is None


def test_every_check_has_its_stable_code() -> None:
    texts = {
        "resume": "ord " * 130,
        "sagsfremstilling": "Se bilag 3 og tegning.pdf. I henhold til planen iværksættes "
        "gennemgribende trafiksikkerhedsforbedringer.",
        "indstilling": "planen godkendes",
    }
    findings = check_presentation(
        config=DEFAULT_CONFIG, rules=RULES, texts=texts, step_order=["kladde", "x"],
        current_step="kladde", attributes={"beloeb": 5}, bilag=["plan.pdf"],
    )  # fmt: skip
    codes = {(f.code, f.severity) for f in findings}
    assert codes == {
        ("Q002", "warning"), ("Q003", "error"), ("Q004", "error"), ("Q005", "error"),
        ("Q006", "warning"), ("Q007", "hint"),
    }  # fmt: skip
    refs = sorted(f.params["ref"] for f in findings if f.code == "Q005")
    assert refs == ["bilag 3", "tegning.pdf"]
    missing = check_presentation(
        config=DEFAULT_CONFIG, rules=RULES, texts={}, step_order=["kladde", "x"],
        current_step="x", attributes={}, bilag=[],
    )  # fmt: skip
    assert {f.code for f in missing} == {"Q001"}


def test_normalise_keeps_the_text_and_drops_trailing_space() -> None:
    assert normalise(None, "  a  \r\nb\n\n") == "  a\nb"


def test_the_view_model_is_the_cli_s_json(app: App) -> None:
    case = _open(app)
    _save(app, case.id, "resume", "Kort.")
    data = Presentations(app).show(case.id).as_json()
    assert data["version"] == 1
    assert data["sections"][0] == {
        "id": "resume", "title": "Resumé", "text": "Kort.", "version": 1, "author": "mette",
        "at": data["sections"][0]["at"], "sha256": text_hash("Kort."), "clauses": [],
        "lix": 1,
    }  # fmt: skip


def test_only_the_agenda_approval_confirms_a_closed_item(app: App) -> None:
    from casework.domain.presentation import AgendaOnlyAttribute

    with pytest.raises(AgendaOnlyAttribute, match="CW880"):
        _open(app, lukket_bekraeftet="true")
    case = _open(app, lukket="true")
    with pytest.raises(AgendaOnlyAttribute):
        app.change_attributes(
            ChangeAttributes(
                case_id=case.id, actor="mette", attributes={"lukket_bekraeftet": "true"}
            )
        )
    assert "lukket_bekraeftet" not in app.case(case.id)[0].attributes


def test_the_agenda_item_carries_the_presentation_and_its_at_clauses(app: App, clock: Any) -> None:
    from casework.services.agendas import assemble_agenda, case_candidate

    clock.instant = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    case = _open(app, indstilling="den gamle attribut", resume="gammelt resumé")
    _write(app, case.id)
    _save(app, case.id, "indstilling", "at planen godkendes, som foreslået\nat midler afsættes")
    _save(app, case.id, "hoering", "Ingen bemærkninger fra borgerne.")
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie")]:  # fmt: skip
        _do(app, case.id, action, actor)
    agenda = assemble_agenda(app.uow_factory, app.config, "tmu", dt.date(2026, 3, 9))
    content = next(i.content for i in agenda.items if i.content is not None)
    assert content.resume == "Planen skal gøre vejene sikre for børn."
    assert content.indstilling == ("at planen godkendes, som foreslået", "at midler afsættes")
    assert content.sagsfremstilling is not None
    assert content.sagsfremstilling.endswith("Høring\nIngen bemærkninger fra borgerne.")
    with app.uow_factory() as uow:
        frozen = case_candidate(uow, app.config, app.case(case.id)[0], dt.date(2026, 3, 2))
    assert frozen.content.indstilling == content.indstilling


def test_a_closed_item_s_presentation_never_reaches_the_public_agenda(app: App, clock: Any) -> None:
    from casework.domain.agenda import Visibility
    from casework.services.agendas import assemble_agenda

    secret = "Xyzzy"
    clock.instant = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    case = _open(app, lukket="ja", lukket_grund="ejendomshandel")
    _write(app, case.id)
    _save(app, case.id, "sagsfremstilling", f"Prisen på {secret} er fortrolig.")
    _save(app, case.id, "indstilling", f"at {secret} købes")
    _save(app, case.id, "kommunikation", f"Intet om {secret}.")
    for action, actor in [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
                          ("godkend", "sofie")]:  # fmt: skip
        _do(app, case.id, action, actor)
    agenda = assemble_agenda(app.uow_factory, app.config, "tmu", dt.date(2026, 3, 9))
    assert secret in repr(agenda.publish(Visibility.FULL))
    assert secret not in repr(agenda.publish(Visibility.PUBLIC))


def test_the_text_attributes_of_older_cases_are_frozen_too(app: App) -> None:
    case = _open(app, indstilling="at planen godkendes")
    _write(app, case.id)
    steps = [("indsend", "mette"), ("godkend", "henrik"), ("godkend", "annelise"),
             ("godkend", "sofie"), ("anbefal", "sofie"), ("anbefal", "sofie"),
             ("godkend", "sofie")]  # fmt: skip
    for action, actor in steps:
        _do(app, case.id, action, actor)
    with pytest.raises(PresentationFrozen, match="indstilling"):
        app.change_attributes(
            ChangeAttributes(
                case_id=case.id, actor="mette", attributes={"indstilling": "at alt ændres"}
            )
        )


def test_a_case_sent_back_after_a_change_is_approved_the_ordinary_way(app: App) -> None:
    case = _open(app)
    _write(app, case.id)
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")
    _save(app, case.id, "resume", "Et andet resumé.")
    assert app.presentation(case.id).needs_reapproval
    _do(app, case.id, "send_tilbage", "annelise")  # the director returns it: allowed
    view = app.presentation(case.id)
    assert not view.needs_reapproval and not view.approved
    _do(app, case.id, "indsend", "mette")
    _do(app, case.id, "godkend", "henrik")
    assert _do(app, case.id, "godkend", "annelise").step == "kvalitetssikring"
