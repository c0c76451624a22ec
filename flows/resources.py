"""Per-process resources shared by the flows of one process: DB pools and the parser processes."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor

import asyncpg
from prefect.concurrency.asyncio import concurrency

from aqea.pipeline import parser_process_init
from aqea.settings import Settings
from aqea.sources.base import ReadContext
from aqea.sources.mediawiki import MediaWikiClient
from aqea.sources.wiktionary import client_for
from aqea.store.db import create_pool, open_migrated
from aqea.store.retry import RetryPolicy, retry_transient

_pools: dict[tuple[str, int], asyncpg.Pool] = {}
_migrated: set[str] = set()
_executors: dict[int, ProcessPoolExecutor] = {}


async def db_pool(dsn: str, size: int) -> asyncpg.Pool:
    """One pool per DSN and event loop (asyncpg pools are bound to their loop); schema migrated once.

    Opening either waits out a database restart (store/retry.py); the pool then reconnects by itself.
    """
    if dsn not in _migrated:
        async def migrate_once() -> None:
            conn = await open_migrated(dsn)
            await conn.close()

        await retry_transient(migrate_once, RetryPolicy.from_settings(Settings()), "migrating the schema")
        _migrated.add(dsn)
    key = (dsn, id(asyncio.get_running_loop()))
    pool = _pools.get(key)
    if pool is None or pool.is_closing():
        pool = _pools[key] = await retry_transient(lambda: create_pool(dsn, size),
                                                   RetryPolicy.from_settings(Settings()), "opening a connection pool")
    return pool


def parse_executor(workers: int) -> ProcessPoolExecutor:
    """Worker processes for the CPU-bound parse step. 'spawn' because the parent runs Prefect threads."""
    executor = _executors.get(workers)
    if executor is None:
        executor = _executors[workers] = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=parser_process_init
        )
    return executor


def stop_parse_executors() -> None:
    """End the parser processes now, mid-batch if need be (an interrupted run: the batch was not stored, and a
    re-run parses it again). Without this, exiting waits for every batch already handed to a parser."""
    while _executors:
        _, executor = _executors.popitem()
        processes = list((executor._processes or {}).values())  # the stdlib has no public "terminate"
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(5)


DB_WRITERS_LIMIT = "aqea-db-writers"  # concurrent upsert transactions (deployments/providers.toml)
API_LIMIT = "aqea-wikimedia-api"  # created with limit 1 by `aqea prefect setup` (deployments/providers.toml)


def api_throttle() -> contextlib.AbstractAsyncContextManager[None]:
    """One request in flight to a Wikimedia API across all workers, when the limit exists on the Prefect
    server (``aqea prefect setup`` creates it); per process the client's own lock keeps it to one."""
    return concurrency(API_LIMIT, occupy=1, strict=False)


@contextlib.asynccontextmanager
async def api_client(api_url: str, settings: Settings) -> AsyncIterator[MediaWikiClient]:
    """A polite client (sources.wiktionary.client_for) sharing the workers' request limit."""
    async with client_for(api_url, settings, ReadContext(settings, throttle=api_throttle)) as client:
        yield client
