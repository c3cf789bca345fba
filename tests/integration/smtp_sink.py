"""A real SMTP server for the reminder tests and the benchmark (run as a script, not collected).

Usage:
    smtp_sink.py PORT LOG [--reject]

Listens on 127.0.0.1:PORT with aiosmtpd and appends one JSON line per accepted message to LOG
(Message-ID, the X-Casework-Key header and the recipients), flushed before the server answers
250, so a test that sees the line knows the server accepted the message. ``--reject`` answers
every message with a temporary failure (451). Prints "ready" once listening.
"""

from __future__ import annotations

import email
import json
import signal
import sys
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    """Writes each message's identity to the log, or refuses it."""

    def __init__(self, log: str, reject: bool) -> None:
        self.stream = open(log, "a", encoding="utf-8")  # noqa: SIM115 - open for the process
        self.reject = reject

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content)
        line = {
            "id": message["Message-ID"],
            "key": message["X-Casework-Key"],
            "to": list(envelope.rcpt_tos),
            "subject": str(message["Subject"]),
        }
        self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stream.flush()
        return "250 OK"


def main() -> None:
    port, log = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(log, "--reject" in sys.argv), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
