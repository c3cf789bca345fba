"""The casework schema as SQLAlchemy Core tables; Alembic compares against this metadata.

The repository builds its statements from these tables, so a command that only reads or advances
a case never imports the ORM (about 50 ms of start-up, which ``casework case show`` would pay on
every call). The typed ORM records in ``records.py`` map these same tables for code that wants
objects. Dates and instants are fixed-width ISO text, not native types: they sort correctly as
text on every backend, and the event hash is computed over the exact text, which a
``timestamptz`` round trip would not preserve. Change this module only together with a new
Alembic revision.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

#: Deterministic constraint and index names, so migrations can address them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: One row per case: its current state, always equal to the replay of its events.
cases = Table(
    "cases",
    metadata,
    Column("id", String, primary_key=True),
    Column("workflow_id", String, nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("case_type", String, nullable=False),
    Column("title", Text, nullable=False),
    Column("owner", String, nullable=False),
    Column("centre", String, nullable=False),
    Column("route", Text, nullable=False),  # canonical JSON list of {"body", "role"}
    Column("attributes", Text, nullable=False),  # canonical JSON object
    Column("step", String, nullable=False),
    Column("status", String, nullable=False),
    # Optimistic-concurrency counter: the seq of the case's last event.
    Column("version", Integer, nullable=False),
    Column("opened_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("step_entered_at", String, nullable=False),
    Column("step_due", String, nullable=True),
    Column("deadline", String, nullable=True),
    # min(step_due, deadline), denormalised so "open cases by nearest due date" is one index scan.
    Column("due", String, nullable=True),
    Column("reference", String, nullable=True),
    Column("head_hash", String, nullable=False),
    # The recorded plan's due dates by concrete step (canonical JSON), so a step reached later
    # takes the plan's deadline, counted back from its meeting.
    Column("planned", Text, nullable=False, server_default="{}"),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
    # urgent(): "WHERE status = 'open' AND due IS [NOT] NULL ORDER BY due, opened_at, id LIMIT n"
    # reads n entries of this index on both backends, whatever the table size; the id makes the
    # order total, so paging and tests are deterministic.
    Index("ix_cases_status_due", "status", "due", "opened_at", "id"),
    # list(): "WHERE status = ? ORDER BY updated_at DESC, id DESC LIMIT n" without a sort.
    Index("ix_cases_status_updated_at", "status", "updated_at", "id"),
    Index("ix_cases_owner", "owner"),
    Index("ix_cases_centre", "centre"),
)

#: One row per case event: the append-only, hash-chained history.
case_events = Table(
    "case_events",
    metadata,
    Column("case_id", String, ForeignKey("cases.id", ondelete="RESTRICT"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("at", String, nullable=False),  # fixed-width UTC text, hashed as stored
    Column("actor", String, nullable=False),
    Column("data_json", Text, nullable=False),  # canonical JSON text, hashed as stored
    # A retried request with a key cannot be recorded twice; events without a key are
    # unconstrained (see the index below).
    Column("idempotency_key", String, nullable=True),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
    # Unique over the keyed events only (revision 0017): the unkeyed majority, which a NULL never
    # lets collide, stays out of the index, one B-tree page less per transition (issue 17).
    Index(
        "uq_case_events_idempotency_key",
        "idempotency_key",
        unique=True,
        sqlite_where=text("idempotency_key IS NOT NULL"),
        postgresql_where=text("idempotency_key IS NOT NULL"),
    ),
)

#: The last case number handed out per year (case ids look like 2026-0435).
case_counters = Table(
    "case_counters",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

#: Every workflow version a case has pinned, as the canonical snapshot of its file.
workflow_versions = Table(
    "workflow_versions",
    metadata,
    Column("workflow_id", String, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("fingerprint", String, nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("registered_at", String, nullable=False),
)

__all__ = [
    "NAMING_CONVENTION",
    "case_counters",
    "case_events",
    "cases",
    "metadata",
    "workflow_versions",
]

# --- Issue 8 (web app): sign-in passwords and API tokens; revision 0006 creates these. --------
#: One row per person who may sign in to the web app: the argon2 hash and the failure count that
#: locks the account for a while after repeated wrong passwords (the account-level rate limit).
web_accounts = Table(
    "web_accounts",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", String, nullable=True),  # fixed-width UTC text
    Column("password_set_at", String, nullable=False),
    Column("last_login_at", String, nullable=True),
)

#: API tokens for integrations: only a SHA-256 of the secret is kept, so a leaked table cannot
#: be replayed; the short public id names a token in listings and revocation.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String, primary_key=True),
    Column("person_id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("token_hash", String, nullable=False, unique=True),
    Column("created_at", String, nullable=False),
    Column("last_used_at", String, nullable=True),
    Column("revoked_at", String, nullable=True),
    Index("ix_api_tokens_person_id", "person_id"),
)

__all__ += ["api_tokens", "web_accounts"]

# --- Issue 16: sessions that can be ended, the sign-in limit per address; revision 0011 --------
#: One row per person whose sessions have been ended at least once: the session cookie carries
#: the generation it was issued under, and a request whose generation is not this one is signed
#: out (sign-out, a new password and a lock-out bump it). No row means generation 0.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("generation", Integer, nullable=False, server_default="0"),
    Column("ended_at", String, nullable=True),  # fixed-width UTC text
)

#: One row per failed sign-in, by client address: the per-address limit, shared by every web
#: worker process. Rows older than the limit's window are deleted as new failures come in.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("address", String, nullable=False),
    Column("at", String, nullable=False),  # fixed-width UTC text
    Index("ix_sign_in_failures_address_at", "address", "at"),
    Index("ix_sign_in_failures_at", "at"),
)

__all__ += ["sign_in_failures", "web_sessions"]

# --- Issue 5: reminders, the notification outbox and the one-off reminder runs -----------------

#: One row per message a reminder sends: one recipient on one channel. The unique ``key``
#: (reminder key + recipient + channel) is what makes a reminder go out exactly once: sweeps
#: insert with ON CONFLICT DO NOTHING, claim rows with a lease, and set ``sent_at`` only after
#: the channel accepted the message (see ``adapters/sql/outbox.py``).
outbox = Table(
    "outbox",
    metadata,
    Column("key", String, primary_key=True),
    Column("reminder_key", String, nullable=False),
    Column("case_id", String, nullable=False),
    Column("step", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("due", String, nullable=False),  # the deadline the reminder is about (ISO date)
    Column("recipient", String, nullable=False),
    Column("channel", String, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("fire_at", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("claimed_by", String, nullable=True),
    Column("claim_expires_at", String, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String, nullable=False),
    Column("sent_at", String, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("obsolete_at", String, nullable=True),
    Column("gave_up_at", String, nullable=True),
    CheckConstraint("kind IN ('before', 'due', 'overdue')", name="kind"),
    # claim(): "WHERE sent_at IS NULL AND obsolete_at IS NULL AND gave_up_at IS NULL
    # AND next_attempt_at <= now ORDER BY next_attempt_at" reads the pending rows only.
    Index("ix_outbox_pending", "sent_at", "obsolete_at", "gave_up_at", "next_attempt_at"),
    Index("ix_outbox_reminder_key", "reminder_key"),
    Index("ix_outbox_case_id", "case_id"),
)

#: The one-off flow run scheduled for each reminder, so a re-plan can cancel the stale one.
reminder_runs = Table(
    "reminder_runs",
    metadata,
    Column("key", String, primary_key=True),  # the reminder key
    Column("case_id", String, nullable=False),
    Column("flow_run_id", String, nullable=False),
    Column("scheduled_for", String, nullable=False),
    Column("created_at", String, nullable=False),
    Index("ix_reminder_runs_case_id", "case_id"),
)

__all__ += ["outbox", "reminder_runs"]

# --------------------------------------------------------------------------- OParl import (issue 7)
#: Imported OParl organisations; ``body`` is the casework body key routes use (the name, made
#: unique once and then kept, so a renamed organisation keeps its key).
oparl_organizations = Table(
    "oparl_organizations",
    metadata,
    Column("oparl_id", String, primary_key=True),
    Column("body", String, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("short_name", String, nullable=True),
    Column("classification", String, nullable=True),
    Column("modified", String, nullable=True),
    Column("digest", String, nullable=False),
)

#: Imported OParl meetings (start as fixed-width UTC text).
oparl_meetings = Table(
    "oparl_meetings",
    metadata,
    Column("oparl_id", String, primary_key=True),
    Column("name", Text, nullable=True),
    Column("start", String, nullable=True),
    Column("organization", String, nullable=True),
    Column("modified", String, nullable=True),
    Column("digest", String, nullable=False),
)

#: Imported OParl agenda items with their result text and its classification.
oparl_agenda_items = Table(
    "oparl_agenda_items",
    metadata,
    Column("oparl_id", String, primary_key=True),
    Column("meeting", String, nullable=False),
    Column("consultation", String, nullable=True),
    Column("number", String, nullable=True),
    Column("name", Text, nullable=True),
    Column("result", Text, nullable=True),
    Column("decision", String, nullable=False),
    Column("digest", String, nullable=False),
    Index("ix_oparl_agenda_items_meeting", "meeting"),
)

#: Imported OParl papers and the case each one became; ``digest`` fingerprints what the case
#: was built from, so a re-import of an unchanged paper touches nothing.
oparl_papers = Table(
    "oparl_papers",
    metadata,
    Column("oparl_id", String, primary_key=True),
    Column("case_id", String, ForeignKey("cases.id", ondelete="RESTRICT"), nullable=False),
    Column("reference", String, nullable=True),
    Column("modified", String, nullable=True),
    Column("digest", String, nullable=False),
    Column("imported_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Index("ix_oparl_papers_case_id", "case_id", unique=True),
)

__all__ += ["oparl_agenda_items", "oparl_meetings", "oparl_organizations", "oparl_papers"]

# --- Issue 12.4: dispatch after commit; revision 0008 creates these ------------------------------
#: The bus's outbox: one row per (committed event, subscribed handler), written in the event's
#: transaction. A row is pending until ``done_at``; a failed attempt counts in ``attempts``, keeps
#: its error and waits for ``next_attempt_at`` (NULL once given up). Rows of a feed are written
#: done; their ids are the change feed that ``dispatch_cursors`` keeps a position in.
event_dispatch = Table(
    "event_dispatch",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("handler", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String, nullable=True),
    Column("done_at", String, nullable=True),
    Column("last_error", Text, nullable=True),
    UniqueConstraint("case_id", "seq", "handler"),
    # due(): "WHERE done_at IS NULL AND next_attempt_at <= now ORDER BY next_attempt_at".
    Index("ix_event_dispatch_pending", "done_at", "next_attempt_at"),
    # changes(): "WHERE handler = ? AND id > ? ORDER BY id LIMIT n" reads only what is new.
    Index("ix_event_dispatch_handler_id", "handler", "id"),
)

#: How far each consumer of a feed has read it (the last row id it processed).
dispatch_cursors = Table(
    "dispatch_cursors",
    metadata,
    Column("name", String, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("updated_at", String, nullable=False),
)

__all__ += ["dispatch_cursors", "event_dispatch"]

# --- Issue 13: meetings as records; revision 0009 creates these ---------------------------------
#: One row per meeting that has a record: its state, always equal to the replay of its events.
#: ``data`` is the canonical JSON of the fold's items (each with its snapshot versions), the sent
#: agenda's head and the note; ``version`` is the optimistic-concurrency counter (the last seq).
meetings = Table(
    "meetings",
    metadata,
    Column("body", String, primary_key=True),
    Column("date", String, primary_key=True),  # ISO date of the meeting
    Column("state", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("head_hash", String, nullable=False),
    Column("updated_at", String, nullable=True),
    Column("moved_to", String, nullable=True),
    Column("data", Text, nullable=False),
    CheckConstraint(
        "state IN ('planned', 'agenda_closed', 'agenda_sent', 'held', 'minutes_approved', "
        "'published', 'cancelled', 'moved')",
        name="state",
    ),
)

#: One row per meeting event: the append-only, hash-chained history of each meeting (triggers
#: refuse UPDATE and DELETE, as on ``case_events``).
meeting_events = Table(
    "meeting_events",
    metadata,
    Column("body", String, primary_key=True),
    Column("date", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("at", String, nullable=False),  # fixed-width UTC text, hashed as stored
    Column("actor", String, nullable=False),
    Column("data_json", Text, nullable=False),  # canonical JSON text, hashed as stored
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
    ForeignKeyConstraint(["body", "date"], ["meetings.body", "meetings.date"], ondelete="RESTRICT"),
)

__all__ += ["meeting_events", "meetings"]

# --- Issue 14: the presentation's texts; revision 0010 creates this ------------------------------
#: Each saved section text once, keyed by the SHA-256 of its UTF-8 bytes; the ``case.text_saved``
#: events name texts by that hash, so ``audit verify`` can check every stored text against it.
presentation_texts = Table(
    "presentation_texts",
    metadata,
    Column("sha256", String, primary_key=True),
    Column("text", Text, nullable=False),
)

__all__ += ["presentation_texts"]

# --- Issue 20: the § 17, stk. 4 task committees' work; revision 0013 creates this ---------------
#: One row per event of a task committee (ideas, sprints, recommendations): append-only and
#: hash-chained per committee like ``meeting_events``; the committee's state is their fold.
task_committee_events = Table(
    "task_committee_events",
    metadata,
    Column("committee", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("at", String, nullable=False),  # fixed-width UTC text, hashed as stored
    Column("actor", String, nullable=False),
    Column("data_json", Text, nullable=False),  # canonical JSON text, hashed as stored
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
)

__all__ += ["task_committee_events"]

# --- Issue 16 (its closing note): the audit anchors; revision 0018 creates this ----------------
#: One row per anchor: the case heads changed since the previous anchor (canonical JSON of
#: ``[case_id, seq, hash]``), the digest over every case's head, and the hash chaining the
#: anchors; append-only like ``case_events`` (``casework.domain.anchors``).
audit_anchors = Table(
    "audit_anchors",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("day", String, nullable=False),
    Column("made_at", String, nullable=False),
    Column("cases", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("digest", String, nullable=False),
    Column("heads_json", Text, nullable=False),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
)

__all__ += ["audit_anchors"]
