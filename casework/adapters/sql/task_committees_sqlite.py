"""The task committees' events read with plain sqlite3 (the embedded reader: no SQLAlchemy)."""

from __future__ import annotations

import sqlite3

from casework.domain.task_committee import CommitteeEvent

_COLUMNS = "committee, seq, kind, at, actor, data_json, prev_hash, hash"


class SqliteCommitteeReader:
    """The reading half of the store on a plain sqlite3 connection (writes are refused)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def events(self, committee: str) -> list[CommitteeEvent]:
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM task_committee_events WHERE committee = ? ORDER BY seq",
            (committee,),
        ).fetchall()
        return [CommitteeEvent(*row) for row in rows]

    def append(self, event: CommitteeEvent) -> None:
        raise RuntimeError("the embedded reader does not write")

    def committees(self) -> list[str]:
        rows = self._connection.execute(
            "SELECT DISTINCT committee FROM task_committee_events ORDER BY committee"
        ).fetchall()
        return [row[0] for row in rows]
