"""process_work_unit: extract → convert → upsert one work unit in batches, checkpointed per batch."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from collections import Counter, deque
from collections.abc import AsyncIterator
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.asyncio import concurrency
from prefect.runtime import deployment, flow_run
from prefect.utilities.annotations import quote

from aqea.errors import AqeaError, DumpError
from aqea.model import Page, Rejection
from aqea.pipeline import PARSER_VERSION, BatchOutcome, process_pages
from aqea.settings import Settings
from aqea.sources.mediawiki import MediaWikiClient
from aqea.sources.units import api_batches, dump_batches, unit_id_of
from aqea.store.pages import stored_revisions
from aqea.store.retry import DatabaseUnavailable, RetryPolicy, retry_transient, with_connection
from aqea.store.runs import (
    Superseded,
    add_unit_counts,
    claim_unit,
    finish_unit,
    record_rejections,
    store_batch,
    unit_row_id,
)
from flows.config import database_url
from flows.resources import DB_WRITERS_LIMIT, api_client, db_pool, parse_executor


# No Prefect retries: transient database errors are retried inside (store/retry.py), the rest would fail again.
@task(name="upsert-batch", cache_policy=NO_CACHE, persist_result=False)
async def upsert_batch(
    dsn: str, pool_size: int, unit_row: str, source: str, outcome: BatchOutcome, provenance: dict[str, Any],
    unchanged_entries: int = 0, checkpoint_key: str | None = None, pages_before: int | None = None,
) -> dict[str, int]:
    """Store one parsed batch and advance the checkpoint atomically, as one transaction that is tried again
    (on a fresh connection) while the database is away; ``pages_before`` keeps a retry from counting twice.

    Deployed, it takes a slot of the ``aqea-db-writers`` global concurrency limit (``aqea prefect setup``),
    so many workers do not swamp the central database.
    """
    started = time.perf_counter()

    async def store_once() -> Any:
        pool = await db_pool(dsn, pool_size)
        async with pool.acquire() as conn:
            return await store_batch(
                conn, unit_row=unit_row, source=source, entries=outcome.entries, rejections=outcome.rejections,
                pages=outcome.pages, text_bytes=outcome.text_bytes, provenance=provenance,
                page_ids=outcome.page_ids, unchanged_pages_entries=unchanged_entries,
                checkpoint_key=checkpoint_key, attempt=provenance.get("flow_run_id"), pages_before=pages_before,
            )

    try:
        async with _db_writer_slot():
            stored = await retry_transient(store_once, RetryPolicy.from_settings(Settings()),
                                           f"storing a batch of unit {unit_row}")
    except Superseded:
        return {"superseded": 1}  # not an error to retry: another attempt owns the unit now
    return {
        "pages": stored.pages, "text_bytes": stored.text_bytes, "entries": stored.entries,
        "new": stored.new, "updated": stored.updated, "unchanged": stored.unchanged,
        "deleted": stored.deleted, "rejected": stored.rejected,
        "realigned": stored.realigned, "views_removed": stored.views_removed,
        "db_ms": round(1000 * (time.perf_counter() - started)),  # the database's share of storing
    }


def _db_writer_slot() -> contextlib.AbstractAsyncContextManager[Any]:
    """The global writer limit matters for many remote workers; a local run has one writer process, and
    asking the (SQLite-backed) local API for a slot per batch measurably slowed it down."""
    if deployment.id:
        return concurrency(DB_WRITERS_LIMIT, occupy=1, strict=False)
    return contextlib.nullcontext()


def _provenance() -> dict[str, Any]:
    """Who wrote an entry: recorded in meta so per-worker / per-provider queries work."""
    return {
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "worker_id": os.environ.get("AQEA_WORKER_ID") or socket.gethostname(),
        "cloud_provider": os.environ.get("AQEA_CLOUD_PROVIDER", "local"),
    }


async def _without_stored_revisions(
    pool: Any, source: str, batch: list[Page], retry: RetryPolicy
) -> tuple[list[Page], int, int, int]:
    """Drop pages whose revision is already stored by this parser version (e.g. after an API sync).

    Returns the pages to parse, and the skipped pages' count, text bytes and stored entries.
    """
    page_ids = [p.page_id for p in batch]
    stored = await with_connection(pool, lambda conn: stored_revisions(conn, source, page_ids, PARSER_VERSION),
                                   retry, "reading stored revisions")
    if not stored:
        return batch, 0, 0, 0
    todo, skipped, skipped_bytes, entries = [], 0, 0, 0
    for page in batch:
        known = stored.get(page.page_id)
        if known is not None and known[0] == page.revision_id:
            skipped += 1
            skipped_bytes += page.text_bytes
            entries += known[1]
        else:
            todo.append(page)
    return todo, skipped, skipped_bytes, entries


@flow(name="process-work-unit", flow_run_name="unit {unit[unit_id]}")
async def process_work_unit(
    unit: dict[str, Any], run_id: str, source: str, max_pages: int | None = None
) -> dict[str, Any]:
    """Read the unit's pages, parse them in worker processes, upsert batch by batch.

    Resumes from the unit's checkpoint (pages already stored; for API units also the last stored title).
    A source error (truncated dump, bad XML, API failure) keeps every page stored before it, is recorded,
    and fails this unit only. Pages whose revision is already stored are not parsed again.
    """
    logger = get_run_logger()
    settings = Settings()
    dsn = await database_url(settings)
    pool = await db_pool(dsn, settings.db_pool_size)
    unit_id = unit_id_of(unit)
    row = unit_row_id(run_id, unit_id)
    attempt = str(flow_run.id) if flow_run.id else None
    retry = RetryPolicy.from_settings(settings)
    try:
        checkpoint, checkpoint_key = await with_connection(pool, lambda conn: claim_unit(conn, row, attempt), retry,
                                                           f"claiming unit {unit_id}")
    except Superseded as exc:  # started late, after the parent moved the unit to another provider
        logger.warning("%s", exc)
        return {"unit_id": unit_id, "status": "superseded"}
    if checkpoint:
        logger.info("resuming unit %s after %d stored pages", unit_id, checkpoint)

    async with contextlib.AsyncExitStack() as stack:
        if unit["kind"] == "api":
            client: MediaWikiClient = await stack.enter_async_context(api_client(unit["api_url"], settings))
            remaining = None if max_pages is None else max(0, max_pages - checkpoint)
            batches: AsyncIterator[list[Page]] = api_batches(
                unit, client, after_title=checkpoint_key, max_pages=remaining, batch_pages=settings.batch_pages)
        else:
            batches = dump_batches(unit, skip_pages=checkpoint, max_pages=max_pages, batch_pages=settings.batch_pages)
        summary = await _process(batches, pool=pool, dsn=dsn, settings=settings, row=row, source=source,
                                 unit_id=unit_id, checkpoint=checkpoint,
                                 error_reason="api error" if unit["kind"] == "api" else "dump error")
    return summary


async def _process(
    batches: AsyncIterator[list[Page]], *, pool: Any, dsn: str, settings: Settings, row: str, source: str,
    unit_id: str, checkpoint: int, error_reason: str,
) -> dict[str, Any]:
    logger = get_run_logger()
    executor = parse_executor(settings.parse_workers)
    loop = asyncio.get_running_loop()
    provenance = _provenance()
    totals: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    unknown_pos: Counter[str] = Counter()
    # (parse future, pages skipped as already stored, their bytes, their entries, last title of the batch)
    in_flight: deque[tuple[asyncio.Future[BatchOutcome], int, int, int, str]] = deque()
    window = settings.parse_workers + 1  # keep every parser busy while the main process stores
    retry = RetryPolicy.from_settings(settings)
    stored_pages = checkpoint  # the unit's pages_processed as this writer knows it (see store_batch)
    error: str | None = None
    exhausted = False
    try:
        while True:
            while not exhausted and len(in_flight) < window:
                try:
                    batch = await anext(batches, None)
                except (DumpError, AqeaError) as exc:
                    error, exhausted = str(exc), True
                    break
                if batch is None:
                    exhausted = True
                    break
                todo, n_known, known_bytes, known_entries = await _without_stored_revisions(pool, source, batch,
                                                                                            retry)
                future = loop.run_in_executor(executor, process_pages, todo, source)
                in_flight.append((future, n_known, known_bytes, known_entries, batch[-1].title))
            if not in_flight:
                break
            future, n_known, known_bytes, known_entries, last_title = in_flight.popleft()
            waited = time.perf_counter()
            outcome = await future
            storing = time.perf_counter()
            outcome.pages += n_known
            outcome.text_bytes += known_bytes
            if n_known:
                outcome.skipped["unchanged revision"] += n_known
            skipped.update(outcome.skipped)
            unknown_pos.update(outcome.unknown_pos)
            stored = await upsert_batch(dsn, settings.db_pool_size, row, source, quote(outcome), provenance,
                                        unchanged_entries=known_entries, checkpoint_key=last_title,
                                        pages_before=stored_pages)
            if stored.get("superseded"):
                logger.warning("unit %s was moved to another attempt: this one stops", unit_id)
                return {"unit_id": unit_id, "status": "superseded", **dict(totals)}
            stored_pages += stored["pages"]
            timings["db_s"] += stored.pop("db_ms") / 1000
            totals.update(stored)
            # where the time goes: waiting for parsers (CPU-bound) vs storing (database-bound)
            timings["wait_parse_s"] += storing - waited
            timings["store_s"] += time.perf_counter() - storing
    except DatabaseUnavailable as exc:  # gone beyond the retry window: record the unit failed if it is back
        reason = str(exc)
        with contextlib.suppress(Exception):
            await with_connection(pool, lambda conn: finish_unit(conn, row, error=reason,
                                                                 attempt=provenance["flow_run_id"]),
                                  RetryPolicy(attempts=1), "recording the failed unit")
        raise
    finally:
        for future, *_ in in_flight:
            future.cancel()

    # what is not in the batch columns: kept with the unit, so its run's summary counts it even if it failed
    counts = {"skipped": dict(skipped), "unknown_pos": dict(unknown_pos), "realigned": totals["realigned"],
              "views_removed": totals["views_removed"], "timings": {k: round(v, 2) for k, v in timings.items()}}

    async def finish(conn: Any) -> None:
        async with conn.transaction():
            if error:
                await record_rejections(conn, [Rejection(source, f"<unit {unit_id}>", error_reason, error)], row)
            await add_unit_counts(conn, row, counts)
            await finish_unit(conn, row, error=error, attempt=provenance["flow_run_id"])

    if error:
        logger.error("unit %s: %s", unit_id, error)
    await with_connection(pool, finish, retry, f"finishing unit {unit_id}")
    summary = {
        "unit_id": unit_id, "status": "failed" if error else "completed", "error": error,
        "resumed_from": checkpoint, **dict(totals), "skipped": dict(skipped), "unknown_pos": dict(unknown_pos),
        "timings": counts["timings"],
    }
    if error:
        raise DumpError(f"unit {unit_id}: {error}")
    return summary
