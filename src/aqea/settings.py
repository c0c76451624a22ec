"""Configuration: defaults < config file < ``AQEA_*`` environment < CLI flags.

The config file is TOML, found at ``$AQEA_CONFIG_FILE`` or, if that is unset, ``./aqea.toml``
or the user config dir (``~/.config/aqea/config.toml``). Keys are the field names below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "aqea"


def default_config_file() -> Path | None:
    """The first config file that exists, or None."""
    explicit = os.environ.get("AQEA_CONFIG_FILE")
    if explicit:
        return Path(explicit)
    for candidate in (Path("aqea.toml"), platformdirs.user_config_path(APP_NAME) / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


class Settings(BaseSettings):
    """Every knob of the extractor; see docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="AQEA_", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL DSN. Unset: an embedded PostgreSQL (pgserver) is started under data_dir.",
    )
    data_dir: Path = Field(
        default_factory=lambda: platformdirs.user_data_path(APP_NAME),
        description="Where the embedded PostgreSQL keeps its data (only used without database_url).",
    )
    batch_pages: int = Field(default=400, ge=1, description="Pages per parse/upsert batch.")
    parse_workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, description="Parser processes per flow run."
    )
    units: int | None = Field(default=None, ge=1, description="Work units to plan (default: by dump size).")
    # 2, not more: the local Prefect API is SQLite-backed and slows down sharply under concurrent task runs
    unit_concurrency: int = Field(default=2, ge=1, description="Work-unit subflows run at once locally.")
    db_pool_size: int = Field(default=4, ge=1, description="asyncpg connections per process.")
    # 8 tries, waits 1, 2, 4, 8, 10, 10, 10 s: an operation rides out ~45 s of outage (a restart takes ~1-30 s)
    db_retry_attempts: int = Field(
        default=8, ge=1, description="Tries of a database operation when the database is away (restart, "
        "dropped connection); 1 = no retry."
    )
    db_retry_delay: float = Field(
        default=1.0, gt=0, description="Seconds before the first retry; doubled after each try, at most 10 s."
    )
    api_user_agent: str = Field(default="aqea-extractor", description="User-Agent product for the Action API.")
    api_contact: str | None = Field(
        default=None, description="Contact (e-mail or URL) sent in the User-Agent; required for Wikimedia hosts."
    )
    api_max_lag: int = Field(default=5, ge=1, description="maxlag sent with every API request.")
    api_ranges: int = Field(default=8, ge=1, description="Title ranges (work units) for an API extraction.")
    sync_batch: int = Field(default=50, ge=1, le=50, description="Changed pages re-fetched per request.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = default_config_file()
        if config_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Settings with CLI flags applied on top (None means "not given"); validated like any source."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return type(self)(**given) if given else self

    @property
    def embedded_dir(self) -> Path:
        return self.data_dir / "pgdata"
