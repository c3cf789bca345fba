"""Settings: where the database and configuration are, and the user's language.

Read from the environment only when an entry point asks (:meth:`Settings.from_env`); importing
casework never reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "casework"


def _default_config_dir() -> Path:
    # A checkout runs with its own config/; from elsewhere the working directory's config/.
    local = Path.cwd() / "config"
    if local.is_dir():
        return local
    return _PACKAGE_ROOT / "config"


class Settings(BaseModel):
    """Validated settings for one run of casework."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(description="Directory of the embedded SQLite database")
    config_dir: Path = Field(description="Directory with municipality.yaml and workflows/")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite in data_dir"
    )
    lang: Literal["da", "en"] = Field(default="da", description="Language of user texts")

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
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    @property
    def url(self) -> str:
        """The database URL in force."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'casework.db'}"
