"""Versioned SQL migrations (``migrations/NNN_name.sql``), applied in order and recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import asyncpg

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same in every process that migrates.
_MIGRATION_LOCK = 0x41514541


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("aqea.store").joinpath("migrations")
    found = []
    for item in folder.iterdir():
        match = _NAME.match(item.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), item.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


async def migrate(conn: asyncpg.Connection) -> list[Migration]:
    """Apply every migration not yet recorded; returns those applied now. Safe to run concurrently.

    Each migration is one transaction that takes the migration lock itself (``pg_advisory_xact_lock``): no
    session state, so this works through a transaction-mode pooler too (docs/supabase.md), where a session lock
    would stay on whichever server connection took it.
    """
    applied_now: list[Migration] = []
    pending = available_migrations()
    while pending:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                       version integer PRIMARY KEY,
                       name text NOT NULL,
                       applied_at timestamptz NOT NULL DEFAULT now())"""
            )
            done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
            pending = [m for m in pending if m.version not in done]  # read under the lock: another may have run
            if not pending:
                break
            migration = pending.pop(0)
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                migration.version, migration.name,
            )
        applied_now.append(migration)
    return applied_now


async def current_version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
