"""JSON Schema of the configuration files, for editors that validate YAML as it is typed.

The schemas come straight from the pydantic models in ``schema.py``, so the field descriptions an
editor shows on hover are the ones the loader enforces. Point an editor at them with a
``# yaml-language-server: $schema=...`` comment or the editor's schema mapping.
"""

from __future__ import annotations

from typing import Any

from casework.adapters.config.schema import FILE_MODELS


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file kind ("municipality", "workflow"), keyed by kind.

    Schemas use the YAML names (``from``/``to``), because those are what authors write.
    """
    return {
        kind: model.model_json_schema(by_alias=True, mode="validation")
        for kind, model in FILE_MODELS.items()
    }
