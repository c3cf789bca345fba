"""Sign-in accounts and API tokens of the web app, stored with SQLAlchemy Core (issue 8).

:class:`AccountStore` keeps one argon2 hash per person (people themselves live in the
configuration, so an account is only a password) and hashed API tokens. Repeated wrong
passwords lock an account for a while: :data:`MAX_FAILURES` failures in a row lock it for
:data:`LOCKOUT`, which limits guessing per account whatever the number of client addresses; the
web app adds its own per-address limit in front. Tokens look like ``cw_<id>_<secret>``: the
public id names the token in listings, and only the SHA-256 of the whole token is stored, which
is enough for 256-bit random secrets (no salt or slow hash needed, unlike passwords).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from casework.adapters.auth.passwords import MAX_PASSWORD_LENGTH, Passwords
from casework.adapters.sql.engine import READ_ONLY
from casework.adapters.sql.tables import api_tokens, sign_in_failures, web_accounts, web_sessions
from casework.domain.access import TokenNotFound
from casework.domain.errors import InvalidInput
from casework.domain.events import format_instant, parse_instant
from casework.services.ports import TokenInfo

if TYPE_CHECKING:
    from casework.services.ports import Clock

#: Wrong passwords in a row before an account is locked.
MAX_FAILURES = 5
#: How long a locked account refuses every password, the right one included.
LOCKOUT = dt.timedelta(minutes=15)
#: A token's last use is written at most this often, so API reads do not all become writes.
LAST_USED_RESOLUTION = dt.timedelta(hours=1)

_TOKEN = re.compile(r"^cw_([0-9a-f]{8})_[A-Za-z0-9_-]{20,100}$")


class _UtcClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().date()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    """:class:`~casework.services.ports.AccountStore` on one engine (SQLite or PostgreSQL)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock | None = None,
        passwords: Passwords | None = None,
        max_failures: int = MAX_FAILURES,
        lockout: dt.timedelta = LOCKOUT,
        owns_engine: bool = False,
    ) -> None:
        self.engine = engine
        self._owns = owns_engine
        self.clock: Clock = clock or _UtcClock()
        self.passwords = passwords or Passwords()
        self.max_failures = max_failures
        self.lockout = lockout

    def close(self) -> None:
        """Dispose of the engine when this store was given its own."""
        if self._owns:
            self.engine.dispose()

    def seeded_by_demo(self) -> bool:
        """Whether ``casework demo`` filled this database (its events carry ``demo-`` keys)."""
        return seeded_by_demo(self.engine)

    def _now(self) -> str:
        return format_instant(self.clock.now())

    def _read(self) -> Any:
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    # ------------------------------------------------------------------ passwords
    def set_password(self, person_id: str, password: str) -> None:
        """Set (or replace) ``person_id``'s password; it also lifts a lock.

        Raises:
            InvalidInput: the password is empty or longer than 1024 characters.
        """
        if not password or len(password) > MAX_PASSWORD_LENGTH:
            raise InvalidInput(detail=f"password: 1–{MAX_PASSWORD_LENGTH} tegn")
        hashed = self.passwords.hash(password)
        now = self._now()
        values = {
            "password_hash": hashed,
            "failed_attempts": 0,
            "locked_until": None,
            "password_set_at": now,
        }
        with self.engine.begin() as conn:
            done = conn.execute(
                update(web_accounts).where(web_accounts.c.person_id == person_id).values(values)
            )
            if done.rowcount == 0:
                conn.execute(insert(web_accounts).values(person_id=person_id, **values))
            # A new password ends every session signed in with the old one.
            self._bump(conn, person_id, now)

    def has_password(self, person_id: str) -> bool:
        """Whether ``person_id`` can sign in with a password at all."""
        with self._read() as conn:
            row = conn.execute(
                select(web_accounts.c.person_id).where(web_accounts.c.person_id == person_id)
            ).first()
        return row is not None

    def locked_until(self, person_id: str) -> dt.datetime | None:
        """Until when ``person_id`` is locked out after wrong passwords, or None."""
        with self._read() as conn:
            text = conn.execute(
                select(web_accounts.c.locked_until).where(web_accounts.c.person_id == person_id)
            ).scalar()
        if text is None:
            return None
        until = parse_instant(text)
        return until if until > self.clock.now() else None

    def is_locked(self, person_id: str) -> bool:
        """Whether ``person_id`` is locked out now."""
        return self.locked_until(person_id) is not None

    def verify(self, person_id: str, password: str) -> bool:
        """Whether ``password`` is ``person_id``'s; a failure is counted, a success resets.

        A locked account refuses every password; an unknown person costs one dummy hash check,
        like a wrong password, so the answer time does not tell who has an account.
        """
        with self._read() as conn:
            row = conn.execute(
                select(web_accounts.c.password_hash, web_accounts.c.locked_until).where(
                    web_accounts.c.person_id == person_id
                )
            ).first()
        if row is None:
            self.passwords.verify(None, password)
            return False
        now = self.clock.now()
        if row.locked_until is not None and parse_instant(row.locked_until) > now:
            self.passwords.verify(None, password)
            return False
        # The slow hash runs outside any transaction, so it holds no database lock.
        ok = self.passwords.verify(row.password_hash, password)
        if ok:
            self._succeeded(person_id, row.password_hash, password)
        else:
            self._failed(person_id, now)
        return ok

    def _succeeded(self, person_id: str, stored: str, password: str) -> None:
        values: dict[str, Any] = {
            "failed_attempts": 0,
            "locked_until": None,
            "last_login_at": self._now(),
        }
        if self.passwords.needs_rehash(stored):
            values["password_hash"] = self.passwords.hash(password)
        with self.engine.begin() as conn:
            conn.execute(
                update(web_accounts).where(web_accounts.c.person_id == person_id).values(values)
            )

    def _failed(self, person_id: str, now: dt.datetime) -> None:
        where = web_accounts.c.person_id == person_id
        with self.engine.begin() as conn:
            # Counted in SQL, so concurrent wrong guesses cannot overwrite each other's count.
            conn.execute(
                update(web_accounts)
                .where(where)
                .values(failed_attempts=web_accounts.c.failed_attempts + 1)
            )
            failures = conn.execute(select(web_accounts.c.failed_attempts).where(where)).scalar()
            if failures is not None and failures >= self.max_failures:
                conn.execute(
                    update(web_accounts)
                    .where(where)
                    .values(failed_attempts=0, locked_until=format_instant(now + self.lockout))
                )
                # A lock-out also ends the sessions already signed in (a stolen cookie too).
                self._bump(conn, person_id, format_instant(now))

    def unlock(self, person_id: str) -> None:
        """Lift a lock (an administrator's action); the password stays."""
        with self.engine.begin() as conn:
            conn.execute(
                update(web_accounts)
                .where(web_accounts.c.person_id == person_id)
                .values(failed_attempts=0, locked_until=None)
            )

    # ------------------------------------------------------------------ sessions
    def session_generation(self, person_id: str) -> int:
        """The generation a session of ``person_id`` must carry to be valid (0 at first)."""
        with self._read() as conn:
            found = conn.execute(
                select(web_sessions.c.generation).where(web_sessions.c.person_id == person_id)
            ).scalar()
        return int(found or 0)

    def end_sessions(self, person_id: str) -> int:
        """End every session of ``person_id`` (sign-out); returns the new generation."""
        with self.engine.begin() as conn:
            return self._bump(conn, person_id, self._now())

    def _bump(self, conn: Any, person_id: str, now: str) -> int:
        where = web_sessions.c.person_id == person_id
        values = {"generation": web_sessions.c.generation + 1, "ended_at": now}
        if conn.execute(update(web_sessions).where(where).values(values)).rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(
                        insert(web_sessions).values(person_id=person_id, generation=1, ended_at=now)
                    )
            except IntegrityError:  # a concurrent first bump inserted the row: count on it
                conn.execute(update(web_sessions).where(where).values(values))
        return int(conn.execute(select(web_sessions.c.generation).where(where)).scalar() or 0)

    # ------------------------------------------------------------------ sign-in limit per address
    def address_failures(self, address: str, window: dt.timedelta) -> int:
        """Failed sign-ins from ``address`` within the last ``window``."""
        since = format_instant(self.clock.now() - window)
        with self._read() as conn:
            found = conn.execute(
                select(func.count())
                .select_from(sign_in_failures)
                .where(sign_in_failures.c.address == address, sign_in_failures.c.at > since)
            ).scalar()
        return int(found or 0)

    def address_failed(self, address: str, window: dt.timedelta) -> None:
        """Count one failed sign-in from ``address``; failures older than ``window`` go."""
        now = self.clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                delete(sign_in_failures).where(
                    sign_in_failures.c.at <= format_instant(now - window)
                )
            )
            conn.execute(insert(sign_in_failures).values(address=address, at=format_instant(now)))

    def address_succeeded(self, address: str) -> None:
        """Forget ``address``'s failures after a successful sign-in."""
        with self.engine.begin() as conn:
            conn.execute(delete(sign_in_failures).where(sign_in_failures.c.address == address))

    # ------------------------------------------------------------------ tokens
    def create_token(self, person_id: str, name: str) -> str:
        """A new API token for ``person_id``; the secret is returned this once and never again.

        Raises:
            InvalidInput: the name is empty or longer than 100 characters.
        """
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput(detail="--name: 1–100 tegn")
        token_id = secrets.token_hex(4)
        token = f"cw_{token_id}_{secrets.token_urlsafe(32)}"
        with self.engine.begin() as conn:
            conn.execute(
                insert(api_tokens).values(
                    id=token_id,
                    person_id=person_id,
                    name=name,
                    token_hash=_digest(token),
                    created_at=self._now(),
                )
            )
        return token

    def person_for_token(self, token: str) -> str | None:
        """The person a live token belongs to, or None (unknown, malformed or revoked)."""
        if not _TOKEN.match(token):
            return None
        with self._read() as conn:
            row = conn.execute(
                select(api_tokens.c.id, api_tokens.c.person_id, api_tokens.c.last_used_at).where(
                    api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked_at.is_(None)
                )
            ).first()
        if row is None:
            return None
        now = self.clock.now()
        if row.last_used_at is None or parse_instant(row.last_used_at) + LAST_USED_RESOLUTION < now:
            with self.engine.begin() as conn:
                conn.execute(
                    update(api_tokens)
                    .where(api_tokens.c.id == row.id)
                    .values(last_used_at=format_instant(now))
                )
        return str(row.person_id)

    def revoke_token(self, token_id: str, *, person_id: str | None = None) -> TokenInfo:
        """Revoke a token by its public id (only ``person_id``'s, when given).

        Raises:
            NotFound: no such token (or not that person's).
        """
        where = [api_tokens.c.id == token_id]
        if person_id is not None:
            where.append(api_tokens.c.person_id == person_id)
        with self.engine.begin() as conn:
            conn.execute(
                update(api_tokens)
                .where(*where, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=self._now())
            )
            row = conn.execute(select(api_tokens).where(*where)).first()
        if row is None:
            raise TokenNotFound(token_id=token_id)
        return _info(row)

    def list_tokens(self, person_id: str | None = None) -> list[TokenInfo]:
        """Tokens (of one person, or everyone's), oldest first; secrets are not available."""
        query = select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id)
        if person_id is not None:
            query = query.where(api_tokens.c.person_id == person_id)
        with self._read() as conn:
            return [_info(row) for row in conn.execute(query)]

    def count_accounts(self) -> int:
        """How many people have a password."""
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(web_accounts)).scalar() or 0)


def _info(row: Any) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        person_id=row.person_id,
        name=row.name,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


__all__ = ["LOCKOUT", "MAX_FAILURES", "AccountStore", "TokenInfo", "seeded_by_demo"]


def seeded_by_demo(engine: Engine) -> bool:
    """Whether ``casework demo`` filled this database (its events carry ``demo-`` keys)."""
    from casework.adapters.sql.tables import case_events

    query = (
        select(case_events.c.case_id).where(case_events.c.idempotency_key.like("demo-%")).limit(1)
    )
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        return conn.execute(query).first() is not None
