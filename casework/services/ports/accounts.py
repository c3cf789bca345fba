"""The web app's account port: passwords and API tokens, and what crosses it.

:class:`AccountStore` is implemented by ``casework.adapters.sql.accounts``; the policy of who
may do what, and the errors of signing in (``TokenNotFound`` …), are ``casework.domain.access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listings show it; the secret itself is never stored."""

    id: str
    person_id: str
    name: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """Whether the token still signs requests in."""
        return self.revoked_at is None

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``casework token list --json``."""
        return {
            "id": self.id,
            "person": self.person_id,
            "name": self.name,
            "created_at": self.created_at,
            "last_used_at": self.last_used_at,
            "revoked_at": self.revoked_at,
            "active": self.active,
        }


class AccountStore(Protocol):
    """Sign-in passwords (one per person of the configuration) and hashed API tokens."""

    def set_password(self, person_id: str, password: str) -> None:
        """Set (or replace) a password; it also lifts a lock. Raises InvalidInput."""
        ...

    def has_password(self, person_id: str) -> bool:
        """Whether ``person_id`` can sign in with a password at all."""
        ...

    def locked_until(self, person_id: str) -> dt.datetime | None:
        """Until when ``person_id`` is locked out after wrong passwords, or None."""
        ...

    def is_locked(self, person_id: str) -> bool:
        """Whether ``person_id`` is locked out now."""
        ...

    def verify(self, person_id: str, password: str) -> bool:
        """Whether ``password`` is ``person_id``'s; a failure is counted, a success resets."""
        ...

    def unlock(self, person_id: str) -> None:
        """Lift a lock; the password stays."""
        ...

    def session_generation(self, person_id: str) -> int:
        """The generation a web session of ``person_id`` must carry to be valid."""
        ...

    def end_sessions(self, person_id: str) -> int:
        """End every web session of ``person_id``; returns the new generation.

        Setting a password and a lock-out after wrong passwords end them too.
        """
        ...

    def address_failures(self, address: str, window: dt.timedelta) -> int:
        """Failed sign-ins from a client address within the last ``window``."""
        ...

    def address_failed(self, address: str, window: dt.timedelta) -> None:
        """Count one failed sign-in from a client address (older than ``window`` forgotten)."""
        ...

    def address_succeeded(self, address: str) -> None:
        """Forget a client address's failures after a successful sign-in."""
        ...

    def create_token(self, person_id: str, name: str) -> str:
        """A new API token; the secret is returned this once. Raises InvalidInput."""
        ...

    def person_for_token(self, token: str) -> str | None:
        """The person a live token belongs to, or None."""
        ...

    def revoke_token(self, token_id: str, *, person_id: str | None = None) -> TokenInfo:
        """Revoke a token by its public id (only ``person_id``'s, when given).

        Raises:
            casework.domain.access.TokenNotFound: no such token (or not that person's).
        """
        ...

    def list_tokens(self, person_id: str | None = None) -> list[TokenInfo]:
        """Tokens (of one person, or everyone's), oldest first."""
        ...

    def count_accounts(self) -> int:
        """How many people have a password."""
        ...

    def seeded_by_demo(self) -> bool:
        """Whether ``casework demo`` filled this database (demo passwords are safe on it)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


__all__ = ["AccountStore", "TokenInfo"]
