"""The notification outbox and the reminders' reads of the cases, on SQLite and PostgreSQL.

:class:`SqlReminderStore` implements :class:`casework.services.ports.ReminderStore`. Every
method is its own short transaction on a pooled connection, because the protocol depends on
committing each message's ``sent_at`` the moment the channel accepted it, not at the end of a
batch: a process killed after message 37 of 500 must leave 37 marked sent.

Exactly-once rests on three statements:

* **enqueue**: ``INSERT … ON CONFLICT (key) DO NOTHING`` in effect — two sweeps that find the
  same due reminder insert it once (the conflict clause only revives a row marked obsolete
  and never sent, for a case re-planned back to the same date);
* **claim**: ``UPDATE outbox SET claimed_by = me, claim_expires_at = now + lease WHERE key IN
  (SELECT key … unsent, due for an attempt, unclaimed or lease expired … LIMIT n) RETURNING *``.
  On PostgreSQL the inner select is a CTE with ``FOR UPDATE SKIP LOCKED``, so concurrent
  claimers take disjoint rows without waiting, and the outer ``WHERE`` repeats the conditions,
  so a row that changed while we waited is re-checked. On SQLite the engine begins every
  writing transaction with ``BEGIN IMMEDIATE``: claims are serialised by the write lock;
* **mark sent**: ``UPDATE … SET sent_at WHERE key = k AND claimed_by = me AND sent_at IS NULL``,
  committed at once; a failure only bumps ``attempts`` and ``next_attempt_at``.
"""

from __future__ import annotations

import datetime as dt
import queue
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from casework.adapters.sql.engine import READ_ONLY, describe
from casework.adapters.sql.tables import cases, outbox, reminder_runs
from casework.adapters.sql.workflows import SqlWorkflowRepository
from casework.domain.errors import StorageError
from casework.domain.events import format_instant
from casework.domain.reminders import CurrentState
from casework.domain.workflow import WorkflowDefinition
from casework.services.ports import DeadlineRow, OutboxMessage, ReminderRun

_DEADLINE_COLUMNS = (
    cases.c.id,
    cases.c.title,
    cases.c.owner,
    cases.c.centre,
    cases.c.step,
    cases.c.workflow_id,
    cases.c.workflow_version,
    cases.c.route,
    cases.c.due,
    cases.c.status,
    cases.c.planned,
    cases.c.attributes,
)
_MESSAGE_FIELDS = tuple(OutboxMessage.__dataclass_fields__)
#: Rows fetched per round trip while streaming open cases.
_STREAM = 2000
#: PostgreSQL: new outbox rows after which the next claim refreshes the table's statistics first.
#: A sweep enqueues all its messages and then claims them in batches; with statistics from
#: before the enqueue the planner expects one pending row and joins the claim's CTE to the
#: outbox by a nested loop over every pending row: 35 s per claim of 500 at 200,000 pending
#: rows (bench/scale.py, issue 21), where it takes milliseconds once analysed.
ANALYZE_AFTER = 1000


class SqlReminderStore:
    """:class:`~casework.services.ports.ReminderStore` on a SQLAlchemy engine."""

    def __init__(self, engine: Engine, *, owns_engine: bool = False) -> None:
        self._engine = engine
        self._owns = owns_engine
        self._postgres = engine.dialect.name == "postgresql"
        #: Autocommit connections of the sending lanes (PostgreSQL), reused across messages.
        self._idle: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        #: Rows this store enqueued since it last ran ANALYZE on the outbox (PostgreSQL).
        self._unanalysed = 0

    def close(self) -> None:
        """Close the sending connections; dispose of the engine when this store created it."""
        while True:
            try:
                connection = self._idle.get_nowait()
            except queue.Empty:
                break
            connection.close()
        if self._owns:
            self._engine.dispose()

    def _autocommit(self) -> Connection:
        # On PostgreSQL each "sent" is one UPDATE on a connection of its own in autocommit
        # mode: one round trip, where a pooled transaction costs four (pre-ping, BEGIN, UPDATE,
        # COMMIT). The commit waits for the WAL flush (the server's synchronous_commit, on by
        # default), ~2 ms here: without it a crash of the PostgreSQL server lost the "sent" of
        # every message committed within the WAL writer's delay, and after the WAL recovery
        # the next sweep sent them all again (tests/integration/test_scale_pg_restart.py,
        # issue 21). Now a crash repeats at most the message each lane had in flight, as a
        # killed sweep does. SQLite's synchronous=NORMAL still trades the last commits on
        # power loss (not on a crash of a process).
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        return connection

    # ------------------------------------------------------------------ reads of cases
    def open_deadlines(self, until: dt.date) -> Iterator[DeadlineRow]:
        """Open cases due on or before ``until``, by due date, streamed in pages."""
        statement = (
            select(*_DEADLINE_COLUMNS)
            .where(cases.c.status == "open", cases.c.due.is_not(None))
            .where(cases.c.due <= until.isoformat())  # ISO dates sort as text
            .order_by(cases.c.due, cases.c.id)
        )
        try:
            with self._engine.connect() as connection:
                reader = connection.execution_options(
                    stream_results=True, yield_per=_STREAM, **{READ_ONLY: True}
                )
                for row in reader.execute(statement):
                    yield _deadline(row)
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None

    def deadline(self, case_id: str) -> DeadlineRow | None:
        """One case's row, or None."""
        rows = self._read(select(*_DEADLINE_COLUMNS).where(cases.c.id == case_id))
        return _deadline(rows[0]) if rows else None

    def states(self, case_ids: Iterable[str]) -> dict[str, CurrentState]:
        """Status, step and due date of each existing case of ``case_ids``."""
        ids = sorted(set(case_ids))
        found: dict[str, CurrentState] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            statement = select(cases.c.id, cases.c.status, cases.c.step, cases.c.due).where(
                cases.c.id.in_(chunk)
            )
            for case_id, status, step, due in self._read(statement):
                found[case_id] = CurrentState(
                    open=status == "open",
                    step=step,
                    due=dt.date.fromisoformat(due[:10]) if due else None,
                )
        return found

    def workflow(self, workflow_id: str, version: int) -> WorkflowDefinition | None:
        """A workflow version kept with the cases."""
        with self._engine.connect() as connection:
            return SqlWorkflowRepository(connection).get(workflow_id, version)

    # ------------------------------------------------------------------ the outbox
    def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        """Insert the messages whose key is new (or revive obsolete unsent ones); how many."""
        if not messages:
            return 0
        insert = pg_insert if self._postgres else sqlite_insert
        rows = [_values(m) for m in messages]
        base = insert(outbox)
        # A key seen before is left alone, unless it was marked obsolete without being sent:
        # a case re-planned away from a date and back to it wants that reminder again.
        statement = base.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "obsolete_at": None,
                "subject": base.excluded.subject,
                "body": base.excluded.body,
                "next_attempt_at": base.excluded.next_attempt_at,
            },
            where=and_(outbox.c.obsolete_at.is_not(None), outbox.c.sent_at.is_(None)),
        ).returning(outbox.c.key)
        try:
            with self._engine.begin() as connection:
                inserted = len(connection.execute(statement, rows).all())
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        self._unanalysed += inserted
        return inserted

    def _analyse_if_grown(self) -> None:
        """PostgreSQL: ANALYZE the outbox once this store has enqueued ``ANALYZE_AFTER`` rows
        since it last did (see :data:`ANALYZE_AFTER`); autovacuum comes too late for a sweep
        that claims right after it enqueued."""
        if not self._postgres or self._unanalysed < ANALYZE_AFTER:
            return
        try:
            with self._engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE outbox")
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        self._unanalysed = 0

    def claim(
        self,
        worker: str,
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        keys: Sequence[str] | None = None,
    ) -> list[OutboxMessage]:
        """Claim up to ``limit`` messages for ``worker`` until ``lease_until``."""
        if keys is not None and not keys:
            return []
        self._analyse_if_grown()
        claimable = _claimable(format_instant(now))
        if keys is not None:
            claimable = and_(claimable, outbox.c.key.in_(list(keys)))
        candidates = (
            select(outbox.c.key)
            .where(claimable)
            .order_by(outbox.c.next_attempt_at, outbox.c.key)
            .limit(limit)
        )
        if self._postgres:
            # A CTE, not "key IN (subquery)": PostgreSQL may plan the IN as a semi-join that
            # rescans the subquery for every row, and each rescan locks a different LIMIT n
            # (observed: all six rows claimed for a limit of four). A CTE runs once.
            chosen = candidates.with_for_update(skip_locked=True).cte("chosen")
            statement = (
                update(outbox)
                .where(outbox.c.key == chosen.c.key, claimable)
                .values(claimed_by=worker, claim_expires_at=format_instant(lease_until))
                .returning(*outbox.c)
            )
        else:
            statement = (
                update(outbox)
                .where(outbox.c.key.in_(candidates.scalar_subquery()), claimable)
                .values(claimed_by=worker, claim_expires_at=format_instant(lease_until))
                .returning(*outbox.c)
            )
        try:
            with self._engine.begin() as connection:
                rows = connection.execute(statement).all()
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        claimed = [_message(row) for row in rows]
        return sorted(claimed, key=lambda m: (m.next_attempt_at, m.key))

    def due_count(self, at: dt.datetime) -> int:
        """How many messages a claim at ``at`` could take."""
        rows = self._read(select(func.count()).where(_claimable(format_instant(at))))
        return int(rows[0][0])

    def mark_sent(self, key: str, worker: str, at: dt.datetime) -> bool:
        """Record ``key`` as sent if ``worker`` still holds it; committed at once."""
        statement = (
            update(outbox)
            .where(
                outbox.c.key == key,
                outbox.c.claimed_by == worker,
                outbox.c.sent_at.is_(None),
            )
            .values(
                sent_at=format_instant(at),
                claimed_by=None,
                claim_expires_at=None,
                last_error=None,
            )
        )
        if not self._postgres:
            return self._write(statement) == 1
        connection = self._autocommit()
        try:
            marked = int(connection.execute(statement).rowcount) == 1
        except DBAPIError as exc:
            connection.close()
            raise StorageError(detail=describe(exc)) from None
        self._idle.put(connection)
        return marked

    def mark_failed(
        self,
        key: str,
        worker: str,
        error: str,
        next_attempt_at: dt.datetime,
        gave_up_at: dt.datetime | None,
    ) -> None:
        """One more failed attempt; the claim is released and ``sent_at`` stays empty."""
        statement = (
            update(outbox)
            .where(outbox.c.key == key, outbox.c.claimed_by == worker, outbox.c.sent_at.is_(None))
            .values(
                attempts=outbox.c.attempts + 1,
                last_error=error,
                next_attempt_at=format_instant(next_attempt_at),
                gave_up_at=format_instant(gave_up_at) if gave_up_at else None,
                claimed_by=None,
                claim_expires_at=None,
            )
        )
        self._write(statement)

    def mark_obsolete(self, keys: Sequence[str], at: dt.datetime) -> int:
        """Mark unsent messages of ``keys`` obsolete."""
        if not keys:
            return 0
        total = 0
        for start in range(0, len(keys), 500):
            statement = (
                update(outbox)
                .where(
                    outbox.c.key.in_(list(keys[start : start + 500])),
                    outbox.c.sent_at.is_(None),
                    outbox.c.obsolete_at.is_(None),
                )
                .values(obsolete_at=format_instant(at), claimed_by=None, claim_expires_at=None)
            )
            total += self._write(statement)
        return total

    def release(self, keys: Sequence[str], worker: str) -> None:
        """Give up ``worker``'s claims on ``keys``."""
        for start in range(0, len(keys), 500):
            statement = (
                update(outbox)
                .where(
                    outbox.c.key.in_(list(keys[start : start + 500])),
                    outbox.c.claimed_by == worker,
                )
                .values(claimed_by=None, claim_expires_at=None)
            )
            self._write(statement)

    def messages(
        self, *, case_id: str | None = None, reminder_key: str | None = None, limit: int = 100
    ) -> list[OutboxMessage]:
        """Outbox messages, newest first."""
        statement = select(*outbox.c).order_by(outbox.c.created_at.desc(), outbox.c.key)
        if case_id is not None:
            statement = statement.where(outbox.c.case_id == case_id)
        if reminder_key is not None:
            statement = statement.where(outbox.c.reminder_key == reminder_key)
        return [_message(row) for row in self._read(statement.limit(limit))]

    def pending_keys(self, reminder_key: str) -> list[str]:
        """Keys of the reminder's messages that may still be sent."""
        statement = select(outbox.c.key).where(
            outbox.c.reminder_key == reminder_key,
            outbox.c.sent_at.is_(None),
            outbox.c.obsolete_at.is_(None),
            outbox.c.gave_up_at.is_(None),
        )
        return [row[0] for row in self._read(statement)]

    def requeue(self, keys: Sequence[str] | None, at: dt.datetime) -> list[str]:
        """Make given-up messages due again at ``at`` with a fresh budget; the keys requeued.

        Only rows given up and never sent (nor obsolete) change, in one statement, so a message
        that was sent, or that a sweep is retrying right now, is never requeued.
        """
        given_up = and_(
            outbox.c.gave_up_at.is_not(None),
            outbox.c.sent_at.is_(None),
            outbox.c.obsolete_at.is_(None),
        )
        values = {
            "gave_up_at": None,
            "attempts": 0,
            "next_attempt_at": format_instant(at),
            "claimed_by": None,
            "claim_expires_at": None,
        }
        requeued: list[str] = []
        chunks = [None] if keys is None else [keys[i : i + 250] for i in range(0, len(keys), 250)]
        try:
            with self._engine.begin() as connection:
                for chunk in chunks:
                    where = given_up
                    if chunk is not None:
                        where = and_(
                            where,
                            or_(
                                outbox.c.key.in_(list(chunk)),
                                outbox.c.reminder_key.in_(list(chunk)),
                            ),
                        )
                    statement = update(outbox).where(where).values(**values).returning(outbox.c.key)
                    requeued.extend(row[0] for row in connection.execute(statement))
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None
        return sorted(requeued)

    def outbox_counts(self, at: dt.datetime) -> dict[str, int]:
        """Unsent messages: ``held`` by a running lease, ``waiting`` to be retried, ``given_up``."""
        now = format_instant(at)
        held = and_(
            outbox.c.gave_up_at.is_(None),
            outbox.c.claimed_by.is_not(None),
            outbox.c.claim_expires_at >= now,
        )
        state = case(
            (outbox.c.gave_up_at.is_not(None), "given_up"),
            (held, "held"),
            (outbox.c.attempts > 0, "waiting"),
            else_="pending",
        )
        statement = (
            select(state, func.count())
            .where(outbox.c.sent_at.is_(None), outbox.c.obsolete_at.is_(None))
            .group_by(state)
        )
        counts = {"held": 0, "waiting": 0, "given_up": 0}
        for name, count in self._read(statement):
            if name in counts:
                counts[name] = int(count)
        return counts

    # ------------------------------------------------------------------ scheduled runs
    def record_run(self, run: ReminderRun) -> None:
        """Insert or replace the run of ``run.key``."""
        insert = pg_insert if self._postgres else sqlite_insert
        values = {
            "key": run.key,
            "case_id": run.case_id,
            "flow_run_id": run.flow_run_id,
            "scheduled_for": run.scheduled_for,
            "created_at": run.created_at,
        }
        statement = insert(reminder_runs).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "flow_run_id": statement.excluded.flow_run_id,
                "scheduled_for": statement.excluded.scheduled_for,
                "created_at": statement.excluded.created_at,
            },
        )
        self._write(statement)

    def runs_for_case(self, case_id: str) -> list[ReminderRun]:
        """The recorded runs of a case, by scheduled time."""
        statement = (
            select(*reminder_runs.c)
            .where(reminder_runs.c.case_id == case_id)
            .order_by(reminder_runs.c.scheduled_for, reminder_runs.c.key)
        )
        return [ReminderRun(**row._mapping) for row in self._read(statement)]

    # ------------------------------------------------------------------ plumbing
    def _read(self, statement: Any) -> list[Any]:
        try:
            with self._engine.connect() as connection:
                reader = connection.execution_options(**{READ_ONLY: True})
                return list(reader.execute(statement))
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None

    def _write(self, statement: Any) -> int:
        try:
            with self._engine.begin() as connection:
                return int(connection.execute(statement).rowcount)
        except DBAPIError as exc:
            raise StorageError(detail=describe(exc)) from None


def _claimable(at: str) -> Any:
    """Unsent messages due at ``at`` and claimed by no running lease (claim takes these)."""
    return and_(
        outbox.c.sent_at.is_(None),
        outbox.c.obsolete_at.is_(None),
        outbox.c.gave_up_at.is_(None),
        outbox.c.next_attempt_at <= at,
        or_(outbox.c.claimed_by.is_(None), outbox.c.claim_expires_at < at),
    )


def _deadline(row: Any) -> DeadlineRow:
    return DeadlineRow(
        case_id=row[0],
        title=row[1],
        owner=row[2],
        centre=row[3],
        step=row[4],
        workflow_id=row[5],
        workflow_version=row[6],
        route=row[7],
        due=row[8],
        status=row[9],
        planned=row[10] or "{}",
        attributes=row[11] or "{}",
    )


def _message(row: Any) -> OutboxMessage:
    mapping = row._mapping
    return OutboxMessage(**{name: mapping[name] for name in _MESSAGE_FIELDS})


def _values(message: OutboxMessage) -> dict[str, Any]:
    return {name: getattr(message, name) for name in _MESSAGE_FIELDS}


__all__ = ["SqlReminderStore"]
