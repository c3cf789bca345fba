"""flows/ and diagrams/ stay top-level folders of the repository, but are imported only as
``casework.flows`` and ``casework.diagrams`` (symlinks in the casework package), so the wheel
installs no top-level package that could collide with another distribution (PyPI has a
``diagrams``). import-linter holds the casework package to that; this holds every Python file of
the repository, tests and scripts included, which the import graph does not cover."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD_NAMES = re.compile(r"^\s*(?:from|import) (?:flows|diagrams)\b", re.MULTILINE)


def test_the_folders_are_symlinked_into_the_package() -> None:
    for name, target in (
        ("casework/flows", "flows"),
        ("casework/diagrams", "diagrams"),
        ("casework/examples/eksempel", "config"),
    ):
        link = ROOT / name
        assert link.is_symlink(), name
        assert link.resolve() == (ROOT / target).resolve(), name


def test_no_python_file_imports_the_top_level_names() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(tracked) > 100
    offending = [
        f"{name}:{text[: m.start()].count(chr(10)) + 1}"
        for name in tracked
        if (ROOT / name).is_file() and not (ROOT / name).is_symlink()
        for text in [(ROOT / name).read_text(encoding="utf-8")]
        for m in OLD_NAMES.finditer(text)
    ]
    assert offending == []
