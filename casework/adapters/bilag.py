"""Where bilag files are kept: a private directory under the data directory, or an S3 bucket.

Both keep bytes under their SHA-256 (the :class:`~casework.services.ports.bilag.BlobStore`
port). The local store lays files out as ``bilag/ab/cd/abcd…`` under the data directory, 0700
directories and 0600 files whatever the umask (:mod:`casework.adapters.files`), written
atomically. The S3 store talks to any S3-compatible object store through boto3's client
(``pip install 'casework[s3]'``), configured by ``CASEWORK_BILAG_S3=s3://bucket/prefix`` and
``CASEWORK_S3_ENDPOINT_URL`` with boto3's usual credentials (``AWS_ACCESS_KEY_ID`` …).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casework.adapters.files import private_dir, write_file
from casework.domain.bilag import BilagStoreUnavailable

_KEY = re.compile(r"[0-9a-f]{64}")


def _checked(sha256: str) -> str:
    if not _KEY.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
    return sha256


class LocalBlobStore:
    """Files under ``root``, content-addressed, owner only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the file of ``sha256`` is (or would be) kept."""
        key = _checked(sha256)
        return self.root / key[:2] / key[2:4] / key

    def put(self, sha256: str, content: bytes) -> None:
        """Keep ``content`` (written once: an existing file of the same hash is left alone)."""
        path = self.path(sha256)
        if path.exists():
            return
        private_dir(path.parent)
        write_file(path, content, private=True)

    def get(self, sha256: str) -> bytes | None:
        """The stored bytes, or None."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def hashes(self) -> Iterator[str]:
        """Every stored hash."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if _KEY.fullmatch(path.name):
                yield path.name

    def delete(self, sha256: str) -> None:
        """Remove the file of ``sha256`` if there is one."""
        self.path(sha256).unlink(missing_ok=True)


class S3BlobStore:
    """Objects ``prefix + sha256`` in ``bucket`` of an S3-compatible store.

    ``client`` is a boto3 S3 client (or anything with its ``put_object``, ``get_object``,
    ``delete_object`` and ``get_paginator("list_objects_v2")``).
    """

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def put(self, sha256: str, content: bytes) -> None:
        """Upload ``content`` with its SHA-256 for the store to check on arrival."""
        import base64

        key = _checked(sha256)
        with self._store_errors():
            self.client.put_object(
                Bucket=self.bucket, Key=self.prefix + key, Body=content,
                ChecksumSHA256=base64.b64encode(bytes.fromhex(key)).decode("ascii"),
            )  # fmt: skip

    def get(self, sha256: str) -> bytes | None:
        """The object's bytes, or None when there is no such object."""
        key = self.prefix + _checked(sha256)
        with self._store_errors():
            try:
                response = self.client.get_object(Bucket=self.bucket, Key=key)
            except Exception as exc:  # botocore's ClientError; no import of botocore here
                if _not_found(exc):
                    return None
                raise
            body: bytes = response["Body"].read()
        return body

    def hashes(self) -> Iterator[str]:
        """Every stored hash under the prefix."""
        with self._store_errors():
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for item in page.get("Contents", ()):
                    name = str(item["Key"])[len(self.prefix) :]
                    if _KEY.fullmatch(name):
                        yield name

    def delete(self, sha256: str) -> None:
        """Delete the object (S3 answers a missing one with success too)."""
        key = self.prefix + _checked(sha256)
        with self._store_errors():
            self.client.delete_object(Bucket=self.bucket, Key=key)

    @contextlib.contextmanager
    def _store_errors(self) -> Iterator[None]:
        """botocore's errors (the store down, the bucket missing, access denied) as CW896, one
        line naming the bucket and prefix, never the credentials; anything else as raised."""
        try:
            yield
        except Exception as exc:
            if not isinstance(exc, _botocore_errors()):
                raise
            location = f"s3://{self.bucket}/{self.prefix}"
            why = " ".join(str(exc).split())
            raise BilagStoreUnavailable(location=location, why=why) from exc


@functools.cache
def _botocore_errors() -> tuple[type[Exception], ...]:
    """botocore's errors; none without botocore (a client not boto3's raises what it raises)."""
    try:
        from botocore.exceptions import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            BotoCoreError,
            ClientError,
        )
    except ModuleNotFoundError:
        return ()
    return (BotoCoreError, ClientError)


def _not_found(exc: Exception) -> bool:
    response = getattr(exc, "response", None)
    code = (response or {}).get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in {"NoSuchKey", "404", "NotFound"}


def s3_store(url: str, endpoint_url: str | None = None) -> S3BlobStore:
    """The S3 store of ``s3://bucket/prefix`` through a boto3 client.

    Raises:
        ValueError: the URL is not ``s3://bucket[/prefix]``.
        ModuleNotFoundError: boto3 is not installed (``pip install 'casework[s3]'``).
    """
    if not url.startswith("s3://") or not url[5:].split("/", 1)[0]:
        raise ValueError(f"CASEWORK_BILAG_S3: {url!r} is no s3://bucket/prefix")
    bucket, _, prefix = url[5:].partition("/")
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    import boto3  # type: ignore[import-untyped,import-not-found,unused-ignore]

    client = boto3.client("s3", endpoint_url=endpoint_url)
    return S3BlobStore(client, bucket, prefix)


__all__ = ["LocalBlobStore", "S3BlobStore", "s3_store"]
