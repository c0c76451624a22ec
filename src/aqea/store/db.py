"""asyncpg connections with JSON codecs; one pool per process and DSN."""

from __future__ import annotations

import json

import asyncpg

from aqea.errors import StoreError
from aqea.settings import Settings, normalise_dsn
from aqea.store.embedded import start_embedded
from aqea.store.migrate import migrate


def _jsonb_encode(value: object) -> bytes:
    return b"\x01" + json.dumps(value, ensure_ascii=False).encode("utf-8")  # jsonb binary format v1


def _jsonb_decode(data: bytes) -> object:
    return json.loads(data[1:])


async def _init_connection(conn: asyncpg.Connection) -> None:
    # Binary jsonb codec: COPY (copy_records_to_table) only speaks the binary format.
    await conn.set_type_codec("jsonb", encoder=_jsonb_encode, decoder=_jsonb_decode,
                              schema="pg_catalog", format="binary")
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


# No named prepared statements: a transaction-mode pooler (PgBouncer, Supabase's Supavisor on port 6543) hands
# each transaction whichever server connection is free, where a statement prepared on another does not exist.
# asyncpg then sends each query's Parse with its Bind (docs/supabase.md). The queries are few and set-based (COPY,
# one INSERT … SELECT per batch): parsing them each time costs next to nothing.
_NO_STATEMENT_CACHE = {"statement_cache_size": 0}


async def connect(dsn: str) -> asyncpg.Connection:
    """One connection (CLI queries, tests)."""
    dsn = normalise_dsn(dsn)  # e.g. a block's postgresql+asyncpg:// URL; another scheme is a ConfigError
    try:
        conn = await asyncpg.connect(dsn, **_NO_STATEMENT_CACHE)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
    await _init_connection(conn)
    return conn


async def create_pool(dsn: str, size: int = 4) -> asyncpg.Pool:
    """A pool that connects on demand: after a database restart the next acquire connects anew. (No
    connection floor: asyncpg would keep reconnecting it in the background, logging a traceback a try.)"""
    dsn = normalise_dsn(dsn)
    pool = await asyncpg.create_pool(dsn, min_size=0, max_size=size, init=_init_connection, **_NO_STATEMENT_CACHE)
    assert pool is not None
    try:
        async with pool.acquire():  # connect once now: a wrong DSN fails here, not at first use
            pass
    except (OSError, asyncpg.PostgresError) as exc:
        await pool.close()
        raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
    return pool


def resolve_dsn(settings: Settings) -> str:
    """The configured DSN, or the embedded PostgreSQL's (started on first use)."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return start_embedded(settings.embedded_dir)


async def open_migrated(dsn: str) -> asyncpg.Connection:
    """A connection to a database whose schema is current."""
    conn = await connect(dsn)
    await migrate(conn)
    return conn
