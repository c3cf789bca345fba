"""A webhook channel (Teams/Slack style): one JSON card per message, POSTed with httpx.

The URL comes from ``CASEWORK_WEBHOOK_URL`` (or ``webhook.url`` in ``reminders.yaml``). The body
carries ``text`` (what Slack and Teams "Workflows" webhooks show) plus a MessageCard-style
``title``/``sections`` and the case link; the ``Idempotency-Key`` header is the outbox key, so
a receiver that honours it drops the one repeat an outbox cannot rule out. A 4xx answer other
than 408 and 429 is permanent; everything else is retried with backoff.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx
from pydantic import BaseModel, ConfigDict, Field

from casework.domain.reminders import NotificationFailed

if TYPE_CHECKING:
    from casework.services.ports import OutboxMessage, Recipient

_RETRYABLE = {408, 429}


class WebhookSettings(BaseModel):
    """Where to post."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = Field(None, description="The incoming-webhook URL.")
    timeout: float = Field(10.0, gt=0, description="Seconds to wait for the receiver.")


def card(message: OutboxMessage, recipient: Recipient) -> dict[str, Any]:
    """The JSON body for ``message``."""
    link = next(
        (line.split(": ", 1)[1] for line in message.body.splitlines() if "/sager/" in line), None
    )
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": message.subject,
        "title": message.subject,
        "text": f"{message.subject}\n\n{message.body}",
        "sections": [
            {
                "facts": [
                    {"name": "Sag", "value": message.case_id},
                    {"name": "Trin", "value": message.step},
                    {"name": "Frist", "value": message.due},
                    {"name": "Til", "value": recipient.name},
                ]
            }
        ],
        "potentialAction": (
            [{"@type": "OpenUri", "name": "Åbn sagen", "targets": [{"os": "default", "uri": link}]}]
            if link
            else []
        ),
        "casework": {"key": message.key, "kind": message.kind, "recipient": recipient.id},
    }


class WebhookChannel:
    """Posts each message to the configured webhook; one HTTP client per batch."""

    name = "webhook"

    def __init__(
        self, settings: WebhookSettings, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._transport = transport  # tests pass httpx.MockTransport
        self._client: httpx.Client | None = None

    def __enter__(self) -> Self:
        if not self.settings.url:
            raise NotificationFailed(
                channel=self.name, detail="CASEWORK_WEBHOOK_URL is not set", permanent=True
            )
        self._client = httpx.Client(timeout=self.settings.timeout, transport=self._transport)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def send(self, message: OutboxMessage, recipient: Recipient) -> None:
        """POST the card; a non-2xx answer raises NotificationFailed."""
        if self._client is None or not self.settings.url:
            raise NotificationFailed(channel=self.name, detail="the channel is not open")
        try:
            response = self._client.post(
                self.settings.url,
                json=card(message, recipient),
                headers={"Idempotency-Key": message.key},
            )
        except httpx.HTTPError as exc:
            raise NotificationFailed(
                channel=self.name, detail=str(exc) or type(exc).__name__
            ) from None
        if response.is_success:
            return
        status = response.status_code
        raise NotificationFailed(
            channel=self.name,
            detail=f"HTTP {status}: {response.text[:200]}",
            permanent=400 <= status < 500 and status not in _RETRYABLE,
        )


__all__ = ["WebhookChannel", "WebhookSettings", "card"]
