"""The rings as the import graph has them: entry points reach the core only through the app.

import-linter holds the contracts in CI; this reads the same graph with
``scripts/import_graph.py`` (which draws ``docs/images/rings.svg``) and states what the
architecture page promises about it: an entry point (CLI, web and API, flows) imports the
application service, domain values, commands and errors, the diagrams and the settings, and
never a service or adapter module.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY_MAY_IMPORT = {
    "Application service",
    "Domain",
    "Diagrams",
    "Settings",
    "Entry points (other)",
    "Prefect flows",  # `casework serve` deploys the flows
}


@pytest.fixture(scope="module")
def graph_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts/import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = module
    spec.loader.exec_module(module)
    return module


def test_modules_fall_into_their_rings(graph_script: ModuleType) -> None:
    ring_of = graph_script.ring_of
    assert ring_of("casework.entrypoints.cli.cases") == "CLI"
    assert ring_of("casework.entrypoints.web.pages.case") == "Web + API"
    assert ring_of("casework.flows.deadlines") == "Prefect flows"
    assert ring_of("casework.app.views") == "Application service"
    assert ring_of("casework.services.ports.reminders") == "Services"
    assert ring_of("casework.adapters.sql.repository") == "Adapters"
    assert ring_of("casework.domain.case") == "Domain"
    assert ring_of("casework") is None


def test_entry_points_depend_only_on_the_app_and_the_domain(graph_script: ModuleType) -> None:
    counts, offending = graph_script.ring_edges()
    assert offending == []
    entries = graph_script.ENTRY_RINGS
    reached = {target for (source, target) in counts if source in entries}
    assert reached <= ENTRY_MAY_IMPORT, reached - ENTRY_MAY_IMPORT
    # Each entry point does use the app: the front door is the way in, not a bypass.
    for ring in ("CLI", "Web + API", "Prefect flows"):
        assert counts[(ring, "Application service")] > 0, ring


def test_the_drawing_shows_the_rings(graph_script: ModuleType) -> None:
    counts, _ = graph_script.ring_edges()
    dot = graph_script.to_dot(counts)
    assert '"CLI" -> "Application service"' in dot
    assert '"Application service" -> "Adapters"' in dot
    assert '-> "Adapters"' not in dot.replace('"Application service" -> "Adapters"', "")
    assert (ROOT / "docs/images/rings.svg").is_file()
    assert "images/rings.svg" in (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
