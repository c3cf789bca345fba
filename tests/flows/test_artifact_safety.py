"""Issue 16, items 1 and 2 on a real Prefect server: a closed case's title never reaches the
artifacts or the reminder e-mails, and a hostile title stays text (the secret-marker pattern of
``tests/web/test_access_matrix.py``; the pure functions: ``tests/unit/test_output_safety.py``).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path
from typing import Any

from casework.app import App
from casework.domain.commands import OpenCase
from casework.flows import runtime
from casework.flows.artifacts import case_route_key
from casework.flows.board import coordinator_board
from casework.flows.deadlines import deadline_sweep

SECRET = "Xyzzy"
HOSTILE = "Cykelsti <img src=x onerror=alert(1)> [klik](https://ond.example)"


def _artifacts() -> list[Any]:
    from prefect import get_client
    from prefect.client.schemas.sorting import ArtifactSort

    # Newest first: the flow tests share one Prefect server, so earlier tests' artifacts (an
    # older case-board among them) are there too.
    with get_client(sync_client=True) as client:
        return list(client.read_artifacts(limit=200, sort=ArtifactSort.CREATED_DESC))


def _open(services: App, title: str, **attributes: object) -> str:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title=title,
            actor="mette",
            route=[("tmu", "indstiller"), ("oeu", "indstiller"), ("kb", "beslutter")],
            attributes={"politikomraade": "ejendomme", **attributes},
        )
    ).id


def _plant_bilag(services: App, closed: str) -> None:
    """A closed bilag of an open case and an open bilag of the closed case, both secret."""
    from bilag_files import docx, pdf

    from casework.app.bilag import AttachBilag

    open_case = _open(services, "Trafikplan for bymidten")
    for case_id, name, content, closed_bilag in (
        (open_case, "notat.docx", docx(SECRET), True),
        (closed, "vurdering.pdf", pdf(SECRET), False),
    ):
        services.bilag.attach(AttachBilag(
            case_id=case_id, actor="mette", filename=name, content=content,
            title=f"Bilag om {SECRET}", closed=closed_bilag,
            reason="personforhold" if closed_bilag else None,
        ))  # fmt: skip


def test_artifacts_and_emails_name_a_closed_case_by_number_and_category(casework: App) -> None:
    closed = _open(
        casework,
        f"Køb af {SECRET}gården",
        lukket=True,
        lukket_grund="ejendomshandel",
        sagsfremstilling=f"Prisen på {SECRET} er fortrolig.",
    )
    hostile = _open(casework, HOSTILE)
    _plant_bilag(casework, closed)
    coordinator_board(route_limit=500)
    artifacts = _artifacts()
    assert artifacts
    for artifact in artifacts:
        text = str(artifact.data) + str(artifact.description)
        assert SECRET not in text, artifact.key
        if artifact.type == "markdown":  # rendered (table cells are shown as text)
            prose = text.split("```mermaid")[0]  # the diagram's comments are not rendered
            assert "<img" not in text and "[klik](" not in prose, artifact.key
    assert any(a.key == "meeting-flow" for a in artifacts)  # the flow board, checked above
    assert any(a.key == "flow-map" for a in artifacts)  # the route map, checked above
    board = max((a for a in artifacts if a.key == "case-board"), key=lambda a: a.created)
    assert "Lukket punkt: Ejendomssag" in str(board.data)
    route = max((a for a in artifacts if a.key == case_route_key(closed)), key=lambda a: a.created)
    assert str(route.data).startswith(f"# {closed} Lukket punkt&#58; Ejendomssag\n")
    assert any(a.key == case_route_key(hostile) for a in artifacts)

    case, _ = casework.case(closed)
    assert case.due is not None
    due = dt.date.fromisoformat(case.due[:10])
    sweep = deadline_sweep(now=dt.datetime(due.year, due.month, due.day, 6, 30, tzinfo=dt.UTC))
    assert sweep["sent"] > 0
    outbox = Path(runtime.settings().data_dir) / "outbox"
    about = []
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        subject = str(message["subject"])
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        assert SECRET not in subject and SECRET not in text, path.name
        if closed in subject:
            about.append(subject)
    assert about and all("Lukket punkt: Ejendomssag" in subject for subject in about)
