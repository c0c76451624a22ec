"""Configuration precedence: defaults < config file < environment < CLI flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqea.settings import Settings


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
    with pytest.raises(ValueError, match="batch_pages"):
        Settings()
