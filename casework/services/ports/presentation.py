"""The port of the presentation's texts (issue 14): stored once, by the SHA-256 of the text.

A unit of work that stores cases carries one as ``texts`` (the SQL store's ``presentation_texts``
table, the sqlite3 reader's read of it); :func:`casework.services.presentation.texts_of` finds it
and gives a unit of work without one (the in-memory fake) a dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class TextStore(Protocol):
    """Texts by their hash; a text stored twice is one row."""

    def put(self, sha256: str, text: str) -> None:
        """Keep ``text`` under ``sha256`` (the caller computed it) unless it is kept already."""
        ...

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        """The kept texts of ``hashes`` (a hash with no text is left out)."""
        ...


class DictTextStore:
    """Texts in a dictionary (the in-memory fake's; written texts outlive a rollback, which
    is harmless for content-addressed, immutable texts)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def put(self, sha256: str, text: str) -> None:
        self.texts.setdefault(sha256, text)

    def get(self, hashes: Iterable[str]) -> dict[str, str]:
        return {h: self.texts[h] for h in hashes if h in self.texts}
