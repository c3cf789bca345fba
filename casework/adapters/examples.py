"""The example configurations the package ships, copied into a directory to start from.

They live in the package as ``casework/examples/<name>/`` (in a checkout a symlink to the
repository's ``config/``; in the wheel package data), so ``casework init --example eksempel``
works from a plain ``pip install``. The copy is written beside the target and renamed into place:
a refused or interrupted copy leaves nothing half written, and nothing is ever overwritten.
"""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

from casework.domain.scaffold import EXAMPLES, TargetNotADirectory, TargetNotEmpty, UnknownExample


def example_dir(name: str) -> Path:
    """The directory of the shipped example ``name``.

    Raises:
        UnknownExample: the package ships no example of that name.
    """
    if name not in EXAMPLES:
        raise UnknownExample(name=name, known=", ".join(EXAMPLES))
    # The package is installed as files (a wheel or a checkout), never zipped.
    source = Path(str(resources.files("casework").joinpath("examples", name)))
    if not (source / "municipality.yaml").is_file():
        raise UnknownExample(name=name, known=", ".join(EXAMPLES))
    return source


def copy_example(name: str, target: Path) -> list[Path]:
    """Copy the example ``name`` to ``target`` (missing or empty); the files written, sorted.

    Raises:
        UnknownExample: no such example.
        TargetNotEmpty: ``target`` is a directory with something in it.
        TargetNotADirectory: ``target`` is a file.
        OSError: the file system refuses (the CLI reports it as CW320); nothing is left behind.
    """
    source = example_dir(name)
    target = Path(os.path.abspath(target))
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise TargetNotADirectory(path=str(target))
        if any(target.iterdir()):
            raise TargetNotEmpty(path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.casework-{os.getpid()}"
    try:
        shutil.copytree(
            source, staging, ignore=shutil.ignore_patterns("__pycache__", ".*", "*.pyc")
        )
        if target.is_dir():
            target.rmdir()  # empty, checked above; rmdir refuses if that changed meanwhile
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in target.rglob("*") if p.is_file())


__all__ = ["copy_example", "example_dir"]
