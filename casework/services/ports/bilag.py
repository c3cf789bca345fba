"""The port of the bilag files: a content-addressed store of bytes, keyed by their SHA-256.

The case's history records each bilag's hash; the store only keeps bytes under that hash. A
file is written before the event that names it commits, so a failed commit leaves at most an
orphan file (harmless: nothing names it, ``casework bilag sweep`` removes it). Adapters: the
local directory under the data directory and an S3-compatible object store
(``casework.adapters.bilag``); ``casework.testing`` has an in-memory one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class BlobStore(Protocol):
    """Bytes kept under their SHA-256 (64 lowercase hex digits)."""

    def put(self, sha256: str, content: bytes) -> None:
        """Keep ``content`` under ``sha256`` (its hash, checked by the caller); idempotent."""
        ...

    def get(self, sha256: str) -> bytes | None:
        """The bytes kept under ``sha256``, or None when there are none."""
        ...

    def hashes(self) -> Iterator[str]:
        """Every hash the store keeps something under."""
        ...

    def delete(self, sha256: str) -> None:
        """Forget what is kept under ``sha256`` (nothing when there is nothing)."""
        ...


__all__ = ["BlobStore"]
