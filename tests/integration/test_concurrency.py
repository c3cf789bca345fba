"""Several processes on the same cases: no lost update, and a killed batch leaves no trace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.case import replay
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.testing import FixedClock

WORKER = Path(__file__).with_name("concurrency_worker.py")


def _services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


def _cases_at_committee(services: App, count: int) -> list[str]:
    ids = []
    for i in range(count):
        case = services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Samtidighedstest {i}",
                actor="mette",
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
                attributes={"politikomraade": "veje"},
            )
        )
        for action, actor in [
            ("indsend", "mette"),
            ("godkend", "henrik"),
            ("godkend", "annelise"),
            ("godkend", "sofie"),
        ]:
            services.advance(AdvanceCase(case_id=case.id, action=action, actor=actor))
        ids.append(case.id)
    return ids


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _assert_consistent(services: App, ids: list[str]) -> None:
    report = services.verify_audit()
    assert report.ok, [f.message("en") for f in report.findings]
    for case_id in ids:
        stored, events = services.case(case_id)
        assert stored.state() == replay(events).state()


@pytest.mark.slow
def test_processes_advancing_the_same_cases_lose_no_update(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    ids = _cases_at_committee(services, 5)
    per_worker, workers = 60, 4
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                _url(engine),
                "postpone",
                ",".join(ids),
                str(per_worker),
                str(seed),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(workers)
    ]
    done = conflicts = 0
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        d, c = map(int, out.split())
        done, conflicts = done + d, conflicts + c
    assert done == per_worker * workers
    versions = sum(services.case(c)[0].version for c in ids)
    assert versions - 5 * len(ids) == done  # every reported advance is in the record, once
    _assert_consistent(services, ids)


@pytest.mark.slow
def test_batch_killed_with_sigkill_leaves_every_case_equal_to_its_replay(
    engine: Engine, config: Configuration
) -> None:
    services = _services(engine, config)
    ids = _cases_at_committee(services, 6)
    with subprocess.Popen(
        [sys.executable, str(WORKER), _url(engine), "batches", ",".join(ids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # let it commit some batches and be in the middle of another
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    versions = {services.case(c)[0].version for c in ids}
    assert len(versions) == 1, versions  # a batch is all or nothing
    assert versions.pop() > 5  # and some batches did commit
    _assert_consistent(services, ids)
