"""The web app's account store wired to its adapter (``App.accounts`` builds it on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.settings import Settings

if TYPE_CHECKING:
    from casework.services.ports import AccountStore, Clock


def account_store(
    settings: Settings | None = None, *, clock: Clock | None = None, engine: Any = None
) -> AccountStore:
    """Passwords and API tokens (issue 8) on the database of ``settings`` (its schema checked
    as current), or on ``engine`` when one is passed (tests; then the caller disposes of it).

    The adapter is imported here, on first use, so that importing the app does not import
    SQLAlchemy. Call ``close()`` on the result to release its connections.
    """
    from casework.adapters.sql.accounts import AccountStore as SqlAccountStore
    from casework.app.core import sql_engine

    owns_engine = engine is None
    if engine is None:
        engine = sql_engine(settings or Settings.from_env())
    return SqlAccountStore(engine, clock=clock, owns_engine=owns_engine)


__all__ = ["account_store"]
