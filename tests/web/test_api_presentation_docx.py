"""The Word round trip through the JSON API (issue 14's leftover): ``GET`` and ``PUT`` of
``/api/v1/cases/{id}/presentation.docx`` run the use cases of ``case export-docx`` and
``case import-docx`` and answer in the CLI's ``--json`` shape; bad documents, a stale version,
the wrong person, no token and a closed item for an outsider are refused and write nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from api_fixtures import TO_MEETING, World, make_world

from casework.domain import access
from casework.domain.access import Permission
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.presentation import PresentationFrozen
from casework.domain.presentation_commands import SaveText
from casework.entrypoints.web.api_errors import status_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXTS = {
    "resume": "Planen gør vejene sikre.",
    "sagsfremstilling": "Byrådet vedtog en plan i 2021.\n\nDen fornyes nu.",
    "oekonomi": "Udgiften afholdes af vejpuljen.",
    "indstilling": "1. at planen godkendes\n2. at der afsættes 2 mio. kr.",
}


@pytest.fixture
def world(tmp_path: Path, config: Configuration) -> World:
    return make_world(tmp_path, config)


def _url(case_id: str) -> str:
    return f"/api/v1/cases/{case_id}/presentation.docx"


def _written(world: World, **attrs: Any) -> str:
    case_id = world.open_case(**attrs)
    for section, text in TEXTS.items():
        world.services.presentations.save(
            SaveText(case_id=case_id, actor="mette", section=section, text=text)
        )
    return case_id


def _put(world: World, person: str | None, case_id: str, data: bytes, **params: Any) -> Any:
    headers = {**world.headers(person), "Content-Type": DOCX, **params.pop("headers", {})}
    return world.client.put(_url(case_id), content=data, headers=headers, params=params)


def _sections(world: World, case_id: str) -> dict[str, str]:
    return {s.id: s.text for s in world.services.presentation(case_id).sections}


def _history(world: World, case_id: str) -> list[tuple[int, str, str]]:
    rows = world.services.presentations.history(case_id).rows
    return [(r.version, r.section, r.author) for r in rows]


def _all(world: World) -> list[str]:
    """Every section of the template: an exported document has a heading for each."""
    return [s.id for s in world.services.presentations.config.sections]


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    doc = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def _edited(data: bytes, old: str, new: str) -> bytes:
    doc = docx.Document(io.BytesIO(data))
    next(p for p in doc.paragraphs if p.text == old).text = new
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_bytes(*paragraphs: tuple[str, str]) -> bytes:
    doc = docx.Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_export_then_import_leaves_the_sections_identical(world: World) -> None:
    case_id = _written(world)
    before, history = _sections(world, case_id), _history(world, case_id)
    down = world.get("mette", _url(case_id))
    assert down.status_code == 200, down.text
    assert down.headers["content-type"] == DOCX
    assert down.headers["content-disposition"] == (
        f"attachment; filename*=UTF-8''sagsfremstilling-{case_id}.docx"
    )
    assert down.headers["cache-control"] == "private, no-store"
    cli = world.services.presentations.export_docx(case_id).content  # what export-docx writes
    assert _paragraphs(down.content) == _paragraphs(cli)
    up = _put(world, "mette", case_id, down.content)
    assert up.status_code == 200, up.text
    # The shape of `case import-docx --json`: nothing changed, every section found.
    assert up.json() == {"case": case_id, "changed": [], "found": _all(world),
                         "reapproval": False, "version": 4}  # fmt: skip
    assert _sections(world, case_id) == before
    assert _history(world, case_id) == history


def test_an_earlier_version_and_english_headings(world: World) -> None:
    case_id = _written(world)
    first = world.get("mette", _url(case_id), params={"version": 1})
    assert first.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(first.content)).paragraphs]
    assert TEXTS["resume"] in paragraphs and "Udgiften afholdes af vejpuljen." not in paragraphs
    missing = world.get("mette", _url(case_id), params={"version": 9})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "CW875"
    english = world.client.get(
        _url(case_id), headers={**world.headers("mette"), "Accept-Language": "en"}
    )
    headings = [p.text for p in docx.Document(io.BytesIO(english.content)).paragraphs]
    assert "Summary" in headings and "Resumé" not in headings, headings
    # A document with English headings reads back as the same sections.
    assert _put(world, "mette", case_id, english.content).json()["changed"] == []


def test_an_edited_document_makes_versions_and_voids_the_approval(world: World) -> None:
    case_id = _written(world)
    data = world.get("mette", _url(case_id)).content
    for action, actor in [("indsend", "mette"), ("godkend", "henrik")]:
        world.services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    assert not world.services.presentation(case_id).needs_reapproval
    edited = _edited(data, TEXTS["oekonomi"], "Udgiften er 3 mio. kr.")
    up = _put(world, "jonas", case_id, edited)
    assert up.status_code == 200, up.text
    assert up.json() == {"case": case_id, "changed": ["oekonomi"], "found": _all(world),
                         "reapproval": True, "version": 5}  # fmt: skip
    assert _history(world, case_id)[-1] == (5, "oekonomi", "jonas")
    assert world.services.presentation(case_id).needs_reapproval
    assert _sections(world, case_id)["oekonomi"] == "Udgiften er 3 mio. kr."
    refused = world.post("annelise", f"/api/v1/cases/{case_id}/actions", {"action": "godkend"})
    assert refused.status_code >= 400 and refused.json()["error"]["code"] == "CW873"


def test_a_stale_version_is_a_conflict_and_writes_nothing(world: World) -> None:
    case_id = _written(world)
    version = world.get("mette", f"/api/v1/cases/{case_id}").json()["version"]
    data = _edited(world.get("mette", _url(case_id)).content, TEXTS["resume"], "Ny.")
    world.services.presentations.save(
        SaveText(case_id=case_id, actor="mette", section="oekonomi", text="Andet.")
    )
    stale = _put(world, "mette", case_id, data, expected_version=version)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "CW206"
    assert _sections(world, case_id)["resume"] == TEXTS["resume"]
    fresh = _put(world, "mette", case_id, data, expected_version=version + 1)
    # Against the current version the document is taken whole: its økonomi replaces the other.
    assert fresh.status_code == 200 and fresh.json()["changed"] == ["resume", "oekonomi"]


def test_bad_documents_are_422_with_one_line_and_write_nothing(world: World) -> None:
    case_id = _written(world)
    other = _written(world, title="Andet emne")
    documents = {
        b"": "CW881",
        b"%PDF-1.7\n1 0 obj\n": "CW881",
        b"PK\x03\x04\x14\x00 not really": "CW881",
        _docx_bytes(("Normal", "Bare tekst")): "CW882",
        _docx_bytes(("Heading 1", "Resumé"), ("Heading 1", "Økonomien")): "CW883",
        _docx_bytes(("Heading 1", "Resumé"), ("Heading 1", "Resume")): "CW884",
        world.get("mette", _url(other)).content: "CW885",
        _docx_bytes(("Heading 1", "Resumé"), ("Normal", "a\x9bb")): "CW230",
    }
    history = _history(world, case_id)
    for data, code in documents.items():
        answer = _put(world, "mette", case_id, data)
        assert answer.status_code == 422, (code, answer.text)
        error = answer.json()["error"]
        assert error["code"] == code and "\n" not in error["message"], error
        assert "Traceback" not in answer.text
    pdf = _put(world, "mette", case_id, b"%PDF-1.7\n")
    assert pdf.json()["error"]["message"] == (
        f"sagsfremstilling-{case_id}.docx er ikke et Word-dokument (DOCX), der kan læses: "
        "indholdet er ikke en DOCX-fil"
    )
    english = _put(world, "mette", case_id, b"%PDF-1.7\n", headers={"Accept-Language": "en"})
    assert "is not a Word document" in english.json()["error"]["message"]
    assert _history(world, case_id) == history


def test_a_document_over_the_upload_limit_is_refused(world: World) -> None:
    case_id = _written(world)
    data = world.get("mette", _url(case_id)).content
    services = world.services
    assert services.settings is not None
    limit = len(data) - 1  # the bilag limit, as the web editor's upload
    object.__setattr__(
        services, "settings", dataclasses.replace(services.settings, bilag_max_bytes=limit)
    )
    too_large = data + b"\0" * 100_000
    answer = _put(world, "mette", case_id, too_large)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "CW881"
    assert f"den fylder {len(too_large)} byte, højst {limit} byte" in error["message"]
    assert _history(world, case_id)[-1][0] == 4


def test_a_body_without_a_length_is_read_no_further_than_past_the_limit() -> None:
    import asyncio

    from starlette.requests import Request

    from casework.entrypoints.web.api.presentation import _read_body

    body = bytes(range(256)) * 100  # 25,600 bytes, sent in chunks of 1,000 without a length
    given: list[int] = []

    async def receive() -> dict[str, Any]:
        start = len(given) * 1000
        given.append(start)
        chunk = body[start : start + 1000]
        return {"type": "http.request", "body": chunk, "more_body": start + 1000 < len(body)}

    def read(limit: int) -> bytes:
        given.clear()
        request = Request({"type": "http", "method": "PUT", "headers": []}, receive)
        return asyncio.run(_read_body(request, limit, "x.docx"))

    assert read(5000) == body[:6000] and len(given) == 6  # one chunk past 5,000, then stop
    assert read(len(body)) == body


def test_who_may_read_and_who_may_write(world: World) -> None:
    case_id = _written(world)
    data = _edited(world.get("mette", _url(case_id)).content, TEXTS["resume"], "Ny.")
    for method in ("GET", "PUT"):
        anonymous = world.client.request(method, _url(case_id), content=b"x")
        assert anonymous.status_code == 401, method
        assert anonymous.json()["error"]["code"] == "CW220"
    case = world.services.case(case_id)[0]
    municipality = world.services.config.municipality
    reader = "annelise"  # the director: sees the open case, may not change its details
    assert access.can_view_case(municipality, reader, case)
    assert not access.may_on_case(municipality, reader, Permission.CHANGE_ATTRIBUTES, case)
    assert world.get(reader, _url(case_id)).status_code == 200
    denied = _put(world, reader, case_id, data)
    assert denied.status_code == 403, denied.text
    assert _sections(world, case_id)["resume"] == TEXTS["resume"]


def test_a_closed_item_is_404_to_whoever_may_not_see_it(world: World) -> None:
    secret = "Xyzzy"
    case_id = _written(world, title=f"Køb af {secret}gården", lukket="ja",
                       lukket_grund="ejendomshandel")  # fmt: skip
    data = world.get("mette", _url(case_id)).content
    assert world.get("mette", _url(case_id)).status_code == 200
    hidden = 0
    for person in world.tokens:
        if world.get(person, f"/api/v1/cases/{case_id}").status_code == 200:
            continue
        hidden += 1
        down = world.get(person, _url(case_id))
        up = _put(world, person, case_id, _edited(data, TEXTS["resume"], "Ny."))
        for answer in (down, up):
            assert answer.status_code == 404, (person, answer.text)
            assert answer.json()["error"]["code"] == "CW201"
            assert secret not in answer.text
    assert hidden > 0
    assert _sections(world, case_id)["resume"] == TEXTS["resume"]


def test_the_openapi_description_lists_both_operations(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    operations = paths["/api/v1/cases/{case_id}/presentation.docx"]
    assert set(operations) == {"get", "put"}
    assert DOCX in operations["get"]["responses"]["200"]["content"]
    assert DOCX in operations["put"]["requestBody"]["content"]
    assert {"401", "403", "404", "409", "422"} <= set(operations["put"]["responses"])
    for operation in operations.values():
        assert operation["security"] == [{"HTTPBearer": []}]


def test_after_the_decision_the_import_is_a_conflict(world: World) -> None:
    case_id = world.services.open_case(
        OpenCase(workflow="beslutningssag", title="Trafikplan", actor="mette",
                 route=[("tmu", "beslutter")], attributes={"politikomraade": "veje"})
    ).id  # fmt: skip
    for section, text in TEXTS.items():
        world.services.presentations.save(
            SaveText(case_id=case_id, actor="mette", section=section, text=text)
        )
    data = _edited(world.get("mette", _url(case_id)).content, TEXTS["resume"], "Ny.")
    for action, actor in TO_MEETING:
        world.services.advance(AdvanceCase(case_id=case_id, action=action, actor=actor))
    world.clock.instant = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)  # TMU has met
    decided = world.post(
        "sofie",
        f"/api/v1/cases/{case_id}/decision",
        {"outcome": "godkendt", "text": "Godkendt.", "meeting": "2026-03-09"},
    )
    assert decided.status_code == 200, decided.text
    history = _history(world, case_id)
    frozen = _put(world, "sofie", case_id, data)
    assert frozen.status_code == 409, frozen.text
    assert frozen.json()["error"]["code"] == "CW872"
    assert _history(world, case_id) == history
    assert status_for(PresentationFrozen(case_id=case_id, after="", what="")) == 409
