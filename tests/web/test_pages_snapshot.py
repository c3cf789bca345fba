"""The snapshot behind the board and "my cases": fresh enough, and cheap to refresh."""

from __future__ import annotations

from typing import Any

import pytest

from casework.app import App
from casework.app.open_cases import CaseSnapshot
from casework.domain.commands import AdvanceCase, OpenCase
from casework.services.ports import CaseQuery
from casework.testing import FixedClock


def _open(services: App, title: str) -> str:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="aase",
            route=[("bpu", "beslutter")],
            attributes={"politikomraade": "lokalplaner"},
        )
    ).id


@pytest.fixture
def reads(web_services: App, monkeypatch: pytest.MonkeyPatch) -> list[CaseQuery]:
    """Every query the snapshot sends to the store."""
    seen: list[CaseQuery] = []
    original = web_services.cases

    def cases(query: CaseQuery) -> Any:
        seen.append(query)
        return original(query)

    monkeypatch.setattr(web_services, "cases", cases)
    return seen


def test_refresh_reads_only_the_changes(
    web_services: App, clock: FixedClock, reads: list[CaseQuery]
) -> None:
    now = [0.0]
    snapshot = CaseSnapshot(web_services, ttl=2.0, clock=lambda: now[0])
    ids = []
    for n in range(3):
        ids.append(_open(web_services, f"Sag nummer {n}"))
        clock.advance(hours=1)
    first = snapshot.get()
    assert sorted(e.case.id for e in first.entries) == ids
    assert reads[-1].limit == 1_000_000  # the first read takes everything
    # A day later: one case moves on, one is withdrawn (closed), one is new.
    clock.advance(days=1)
    web_services.advance(AdvanceCase(case_id=ids[0], action="indsend", actor="aase"))
    web_services.advance(AdvanceCase(case_id=ids[1], action="traek_tilbage", actor="aase"))
    new = _open(web_services, "En ny sag")
    assert snapshot.get() is first  # within the ttl: the old snapshot
    now[0] += 2.0
    reads.clear()
    second = snapshot.get()
    assert [q.status for q in reads] == [None] and reads[0].limit == CaseSnapshot.PAGE
    by_id = {e.case.id: e for e in second.entries}
    assert set(by_id) == {ids[0], ids[2], new}
    assert by_id[ids[0]].template_step == "centerchef_godkendelse"
    assert by_id[ids[0]].responsible == ("birgitte",)


def test_visibility_is_worked_out_again_for_changed_cases(
    web_services: App, clock: FixedClock
) -> None:
    from casework.domain.commands import ChangeAttributes

    now = [0.0]
    snapshot = CaseSnapshot(web_services, clock=lambda: now[0])
    case_id = web_services.open_case(
        OpenCase(workflow="beslutningssag", title="Salg af grunden Skovvej 3", actor="mette",
                 route=[("tmu", "beslutter")], attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    # Jonas, a colleague in the same centre, sees it; Aase in another centre does not.
    assert [e.case.id for e in snapshot.get().visible(web_services, "jonas")] == [case_id]
    assert snapshot.get().visible(web_services, "aase") == ()
    # Proposed closed: only its owner and those who may see closed items see it now.
    clock.advance(minutes=5)
    web_services.change_attributes(
        ChangeAttributes(case_id=case_id, actor="mette", attributes={"lukket": "ja"})
    )
    snapshot.invalidate()
    fresh = snapshot.get()
    assert fresh.visible(web_services, "jonas") == ()
    assert [e.case.id for e in fresh.visible(web_services, "mette")] == [case_id]
    assert [e.case.id for e in fresh.visible(web_services, "henrik")] == [case_id]
    assert fresh.entries[0].closed_item


def test_a_refresh_without_changes_keeps_what_was_worked_out(
    web_services: App, clock: FixedClock
) -> None:
    now = [0.0]
    snapshot = CaseSnapshot(web_services, clock=lambda: now[0])
    _open(web_services, "Sag om en grund")
    first = snapshot.get()
    first.memo[("board", "aase")] = "summary"
    now[0] += 10 * snapshot.ttl
    assert snapshot.get() is first and first.memo[("board", "aase")] == "summary"
    clock.advance(minutes=1)
    _open(web_services, "Endnu en sag")
    now[0] += snapshot.ttl
    second = snapshot.get()
    assert second is not first and second.memo == {} and len(second.entries) == 2


def _started(web_services: App, accounts: object, *, warm: bool) -> Any:
    from fastapi.testclient import TestClient

    from casework.entrypoints.web.app import create_app

    app = create_app(services=web_services, accounts=accounts, secret_key="k", warm=warm)
    return app, TestClient(app)


def test_a_warm_app_builds_its_snapshot_when_it_starts_before_any_request(
    web_services: App, accounts: object, reads: list[CaseQuery]
) -> None:
    # Behind several workers a cold worker built it under load, with every request thread of
    # the worker waiting (bench/web.py: the flow board stalled for 9-17 s at 100,000 cases).
    import time

    case_id = _open(web_services, "Varm start")
    app, client = _started(web_services, accounts, warm=True)
    with client:  # runs the lifespan, as uvicorn does when the worker starts; no request sent
        deadline = time.monotonic() + 30
        while app.state.snapshot._current is None and time.monotonic() < deadline:
            time.sleep(0.01)
        snapshot = app.state.snapshot._current
        assert snapshot is not None, "the snapshot was not built at start"
        assert [e.case.id for e in snapshot.entries] == [case_id]
        assert len(reads) == 1


def test_an_app_made_for_tests_builds_it_on_first_use(
    web_services: App, accounts: object, reads: list[CaseQuery]
) -> None:
    import threading

    app, client = _started(web_services, accounts, warm=False)
    with client:
        assert "casework-warm-up" not in {t.name for t in threading.enumerate()}
        assert app.state.snapshot._current is None and reads == []
