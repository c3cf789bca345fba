"""The zombie watch on a real (temporary) Prefect server: a run whose heartbeats stop is marked
CRASHED by the server's own automation engine; a living, a finished and a heartbeat-less run are
left alone (docs/deployment.md, "A crashed run")."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest
from prefect import flow, get_client
from prefect.client.schemas.objects import StateType
from prefect.events import emit_event
from prefect.events.worker import EventsWorker
from prefect.states import Completed, Running

from casework.flows.deployments import ZOMBIE_WATCH, ensure_zombie_watch, zombie_watch

pytestmark = pytest.mark.slow

#: The shortest window a proactive trigger takes (shared/docs/prefect.md, section 10).
WITHIN = dt.timedelta(seconds=10)


@flow(name="zombie-watch-probe")
def _probe() -> None:
    """Never run: its runs are made and moved by hand, as a dead process would leave them."""


def _heartbeat(run_id: uuid.UUID) -> None:
    emit_event(
        event="prefect.flow-run.heartbeat",
        resource={"prefect.resource.id": f"prefect.flow-run.{run_id}"},
    )


def _states(client: Any, runs: dict[str, uuid.UUID]) -> dict[str, StateType | None]:
    found = {name: client.read_flow_run(run_id).state for name, run_id in runs.items()}
    return {name: state.type if state else None for name, state in found.items()}


def test_the_watch_is_one_automation_whatever_starts_it_again() -> None:
    try:
        ensure_zombie_watch()
        ensure_zombie_watch(WITHIN)
        with get_client(sync_client=True) as client:
            found = client.read_automations_by_name(ZOMBIE_WATCH)
            assert len(found) == 1
            # The second start's window replaced the first's (3 x the 180 s default heartbeat).
            assert found[0].trigger.within == WITHIN
            assert found[0].enabled
    finally:
        _remove_watch()


def test_default_window_is_three_heartbeats() -> None:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}):
        assert zombie_watch().trigger.within == dt.timedelta(seconds=180)


def test_a_run_whose_heartbeats_stop_is_marked_crashed() -> None:
    ensure_zombie_watch(WITHIN)
    try:
        with get_client(sync_client=True) as client:
            runs = {name: client.create_flow_run(_probe, name=f"probe-{name}").id
                    for name in ("dead", "alive", "finished", "silent")}  # fmt: skip
            for run_id in runs.values():
                client.set_flow_run_state(run_id, Running(), force=True)
            for name in ("dead", "alive", "finished"):
                _heartbeat(runs[name])
            EventsWorker.drain_all()
            client.set_flow_run_state(runs["finished"], Completed(), force=True)
            deadline = time.monotonic() + 120
            states = _states(client, runs)
            while states["dead"] is not StateType.CRASHED and time.monotonic() < deadline:
                # The living run keeps beating, more often than the window.
                _heartbeat(runs["alive"])
                EventsWorker.drain_all()
                time.sleep(2)
                states = _states(client, runs)
            assert states == {
                "dead": StateType.CRASHED,
                "alive": StateType.RUNNING,
                "finished": StateType.COMPLETED,
                "silent": StateType.RUNNING,  # never sent a heartbeat: not watched
            }
            message = client.read_flow_run(runs["dead"]).state
            assert message is not None and "hjerteslag" in (message.message or "")
    finally:
        _remove_watch()


def _remove_watch() -> None:
    # The session's other flow tests share this server; they run without heartbeats, but the
    # short window must not outlive this module.
    with get_client(sync_client=True) as client:
        for automation in client.read_automations_by_name(ZOMBIE_WATCH):
            client.delete_automation(automation.id)
