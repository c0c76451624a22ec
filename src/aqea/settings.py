"""Configuration: defaults < config file < ``AQEA_*`` environment < CLI flags.

The config file is TOML, found at ``$AQEA_CONFIG_FILE`` or, if that is unset, ``./aqea.toml``
or the user config dir (``~/.config/aqea/config.toml``). Keys are the field names below.
Every mistake in them (a missing named file, bad TOML, an unknown key, a value of the wrong type) is a
:class:`~aqea.errors.ConfigError` naming where it came from, so the CLI can say it in one line.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from aqea.errors import ConfigError

APP_NAME = "aqea"
ENV_PREFIX = "AQEA_"
# SQLAlchemy-style URLs (Prefect's own configs) name a driver after "+": the server is the same PostgreSQL
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def default_config_file() -> Path | None:
    """The config file to read, or None. A file named by ``$AQEA_CONFIG_FILE`` must exist."""
    explicit = os.environ.get("AQEA_CONFIG_FILE")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"AQEA_CONFIG_FILE names {path}, which does not exist")
        return path
    for candidate in (Path("aqea.toml"), platformdirs.user_config_path(APP_NAME) / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def normalise_dsn(dsn: str) -> str:
    """A PostgreSQL URL as asyncpg takes it: ``postgres://`` and ``postgresql+<driver>://`` (SQLAlchemy / Prefect
    style) become ``postgresql://``; any other scheme is refused (the DSN itself is never shown: it holds a password).
    """
    scheme, sep, rest = dsn.strip().partition("://")
    base = scheme.lower().partition("+")[0]
    if not sep or base not in _POSTGRES_SCHEMES:
        shown = f"scheme {scheme!r}" if sep else "no scheme"
        raise ConfigError(f"database URL has {shown}: expected postgresql://user:password@host:5432/dbname "
                          "(postgres:// and postgresql+asyncpg:// are accepted too)")
    return f"postgresql://{rest}"


class _CheckedTomlSource(TomlConfigSettingsSource):
    """The TOML source, but a broken file or an unknown key is an error naming the file (not a traceback,
    not silently ignored)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        try:
            data = super()._read_file(file_path)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {file_path} is not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"config file {file_path} cannot be read: {exc.strerror}") from None
        unknown = sorted(set(data) - set(Settings.model_fields))
        if unknown:
            hints = [f"{key!r}" + (f" (did you mean {close[0]!r}?)" if (close := _close_setting(key)) else "")
                     for key in unknown]
            raise ConfigError(f"config file {file_path}: unknown setting {', '.join(hints)}; "
                              f"valid settings: {', '.join(Settings.model_fields)}")
        return data


def _close_setting(name: str) -> list[str]:
    return difflib.get_close_matches(name.lower(), list(Settings.model_fields), n=1, cutoff=0.8)


class Settings(BaseSettings):
    """Every knob of the extractor; see docs/configuration.md."""

    # env_ignore_empty: AQEA_DATABASE_URL= means unset (not "connect to whatever listens on localhost")
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", env_ignore_empty=True)

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
    db_transaction_pooler: bool | None = Field(
        default=None, description="The database URL goes through a transaction-mode pooler (PgBouncer, Supabase "
        "port 6543): no prepared statements are kept. Unset: found out at the first connection."
    )
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

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, values)) from None

    @field_validator("database_url", mode="before")
    @classmethod
    def _postgres_url(cls, value: Any) -> Any:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None  # empty means unset, from any source
        try:
            return normalise_dsn(value)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None

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
            sources.append(_CheckedTomlSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Settings with CLI flags applied on top (None means "not given"); validated like any source."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return type(self)(**given) if given else self

    @property
    def embedded_dir(self) -> Path:
        return self.data_dir / "pgdata"


def _describe(exc: ValidationError, given: Mapping[str, Any]) -> str:
    """One line per invalid value, each naming where it came from: AQEA_X, the config file, or a flag."""
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        env_key = f"{ENV_PREFIX}{field.upper()}"
        env_value = os.environ.get(env_key, "").strip()
        if field in given and str(given[field]).strip() != env_value:  # typer passes AQEA_DATABASE_URL as a flag
            where = f"{field} (command line)"
        elif env_value:
            where = env_key
        else:
            where = f"{default_config_file()}: {field}"
        secret = field == "database_url"  # a DSN holds a password: never echoed
        value = "" if secret else f"={error['input']!r}"
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}{value}: {message[:1].lower()}{message[1:]}")
    return "; ".join(problems)


def unknown_env_settings(environ: Mapping[str, str] | None = None) -> list[str]:
    """``AQEA_*`` variables that look like a misspelt setting (``AQEA_BATCH_PAGE``), each with its likely name.

    Only near misses: other ``AQEA_*`` variables (AQEA_CODE_DIR, AQEA_DATABASE_BLOCK, AQEA_PROVIDER_WEIGHTS …)
    configure other parts and are not settings, so they are not reported.
    """
    environ = os.environ if environ is None else environ
    hints = []
    for key in sorted(environ):
        if not key.startswith(ENV_PREFIX):
            continue
        name = key.removeprefix(ENV_PREFIX).lower()
        if name not in Settings.model_fields and (close := _close_setting(name)):
            hints.append(f"{key} is not a setting: did you mean {ENV_PREFIX}{close[0].upper()}?")
    return hints
