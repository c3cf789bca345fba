"""Papers that come back to a body keep every pass (issue 13, item 7), on SQLite and PostgreSQL.

The sample ``tests/fixtures/oparl/karlsruhe-returns`` (two real Karlsruhe papers, cut by
``make_fixtures.py``; sources in its README) has a paper the Gemeinderat refers to the Haupt- und
Finanzausschuss and takes back, and one the Gemeinderat takes up four times around the
Planungsausschuss. Before routes could meet a body twice, the import skipped 4 of their 10
consultations as ``out_of_order`` ("organ allerede passeret") and recorded 6 events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casework.adapters.oparl import imported_routes
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import import_oparl
from casework.services.handlers import verify_audit
from casework.services.history_export import case_histories
from casework.services.stats import process_stats
from casework.testing import FixedClock

RETURNS = Path(__file__).resolve().parents[1] / "fixtures" / "oparl" / "karlsruhe-returns"
K = "https://web1.karlsruhe.de/oparl/bodies/0001/"
GR, HFA, PA = "Gemeinderat", "Haupt- und Finanzausschuss", "Planungsausschuss"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))


def test_every_consultation_is_kept_in_order_including_returns(
    engine: Engine, clock: FixedClock
) -> None:
    report = import_oparl(engine, RETURNS, clock=clock).as_json()
    assert report["counts"]["consultation"] == {
        "imported": 10, "updated": 0, "unchanged": 0, "skipped": 0,
    }  # fmt: skip
    assert "consultation" not in report["skipped"]
    assert report["events"] == 10
    routes = imported_routes(engine)
    assert routes[K + "papers/vo/40886"] == [
        (GR, "orienteres"), (HFA, "beslutter"), (GR, "beslutter"),
    ]  # fmt: skip
    assert routes[K + "papers/vo/37308"] == [
        (GR, "beslutter"), (GR, "beslutter"), (PA, "beslutter"),
        (GR, "beslutter"), (GR, "beslutter"),
    ]  # fmt: skip
    histories = {c.attributes["oparl_id"]: (c, e) for c, e in case_histories(SqlUnitOfWork(engine))}
    _, events = histories[K + "papers/vo/40886"]
    assert [(e.data.get("to"), e.data["minutes"]["decision"]) for e in events[1:]] == [
        (f"behandling@{HFA}", "referred"),
        (f"behandling@{GR}#2", "recommended"),  # back at the council: its second pass
        ("afsluttet", "noted"),
    ]
    _, events = histories[K + "papers/vo/37308"]
    assert [e.data.get("to") for e in events[1:]] == [
        f"behandling@{GR}#2",
        f"behandling@{PA}",  # postponed by the council, then taken up by the committee
        f"behandling@{GR}#3",
        f"behandling@{GR}#4",
        "afsluttet",
    ]
    assert events[2].data["minutes"]["decision"] == "postponed"
    assert events[2].data["action"] == "behandlet"
    report_ok = verify_audit(SqlUnitOfWork(engine))
    assert report_ok.ok, [f.message("en") for f in report_ok.findings]


def test_route_patterns_in_stats_keep_the_returns(engine: Engine, clock: FixedClock) -> None:
    import_oparl(engine, RETURNS, clock=clock)
    stats = process_stats(SqlUnitOfWork(engine))
    assert sorted(r["pattern"] for r in stats.routes) == [
        f"{GR} (beslutter) → {GR} (beslutter) → {PA} (beslutter) → {GR} (beslutter) → "
        f"{GR} (beslutter)",
        f"{GR} (orienteres) → {HFA} (beslutter) → {GR} (beslutter)",
    ]
    stays = {b["body"]: b["stays"] for b in stats.bodies}
    assert stays == {GR: 6, HFA: 1, PA: 1}


def test_importing_the_returns_again_changes_nothing(engine: Engine, clock: FixedClock) -> None:
    import_oparl(engine, RETURNS, clock=clock)
    again = import_oparl(engine, RETURNS, clock=clock).as_json()
    assert not again["changed"] and again["events"] == 0
