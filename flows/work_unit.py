"""process_work_unit: one work unit of any source (aqea.unit_run), each batch stored by the upsert-batch task."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.asyncio import concurrency
from prefect.runtime import deployment, flow_run
from prefect.utilities.annotations import quote

from aqea.pipeline import BatchOutcome
from aqea.settings import Settings
from aqea.sources.base import ReadContext, WorkUnit
from aqea.sources.registry import load_source, typed_unit
from aqea.store.retry import RetryPolicy, retry_transient
from aqea.store.runs import Superseded, store_batch, unit_row_id
from aqea.unit_run import StoreRequest, run_unit
from flows.config import database_url
from flows.resources import DB_WRITERS_LIMIT, api_throttle, db_pool, parse_executor


# No Prefect retries: transient database errors are retried inside (store/retry.py), the rest would fail again.
@task(name="upsert-batch", cache_policy=NO_CACHE, persist_result=False)
async def upsert_batch(
    dsn: str, pool_size: int, unit_row: str, source: str, outcome: BatchOutcome, provenance: dict[str, Any],
    unchanged_entries: int = 0, checkpoint_key: str | None = None, pages_before: int | None = None,
    deployed: bool = False,
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
                record_keys=outcome.record_keys, unchanged_pages_entries=unchanged_entries,
                checkpoint_key=checkpoint_key, attempt=provenance.get("flow_run_id"), pages_before=pages_before,
                links=outcome.links, link_words=outcome.link_words,
            )

    try:
        async with _db_writer_slot(deployed):
            stored = await retry_transient(store_once, RetryPolicy.from_settings(Settings()),
                                           f"storing a batch of unit {unit_row}")
    except Superseded:
        return {"superseded": 1}  # not an error to retry: another attempt owns the unit now
    linked = {} if stored.links is None else {  # a link source's (ConceptNet): counted with the unit
        "links_new": stored.links.links_new, "links_restated": stored.links.links_restated,
        "words_created": stored.links.words_created, "words_merged": stored.links.words_merged}
    return {
        **linked,
        "pages": stored.pages, "text_bytes": stored.text_bytes, "entries": stored.entries,
        "new": stored.new, "updated": stored.updated, "unchanged": stored.unchanged,
        "deleted": stored.deleted, "rejected": stored.rejected,
        "realigned": stored.realigned, "views_removed": stored.views_removed,
        "db_ms": round(1000 * (time.perf_counter() - started)),  # the database's share of storing
    }


def _db_writer_slot(deployed: bool) -> contextlib.AbstractAsyncContextManager[Any]:
    """The global writer limit matters for many remote workers; a local run has one writer process, and
    asking the (SQLite-backed) local API for a slot per batch measurably slowed it down. ``deployed`` is read
    once per unit, in its flow: inside a task ``deployment.id`` asks the API for the flow run every time (a
    new client and TLS context each: py-spy found it at 7 % of a WordNet import's main process)."""
    if deployed:
        return concurrency(DB_WRITERS_LIMIT, occupy=1, strict=False)
    return contextlib.nullcontext()


def _provenance() -> dict[str, Any]:
    """Who wrote an entry: recorded in meta so per-worker / per-provider queries work."""
    return {
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "worker_id": os.environ.get("AQEA_WORKER_ID") or socket.gethostname(),
        "cloud_provider": os.environ.get("AQEA_CLOUD_PROVIDER", "local"),
    }


def _unit_run_name() -> str:
    unit = flow_run.parameters.get("unit")
    unit_id = unit.get("unit_id") if isinstance(unit, dict) else getattr(unit, "unit_id", "?")
    return f"unit {unit_id}"


@flow(name="process-work-unit", flow_run_name=_unit_run_name)
async def process_work_unit(
    unit: WorkUnit, run_id: str, source: str | None = None, max_pages: int | None = None
) -> dict[str, Any]:
    """Read the unit's records with its source, parse them in worker processes, upsert batch by batch.

    Resumes from the unit's checkpoint (records already stored; for sources read in key order also the last
    stored key). A source error (truncated dump, bad XML, API failure) keeps every record stored before it,
    is recorded, and fails this unit only. Records whose version is already stored are not parsed again.
    ``source`` is the unit's edition (kept for deployments started with it; the unit carries it).
    """
    unit = typed_unit(unit)
    settings = Settings()
    dsn = await database_url(settings)
    pool = await db_pool(dsn, settings.db_pool_size)
    row = unit_row_id(run_id, unit.unit_id)
    provenance = _provenance()
    deployed = bool(deployment.id)

    async def store(request: StoreRequest) -> dict[str, int]:
        return await upsert_batch(dsn, settings.db_pool_size, row, unit.edition, quote(request.outcome), provenance,
                                  unchanged_entries=request.unchanged_entries,
                                  checkpoint_key=request.checkpoint_label, pages_before=request.records_before,
                                  deployed=deployed)

    return await run_unit(
        load_source(unit.source), unit, pool=pool, settings=settings, row=row, attempt=provenance["flow_run_id"],
        executor=parse_executor(settings.parse_workers), store=store,
        context=ReadContext(settings, throttle=api_throttle), max_records=max_pages, logger=get_run_logger(),
    )
