"""Case events: the append-only, hash-chained history that is the case record.

Every change to a case appends one :class:`CaseEvent`. Each event carries the hash of the previous
event of the same case, and its own hash covers its content and that link, so an edited, reordered
or deleted event breaks the chain (``casework audit verify``). Events hold ids and JSON values,
never records or aggregates; they are also the words of logs and ``--json`` output.

The payload is typed: :attr:`CaseEvent.payload` is one of the frozen classes of
:mod:`casework.domain.event_types`, whose one serializer keeps the stored JSON (and so every
hash) exactly as it was. :attr:`CaseEvent.data` is that JSON as a dict, for ``--json`` output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.domain.event_types import EventPayload

#: The ``prev_hash`` of a case's first event.
GENESIS = "0" * 64


class EventKind(StrEnum):
    """What happened to a case (past tense, ``collection.verb`` style)."""

    OPENED = "case.opened"
    ADVANCED = "case.advanced"
    ATTRIBUTES_CHANGED = "case.attributes_changed"
    ROUTE_CHANGED = "case.route_changed"
    PLANNED = "case.planned"
    BILAG_ATTACHED = "case.bilag_attached"
    BILAG_REMOVED = "case.bilag_removed"
    # Issue 14: the presentation (sagsfremstilling) and its approval
    TEXT_SAVED = "case.text_saved"
    REAPPROVAL_REQUIRED = "case.reapproval_required"
    REAPPROVED = "case.reapproved"
    CLAUSE_TICKED = "case.clause_ticked"
    # Issue 20: a discussion linked to the decision cases it produced; involvement answers
    LINKED = "case.linked"
    INVOLVEMENT_ANSWERED = "case.involvement_answered"


def format_instant(at: dt.datetime) -> str:
    """An instant as fixed-width UTC ISO text; stored as is, so the hash can be recomputed."""
    if at.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    utc = at if at.tzinfo is dt.UTC else at.astimezone(dt.UTC)
    if utc.year < 1000:  # isoformat pads the year to four digits, strftime does not
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # The same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ"), in half the time (issue 17).
    return f"{utc.isoformat(timespec='microseconds')[:26]}Z"


def parse_instant(text: str) -> dt.datetime:
    """The inverse of :func:`format_instant`."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _not_json(value: object) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


#: The C encoder of ``json.JSONEncoder(sort_keys=True, separators=(",", ":"),
#: ensure_ascii=False)``, made once: ``JSONEncoder.encode`` makes a new one on every call, which
#: cost more than the encoding of an event's data (6.8 against 2.8 µs, issue 17). Without the
#: circular-reference check (``markers`` None): what is encoded is built from typed payloads and
#: parsed JSON, which hold no cycles.
_CANONICAL: Any = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
    None, _not_json, json.encoder.encode_basestring, None, ":", ",", True, False, True
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text per value, for hashing and storage."""
    return "".join(_CANONICAL(value, 0))


#: The C scanner behind ``json.loads``; called directly, it skips ``loads``' type checks and
#: the two whitespace searches around the value (4.8 against 1.3 µs for a case's attributes).
_SCAN: Any = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def parse_json(text: str) -> Any:
    """``json.loads(text)``, quicker for the canonical JSON this package stores.

    Text with whitespace around the value, or anything else the scanner does not take whole,
    goes to ``json.loads``, which accepts or refuses it as always.
    """
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return json.loads(text)
    if end != len(text):
        return json.loads(text)
    return value


def event_hash(
    *,
    case_id: str,
    seq: int,
    kind: str,
    at: str,
    actor: str,
    data_json: str,
    idempotency_key: str | None,
    prev_hash: str,
) -> str:
    """The SHA-256 over an event's content and the previous event's hash."""
    # A fixed field order joined by a separator that canonical JSON never contains unescaped.
    text = "\x1f".join(
        (case_id, str(seq), kind, at, actor, data_json, idempotency_key or "", prev_hash)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One entry of a case's history.

    ``at`` is the fixed-width UTC text of :func:`format_instant`; ``data_json`` the canonical
    JSON of ``data``. Both are kept as text because the hash is computed over them; the typed
    :attr:`payload` is read from ``data_json`` once, when first asked for.
    """

    case_id: str
    seq: int
    kind: EventKind
    at: str
    actor: str
    data_json: str
    prev_hash: str
    hash: str
    idempotency_key: str | None = None
    _data: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    _payload: EventPayload | None = field(default=None, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        case_id: str,
        seq: int,
        at: dt.datetime,
        actor: str,
        prev_hash: str,
        payload: EventPayload | None = None,
        kind: EventKind | None = None,
        data: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> CaseEvent:
        """A new event with ``payload``, chained to ``prev_hash``.

        ``kind`` and ``data`` (a raw payload) remain for tests and benchmarks that write the
        stored shape by hand; the domain passes a typed ``payload``.
        """
        if payload is not None:
            if kind is not None and kind is not payload.KIND:
                raise ValueError(f"a {type(payload).__name__} is not a {kind}")
            kind, data = payload.KIND, payload.to_data()
        if kind is None or data is None:
            raise ValueError("an event needs a payload, or a kind and its data")
        at_text = format_instant(at)
        data_json = canonical_json(data)
        digest = event_hash(
            case_id=case_id,
            seq=seq,
            kind=str(kind),  # a StrEnum's text; .value is a Python-level property
            at=at_text,
            actor=actor,
            data_json=data_json,
            idempotency_key=idempotency_key,
            prev_hash=prev_hash,
        )
        return cls(
            case_id,
            seq,
            kind,
            at_text,
            actor,
            data_json,
            prev_hash,
            digest,
            idempotency_key,
            dict(data),
            payload,
        )

    @property
    def data(self) -> dict[str, Any]:
        """The event's payload as stored: the JSON object ``data_json`` holds."""
        if self._data is not None:
            return self._data
        value: dict[str, Any] = parse_json(self.data_json)
        return value

    @property
    def payload(self) -> EventPayload:
        """The event's typed payload (read once, then kept).

        Raises:
            EventPayloadError: the stored payload is not one its kind writes (a ``ValueError``).
        """
        if self._payload is None:
            from casework.domain.event_types import payload_from_data

            # A frozen event caches its parse: the payload is a pure function of data_json.
            object.__setattr__(self, "_payload", payload_from_data(self.kind, self.data))
        assert self._payload is not None
        return self._payload

    @property
    def occurred_at(self) -> dt.datetime:
        """When the event happened, as an aware datetime."""
        return parse_instant(self.at)

    def expected_hash(self) -> str:
        """The hash the event's stored content should have (for audit)."""
        return event_hash(
            case_id=self.case_id,
            seq=self.seq,
            kind=str(self.kind),
            at=self.at,
            actor=self.actor,
            data_json=self.data_json,
            idempotency_key=self.idempotency_key,
            prev_hash=self.prev_hash,
        )

    def as_json(self) -> dict[str, Any]:
        """The event with stable keys, for ``--json`` output."""
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "kind": str(self.kind),
            "at": self.at,
            "actor": self.actor,
            "data": self.data,
            "idempotency_key": self.idempotency_key,
            "hash": self.hash,
        }
