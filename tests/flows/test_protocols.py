"""The protocol published through Prefect: publishing the minutes leaves a feed row (nothing runs
in the click), schedule-runs turns it into one publish-protocol run, and that run writes the
public protocol and its artifact, in which the closed item is its number and heading only."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from casework.app import App
from casework.flows.deadlines import schedule_runs
from casework.flows.protocols import protocol_key, publish_protocol, schedule_protocols
from casework.testing import FixedClock
from tests.protocol_cycle import BODY, MEETING, SECRET, run_cycle


@pytest.fixture(scope="module")
def registered() -> None:
    """casework's deployments registered on the test server (not served: nothing runs them)."""
    from casework.flows.deployments import deployments

    for deployment in deployments():
        deployment.apply()


def _runs(name: str) -> list[Any]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with get_client(sync_client=True) as client:
        return list(client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[name]))))


def _artifact(key: str) -> Any:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), limit=50
        )
    assert found, f"no artifact with key {key}"
    return max(found, key=lambda a: a.created)


def _readable(markdown: str) -> str:
    """The artifact's text as the UI shows it: entities and backslash escapes undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def test_published_minutes_get_one_protocol_run_and_a_public_artifact(
    casework: App, clock: FixedClock, registered: None
) -> None:
    before = len(_runs("publish-protocol"))
    run_cycle(casework, clock)
    # The click only wrote the feed row; the scheduling run creates the protocol run, once.
    assert schedule_protocols() == 1
    runs = _runs("publish-protocol")
    assert len(runs) == before + 1
    created = max(runs, key=lambda r: r.created)
    assert created.parameters == {"body": BODY, "date": MEETING.isoformat()}
    assert schedule_runs()["protocol_runs"] == 0  # the feed's position was stored

    written = publish_protocol(BODY, MEETING)
    assert [p.rsplit(".", 1)[1] for p in written] == ["html", "pdf", "json"]
    assert all("-offentlig." in p for p in written)
    for path in written[::2]:  # the HTML and the JSON
        text = Path(path).read_text("utf-8")
        assert SECRET not in text and "Lukket punkt: Ejendomssag" in text
    markdown = _readable(_artifact(protocol_key(BODY, MEETING)).data)
    assert "# Beslutningsprotokol – Byplanudvalget" in markdown
    assert "For stemte: 5" in markdown and "Oversendt til Teknik- og Miljøudvalget" in markdown
    assert "Lukket punkt: Ejendomssag" in markdown
    assert SECRET not in markdown


def test_a_protocol_run_for_unpublished_minutes_does_nothing(casework: App) -> None:
    assert publish_protocol("tmu", MEETING.replace(day=9)) == []


def test_recorded_text_stays_text_in_the_artifact() -> None:
    import dataclasses

    from casework.domain.agenda import Visibility
    from casework.flows.protocols import protocol_markdown
    from tests.unit.test_protocol_documents import published

    hostile = "Godkendt <img src=x onerror=alert(1)> [klik](https://ond.example)\n# Overskrift"
    public = published(Visibility.PUBLIC)
    items = tuple(
        dataclasses.replace(item, decision_text=hostile, minority=(hostile,))
        if item.outcome_text
        else item
        for item in public.items
    )
    markdown = protocol_markdown(dataclasses.replace(public, items=items), [])
    assert "<img" not in markdown and "[klik](" not in markdown
    assert "\n# Overskrift" not in markdown
    assert "Godkendt &lt;img src=x onerror=alert\\(1\\)&gt;" in markdown
