"""What every writing flow ends with (extract, sync): address pending entries, resolve links."""

from __future__ import annotations

import os
from dataclasses import asdict

from prefect import task
from prefect.cache_policies import NO_CACHE

from aqea.settings import Settings
from aqea.store.retry import RetryPolicy
from flows.resources import db_pool

# No Prefect retries: both steps are idempotent and retried inside while the database is away
# (store/retry.py); any other error would only fail again.


@task(name="allocate-addresses", cache_policy=NO_CACHE, persist_result=False)
async def allocate_addresses(dsn: str, pool_size: int) -> dict[str, int]:
    """Run the database's one allocator over every pending entry (safe to run concurrently, and again: only
    entries still pending are addressed, and reserved blocks are never handed out twice)."""
    from aqea.store.allocate import allocate_pending

    pool = await db_pool(dsn, pool_size)
    # one connection per core writes addresses (the work is the database's), others hold the categories'
    # locks; each category retried on a fresh connection while the database is away
    report = await allocate_pending(pool, parallel=min(pool_size, os.cpu_count() or 1),
                                    retry=RetryPolicy.from_settings(Settings()))
    return asdict(report)


@task(name="resolve-relations", cache_policy=NO_CACHE, persist_result=False)
async def resolve_relations(dsn: str, pool_size: int) -> dict[str, int]:
    """Point links at their target entries where those exist now (earlier or this run)."""
    from aqea.store.relations import resolve_relations_parallel

    pool = await db_pool(dsn, pool_size)
    return await resolve_relations_parallel(pool, min(pool_size, os.cpu_count() or 1),
                                            RetryPolicy.from_settings(Settings()))
