"""Bilag use cases: attach a file to a case, take one off, list them, read one, audit the files.

The file is checked (size, kind by content, name) and stored under its SHA-256 before the
``case.bilag_attached`` event is written; if the event's commit fails the stored file is an
orphan nobody names (harmless; :func:`sweep` removes orphans).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from casework.domain.bilag import (
    Bilag,
    BilagAttached,
    BilagNotFound,
    audit_finding,
    bilag_of,
    check_file,
    check_reason,
    check_title,
    next_number,
)
from casework.domain.configuration import Configuration
from casework.domain.errors import Finding
from casework.services.ports import Clock, UnitOfWork
from casework.services.ports.bilag import BlobStore
from casework.services.resolve import loaded


@dataclass(frozen=True, slots=True)
class AttachBilag:
    """Attach ``content`` (a file called ``filename``) to a case as ``actor``.

    ``title`` defaults to the file name; ``closed`` makes it a lukket bilag, which needs a
    ``reason`` (a closed-item category: personforhold, ejendomshandel, udbud, laan).
    """

    case_id: str
    actor: str
    filename: str
    content: bytes
    title: str | None = None
    closed: bool = False
    reason: str | None = None
    expected_version: int | None = None


def attach(
    uow: UnitOfWork, config: Configuration, clock: Clock, store: BlobStore, cmd: AttachBilag,
    *, limit: int,
) -> Bilag:  # fmt: skip
    """Check the file, store it under its hash, then record it on the case."""
    name = cmd.filename.replace("\\", "/").rsplit("/", 1)[-1]
    title = check_title(cmd.title if cmd.title is not None else name)
    media_type = check_file(name, cmd.content, limit)
    reason = check_reason(cmd.closed, cmd.reason)
    sha256 = hashlib.sha256(cmd.content).hexdigest()
    with uow:
        case = loaded(uow, cmd.case_id, cmd.expected_version)
        loaded_version = case.version
        events = uow.cases.events(case.id)
        payload = BilagAttached(
            number=next_number(events), title=title, filename=name, media_type=media_type,
            size=len(cmd.content), sha256=sha256, closed=cmd.closed,
            reason=reason.value if reason else None,
        )  # fmt: skip
        # Refuse (actor, closed case) before anything is written: the verb checks the same.
        event = case.attach_bilag(
            municipality=config.municipality, actor=cmd.actor, bilag=payload, at=clock.now()
        )
        store.put(sha256, cmd.content)
        uow.cases.save(case, expected_version=loaded_version)
        uow.commit()
    return bilag_of([*events, event])[-1]


def remove(
    uow: UnitOfWork, config: Configuration, clock: Clock, *, case_id: str, number: int, actor: str
) -> Bilag:
    """Take bilag ``number`` off the case; its file stays stored (the history names it)."""
    with uow:
        case = uow.cases.get(case_id)
        loaded_version = case.version
        found = _one(uow.cases.events(case_id), case_id, number)
        case.remove_bilag(
            municipality=config.municipality, actor=actor, number=number, at=clock.now()
        )
        uow.cases.save(case, expected_version=loaded_version)
        uow.commit()
    return found


def listing(uow: UnitOfWork, case_id: str) -> list[Bilag]:
    """The case's bilag now, in number order. Raises NotFound for an unknown case."""
    with uow:
        uow.cases.get(case_id)
        return bilag_of(uow.cases.events(case_id))


def one(uow: UnitOfWork, case_id: str, number: int) -> Bilag:
    """Bilag ``number`` of the case. Raises NotFound, BilagNotFound."""
    with uow:
        uow.cases.get(case_id)
        return _one(uow.cases.events(case_id), case_id, number)


def _one(events: Iterable[object], case_id: str, number: int) -> Bilag:
    for bilag in bilag_of(events):  # type: ignore[arg-type]
        if bilag.number == number:
            return bilag
    raise BilagNotFound(case_id=case_id, number=number)


def verify(
    uow: UnitOfWork, store: BlobStore, case_ids: Iterable[str] | None = None
) -> list[Finding]:
    """The audit of the files: every bilag ever attached must be stored and hash to its record."""
    findings: list[Finding] = []
    with uow:
        ids = list(case_ids) if case_ids is not None else sorted(uow.cases.ids())
        for case_id in ids:
            for bilag in bilag_of(uow.cases.events(case_id), removed=True):
                content = store.get(bilag.sha256)
                if content is None:
                    findings.append(audit_finding(bilag, missing=True))
                elif hashlib.sha256(content).hexdigest() != bilag.sha256:
                    findings.append(audit_finding(bilag, missing=False))
    return findings


def sweep(uow: UnitOfWork, store: BlobStore, *, dry_run: bool = False) -> list[str]:
    """Remove the stored files no case's history names (orphans of failed commits)."""
    with uow:
        named = {
            b.sha256 for case_id in uow.cases.ids()
            for b in bilag_of(uow.cases.events(case_id), removed=True)
        }  # fmt: skip
    orphans = sorted(key for key in store.hashes() if key not in named)
    if not dry_run:
        for key in orphans:
            store.delete(key)
    return orphans


__all__ = ["AttachBilag", "attach", "listing", "one", "remove", "sweep", "verify"]
