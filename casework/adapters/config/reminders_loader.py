"""Load ``config/reminders.yaml`` into a checked :class:`~casework.domain.reminders.ReminderConfig`.

The file is optional: without it the defaults apply (3 hverdage before, 2 after, 07:00, the file
channel). Like the other loaders, every problem is reported at once with file, line and a hint
(schema errors as CW101-CW107; a role the municipality does not know as CW530). Then the
environment overrides the channels and their settings (``CASEWORK_NOTIFY_CHANNELS``,
``CASEWORK_BASE_URL``, ``CASEWORK_SMTP_*``, ``CASEWORK_WEBHOOK_URL``): operators set secrets
and hosts there, not in the file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictInt, StrictStr, ValidationError

from casework.adapters.config.loader import FileNames, SourceFile, present
from casework.adapters.config.meetings_schema import Time
from casework.adapters.config.schema import Id, SchemaVersion, Text, _FileModel
from casework.domain.errors import DefinitionError, Finding, did_you_mean
from casework.domain.messages import register
from casework.domain.organisation import Municipality
from casework.domain.reminders import (
    EscalationPolicy,
    EscalationRoles,
    ReminderConfig,
    ReminderSettingError,
    RetryPolicy,
)

REMINDERS_FILE = "reminders.yaml"
CW_UNKNOWN_ESCALATION_ROLE = "CW530"

ChannelName = Literal["file", "console", "smtp", "webhook"]

register(
    {
        "reminders.unknown_role": (
            "rollen '{role}' findes ikke i municipality.yaml",
            "the role '{role}' is not in municipality.yaml",
        ),
    }
)


class EscalationModel(_FileModel):
    """Which roles the chain escalates to (``escalation:``)."""

    superior: Id = Field("centerchef", description="The responsible person's superior's role.")
    director: Id = Field("direktoer", description="The director's role.")
    secretariat: Id = Field("sekretariat", description="The secretariat's role.")


class DeliveryModel(_FileModel):
    """How the outbox sends (``delivery:``)."""

    batch_size: StrictInt = Field(500, ge=1, le=100_000, description="Messages per batch.")
    parallel: StrictInt = Field(4, ge=1, le=32, description="Connections sending side by side.")
    lease_seconds: StrictInt = Field(300, ge=5, description="How long a batch's claim lasts.")
    max_attempts: StrictInt = Field(8, ge=1, description="Failed attempts before giving up.")
    retry_base_seconds: StrictInt = Field(60, ge=1, description="Wait after the first failure.")
    retry_max_seconds: StrictInt = Field(3600, ge=0, description="The longest wait.")


class SmtpModel(_FileModel):
    """E-mail settings (``smtp:``); the environment's CASEWORK_SMTP_* win."""

    host: StrictStr = Field("localhost", description="SMTP server.")
    port: StrictInt = Field(25, ge=1, le=65535, description="SMTP port.")
    from_: StrictStr = Field("casework@localhost", alias="from", description="From address.")
    user: StrictStr | None = Field(None, description="Login name.")
    tls: Literal["none", "starttls", "ssl"] = Field("none", description="Transport security.")


class WebhookModel(_FileModel):
    """Webhook settings (``webhook:``); CASEWORK_WEBHOOK_URL wins."""

    url: StrictStr | None = Field(None, description="Incoming-webhook URL.")


class FileChannelModel(_FileModel):
    """File channel settings (``file:``)."""

    directory: StrictStr | None = Field(None, description="Default: <data dir>/outbox.")


class RemindersFile(_FileModel):
    """``config/reminders.yaml``: the escalation chain and the notification channels."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    title: Text | None = Field(None, description="A heading for people reading the file.")
    before_workdays: StrictInt = Field(3, ge=0, le=60, description="Hverdage before the deadline.")
    overdue_workdays: StrictInt = Field(2, ge=0, le=60, description="Hverdage after it.")
    send_at: Time = Field(dt.time(7, 0), description='Local time reminders go out, e.g. "07:00".')
    escalation: EscalationModel = Field(
        default_factory=EscalationModel,
        description="The roles the reminders escalate to.",
    )
    lang: Literal["da", "en"] = Field("da", description="Language of the messages.")
    base_url: StrictStr = Field("http://127.0.0.1:8000", description="Base of case links.")
    sender_name: Text = Field("casework", description="Signature of the messages.")
    channels: tuple[ChannelName, ...] = Field(("file",), min_length=1, description="Channels.")
    delivery: DeliveryModel = Field(
        default_factory=DeliveryModel, description="Retries of a message that could not be sent."
    )
    smtp: SmtpModel = Field(default_factory=SmtpModel, description="The e-mail channel's server.")
    webhook: WebhookModel = Field(
        default_factory=WebhookModel, description="The webhook channel's address."
    )
    file: FileChannelModel = Field(
        default_factory=FileChannelModel, description="The file channel's directory."
    )


def load_reminder_config(
    directory: str | Path,
    municipality: Municipality | None = None,
    env: Mapping[str, str] | None = None,
) -> ReminderConfig:
    """The checked reminder configuration of ``directory`` with ``env``'s overrides.

    Raises:
        DefinitionError: with every finding of ``reminders.yaml``.
        ReminderSettingError: an environment variable has a bad value.
    """
    root = Path(directory)
    model = RemindersFile.model_validate({"schema_version": 1})
    path = root / REMINDERS_FILE
    if present(path):
        source = SourceFile.read(path, FileNames(root))
        validated = source.validate(RemindersFile)
        if validated is not None and municipality is not None:
            _check_roles(source, validated, municipality)
        findings: list[Finding] = source.sorted_findings()
        if findings or validated is None:
            raise DefinitionError(findings)
        model = validated
    return _apply_env(_to_domain(model), os.environ if env is None else env)


def _check_roles(source: SourceFile, model: RemindersFile, municipality: Municipality) -> None:
    for part in ("superior", "director", "secretariat"):
        role = getattr(model.escalation, part)
        if role not in municipality.roles:
            source.add(
                CW_UNKNOWN_ESCALATION_ROLE,
                "reminders.unknown_role",
                f"escalation.{part}",
                did_you_mean(role, municipality.roles),
                role=role,
            )


def _to_domain(model: RemindersFile) -> ReminderConfig:
    delivery = model.delivery
    settings: dict[str, dict[str, object]] = {
        "smtp": {
            "host": model.smtp.host,
            "port": model.smtp.port,
            "from": model.smtp.from_,
            "tls": model.smtp.tls,
            **({"user": model.smtp.user} if model.smtp.user else {}),
        },
        "webhook": {"url": model.webhook.url} if model.webhook.url else {},
        "file": {"directory": model.file.directory} if model.file.directory else {},
    }
    return ReminderConfig(
        policy=EscalationPolicy(
            before_workdays=model.before_workdays,
            overdue_workdays=model.overdue_workdays,
            send_at=model.send_at,
            roles=EscalationRoles(
                superior=model.escalation.superior,
                director=model.escalation.director,
                secretariat=model.escalation.secretariat,
            ),
        ),
        channels=tuple(dict.fromkeys(model.channels)),
        lang=model.lang,
        base_url=model.base_url,
        sender_name=model.sender_name,
        batch_size=delivery.batch_size,
        parallel=delivery.parallel,
        lease_seconds=float(delivery.lease_seconds),
        retry=RetryPolicy(
            max_attempts=delivery.max_attempts,
            base_seconds=float(delivery.retry_base_seconds),
            cap_seconds=float(delivery.retry_max_seconds),
        ),
        channel_settings=settings,
    )


_SMTP_ENV = {
    "CASEWORK_SMTP_HOST": "host",
    "CASEWORK_SMTP_PORT": "port",
    "CASEWORK_SMTP_FROM": "from",
    "CASEWORK_SMTP_USER": "user",
    "CASEWORK_SMTP_PASSWORD": "password",
    "CASEWORK_SMTP_TLS": "tls",
}
_CHANNELS = ("file", "console", "smtp", "webhook")


def _apply_env(config: ReminderConfig, env: Mapping[str, str]) -> ReminderConfig:
    import dataclasses

    settings = {name: dict(values) for name, values in config.channel_settings.items()}
    smtp = settings.setdefault("smtp", {})
    for variable, key in _SMTP_ENV.items():
        if env.get(variable):
            smtp[key] = env[variable]
    if env.get("CASEWORK_WEBHOOK_URL"):
        settings.setdefault("webhook", {})["url"] = env["CASEWORK_WEBHOOK_URL"]
    _check_smtp(smtp)
    changes: dict[str, Any] = {"channel_settings": settings}
    if env.get("CASEWORK_BASE_URL"):
        changes["base_url"] = env["CASEWORK_BASE_URL"]
    if env.get("CASEWORK_NOTIFY_CHANNELS"):
        names = tuple(n.strip() for n in env["CASEWORK_NOTIFY_CHANNELS"].split(",") if n.strip())
        unknown = [n for n in names if n not in _CHANNELS]
        if unknown or not names:
            raise ReminderSettingError(
                setting="CASEWORK_NOTIFY_CHANNELS",
                detail=f"{', '.join(unknown) or '(empty)'} ∉ {', '.join(_CHANNELS)}",
            )
        changes["channels"] = tuple(dict.fromkeys(names))
    return dataclasses.replace(config, **changes)


def _check_smtp(smtp: Mapping[str, object]) -> None:
    from casework.adapters.notify.smtp import SmtpSettings

    try:
        SmtpSettings.model_validate(dict(smtp))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else "smtp"
        variable = next((v for v, k in _SMTP_ENV.items() if k == field), f"smtp.{field}")
        raise ReminderSettingError(setting=variable, detail=error["msg"]) from None


__all__ = ["REMINDERS_FILE", "RemindersFile", "load_reminder_config"]
