"""Creating and checking the casework schema: Alembic run from code, and a cheap readiness check.

There is no ``alembic.ini``: :func:`alembic_config` points Alembic at the migrations inside this
package, so ``casework init`` works from an installed wheel. :func:`ensure_ready` is what every
command calls before touching the store; it costs one query and does not import Alembic, so the
revision this code expects is the constant :data:`HEAD` (a test keeps it equal to the scripts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import READ_ONLY, connect, describe, make_engine
from casework.adapters.sql.revisions import HEAD, REVISIONS
from casework.domain.errors import DatabaseNotInitialised, SchemaOutOfDate, StorageError

if TYPE_CHECKING:  # Alembic is imported only by the commands that migrate
    from alembic.config import Config


MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for the casework migrations, on ``connection`` or for ``url``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        # ConfigParser interpolation would read the "%" of an encoded password as a reference.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine_or_url: Engine | str | URL, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (``alembic upgrade head``), in one transaction.

    Raises:
        StorageError: the database cannot be reached, a migration fails, or the schema is newer
            than this code (nothing is changed then).
    """
    from alembic import command
    from alembic.util import CommandError

    owned = not isinstance(engine_or_url, Engine)
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    try:
        current = current_revision(engine)
        if current is not None and current not in REVISIONS:
            raise _too_new(current)  # Alembic would answer with a traceback
        with connect(engine) as connection, connection.begin():
            command.upgrade(alembic_config(connection), revision)
    except DBAPIError as exc:
        raise StorageError(detail=describe(exc)) from None
    except CommandError as exc:
        raise StorageError(detail=" ".join(str(exc).split())) from None
    finally:
        if owned:
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has no casework schema.

    Raises:
        StorageError: the database cannot be reached.
    """
    with connect(engine) as connection:
        reader = connection.execution_options(**{READ_ONLY: True})
        try:
            row = reader.execute(text("SELECT version_num FROM alembic_version")).first()
        except DBAPIError as exc:
            if _is_missing_table(exc):
                return None
            raise StorageError(detail=describe(exc)) from None
    return None if row is None else str(row[0])


def ensure_ready(engine: Engine) -> None:
    """Check, with one query, that the database has the schema this code expects.

    Raises:
        DatabaseNotInitialised: there is no casework schema (run ``casework init``).
        SchemaOutOfDate: the schema is at an older revision (run ``casework init``).
        StorageError: the database cannot be reached, or its schema is newer than this code.
    """
    current = current_revision(engine)
    if current == HEAD:
        return
    if current is None:
        raise DatabaseNotInitialised(url=engine.url.render_as_string(hide_password=True))
    if current in REVISIONS:
        raise SchemaOutOfDate(current=current)
    raise _too_new(current)


def _too_new(current: str) -> StorageError:
    return StorageError(
        detail=f"the database schema is at revision {current}, which this version of casework "
        f"does not know (it expects {HEAD}); upgrade casework"
    )


def _is_missing_table(exc: DBAPIError) -> bool:
    # PostgreSQL reports SQLSTATE 42P01 (undefined_table); sqlite3 has only the message.
    if getattr(exc.orig, "sqlstate", None) == "42P01":
        return True
    return "no such table" in str(exc.orig)


__all__ = ["HEAD", "REVISIONS", "alembic_config", "current_revision", "ensure_ready", "upgrade"]
