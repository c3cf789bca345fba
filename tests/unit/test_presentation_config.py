"""``config/presentation.yaml`` is checked on load with file, line and a hint (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casework.adapters.config.full import load_full_configuration
from casework.adapters.config.presentation_loader import load_presentation_config
from casework.domain.configuration import Configuration
from casework.domain.errors import DefinitionError
from casework.domain.presentation import DEFAULT_CONFIG, AfterApproval

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


def test_the_shipped_file_loads(config: Configuration) -> None:
    loaded = load_presentation_config(CONFIG_DIR, config.workflows)
    assert [s.id for s in loaded.sections] == [s.id for s in DEFAULT_CONFIG.sections]
    lokalplan = loaded.for_workflow("lokalplan")
    assert lokalplan.required["hoering"] == "hoeringsnotat"
    assert lokalplan.after_decision is AfterApproval.REFUSE
    assert loaded.for_workflow("ukendt") == loaded.default


def test_without_a_file_the_defaults_apply(tmp_path: Path) -> None:
    assert load_presentation_config(tmp_path) is DEFAULT_CONFIG


def test_every_problem_is_reported_with_file_line_and_hint(
    tmp_path: Path, config: Configuration
) -> None:
    (tmp_path / "presentation.yaml").write_text(
        "schema_version: 1\n"
        "quality: {lix_ceiling: 40}\n"
        "workflows:\n"
        "  beslutningsag:\n"
        "    required: {resume: kladde}\n"
        "  lokalplan:\n"
        "    required: {resumee: kladde, sagsfremstilling: kladd}\n"
        "    block: [indsendt]\n"
        "    after_decision: refuse\n",
        encoding="utf-8",
    )
    with pytest.raises(DefinitionError) as caught:
        load_presentation_config(tmp_path, config.workflows)
    found = {(f.code, f.location.line if f.location else None) for f in caught.value.findings}
    message = caught.value.message("en")
    assert ("CW876", 4) in found and "beslutningssag" in message  # did you mean
    assert ("CW879", 7) in found  # the section resumee
    assert ("CW877", 7) in found and "kladde" in message  # the step 'kladd'
    assert ("CW878", 8) in found and "indsend" in message  # the action 'indsendt'
    assert "presentation.yaml" in message


def test_schema_errors_come_first_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / "presentation.yaml").write_text(
        "schema_version: 1\nquality: {lix_ceiling: 0}\ndefault:\n  after_decision: maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(DefinitionError) as caught:
        load_presentation_config(tmp_path)
    lines = {f.location.line for f in caught.value.findings if f.location}
    assert {2, 4} <= lines
    assert all(f.code.startswith("CW1") for f in caught.value.findings)


def test_config_check_reports_the_presentation_file(tmp_path: Path) -> None:
    shutil.copytree(CONFIG_DIR, tmp_path / "config")
    (tmp_path / "config" / "presentation.yaml").write_text(
        "schema_version: 1\nworkflows:\n  nope: {}\n", encoding="utf-8"
    )
    with pytest.raises(DefinitionError, match="CW876"):
        load_full_configuration(tmp_path / "config")
