"""The presentation's texts read with plain sqlite3 (the embedded reader: no SQLAlchemy)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


class SqliteTextReader:
    """The read half of the text store, with plain sqlite3 (the embedded reader's)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def put(self, sha256: str, text: str) -> None:
        raise RuntimeError("the sqlite3 reader is read-only; write through SqlUnitOfWork")

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(hashes))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        sql = f"SELECT sha256, text FROM presentation_texts WHERE sha256 IN ({marks})"
        return dict(self._db.execute(sql, wanted).fetchall())
