"""The OParl import against a real database (SQLite and PostgreSQL): the committed samples of
both real dumps import, re-import changes nothing, a changed paper gets events appended, and the
hash-chained history passes the audit."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from casework.adapters.oparl import imported_bodies, imported_routes
from casework.adapters.sql.tables import case_events, cases, oparl_papers
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import import_oparl
from casework.domain.errors import OParlSourceError
from casework.services.handlers import verify_audit
from casework.services.history_export import case_histories
from casework.services.stats import process_stats
from casework.testing import FixedClock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oparl"
KARLSRUHE = FIXTURES / "karlsruhe"
HUERTGENWALD = FIXTURES / "huertgenwald.tar.xz"
K = "https://web1.karlsruhe.de/oparl/bodies/0001/"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))


def _rows(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(cases)).scalar_one(),
            connection.execute(select(func.count()).select_from(case_events)).scalar_one(),
            connection.execute(select(func.count()).select_from(oparl_papers)).scalar_one(),
        )


def _audit_ok(engine: Engine) -> None:
    report = verify_audit(SqlUnitOfWork(engine))
    assert report.ok, [f.message("en") for f in report.findings]


def test_the_karlsruhe_sample_imports_with_routes_and_history(
    engine: Engine, clock: FixedClock
) -> None:
    report = import_oparl(engine, KARLSRUHE, clock=clock)
    data = report.as_json()
    assert data["counts"]["paper"] == {"imported": 4, "updated": 0, "unchanged": 0, "skipped": 1}
    assert data["skipped"]["paper"] == {"deleted": 1}
    assert data["counts"]["meeting"]["imported"] == 9
    assert data["cases"] == {"created": 4, "updated": 0}
    routes = imported_routes(engine)
    assert routes[K + "papers/vo/47495"] == [
        ("Sozialausschuss", "indstiller"),
        ("Haupt- und Finanzausschuss", "beslutter"),
        ("Gemeinderat", "beslutter"),
    ]
    assert routes[K + "papers/vo/40504"] == [("Gemeinderat", "beslutter")]
    assert "Gemeinderat" in imported_bodies(engine)
    assert _rows(engine) == (4, 13, 4)
    _audit_ok(engine)
    # The postponed paper waits at the Schulausschuss; its events carry the minutes.
    histories = {c.attributes["oparl_id"]: (c, e) for c, e in case_histories(SqlUnitOfWork(engine))}
    case, events = histories[K + "papers/vo/50275"]
    assert case.step == "behandling@Schulausschuss"
    assert [e.data["minutes"]["decision"] for e in events[1:]] == [
        "recommended",
        "postponed",
        "postponed",
    ]
    assert events[-1].data["minutes"]["text"] == "vertagt"


def test_the_huertgenwald_sample_imports_from_its_archive(
    engine: Engine, clock: FixedClock
) -> None:
    report = import_oparl(engine, HUERTGENWALD, clock=clock).as_json()
    assert report["counts"]["paper"]["imported"] == 4
    assert report["skipped"] == {"meeting": {"deleted": 1}, "paper": {"deleted": 1}}
    routes = imported_routes(engine)
    prefix = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/paper/"
    # OParl 1.0 names no roles: the last body decides.
    assert routes[prefix + "825"] == [
        ("Schulausschuss", "indstiller"),
        ("Gemeinderat", "beslutter"),
    ]
    _audit_ok(engine)


def test_importing_again_changes_nothing(engine: Engine, clock: FixedClock) -> None:
    import_oparl(engine, KARLSRUHE, clock=clock)
    before = _rows(engine)
    again = import_oparl(engine, KARLSRUHE, clock=clock).as_json()
    assert not again["changed"]
    assert again["counts"]["paper"] == {"imported": 0, "updated": 0, "unchanged": 4, "skipped": 1}
    assert again["counts"]["organization"]["unchanged"] == 5
    assert again["events"] == 0
    assert _rows(engine) == before


def test_a_changed_paper_gets_events_appended_never_duplicated(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    source = tmp_path / "karlsruhe"
    shutil.copytree(KARLSRUHE, source)
    import_oparl(engine, source, clock=clock)
    before = _rows(engine)
    # The Schulausschuss finally decides the postponed paper at a new meeting.
    paper_file = source / "papers" / "50275.json"
    paper = json.loads(paper_file.read_text(encoding="utf-8"))
    school = paper["consultation"][-1]  # Beratung, authoritative: the Schulausschuss decides
    paper["consultation"].append({
        "id": K + "consultations/999001", "type": school["type"], "paper": paper["id"],
        "organization": school["organization"], "meeting": K + "meetings/999001",
        "agendaItem": K + "agendaitems/999001", "role": "Beratung", "authoritative": True,
    })  # fmt: skip
    paper_file.write_text(json.dumps(paper), encoding="utf-8")
    (source / "meetings" / "999001.json").write_text(
        json.dumps(
            {
                "id": K + "meetings/999001",
                "type": "https://schema.oparl.org/1.1/Meeting",
                "name": "Schulausschuss",
                "start": "2025-02-12T16:00:00+01:00",
                "organization": school["organization"],
                "agendaItem": [
                    {
                        "id": K + "agendaitems/999001",
                        "meeting": K + "meetings/999001",
                        "consultation": K + "consultations/999001",
                        "number": "3",
                        "result": "einstimmig zugestimmt",
                        "type": "https://schema.oparl.org/1.1/AgendaItem",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    report = import_oparl(engine, source, clock=clock).as_json()
    assert report["counts"]["paper"] == {"imported": 0, "updated": 1, "unchanged": 3, "skipped": 1}
    assert report["events"] == 1
    cases_before, events_before, papers_before = before
    assert _rows(engine) == (cases_before, events_before + 1, papers_before)
    _audit_ok(engine)
    again = import_oparl(engine, source, clock=clock).as_json()
    assert again["counts"]["paper"]["unchanged"] == 4
    assert _rows(engine) == (cases_before, events_before + 1, papers_before)


def test_malformed_records_are_reported_and_the_rest_imports(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    source = tmp_path / "karlsruhe"
    shutil.copytree(KARLSRUHE, source)
    (source / "papers" / "broken.json").write_text('{"id": ', encoding="utf-8")
    (source / "papers" / "nameless.json").write_text(
        json.dumps({"id": K + "papers/vo/1", "type": "https://schema.oparl.org/1.1/Paper"}),
        encoding="utf-8",
    )
    report = import_oparl(engine, source, clock=clock).as_json()
    assert report["counts"]["paper"]["imported"] == 4
    assert report["skipped"]["document"] == {"malformed_json": 1}
    assert report["skipped"]["paper"] == {"deleted": 1, "missing_field": 1}
    reasons = {(e["reason"], e["detail"]) for e in report["examples"]}
    assert ("missing_field", "name") in reasons


def test_a_missing_source_is_one_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(OParlSourceError) as caught:
        import_oparl(engine, tmp_path / "nowhere")
    assert "nowhere" in caught.value.message("en")


def test_statistics_read_the_imported_histories(engine: Engine, clock: FixedClock) -> None:
    import_oparl(engine, KARLSRUHE, clock=clock)
    stats = process_stats(SqlUnitOfWork(engine), by="year").as_json()
    assert stats["total"]["cases"] == 4
    assert stats["total"]["postponed_cases"] == 2
    assert stats["total"]["referred_cases"] == 1
    assert {r["body"]: r["cases"] for r in stats["deciding_bodies"]} == {
        "Gemeinderat": 2,
        "Haupt- und Finanzausschuss": 1,
        "Schulausschuss": 1,
    }
    school = next(r for r in stats["bodies"] if r["body"] == "Schulausschuss")
    assert school["open"] == 1
    assert school["postponements"] == 2
    assert [p["period"] for p in stats["periods"]] == ["2017", "2020", "2022", "2024"]
