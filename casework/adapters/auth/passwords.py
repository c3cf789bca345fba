"""Password hashing with argon2id (argon2-cffi), and a dummy check that costs the same.

Hashes are self-describing PHC strings (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``), so raising
the cost later needs no migration: :meth:`Passwords.needs_rehash` tells the store to rehash on
the next successful sign-in. Verifying against a fixed dummy hash when a person has no password
makes "no such account" take as long as "wrong password", so timing does not reveal who has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

#: Passwords longer than this are refused before hashing: argon2 would accept megabytes, and a
#: sign-in form is no place to make the server hash them.
MAX_PASSWORD_LENGTH = 1024


@dataclass
class Passwords:
    """Hash and verify passwords; ``hasher`` defaults to argon2-cffi's RFC 9106 profile.

    Tests pass a cheap hasher (``fast_passwords()``) so hundreds of sign-ins stay quick.
    """

    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    _dummy: str | None = None

    def hash(self, password: str) -> str:
        """The PHC string for ``password``."""
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Whether ``password`` matches ``stored``; with no hash, a dummy check of equal cost."""
        if len(password) > MAX_PASSWORD_LENGTH:
            return False
        if stored is None:
            if self._dummy is None:
                self._dummy = self.hasher.hash("casework-dummy-password")
            stored = self._dummy
            password = password + "\x00"  # never matches the dummy
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether ``stored`` was made with weaker parameters than the hasher's."""
        try:
            return self.hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True


def fast_passwords() -> Passwords:
    """A deliberately cheap argon2 profile, for tests and benchmarks only."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


__all__ = ["MAX_PASSWORD_LENGTH", "Passwords", "fast_passwords"]
