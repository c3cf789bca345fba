"""The demo data is realistic (issue 15, item 1): every workflow, people at work in office hours
on working days, no title twice, no budget left behind, and no minimum period cut short."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.domain.case import Case
from casework.domain.configuration import Configuration
from casework.domain.events import CaseEvent, parse_instant
from casework.domain.workflow import StepKind
from casework.services.demo import seed_demo
from casework.testing import InMemoryUnitOfWork
from tests.unit.test_minimum_periods import _left_early

END = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo(config: Configuration) -> list[tuple[Case, list[CaseEvent]]]:
    uow = InMemoryUnitOfWork()
    ids = seed_demo(lambda: uow, config, cases=40, end=END)
    with uow:
        return [(uow.cases.get(i), uow.cases.events(i)) for i in ids]


def test_the_demo_opens_cases_of_every_workflow(
    config: Configuration, demo: list[tuple[Case, list[CaseEvent]]]
) -> None:
    assert {case.workflow_id for case, _ in demo} == set(config.workflows)
    # A local plan follows the local-plan workflow because the plan's table says so.
    plans = [c for c, _ in demo if c.attributes.get("sagstype") == "lokalplan"]
    assert plans and all(c.workflow_id == "lokalplan" for c in plans)


def test_no_two_demo_cases_share_a_title(demo: list[tuple[Case, list[CaseEvent]]]) -> None:
    titles = [case.title for case, _ in demo]
    assert len(titles) == len(set(titles))


def test_people_act_in_office_hours_on_working_days(
    config: Configuration, demo: list[tuple[Case, list[CaseEvent]]]
) -> None:
    calendar = config.work_calendar
    assert calendar is not None
    for case, events in demo:
        graph = config.workflow(case.workflow_id).expand(case.route)
        for event in events:
            source = event.data.get("from")
            if source is not None and graph.steps[source].step.kind is StepKind.MEETING:
                continue  # a body decides at its meeting, in the evening too
            at = parse_instant(event.at)
            day = calendar.local_date(at)
            local = calendar.local(day, dt.time(12)).tzinfo
            assert calendar.is_hverdag(day), (case.id, event.kind, event.at)
            assert 8 <= at.astimezone(local).hour < 16, (case.id, event.kind, event.at)


def test_no_budget_waits_at_the_finance_committee_past_its_deadline(
    demo: list[tuple[Case, list[CaseEvent]]],
) -> None:
    for case, _ in demo:
        if case.attributes.get("sagstype") == "budget" and "@oeu" in case.step:
            assert case.step_due is None or case.step_due >= END.date().isoformat(), case.id


def test_the_demo_never_cuts_a_minimum_period_short(
    config: Configuration, demo: list[tuple[Case, list[CaseEvent]]]
) -> None:
    for _, events in demo:
        assert list(_left_early(config, events)) == []


def test_a_demo_seeded_on_a_sunday_evening_has_nothing_in_the_future(
    config: Configuration,
) -> None:
    # A case opened "a day ago" on a weekend was moved to the next working day: Monday, after
    # the present; the board's flow over time then counted a case that did not exist yet.
    sunday = dt.datetime(2026, 12, 6, 20, 55, tzinfo=dt.UTC)
    uow = InMemoryUnitOfWork()
    ids = seed_demo(lambda: uow, config, cases=60, end=sunday)
    with uow:
        instants = [parse_instant(e.at) for i in ids for e in uow.cases.events(i)]
    assert instants and max(instants) <= sunday
