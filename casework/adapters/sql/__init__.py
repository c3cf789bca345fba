"""The SQL store behind the service ports: SQLite by default, PostgreSQL for larger installations.

``make_engine`` builds a tuned engine, ``schema.upgrade`` creates or migrates the schema,
``schema.ensure_ready`` checks it cheaply, and ``SqlUnitOfWork`` implements the ``UnitOfWork`` port.
Importing this package connects to nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public names and the module that defines them; imported on first use, so that the plain
#: sqlite3 reader (``sqlite_reader``) can be used without importing SQLAlchemy.
_EXPORTS = {
    "SqlCaseRepository": "repository",
    "SqlUnitOfWork": "uow",
    "bulk_load": "repository",
    "current_revision": "schema",
    "default_sqlite_url": "engine",
    "ensure_ready": "schema",
    "make_engine": "engine",
    "upgrade": "schema",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(name)


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
