"""Writing the files casework publishes, and keeping the data directory owner only.

The entry points and flows write agendas through here, so a full agenda (closed items with their
content) is 0600 whatever the umask, and whatever the data directory holds is 0700; the public
versions keep the umask's usual mode. ``casework init`` tightens what an older casework, or a
permissive umask, left readable by others (:func:`tighten_data`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.settings import Settings


def write_published(path: Path, data: bytes, *, full: bool) -> Path:
    """Write one published file atomically; ``full`` (closed content) makes it owner only."""
    from casework.adapters.files import write_file

    return write_file(path, data, private=full)


def private_dir(path: Path) -> Path:
    """``path`` as a directory; any directory this creates is 0700."""
    from casework.adapters.files import private_dir as make

    return make(path)


def _private_paths(settings: Settings) -> list[Path]:
    from casework.adapters.files import sqlite_files

    paths = [settings.data_dir]
    database = sqlite_path(settings)
    if database is not None and database.exists():
        paths += sqlite_files(database)
    agendas = settings.data_dir / "dagsordener"
    if agendas.is_dir():
        paths += [p for p in agendas.rglob("*") if p.is_dir() or "-fuld." in p.name]
    return paths


def sqlite_path(settings: Settings) -> Path | None:
    """The SQLite database file of ``settings``; None on PostgreSQL (or an in-memory URL)."""
    url = settings.url
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///file:"):
        return None
    name = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if name in ("", ":memory:") else Path(name).expanduser()


def tighten_data(settings: Settings) -> list[Path]:
    """Make the data directory 0700 and the SQLite files and full agendas 0600 (``casework
    init``); the paths it changed."""
    from casework.adapters.files import tighten

    return tighten(_private_paths(settings))


__all__ = ["private_dir", "sqlite_path", "tighten_data", "write_published"]
