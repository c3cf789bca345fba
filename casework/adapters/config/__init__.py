"""The configuration adapter: YAML files in ``config/`` become checked, frozen domain objects.

``yaml_loader`` parses safely with YAML 1.1's typing traps removed and remembers lines,
``schema`` holds one pydantic model per file kind, and ``loader`` ties them together and reports
every problem of every file at once. Callers need only :func:`load_configuration`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.adapters.config.loader import load_configuration


def __getattr__(name: str) -> Any:
    # Lazy, so that reading the cached snapshot (``cache``) does not import YAML and pydantic
    # models: the CLI's read commands start faster.
    if name == "load_configuration":
        from casework.adapters.config.loader import load_configuration

        return load_configuration
    raise AttributeError(name)


__all__ = ["load_configuration"]
