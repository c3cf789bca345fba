"""Alembic environment for casework: runs migrations on the connection ``schema.py`` hands over.

``casework.adapters.sql.schema`` builds the Alembic config in code and passes an open connection
in ``config.attributes["connection"]``, so there is no ``alembic.ini`` and the engine settings
(SQLite pragmas, ``BEGIN IMMEDIATE``, psycopg) are the same as the application's. A config with
only ``sqlalchemy.url`` set also works, and ``--sql`` renders the migrations offline.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from casework.adapters.sql.engine import make_engine
from casework.adapters.sql.tables import metadata

config = context.config
target_metadata = metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead, so later
        # revisions written with op.batch_alter_table run on both backends.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Render the migrations as SQL for the configured URL without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on the given connection, or on a new engine for the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = make_engine(url)
    try:
        with engine.begin() as new_connection:
            _configure(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
