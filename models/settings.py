"""Application settings, read once from environment variables (and an optional .env).

The embedded default is a SQLite file under ``data/``; a multi-user deployment sets
``DATABASE_URL=postgresql+psycopg://...``.

Login throttling (issue 7 §5): ``MAX_FAILED_LOGINS`` wrong passwords per account are
checked freely; after that each further guess must wait a delay that doubles per
failure (1 s, 2 s, 4 s ...) up to ``LOCKOUT_MINUTES``. A growing delay instead of a hard
lock means nobody can shut the admin out for long by guessing on purpose, while an
attacker gets at most a handful of guesses an hour. ``MAX_FAILED_LOGINS_PER_CLIENT``
applies the same rule per client address (more generous, because a whole office may
share one address behind a proxy).

``SESSION_SECRET`` signs the login cookie. When unset, a random secret is generated and
kept in the database (table appmeta), so every app process shares it; a known
placeholder or a short secret is refused in production.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "jingan.db"

Basemap = Literal["none", "osm", "amap", "custom"]
MIN_SECRET_LENGTH = 32
INSECURE_SECRETS = frozenset({"", "changethis", "change-me", "changeme", "secret", "dev", "test"})


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
    # Cap of the growing delay between guesses after max_failed_logins failures.
    lockout_minutes: int = 15
    # 0 turns the per-client delay off (a proxy on another host hides client addresses).
    max_failed_logins_per_client: int = 20
    # Signs the login cookie; None: generate one and keep it in the database.
    session_secret: SecretStr | None = None
    # Big screen (/screen): scene order and seconds per scene, overridable in the URL
    # (?scenes=overview,chain&interval=30); figures refresh every screen_refresh seconds.
    screen_scenes: str = "overview,chain,belts,conversions,spotlight"
    screen_interval: int = 20
    screen_refresh: int = 60
    # Uploaded/imported files (issue 10): refuse anything bigger before parsing it, and
    # cap what a zip may unpack to (a zip bomb is small on disk, huge in memory).
    import_max_mb: int = 20
    import_max_unzipped_mb: int = 200

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

    @model_validator(mode="after")
    def _no_placeholder_secret(self) -> Settings:
        # A guessable signing key lets anyone forge a login cookie: refuse to start.
        secret = self.session_secret.get_secret_value() if self.session_secret else None
        weak = secret is not None and (
            secret.strip().lower() in INSECURE_SECRETS or len(secret) < MIN_SECRET_LENGTH
        )
        if self.environment == "production" and weak:
            raise ValueError(
                f"SESSION_SECRET must be a random string of at least {MIN_SECRET_LENGTH} "
                "characters in production (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'), or unset to generate one"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite default."""
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings object (environment read once)."""
    return Settings()
