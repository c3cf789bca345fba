"""The SQL store behind the service ports: SQLite by default, PostgreSQL for larger installations.

``make_engine`` builds a tuned engine, ``schema.upgrade`` creates or migrates the schema,
``schema.ensure_ready`` checks it cheaply, and ``SqlUnitOfWork`` implements the ``UnitOfWork`` port.
Importing this package connects to nothing.
"""

from casework.adapters.sql.engine import default_sqlite_url, make_engine
from casework.adapters.sql.repository import SqlCaseRepository, bulk_load
from casework.adapters.sql.schema import current_revision, ensure_ready, upgrade
from casework.adapters.sql.uow import SqlUnitOfWork

__all__ = [
    "SqlCaseRepository",
    "SqlUnitOfWork",
    "bulk_load",
    "current_revision",
    "default_sqlite_url",
    "ensure_ready",
    "make_engine",
    "upgrade",
]
