"""Meeting-step actions and route roles that could never apply are configuration errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casework.adapters.config import load_configuration
from casework.domain.errors import DefinitionError

CONFIG = Path(__file__).resolve().parents[2] / "config"


def _broken(
    tmp_path: Path, old: str, new: str, workflow: str = "beslutningssag"
) -> DefinitionError:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    path = target / "workflows" / f"{workflow}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_configuration(target)
    return info.value


def test_action_for_body_roles_the_step_never_expands_for(tmp_path: Path) -> None:
    error = _broken(tmp_path, "body_roles: [indstiller]", "body_roles: [orienteres]")
    (finding,) = [f for f in error.findings if f.code == "CW122"]
    assert finding.location is not None and finding.location.line is not None
    assert "anbefal" in finding.message("da")


def test_meeting_step_roles_outside_the_workflows_route_roles(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "route_roles: [orienteres]",
        "route_roles: [orienteres, beslutter]",
        workflow="orienteringssag",
    )
    assert [f.code for f in error.findings] == ["CW123"]
    assert "beslutter" in error.findings[0].message("en")
