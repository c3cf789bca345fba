"""The notifier channels on their own: e-mail bytes, the file outbox, the webhook card, SMTP
errors and the console; no database.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import socket
from pathlib import Path

import httpx
import pytest

from casework.adapters.notify import channel_factory, email_bytes, message_id
from casework.adapters.notify.console import ConsoleChannel
from casework.adapters.notify.file import FileChannel, file_name
from casework.adapters.notify.smtp import SmtpChannel, SmtpSettings
from casework.adapters.notify.webhook import WebhookChannel, WebhookSettings
from casework.domain.reminders import NotificationFailed
from casework.services.ports import OutboxMessage, Recipient

MESSAGE = OutboxMessage(
    key="2026-0061:kladde:due:2026-03-12:mette:smtp",
    reminder_key="2026-0061:kladde:due:2026-03-12",
    case_id="2026-0061",
    step="kladde",
    kind="due",
    due="2026-03-12",
    recipient="mette",
    channel="smtp",
    subject="Frist i dag: sag 2026-0061 Ny cykelsti langs Fuglevadvej",
    body="Kære Mette Sørensen\n\nSe sagen: http://127.0.0.1:8000/sager/2026-0061\n",
    fire_at="2026-03-12T06:00:00.000000Z",
    created_at="2026-03-12T06:00:01.000000Z",
)
METTE = Recipient("mette", "Mette Sørensen", "mette@eksempel.dk")


def test_email_bytes_parse_back_with_danish_letters_and_a_stable_message_id() -> None:
    raw = email_bytes(MESSAGE, METTE, "casework@eksempel.dk")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == MESSAGE.subject
    assert parsed["To"] == "Mette Sørensen <mette@eksempel.dk>"
    assert parsed["Message-ID"] == message_id(MESSAGE.key, "eksempel.dk")
    assert parsed["X-Casework-Key"] == MESSAGE.key
    assert parsed.get_content().replace("\r\n", "\n") == MESSAGE.body  # type: ignore[attr-defined]
    # SMTP's line ends (CRLF, never a bare LF) and folded lines: what a strict relay accepts.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert message_id(MESSAGE.key) == message_id(MESSAGE.key)
    assert message_id(MESSAGE.key) != message_id(MESSAGE.key.replace("mette", "henrik"))


def test_the_file_channel_writes_one_file_per_key_however_often(tmp_path: Path) -> None:
    with FileChannel(tmp_path / "outbox") as channel:
        channel.send(MESSAGE, METTE)
        channel.send(MESSAGE, METTE)
    files = list((tmp_path / "outbox").iterdir())
    assert [f.name for f in files] == [file_name(MESSAGE.key)]
    assert ":" not in files[0].name
    assert b"X-Casework-Key: " + MESSAGE.key.encode() in files[0].read_bytes()


def test_the_file_channel_reports_an_unwritable_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "outbox"
    blocker.write_text("not a directory")
    with pytest.raises(NotificationFailed), FileChannel(blocker):
        pass


def test_the_console_channel_prints_the_message() -> None:
    stream = io.StringIO()
    with ConsoleChannel(stream) as channel:
        channel.send(MESSAGE, METTE)
    assert "Emne: Frist i dag" in stream.getvalue()
    assert "Kære Mette Sørensen" in stream.getvalue()


def test_the_webhook_posts_a_card_with_the_key_as_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    settings = WebhookSettings(url="https://hooks.example/teams")
    with WebhookChannel(settings, transport=httpx.MockTransport(answer)) as channel:
        channel.send(MESSAGE, METTE)
    (request,) = seen
    assert request.headers["Idempotency-Key"] == MESSAGE.key
    card = json.loads(request.content)
    assert card["title"] == MESSAGE.subject
    assert card["potentialAction"][0]["targets"][0]["uri"] == (
        "http://127.0.0.1:8000/sager/2026-0061"
    )
    assert {"name": "Til", "value": "Mette Sørensen"} in card["sections"][0]["facts"]


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (429, False), (400, True)])
def test_webhook_errors_are_retried_unless_permanent(status: int, permanent: bool) -> None:
    settings = WebhookSettings(url="https://hooks.example/teams")
    transport = httpx.MockTransport(lambda _request: httpx.Response(status, text="nej"))
    with (
        WebhookChannel(settings, transport=transport) as channel,
        pytest.raises(NotificationFailed) as raised,
    ):
        channel.send(MESSAGE, METTE)
    assert raised.value.permanent is permanent
    assert f"HTTP {status}" in raised.value.message("en")


def test_a_webhook_without_url_is_a_permanent_failure() -> None:
    with pytest.raises(NotificationFailed) as raised, WebhookChannel(WebhookSettings()):
        pass
    assert raised.value.permanent


def test_smtp_without_a_server_fails_on_connect() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = SmtpSettings.model_validate({"host": "127.0.0.1", "port": port, "timeout": 2})
    with pytest.raises(NotificationFailed) as raised, SmtpChannel(settings):
        pass
    assert not raised.value.permanent
    assert f"127.0.0.1:{port}" in raised.value.message("en")


def test_smtp_to_a_person_without_an_address_is_permanent() -> None:
    channel = SmtpChannel(SmtpSettings())
    with pytest.raises(NotificationFailed) as raised:
        channel.send(MESSAGE, Recipient("ukendt", "Ukendt", None))
    assert raised.value.permanent


def test_an_unknown_channel_name_is_a_permanent_failure(tmp_path: Path) -> None:
    with pytest.raises(NotificationFailed) as raised:
        channel_factory({}, tmp_path)("pigeon")
    assert raised.value.permanent
