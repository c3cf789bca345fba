"""The audit anchors in SQL (``audit_anchors``, revision 0018), and the case heads they pin.

The same statements run on a SQLAlchemy Connection (:class:`SqlAnchorStore`, the unit of work)
and on a plain ``sqlite3`` connection (:class:`SqliteAnchorReader`, the embedded reader, which
must not import SQLAlchemy): both take ``:name`` parameters and give rows as tuples.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from casework.domain.anchors import Anchor, CaseHead
from casework.services.ports.anchors import AnchorTaken

if TYPE_CHECKING:
    from sqlalchemy import Connection

_ANCHORS = (
    "SELECT seq, day, made_at, cases, events, digest, heads_json, prev_hash, hash "
    "FROM audit_anchors ORDER BY seq"
)
_INSERT = (
    "INSERT INTO audit_anchors "
    "(seq, day, made_at, cases, events, digest, heads_json, prev_hash, hash) VALUES "
    "(:seq, :day, :made_at, :cases, :events, :digest, :heads_json, :prev_hash, :hash)"
)
# Each case's last event: one pass over the primary key's index for the highest numbers.
_HEADS = (
    "SELECT e.case_id, e.seq, e.hash FROM case_events e JOIN "
    "(SELECT case_id, max(seq) AS seq FROM case_events GROUP BY case_id) h "
    "ON e.case_id = h.case_id AND e.seq = h.seq ORDER BY e.case_id"
)


def _anchor(row: Sequence[Any]) -> Anchor:
    seq, day, made_at, cases, events, digest, heads_json, prev_hash, hash_ = row
    heads = tuple(CaseHead(c, s, h) for c, s, h in json.loads(heads_json))
    return Anchor(seq, day, made_at, cases, events, digest, heads, prev_hash, hash_)


class _AnchorRows:
    """The reads, on whatever runs a statement."""

    def _rows(self, sql: str, params: dict[str, Any]) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def anchors(self) -> list[Anchor]:
        return [_anchor(row) for row in self._rows(_ANCHORS, {})]

    def heads(self) -> list[CaseHead]:
        return [CaseHead(c, s, h) for c, s, h in self._rows(_HEADS, {})]

    def hashes_at(self, places: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        if not places:
            return {}
        params: dict[str, Any] = {}
        terms = []
        for n, (case_id, seq) in enumerate(places):
            params[f"c{n}"], params[f"s{n}"] = case_id, seq
            terms.append(f"(case_id = :c{n} AND seq = :s{n})")
        # ORed keys, not a row value IN (VALUES ...): SQLite scans the whole table for that,
        # and looks up each ORed key in the primary key's index (PostgreSQL: a bitmap OR).
        sql = f"SELECT case_id, seq, hash FROM case_events WHERE {' OR '.join(terms)}"
        return {(c, s): h for c, s, h in self._rows(sql, params)}


class SqlAnchorStore(_AnchorRows):
    """:class:`~casework.services.ports.anchors.AnchorStore` on SQLAlchemy."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _rows(self, sql: str, params: dict[str, Any]) -> Iterable[Sequence[Any]]:
        from sqlalchemy import text

        return self._connection.execute(text(sql), params).all()

    def append(self, anchor: Anchor) -> None:
        from sqlalchemy import text
        from sqlalchemy.exc import IntegrityError

        try:
            self._connection.execute(text(_INSERT), {
                "seq": anchor.seq, "day": anchor.day, "made_at": anchor.made_at,
                "cases": anchor.cases, "events": anchor.events, "digest": anchor.digest,
                "heads_json": anchor.heads_json(), "prev_hash": anchor.prev_hash,
                "hash": anchor.hash,
            })  # fmt: skip
        except IntegrityError:
            raise AnchorTaken() from None


class SqliteAnchorReader(_AnchorRows):
    """The reads of the anchor store on ``sqlite3`` (the embedded reader writes nothing)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def _rows(self, sql: str, params: dict[str, Any]) -> Iterable[Sequence[Any]]:
        return self._db.execute(sql, params).fetchall()

    def append(self, anchor: Anchor) -> None:
        raise sqlite3.OperationalError("the embedded reader writes nothing")


__all__ = ["SqlAnchorStore", "SqliteAnchorReader"]
