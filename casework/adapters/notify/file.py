"""The embedded default channel: one ``.eml`` file per message in ``<data dir>/outbox/``.

Files are named by the message's key and written atomically (a temporary file, then
``os.replace``), so a reader never sees half a message and a repeat of the same message
replaces the file rather than adding one: on this channel a message can never appear twice.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from casework.adapters.files import private_dir
from casework.adapters.notify import email_bytes
from casework.domain.reminders import NotificationFailed

if TYPE_CHECKING:
    from casework.services.ports import OutboxMessage, Recipient

_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")


def file_name(key: str) -> str:
    """A portable file name for an outbox key (``:`` is not allowed everywhere)."""
    return _UNSAFE.sub("_", key.replace(":", "__")) + ".eml"


class FileChannel:
    """Writes each message as an e-mail file; the directory is created on first use."""

    name = "file"

    def __init__(self, directory: Path, sender: str = "casework@casework.invalid") -> None:
        self.directory = directory
        self.sender = sender

    def __enter__(self) -> Self:
        try:
            private_dir(self.directory)  # the messages may name closed cases
        except OSError as exc:
            raise NotificationFailed(channel=self.name, detail=str(exc)) from None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        """Write ``message`` to ``<directory>/<key>.eml`` atomically."""
        data = email_bytes(message, recipient, self.sender)
        target = self.directory / file_name(message.key)
        try:
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise NotificationFailed(channel=self.name, detail=str(exc)) from None


__all__ = ["FileChannel", "file_name"]
