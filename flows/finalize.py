"""What every writing flow ends with (extract, sync): address pending entries, resolve links."""

from __future__ import annotations

import os
from dataclasses import asdict

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.resources import db_pool


@task(name="allocate-addresses", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE,
      persist_result=False)
async def allocate_addresses(dsn: str, pool_size: int) -> dict[str, int]:
    """Run the database's one allocator over every pending entry (safe to run concurrently)."""
    from aqea.store.allocate import allocate_pending

    pool = await db_pool(dsn, pool_size)
    # categories of different series in parallel, one connection each (one per core is enough: the work is
    # the database's)
    report = await allocate_pending(pool, parallel=min(pool_size, os.cpu_count() or 1))
    return asdict(report)


@task(name="resolve-relations", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE,
      persist_result=False)
async def resolve_relations(dsn: str, pool_size: int) -> dict[str, int]:
    """Point links at their target entries where those exist now (earlier or this run)."""
    from aqea.store.relations import resolve_relations as resolve

    pool = await db_pool(dsn, pool_size)
    async with pool.acquire() as conn:
        return await resolve(conn)
