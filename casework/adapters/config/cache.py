"""A snapshot of the checked configuration, so every CLI call need not parse and check again.

The first load after any change to ``config/`` parses the YAML, validates it and runs every
workflow check; the result is pickled next to the database, keyed by a fingerprint of the files
(path, size, modification time) and of casework's version. A later call with the same
fingerprint reads the snapshot in about a millisecond. Any doubt (a missing, stale or unreadable
snapshot) falls back to the full load, so the snapshot can only save time, never change an answer.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

from casework import __version__
from casework.adapters.files import private_dir
from casework.domain.configuration import Configuration


def _read_only(data: dict[object, object]) -> types.MappingProxyType[object, object]:
    return types.MappingProxyType(data)


# Frozen domain mappings are read-only views; pickle them as the dicts they wrap.
copyreg.pickle(types.MappingProxyType, lambda m: (_read_only, (dict(m),)))


#: The code that turns configuration into domain objects: a change to it invalidates snapshots.
_CODE = Path(__file__).resolve().parents[2]
_CODE_DIRS = (_CODE / "domain", _CODE / "adapters" / "config")


def fingerprint(directory: Path) -> str:
    """A digest of every configuration file's and loading module's name, size and mtime."""
    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    files = [p for code in _CODE_DIRS for p in sorted(code.glob("*.py"))]
    files.append(directory / "municipality.yaml")  # named even when missing
    files += sorted(p for p in directory.rglob("*.y*ml") if p.suffix in {".yaml", ".yml"})
    for path in files:
        try:
            stat = path.stat()
            where = path.resolve()
        except (OSError, RuntimeError):  # missing, or a link that loops: the loader says which
            digest.update(f"{path}|missing".encode())
            continue
        digest.update(f"{where}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def load_configuration_cached(directory: str | Path, cache_dir: str | Path) -> Configuration:
    """The checked configuration, from the snapshot when the files are unchanged.

    The core (municipality, workflows) is one snapshot; the calendar and the delegation plans
    are two more, read only when a command first needs them.
    """
    directory = Path(directory)
    key = fingerprint(directory)
    core, calendar, delegation = (Path(cache_dir) / f"{part}-{key}.pickle" for part in _PARTS)
    try:
        with core.open("rb") as handle:
            config = pickle.load(handle)
        if isinstance(config, Configuration) and calendar.exists() and delegation.exists():
            return dataclasses.replace(
                config, calendar_source=Part(calendar), delegation_source=Part(delegation)
            )
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    # Imported here: parsing and checking YAML is only needed when the files changed.
    from casework.adapters.config.full import load_full_configuration

    config = load_full_configuration(directory)  # DefinitionError: nothing is cached then
    _write(core.parent, key, {"config": config, "calendar": config.calendar,
                              "delegation": config.delegation})  # fmt: skip
    return config


#: The snapshot files, in the order load_configuration_cached names them.
_PARTS = ("config", "calendar", "delegation")


class Part:
    """Reads one snapshot file when first called (the calendar or the delegation plans)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> Any:
        try:
            with self.path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            from casework.domain.errors import ConfigFileError

            raise ConfigFileError(file=str(self.path), detail=str(exc)) from None


def _write(directory: Path, key: str, parts: dict[str, Any]) -> None:
    try:
        blobs = {
            name: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for name, v in parts.items()
        }
        private_dir(directory)  # inside the data directory, which stays owner only
        for old in directory.glob("*.pickle"):
            old.unlink(missing_ok=True)
        # The core goes last: a reader that finds it finds the other parts too.
        for name in ("calendar", "delegation", "config"):
            fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blobs[name])
                os.replace(tmp, directory / f"{name}-{key}.pickle")  # atomic per file
            finally:
                Path(tmp).unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # an unwritable data directory only costs time
