"""asyncpg connections with JSON codecs; one pool per process and DSN."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid

import asyncpg

from aqea.errors import ConfigError, StoreError
from aqea.settings import Settings, normalise_dsn
from aqea.store.embedded import start_embedded
from aqea.store.migrate import migrate

log = logging.getLogger(__name__)


def _jsonb_encode(value: object) -> bytes:
    return b"\x01" + json.dumps(value, ensure_ascii=False).encode("utf-8")  # jsonb binary format v1


def _jsonb_decode(data: bytes) -> object:
    return json.loads(data[1:])


async def _init_connection(conn: asyncpg.Connection) -> None:
    # Binary jsonb codec: COPY (copy_records_to_table) only speaks the binary format.
    await conn.set_type_codec("jsonb", encoder=_jsonb_encode, decoder=_jsonb_decode,
                              schema="pg_catalog", format="binary")
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


_PROBE_SETTING = "aqea.pooler_probe"
_PROBE_WAIT = 5.0  # seconds
_transaction_pooled: dict[str, bool] = {}  # per DSN, found out once per process


async def behind_transaction_pooler(dsn: str) -> bool:
    """Whether one client connection's transactions may run on different server connections (PgBouncer or
    Supavisor in transaction mode). A session setting made by one client is looked for by a second client inside a
    transaction, then by the first again while the second holds its server connection: a pooler in transaction
    mode shows it to the second (PgBouncer hands out the server connection just freed), loses it for the first,
    or makes the first wait for a free server connection. Directly or in session mode none of that can happen
    (an answer slower than ``_PROBE_WAIT`` counts as pooled: the safe side, it only costs speed)."""
    token = uuid.uuid4().hex
    first = await asyncpg.connect(dsn, statement_cache_size=0)
    try:
        await first.execute(f"SELECT set_config('{_PROBE_SETTING}', '{token}', false)")
        second = await asyncpg.connect(dsn, statement_cache_size=0)
        try:
            async with second.transaction():
                if await second.fetchval("SELECT current_setting($1, true)", _PROBE_SETTING) == token:
                    return True
                try:  # while the second holds a server connection: a pool of them all held would wait forever
                    seen = await asyncio.wait_for(
                        first.fetchval("SELECT current_setting($1, true)", _PROBE_SETTING), _PROBE_WAIT)
                except TimeoutError:
                    first.terminate()
                    return True
                return seen != token
        finally:
            await second.close()
    finally:
        if not first.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await first.execute(f"RESET {_PROBE_SETTING}")  # leave no token on a server connection others get
            await first.close()


async def _connect_options(dsn: str) -> dict[str, int]:
    """asyncpg options for ``dsn``: behind a transaction-mode pooler no named prepared statements, because the
    next transaction may get a server connection where the statement does not exist; asyncpg then sends each
    query's Parse with its Bind. Directly or in session mode the statement cache stays on (without it the store
    took about 10 % more database time in bench_pipeline, docs/supabase.md)."""
    pooled = _transaction_pooled.get(dsn)
    if pooled is None:
        try:
            pooled = Settings().db_transaction_pooler
        except ConfigError:  # a wrong setting is said in one line by whoever reads it for itself; here: no preference
            pooled = None
        if pooled is None:
            pooled = await behind_transaction_pooler(dsn)
            if pooled:
                log.info("The database URL goes through a transaction-mode pooler: prepared statements are not kept")
        _transaction_pooled[dsn] = pooled
    return {"statement_cache_size": 0} if pooled else {}


async def connect(dsn: str) -> asyncpg.Connection:
    """One connection (CLI queries, tests)."""
    dsn = normalise_dsn(dsn)  # e.g. a block's postgresql+asyncpg:// URL; another scheme is a ConfigError
    try:
        conn = await asyncpg.connect(dsn, **await _connect_options(dsn))
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
    await _init_connection(conn)
    return conn


async def create_pool(dsn: str, size: int = 4, *, read_only: bool = False) -> asyncpg.Pool:
    """A pool that connects on demand: after a database restart the next acquire connects anew. (No
    connection floor: asyncpg would keep reconnecting it in the background, logging a traceback a try.)
    ``read_only``: every transaction of its connections is READ ONLY (default_transaction_read_only, set when
    each connects, so RESET ALL on release keeps it): a write is refused by PostgreSQL itself."""
    dsn = normalise_dsn(dsn)
    try:
        options = await _connect_options(dsn)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
    settings = {"default_transaction_read_only": "on"} if read_only else None
    pool = await asyncpg.create_pool(dsn, min_size=0, max_size=size, init=_init_connection,
                                     server_settings=settings, **options)
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
