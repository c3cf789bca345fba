"""What ``casework init --example`` and ``casework config schema`` refuse (CW960–CW963), with
their messages.

The codes are listed in ``docs/errors.md`` (Getting started). Pure.
"""

from __future__ import annotations

from casework.domain.errors import CaseworkError
from casework.domain.messages import register

#: The example configurations the package ships, by name (``casework init --example NAME``).
EXAMPLES = ("eksempel",)

register(
    {
        "scaffold.unknown_example": (
            "Der findes intet eksempel '{name}'; vælg et af: {known}.",
            "There is no example '{name}'; choose one of: {known}.",
        ),
        "scaffold.not_empty": (
            "Mappen {path} findes allerede og er ikke tom; intet er skrevet. Vælg en anden "
            "mappe (casework init --example eksempel MAPPE) eller flyt den gamle væk først.",
            "The directory {path} already exists and is not empty; nothing was written. Choose "
            "another directory (casework init --example eksempel DIR) or move the old one away "
            "first.",
        ),
        "scaffold.not_a_directory": (
            "{path} findes og er ikke en mappe; intet er skrevet.",
            "{path} exists and is not a directory; nothing was written.",
        ),
        "scaffold.directory_needs_example": (
            "En mappe ({path}) kan kun gives sammen med --example (casework init --example "
            "eksempel {path}); databasen læser konfigurationen fra --config-dir eller "
            "CASEWORK_CONFIG_DIR.",
            "A directory ({path}) can only be given with --example (casework init --example "
            "eksempel {path}); the database reads its configuration from --config-dir or "
            "CASEWORK_CONFIG_DIR.",
        ),
    }
)


class UnknownExample(CaseworkError):
    """``--example`` names no example the package ships."""

    code = "CW960"
    key = "scaffold.unknown_example"


class TargetNotEmpty(CaseworkError):
    """The directory to write the example into already holds files (nothing is overwritten)."""

    code = "CW961"
    key = "scaffold.not_empty"


class TargetNotADirectory(CaseworkError):
    """The path to write the example into is a file (or another non-directory)."""

    code = "CW962"
    key = "scaffold.not_a_directory"


class DirectoryNeedsExample(CaseworkError):
    """``casework init DIR`` without ``--example``: the directory would be silently ignored."""

    code = "CW963"
    key = "scaffold.directory_needs_example"


__all__ = [
    "EXAMPLES",
    "DirectoryNeedsExample",
    "TargetNotADirectory",
    "TargetNotEmpty",
    "UnknownExample",
]
