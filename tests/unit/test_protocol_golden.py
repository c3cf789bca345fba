"""The public beslutningsprotokol of one scripted meeting cycle, compared with golden files.

The cycle is :mod:`tests.protocol_cycle` through ``App`` on the in-memory store; the browser
story runs the same cycle through the web app and compares with the same files. A change to a
golden file is a change to what the public reads: regenerate on purpose and review the diff::

    CASEWORK_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_protocol_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from casework.app import App
from casework.app.protocols import render_protocol
from casework.domain.agenda import Visibility
from casework.testing import FixedClock
from tests.protocol_cycle import BODY, MEETING, SECRET, run_cycle

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STEM = f"protocol_{BODY}_{MEETING.isoformat()}_public_da"
REGENERATE = os.environ.get("CASEWORK_REGENERATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``name`` (or becomes it, when regenerating)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True), name, "now"
            )
        )
        raise AssertionError(f"{name} differs from its golden file:\n{diff}")


def test_the_public_protocol_matches_the_golden_files(
    memory_services: App, clock: FixedClock
) -> None:
    run_cycle(memory_services, clock)
    public = memory_services.agendas.protocol(BODY, MEETING).publish(Visibility.PUBLIC)
    html = render_protocol(public, "html").decode("utf-8")
    data = render_protocol(public, "json").decode("utf-8")
    for text in (html, data):
        assert SECRET not in text
    check_golden(f"{STEM}.html", html)
    check_golden(f"{STEM}.json", data)
    # What the golden file promises a reader: the vote, the referral, the closed item's place.
    assert "For stemte: 5" in html and "Oversendt til Teknik- og Miljøudvalget" in html
    assert "Lukket punkt: Ejendomssag" in html
