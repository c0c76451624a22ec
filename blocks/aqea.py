"""Prefect blocks holding the AQEA configuration of a deployed installation (registered by `aqea prefect setup`).

Locally nothing needs them: flows fall back to Settings (AQEA_* env / aqea.toml) — see flows/config.py.
"""

from __future__ import annotations

from typing import ClassVar

from prefect.blocks.core import Block
from pydantic import Field, SecretStr


class AqeaDatabase(Block):
    """The AQEA PostgreSQL database the flows write to. The DSN is a secret: never shown in logs or the UI."""

    _block_type_slug: ClassVar[str] = "aqea-database"
    _block_type_name: ClassVar[str] = "AQEA Database"
    _description: ClassVar[str] = "PostgreSQL DSN of the AQEA entries database."

    dsn: SecretStr = Field(description="postgresql://user:password@host:5432/aqea")
    pool_size: int = Field(default=4, ge=1, description="asyncpg connections per flow-run process.")


class AqeaSource(Block):
    """Where dumps and the live API are read from, and how pages are batched."""

    _block_type_slug: ClassVar[str] = "aqea-source"
    _block_type_name: ClassVar[str] = "AQEA Source"
    _description: ClassVar[str] = "Dump location and batching for AQEA extraction runs."

    dump_dir: str = Field(default="/data/dumps", description="Directory (shared with workers) holding the dumps.")
    api_url: str = Field(default="https://de.wiktionary.org/w/api.php", description="MediaWiki Action API (sync).")
    batch_pages: int = Field(default=400, ge=1, description="Pages per parse/upsert batch.")


DATABASE_BLOCK = "aqea-database"  # default document names used by setup and the loader
SOURCE_BLOCK = "aqea-source"
