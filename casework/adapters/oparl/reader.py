"""Reading OParl 1.0 and 1.1 dumps: folders, tar archives, single objects and list pages.

A SOURCE is a folder (read recursively), a tar archive (``.tar``, ``.tar.xz``, ``.tar.gz``, …,
streamed member by member, never unpacked) or one JSON file. Every JSON document may be one
object, a JSON array of objects, or an OParl list page ``{"data": [...], "links": …}``. Objects
are told apart by their ``type`` (``https://schema.oparl.org/1.x/Paper``); a deleted object of an
OParl 1.0 server may carry no type, so the member's name (``…/paper?page=3.json``) is the hint.

Vendors differ: Karlsruhe (1.1) embeds consultations in papers and agenda items in meetings and
re-serialises with sorted keys; Hürtgenwald's SD.NET RIM (1.0) serves paginated lists, names no
consultation role and leaves ``type`` off deleted objects. Everything found is normalised into the
records of :mod:`casework.domain.oparl`; what cannot be read is counted with its reason, never
raised: a broken record never stops the import.

The SOURCE as a whole is another matter (issue 16): one that is no regular file or folder (a
FIFO would block the import for ever), an archive that cannot be opened or ends before its end
(a copy cut short would import half), and a SOURCE that holds no OParl object at all raise
:class:`OParlSourceError`. The whole SOURCE is read before anything is written, so a refused
SOURCE leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casework.domain.errors import OParlSourceError
from casework.domain.oparl import (
    AgendaItem,
    Consultation,
    Meeting,
    Organization,
    Paper,
    Skip,
    SourceData,
)

#: The object kinds the import uses; other OParl types (Person, File, …) are counted and left.
KINDS = ("organization", "meeting", "paper", "consultation", "agenda_item")
_TYPES = {
    "organization": "organization",
    "meeting": "meeting",
    "paper": "paper",
    "consultation": "consultation",
    "agendaitem": "agenda_item",
}
_TAR_SUFFIXES = (".tar", ".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2")


def read_source(path: Path) -> SourceData:
    """Read a folder, tar archive or JSON file.

    Raises:
        OSError: the SOURCE (or a file in it) cannot be read.
        OParlSourceError: the SOURCE is no regular file or folder, an archive in it is damaged
            or cut short, or it holds no OParl object at all.
    """
    mode = path.stat().st_mode
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise OParlSourceError(
            path=str(path), detail="ikke en almindelig fil eller mappe / not a regular file"
        )
    data = SourceData()
    for where, raw in _documents(path, data):
        try:
            document = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            data.seen["document"] += 1
            data.skipped.append(Skip("document", "malformed_json", where, _short(str(exc))))
            continue
        except RecursionError:  # nested deeper than the parser's stack
            data.seen["document"] += 1
            data.skipped.append(Skip("document", "malformed_json", where, "nested too deeply"))
            continue
        for obj in _objects(document):
            _take(obj, where, data)
    found = sum(n for kind, n in data.seen.items() if kind != "document") + sum(data.other.values())
    if found == 0:
        first = data.skipped[0] if data.skipped else None
        why = f" ({first.id}: {first.detail})" if first is not None and first.detail else ""
        raise OParlSourceError(
            path=str(path), detail=f"ingen OParl-objekter / no OParl objects{why}"
        )
    return data


def _documents(path: Path, data: SourceData) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file():  # regular files only (a FIFO or a device is left alone)
                yield from _file(child, str(child.relative_to(path)), data)
    else:
        yield from _file(path, path.name, data)


def _file(path: Path, name: str, data: SourceData) -> Iterator[tuple[str, bytes]]:
    lower = name.lower()
    if lower.endswith(_TAR_SUFFIXES):
        data.files += 1
        yield from _tar(path, name, data)
    elif lower.endswith(".json"):
        data.files += 1
        yield name, path.read_bytes()


def _tar(path: Path, name: str, data: SourceData) -> Iterator[tuple[str, bytes]]:
    # A damaged or truncated archive refuses the whole SOURCE: skipping the rest of it would
    # import the part before the damage as if it were everything.
    if path.stat().st_size == 0:
        raise OParlSourceError(path=str(path), detail="tom fil / empty file")
    try:
        archive = tarfile.open(path, mode="r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise OParlSourceError(
            path=str(path),
            detail=f"intet læsbart tar-arkiv / no readable tar archive ({_short(str(exc))})",
        ) from None
    with archive:
        try:
            # Streamed: one member at a time, never unpacked to disk.
            for member in archive:
                if not member.isfile() or not member.name.lower().endswith(".json"):
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    yield f"{name}:{member.name}", handle.read()
            # A tar archive ends with a block of zeros; tarfile reads past it when it is there
            # and stops silently when the file simply ends (cut at a member's boundary).
            if archive.fileobj.tell() < archive.offset + tarfile.BLOCKSIZE:
                raise EOFError("no end-of-archive marker")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise OParlSourceError(
                path=str(path),
                detail=f"arkivet er afkortet eller beskadiget / the archive is truncated or "
                f"damaged ({_short(str(exc))}); intet importeret / nothing imported",
            ) from None


def _objects(document: Any) -> Iterator[Any]:
    if isinstance(document, list):
        yield from document
    elif isinstance(document, dict) and isinstance(document.get("data"), list):
        yield from document["data"]  # a list page
    else:
        yield document


def _kind(obj: dict[str, Any], where: str) -> str | None:
    type_ = obj.get("type")
    if isinstance(type_, str) and type_:
        return _TYPES.get(type_.rstrip("/").rsplit("/", 1)[-1].lower(), type_.rsplit("/", 1)[-1])
    # No type (a deleted object of an OParl 1.0 server): the member's name tells the list.
    name = where.rsplit(":", 1)[-1]
    base = name.rsplit("/", 1)[-1].partition("?")[0].partition(".")[0].lower()
    for kind in ("organization", "meeting", "paper", "consultation"):
        if base.startswith(kind) or base.startswith(f"{kind}s"):
            return kind
    parent = name.split("/")
    for part in reversed(parent[:-1]):
        if part.rstrip("s").lower() in KINDS:
            return part.rstrip("s").lower()
    return None


def _take(obj: Any, where: str, data: SourceData) -> None:
    if not isinstance(obj, dict):
        data.seen["document"] += 1
        data.skipped.append(Skip("document", "malformed_record", where, type(obj).__name__))
        return
    kind = _kind(obj, where)
    if kind not in KINDS:
        data.other[kind or "unknown"] += 1
        return
    data.seen[kind] += 1
    record = _read(kind, obj, where)
    if isinstance(record, Skip):
        data.skipped.append(record)
        return
    store: dict[str, Any] = getattr(data, f"{kind}s")
    earlier = store.get(record.id)
    if earlier is not None:
        data.seen[kind] -= 1
        data.duplicates[kind] += 1
        if (getattr(earlier, "modified", None) or "") > (getattr(record, "modified", None) or ""):
            return  # keep the newer of two copies of one object
    store[record.id] = record
    if kind == "paper" and earlier is None:
        for item in obj.get("consultation") or ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                data.seen["consultation"] += 1


def _read(kind: str, obj: dict[str, Any], where: str) -> Any:
    """The record of ``obj``, or the :class:`Skip` that says why there is none."""
    oid = obj.get("id")
    if not isinstance(oid, str) or not oid:
        return Skip(kind, "missing_field", where, "id")
    if obj.get("deleted") is True:
        return Skip(kind, "deleted", oid)
    try:
        return _READERS[kind](obj)
    except _Missing as exc:
        return Skip(kind, "missing_field", oid, exc.field)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        return Skip(kind, "malformed_record", oid, _short(str(exc)))


class _Missing(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.field = name


def _required_text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Missing(key)
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _ids(value: Any) -> tuple[str, ...]:
    # OParl 1.1 gives lists of URLs; some servers give one URL, or embedded objects.
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    found = []
    for item in values:
        if isinstance(item, str) and item:
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            found.append(item["id"])
    return tuple(found)


def _ref(value: Any) -> str | None:
    ids = _ids(value)
    return ids[0] if ids else None


def _instant(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _organization(obj: dict[str, Any]) -> Organization:
    return Organization(
        id=obj["id"],
        name=" ".join(_required_text(obj, "name").split()),
        short_name=_text(obj.get("shortName")),
        classification=_text(obj.get("classification")) or _text(obj.get("organizationType")),
        modified=_text(obj.get("modified")),
    )


def _agenda_item(obj: dict[str, Any], meeting: str) -> AgendaItem | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or obj.get("deleted"):
        return None
    order = obj.get("order")
    return AgendaItem(
        id=obj["id"],
        meeting=meeting,
        consultation=_ref(obj.get("consultation")),
        number=_text(obj.get("number")),
        name=_text(obj.get("name")),
        result=_text(obj.get("result")),
        order=order if isinstance(order, int) else None,
    )


def _meeting(obj: dict[str, Any]) -> Meeting:
    items = tuple(
        item
        for item in (_agenda_item(i, obj["id"]) for i in obj.get("agendaItem") or ())
        if item is not None
    )
    return Meeting(
        id=obj["id"],
        name=_text(obj.get("name")),
        start=_instant(obj.get("start")) or _instant(obj.get("end")),
        organizations=_ids(obj.get("organization")),
        agenda_items=items,
        cancelled=obj.get("cancelled") is True,
        modified=_text(obj.get("modified")),
    )


def _consultation(obj: dict[str, Any], paper: str | None = None) -> Consultation:
    authoritative = obj.get("authoritative")
    return Consultation(
        id=obj["id"],
        paper=_ref(obj.get("paper")) or paper,
        organizations=_ids(obj.get("organization")),
        meeting=_ref(obj.get("meeting")),
        agenda_item=_ref(obj.get("agendaItem")),
        role=_text(obj.get("role")),
        authoritative=authoritative if isinstance(authoritative, bool) else None,
    )


def _paper(obj: dict[str, Any]) -> Paper:
    consultations: list[Consultation | str] = []
    for item in obj.get("consultation") or ():
        if isinstance(item, str):
            consultations.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str) and not item.get("deleted"):
            consultations.append(_consultation(item, obj["id"]))
    return Paper(
        id=obj["id"],
        name=_required_text(obj, "name"),
        reference=_text(obj.get("reference")),
        date=_date(obj.get("date")),
        created=_instant(obj.get("created")),
        paper_type=_text(obj.get("paperType")),
        consultations=tuple(consultations),
        modified=_text(obj.get("modified")),
    )


def _standalone_item(obj: dict[str, Any]) -> AgendaItem:
    meeting = _ref(obj.get("meeting"))
    if meeting is None:
        raise _Missing("meeting")
    item = _agenda_item(obj, meeting)
    if item is None:
        raise _Missing("id")
    return item


_READERS: dict[str, Any] = {
    "agenda_item": _standalone_item,
    "organization": _organization,
    "meeting": _meeting,
    "paper": _paper,
    "consultation": _consultation,
}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "…"
