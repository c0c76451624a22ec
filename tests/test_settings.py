"""Configuration precedence: defaults < config file < environment < CLI flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqea.errors import ConfigError
from aqea.settings import Settings, normalise_dsn, unknown_env_settings


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "aqea.toml"
    config.write_text('database_url = "postgresql://file/db"\nbatch_pages = 123\nparse_workers = 3\n')
    monkeypatch.setenv("AQEA_CONFIG_FILE", str(config))
    monkeypatch.delenv("AQEA_DATABASE_URL", raising=False)
    monkeypatch.setenv("AQEA_BATCH_PAGES", "77")
    settings = Settings()
    assert settings.database_url is not None
    assert settings.database_url.get_secret_value() == "postgresql://file/db"  # from the file
    assert settings.batch_pages == 77  # env beats file
    assert settings.parse_workers == 3
    flagged = settings.with_overrides(database_url="postgresql://flag/db", parse_workers=None)
    assert flagged.database_url.get_secret_value() == "postgresql://flag/db"  # flag beats all
    assert flagged.parse_workers == 3  # None = flag not given


def test_secret_is_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", "postgresql://u:hunter2@h/db")
    assert "hunter2" not in repr(Settings()) and "hunter2" not in str(Settings().model_dump())


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_BATCH_PAGES", "0")
    with pytest.raises(ConfigError, match="AQEA_BATCH_PAGES='0': input should be greater than or equal to 1"):
        Settings()


@pytest.fixture
def no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AQEA_* settings from this machine: an empty working directory, no config file, no database URL."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for key in ("AQEA_CONFIG_FILE", "AQEA_DATABASE_URL", "AQEA_BATCH_PAGES"):
        monkeypatch.delenv(key, raising=False)


@pytest.mark.usefixtures("no_config")
def test_a_non_integer_names_the_variable_and_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_BATCH_PAGES", "abc")
    with pytest.raises(ConfigError, match=r"^AQEA_BATCH_PAGES='abc': input should be a valid integer"):
        Settings()


@pytest.mark.usefixtures("no_config")
def test_an_empty_database_url_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", "")
    assert Settings().database_url is None
    assert Settings().with_overrides(database_url="  ").database_url is None  # typer passes the env var on


@pytest.mark.parametrize(("given", "used"), [
    ("postgresql://u:p@h:5432/db", "postgresql://u:p@h:5432/db"),
    ("postgres://u:p@h/db", "postgresql://u:p@h/db"),
    ("postgresql+asyncpg://u:p@h/db", "postgresql://u:p@h/db"),  # how Prefect's own configs write it
    ("PostgreSQL+psycopg://h/db", "postgresql://h/db"),
])
def test_postgres_urls_of_every_spelling_are_accepted(given: str, used: str) -> None:
    assert normalise_dsn(given) == used


@pytest.mark.usefixtures("no_config")
@pytest.mark.parametrize("dsn", ["mysql://u:hunter2@h/db", "sqlite:///x.db", "host=h dbname=hunter2"])
def test_another_scheme_is_refused_without_showing_the_secret(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    with pytest.raises(ConfigError, match=r"^AQEA_DATABASE_URL: database URL has") as caught:
        Settings()
    assert "hunter2" not in str(caught.value)


@pytest.mark.usefixtures("no_config")
def test_a_missing_config_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AQEA_CONFIG_FILE", str(tmp_path / "nowhere.toml"))
    with pytest.raises(ConfigError, match=r"AQEA_CONFIG_FILE names .*nowhere.toml, which does not exist"):
        Settings()


@pytest.mark.usefixtures("no_config")
def test_a_malformed_config_file_is_named_with_the_position(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("batch_pages = 10\nparse_workers = \n")
    monkeypatch.setenv("AQEA_CONFIG_FILE", str(config))
    with pytest.raises(ConfigError, match=r"config file .*broken.toml is not valid TOML: .*\(at line 2, column 17\)"):
        Settings()


@pytest.mark.usefixtures("no_config")
def test_a_misspelt_config_key_is_named_with_the_valid_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "aqea.toml"
    config.write_text("batch_page = 10\n")
    monkeypatch.chdir(tmp_path)  # found as ./aqea.toml, not through AQEA_CONFIG_FILE
    with pytest.raises(ConfigError, match=r"aqea.toml: unknown setting 'batch_page' \(did you mean 'batch_pages'\?\); "
                       r"valid settings: database_url, data_dir, batch_pages, "):
        Settings()


@pytest.mark.usefixtures("no_config")
def test_a_wrong_value_in_the_config_file_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "aqea.toml"
    config.write_text('parse_workers = "many"\n')
    monkeypatch.setenv("AQEA_CONFIG_FILE", str(config))
    with pytest.raises(ConfigError, match=r"aqea.toml: parse_workers='many': input should be a valid integer"):
        Settings()


def test_only_near_misses_of_settings_are_reported_among_aqea_variables() -> None:
    environ = {"AQEA_BATCH_PAGE": "10", "AQEA_CODE_DIR": "/opt/aqea", "AQEA_DATABASE_BLOCK": "db",
               "AQEA_PROVIDER_WEIGHTS": "hetzner=1", "AQEA_WORKER_ID": "w1", "AQEA_DB_PASSWORD": "x",
               "AQEA_CONFIG_FILE": "a.toml", "AQEA_BATCH_PAGES": "10", "OTHER_BATCH_PAGE": "1"}
    assert unknown_env_settings(environ) == ["AQEA_BATCH_PAGE is not a setting: did you mean AQEA_BATCH_PAGES?"]
