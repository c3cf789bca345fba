"""Alembic migrations of the casework schema; run them with ``casework.adapters.sql.schema``.

Add a revision with ``alembic -c <config> revision --autogenerate`` built as in
``schema.alembic_config``, review it, and bump ``revisions.HEAD`` in the same change.
"""
