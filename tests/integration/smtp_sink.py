"""A real SMTP server for the reminder tests and the benchmark (run as a script, not collected).

Usage:
    smtp_sink.py PORT LOG [--reject] [--bodies]

Listens on 127.0.0.1:PORT with aiosmtpd and appends one JSON line per accepted message to LOG
(Message-ID, the X-Casework-Key header and the recipients), flushed before the server answers
250, so a test that sees the line knows the server accepted the message. ``--reject`` answers
every message with a temporary failure (451). ``--bodies`` adds the decoded body, the size in
bytes, the longest line and whether any line ended in a bare LF. aiosmtpd is as strict as a
real relay: a line over 998 characters (or a message sent with bare LF line ends, which it
reads as one long line) is refused with "500 Line too long". Prints "ready" once listening.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import json
import signal
import sys
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    """Writes each message's identity to the log, or refuses it."""

    def __init__(self, log: str, reject: bool, bodies: bool = False) -> None:
        self.stream = open(log, "a", encoding="utf-8")  # noqa: SIM115 - open for the process
        self.reject = reject
        self.bodies = bodies

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content)
        line = {
            "id": message["Message-ID"],
            "key": _text(message["X-Casework-Key"]),
            "to": list(envelope.rcpt_tos),
            "subject": str(message["Subject"]),
        }
        if self.bodies:
            raw: bytes = envelope.original_content or envelope.content
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            line |= {
                "subject": str(parsed["Subject"]),
                "body": parsed.get_content(),  # type: ignore[attr-defined]
                "bytes": len(raw),
                "longest_line": max(len(part) for part in raw.split(b"\r\n")),
                "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
            }
        self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stream.flush()
        return "250 OK"


def _text(value: str | None) -> str | None:
    # A long key is folded into RFC 2047 words (the SMTP policy folds at 78 characters).
    if value is None or "=?" not in value:
        return value
    return str(email.header.make_header(email.header.decode_header(value)))


def main() -> None:
    port, log = int(sys.argv[1]), sys.argv[2]
    controller = Controller(
        Sink(log, "--reject" in sys.argv, "--bodies" in sys.argv), hostname="127.0.0.1", port=port
    )
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
