"""Minimum periods (issue 15, item 2): a step with a statutory minimum is never left early.

A local plan's public hearing lasts at least 4 weeks (planloven § 24, stk. 5; 2 weeks for a plan
of minor importance, stk. 6), its klagefrist runs 4 weeks from the publication, and a member's
proposal needs 8 days' notice before the meeting (the rules of procedure). The periods come from
calendar.yaml's one table; only the secretariat may override, with a reason on the event.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from casework.app import App
from casework.domain.case import replay
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, RecordDecision
from casework.domain.configuration import Configuration
from casework.domain.errors import (
    CaseworkError,
    MinimumPeriodNotPassed,
    OverrideNotPermitted,
)
from casework.domain.events import CaseEvent, parse_instant
from casework.domain.periods import PeriodKind, PeriodSource, applicable, check_periods
from casework.domain.workflow import CaseStatus, TransitionKind
from casework.services.handlers import AdvanceResult
from casework.testing import FixedClock, InMemoryUnitOfWork

MONDAY = dt.datetime(2026, 5, 4, 8, tzinfo=dt.UTC)  # 10:00 in Copenhagen
LOCAL_PLAN_ROUTE = [("bpu", "beslutter"), ("oeu", "orienteres")]
TO_THE_HEARING = [
    ("indsend", "aase"),
    ("godkend", "birgitte"),
    ("godkend", "annelise"),
    ("godkend", "sofie"),
    ("godkend", "sofie"),  # BPU adopts the proposal
    ("offentliggoer", "aase"),  # published on Plandata.dk: the hearing starts
]


def _app(config: Configuration, clock: FixedClock) -> App:
    uow = InMemoryUnitOfWork()
    return App(config=config, uow_factory=lambda: uow, clock=clock)


def _local_plan(app: App, **attributes: object) -> str:
    case = app.open_case(OpenCase(
        title="Lokalplan 212 for Virum Bytorv", actor="aase", workflow="lokalplan",
        route=LOCAL_PLAN_ROUTE, attributes={"politikomraade": "lokalplaner", **attributes},
    ))  # fmt: skip
    for action, actor in TO_THE_HEARING:
        app.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
    assert app.case(case.id)[0].step == "offentlig_hoering"
    return case.id


def _close_hearing(
    app: App, case_id: str, actor: str = "aase", override: str | None = None
) -> AdvanceResult:
    return app.advance(AdvanceCase(
        case_id=case_id, action="afslut_hoering", actor=actor, override_minimum=override,
    ))  # fmt: skip


def test_the_periods_come_from_one_table_with_their_legal_source(config: Configuration) -> None:
    assert config.calendar is not None
    periods = config.calendar.periods
    assert set(periods) == {
        "lokalplan_hoering", "lokalplan_hoering_mindre", "klagefrist_plan", "medlemsforslag",
    }  # fmt: skip
    hearing = periods["lokalplan_hoering"]
    assert (hearing.spec.amount, hearing.spec.unit.value) == (4, "uger")
    assert hearing.source is PeriodSource.LAW and hearing.statutory
    assert hearing.basis is not None and "§ 24, stk. 5" in hearing.basis
    assert "§ 24, stk. 6" in (periods["lokalplan_hoering_mindre"].basis or "")
    proposal = periods["medlemsforslag"]
    assert proposal.kind is PeriodKind.NOTICE
    # The 8 days are the council's own rules, not the law (KSL § 11 is the right of initiative).
    assert proposal.source is PeriodSource.RULES_OF_PROCEDURE and not proposal.statutory
    assert check_periods(config.workflows, periods) == []  # every period used, none unknown


def test_a_period_no_step_uses_or_a_step_naming_no_period_is_reported(
    config: Configuration,
) -> None:
    assert config.calendar is not None
    periods = dict(config.calendar.periods)
    extra = periods["klagefrist_plan"]
    periods["aktindsigt"] = extra
    del periods["medlemsforslag"]
    found = {(f.code, f.params.get("period")) for f in check_periods(config.workflows, periods)}
    assert found == {("CW125", "aktindsigt"), ("CW124", "medlemsforslag")}


def test_the_hearing_cannot_be_closed_before_four_weeks(config: Configuration) -> None:
    clock = FixedClock(MONDAY)
    app = _app(config, clock)
    case_id = _local_plan(app)
    with pytest.raises(MinimumPeriodNotPassed) as refused:
        _close_hearing(app, case_id)
    assert refused.value.code == "CW226"
    # Entered on Monday 4 May: four weeks end on 1 June; the hearing closes from 2 June.
    assert "2026-06-02" in refused.value.message("da")
    assert "planloven § 24, stk. 5" in refused.value.message("da").lower()
    clock.advance(days=28)  # Monday 1 June: the last day of the hearing
    with pytest.raises(MinimumPeriodNotPassed):
        _close_hearing(app, case_id)
    clock.advance(days=1)
    result = _close_hearing(app, case_id)
    assert result.case.step == "hoeringsnotat"
    assert "override" not in result.event.data


def test_a_plan_of_minor_importance_has_a_two_week_hearing(config: Configuration) -> None:
    clock = FixedClock(MONDAY)
    app = _app(config, clock)
    case_id = _local_plan(app, mindre_betydning=True)
    clock.advance(days=14)
    with pytest.raises(MinimumPeriodNotPassed):
        _close_hearing(app, case_id)
    clock.advance(days=1)
    assert _close_hearing(app, case_id).case.step == "hoeringsnotat"


def test_only_the_secretariat_overrides_and_the_reason_is_on_record(
    config: Configuration,
) -> None:
    clock = FixedClock(MONDAY)
    app = _app(config, clock)
    case_id = _local_plan(app)
    before = app.case(case_id)[0]
    with pytest.raises(OverrideNotPermitted) as refused:
        _close_hearing(app, case_id, "aase", "Ingen bemærkninger kom ind")
    assert refused.value.code == "CW227"
    assert app.case(case_id)[0].state() == before.state()  # nothing written
    result = _close_hearing(app, case_id, "sofie", "Høringen blev holdt på papir i marts")
    assert result.event.data["override"] == "Høringen blev holdt på papir i marts"
    stored, events = app.case(case_id)
    assert stored.state() == replay(events).state()
    texts = [app.views.history_entry(app.graph(stored), e, "da").text for e in events]
    assert any("minimumsfristen fraveget: Høringen blev holdt" in t for t in texts)


def test_the_klagefrist_runs_four_weeks_from_the_publication(config: Configuration) -> None:
    clock = FixedClock(MONDAY)
    app = _app(config, clock)
    case_id = _local_plan(app)
    clock.advance(days=29)
    _close_hearing(app, case_id)
    for action, actor in [
        ("indsend", "aase"),
        ("godkend", "sofie"),  # BPU adopts the plan
        ("tag_til_efterretning", "sofie"),  # ØU informed
        ("offentliggoer", "aase"),  # the adopted plan on Plandata.dk
    ]:
        app.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    assert app.case(case_id)[0].step == "klagefrist"
    with pytest.raises(MinimumPeriodNotPassed):
        app.advance(AdvanceCase(case_id=case_id, action="afslut", actor="aase"))
    clock.advance(days=29)
    closed = app.advance(AdvanceCase(case_id=case_id, action="afslut", actor="aase")).case
    assert closed.status is CaseStatus.CLOSED


def test_a_members_proposal_needs_eight_days_notice_but_may_be_postponed(
    config: Configuration,
) -> None:
    clock = FixedClock(dt.datetime(2026, 4, 24, 8, tzinfo=dt.UTC))  # received Friday 24 April
    app = _app(config, clock)
    case = app.open_case(OpenCase(
        title="Medlemsforslag om gratis busser", actor="sofie", workflow="medlemsforslag",
        route=[("kb", "beslutter")], centre="bds",
    ))  # fmt: skip
    app.advance(AdvanceCase(case_id=case.id, action="registrer", actor="sofie"))
    clock.advance(days=7)  # 1 May, the day after KB's meeting of 30 April: 6 days' notice only
    too_soon = Minutes(outcome="godkendt", meeting=dt.date(2026, 4, 30), text="Vedtaget")
    with pytest.raises(MinimumPeriodNotPassed):
        app.decide(RecordDecision(case_id=case.id, actor="sofie", minutes=too_soon))
    # Postponing to the next meeting is what the rules of procedure ask for: never held back.
    postponed = app.advance(AdvanceCase(case_id=case.id, action="udsaet", actor="sofie"))
    assert postponed.event.data["kind"] == TransitionKind.POSTPONE.value
    clock.advance(days=28)
    in_time = Minutes(outcome="godkendt", meeting=dt.date(2026, 5, 28), text="Vedtaget")
    decided = app.decide(RecordDecision(case_id=case.id, actor="sofie", minutes=in_time))
    assert decided.case.step == "ekspedition"


# --------------------------------------------------------------------------- property

#: Routes each workflow accepts, for the walk.
ROUTES = {
    "beslutningssag": [[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]],
    "orienteringssag": [[("sou", "orienteres")]],
    "administrativ_beslutning": [[], [("tmu", "orienteres")]],
    "droeftelsessag": [[("buu", "droefter")]],
    "lokalplan": [LOCAL_PLAN_ROUTE, [("bpu", "indstiller"), ("kb", "beslutter")]],
    "medlemsforslag": [[("kb", "beslutter")]],
}
OWNERS = {"medlemsforslag": ("sofie", "bds"), "lokalplan": ("aase", "cby")}


def test_every_workflow_is_walked() -> None:
    from casework.adapters.config.full import load_full_configuration
    from tests.conftest import CONFIG_DIR

    assert set(ROUTES) == set(load_full_configuration(CONFIG_DIR).workflows)


def _left_early(config: Configuration, events: list[CaseEvent]) -> Iterator[str]:
    """Every step left before its minimum without an override, computed from the history."""
    assert config.calendar is not None
    calendar, periods = config.calendar.calendar, config.calendar.periods
    case = replay(events[:1])
    opened = calendar.local_date(parse_instant(events[0].at))
    for event in events[1:]:
        data = event.data
        if event.kind.value == "case.advanced" and data["kind"] != "postpone":
            graph = config.workflow(case.workflow_id).expand(case.route)
            step = graph.steps[data["from"]].step
            period = applicable(step.minimum, case.attributes, periods)
            if period is not None and "override" not in data:
                left = calendar.local_date(parse_instant(event.at))
                entered = calendar.local_date(parse_instant(case.step_entered_at))
                if period.kind is PeriodKind.NOTICE:
                    meeting = (data.get("minutes") or {}).get("meeting")
                    day = dt.date.fromisoformat(meeting) if meeting else left
                    if (day - opened).days < period.spec.amount:
                        yield f"{data['from']} decided {day}, received {opened}"
                elif left <= calendar.after(entered, period.spec).date:
                    yield f"{data['from']} left {left}, entered {entered}"
            if "override" in data:
                assert "sekretariat" in config.municipality.person(event.actor).roles
        case.apply(event)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_workflow_ever_leaves_a_minimum_early_without_an_override(
    config: Configuration, data: st.DataObject
) -> None:
    clock = FixedClock(MONDAY)
    app = _app(config, clock)
    # Every workflow; those with minimum periods more often.
    weighted = [*sorted(ROUTES), "lokalplan", "lokalplan", "lokalplan", "medlemsforslag"]
    workflow = data.draw(st.sampled_from(weighted), label="workflow")
    owner, centre = OWNERS.get(workflow, ("mette", "cmt"))
    minor = data.draw(st.booleans(), label="minor")
    case = app.open_case(OpenCase(
        workflow=workflow, title="Egenskabstest", actor=owner, centre=centre,
        route=data.draw(st.sampled_from(ROUTES[workflow])),
        attributes={"politikomraade": "veje", **({"mindre_betydning": True} if minor else {})},
    ))  # fmt: skip
    people = sorted(config.municipality.people)
    for _ in range(data.draw(st.integers(min_value=5, max_value=60))):
        graph = app.graph(case)
        edges = list(graph.actions(case.step).values())
        if not edges:
            break
        # Mostly onwards (as cases go), sometimes anything: returns, postponements, rejections.
        onwards = [e for e in edges if e.transition.kind is TransitionKind.FORWARD
                   and e.action not in {"traek_tilbage", "afvis"}]  # fmt: skip
        anything = not onwards or data.draw(st.integers(0, 4)) == 0
        edge = data.draw(st.sampled_from(edges if anything else onwards))
        allowed = [p for p in people if config.municipality.person(p).roles & edge.transition.roles]
        actor = data.draw(st.sampled_from(allowed or people))
        unit = data.draw(st.sampled_from(["hours", "days"]))
        clock.advance(**{unit: data.draw(st.integers(min_value=1, max_value=30))})
        override = data.draw(st.sampled_from([None, None, None, "Sekretariatet fraviger fristen"]))
        meeting = None
        body = graph.steps[case.step].body
        if edge.transition.outcome is not None and body is not None and data.draw(st.booleans()):
            assert config.calendar is not None
            held = [m.date for m in config.calendar.meetings.for_body(body)
                    if m.date <= clock.today()][-3:]  # fmt: skip
            meeting = data.draw(st.sampled_from(held)) if held else None
        before = app.case(case.id)[0]
        try:
            if meeting is not None:
                outcome = edge.transition.outcome.value  # type: ignore[union-attr]
                minutes = Minutes(outcome=outcome, meeting=meeting, text="Beslutning")
                case = app.decide(RecordDecision(
                    case_id=case.id, actor=actor, minutes=minutes, override_minimum=override,
                )).case  # fmt: skip
            else:
                case = app.advance(AdvanceCase(
                    case_id=case.id, action=edge.action, actor=actor, override_minimum=override,
                )).case  # fmt: skip
        except CaseworkError:
            assert app.case(case.id)[0].state() == before.state()  # a refusal writes nothing
            case = before
            continue
    stored, events = app.case(case.id)
    assert stored.state() == replay(events).state()
    assert list(_left_early(config, events)) == []
    for e in events[1:]:  # what the walk reached (shown with --hypothesis-show-statistics)
        if e.data.get("from") in {"offentlig_hoering", "klagefrist"} or "override" in e.data:
            note(f"left {e.data['from']}{' by override' if 'override' in e.data else ''}")
        if (e.data.get("minutes") or {}).get("meeting") and workflow == "medlemsforslag":
            note("member's proposal decided at a meeting")


def test_config_check_reports_an_unused_period_at_load(tmp_path: Path) -> None:
    from casework.adapters.config.full import load_full_configuration
    from casework.domain.errors import DefinitionError
    from tests.conftest import CONFIG_DIR

    root = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, root)
    calendar = root / "calendar.yaml"
    calendar.write_text(
        calendar.read_text("utf-8")
        + "  aktindsigt: {amount: 7, unit: hverdage, kind: wait, source: lov,\n"
        + '               basis: "Offentlighedsloven § 36, stk. 2"}\n',
        "utf-8",
    )
    with pytest.raises(DefinitionError) as found:
        load_full_configuration(root)
    assert [(f.code, f.params["period"]) for f in found.value.findings] == [("CW125", "aktindsigt")]
