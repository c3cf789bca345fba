"""The reminder use cases wired to their adapters: the SQL outbox, the configured channels and a
clock (``App.reminders`` builds them on first use; the CLI, the flows and the benchmarks too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.settings import Settings

if TYPE_CHECKING:
    from casework.domain.configuration import Configuration
    from casework.services.ports import Clock
    from casework.services.reminders import ReminderService


def reminder_service(
    settings: Settings | None = None,
    *,
    config: Configuration | None = None,
    clock: Clock | None = None,
    engine: Any = None,
    env: Any = None,
    worker: str | None = None,
) -> ReminderService:
    """The reminder use cases (issue 5: sweep, fire, upcoming, overdue, scheduled runs) wired to
    the SQL outbox, the channels of ``reminders.yaml`` and the clock.

    ``env`` (default: the process environment) overrides channels and their settings
    (``CASEWORK_NOTIFY_CHANNELS``, ``CASEWORK_SMTP_*``, ``CASEWORK_WEBHOOK_URL``). Call
    ``close()`` on the result to release its connections.
    """
    from casework.adapters.config.reminders_loader import load_reminder_config
    from casework.adapters.notify import channel_factory
    from casework.adapters.sql.outbox import SqlReminderStore
    from casework.app.core import load_config, sql_engine
    from casework.services.reminders import ReminderService

    settings = settings or Settings.from_env()
    if config is None:
        config = load_config(settings)
    reminder_config = load_reminder_config(settings.config_dir, config.municipality, env)
    owns_engine = engine is None
    if engine is None:
        if settings.database_url is None:
            # Refuse a missing database without creating an empty file (as _embedded_store).
            from casework.adapters.sql.sqlite_reader import check_schema

            check_schema(settings.data_dir / "casework.db")
        engine = sql_engine(settings)
    if clock is None:
        from casework.adapters.clock import SystemClock

        clock = SystemClock()
    return ReminderService(
        config=config,
        settings=reminder_config,
        store=SqlReminderStore(engine, owns_engine=owns_engine),
        channels=channel_factory(reminder_config.channel_settings, settings.data_dir),
        clock=clock,
        worker=worker,
    )


__all__ = ["reminder_service"]
