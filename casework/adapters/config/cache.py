"""A snapshot of the checked configuration, so every CLI call need not parse and check again.

The first load after any change to ``config/`` parses the YAML, validates it and runs every
workflow check; the result is pickled next to the database, keyed by a fingerprint of the files
(path, size, modification time) and of casework's version. A later call with the same
fingerprint reads the snapshot in about a millisecond. Any doubt (a missing, stale or unreadable
snapshot) falls back to the full load, so the snapshot can only save time, never change an answer.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import sys
import tempfile
import types
from pathlib import Path

from casework import __version__
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
        except OSError:
            digest.update(f"{path}|missing".encode())
            continue
        digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def load_configuration_cached(directory: str | Path, cache_dir: str | Path) -> Configuration:
    """The checked configuration, from the snapshot when the files are unchanged."""
    directory = Path(directory)
    snapshot = Path(cache_dir) / f"config-{fingerprint(directory)}.pickle"
    try:
        with snapshot.open("rb") as handle:
            config = pickle.load(handle)
        if isinstance(config, Configuration):
            return config
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    # Imported here: parsing and checking YAML is only needed when the files changed.
    from casework.adapters.config.full import load_full_configuration

    config = load_full_configuration(directory)  # DefinitionError: nothing is cached then
    _write(snapshot, config)
    return config


def _write(snapshot: Path, config: Configuration) -> None:
    try:
        data = pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL)
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        for old in snapshot.parent.glob("config-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=snapshot.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, snapshot)  # atomic: a reader sees the old snapshot or the new one
        finally:
            Path(tmp).unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # an unwritable data directory only costs time
