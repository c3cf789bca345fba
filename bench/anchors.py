"""Figures for the audit anchors at the scale of ``bench/engine.py``: 100,000 cases.

Prints measurements, asserts nothing: it is not a test and not a CI gate. One run per backend

1. creates the schema and writes ``--cases`` cases' events straight into ``case_events``
   (``--events`` each, synthetic hashes; foreign keys and triggers off, as only the heads
   matter here), in a fresh SQLite file or the PostgreSQL database at ``--postgres``;
2. times the first anchor (every case's head) and its stored size;
3. appends one event to ``--touched`` of the cases (2 % by default: a busy day) and times the
   next anchor, which holds only the changed heads, and its size;
4. times the anchors' part of ``audit verify``: the anchor chain, and every anchored head
   looked up in ``case_events``.

Run from the repository root::

    .venv/bin/python bench/anchors.py [--cases 100000] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, text  # noqa: E402

from casework.adapters.config.full import load_full_configuration  # noqa: E402
from casework.adapters.sql.engine import make_engine  # noqa: E402
from casework.adapters.sql.schema import upgrade  # noqa: E402
from casework.adapters.sql.uow import SqlUnitOfWork  # noqa: E402
from casework.app import App  # noqa: E402
from casework.services import anchors  # noqa: E402
from casework.testing import FixedClock  # noqa: E402

_INSERT = (
    "INSERT INTO case_events (case_id, seq, kind, at, actor, data_json, idempotency_key, "
    "prev_hash, hash) VALUES (:c, :s, 'case.advanced', '2026-03-02T09:00:00.000000Z', 'bench', "
    "'{}', NULL, :p, :h)"
)


def _fill(engine: Engine, rows: list[dict[str, object]]) -> None:
    if engine.dialect.name == "sqlite":
        # Straight through the DB-API: foreign keys can only be switched off outside a
        # transaction.
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("BEGIN")
            cursor.executemany(_INSERT, rows)
            cursor.execute("COMMIT")
        finally:
            raw.close()
        return
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for start in range(0, len(rows), 10_000):
            connection.execute(text(_INSERT), rows[start : start + 10_000])


def _events(case_ids: list[str], seqs: range) -> list[dict[str, object]]:
    rows = []
    for case_id in case_ids:
        for seq in seqs:
            digest = hashlib.sha256(f"{case_id}/{seq}".encode()).hexdigest()
            rows.append({"c": case_id, "s": seq, "p": "0" * 64, "h": digest})
    return rows


def _size(engine: Engine, seq: int) -> int:
    with engine.connect() as connection:
        return int(connection.execute(
            text("SELECT length(heads_json) FROM audit_anchors WHERE seq = :s"), {"s": seq}
        ).scalar_one())  # fmt: skip


def run(engine: Engine, cases: int, events: int, touched: int, label: str) -> None:
    upgrade(engine)
    ids = [f"2026-{n:06d}" for n in range(1, cases + 1)]
    _fill(engine, _events(ids, range(1, events + 1)))
    config = load_full_configuration(ROOT / "config")
    app = App(config=config, uow_factory=lambda: SqlUnitOfWork(engine), clock=FixedClock())
    start = time.perf_counter()
    first, _ = app.anchor()
    made = time.perf_counter() - start
    print(f"{label}: first anchor of {first.anchor.cases:,} cases, {first.anchor.events:,} "
          f"events: {made:.2f} s, {_size(engine, 1) / 1e6:.1f} MB stored")  # fmt: skip
    busy = random.Random(2026).sample(ids, touched)
    _fill(engine, _events(busy, range(events + 1, events + 2)))
    start = time.perf_counter()
    second, _ = app.anchor()
    made = time.perf_counter() - start
    print(f"{label}: next anchor, {len(second.anchor.heads):,} heads changed: {made:.2f} s, "
          f"{_size(engine, 2) / 1e3:.0f} kB stored")  # fmt: skip
    start = time.perf_counter()
    with SqlUnitOfWork(engine, read_only=True) as uow:
        audit = anchors.verify(uow)
    checked = time.perf_counter() - start
    print(f"{label}: anchors' audit of {audit.cases:,} cases over {audit.anchors} anchors: "
          f"{checked:.2f} s, {len(audit.findings)} findings")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=6)
    parser.add_argument("--touched", type=int, default=None, help="default 2 %% of the cases")
    parser.add_argument("--postgres", default=None, help="an empty PostgreSQL database's URL")
    args = parser.parse_args()
    touched = args.touched if args.touched is not None else args.cases // 50
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'anchors.db'}")
        try:
            run(engine, args.cases, args.events, touched, "SQLite")
        finally:
            engine.dispose()
    if args.postgres:
        engine = make_engine(args.postgres)
        try:
            run(engine, args.cases, args.events, touched, "PostgreSQL")
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
