"""Bilag (attachments) of a case: what the history records of each file, and what a file is.

A bilag is a file attached to a case: a PDF, a Word document, a spreadsheet or an image. The
file itself is kept content-addressed outside the database (``casework.services.ports.bilag``);
the case's history records ``case.bilag_attached`` with the file's SHA-256, size, media type and
title, and whether it is public or closed (lukket bilag, with a KSL § 10 reason category), so
``audit verify`` can tell a swapped or missing file by its hash. ``case.bilag_removed`` takes
one off again; numbers are never reused ("Bilag 3" stays the third file attached).

:func:`sniff` decides the media type from the content's first bytes (never from the name) and
:func:`check_file` refuses what is too large, of an unknown kind, or named as another kind.
Pure: the content is passed in as bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from casework.domain import payload_json as pj
from casework.domain.agenda import BilagLink, ClosedCategory
from casework.domain.errors import CaseworkError, Finding, NotFound
from casework.domain.events import CaseEvent, EventKind
from casework.domain.messages import register
from casework.domain.text_rules import check_one_line

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

#: The file name endings each accepted kind may carry.
SUFFIXES: Mapping[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
}
#: Short names of the kinds, for listings.
KIND_NAMES: Mapping[str, str] = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", PNG: "PNG", JPEG: "JPEG"}
#: The default size limit of one bilag (``CASEWORK_BILAG_MAX_BYTES``).
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TITLE_MAX = 200

register(
    {
        "bilag.too_large": (
            "Filen {name} er {size} byte; et bilag må højst være {limit} byte.",
            "The file {name} is {size} bytes; a bilag may be at most {limit} bytes.",
        ),
        "bilag.empty": ("Filen {name} er tom.", "The file {name} is empty."),
        "bilag.unknown_type": (
            "Filen {name} er hverken PDF, DOCX, XLSX, PNG eller JPEG (efter indholdet).",
            "The file {name} is neither PDF, DOCX, XLSX, PNG nor JPEG (by its content).",
        ),
        "bilag.type_mismatch": (
            "Filen {name} hedder noget andet end den er: indholdet er {kind} ({suffixes}).",
            "The file {name} is named as something it is not: its content is {kind} ({suffixes}).",
        ),
        "bilag.not_found": (
            "Sag {case_id} har intet bilag {number}.",
            "Case {case_id} has no bilag {number}.",
        ),
        "bilag.reason": (
            "Et lukket bilag skal have en grund (--reason {categories}); et åbent bilag har ingen.",
            "A closed bilag needs a reason (--reason {categories}); an open bilag has none.",
        ),
        "bilag.title": (
            "Bilagets titel skal være 1-{limit} tegn.",
            "The bilag's title must be 1-{limit} characters.",
        ),
        "bilag.file_unreadable": (
            "Filen {name} kan ikke læses: {why}.",
            "The file {name} cannot be read: {why}.",
        ),
        "bilag.store_unavailable": (
            "Bilagslageret (S3 {location}) kan ikke bruges: {why}",
            "The bilag store (S3 {location}) cannot be used: {why}",
        ),
        "bilag.stored_missing": (
            "Filen til bilag {number} på sag {case_id} mangler i lageret ({sha256}).",
            "The file of bilag {number} of case {case_id} is missing from the store ({sha256}).",
        ),
        "audit.bilag_missing": (
            "sag {case_id}, bilag {number}: filen {sha256} mangler i lageret",
            "case {case_id}, bilag {number}: the file {sha256} is missing from the store",
        ),
        "audit.bilag_changed": (
            "sag {case_id}, bilag {number}: filen i lageret har ikke hashen {sha256} "
            "(den er ændret eller byttet)",
            "case {case_id}, bilag {number}: the stored file does not hash to {sha256} "
            "(it was changed or swapped)",
        ),
        "event.bilag_attached": (
            "Bilag {number} vedhæftet: {title}",
            "Bilag {number} attached: {title}",
        ),
        "event.bilag_attached_closed": (
            "Lukket bilag {number} vedhæftet ({category})",
            "Closed bilag {number} attached ({category})",
        ),
        "event.bilag_removed": ("Bilag {number} fjernet", "Bilag {number} removed"),
    }
)


class BilagRefused(CaseworkError):
    """A file cannot be a bilag: too large, empty, of an unknown kind, or misnamed."""

    code = "CW860"
    key = "bilag.unknown_type"

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key  # type: ignore[misc]  # one class, the reason's message
        super().__init__(**params)


class BilagTooLarge(BilagRefused):
    """The file is larger than the configured limit."""

    code = "CW861"


class BilagTypeMismatch(BilagRefused):
    """The file's name says one kind and its content another."""

    code = "CW862"


class BilagNotFound(NotFound):
    """The case has no bilag of that number (or it was removed)."""

    code = "CW863"
    key = "bilag.not_found"


class BilagInvalid(CaseworkError):
    """A closed bilag without a reason, an open one with a reason, or a bad title."""

    code = "CW864"
    key = "bilag.reason"


class BilagTitleInvalid(BilagInvalid):
    """A bilag's title is empty, too long or holds control characters."""

    key = "bilag.title"


class BilagFileMissing(CaseworkError):
    """The store has no file under a recorded bilag's hash."""

    code = "CW865"
    key = "bilag.stored_missing"


class BilagStoreUnavailable(CaseworkError):
    """The S3 store could not be reached or refused the request (no bucket, no access, down)."""

    code = "CW896"
    key = "bilag.store_unavailable"


# ------------------------------------------------------------------------------- sniffing
def sniff(content: bytes) -> str | None:
    """The media type of ``content`` by its first bytes, or None when it is none we accept.

    A DOCX or XLSX is a zip archive with ``[Content_Types].xml`` and a ``word/`` or ``xl/``
    part; any other zip (or a damaged one) is refused.
    """
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    return None


def _office(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def check_file(name: str, content: bytes, limit: int) -> str:
    """The media type of a file that may be a bilag.

    Raises:
        BilagRefused: empty, or no kind we accept by its content.
        BilagTooLarge: more than ``limit`` bytes.
        BilagTypeMismatch: the name's ending is not one of its content's kind.
    """
    check_one_line(name, "filename")
    if len(content) > limit:
        raise BilagTooLarge("bilag.too_large", name=name, size=len(content), limit=limit)
    if not content:
        raise BilagRefused("bilag.empty", name=name)
    media_type = sniff(content)
    if media_type is None:
        raise BilagRefused("bilag.unknown_type", name=name)
    suffixes = SUFFIXES[media_type]
    if not name.lower().endswith(suffixes):
        raise BilagTypeMismatch(
            "bilag.type_mismatch", name=name, kind=KIND_NAMES[media_type],
            suffixes=", ".join(suffixes),
        )  # fmt: skip
    return media_type


def check_title(title: str) -> str:
    """A bilag's title, stripped.

    Raises:
        ControlCharacter: it holds a control character (CW230, as every title).
        BilagTitleInvalid: it is empty or longer than 200 characters.
    """
    text = check_one_line(title.strip(), "title")
    if not text or len(text) > _TITLE_MAX:
        raise BilagTitleInvalid(limit=_TITLE_MAX)
    return text


def check_reason(closed: bool, reason: str | None) -> ClosedCategory | None:
    """The reason category of a closed bilag; None for an open one.

    Raises:
        BilagInvalid: closed without a known category, or open with one.
    """
    categories = "|".join(c.value for c in ClosedCategory)
    if not closed:
        if reason:
            raise BilagInvalid(categories=categories)
        return None
    try:
        return ClosedCategory(reason or "")
    except ValueError:
        raise BilagInvalid(categories=categories) from None


# ------------------------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class BilagAttached:
    """``case.bilag_attached``: a file attached as bilag ``number`` of the case."""

    KIND: ClassVar[EventKind] = EventKind.BILAG_ATTACHED

    number: int
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    closed: bool
    reason: str | None

    def to_data(self) -> dict[str, Any]:
        """The stored form (every key written; ``reason`` None for an open bilag)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BilagAttached:
        """Read the stored form back."""
        pj.only(data, frozenset(f.name for f in fields(cls)), frozenset(), "case.bilag_attached")
        sha256 = pj.text(data, "sha256")
        if not _SHA256.fullmatch(sha256):
            raise pj.EventPayloadError(f"sha256: expected 64 hex digits, got {sha256!r}")
        return cls(
            number=pj.integer(data, "number"), title=pj.text(data, "title"),
            filename=pj.text(data, "filename"), media_type=pj.text(data, "media_type"),
            size=pj.integer(data, "size"), sha256=sha256, closed=pj.flag(data, "closed"),
            reason=pj.text_or_none(data, "reason"),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class BilagRemoved:
    """``case.bilag_removed``: bilag ``number`` taken off the case (its file stays stored)."""

    KIND: ClassVar[EventKind] = EventKind.BILAG_REMOVED

    number: int

    def to_data(self) -> dict[str, Any]:
        """The stored form."""
        return {"number": self.number}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BilagRemoved:
        """Read the stored form back."""
        pj.only(data, frozenset({"number"}), frozenset(), "case.bilag_removed")
        return cls(number=pj.integer(data, "number"))


# ------------------------------------------------------------------------------- read model
@dataclass(frozen=True, slots=True)
class Bilag:
    """One bilag of a case as its history has it now."""

    case_id: str
    number: int
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    closed: bool
    reason: ClosedCategory | None
    attached_at: str
    attached_by: str

    @property
    def kind(self) -> str:
        """PDF, DOCX, XLSX, PNG or JPEG."""
        return KIND_NAMES.get(self.media_type, self.media_type)

    @property
    def category(self) -> str | None:
        """A closed bilag's category as a public heading words it ("Ejendomssag")."""
        return self.reason.heading if self.reason is not None else None

    @property
    def path(self) -> str:
        """The web app's download route of this bilag (access checked there)."""
        return f"/sager/{self.case_id}/bilag/{self.number}"

    def as_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` (a closed bilag's title is content: the caller decides)."""
        return {
            "case_id": self.case_id, "number": self.number, "title": self.title,
            "filename": self.filename, "media_type": self.media_type, "kind": self.kind,
            "size": self.size, "sha256": self.sha256, "closed": self.closed,
            "reason": self.reason.value if self.reason else None,
            "attached_at": self.attached_at, "attached_by": self.attached_by, "path": self.path,
        }  # fmt: skip


def bilag_of(events: Iterable[CaseEvent], *, removed: bool = False) -> list[Bilag]:
    """The case's bilag in number order (with ``removed``: every one ever attached)."""
    found: dict[int, Bilag] = {}
    gone: set[int] = set()
    for event in events:
        payload = event.payload
        if isinstance(payload, BilagAttached):
            found[payload.number] = Bilag(
                case_id=event.case_id, number=payload.number, title=payload.title,
                filename=payload.filename, media_type=payload.media_type, size=payload.size,
                sha256=payload.sha256, closed=payload.closed,
                reason=ClosedCategory(payload.reason) if payload.reason else None,
                attached_at=event.at, attached_by=event.actor,
            )  # fmt: skip
        elif isinstance(payload, BilagRemoved):
            gone.add(payload.number)
    return [b for n, b in sorted(found.items()) if removed or n not in gone]


def next_number(events: Iterable[CaseEvent]) -> int:
    """The number the next bilag of the case gets (numbers are never reused)."""
    numbers = [e.payload.number for e in events if isinstance(e.payload, BilagAttached)]
    return max(numbers, default=0) + 1


def history_text(payload: BilagAttached | BilagRemoved, lang: str) -> str:
    """The history line of a bilag event; a closed bilag's by its category only."""
    from casework.domain.messages import render

    if isinstance(payload, BilagRemoved):
        return render("event.bilag_removed", lang, number=payload.number)
    if payload.closed:
        category = ClosedCategory(payload.reason).heading if payload.reason else "–"
        return render("event.bilag_attached_closed", lang, number=payload.number,
                      category=category)  # fmt: skip
    return render("event.bilag_attached", lang, number=payload.number, title=payload.title)


def open_bilag_links(events: Iterable[CaseEvent]) -> tuple[BilagLink, ...]:
    """The case's open bilag as the links an agenda item lists (closed ones left out)."""
    return tuple(
        BilagLink(number=b.number, title=b.title, kind=b.kind, size=b.size, href=b.path)
        for b in public_bilag(bilag_of(events))
    )


def withheld(event: Mapping[str, Any]) -> dict[str, Any]:
    """An event's JSON (:meth:`CaseEvent.as_json`) for someone who may not read closed content:
    a closed bilag's record keeps its number, kind and reason category only (no title, file
    name or hash); every other event is returned as it is."""
    data = event.get("data") or {}
    if event.get("kind") != EventKind.BILAG_ATTACHED.value or data.get("closed") is not True:
        return dict(event)
    kept = {k: data[k] for k in ("number", "closed", "reason", "media_type") if k in data}
    return {**event, "data": {**kept, "withheld": True}}


def public_bilag(bilag: Iterable[Bilag]) -> tuple[Bilag, ...]:
    """The open bilag: the only ones a public output may name."""
    return tuple(b for b in bilag if not b.closed)


def audit_finding(bilag: Bilag, *, missing: bool) -> Finding:
    """The audit's finding for a stored file that is missing (CW410) or does not hash (CW411)."""
    return Finding(
        code="CW410" if missing else "CW411",
        key="audit.bilag_missing" if missing else "audit.bilag_changed",
        params={"case_id": bilag.case_id, "number": bilag.number, "sha256": bilag.sha256},
    )


__all__ = [
    "DOCX",
    "JPEG",
    "PDF",
    "PNG",
    "XLSX",
    "Bilag",
    "BilagAttached",
    "BilagFileMissing",
    "BilagInvalid",
    "BilagNotFound",
    "BilagRefused",
    "BilagRemoved",
    "BilagTitleInvalid",
    "BilagTooLarge",
    "BilagTypeMismatch",
    "audit_finding",
    "bilag_of",
    "check_file",
    "check_reason",
    "check_title",
    "history_text",
    "next_number",
    "open_bilag_links",
    "public_bilag",
    "sniff",
    "withheld",
]
