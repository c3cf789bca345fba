"""The presentation's texts in SQL (``presentation_texts``, revision 0010), on the unit of work's
connection (the embedded reader's read is ``presentation_texts_sqlite``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from casework.adapters.sql.tables import presentation_texts


class SqlTextStore:
    """:class:`~casework.services.ports.presentation.TextStore` on a SQLAlchemy connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def put(self, sha256: str, text: str) -> None:
        found = self._connection.execute(
            select(presentation_texts.c.sha256).where(presentation_texts.c.sha256 == sha256)
        ).first()
        if found is None:
            if self._connection.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                self._connection.execute(
                    pg_insert(presentation_texts)
                    .values(sha256=sha256, text=text)
                    .on_conflict_do_nothing()
                )
            else:
                self._connection.execute(
                    insert(presentation_texts).values(sha256=sha256, text=text)
                )

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(hashes))
        if not wanted:
            return {}
        rows = self._connection.execute(
            select(presentation_texts.c.sha256, presentation_texts.c.text).where(
                presentation_texts.c.sha256.in_(wanted)
            )
        )
        return {row.sha256: row.text for row in rows}
