"""The OParl 1.1 export on the in-memory store: schema-valid, self-contained, closed items empty.

Demo cases plus a scenario on Eksempel Kommune's 2026 meeting plan: an open case and two closed
cases (with planted secrets in every field) on TMU's agenda of 9 March, one of them then
recommended by TMU (with a secret in the minutes) and on ØU's agenda of 19 March, and a closed
draft. Every object and list page is validated against the official OParl 1.1 schemas
(``tests/fixtures/oparl-schema``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from casework.adapters.oparl.export_files import list_pages, served_documents, served_objects
from casework.adapters.publish.html import render_html
from casework.app import App
from casework.domain.commands import AdvanceCase, Minutes, OpenCase, RecordDecision
from casework.domain.configuration import Configuration
from casework.domain.errors import InvalidBaseUrl, UnknownPerson
from casework.services import handlers
from casework.services.demo import seed_demo
from casework.services.oparl_export import CLOSED_NAME, export_oparl
from casework.services.ports import CaseQuery, OparlExport
from casework.testing import FixedClock, InMemoryUnitOfWork

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "oparl-schema"
_spec = importlib.util.spec_from_file_location("oparl_validate", SCHEMAS / "oparl_validate.py")
assert _spec is not None and _spec.loader is not None
oparl_validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oparl_validate)

BASE = "https://raad.eksempel.dk/oparl/v1"
ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
SECRETS = {
    "title": "SECRET-TITLE",
    "resume": "SECRET-RESUME",
    "sagsfremstilling": "SECRET-FREMSTILLING",
    "oekonomi": "SECRET-OEKONOMI",
    "indstilling": "SECRET-INDSTILLING",
    "bilag": "SECRET-BILAG.pdf",
    "kle_emne": "SECRET-KLE",
    "reference": "SECRET-REF",
    "comment": "SECRET-COMMENT",
    "bilag_lukket": "SECRET-LUKKET-BILAG",
    "bilag_indhold": "SECRET-BILAG-INDHOLD",
    "bilag_paa_lukket": "SECRET-BILAG-PAA-LUKKET-PUNKT",
}
#: The open case's open bilag: the one bilag the export holds.
OPEN_BILAG = "Kort over bymidten"
#: The reasons given for closing, and the public categories derived from them.
REASON_TEXTS = ("udbud", "ejendomshandel", "Udbud og tilbud", "Ejendomssag", "Fortrolig sag")


def _open(services: App, title: str, *, closed: str | None = None, ref: str = "") -> str:
    attributes: dict[str, Any] = {"politikomraade": "veje"}
    if closed is not None:
        attributes |= {k: SECRETS[k] for k in ("resume", "sagsfremstilling", "oekonomi")}
        attributes |= {
            "indstilling": SECRETS["indstilling"],
            "bilag": SECRETS["bilag"],
            "kle_emne": SECRETS["kle_emne"],
            "lukket": True,
            "lukket_grund": closed,
        }
    case = handlers.open_case(
        services.uow_factory(),
        services.config,
        services.clock,
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="mette",
            route=ROUTE,
            attributes=attributes,
            reference=ref or None,
        ),
    )
    return case.id


def _to_tmu(services: App, case_id: str) -> None:
    for action, actor in [
        ("indsend", "mette"),
        ("godkend", "henrik"),
        ("godkend", "annelise"),
        ("godkend", "sofie"),
    ]:
        handlers.advance_case(
            services.uow_factory(),
            services.config,
            services.clock,
            AdvanceCase(case_id=case_id, action=action, actor=actor),
        )


@pytest.fixture(scope="module")
def memory_services(config: Configuration) -> App:
    """One store for the module: the scenario is built once and every test only reads it."""
    uow = InMemoryUnitOfWork()
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    factory: Callable[[], InMemoryUnitOfWork] = lambda: uow  # noqa: E731 - one store for all
    return App(config=config, uow_factory=factory, clock=clock)


@pytest.fixture(scope="module")
def scenario(memory_services: App) -> dict[str, str]:
    services = memory_services
    clock = services.clock
    assert isinstance(clock, FixedClock)
    seed_demo(services.uow_factory, services.config, cases=25, seed=11, end=clock.now())
    ids = {
        "open": _open(services, "Trafikplan for bymidten"),
        "closed_tmu": _open(services, SECRETS["title"], closed="udbud", ref=SECRETS["reference"]),
        "closed_oeu": _open(services, f"{SECRETS['title']}-2", closed="ejendomshandel"),
        "early": _open(services, "Asfaltering af Engvej"),
        "after": _open(services, "Renovering af Ringvejen"),
    }
    for case_id in ids.values():
        _to_tmu(services, case_id)
    _attach_bilag(services, ids["open"], ids["closed_tmu"])
    ids["closed_draft"] = _open(services, f"{SECRETS['title']}-kladde", closed="laan")
    clock.instant = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)  # before TMU's meeting on 9 March
    _recommend(services, ids["early"])
    clock.instant = dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    minutes = Minutes(outcome="anbefales", text=SECRETS["comment"], meeting=dt.date(2026, 3, 9))
    handlers.record_decision(
        services.uow_factory(),
        services.config,
        clock,
        RecordDecision(case_id=ids["closed_oeu"], actor="sofie", minutes=minutes),
    )
    clock.instant = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)  # the day after the meeting
    _recommend(services, ids["after"])
    return ids


def _attach_bilag(services: App, open_id: str, closed_id: str) -> None:
    """An open and a closed bilag on the open case, an open one on the closed case."""
    from bilag_files import pdf

    from casework.app.bilag import AttachBilag

    for case_id, title, name, content, closed in (
        (open_id, OPEN_BILAG, "kort.pdf", pdf(), False),
        (open_id, SECRETS["bilag_lukket"], "notat.pdf", pdf(SECRETS["bilag_indhold"]), True),
        (closed_id, SECRETS["bilag_paa_lukket"], "bilag.pdf", pdf(SECRETS["bilag_indhold"]),
         False),
    ):  # fmt: skip
        services.bilag.attach(AttachBilag(
            case_id=case_id, actor="mette", filename=name, content=content, title=title,
            closed=closed, reason="personforhold" if closed else None,
        ))  # fmt: skip


def _recommend(services: App, case_id: str) -> None:
    """TMU's recommendation taken as an action, without minutes naming the meeting."""
    handlers.advance_case(
        services.uow_factory(),
        services.config,
        services.clock,
        AdvanceCase(case_id=case_id, action="anbefal", actor="sofie"),
    )


def _export(services: App, **options: Any) -> OparlExport:
    return export_oparl(
        services.uow_factory,
        services.config,
        base_url=options.pop("base_url", BASE),
        today=services.clock.today(),
        render=lambda agenda: render_html(agenda).encode("utf-8"),
        bilag_content=services.bilag.store.get,
        **options,
    )


@pytest.fixture(scope="module")
def exported(memory_services: App, scenario: dict[str, str]) -> OparlExport:
    return _export(memory_services)


def _objects(served: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every object of the export, standalone, in list pages and embedded (depth first)."""

    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "type" in node and "id" in node:
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for obj in served.values():
        yield from walk(obj)


def _urls(node: Any) -> Iterator[str]:
    if isinstance(node, str) and node.startswith(BASE):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from _urls(value)


# --- the schemas -----------------------------------------------------------------------------


def test_every_exported_object_validates_against_the_oparl_schemas(
    exported: OparlExport,
) -> None:
    served = served_objects(exported)
    problems = [p for obj in _objects(served) for p in oparl_validate.errors(obj)]
    assert problems == []
    kinds = {str(o["type"]).rsplit("/", 1)[-1] for o in _objects(served)}
    assert kinds == {
        "System", "Body", "LegislativeTerm", "Organization", "Meeting", "AgendaItem", "Paper",
        "Consultation", "File",
    }  # fmt: skip
    assert exported.counts()["Paper"] >= 4


def test_the_validator_refuses_what_the_schemas_forbid(exported: OparlExport) -> None:
    # The check above must be able to fail: a wrong type, a missing field, a bad URL or date.
    paper = json.loads(json.dumps(next(o for o in exported.objects.values() if "reference" in o)))
    paper["consultation"][0]["authoritative"] = "ja"
    meeting = json.loads(json.dumps(next(o for o in exported.objects.values() if "start" in o)))
    meeting["start"] = "2026-03-09 16:00"
    del meeting["type"]
    system = json.loads(json.dumps(exported.objects[exported.system]))
    system["body"] = "bodies"
    assert oparl_validate.errors(paper)
    assert oparl_validate.errors(meeting)
    assert oparl_validate.errors(system)


def test_every_list_is_paged_as_oparl_requires_and_holds_each_member_once(
    exported: OparlExport,
) -> None:
    papers = next(x for x in exported.lists if x.url.endswith("/papers"))
    pages = list_pages(exported, papers, page_size=10)
    assert len(pages) == -(-len(papers.members) // 10) >= 3
    seen = [obj["id"] for page in pages.values() for obj in page["data"]]
    assert seen == list(papers.members)
    first, *_, last = pages.values()
    assert first["links"]["self"] == papers.url and "prev" not in first["links"]
    assert first["links"]["next"] == f"{papers.url}/page/2"
    assert last["links"]["last"] == last["links"]["self"] and "next" not in last["links"]
    assert first["pagination"] == {
        "totalElements": len(papers.members),
        "elementsPerPage": 10,
        "currentPage": 1,
        "totalPages": len(pages),
    }


# --- a closed graph ---------------------------------------------------------------------------


def test_every_url_in_the_export_is_an_exported_object_list_or_document(
    exported: OparlExport,
) -> None:
    served = served_objects(exported)
    reachable = {f"{BASE}/{path}" for path in served}
    reachable |= {f"{BASE}/{path}" for path in served_documents(exported)}
    dangling = sorted({url for obj in served.values() for url in _urls(obj)} - reachable)
    assert dangling == []
    for obj in _objects(served):
        # Embedded copies equal the standalone object.
        assert served[exported.path(obj["id"])] == obj


# --- closed items -----------------------------------------------------------------------------


def test_no_closed_item_content_appears_anywhere_in_the_export(
    exported: OparlExport, scenario: dict[str, str]
) -> None:
    served = served_objects(exported)
    text = json.dumps(served, ensure_ascii=False)
    documents = {p: d.decode("utf-8") for p, d in served_documents(exported).items()}
    assert "Trafikplan for bymidten" in text  # the open case is there, so the search is real
    for where, haystack in [("json", text), *documents.items()]:
        for marker in SECRETS.values():
            assert marker not in haystack, f"{marker} leaked into {where}"
        for reason in REASON_TEXTS:
            assert reason.lower() not in haystack.lower(), f"{reason} leaked into {where}"
    for key in ("closed_tmu", "closed_oeu", "closed_draft"):
        paper = served[f"papers/{scenario[key]}"]
        assert set(paper) == {"id", "type", "body", "name", "consultation"}
        assert paper["name"] == CLOSED_NAME
        assert [c["role"] for c in paper["consultation"]] == [
            "Vorberatung",
            "Vorberatung",
            "Entscheidung",
        ]


def test_an_open_bilag_of_an_open_case_is_a_file_of_its_paper(
    exported: OparlExport, scenario: dict[str, str]
) -> None:
    from bilag_files import pdf

    served = served_objects(exported)
    paper = served[f"papers/{scenario['open']}"]
    files = paper["auxiliaryFile"]
    assert [(f["name"], f["mimeType"], f["fileName"]) for f in files] == [
        (f"Bilag 1: {OPEN_BILAG}", "application/pdf", "kort.pdf")
    ]
    assert files[0]["paper"] == [paper["id"]]
    path = files[0]["accessUrl"].removeprefix(BASE + "/")
    assert served_documents(exported)[path] == pdf()
    assert "auxiliaryFile" not in served[f"papers/{scenario['closed_tmu']}"]


def test_closed_items_keep_their_place_on_the_agenda(
    exported: OparlExport, scenario: dict[str, str]
) -> None:
    served = served_objects(exported)
    tmu = served["meetings/tmu-2026-03-09"]
    items = tmu["agendaItem"]
    assert [i["order"] for i in items] == list(range(1, len(items) + 1))
    assert [i["number"] for i in items] == [str(n) for n in range(1, len(items) + 1)]
    names = [i["name"] for i in items]
    assert names[0] == "Godkendelse af dagsorden"
    assert names[-1] == CLOSED_NAME and items[-1]["public"] is False
    assert items[-1]["consultation"].endswith(f"/consultations/{scenario['closed_tmu']}-tmu")
    assert "Trafikplan for bymidten (Beslutning)" in names
    html = served_documents(exported)["files/tmu-2026-03-09-dagsorden.html"].decode("utf-8")
    assert f"{len(items)}. {CLOSED_NAME}</h2>" in html
    assert "Trafikplan for bymidten" in html
    assert tmu["invitation"]["accessUrl"] == f"{BASE}/files/tmu-2026-03-09-dagsorden.html"
    assert tmu["invitation"]["size"] == len(html.encode("utf-8"))


# --- papers and their consultations -------------------------------------------------------------


def test_each_case_is_a_paper_whose_consultations_follow_its_route(
    memory_services: App, exported: OparlExport
) -> None:
    served = served_objects(exported)
    with memory_services.uow_factory() as uow:
        cases = [c for c in uow.cases.list(CaseQuery(status=None, limit=10_000)) if c.route]
    assert len(cases) == exported.counts()["Paper"]
    roles = {
        "indstiller": "Vorberatung",
        "beslutter": "Entscheidung",
        "orienteres": "Kenntnisnahme",
        "droefter": "Erörterung",
    }
    for case in cases:
        paper = served[f"papers/{case.id}"]
        got = [(c["organization"], c["role"], c["authoritative"]) for c in paper["consultation"]]
        want = [
            ([f"{BASE}/organizations/udvalg/{e.body}"], roles[e.role.value], e.role == "beslutter")
            for e in case.route
        ]
        assert got == want, case.id


def test_consultations_link_the_meetings_that_dealt_with_or_will_deal_with_the_case(
    exported: OparlExport, scenario: dict[str, str]
) -> None:
    served = served_objects(exported)
    case_id = scenario["closed_oeu"]
    tmu = served[f"consultations/{case_id}-tmu"]
    oeu = served[f"consultations/{case_id}-oeu"]
    assert tmu["meeting"] == f"{BASE}/meetings/tmu-2026-03-09"  # from the minutes
    # The decision recorded the meeting (not run on casework): the item stays on its agenda.
    assert served[exported.path(tmu["agendaItem"])]["consultation"] == tmu["id"]
    assert oeu["meeting"] == f"{BASE}/meetings/oeu-2026-03-19"  # on the agenda now
    item = served[exported.path(oeu["agendaItem"])]
    assert item["consultation"] == oeu["id"] and item["name"] == CLOSED_NAME
    open_case = served[f"papers/{scenario['open']}"]
    assert open_case["name"] == "Trafikplan for bymidten" and open_case["reference"]
    assert open_case["underDirectionOf"] == [f"{BASE}/organizations/center/cmt"]


# --- people, base URL, determinism --------------------------------------------------------------


def test_a_decision_without_minutes_names_the_meeting_whose_agenda_the_case_was_on(
    exported: OparlExport, scenario: dict[str, str]
) -> None:
    served = served_objects(exported)
    after = served[f"consultations/{scenario['after']}-tmu"]
    assert after["meeting"] == f"{BASE}/meetings/tmu-2026-03-09"
    # Recommended before TMU's next meeting after it arrived: no meeting is invented.
    early = served[f"consultations/{scenario['early']}-tmu"]
    assert "meeting" not in early
    assert served[f"consultations/{scenario['early']}-oeu"]["meeting"] == (
        f"{BASE}/meetings/oeu-2026-03-19"
    )


def test_people_are_exported_only_when_named_public(
    memory_services: App, scenario: dict[str, str]
) -> None:
    assert "Person" not in _export(memory_services).counts()
    named = _export(memory_services, public_people=["camilla"])
    person = named.objects[f"{BASE}/people/camilla"]
    assert person["name"] == "Camilla Aagaard" and person["status"] == ["Direktør"]
    assert oparl_validate.errors(person) == []
    with pytest.raises(UnknownPerson):
        _export(memory_services, public_people=["camila"])


@pytest.mark.parametrize(
    "url", ["ftp://x.dk/oparl", "oparl/v1", "http:///v1", "http://x.dk/v1?page=1", "http://x#a"]
)
def test_a_bad_base_url_is_refused(memory_services: App, url: str) -> None:
    with pytest.raises(InvalidBaseUrl) as caught:
        _export(memory_services, base_url=url)
    assert caught.value.code == "CW695"
    assert "--base-url" in caught.value.message("da")


def test_the_export_is_deterministic_and_follows_the_base_url(
    memory_services: App, scenario: dict[str, str]
) -> None:
    first = _export(memory_services)
    again = _export(memory_services)
    assert json.dumps(served_objects(first)) == json.dumps(served_objects(again))
    assert served_documents(first) == served_documents(again)
    moved = _export(memory_services, base_url="http://localhost:9000/x/")
    assert moved.system == "http://localhost:9000/x/system"
    assert set(served_objects(moved)) == set(served_objects(first))
