"""A decision-relevant attribute change after the approval and the voided approval it causes
are one unit of work: on SQLite and PostgreSQL, a failure while recording
``case.reapproval_required`` leaves neither the change nor the voided approval written."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, ChangeAttributes, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.events import EventKind
from casework.domain.presentation import (
    DEFAULT_CONFIG,
    AfterApproval,
    PresentationFrozen,
    WorkflowPresentation,
)
from casework.domain.presentation_commands import SaveText
from casework.services import presentation as presentation_service
from casework.testing import FixedClock

CONFIG = dataclasses.replace(
    DEFAULT_CONFIG,
    workflows={
        "beslutningssag": WorkflowPresentation(
            required={"resume": "kladde", "indstilling": "kladde"},
            block=frozenset({"indsend"}),
        )
    },
)


@pytest.fixture
def app(engine: Engine, config: Configuration) -> App:
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())
    object.__setattr__(app, "_presentation_config", CONFIG)
    return app


def _approved_case(app: App) -> str:
    case = app.open_case(
        OpenCase.model_validate(
            {
                "workflow": "beslutningssag",
                "title": "Trafiksikkerhedsplan 2027",
                "actor": "mette",
                "route": [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                "attributes": {"politikomraade": "veje", "beloeb": "1000"},
            }
        )
    )
    for section, text in (
        ("resume", "Planen skal gøre vejene sikre for børn."),
        ("sagsfremstilling", "Byrådet vedtog i 2022 en plan. Den skal fornyes."),
        ("indstilling", "1. at planen godkendes\n2. at der afsættes 2 mio. kr."),
        ("oekonomi", "Udgiften afholdes af vejpuljen."),
    ):
        app.presentations.save(SaveText(case_id=case.id, actor="mette", section=section, text=text))
    for action, actor in (("indsend", "mette"), ("godkend", "henrik")):
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    return case.id


def _change(app: App, case_id: str) -> None:
    app.change_attributes(
        ChangeAttributes(case_id=case_id, actor="mette", attributes={"beloeb": "5000000"})
    )


def test_the_change_and_the_voided_approval_are_written_together(app: App) -> None:
    case_id = _approved_case(app)
    _change(app, case_id)
    case, events = app.case(case_id)
    assert str(case.attributes["beloeb"]) == "5000000"
    assert [e.kind for e in events[-2:]] == [
        EventKind.ATTRIBUTES_CHANGED,
        EventKind.REAPPROVAL_REQUIRED,
    ]
    assert app.presentation(case_id).needs_reapproval


def test_a_failure_recording_the_voided_approval_leaves_nothing_written(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _approved_case(app)
    before_case, before_events = app.case(case_id)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("crash between the change and case.reapproval_required")

    monkeypatch.setattr(presentation_service, "ReapprovalRequired", broken)
    with pytest.raises(RuntimeError, match="crash between"):
        _change(app, case_id)
    monkeypatch.undo()

    after_case, after_events = app.case(case_id)
    assert after_events == before_events
    assert after_case.attributes == before_case.attributes
    assert after_case.version == before_case.version
    assert not app.presentation(case_id).needs_reapproval
    # Once the failure is gone the same change goes through, with its consequence.
    _change(app, case_id)
    assert app.presentation(case_id).needs_reapproval


def test_a_refused_change_is_judged_in_its_own_transaction_and_writes_nothing(
    app: App,
) -> None:
    strict = dataclasses.replace(
        CONFIG.workflows["beslutningssag"], before_decision=AfterApproval.REFUSE
    )
    object.__setattr__(
        app,
        "_presentation_config",
        dataclasses.replace(CONFIG, workflows={"beslutningssag": strict}),
    )
    case_id = _approved_case(app)
    before = app.case(case_id)
    with pytest.raises(PresentationFrozen, match="beloeb"):
        _change(app, case_id)
    assert app.case(case_id) == before
