"""Text search over cases in SQL (revision 0016 builds the index): the condition on ``cases``.

SQLite: the FTS5 table ``case_search`` (case id, title, the case's presentation texts), matched
with every stem of the query as a prefix. PostgreSQL: the table ``case_search`` with a
``tsvector`` of the same texts under the ``danish`` configuration and a GIN index. Triggers keep
both up to date as cases are opened, renamed and their texts saved, in the writing transaction.
A case number (or part of one) in the query matches the case id as well.

What the query means is :mod:`casework.domain.search`; this module only writes it in SQL, as
SQLAlchemy Core (the repository) and as sqlite3 text (the embedded reader).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, column, false, func, or_, text

from casework.domain.search import fts5_match, parse, tsquery


def condition(search: str, dialect: str, case_id: Any) -> ColumnElement[bool]:
    """The WHERE condition for ``search`` on the ``cases`` column ``case_id``."""
    query = parse(search)
    if query is None:
        return false()
    terms: list[ColumnElement[bool]] = []
    if dialect == "postgresql":
        ts = tsquery(query)
        if ts is not None:
            terms.append(
                case_id.in_(
                    text(
                        "SELECT case_id FROM case_search "
                        "WHERE document @@ to_tsquery('danish', :search_ts)"
                    )
                    .bindparams(search_ts=ts)
                    .columns(column("case_id"))
                )
            )
    else:
        match = fts5_match(query)
        if match is not None:
            terms.append(
                case_id.in_(
                    text("SELECT case_id FROM case_search WHERE case_search MATCH :search_fts")
                    .bindparams(search_fts=match)
                    .columns(column("case_id"))
                )
            )
    if query.number is not None:
        terms.append(func.strpos(case_id, query.number) > 0 if dialect == "postgresql"
                     else func.instr(case_id, query.number) > 0)  # fmt: skip
    return or_(*terms)


def is_search_index(table: str) -> bool:
    """Whether ``table`` belongs to the search index (``case_search`` and FTS5's shadow tables),
    which revision 0016 builds outside the models in ``tables.py``: its form differs by
    backend, and only the triggers write it."""
    return table == "case_search" or table.startswith("case_search_")


def search_index_excluded(name: str | None, kind: str, parents: dict[str, Any]) -> bool:
    """For Alembic's ``include_name``: False for the search index's tables and indexes, so a
    comparison of the models with the database leaves them out."""
    if kind == "table":
        return not is_search_index(name or "")
    if kind in {"index", "column", "unique_constraint", "foreign_key_constraint"}:
        return not is_search_index(parents.get("table_name") or "")
    return True


def sqlite_condition(search: str) -> tuple[str, list[Any]]:
    """The same condition as sqlite3 text with its parameters (the embedded reader)."""
    query = parse(search)
    if query is None:
        return "0", []
    terms: list[str] = []
    params: list[Any] = []
    match = fts5_match(query)
    if match is not None:
        terms.append("id IN (SELECT case_id FROM case_search WHERE case_search MATCH ?)")
        params.append(match)
    if query.number is not None:
        terms.append("instr(id, ?) > 0")
        params.append(query.number)
    return "(" + " OR ".join(terms) + ")", params


__all__ = ["condition", "is_search_index", "search_index_excluded", "sqlite_condition"]
