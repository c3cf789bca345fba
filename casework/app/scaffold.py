"""Getting a new installation started: the example configuration and the configuration's JSON
Schemas.

Use cases of ``casework init --example NAME [DIR]`` and ``casework config schema --out DIR``;
the entry points reach the package data and the configuration models only through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class ExampleWritten:
    """An example configuration written to ``directory``."""

    name: str
    directory: Path
    files: tuple[Path, ...]

    def as_json(self) -> dict[str, Any]:
        """The result for ``--json``: the directory and the files relative to it."""
        return {
            "example": self.name,
            "directory": str(self.directory),
            "files": [str(p.relative_to(self.directory)) for p in self.files],
        }


def write_example(name: str, directory: Path) -> ExampleWritten:
    """Copy the shipped example ``name`` into ``directory`` (missing or empty; never overwrites).

    Raises:
        UnknownExample, TargetNotEmpty, TargetNotADirectory: see :mod:`casework.domain.scaffold`.
    """
    from casework.adapters.examples import copy_example

    files = copy_example(name, directory)
    return ExampleWritten(name=name, directory=Path(directory).absolute(), files=tuple(files))


def config_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every configuration file kind, keyed by kind."""
    from casework.adapters.config.jsonschema import json_schemas

    return json_schemas()


def write_config_schemas(out: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``out`` (created); the files written."""
    from casework.adapters.config.jsonschema import write_schemas

    return write_schemas(out)


__all__ = ["ExampleWritten", "config_schemas", "write_config_schemas", "write_example"]
