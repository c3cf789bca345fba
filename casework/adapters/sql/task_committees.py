"""The task committees' events in SQL (``task_committee_events``, revision 0013), on the unit of
work's connection (the embedded reader's read is ``task_committees_sqlite``)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from casework.adapters.sql.tables import task_committee_events as table
from casework.domain.task_committee import CommitteeChanged, CommitteeEvent


class SqlCommitteeStore:
    """:class:`~casework.services.ports.task_committees.CommitteeStore` on SQLAlchemy."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def events(self, committee: str) -> list[CommitteeEvent]:
        rows = self._connection.execute(
            select(table).where(table.c.committee == committee).order_by(table.c.seq)
        )
        return [CommitteeEvent(r.committee, r.seq, r.kind, r.at, r.actor, r.data_json,
                               r.prev_hash, r.hash) for r in rows]  # fmt: skip

    def append(self, event: CommitteeEvent) -> None:
        try:
            # A taken sequence number means another writer came first; the unit of work then
            # rolls back as a whole (no savepoint needed: nothing after this runs).
            self._connection.execute(insert(table).values(
                committee=event.committee, seq=event.seq, kind=event.kind, at=event.at,
                actor=event.actor, data_json=event.data_json, prev_hash=event.prev_hash,
                hash=event.hash,
            ))  # fmt: skip
        except IntegrityError:
            raise CommitteeChanged() from None

    def committees(self) -> list[str]:
        rows = self._connection.execute(
            select(table.c.committee).distinct().order_by(table.c.committee)
        )
        return [row.committee for row in rows]
