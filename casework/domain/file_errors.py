"""A file or folder a command was pointed at cannot be used (CW320), with its message.

Commands write where the operator says (``--out``, ``-o``, ``casework backup DEST``) and read
what they are given; when the file system refuses (a folder that does not exist and cannot be
made, a file where a folder should be, no permission, a link that loops), the operator gets one
line naming the path and the system's reason instead of a traceback. Pure.
"""

from __future__ import annotations

import os

from casework.domain.errors import CaseworkError
from casework.domain.messages import register

register(
    {
        "error.file": (
            "Kan ikke bruge {path}: {detail}",
            "Cannot use {path}: {detail}",
        ),
    }
)


class FileProblem(CaseworkError):
    """The file system refused a path the command was given (reading or writing it)."""

    code = "CW320"
    key = "error.file"

    @classmethod
    def of(cls, exc: OSError) -> FileProblem:
        """The problem ``exc`` (an OSError naming its file) describes."""
        path = os.fsdecode(exc.filename) if exc.filename is not None else "?"
        detail = exc.strerror or type(exc).__name__
        return cls(path=path, detail=" ".join(detail.split()))


__all__ = ["FileProblem"]
