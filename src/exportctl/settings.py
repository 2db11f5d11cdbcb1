"""EXPORTCTL_* environment settings, typed, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from exportctl.errors import ConfigError

__all__ = ["Settings", "default_db_path", "env_float", "env_int", "get_settings"]


def default_db_path() -> Path:
    """The embedded database under the user's data directory."""
    return Path(user_data_dir("exportctl", appauthor=False)) / "exportctl.sqlite"


@dataclass(frozen=True, slots=True)
class Settings:
    db: str  # a file path or an SQLAlchemy URL
    data_dir: Path  # keys, caches and the default database live here
    ledger_enabled: bool
    is_default_db: bool  # no --db and no EXPORTCTL_DB: the embedded database seeded from the bundle
    # A list snapshot is stale when older than this many times its publisher's update cadence
    # (sources.yaml ``cadence_days``); EXPORTCTL_STALE_FACTOR.
    stale_factor: float = 3.0

    @property
    def db_url(self) -> str:
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser().resolve()}"


def env_int(name: str, default: int, low: int = 1) -> int:
    """An integer setting; ConfigError names the variable when it is not one or too small."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < low:
        raise ConfigError(f"{name}={value} is below {low}")
    return value


def env_float(name: str, default: float) -> float:
    """A number setting; ConfigError names the variable when it is not a number."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def get_settings(db: str | None = None) -> Settings:
    """Settings from the environment; an explicit ``db`` (``--db``) wins over ``EXPORTCTL_DB``."""
    data_dir = Path(os.environ.get("EXPORTCTL_DATA_DIR") or default_db_path().parent)
    explicit = db or os.environ.get("EXPORTCTL_DB")
    return Settings(
        db=explicit or str(data_dir / "exportctl.sqlite"),
        data_dir=data_dir,
        ledger_enabled=_flag(os.environ.get("EXPORTCTL_LEDGER"), True),
        is_default_db=not explicit,
        stale_factor=_positive("EXPORTCTL_STALE_FACTOR", 3.0),
    )


def _positive(name: str, default: float) -> float:
    value = env_float(name, default)
    if not value > 0:
        raise ConfigError(f"{name}={value} must be above 0")
    return value
