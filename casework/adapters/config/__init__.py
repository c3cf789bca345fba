"""The configuration adapter: YAML files in ``config/`` become checked, frozen domain objects.

``yaml_loader`` parses safely with YAML 1.1's typing traps removed and remembers lines,
``schema`` holds one pydantic model per file kind, and ``loader`` ties them together and reports
every problem of every file at once. Callers need only :func:`load_configuration`.
"""

from casework.adapters.config.loader import load_configuration

__all__ = ["load_configuration"]
