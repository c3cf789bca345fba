"""The deadline sweep and the one-off reminder runs, as real flows on the test server."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from casework.app import App
from casework.domain.case import responsible_people
from casework.flows import runtime
from casework.flows.deadlines import (
    DEFAULT_HORIZON_DAYS,
    deadline_sweep,
    schedule_runs,
    send_reminder,
)
from casework.services.ports import CaseQuery
from casework.testing import FixedClock


@pytest.fixture(scope="module")
def registered() -> None:
    """casework's deployments registered on the test server (not served: nothing runs them)."""
    from casework.flows.deployments import deployments

    for deployment in deployments():
        deployment.apply()


def _reminder_runs() -> list[Any]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with get_client(sync_client=True) as client:
        return list(
            client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=["send-reminder"])), limit=200
            )
        )


def _expected(services: App) -> dict[str, Any]:
    now = services.clock.now()
    until = now + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
    wanted = {}
    for case in services.cases(CaseQuery(limit=10_000)):
        for reminder in runtime.reminders().upcoming(case.id, now=now):
            if reminder.fire_at <= until:
                wanted[reminder.key] = reminder
    return wanted


def test_the_sweep_is_skipped_on_a_public_holiday(casework: App, clock: FixedClock) -> None:
    christmas = dt.datetime(2026, 12, 25, 6, 0, tzinfo=dt.UTC)
    assert deadline_sweep(now=christmas) == {"skipped": "2026-12-25"}


def test_the_sweep_sends_due_reminders_once_into_the_file_outbox(casework: App) -> None:
    first = deadline_sweep()
    assert first["sent"] > 0
    outbox = Path(runtime.settings().data_dir) / "outbox"
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == first["sent"]
    second = deadline_sweep()
    assert second["sent"] == 0
    assert sorted(outbox.glob("*.eml")) == files


def test_the_sweep_anchors_the_audit_once_a_day_and_keeps_the_file(casework: App) -> None:
    first = deadline_sweep()
    second = deadline_sweep()
    assert (first["anchor"], first["anchor_made"]) == (1, True)
    assert (second["anchor"], second["anchor_made"]) == (1, False)
    kept = Path(first["anchor_file"])
    assert kept.parent == Path(runtime.settings().data_dir) / "revisionsankre"
    exported = json.loads(kept.read_text(encoding="utf-8"))
    assert exported["cases"] == len(casework.cases(CaseQuery(status=None, limit=10_000)))
    assert casework.verify_audit(anchors=[kept]).ok


def test_reminder_runs_are_scheduled_once_each_and_named_by_case(
    casework: App, registered: None
) -> None:
    expected = _expected(casework)
    assert expected, "the demo has reminders in the coming weeks"
    before = {run.id for run in _reminder_runs()}
    summary = schedule_runs()
    assert summary["reminder_runs"] == len(expected)
    runs = [run for run in _reminder_runs() if run.id not in before]
    assert {run.parameters["key"] for run in runs} == set(expected)
    for run in runs:
        reminder = expected[run.parameters["key"]]
        assert run.state is not None and run.state.is_scheduled()
        assert run.expected_start_time == reminder.fire_at
        assert f"case:{reminder.case_id}" in run.tags
    # A rerun schedules nothing new: the database knows the runs, Prefect the keys.
    assert schedule_runs()["reminder_runs"] == 0
    assert len([run for run in _reminder_runs() if run.id not in before]) == len(runs)


def test_a_run_whose_case_moved_on_is_cancelled_and_does_nothing(
    casework: App, registered: None
) -> None:
    from casework.domain.commands import AdvanceCase

    schedule_runs()
    expected = _expected(casework)
    municipality = casework.config.municipality
    moved = None
    for reminder in expected.values():
        case, _ = casework.case(reminder.case_id)
        graph = casework.graph(case)
        if case.step != reminder.step:
            continue
        for person in responsible_people(case, graph, municipality):
            actions = [
                a
                for a in case.available_actions(graph, municipality, person)
                if a.transition.target != case.step
            ]
            if actions:
                casework.advance(AdvanceCase(case_id=case.id, action=actions[0].action,
                                             actor=person))  # fmt: skip
                moved = reminder
                break
        if moved:
            break
    assert moved is not None
    summary = schedule_runs()
    assert summary["cancelled"] >= 1
    stale = [r for r in _reminder_runs() if r.parameters.get("key") == moved.key]
    assert stale and all(r.state is not None and r.state.is_cancelled() for r in stale)
    # Even if it had run: the reminder is obsolete, so nothing is sent.
    assert send_reminder(moved.key) == "obsolete"


class _Reading:
    """The reminder service, noting which cases ``schedule-runs`` reads."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.read: list[str] = []

    def upcoming(self, case_id: str, now: dt.datetime | None = None) -> list[Any]:
        self.read.append(case_id)
        return list(self.inner.upcoming(case_id, now=now))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_schedule_runs_reads_a_changed_case_and_not_the_unchanged_ones(
    casework: App, registered: None
) -> None:
    from casework.domain.commands import AdvanceCase

    reading = _Reading(runtime.reminders())
    runtime.override(reminders=reading)
    first = schedule_runs()  # no position yet: every case, as before
    assert first["cases_read"] == len(casework.cases(CaseQuery(status=None, limit=10_000)))
    reading.read.clear()
    assert schedule_runs()["cases_read"] == 0
    assert reading.read == []
    municipality = casework.config.municipality
    moved = None
    for case in casework.cases(CaseQuery(limit=10_000)):
        graph = casework.graph(case)
        for person in responsible_people(case, graph, municipality):
            actions = case.available_actions(graph, municipality, person)
            if actions:
                casework.advance(AdvanceCase(case_id=case.id, action=actions[0].action,
                                             actor=person))  # fmt: skip
                moved = case.id
                break
        if moved:
            break
    assert moved is not None
    summary = schedule_runs()
    assert summary["cases_read"] == 1
    assert reading.read == [moved]
