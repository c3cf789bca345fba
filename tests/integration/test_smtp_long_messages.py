"""Long reminders over SMTP to a real server process: CRLF line ends, folded headers, nothing
refused (issue 16, item 7).

The SMTP channel wrote its messages with bare LF line ends. smtplib passes bytes through as they
are, and a real server (aiosmtpd here, as a municipal relay) reads up to CRLF: everything became
one line, and a message over ~1000 bytes was refused with "500 Line too long" and given up for
good (1.5 % of all reminders in a run). Each message here is sent through the channel to
``smtp_sink.py`` and read back from the server's own log: all delivered, intact, CRLF only, no
line over 998 characters.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.adapters.notify import message_id
from casework.adapters.notify.smtp import SmtpChannel, SmtpSettings
from casework.services.ports import OutboxMessage, Recipient

HERE = Path(__file__).resolve().parent
#: RFC 5322 2.1.1: at most 998 characters a line, CRLF excluded.
LINE_LIMIT = 998


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port, log = _free_port(), tmp_path / "smtp.jsonl"
    log.touch()
    process = subprocess.Popen(
        [sys.executable, str(HERE / "smtp_sink.py"), str(port), str(log), "--bodies"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    try:
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _message(number: int, subject: str, body: str) -> OutboxMessage:
    key = f"2026-{number:04d}:kladde:due:2026-03-16:mette:smtp"
    return OutboxMessage(
        key=key,
        reminder_key=key.rsplit(":", 2)[0],
        case_id=f"2026-{number:04d}",
        step="kladde",
        kind="due",
        due="2026-03-16",
        recipient="mette",
        channel="smtp",
        subject=subject,
        body=body,
        fire_at="2026-03-16T06:00:00.000000Z",
        created_at="2026-03-16T06:00:01.000000Z",
    )


PARAGRAPH = (
    "Sagen om den nye cykelsti langs Fuglevadvej står stadig på trinnet Kladde, og fristen "
    "er i dag. Åbn sagen, færdiggør sagsfremstillingen og send den til centerchefen. "
)
CASES = [
    ("short", "Frist i dag: sag 2026-0061", "Kære Mette Sørensen\n\nSe sagen.\n"),
    ("long body", "Frist i dag: sag 2026-0062 Ny cykelsti", "Kære Mette\n\n" + PARAGRAPH * 40),
    (
        "one line over 998 characters",
        "Frist i dag: sag 2026-0063",
        "Se bilaget: http://127.0.0.1:8000/sager/2026-0063?" + "æøå-x" * 400 + "\n",
    ),
    (
        "long subject with Danish letters",
        "Frist i dag: sag 2026-0064" + " Lokalplan for området ved Åbyhøj Ørnevej" * 12,
        PARAGRAPH * 3,
    ),
    ("unbroken long subject", "Frist:" + "x" * 1500, "Kort.\n"),
    ("CRLF already in the body", "Frist i dag", "Linje 1\r\nLinje 2\r\n" * 200),
    ("a dot on its own line", "Frist i dag", "Før\n.\nEfter\n..\n"),
]


def test_long_messages_reach_a_real_smtp_server_intact(server: tuple[int, Path]) -> None:
    port, log = server
    settings = SmtpSettings.model_validate(
        {"host": "127.0.0.1", "port": port, "from": "casework@eksempel.dk", "timeout": 10}
    )
    mette = Recipient("mette", "Sørensen, Mette (ØU)", "mette@eksempel.dk")
    messages = [_message(n, subject, body) for n, (_name, subject, body) in enumerate(CASES)]
    with SmtpChannel(settings) as channel:
        for message in messages:
            channel.send(message, mette)  # raised NotificationFailed("500 Line too long")
    received = {
        entry["key"]: entry
        for entry in map(json.loads, log.read_text(encoding="utf-8").splitlines())
    }
    assert set(received) == {m.key for m in messages}
    assert max(entry["bytes"] for entry in received.values()) > 8000
    for message, (name, _subject, _body) in zip(messages, CASES, strict=True):
        entry = received[message.key]
        assert entry["id"] == message_id(message.key, "eksempel.dk"), name
        assert entry["subject"] == message.subject, name
        sent = message.body.replace("\r\n", "\n").rstrip("\n")
        assert entry["body"].replace("\r\n", "\n").rstrip("\n") == sent, name
        assert not entry["bare_lf"], name
        assert entry["longest_line"] <= LINE_LIMIT, name
        assert entry["to"] == ["mette@eksempel.dk"], name
