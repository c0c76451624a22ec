"""Per-process resources shared by the flows of one process: DB pools and the parser processes."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import asyncpg

from aqea.store.db import create_pool, open_migrated

_pools: dict[tuple[str, int], asyncpg.Pool] = {}
_migrated: set[str] = set()
_executors: dict[int, ProcessPoolExecutor] = {}


async def db_pool(dsn: str, size: int) -> asyncpg.Pool:
    """One pool per DSN and event loop (asyncpg pools are bound to their loop); schema migrated once."""
    if dsn not in _migrated:
        conn = await open_migrated(dsn)
        await conn.close()
        _migrated.add(dsn)
    key = (dsn, id(asyncio.get_running_loop()))
    pool = _pools.get(key)
    if pool is None or pool.is_closing():
        pool = _pools[key] = await create_pool(dsn, size)
    return pool


def parse_executor(workers: int) -> ProcessPoolExecutor:
    """Worker processes for the CPU-bound parse step. 'spawn' because the parent runs Prefect threads."""
    executor = _executors.get(workers)
    if executor is None:
        executor = _executors[workers] = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        )
    return executor
