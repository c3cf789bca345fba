"""A channel for development: prints each message to standard error."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Self, TextIO

if TYPE_CHECKING:
    from casework.services.ports import OutboxMessage, Recipient


class ConsoleChannel:
    """Writes a short block per message to ``stream`` (standard error, so that ``--json`` on
    standard output stays clean)."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stream.flush()

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        """Print ``message``."""
        self.stream.write(
            f"--- {message.key}\nTil: {recipient.name} <{recipient.email or recipient.id}>\n"
            f"Emne: {message.subject}\n\n{message.body}\n"
        )
