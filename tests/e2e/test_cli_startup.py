"""Read commands stay light: no Prefect, no YAML parsing, no graph library, no SQLAlchemy, and
no click objects for the commands that do not run.

`casework case show` has a whole-process latency target (bench/engine.py measures it); these
tests keep the import discipline behind it from eroding.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer.main
from typer.testing import CliRunner

from casework.entrypoints.cli import typer_app
from casework.entrypoints.cli.context import CliContext
from casework.entrypoints.cli.lazy import COMMANDS, names, registered

if TYPE_CHECKING:
    from tests.e2e.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]


def _run(
    env: dict[str, str], *args: str, importtime: bool = False
) -> subprocess.CompletedProcess[str]:
    code = "import sys; from casework.entrypoints.cli import main; sys.exit(main(sys.argv[1:]))"
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_case_show_imports_neither_prefect_nor_yaml_nor_networkx(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CASEWORK_DATA_DIR": str(tmp_path),
        "CASEWORK_CONFIG_DIR": str(ROOT / "config"),
    }
    env.pop("CASEWORK_DATABASE_URL", None)
    assert _run(env, "init").returncode == 0
    opened = _run(
        env,
        "case",
        "new",
        "--workflow",
        "orienteringssag",
        "--title",
        "Status",
        "--as",
        "lise",
        "--route",
        "sou:orienteres",
    )
    assert opened.returncode == 0, opened.stderr
    shown = _run(env, "case", "show", "--json", _first_case(env), importtime=True)
    assert shown.returncode == 0, shown.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in shown.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "casework.adapters.sql.sqlite_reader" in imported  # the measurement itself works
    for heavy in (
        "prefect",
        "yaml",
        "networkx",
        "sqlalchemy",
        "alembic",
        "casework.adapters.config.loader",
        "casework.domain.planning",
    ):
        assert heavy not in imported, heavy


def _first_case(env: dict[str, str]) -> str:
    import json

    listed = _run(env, "case", "list", "--json")
    return str(json.loads(listed.stdout)[0]["id"])


def test_case_show_builds_the_case_group_only(
    env: Path, run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").code == 0
    opened = run("case", "new", "--workflow", "orienteringssag", "--title", "Status",
                 "--as", "lise", "--route", "sou:orienteres", "--print-id")  # fmt: skip
    assert opened.code == 0, opened.err
    built: list[str] = []  # the module of every command's callback, as typer converts it
    groups: list[str] = []
    command_from_info = typer.main.get_command_from_info
    group_from_info = typer.main.get_group_from_info

    def command(command_info: Any, **kwargs: Any) -> Any:
        built.append(command_info.callback.__module__.rsplit(".", 1)[-1])
        return command_from_info(command_info, **kwargs)

    def group(group_info: Any, **kwargs: Any) -> Any:
        groups.append("casework" if group_info.typer_instance is typer_app else group_info.name)
        return group_from_info(group_info, **kwargs)

    monkeypatch.setattr(typer.main, "get_command_from_info", command)
    monkeypatch.setattr(typer.main, "get_group_from_info", group)
    context = CliContext(given=run.app())
    try:
        shown = CliRunner().invoke(
            typer_app, ["case", "show", opened.out.strip(), "--json"], obj=context
        )
    finally:
        context.close()
    assert shown.exit_code == 0, shown.output
    assert '"title": "Status"' in shown.output
    assert groups == ["casework", "case"]  # neither `meeting`, `config` nor any other group
    assert "case_views" in built
    assert set(built) <= {"cases", "case_views", "bilag", "discussions", "presentation"}, built


def test_the_root_names_exactly_what_the_modules_register() -> None:
    """The root knows its commands without importing their modules: its table must match."""
    for module in dict.fromkeys(COMMANDS.values()):
        listed = [name for name, owner in COMMANDS.items() if owner == module]
        assert sorted(names(registered(module))) == sorted(listed), module
