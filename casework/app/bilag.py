"""The bilag use cases of the application service (``App.bilag``), and where files are kept.

One use case each for the CLI, the web pages and the tests: attach a file to a case, take one
off, list a case's bilag (as :class:`BilagRow` view models), read one file with the reader's
access checked, audit the stored files and sweep orphans. The store is the local private
directory ``<data dir>/bilag`` unless ``CASEWORK_BILAG_S3`` names a bucket.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casework.domain.bilag import DEFAULT_MAX_BYTES, Bilag, BilagFileMissing
from casework.services import bilag as service
from casework.services.bilag import AttachBilag

if TYPE_CHECKING:
    from casework.app.core import App
    from casework.domain.case import Case
    from casework.domain.errors import Finding
    from casework.domain.events import CaseEvent
    from casework.services.ports.bilag import BlobStore
    from casework.settings import Settings


class MemoryBlobStore:
    """Bytes in a dict: the store of an App without settings (tests with fakes)."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, sha256: str, content: bytes) -> None:
        """Keep ``content``."""
        self.blobs.setdefault(sha256, content)

    def get(self, sha256: str) -> bytes | None:
        """The kept bytes, or None."""
        return self.blobs.get(sha256)

    def hashes(self) -> Iterator[str]:
        """Every kept hash."""
        yield from sorted(self.blobs)

    def delete(self, sha256: str) -> None:
        """Forget one."""
        self.blobs.pop(sha256, None)


def blob_store(app: App) -> BlobStore:
    """The app's store of bilag files, made on first use from its settings."""
    if app.blob_store is None:
        settings = app.settings
        app.blob_store = MemoryBlobStore() if settings is None else store_for(settings)
    return app.blob_store


def store_for(settings: Settings) -> BlobStore:
    """The store of bilag files ``settings`` name: the S3 bucket, or ``<data dir>/bilag``."""
    if settings.bilag_s3:
        from casework.adapters.bilag import s3_store

        return s3_store(settings.bilag_s3, settings.s3_endpoint_url)
    from casework.adapters.bilag import LocalBlobStore

    return LocalBlobStore(settings.data_dir / "bilag")


@dataclass(frozen=True, slots=True)
class BilagRow:
    """One bilag as a listing shows it; ``title`` of a closed one only to who may read it."""

    number: int
    title: str
    filename: str
    kind: str
    size: int
    sha256: str
    closed: bool
    category: str | None
    path: str
    attached_at: str
    attached_by: str

    @classmethod
    def of(cls, bilag: Bilag) -> BilagRow:
        """The row of one bilag."""
        return cls(
            number=bilag.number, title=bilag.title, filename=bilag.filename, kind=bilag.kind,
            size=bilag.size, sha256=bilag.sha256, closed=bilag.closed, category=bilag.category,
            path=bilag.path, attached_at=bilag.attached_at[:16].replace("T", " "),
            attached_by=bilag.attached_by,
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``."""
        return {
            "number": self.number, "title": self.title, "filename": self.filename,
            "kind": self.kind, "size": self.size, "sha256": self.sha256, "closed": self.closed,
            "category": self.category, "path": self.path, "attached_at": self.attached_at,
            "attached_by": self.attached_by,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class BilagFile:
    """One bilag's bytes, ready to send (the download route, ``case bilag --get``)."""

    bilag: Bilag
    content: bytes


class BilagCases:
    """``App.bilag``: the bilag use cases."""

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def store(self) -> BlobStore:
        """Where the files are kept."""
        return blob_store(self._app)

    @property
    def limit(self) -> int:
        """The largest file accepted."""
        settings = self._app.settings
        return settings.bilag_max_bytes if settings is not None else DEFAULT_MAX_BYTES

    def attach(self, cmd: AttachBilag) -> BilagRow:
        """Check and store the file, then record it on the case (nothing written on refusal)."""
        app = self._app
        found = service.attach(
            app.uow_factory(), app.config, app.clock, self.store, cmd, limit=self.limit
        )
        return BilagRow.of(found)

    def remove(self, case_id: str, number: int, actor: str) -> BilagRow:
        """Take bilag ``number`` off the case."""
        app = self._app
        return BilagRow.of(
            service.remove(
                app.uow_factory(),
                app.config,
                app.clock,
                case_id=case_id,
                number=number,
                actor=actor,
            )
        )

    def rows(self, case_id: str) -> list[BilagRow]:
        """The case's bilag now, in number order."""
        return [BilagRow.of(b) for b in service.listing(self._app._reader(), case_id)]

    def of_case(self, case_id: str) -> list[Bilag]:
        """The case's bilag records (for the outputs that select the open ones)."""
        return service.listing(self._app._reader(), case_id)

    def read(self, case_id: str, number: int, *, person: str | None = None) -> BilagFile:
        """Bilag ``number``'s bytes; with ``person``, only if they may read it.

        A closed bilag, or any bilag of a closed item, needs the right to see closed content
        (its owner or a granted role); an open one needs the right to see the case. Without a
        person (the CLI, run by whoever holds the data directory) nothing is checked.

        Raises:
            NotSignedIn, AccessDenied: the person may not read it (a closed one reads as absent).
            BilagNotFound, BilagFileMissing: no such bilag, or its file is gone.
        """
        bilag = service.one(self._app._reader(), case_id, number)
        if person is not None:
            self._check_access(bilag, person)
        content = self.store.get(bilag.sha256)
        if content is None:
            raise BilagFileMissing(case_id=case_id, number=number, sha256=bilag.sha256)
        return BilagFile(bilag, content)

    def read_public(self, case_id: str, number: int) -> BilagFile:
        """Bilag ``number``'s bytes for anyone, signed in or not, when it is what a public
        agenda links: an open bilag of a case that is no closed item and whose presentation
        is approved (the step before the agenda). Anything else, a closed bilag above all,
        does not exist (BilagNotFound, CW863: 404, so not even its existence shows)."""
        from casework.domain.access import is_closed_item
        from casework.domain.bilag import BilagNotFound
        from casework.domain.errors import NotFound

        app = self._app
        try:
            bilag = service.one(app._reader(), case_id, number)
            case, _ = app.case(case_id)
        except NotFound:
            raise BilagNotFound(case_id=case_id, number=number) from None
        if bilag.closed or is_closed_item(case) or not app.presentation(case_id).approved:
            raise BilagNotFound(case_id=case_id, number=number)
        content = self.store.get(bilag.sha256)
        if content is None:
            raise BilagFileMissing(case_id=case_id, number=number, sha256=bilag.sha256)
        return BilagFile(bilag, content)

    def _check_access(self, bilag: Bilag, person: str) -> None:
        from casework.domain.access import (
            NotSignedIn,
            can_view_case,
            can_view_closed_content,
            is_closed_item,
        )
        from casework.domain.bilag import BilagNotFound

        app = self._app
        municipality = app.config.municipality
        if person not in municipality.people:
            raise NotSignedIn
        case, _ = app.case(bilag.case_id)
        if bilag.closed or is_closed_item(case):
            allowed = can_view_closed_content(municipality, person, case)
        else:
            allowed = can_view_case(municipality, person, case)
        if not allowed:
            # Whoever may not read it cannot tell it from a bilag that does not exist.
            raise BilagNotFound(case_id=bilag.case_id, number=bilag.number)

    def events_json(
        self, case: Case, events: Sequence[CaseEvent], person: str | None
    ) -> list[dict[str, Any]]:
        """The case's events as JSON for ``person``: a closed bilag's title, file name and hash
        withheld from whoever may not read closed content (None: the CLI, unfiltered)."""
        from casework.domain.access import can_view_closed_content
        from casework.domain.bilag import withheld

        rows = [e.as_json() for e in events]
        municipality = self._app.config.municipality
        if person is None or can_view_closed_content(municipality, person, case):
            return rows
        return [withheld(row) for row in rows]

    def verify(self, case_ids: Sequence[str] | None = None) -> list[Finding]:
        """The audit of the files (CW410 missing, CW411 changed)."""
        return service.verify(self._app._reader(), self.store, case_ids)

    def sweep(self, *, dry_run: bool = False) -> list[str]:
        """Remove stored files no history names; the hashes removed (or, dry, to remove)."""
        return service.sweep(self._app._reader(), self.store, dry_run=dry_run)


__all__ = [
    "AttachBilag", "BilagCases", "BilagFile", "BilagRow", "MemoryBlobStore", "blob_store",
    "store_for",
]  # fmt: skip
