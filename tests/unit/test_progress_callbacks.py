"""The progress callbacks of the long use cases (issue 18's leftover): ``on_progress(done,
total)`` is called with counts that only grow, from 0 to the total, sparingly; without a
callback nothing is reported and the work is the same.

The OParl export's writer counts files and the reminder sweep the messages it handles of those
due (here on the in-memory doubles); the import, which needs a database, is counted in
``tests/integration/test_progress_import.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from casework.adapters.oparl.export_files import write_export
from casework.app import App
from casework.domain.commands import OpenCase
from casework.domain.configuration import Configuration
from casework.domain.reminders import ReminderConfig
from casework.services.ports import OPARL, OparlExport, OparlList
from casework.services.ports.progress import STEPS, OnProgress, Ticker
from casework.services.reminders import ReminderService
from casework.testing import FixedClock, InMemoryReminderStore, InMemoryUnitOfWork, RecordingChannel

#: 07:30 Copenhagen on the deadline of cases opened on Mon 2 March 2026.
ON_DUE = dt.datetime(2026, 3, 16, 6, 30, tzinfo=dt.UTC)
BASE = "https://raad.eksempel.dk/oparl/v1"

Calls = list[tuple[int, int | None]]


def _recorder() -> tuple[Calls, OnProgress]:
    calls: Calls = []

    def on_progress(done: int, total: int | None) -> None:
        calls.append((done, total))

    return calls, on_progress


def _assert_counts_up_to(calls: Calls, total: int) -> None:
    assert calls, "the callback was never called"
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert {t for _, t in calls} == {total}
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)  # increasing, none twice
    assert len(calls) <= STEPS + 2  # sparingly: a bar has no more steps to show


# --------------------------------------------------------------------------- the ticker
def test_the_ticker_reports_each_hundredth_and_the_start_and_the_end() -> None:
    calls: Calls = []
    ticker = Ticker(lambda done, total: calls.append((done, total)), 10_007)
    ticker.start()
    for _ in range(10_007):
        ticker.add()
    ticker.finish()
    _assert_counts_up_to(calls, 10_007)
    assert calls[1] == (101, 10_007)
    assert len(calls) == 101  # 0, 101, 202 … 9,999, and 10,007


def test_the_ticker_reports_each_step_of_a_small_total_once() -> None:
    calls: Calls = []
    ticker = Ticker(lambda done, total: calls.append((done, total)), 3)
    ticker.start()
    ticker.add()
    ticker.add(2)
    ticker.finish()
    assert calls == [(0, 3), (1, 3), (3, 3)]


def test_without_a_callback_the_ticker_only_counts() -> None:
    ticker = Ticker(None, 5)
    ticker.start()
    ticker.add(5)
    ticker.finish()
    assert ticker.done == 5


def test_more_done_than_counted_raises_the_total_rather_than_overshoot() -> None:
    calls: Calls = []
    ticker = Ticker(lambda done, total: calls.append((done, total)), 2)
    ticker.add(3)
    ticker.finish()
    assert calls == [(3, 3)]


# --------------------------------------------------------------------------- export: files
def _export(papers: int) -> OparlExport:
    urls = tuple(f"{BASE}/papers/2026-{n:04d}" for n in range(1, papers + 1))
    objects = {url: {"id": url, "type": f"{OPARL}Paper", "name": url[-4:]} for url in urls}
    system = f"{BASE}/system"
    objects[system] = {"id": system, "type": f"{OPARL}System"}
    documents = {f"{BASE}/files/agenda-{n}.html": b"<p>dagsorden</p>" for n in range(3)}
    return OparlExport(BASE, system, objects, (OparlList(f"{BASE}/papers", urls),), documents)


def test_the_export_counts_the_files_it_writes(tmp_path: Path) -> None:
    calls, on_progress = _recorder()
    files = write_export(_export(450), tmp_path / "oparl", on_progress=on_progress)
    written = [p for p in (tmp_path / "oparl").rglob("*") if p.is_file()]
    # 450 papers + system + 5 list pages + 3 documents + index.json
    assert files == len(written) == 460
    _assert_counts_up_to(calls, files)


def test_the_export_writes_the_same_without_a_callback(tmp_path: Path) -> None:
    _, on_progress = _recorder()
    counted = write_export(_export(20), tmp_path / "a", on_progress=on_progress)
    plain = write_export(_export(20), tmp_path / "b")
    assert counted == plain == 26  # 20 papers, system, 1 list page, 3 documents, index.json
    assert sorted(p.name for p in (tmp_path / "a").rglob("*")) == sorted(
        p.name for p in (tmp_path / "b").rglob("*")
    )


# --------------------------------------------------------------------------- sweep: messages
def _sweep_service(
    config: Configuration, owners: list[str], channel: RecordingChannel, **settings: object
) -> tuple[ReminderService, InMemoryReminderStore]:
    uow = InMemoryUnitOfWork()
    services = App(
        config=config,
        uow_factory=lambda: uow,
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),
    )
    for owner in owners:
        services.open_case(
            OpenCase(
                workflow="beslutningssag",
                title=f"Sag for {owner}",
                actor=owner,
                route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            )
        )
    store = InMemoryReminderStore(uow)
    reminder_config = dataclasses.replace(ReminderConfig(channels=("test",)), **settings)  # type: ignore[arg-type]
    service = ReminderService(
        config=config,
        settings=reminder_config,
        store=store,
        channels=channel,
        clock=FixedClock(ON_DUE),
    )
    return service, store


@pytest.mark.parametrize("parallel", [1, 4])
def test_the_sweep_counts_the_messages_it_handles_of_those_due(
    config: Configuration, parallel: int
) -> None:
    channel = RecordingChannel()
    channel.fail("aase")  # failures are handled too: they count
    service, _ = _sweep_service(
        config, ["mette", "aase", "jonas"], channel, batch_size=2, parallel=parallel
    )
    calls, on_progress = _recorder()
    report = service.sweep(now=ON_DUE, on_progress=on_progress)
    handled = report.sent + report.failed + report.gave_up + report.obsolete
    assert report.sent > 0 and report.failed > 0
    assert handled == report.enqueued == len(channel.attempts)
    _assert_counts_up_to(calls, handled)


def test_a_sweep_with_nothing_due_reports_nought_of_nought(config: Configuration) -> None:
    service, _ = _sweep_service(config, [], RecordingChannel())
    calls, on_progress = _recorder()
    service.sweep(now=ON_DUE, on_progress=on_progress)
    assert calls == [(0, 0)]


def test_a_sweep_without_a_callback_does_not_count_what_is_due(config: Configuration) -> None:
    channel = RecordingChannel()
    service, store = _sweep_service(config, ["mette"], channel)

    def refused(at: dt.datetime) -> int:
        raise AssertionError("counted without anyone asking")

    store.due_count = refused  # type: ignore[method-assign]
    assert service.sweep(now=ON_DUE).sent == len(channel.sent) > 0
