"""JSON Schema of the configuration files, for editors that validate YAML as it is typed.

The schemas come straight from the pydantic models the loaders validate with, so the field
descriptions an editor shows on hover are the ones the loader enforces. Every file kind of a
configuration directory has one (:data:`FILE_KINDS`); ``casework config schema --out DIR``
writes them, and the shipped example keeps them in ``config/schemas/``, named by the
``# yaml-language-server: $schema=...`` comment at the top of each YAML file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

#: Where the schemas live inside a configuration directory.
SCHEMA_DIR = "schemas"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of configuration file: its name, where its files are, its model."""

    kind: str
    #: The files of the kind, as a glob relative to the configuration directory.
    pattern: str

    @property
    def schema_file(self) -> str:
        """The schema's file name, e.g. ``workflow.schema.json``."""
        return f"{self.kind}.schema.json"

    def header(self) -> str:
        """The yaml-language-server comment for a file of this kind (a path relative to it)."""
        up = "../" * self.pattern.count("/")
        return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{self.schema_file}"


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("municipality", "municipality.yaml"),
    FileKind("workflow", "workflows/*.yaml"),
    FileKind("calendar", "calendar.yaml"),
    FileKind("meetings", "meetings/*.yaml"),
    FileKind("delegation", "delegation/*.yaml"),
    FileKind("presentation", "presentation.yaml"),
    FileKind("reminders", "reminders.yaml"),
    FileKind("task_committee", "opgaveudvalg/*.yaml"),
    FileKind("facilitation", "facilitation.yaml"),
)


def _models() -> dict[str, type[BaseModel]]:
    from casework.adapters.config.delegation_schema import DelegationPlanFile
    from casework.adapters.config.facilitation_loader import FacilitationFile
    from casework.adapters.config.meetings_schema import CALENDAR_FILE_MODELS
    from casework.adapters.config.presentation_loader import PresentationFile
    from casework.adapters.config.reminders_loader import RemindersFile
    from casework.adapters.config.schema import FILE_MODELS
    from casework.adapters.config.task_committee_loader import KommissoriumFile

    return {
        **FILE_MODELS,
        **CALENDAR_FILE_MODELS,
        "delegation": DelegationPlanFile,
        "presentation": PresentationFile,
        "reminders": RemindersFile,
        "task_committee": KommissoriumFile,
        "facilitation": FacilitationFile,
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file kind ("municipality", "workflow", ...), keyed by kind.

    Schemas use the YAML names (``from``/``to``), because those are what authors write.
    """
    models = _models()
    schemas: dict[str, dict[str, Any]] = {}
    for file_kind in FILE_KINDS:
        schema = models[file_kind.kind].model_json_schema(by_alias=True, mode="validation")
        _describe_references(schema)
        schemas[file_kind.kind] = {"$schema": _DIALECT, **schema}
    return schemas


def _describe_references(schema: dict[str, Any]) -> None:
    # A field typed by a nested model without a description of its own (`period: PeriodModel`)
    # is a bare $ref; an editor shows the property's description on hover, so it gets the
    # nested model's (its docstring).
    definitions = schema.get("$defs", {})
    for definition in [schema, *definitions.values()]:
        for prop in definition.get("properties", {}).values():
            reference = prop.get("$ref", "")
            if "description" not in prop and reference.startswith("#/$defs/"):
                target = definitions.get(reference.removeprefix("#/$defs/"), {})
                if target.get("description"):
                    prop["description"] = target["description"]


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as the file text: indented, Danish letters kept, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write every kind's schema into ``out`` (created if missing); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    schemas = json_schemas()
    for file_kind in FILE_KINDS:
        path = out / file_kind.schema_file
        path.write_text(schema_text(schemas[file_kind.kind]), encoding="utf-8")
        written.append(path)
    return written


__all__ = ["FILE_KINDS", "SCHEMA_DIR", "FileKind", "json_schemas", "schema_text", "write_schemas"]
