"""Audit anchors: what the hash chains alone cannot show, a deleted case or a rewritten chain.

Each case's events form a hash chain, so ``audit verify`` finds an edited, deleted or reordered
event. Someone with database access can still delete a whole case (its row and every event) or
rewrite a case's entire chain consistently, recomputing every hash: the chains that remain all
hold. An *anchor* pins every case's head (case id, last sequence number, last event hash) at
one moment; a case the anchor holds must still have an event with that hash at that number.

Anchors are chained like events: each hashes its content and the previous anchor's hash, and
the anchor table is append-only. An exported anchor (a small JSON file kept outside the
database) then tells whether the anchor table itself was rewritten. To stay small day after
day, an anchor stores only the heads that changed since the previous anchor (``heads``); the
heads of every case at its moment are the fold of all anchors up to it, and ``digest`` is the
SHA-256 over that fold, so the chain commits to every case's head.

Pure: the service hands in the stored anchors and the current heads; this module says what is
wrong (CW414-CW418) and reads and writes the exported form (CW419 for a file that is not one).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casework.domain.errors import CaseworkError, Finding
from casework.domain.events import GENESIS, canonical_json
from casework.domain.messages import Msg, register

#: What an exported anchor file says it is.
FORMAT = "casework-audit-anchor"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True, order=True)
class CaseHead:
    """A case's last event: its sequence number and hash."""

    case_id: str
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """One anchor: the heads changed since the previous one, and the digest over all of them.

    ``cases`` and ``events`` count every case and event the anchor covers (the fold), ``digest``
    is :func:`heads_digest` over the fold, ``hash`` the SHA-256 of :func:`anchor_hash`.
    """

    seq: int
    day: str  # ISO date of the municipality's day it was made on
    made_at: str  # fixed-width UTC text, as events carry it
    cases: int
    events: int
    digest: str
    heads: tuple[CaseHead, ...]
    prev_hash: str
    hash: str

    def expected_hash(self) -> str:
        """The hash the anchor's content and link should have."""
        return anchor_hash(
            seq=self.seq, day=self.day, made_at=self.made_at, cases=self.cases,
            events=self.events, digest=self.digest, heads=self.heads, prev_hash=self.prev_hash,
        )  # fmt: skip

    def heads_json(self) -> str:
        """The changed heads as stored: canonical JSON of ``[case_id, seq, hash]`` triples."""
        return canonical_json([[h.case_id, h.seq, h.hash] for h in self.heads])

    def as_json(self) -> dict[str, Any]:
        """The exported form (also the ``--json`` output of ``audit anchor``)."""
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "seq": self.seq, "day": self.day,
            "made_at": self.made_at, "cases": self.cases, "events": self.events,
            "digest": self.digest, "prev_hash": self.prev_hash, "hash": self.hash,
            "heads": [[h.case_id, h.seq, h.hash] for h in self.heads],
        }  # fmt: skip


def heads_digest(heads: Iterable[CaseHead]) -> str:
    """The SHA-256 over heads, in case id order, one ``case_id seq hash`` line each."""
    digest = hashlib.sha256()
    for head in sorted(heads):
        digest.update(f"{head.case_id}\x1f{head.seq}\x1f{head.hash}\n".encode())
    return digest.hexdigest()


def anchor_hash(
    *,
    seq: int,
    day: str,
    made_at: str,
    cases: int,
    events: int,
    digest: str,
    heads: Sequence[CaseHead],
    prev_hash: str,
) -> str:
    """The SHA-256 over an anchor's fields, its changed heads and the previous anchor's hash."""
    text = "\x1f".join(
        (str(seq), day, made_at, str(cases), str(events), digest, heads_digest(heads), prev_hash)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Anchored:
    """A case's head as the anchors hold it, with the anchor that holds it last."""

    head: CaseHead
    anchor: int
    day: str


def fold(anchors: Iterable[Anchor]) -> dict[str, Anchored]:
    """Every case's head as of the last of ``anchors`` (given oldest first)."""
    heads: dict[str, Anchored] = {}
    for anchor in anchors:
        for head in anchor.heads:
            heads[head.case_id] = Anchored(head, anchor.seq, anchor.day)
    return heads


def make_anchor(
    previous: Sequence[Anchor], current: Iterable[CaseHead], *, day: str, made_at: str
) -> Anchor:
    """The next anchor after ``previous`` (oldest first) for the ``current`` heads."""
    held = fold(previous)
    now = {head.case_id: head for head in current}
    changed = tuple(sorted(h for c, h in now.items() if c not in held or held[c].head != h))
    # A case the anchors held that has no events now stays held: the audit reports it.
    every = {c: a.head for c, a in held.items()} | now
    seq = previous[-1].seq + 1 if previous else 1
    prev_hash = previous[-1].hash if previous else GENESIS
    fields: dict[str, Any] = {
        "seq": seq, "day": day, "made_at": made_at, "cases": len(every),
        "events": sum(h.seq for h in every.values()), "digest": heads_digest(every.values()),
        "heads": changed, "prev_hash": prev_hash,
    }  # fmt: skip
    return Anchor(**fields, hash=anchor_hash(**fields))


def verify_chain(anchors: Sequence[Anchor]) -> list[Finding]:
    """CW417 for each anchor whose content does not match its hash, that does not link to the
    previous one, or whose number is not the next; and for the last one if its digest is not
    the digest over the heads of all anchors up to it."""
    findings: list[Finding] = []
    prev_hash, expected_seq = GENESIS, 1
    for anchor in anchors:
        params = {"anchor": anchor.seq, "day": anchor.day}
        if anchor.seq != expected_seq:
            gap = {**params, "expected": expected_seq}
            findings.append(Finding("CW417", "audit.anchor.gap", gap))
        if anchor.expected_hash() != anchor.hash:
            findings.append(Finding("CW417", "audit.anchor.edited", params))
        if anchor.prev_hash != prev_hash:
            findings.append(Finding("CW417", "audit.anchor.unlinked", params))
        prev_hash, expected_seq = anchor.hash, anchor.seq + 1
    if anchors and not findings:
        findings.extend(_digest_findings(anchors))
    return findings


def _digest_findings(anchors: Sequence[Anchor]) -> list[Finding]:
    last = anchors[-1]
    held = fold(anchors)
    heads = [a.head for a in held.values()]
    if (heads_digest(heads), len(heads), sum(h.seq for h in heads)) == (
        last.digest, last.cases, last.events,
    ):  # fmt: skip
        return []
    return [Finding("CW417", "audit.anchor.digest", {"anchor": last.seq, "day": last.day})]


def verify_heads(
    anchored: Mapping[str, Anchored],
    current: Mapping[str, int],
    hashes: Mapping[tuple[str, int], str],
) -> list[Finding]:
    """What became of the anchored heads: CW414 a case without events now (deleted), CW416 a
    case with fewer events than anchored (its last ones deleted), CW415 an event at the
    anchored number with another hash (the chain rewritten).

    Args:
        anchored: every case's head as the anchors hold it (:func:`fold`).
        current: each case's last sequence number now.
        hashes: the hash of the event at each anchored (case id, sequence number) now.
    """
    findings: list[Finding] = []
    for case_id in sorted(anchored):
        held = anchored[case_id]
        params = {"case_id": case_id, "anchor": held.anchor, "day": held.day, "seq": held.head.seq}
        last = current.get(case_id)
        if last is None:
            findings.append(Finding("CW414", "audit.anchor.case_deleted", params))
        elif last < held.head.seq:
            findings.append(Finding("CW416", "audit.anchor.truncated", {**params, "last": last}))
        elif hashes.get((case_id, held.head.seq)) != held.head.hash:
            findings.append(Finding("CW415", "audit.anchor.rewritten", params))
    return findings


def compare_exported(exported: Anchor, stored: Sequence[Anchor]) -> list[Finding]:
    """CW418 when the database does not hold the exported anchor as it was exported."""
    params = {"anchor": exported.seq, "day": exported.day}
    match = next((a for a in stored if a.seq == exported.seq), None)
    if match is None:
        return [Finding("CW418", "audit.anchor.export_missing", params)]
    if match != exported:
        return [Finding("CW418", "audit.anchor.export_differs", params)]
    return []


class AnchorFileError(CaseworkError):
    """``audit verify --anchor FILE``: the file is missing or not an exported anchor."""

    code = "CW419"
    key = "error.audit.anchor_file"


def anchor_from_json(text: str, path: str) -> Anchor:
    """The anchor in an exported file's text; AnchorFileError naming ``path`` otherwise."""
    try:
        data = json.loads(text)
    except ValueError:
        raise AnchorFileError(path=path, reason=Msg("audit.anchor.file_not_json")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnchorFileError(path=path, reason=Msg("audit.anchor.file_not_anchor"))
    if data.get("version") != FORMAT_VERSION:
        raise AnchorFileError(
            path=path, reason=Msg("audit.anchor.file_version", version=data.get("version"))
        )
    try:
        heads = tuple(CaseHead(str(c), _int(s), str(h)) for c, s, h in data["heads"])
        anchor = Anchor(
            seq=_int(data["seq"]), day=_str(data["day"]), made_at=_str(data["made_at"]),
            cases=_int(data["cases"]), events=_int(data["events"]), digest=_str(data["digest"]),
            heads=heads, prev_hash=_str(data["prev_hash"]), hash=_str(data["hash"]),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        raise AnchorFileError(path=path, reason=Msg("audit.anchor.file_not_anchor")) from None
    if anchor.expected_hash() != anchor.hash:
        raise AnchorFileError(path=path, reason=Msg("audit.anchor.file_edited"))
    return anchor


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


register({
    "audit.anchor.case_deleted": (
        "sag {case_id} findes ikke længere: revisionsankeret nr. {anchor} ({day}) holder den med "
        "hændelse {seq}, men der er ingen hændelser for den nu (hele sagen slettet?)",
        "case {case_id} no longer exists: audit anchor no. {anchor} ({day}) holds it with event "
        "{seq}, but it has no events now (the whole case deleted?)",
    ),
    "audit.anchor.rewritten": (
        "sag {case_id}: hændelse {seq} har ikke længere den hash, revisionsankeret nr. {anchor} "
        "({day}) holder (kæden er skrevet om)",
        "case {case_id}: event {seq} no longer has the hash audit anchor no. {anchor} ({day}) "
        "holds (the chain was rewritten)",
    ),
    "audit.anchor.truncated": (
        "sag {case_id} har kun hændelser til og med nr. {last}, men revisionsankeret nr. "
        "{anchor} ({day}) holder hændelse {seq} (de sidste hændelser er slettet)",
        "case {case_id} has events only up to no. {last}, but audit anchor no. {anchor} ({day}) "
        "holds event {seq} (its last events were deleted)",
    ),
    "audit.anchor.edited": (
        "revisionsanker nr. {anchor} ({day}): indholdet passer ikke med dets hash (ændret i "
        "databasen)",
        "audit anchor no. {anchor} ({day}): its content does not match its hash (edited in the "
        "database)",
    ),
    "audit.anchor.unlinked": (
        "revisionsanker nr. {anchor} ({day}) peger ikke på det forrige anker (slettet eller "
        "indsat anker?)",
        "audit anchor no. {anchor} ({day}) does not link to the previous anchor (an anchor "
        "deleted or inserted?)",
    ),
    "audit.anchor.gap": (
        "revisionsanker nr. {anchor} ({day}): nr. {expected} var ventet (slettet anker?)",
        "audit anchor no. {anchor} ({day}): no. {expected} was expected (an anchor deleted?)",
    ),
    "audit.anchor.digest": (
        "revisionsanker nr. {anchor} ({day}): sammendraget passer ikke med sagernes hoveder i "
        "ankrene til og med det",
        "audit anchor no. {anchor} ({day}): its digest does not match the cases' heads in the "
        "anchors up to it",
    ),
    "audit.anchor.export_missing": (
        "det eksporterede revisionsanker nr. {anchor} ({day}) findes ikke i databasen (ankrene "
        "er slettet eller skrevet om)",
        "the exported audit anchor no. {anchor} ({day}) is not in the database (the anchors "
        "were deleted or rewritten)",
    ),
    "audit.anchor.export_differs": (
        "revisionsanker nr. {anchor} ({day}) i databasen er ikke det, der blev eksporteret "
        "(ankrene er skrevet om)",
        "audit anchor no. {anchor} ({day}) in the database is not the one exported (the "
        "anchors were rewritten)",
    ),
    "error.audit.anchor_file": (
        "Ankerfilen {path} kan ikke bruges: {reason}.",
        "The anchor file {path} cannot be used: {reason}.",
    ),
    "audit.anchor.file_missing": ("den findes ikke", "it does not exist"),
    "audit.anchor.file_unreadable": (
        "den kan ikke læses ({detail})", "it cannot be read ({detail})",
    ),
    "audit.anchor.file_not_json": ("den er ikke JSON", "it is not JSON"),
    "audit.anchor.file_not_anchor": (
        "den er ikke et revisionsanker fra 'casework audit anchor'",
        "it is not an audit anchor from 'casework audit anchor'",
    ),
    "audit.anchor.file_version": (
        "formatversion {version} kendes ikke", "format version {version} is unknown",
    ),
    "audit.anchor.file_edited": (
        "dens indhold passer ikke med dens hash (filen er ændret)",
        "its content does not match its hash (the file was edited)",
    ),
})  # fmt: skip


__all__ = [
    "Anchor",
    "AnchorFileError",
    "Anchored",
    "CaseHead",
    "anchor_from_json",
    "anchor_hash",
    "compare_exported",
    "fold",
    "heads_digest",
    "make_anchor",
    "verify_chain",
    "verify_heads",
]
