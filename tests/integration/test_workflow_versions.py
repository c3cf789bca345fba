"""Cases keep running on the workflow version they started on, after config/ moves on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from casework.adapters.config import load_configuration
from casework.adapters.sql.uow import SqlUnitOfWork
from casework.app import App
from casework.domain.commands import AdvanceCase, OpenCase
from casework.domain.configuration import Configuration
from casework.domain.errors import WorkflowChanged
from casework.testing import FixedClock

CONFIG = Path(__file__).resolve().parents[2] / "config"
OLD_TITLE = "title: Sagsfremstilling udarbejdes"
NEW_TITLE = "title: Sagsfremstilling skrives"


def _services(engine: Engine, config: Configuration) -> App:
    return App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())


def _edited(tmp_path: Path, *, bump: bool) -> Configuration:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    path = target / "workflows" / "beslutningssag.yaml"
    text = path.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE)
    if bump:
        text = text.replace("\nversion: 1\n", "\nversion: 2\n", 1)
    path.write_text(text, encoding="utf-8")
    return load_configuration(target)


def _open(services: App) -> str:
    return services.open_case(
        OpenCase(
            workflow="beslutningssag",
            title="Lokalplan 300",
            actor="aase",
            route=[("bpu", "beslutter")],
            attributes={"politikomraade": "lokalplaner"},
        )
    ).id


def test_an_open_case_keeps_its_version_after_the_file_moves_on(
    engine: Engine, config: Configuration, tmp_path: Path
) -> None:
    old_case = _open(_services(engine, config))
    services = _services(engine, _edited(tmp_path, bump=True))
    case, _ = services.case(old_case)
    assert services.graph(case).steps["kladde"].step.title == "Sagsfremstilling udarbejdes"
    advanced = services.advance(AdvanceCase(case_id=old_case, action="indsend", actor="aase"))
    assert advanced.case.workflow_version == 1
    assert advanced.case.step == "centerchef_godkendelse"
    new_case, _ = services.case(_open(services))
    assert new_case.workflow_version == 2
    assert services.graph(new_case).steps["kladde"].step.title == "Sagsfremstilling skrives"
    assert services.verify_audit().ok


def test_changing_a_pinned_version_without_raising_it_is_refused(
    engine: Engine, config: Configuration, tmp_path: Path
) -> None:
    _open(_services(engine, config))
    services = _services(engine, _edited(tmp_path, bump=False))
    with pytest.raises(WorkflowChanged) as info:
        _open(services)
    assert "hæv 'version'" in info.value.message("da")
    with pytest.raises(WorkflowChanged):
        services.register_workflows()


def test_editing_a_version_no_case_uses_yet_is_allowed(
    engine: Engine, config: Configuration, tmp_path: Path
) -> None:
    _services(engine, config).register_workflows()
    services = _services(engine, _edited(tmp_path, bump=False))
    services.register_workflows()
    case, _ = services.case(_open(services))
    assert services.graph(case).steps["kladde"].step.title == "Sagsfremstilling skrives"
