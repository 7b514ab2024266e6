"""Application settings, read once from environment variables (and an optional .env).

The embedded default is a SQLite file under ``data/``; a multi-user deployment sets
``DATABASE_URL=postgresql+psycopg://...``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "jingan.db"

Basemap = Literal["none", "osm", "amap", "custom"]


class Settings(BaseSettings):
    """Every knob an operator may turn, validated at start."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    # Load the generated sample data into an empty database on first start.
    seed_sample: bool = True
    # Basemap: "none" draws only the shipped vector context (offline default).
    basemap: Basemap = "none"
    custom_tiles_url: str | None = None
    custom_tiles_attribution: str = "intranet tiles"
    # Anonymous visitors may browse maps and figures unless the deployment turns it off.
    allow_anonymous_view: bool = True
    session_minutes: int = 480
    max_failed_logins: int = 5
    lockout_minutes: int = 15

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        # Refuse a typo early instead of failing on the first page with a driver error.
        if not value.startswith(("sqlite://", "postgresql")):
            raise ValueError("DATABASE_URL must be sqlite:///... or postgresql+psycopg://...")
        if value.startswith("postgresql://"):
            # psycopg 3 is the only PostgreSQL driver we ship.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite default."""
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings object (environment read once)."""
    return Settings()
