"""Files and directories casework creates that may hold closed (KSL § 10) content: owner only.

The data directory, the SQLite database with its ``-wal`` and ``-shm`` files, the full agendas
and the outbox's messages are created 0700 (directories) and 0600 (files) whatever the process's
umask: a permissive umask (0000, as some container images set) would otherwise leave them
world-readable. SQLite creates ``-wal`` and ``-shm`` with the database file's own mode, so a
database file created 0600 keeps its companions private too. Files someone else created are
left alone when written to; :func:`tighten` is what ``casework init`` runs on existing ones.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
#: The companions SQLite keeps beside a database file in WAL mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """``path`` as a directory; every directory this creates (ancestors too) is 0700.

    Raises:
        OSError: it cannot be created, or a file of that name is in the way.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # another process made it meanwhile: its mode is its own
        os.chmod(directory, PRIVATE_DIR)  # mkdir's mode is masked by the umask
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    return path


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and 0600 if it does not exist; True if this call created it."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return True


def write_file(path: Path, data: bytes, *, private: bool) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file, then a rename), so a reader never
    sees half a file; ``private`` makes it 0600, else it gets the umask's usual mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    mode = PRIVATE_FILE if private else 0o666
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        if private:
            os.fchmod(fd, PRIVATE_FILE)  # a stale temporary file kept its old mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def sqlite_files(database: Path) -> list[Path]:
    """The database file and whichever of its companions exist."""
    return [database] + [
        p for p in (database.with_name(database.name + s) for s in SQLITE_COMPANIONS) if p.exists()
    ]


def loose(paths: Iterable[Path]) -> list[Path]:
    """The paths that exist and that group or others may read, write or enter."""
    found = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            found.append(path)
    return found


def tighten(paths: Iterable[Path]) -> list[Path]:
    """Make each loose path owner-only (0700 directories, 0600 files); the ones changed."""
    changed = []
    for path in loose(paths):
        try:
            os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
        except OSError:
            continue  # not ours to change: ``loose`` still reports it
        changed.append(path)
    return changed


__all__ = [
    "PRIVATE_DIR",
    "PRIVATE_FILE",
    "create_private_file",
    "loose",
    "private_dir",
    "sqlite_files",
    "tighten",
    "write_file",
]
