"""The audit anchors at the front door: make one (and write it out), read an exported one.

An anchor pins every case's head so that ``audit verify`` finds a whole case deleted or a chain
rewritten consistently (:mod:`casework.domain.anchors`). Its exported JSON file is meant to be
kept outside the database (``docs/operations.md``): it is what shows a rewrite of the anchor
table itself. ``casework audit anchor`` and the deadline sweep's daily anchor both come here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from casework.domain.anchors import Anchor, AnchorFileError, anchor_from_json
from casework.domain.messages import Msg
from casework.services import anchors

if TYPE_CHECKING:
    from casework.app.core import App

#: The folder under the data directory the daily anchors are written to.
DAILY_FOLDER = "revisionsankre"


def file_name(anchor: Anchor) -> str:
    """An anchor's file name: its day and number, so the files sort in order."""
    return f"anker-{anchor.day}-{anchor.seq:06d}.json"


def write(anchor: Anchor, out: Path) -> Path:
    """Write ``anchor`` to the file ``out`` (or into it, when it is a folder), atomically."""
    from casework.app.files import write_published

    target = out / file_name(anchor) if out.is_dir() else out
    text = json.dumps(anchor.as_json(), ensure_ascii=False, indent=1) + "\n"
    return write_published(target, text.encode("utf-8"), full=False)


def read(path: Path) -> Anchor:
    """The anchor in an exported file; AnchorFileError (CW419) naming the file otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnchorFileError(path=str(path), reason=Msg("audit.anchor.file_missing")) from None
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise AnchorFileError(
            path=str(path), reason=Msg("audit.anchor.file_unreadable", detail=detail)
        ) from None
    return anchor_from_json(text, str(path))


def make(
    app: App, *, out: Path | None = None, once_a_day: bool = False
) -> tuple[anchors.Made, Path | None]:
    """Anchor every case's head now (with ``once_a_day``, today's anchor if made already),
    and write it to ``out`` when given (the file written is returned)."""
    reader = app.reader_factory or app.uow_factory
    made = anchors.make(reader, app.uow_factory, app.clock, once_a_day=once_a_day)
    return made, write(made.anchor, out) if out is not None else None


def daily(app: App) -> tuple[anchors.Made, Path | None]:
    """The deadline sweep's anchor: one a day, written into the data directory's
    ``revisionsankre`` folder (again, if the file of today's anchor is missing)."""
    from casework.app.files import private_dir

    made, _ = make(app, once_a_day=True)
    if app.settings is None:
        return made, None
    folder = private_dir(app.settings.data_dir / DAILY_FOLDER)
    target = folder / file_name(made.anchor)
    if made.made or not target.exists():
        write(made.anchor, target)
    return made, target


__all__ = ["DAILY_FOLDER", "daily", "file_name", "make", "read", "write"]
