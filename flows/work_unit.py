"""process_work_unit: extract → convert → upsert one work unit in batches, checkpointed per batch."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from aqea.errors import DumpError
from aqea.model import Rejection
from aqea.pipeline import BatchOutcome, batched, process_pages
from aqea.settings import Settings
from aqea.sources.dump import DumpUnit, iter_unit_pages
from aqea.store.db import resolve_dsn
from aqea.store.runs import claim_unit, finish_unit, record_rejections, store_batch, unit_row_id
from flows.resources import db_pool, parse_executor


@task(name="upsert-batch", retries=3, retry_delay_seconds=[1, 5, 15], cache_policy=NO_CACHE,
      persist_result=False)
async def upsert_batch(
    dsn: str, pool_size: int, unit_row: str, source: str, outcome: BatchOutcome, provenance: dict[str, Any]
) -> dict[str, int]:
    """Store one parsed batch and advance the checkpoint atomically; retried on transient DB errors."""
    pool = await db_pool(dsn, pool_size)
    async with pool.acquire() as conn:
        stored = await store_batch(
            conn, unit_row=unit_row, source=source, entries=outcome.entries, rejections=outcome.rejections,
            pages=outcome.pages, text_bytes=outcome.text_bytes, provenance=provenance,
        )
    return {
        "pages": stored.pages, "text_bytes": stored.text_bytes, "entries": stored.entries,
        "new": stored.new, "updated": stored.updated, "unchanged": stored.unchanged,
        "rejected": stored.rejected,
    }


def _provenance() -> dict[str, Any]:
    """Who wrote an entry: recorded in meta so per-worker / per-provider queries work."""
    return {
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "worker_id": os.environ.get("AQEA_WORKER_ID") or socket.gethostname(),
        "cloud_provider": os.environ.get("AQEA_CLOUD_PROVIDER", "local"),
    }


@flow(name="process-work-unit", flow_run_name="unit {unit[unit_id]}")
async def process_work_unit(
    unit: dict[str, Any], run_id: str, source: str, max_pages: int | None = None
) -> dict[str, Any]:
    """Read the unit's pages, parse them in worker processes, upsert batch by batch.

    Resumes from the unit's checkpoint (pages already stored). A dump error (truncation, bad XML)
    keeps every page stored before it, is recorded, and fails this unit only.
    """
    logger = get_run_logger()
    settings = Settings()
    dsn = resolve_dsn(settings)
    pool = await db_pool(dsn, settings.db_pool_size)
    dump_unit = DumpUnit.from_dict(unit)
    row = unit_row_id(run_id, dump_unit.unit_id)
    async with pool.acquire() as conn:
        checkpoint = await claim_unit(conn, row, str(flow_run.id) if flow_run.id else None)
    if checkpoint:
        logger.info("resuming unit %s after %d stored pages", dump_unit.unit_id, checkpoint)

    pages = iter_unit_pages(dump_unit, skip=checkpoint)
    if max_pages is not None:
        pages = itertools.islice(pages, max(0, max_pages - checkpoint))
    batches = batched(pages, settings.batch_pages)
    executor = parse_executor(settings.parse_workers)
    loop = asyncio.get_running_loop()
    provenance = _provenance()
    # One thread owns the page generator (lxml parser state), off the event loop: bz2 and lxml release the GIL.
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"read-{dump_unit.unit_id}")

    totals: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    unknown_pos: Counter[str] = Counter()
    in_flight: deque[asyncio.Future[BatchOutcome]] = deque()
    window = settings.parse_workers + 1  # keep every parser busy while the main process stores
    error: str | None = None
    exhausted = False
    try:
        while True:
            while not exhausted and len(in_flight) < window:
                try:
                    batch = await loop.run_in_executor(reader, next, batches, None)
                except DumpError as exc:
                    error, exhausted = str(exc), True
                    break
                if batch is None:
                    exhausted = True
                    break
                in_flight.append(loop.run_in_executor(executor, process_pages, batch, source))
            if not in_flight:
                break
            waited = time.perf_counter()
            outcome = await in_flight.popleft()
            storing = time.perf_counter()
            skipped.update(outcome.skipped)
            unknown_pos.update(outcome.unknown_pos)
            stored = await upsert_batch(dsn, settings.db_pool_size, row, source, quote(outcome), provenance)
            totals.update(stored)
            # where the time goes: waiting for parsers (CPU-bound) vs storing (database-bound)
            timings["wait_parse_s"] += storing - waited
            timings["store_s"] += time.perf_counter() - storing
    finally:
        for future in in_flight:
            future.cancel()
        reader.shutdown(wait=False)

    async with pool.acquire() as conn:
        if error:
            logger.error("unit %s: %s", dump_unit.unit_id, error)
            await record_rejections(
                conn, [Rejection(source, f"<dump unit {dump_unit.unit_id}>", "dump error", error)], row
            )
        await finish_unit(conn, row, error=error)
    summary = {
        "unit_id": dump_unit.unit_id, "status": "failed" if error else "completed", "error": error,
        "resumed_from": checkpoint, **dict(totals), "skipped": dict(skipped), "unknown_pos": dict(unknown_pos),
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }
    if error:
        raise DumpError(f"unit {dump_unit.unit_id}: {error}")
    return summary
