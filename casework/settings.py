"""Settings: where the database and configuration are, and the user's language.

Read from the environment only when an entry point asks (:meth:`Settings.from_env`); importing
casework never reads the environment.

Deliberately a frozen dataclass validated by hand rather than a pydantic model: the settings are
four fields, and importing pydantic costs ~30 ms on every CLI call, which the read commands
(``casework case show`` has a 0.3 s whole-process budget) would pay for nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from casework.domain.errors import InvalidInput
from casework.domain.messages import LANGUAGES

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "casework"


def _default_config_dir() -> Path:
    # The working directory's config/ (where `casework init --example eksempel` writes it);
    # else a checkout's own config/, also when run from elsewhere. An installed wheel has no
    # such folder beside the package: the working directory's (missing) config/ then, and the
    # loader's CW101 says how to get one.
    local = Path.cwd() / "config"
    if local.is_dir():
        return local
    checkout = _PACKAGE_ROOT / "config"
    if (_PACKAGE_ROOT / "pyproject.toml").is_file() and (checkout / "municipality.yaml").is_file():
        return checkout
    return local


def _bytes(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(detail=f"CASEWORK_BILAG_MAX_BYTES: {text!r} is no positive number")
    return int(text)


@dataclass(frozen=True, slots=True)
class Settings:
    """Validated settings for one run of casework.

    Attributes:
        data_dir: directory of the embedded SQLite database (and the config snapshot).
        config_dir: directory with municipality.yaml and workflows/.
        database_url: SQLAlchemy URL; None means SQLite in ``data_dir``.
        lang: language of user texts, "da" or "en".
        bilag_max_bytes: the largest file accepted as a bilag (``CASEWORK_BILAG_MAX_BYTES``).
        bilag_s3: ``s3://bucket/prefix`` to keep bilag in an S3-compatible object store
            (``CASEWORK_BILAG_S3``); None keeps them under ``data_dir/bilag``.
        s3_endpoint_url: the object store's URL when it is not AWS (``CASEWORK_S3_ENDPOINT_URL``).
    """

    data_dir: Path
    config_dir: Path
    database_url: str | None = None
    lang: str = "da"
    bilag_max_bytes: int = 25 * 1024 * 1024
    bilag_s3: str | None = None
    s3_endpoint_url: str | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            # The language itself is what is wrong, so the default's words: Danish.
            choices = " eller ".join(LANGUAGES)
            raise InvalidInput(detail=f"--lang/CASEWORK_LANG: {self.lang!r} skal være {choices}")
        for name in ("data_dir", "config_dir"):
            value = getattr(self, name)
            if not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        if self.bilag_s3 is not None and not self.bilag_s3.startswith("s3://"):
            raise InvalidInput(
                detail=f"CASEWORK_BILAG_S3: {self.bilag_s3!r} is no s3://bucket/prefix"
            )
        if self.database_url is not None and "://" not in self.database_url:
            raise InvalidInput(
                detail=f"CASEWORK_DATABASE_URL: {self.database_url!r} is no URL "
                "(e.g. postgresql://user@host/db)"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``CASEWORK_*`` environment variables, then explicit overrides."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "data_dir": Path(env["CASEWORK_DATA_DIR"])
            if env.get("CASEWORK_DATA_DIR")
            else _default_data_dir(env),
            "config_dir": Path(env["CASEWORK_CONFIG_DIR"])
            if env.get("CASEWORK_CONFIG_DIR")
            else _default_config_dir(),
            "database_url": env.get("CASEWORK_DATABASE_URL") or None,
            "lang": env.get("CASEWORK_LANG") or "da",
            "bilag_max_bytes": _bytes(env.get("CASEWORK_BILAG_MAX_BYTES")),
            "bilag_s3": env.get("CASEWORK_BILAG_S3") or None,
            "s3_endpoint_url": env.get("CASEWORK_S3_ENDPOINT_URL") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {
            "data_dir", "config_dir", "database_url", "lang", "bilag_max_bytes", "bilag_s3",
            "s3_endpoint_url",
        }  # fmt: skip
        if unknown:
            raise InvalidInput(detail=f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """The database URL in force."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'casework.db'}"
