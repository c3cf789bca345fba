"""Read commands stay light: no Prefect, no YAML parsing, no graph library, no SQLAlchemy.

`casework case show` has a whole-process latency target (bench/engine.py measures it); this
test keeps the import discipline behind it from eroding.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
