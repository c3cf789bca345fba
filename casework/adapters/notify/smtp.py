"""E-mail over SMTP with :mod:`smtplib`: one connection per batch, STARTTLS, SSL and login.

Settings come from ``reminders.yaml`` (``smtp:``) and the environment, which wins:
``CASEWORK_SMTP_HOST``, ``CASEWORK_SMTP_PORT``, ``CASEWORK_SMTP_FROM``, ``CASEWORK_SMTP_USER``,
``CASEWORK_SMTP_PASSWORD`` and ``CASEWORK_SMTP_TLS`` (``none``, ``starttls`` or ``ssl``).

Each message carries a ``Message-ID`` derived from its outbox key. SMTP has no two-phase commit:
if the process dies after the server answered 250 to the message and before the outbox
committed ``sent_at``, the next sweep sends it again with the same ``Message-ID``, which mail
systems and our tests use to recognise the repeat. A reply in the 5xx range is permanent (the
message is given up, never marked sent); anything else is retried with backoff.
"""

from __future__ import annotations

import smtplib
import ssl
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from casework.adapters.notify import email_bytes
from casework.domain.reminders import NotificationFailed

if TYPE_CHECKING:
    from casework.services.ports import OutboxMessage, Recipient

_PERMANENT = 500


class SmtpSettings(BaseModel):
    """Where and how to send e-mail."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    host: str = Field("localhost", description="SMTP server (the municipal relay).")
    port: int = Field(25, ge=1, le=65535, description="SMTP port.")
    sender: str = Field(
        "casework@localhost", alias="from", description="The From address of reminders."
    )
    user: str | None = Field(None, description="Login name, if the server needs one.")
    password: str | None = Field(None, description="Login password.")
    tls: Literal["none", "starttls", "ssl"] = Field("none", description="Transport security.")
    timeout: float = Field(30.0, gt=0, description="Seconds to wait for the server.")


class SmtpChannel:
    """Sends reminders as e-mail; the connection opens on enter and closes on exit."""

    name = "smtp"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        self._client = self._connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        """Send ``message`` to ``recipient``'s address over the open connection."""
        if not recipient.email:
            raise NotificationFailed(
                channel=self.name,
                detail=f"{recipient.id} has no e-mail address in municipality.yaml",
                permanent=True,
            )
        if self._client is None:  # the last message broke the connection: open a new one
            self._client = self._connect()
        mail = email_bytes(message, recipient, self.settings.sender)
        try:
            refused = self._client.sendmail(self.settings.sender, [recipient.email], mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise NotificationFailed(
                channel=self.name,
                detail=f"recipient refused: {exc.recipients}",
                permanent=all(code >= _PERMANENT for code in codes),
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise NotificationFailed(
                channel=self.name,
                detail=f"{exc.smtp_code} {_text(exc.smtp_error)}",
                permanent=exc.smtp_code >= _PERMANENT,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise NotificationFailed(channel=self.name, detail=_describe(exc)) from None
        if refused:
            raise NotificationFailed(channel=self.name, detail=f"refused: {refused}")

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        try:
            client: smtplib.SMTP
            if settings.tls == "ssl":
                client = smtplib.SMTP_SSL(
                    settings.host,
                    settings.port,
                    timeout=settings.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
                if settings.tls == "starttls":
                    client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password or "")
        except (smtplib.SMTPException, OSError) as exc:
            raise NotificationFailed(
                channel=self.name,
                detail=f"{settings.host}:{settings.port}: {_describe(exc)}",
            ) from None
        return client

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


__all__ = ["SmtpChannel", "SmtpSettings"]
