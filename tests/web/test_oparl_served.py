"""The OParl export served read-only by the web app at /oparl/v1: every link resolves, the
objects validate against the official OParl 1.1 schemas, and a closed item's content is absent."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.services import handlers

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "oparl-schema"
_spec = importlib.util.spec_from_file_location("oparl_validate", SCHEMAS / "oparl_validate.py")
assert _spec is not None and _spec.loader is not None
oparl_validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oparl_validate)

ROUTE = [("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")]
SECRET = "HEMMELIG-GRUNDHANDEL-VED-SKOVEN"


def _open(services: App, title: str, **attributes: Any) -> str:
    case = handlers.open_case(
        services.uow_factory(), services.config, services.clock,
        OpenCase(workflow="beslutningssag", title=title, actor="mette", route=ROUTE,
                 attributes={"politikomraade": "veje", **attributes}),
    )  # fmt: skip
    for action, actor in [("indsend", "mette"), ("godkend", "henrik")]:
        handlers.advance_case(
            services.uow_factory(), services.config, services.clock,
            AdvanceCase(case_id=case.id, action=action, actor=actor),
        )  # fmt: skip
    return case.id


def _links(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_links(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_links(v) for v in node)) if node else set()
    if isinstance(node, str) and node.startswith("http://testserver/oparl/v1/"):
        return {node}
    return set()


def test_the_export_is_served_linked_valid_and_without_closed_content(
    app: FastAPI, web_services: App
) -> None:
    open_id = _open(web_services, "Ny cykelsti langs Mølleåen")
    closed_id = _open(web_services, SECRET, lukket=True, lukket_grund="ejendomshandel")
    with TestClient(app) as client:
        system = client.get("/oparl/v1/system")
        assert system.status_code == 200
        assert system.json()["id"] == "http://testserver/oparl/v1/system"
        assert client.get("/oparl/v1").json() == system.json()  # the entry point
        seen: dict[str, Any] = {}
        todo = [system.json()["id"]]
        while todo:  # follow every link, as an OParl client would
            url = todo.pop()
            if url in seen:
                continue
            answer = client.get(url.removeprefix("http://testserver"))
            assert answer.status_code == 200, url
            if answer.headers["content-type"].startswith("application/json"):
                seen[url] = answer.json()
                todo += sorted(_links(seen[url]) - set(seen))
            else:
                seen[url] = answer.text
        assert client.get("/oparl/v1/papers/2099-9999").status_code == 404

    objects = [o for o in seen.values() if isinstance(o, dict) and "type" in o]
    for obj in objects:
        assert oparl_validate.errors(obj) == [], obj.get("id")
    papers = {o["id"].rsplit("/", 1)[1]: o for o in objects if o["type"].endswith("/Paper")}
    assert papers[open_id]["name"] == "Ny cykelsti langs Mølleåen"
    assert papers[closed_id]["name"] == "Lukket punkt"
    everything = json.dumps(list(seen.values()), ensure_ascii=False)
    assert SECRET not in everything
    assert "ejendomshandel" not in everything
