"""Reading typed values out of a stored event payload, strictly.

Event payloads are stored as canonical JSON and hashed over that text, so a typed payload must
write back exactly what it read. These readers refuse anything that would not: a missing or
unexpected key, a value of the wrong JSON type, or ``null`` where the writer omits the key
instead. Every refusal is an :class:`EventPayloadError`, a ``ValueError``, so ``audit verify``
reports a malformed history as a state mismatch (CW407) rather than crashing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class EventPayloadError(ValueError):
    """A stored payload does not have the shape its kind defines."""


def only(
    data: Mapping[str, Any], required: frozenset[str], optional: frozenset[str], where: str
) -> None:
    """Refuse a payload that lacks a required key or has a key its kind does not define."""
    missing = required - data.keys()
    extra = data.keys() - required - optional
    if missing or extra:
        raise EventPayloadError(
            f"{where}: missing {sorted(missing) or '-'}, unexpected {sorted(extra) or '-'}"
        )


def text(data: Mapping[str, Any], key: str) -> str:
    """A required string."""
    value = data[key]
    if not isinstance(value, str):
        raise EventPayloadError(f"{key}: expected text, got {value!r}")
    return value


def text_or_none(data: Mapping[str, Any], key: str) -> str | None:
    """A string that may be ``null`` (the key itself is always written)."""
    value = data[key]
    if value is not None and not isinstance(value, str):
        raise EventPayloadError(f"{key}: expected text or null, got {value!r}")
    return value


def omitted_text(data: Mapping[str, Any], key: str) -> str | None:
    """A string whose key the writer leaves out when there is none (so never ``null``)."""
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str):
        raise EventPayloadError(f"{key}: expected text (the key is omitted when empty)")
    return value


def integer(data: Mapping[str, Any], key: str) -> int:
    """A required integer (a JSON boolean is not one)."""
    value = data[key]
    if type(value) is not int:
        raise EventPayloadError(f"{key}: expected an integer, got {value!r}")
    return value


def integer_or_none(data: Mapping[str, Any], key: str) -> int | None:
    """An integer that may be ``null``."""
    return None if data[key] is None else integer(data, key)


def flag(data: Mapping[str, Any], key: str) -> bool:
    """A required boolean."""
    value = data[key]
    if type(value) is not bool:
        raise EventPayloadError(f"{key}: expected true or false, got {value!r}")
    return value


def texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A required list of strings."""
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EventPayloadError(f"{key}: expected a list of text, got {value!r}")
    return tuple(value)


def mapping(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """A required JSON object, copied (its values stay JSON values)."""
    value = data[key]
    if not isinstance(value, dict):
        raise EventPayloadError(f"{key}: expected an object, got {value!r}")
    return dict(value)


def objects(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """A required list of JSON objects."""
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise EventPayloadError(f"{key}: expected a list of objects, got {value!r}")
    return value
